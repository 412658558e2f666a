package workflow_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/workflow"
)

// Issue 11: Mẫu 01 printed "Số điện thoại: Email:" blank for an online dossier whose
// applicant's account has no contacts; it prints those the application gives, and where the
// result is to be received.
func TestReceiptPrintsApplicantContacts(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	f := setup(t, dbtest.SQLite(t))
	ctx := context.Background()
	code := f.submit(t) // congdan's account has no phone or e-mail; the sample form's phone is 0912345678
	f.act(t, "tiepnhan", code, workflow.ActionInput{Action: "receive"})
	pdf, err := f.wf.ReceiptPDF(ctx, f.users["congdan"], code)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = strings.NewReader(string(pdf))
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Số điện thoại: 0912 345 678", "Nhận trực tuyến"} {
		if !strings.Contains(text, want) {
			t.Errorf("receipt lacks %q:\n%s", want, text)
		}
	}
}

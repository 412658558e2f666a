package app_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/esign/esigntest"
)

// TestBrowserVerifyResult: in a real browser, the signed result of an approved demo dossier is
// confirmed by the verification page, both by its QR code's address and by uploading the file
// on /xac-thuc (no script needed); an altered copy is not.
func TestBrowserVerifyResult(t *testing.T) {
	ctx := browser(t)
	a, base := apptest.Start(t, "sqlite")
	cit := login(t, base, "congdan")
	var sub struct{ Code string }
	cit.json("POST", "/api/v1/dossiers", khaiSinh(t, a, cit), 201, &sub)
	for _, s := range []struct{ who, action string }{{"tiepnhan", "receive"}, {"chuyenvien", "forward"}, {"lanhdao", "approve"}} {
		login(t, base, s.who).json("POST", "/api/v1/dossiers/"+sub.Code+"/actions", map[string]any{"action": s.action}, 200, nil)
	}
	status, pdf, _ := cit.do("GET", "/api/v1/dossiers/"+sub.Code+"/result.pdf", nil)
	if status != 200 {
		t.Fatalf("GET result.pdf = %d", status)
	}
	codes := esigntest.QRCodes(t, pdf)
	if len(codes) != 1 || !strings.HasPrefix(codes[0], base+"/xac-thuc/") {
		t.Fatalf("QR codes = %q", codes)
	}

	// The QR code's page.
	if err := chromedp.Do(ctx, chromedp.Navigate(codes[0]), chromedp.WaitVisible(chromedp.CSS(".notice-success"))); err != nil {
		t.Fatalf("the QR code's page: %v", err)
	}
	state, details := text(t, ctx, ".notice-title"), text(t, ctx, ".summary-list")
	if state != "Văn bản hợp lệ" || !strings.Contains(details, sub.Code) || !strings.Contains(details, "UBND Phường Hoàn Kiếm") {
		t.Errorf("the QR code's page says %q, %q", state, details)
	}
	screenshot(t, ctx, "verify-01-qr-page.png")

	// Uploading the file, then an altered copy.
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "ket-qua.pdf"), filepath.Join(dir, "ket-qua-sua.pdf")
	altered := append([]byte{}, pdf...)
	altered[len(altered)/3] ^= 1
	if os.WriteFile(good, pdf, 0o600) != nil || os.WriteFile(bad, altered, 0o600) != nil {
		t.Fatal("write the files")
	}
	for _, c := range []struct{ file, want string }{{good, "Văn bản hợp lệ"}, {bad, "Không xác thực được"}} {
		err := chromedp.Do(ctx, chromedp.Navigate(base+"/xac-thuc"), chromedp.WaitVisible(chromedp.CSS("#tep")),
			chromedp.SetUploadFiles(chromedp.CSS("#tep"), []string{c.file}),
			chromedp.Click(chromedp.CSS(`form[action="/xac-thuc"][method="post"] button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(".notice-title")))
		if err != nil {
			t.Fatalf("check %s: %v", filepath.Base(c.file), err)
		}
		state = text(t, ctx, ".notice-title")
		if state != c.want {
			t.Errorf("checking %s says %q; want %q", filepath.Base(c.file), state, c.want)
		}
	}
	screenshot(t, ctx, "verify-02-altered.png")
}

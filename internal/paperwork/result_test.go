package paperwork

import (
	"strings"
	"testing"
	"time"
)

func TestResultPDF(t *testing.T) {
	at := time.Date(2026, 11, 26, 10, 0, 0, 0, vietnam)
	r := Result{ParentAgency: "UBND THÀNH PHỐ HÀ NỘI", Agency: "UBND PHƯỜNG HOÀN KIẾM", Place: "Hà Nội",
		Code: "070.00.30.H26-261126-0001", Procedure: "Đăng ký khai sinh", ApplicantName: "Nguyễn Thị Hồng Nhung",
		ReceivedAt: at, DecidedAt: at.Add(2 * time.Hour), Outcome: "Đồng ý đăng ký khai sinh",
		Signer: Signatory{Name: "Phạm Văn Lãnh Đạo", Title: "CHỦ TỊCH"}, TrackURL: "https://x/tra-cuu?ma=1"}
	b, err := ResultPDF(r)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, b)), " ")
	for _, want := range []string{ResultTitle, r.Code, r.ApplicantName, "Đồng ý đăng ký khai sinh", "Phạm Văn Lãnh Đạo"} {
		if !strings.Contains(text, want) {
			t.Errorf("result PDF lacks %q", want)
		}
	}
	if _, err := ResultPDF(Result{}); err == nil {
		t.Error("an empty result was accepted")
	}
}

package paperwork

import (
	"strings"
	"testing"
	"time"
)

// TestSignOffOneSigner exercises the layout the single-signature slips (Mẫu 02–04) will use:
// the signer on the right half, the QR code on the left.
func TestSignOffOneSigner(t *testing.T) {
	at := time.Date(2026, 2, 3, 8, 0, 0, 0, vietnam)
	f := newForm(a5, at, "Phiếu thử", "000.00.00.H26-260203-0001")
	f.heading(heading{Parent: "UBND thành phố Hà Nội", Agency: []string{"UBND phường Ba Đình"}, Number: "15/PYCBS", Place: "Hà Nội", Date: at})
	f.title("PHIẾU THỬ")
	f.para(sizeBody, lineBody, span{"", "Nội dung: "}, span{"B", "thử bố cục một chữ ký"})
	url := "https://example.vn/tra-cuu?ma=000.00.00.H26-260203-0001"
	if err := f.signOff(url, "Quét mã để tra cứu", signer{Title: "NGƯỜI HƯỚNG DẪN", Hint: "(Ký và ghi rõ họ tên)", Name: "Lê Thị Ánh"}); err != nil {
		t.Fatalf("signOff: %v", err)
	}
	pdf, err := f.finish()
	if err != nil {
		t.Fatalf("finish: %v", err)
	}
	flat := squash(pdfText(t, pdf, "-layout"))
	for _, w := range []string{"UBND THÀNH PHỐ HÀ NỘI", "UBND PHƯỜNG BA ĐÌNH", "Số: 15/PYCBS",
		"Hà Nội, ngày 03 tháng 02 năm 2026", "PHIẾU THỬ", "NGƯỜI HƯỚNG DẪN", "Lê Thị Ánh", url} {
		if !strings.Contains(flat, w) {
			t.Errorf("pdftotext output lacks %q:\n%s", w, flat)
		}
	}
}

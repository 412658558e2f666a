package paperwork

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

// sampleSupplement asks, the morning after a marriage registration was filed, for what the
// dossier lacks.
func sampleSupplement() SupplementRequest {
	return SupplementRequest{
		ParentAgency:  "UBND THÀNH PHỐ HÀ NỘI",
		Agency:        "UBND PHƯỜNG HOÀN KIẾM",
		Place:         "Hà Nội",
		Code:          "070.00.30.H26-261126-0002",
		Procedure:     "Đăng ký kết hôn",
		ApplicantName: "Phạm Quốc Việt",
		LegalBasis:    "Luật Hộ tịch năm 2014 và Nghị định số 123/2015/NĐ-CP",
		ReceivedAt:    time.Date(2026, 11, 26, 10, 15, 0, 0, vietnam),
		RequestedAt:   time.Date(2026, 11, 27, 8, 30, 0, 0, vietnam),
		Items: []string{
			"Giấy xác nhận tình trạng hôn nhân của bên nữ (bản chính, còn thời hạn sử dụng)",
			"Bản sao trích lục ghi chú ly hôn của bên nam",
			"Tờ khai đăng ký kết hôn có đủ chữ ký của hai bên",
		},
		Reason:   "Giấy xác nhận tình trạng hôn nhân đã nộp cấp quá 06 tháng; tờ khai thiếu chữ ký của bên nữ.",
		Officer:  "Lê Thị Ánh",
		Contact:  "024 3825 1234",
		TrackURL: "https://dichvucong.hanoi.gov.vn/tra-cuu?ma=070.00.30.H26-261126-0002",
	}
}

func TestSupplementPDFText(t *testing.T) {
	s := sampleSupplement()
	s.ApplicantName = norm.NFD.String(s.ApplicantName)
	pdf, err := SupplementPDF(s)
	if err != nil {
		t.Fatalf("SupplementPDF: %v", err)
	}
	keep(t, "supplement.pdf", pdf)
	text := wantText(t, pdf, []string{"-layout"}, []string{
		"UBND THÀNH PHỐ HÀ NỘI",
		"UBND PHƯỜNG HOÀN KIẾM",
		"BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Hà Nội, ngày 27 tháng 11 năm 2026",
		"PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
		"Mã hồ sơ: 070.00.30.H26-261126-0002",
		"Hồ sơ của: Ông/Bà Phạm Quốc Việt",
		"Nội dung yêu cầu giải quyết: Đăng ký kết hôn",
		"Thời gian nhận hồ sơ: 10 giờ 15 phút, ngày 26/11/2026",
		"Sau khi nghiên cứu các quy định tại Luật Hộ tịch năm 2014 và Nghị định số 123/2015/NĐ-CP",
		"yêu cầu Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
		"1. Giấy xác nhận tình trạng hôn nhân của bên nữ",
		"2. Bản sao trích lục ghi chú ly hôn của bên nam",
		"3. Tờ khai đăng ký kết hôn có đủ chữ ký của hai bên",
		"Lý do: Giấy xác nhận tình trạng hôn nhân đã nộp cấp quá 06 tháng",
		"Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với Lê Thị Ánh, số điện thoại 024 3825 1234 để được hướng dẫn./.",
		"NGƯỜI HƯỚNG DẪN",
		"(Ký và ghi rõ họ tên)",
		"https://dichvucong.hanoi.gov.vn/tra-cuu?ma=070.00.30.H26-261126-0002",
		"Quét mã để tra cứu hồ sơ 070.00.30.H26-261126-0002",
	}, []string{"Trang 1/"})
	if n := pages(text); n != 1 {
		t.Errorf("pages = %d; want the sample on 1 A5 page", n)
	}
}

func TestSupplementPDFVariants(t *testing.T) {
	tests := []struct {
		name       string
		edit       func(*SupplementRequest)
		want, none []string
	}{
		{
			name: "optional fields empty are dotted or left out",
			edit: func(s *SupplementRequest) {
				s.ParentAgency, s.Place, s.LegalBasis, s.Reason, s.Officer, s.Contact, s.TrackURL = "", "", "", "", "", "", ""
			},
			want: []string{"…, ngày 27 tháng 11 năm 2026", "Sau khi nghiên cứu các quy định về thủ tục hành chính",
				"Lý do: ……………", "liên hệ với ……………, số điện thoại ……………"},
			none: []string{"Quét mã", "https://"},
		},
		{
			name: "a centre names no unit under it",
			edit: func(s *SupplementRequest) {
				s.Agency = "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm"
			},
			want: []string{"TRUNG TÂM PHỤC VỤ HÀNH CHÍNH"},
			none: []string{unitTitle},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sampleSupplement()
			tt.edit(&s)
			pdf, err := SupplementPDF(s)
			if err != nil {
				t.Fatalf("SupplementPDF: %v", err)
			}
			wantText(t, pdf, []string{"-layout"}, tt.want, tt.none)
		})
	}
}

func TestSupplementPDFLongListFlows(t *testing.T) {
	s := sampleSupplement()
	s.Items = nil
	for i := 1; i <= 30; i++ {
		s.Items = append(s.Items, fmt.Sprintf("Giấy tờ số %02d: bản sao có chứng thực giấy chứng nhận quyền sử dụng đất kèm sơ đồ thửa đất", i))
	}
	pdf, err := SupplementPDF(s)
	if err != nil {
		t.Fatalf("SupplementPDF: %v", err)
	}
	text := wantText(t, pdf, []string{"-layout"}, []string{"1. Giấy tờ số 01:", "30. Giấy tờ số 30:"}, nil)
	if pages(text) < 2 {
		t.Fatalf("pages = %d; want 30 items to run onto a second page", pages(text))
	}
	wantFooters(t, text, "Mã hồ sơ 070.00.30.H26-261126-0002")
	last := text[strings.LastIndex(strings.TrimSuffix(text, "\f"), "\f")+1:]
	if !strings.Contains(last, "NGƯỜI HƯỚNG DẪN") {
		t.Errorf("last page lacks the signature")
	}
}

func TestSupplementPDFInvalid(t *testing.T) {
	testInvalid(t, SupplementPDF, sampleSupplement, []invalid[SupplementRequest]{
		{"no code", func(s *SupplementRequest) { s.Code = "" }, []string{"code"}},
		{"no agency", func(s *SupplementRequest) { s.Agency = "  " }, []string{"agency"}},
		{"no procedure", func(s *SupplementRequest) { s.Procedure = "" }, []string{"procedure"}},
		{"no applicant", func(s *SupplementRequest) { s.ApplicantName = "" }, []string{"applicant_name"}},
		{"no receipt time", func(s *SupplementRequest) { s.ReceivedAt = time.Time{} }, []string{"received_at"}},
		{"no request date", func(s *SupplementRequest) { s.RequestedAt = time.Time{} }, []string{"requested_at"}},
		{"request before receipt", func(s *SupplementRequest) { s.RequestedAt = s.ReceivedAt.Add(-time.Hour) }, []string{"requested_at"}},
		{"nothing to supplement", func(s *SupplementRequest) { s.Items = nil }, []string{"items"}},
		{"blank item", func(s *SupplementRequest) { s.Items[1] = "\t" }, []string{"items[1]"}},
		{"everything missing", func(s *SupplementRequest) { *s = SupplementRequest{} },
			[]string{"code", "agency", "procedure", "applicant_name", "received_at", "requested_at", "items"}},
	})
}

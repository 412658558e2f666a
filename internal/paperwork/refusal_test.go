package paperwork

import (
	"testing"
	"time"
)

// sampleRefusal is a household business registration refused at the counter: it was never
// received, so it has no code.
func sampleRefusal() Refusal {
	return Refusal{
		ParentAgency:  "UBND THÀNH PHỐ HÀ NỘI",
		Agency:        "UBND PHƯỜNG BA ĐÌNH",
		Place:         "Hà Nội",
		Procedure:     "Đăng ký thành lập hộ kinh doanh",
		ApplicantName: "Đỗ Thị Thu Hà",
		At:            time.Date(2026, 2, 5, 14, 40, 0, 0, vietnam),
		Reasons: []string{
			"Ngành, nghề đăng ký kinh doanh (kinh doanh dịch vụ cầm đồ) thuộc ngành, nghề kinh doanh có điều kiện mà hộ kinh doanh chưa đáp ứng.",
			"Địa điểm kinh doanh thuộc khu vực không được phép kinh doanh theo quy hoạch của phường.",
		},
		Stage:    AtReception,
		Officer:  "Nguyễn Văn Bình",
		TrackURL: "https://dichvucong.hanoi.gov.vn/tra-cuu",
	}
}

// sampleSettlementRefusal is a construction permit refused by the agency that examined it.
func sampleSettlementRefusal() Refusal {
	r := sampleRefusal()
	r.Agency = "Phòng Kinh tế, Hạ tầng và Đô thị phường Ba Đình"
	r.Code = "070.00.31.H26-260120-0007"
	r.Procedure = "Cấp giấy phép xây dựng nhà ở riêng lẻ"
	r.Reasons = []string{"Công trình vi phạm chỉ giới xây dựng theo quy hoạch chi tiết tỷ lệ 1/500 đã được phê duyệt."}
	r.Stage = AtSettlement
	r.Officer = "Hoàng Minh Tuấn"
	r.TrackURL = "https://dichvucong.hanoi.gov.vn/tra-cuu?ma=070.00.31.H26-260120-0007"
	return r
}

func TestRefusalPDFText(t *testing.T) {
	tests := []struct {
		name       string
		refusal    Refusal
		want, none []string
	}{
		{
			name:    "at reception",
			refusal: sampleRefusal(),
			want: []string{
				"UBND THÀNH PHỐ HÀ NỘI", "UBND PHƯỜNG BA ĐÌNH", unitTitle,
				"Hà Nội, ngày 05 tháng 02 năm 2026",
				"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
				"Bộ phận tiếp nhận và trả kết quả: UBND PHƯỜNG BA ĐÌNH",
				"Tiếp nhận hồ sơ của: Ông/Bà Đỗ Thị Thu Hà",
				"Nội dung yêu cầu giải quyết: Đăng ký thành lập hộ kinh doanh",
				"Qua xem xét, Bộ phận tiếp nhận và trả kết quả thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
				"1. Ngành, nghề đăng ký kinh doanh",
				"2. Địa điểm kinh doanh thuộc khu vực không được phép kinh doanh",
				"Xin thông báo cho Ông/Bà được biết và thực hiện./.",
				"NGƯỜI TIẾP NHẬN HỒ SƠ", "Nguyễn Văn Bình",
				"Quét mã để tra cứu",
			},
			// Never received, so no code: neither under the title nor in the caption.
			none: []string{"Mã hồ sơ", "tra cứu hồ sơ", "NGƯỜI GIẢI QUYẾT"},
		},
		{
			name:    "at settlement",
			refusal: sampleSettlementRefusal(),
			want: []string{
				"PHÒNG KINH TẾ, HẠ TẦNG VÀ ĐÔ THỊ",
				"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
				"Mã hồ sơ: 070.00.31.H26-260120-0007",
				"Cơ quan giải quyết hồ sơ: Phòng Kinh tế, Hạ tầng và Đô thị phường Ba Đình",
				"Hồ sơ của: Ông/Bà Đỗ Thị Thu Hà",
				"Nội dung yêu cầu giải quyết: Cấp giấy phép xây dựng nhà ở riêng lẻ",
				"Qua xem xét, Phòng Kinh tế, Hạ tầng và Đô thị phường Ba Đình thông báo không giải quyết hồ sơ này với lý do cụ thể như sau:",
				"1. Công trình vi phạm chỉ giới xây dựng",
				"NGƯỜI GIẢI QUYẾT HỒ SƠ", "Hoàng Minh Tuấn",
				"Quét mã để tra cứu hồ sơ 070.00.31.H26-260120-0007",
			},
			none: []string{unitTitle, "không tiếp nhận", "Tiếp nhận hồ sơ của"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf, err := RefusalPDF(tt.refusal)
			if err != nil {
				t.Fatalf("RefusalPDF: %v", err)
			}
			keep(t, "refusal-"+string(tt.refusal.Stage)+".pdf", pdf)
			if text := wantText(t, pdf, []string{"-layout"}, tt.want, tt.none); pages(text) != 1 {
				t.Errorf("pages = %d; want 1", pages(text))
			}
		})
	}
}

func TestRefusalPDFInvalid(t *testing.T) {
	testInvalid(t, RefusalPDF, sampleRefusal, []invalid[Refusal]{
		{"no agency", func(r *Refusal) { r.Agency = "" }, []string{"agency"}},
		{"no procedure", func(r *Refusal) { r.Procedure = "" }, []string{"procedure"}},
		{"no applicant", func(r *Refusal) { r.ApplicantName = "" }, []string{"applicant_name"}},
		{"no date", func(r *Refusal) { r.At = time.Time{} }, []string{"at"}},
		{"no reason", func(r *Refusal) { r.Reasons = []string{} }, []string{"reasons"}},
		{"blank reason", func(r *Refusal) { r.Reasons[0] = " " }, []string{"reasons[0]"}},
		{"no stage", func(r *Refusal) { r.Stage = "" }, []string{"stage"}},
		{"unknown stage", func(r *Refusal) { r.Stage = "approval" }, []string{"stage"}},
		{"settlement without code", func(r *Refusal) { r.Stage = AtSettlement }, []string{"code"}},
		{"everything missing", func(r *Refusal) { *r = Refusal{} },
			[]string{"agency", "procedure", "applicant_name", "at", "reasons", "stage"}},
	})
}

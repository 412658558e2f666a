package paperwork

import (
	"testing"
	"time"
)

// sampleApology reschedules, two days before it is due, a land registration waiting for a
// survey.
func sampleApology() Apology {
	return Apology{
		ParentAgency:  "UBND THÀNH PHỐ HÀ NỘI",
		Agency:        "UBND phường Hoàn Kiếm",
		Place:         "Hà Nội",
		Code:          "070.00.30.H26-261126-0003",
		Procedure:     "Đăng ký biến động quyền sử dụng đất",
		ApplicantName: "Vũ Thị Ngọc Ánh",
		ReceivedAt:    time.Date(2026, 11, 26, 9, 5, 0, 0, vietnam),
		DueAt:         time.Date(2026, 12, 10, 16, 30, 0, 0, vietnam),
		NewDueAt:      time.Date(2026, 12, 17, 16, 30, 0, 0, vietnam),
		Reason:        "cần đo đạc, xác minh lại ranh giới thửa đất với các hộ liền kề.",
		At:            time.Date(2026, 12, 8, 15, 0, 0, 0, vietnam),
		Signer:        Signatory{Name: "Ngô Văn Hải", Title: "PHÓ CHỦ TỊCH", Authority: "KT. CHỦ TỊCH"},
		TrackURL:      "https://dichvucong.hanoi.gov.vn/tra-cuu?ma=070.00.30.H26-261126-0003",
	}
}

func TestApologyPDFText(t *testing.T) {
	pdf, err := ApologyPDF(sampleApology())
	if err != nil {
		t.Fatalf("ApologyPDF: %v", err)
	}
	keep(t, "apology.pdf", pdf)
	text := wantText(t, pdf, []string{"-layout"}, []string{
		"UBND THÀNH PHỐ HÀ NỘI",
		"UBND PHƯỜNG HOÀN KIẾM",
		"Hà Nội, ngày 08 tháng 12 năm 2026",
		"PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
		"Mã hồ sơ: 070.00.30.H26-261126-0003",
		"Kính gửi: Ông/Bà Vũ Thị Ngọc Ánh",
		"Ngày 26/11/2026, UBND phường Hoàn Kiếm tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính Đăng ký biến động quyền sử dụng đất của Ông/Bà, mã hồ sơ 070.00.30.H26-261126-0003.",
		"Thời gian hẹn trả kết quả giải quyết hồ sơ: 16 giờ 30 phút, ngày 10/12/2026",
		"Tuy nhiên đến nay, UBND phường Hoàn Kiếm chưa trả kết quả giải quyết hồ sơ của Ông/Bà đúng thời gian đã hẹn, với lý do: cần đo đạc, xác minh lại ranh giới",
		"Sự chậm trễ này đã gây phiền hà cho Ông/Bà. UBND phường Hoàn Kiếm xin lỗi Ông/Bà và hẹn lại thời gian trả kết quả giải quyết hồ sơ vào: 16 giờ 30 phút, ngày 17/12/2026.",
		"Xin trân trọng cảm ơn./.",
		"KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "(Ký, ghi rõ họ tên và đóng dấu)", "Ngô Văn Hải",
		"Quét mã để tra cứu hồ sơ 070.00.30.H26-261126-0003",
	}, []string{unitTitle})
	if pages(text) != 1 {
		t.Errorf("pages = %d; want 1", pages(text))
	}
}

func TestApologyPDFInvalid(t *testing.T) {
	testInvalid(t, ApologyPDF, sampleApology, []invalid[Apology]{
		{"no code", func(a *Apology) { a.Code = "" }, []string{"code"}},
		{"no agency", func(a *Apology) { a.Agency = "" }, []string{"agency"}},
		{"no procedure", func(a *Apology) { a.Procedure = "" }, []string{"procedure"}},
		{"no applicant", func(a *Apology) { a.ApplicantName = "" }, []string{"applicant_name"}},
		{"no receipt time", func(a *Apology) { a.ReceivedAt = time.Time{} }, []string{"received_at"}},
		{"no due time", func(a *Apology) { a.DueAt = time.Time{} }, []string{"due_at"}},
		{"no new due time", func(a *Apology) { a.NewDueAt = time.Time{} }, []string{"new_due_at"}},
		{"no date", func(a *Apology) { a.At = time.Time{} }, []string{"at"}},
		{"no reason", func(a *Apology) { a.Reason = "" }, []string{"reason"}},
		{"no signer title", func(a *Apology) { a.Signer.Title = "" }, []string{"signer.title"}},
		{"due before receipt", func(a *Apology) { a.DueAt = a.ReceivedAt.Add(-time.Hour) }, []string{"due_at"}},
		{"new due not later", func(a *Apology) { a.NewDueAt = a.DueAt }, []string{"new_due_at"}},
		{"letter before receipt", func(a *Apology) { a.At = a.ReceivedAt.Add(-time.Hour) }, []string{"at"}},
		{"letter after the new date", func(a *Apology) { a.At = a.NewDueAt.Add(time.Hour) }, []string{"new_due_at"}},
		{"everything missing", func(a *Apology) { *a = Apology{} }, []string{"code", "agency", "procedure",
			"applicant_name", "received_at", "due_at", "new_due_at", "at", "reason", "signer.title"}},
	})
}

package paperwork

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// sampleControl is the control slip of a birth registration after three handovers, with two
// blank rows left to fill in by hand.
func sampleControl() ControlSlip {
	return ControlSlip{
		ParentAgency:  "UBND THÀNH PHỐ HÀ NỘI",
		Agency:        "UBND PHƯỜNG HOÀN KIẾM",
		Place:         "Hà Nội",
		Code:          "070.00.30.H26-261126-0001",
		Procedure:     "Đăng ký khai sinh",
		ApplicantName: "Nguyễn Thị Hồng Nhung",
		ReceivedAt:    time.Date(2026, 11, 26, 9, 5, 0, 0, vietnam),
		DueAt:         time.Date(2026, 12, 1, 16, 30, 0, 0, vietnam),
		Handler:       "Công chức Tư pháp - Hộ tịch, UBND phường Hoàn Kiếm",
		Steps: []ControlStep{
			{From: "Trần Văn Đặng, Bộ phận Một cửa", To: "Lê Minh Châu, Tư pháp - Hộ tịch",
				At: time.Date(2026, 11, 26, 10, 0, 0, 0, vietnam), Due: time.Date(2026, 11, 30, 17, 0, 0, 0, vietnam), Result: "đúng hạn"},
			{From: "Lê Minh Châu, Tư pháp - Hộ tịch", To: "Nguyễn Thị Lan, Phó Chủ tịch",
				At: time.Date(2026, 11, 30, 15, 20, 0, 0, vietnam), Due: time.Date(2026, 12, 1, 10, 0, 0, 0, vietnam), Result: Early},
			{From: "Nguyễn Thị Lan, Phó Chủ tịch", To: "Trần Văn Đặng, Bộ phận Một cửa",
				At: time.Date(2026, 12, 1, 9, 40, 0, 0, vietnam), Note: "Đã ký số"},
		},
		BlankRows: 2,
	}
}

func TestControlSlipPDFText(t *testing.T) {
	pdf, err := ControlSlipPDF(sampleControl())
	if err != nil {
		t.Fatalf("ControlSlipPDF: %v", err)
	}
	keep(t, "control.pdf", pdf)
	text := wantText(t, pdf, []string{"-layout"}, []string{
		"UBND THÀNH PHỐ HÀ NỘI", "UBND PHƯỜNG HOÀN KIẾM", unitTitle,
		"Hà Nội, ngày 26 tháng 11 năm 2026",
		"PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
		"Mã hồ sơ: 070.00.30.H26-261126-0001",
		"Kèm theo hồ sơ của: Ông/Bà Nguyễn Thị Hồng Nhung",
		"Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
		"Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 26/11/2026",
		"Thời gian hẹn trả kết quả: 16 giờ 30 phút, ngày 01/12/2026",
		"Cơ quan (bộ phận) giải quyết hồ sơ: Công chức Tư pháp - Hộ tịch, UBND phường Hoàn Kiếm",
		"Cơ quan phối hợp giải quyết hồ sơ: ……………",
		"TÊN CƠ QUAN, ĐƠN VỊ", "THỜI GIAN GIAO, NHẬN HỒ SƠ", "KẾT QUẢ GIẢI QUYẾT", "GHI CHÚ",
		"Người giao", "Người nhận",
		"Trường hợp hồ sơ được chuyển qua dịch vụ bưu chính",
	}, []string{"Số: "})
	if pages(text) != 1 {
		t.Errorf("pages = %d; want 1", pages(text))
	}
	// The cells wrap, so their texts are read in the order they are drawn, cell by cell (-raw).
	wantText(t, pdf, []string{"-raw"}, []string{
		"1. Giao: Trần Văn Đặng, Bộ phận Một cửa",
		"2. Nhận: Lê Minh Châu, Tư pháp - Hộ tịch",
		"10 giờ 00 phút, ngày 26/11/2026",
		"15 giờ 20 phút, ngày 30/11/2026",
		"09 giờ 40 phút, ngày 01/12/2026",
		"Đúng hạn", // "đúng hạn" as the form writes it
		"Trước hạn",
		"(hạn 30/11/2026", "17:00)",
		"Đã ký số",
		"1. Giao: ……………", // a blank row
	}, nil)
	if n := strings.Count(squash(text), "Người giao"); n != 5 {
		t.Errorf("%d handover cells; want 3 steps and 2 blank rows", n)
	}
}

func TestControlSlipPDFManySteps(t *testing.T) {
	c := sampleControl()
	c.Steps = nil
	for i := range 14 {
		c.Steps = append(c.Steps, ControlStep{
			From: fmt.Sprintf("Cán bộ %02d, Phòng Kinh tế, Hạ tầng và Đô thị", i+1),
			To:   fmt.Sprintf("Cán bộ %02d, Phòng Kinh tế, Hạ tầng và Đô thị", i+2),
			At:   c.ReceivedAt.Add(time.Duration(i) * time.Hour), Result: OnTime})
	}
	pdf, err := ControlSlipPDF(c)
	if err != nil {
		t.Fatalf("ControlSlipPDF: %v", err)
	}
	keep(t, "control-long.pdf", pdf)
	text := wantText(t, pdf, []string{"-layout"}, nil, nil)
	if pages(text) < 2 {
		t.Fatalf("pages = %d; want 14 steps to run onto a second page", pages(text))
	}
	if n := strings.Count(squash(text), "THỜI GIAN GIAO, NHẬN HỒ SƠ"); n != pages(text) {
		t.Errorf("table header printed %d times on %d pages; want it on every page", n, pages(text))
	}
	wantFooters(t, text, "Mã hồ sơ 070.00.30.H26-261126-0001")
	wantText(t, pdf, []string{"-raw"}, []string{"Cán bộ 01,", "Cán bộ 15,"}, nil)
}

func TestControlSlipPDFInvalid(t *testing.T) {
	testInvalid(t, ControlSlipPDF, sampleControl, []invalid[ControlSlip]{
		{"no code", func(c *ControlSlip) { c.Code = "" }, []string{"code"}},
		{"no agency", func(c *ControlSlip) { c.Agency = "" }, []string{"agency"}},
		{"no procedure", func(c *ControlSlip) { c.Procedure = "" }, []string{"procedure"}},
		{"no applicant", func(c *ControlSlip) { c.ApplicantName = "" }, []string{"applicant_name"}},
		{"no receipt time", func(c *ControlSlip) { c.ReceivedAt = time.Time{} }, []string{"received_at"}},
		{"no due time", func(c *ControlSlip) { c.DueAt = time.Time{} }, []string{"due_at"}},
		{"due before receipt", func(c *ControlSlip) { c.DueAt = c.ReceivedAt.Add(-time.Hour) }, []string{"due_at"}},
		{"no rows", func(c *ControlSlip) { c.Steps, c.BlankRows = nil, 0 }, []string{"steps"}},
		{"negative blank rows", func(c *ControlSlip) { c.BlankRows = -1 }, []string{"blank_rows"}},
		{"too many blank rows", func(c *ControlSlip) { c.BlankRows = maxBlankRows + 1 }, []string{"blank_rows"}},
		{"step without giver", func(c *ControlSlip) { c.Steps[1].From = "" }, []string{"steps[1].from"}},
		{"step without receiver", func(c *ControlSlip) { c.Steps[2].To = "" }, []string{"steps[2].to"}},
		{"step without time", func(c *ControlSlip) { c.Steps[0].At = time.Time{} }, []string{"steps[0].at"}},
		{"step before receipt", func(c *ControlSlip) { c.Steps[0].At = c.ReceivedAt.Add(-time.Minute) }, []string{"steps[0].at"}},
		{"steps out of order", func(c *ControlSlip) { c.Steps[2].At = c.Steps[1].At.Add(-time.Minute) }, []string{"steps[2].at"}},
		{"deadline before handover", func(c *ControlSlip) { c.Steps[1].Due = c.Steps[1].At.Add(-time.Hour) }, []string{"steps[1].due"}},
		{"unknown result", func(c *ControlSlip) { c.Steps[0].Result = "Tốt" }, []string{"steps[0].result"}},
		{"only blank rows is fine but not a blank step", func(c *ControlSlip) { c.Steps = []ControlStep{{}} },
			[]string{"steps[0].from", "steps[0].to", "steps[0].at"}},
	})
}

func TestControlSlipPDFBlankOnly(t *testing.T) {
	c := sampleControl()
	c.Steps, c.BlankRows = nil, 4
	pdf, err := ControlSlipPDF(c)
	if err != nil {
		t.Fatalf("ControlSlipPDF: %v", err)
	}
	text := wantText(t, pdf, []string{"-layout"}, []string{"…… giờ …… phút, ngày …/…/……"}, nil)
	if n := strings.Count(squash(text), "Người nhận"); n != 4 {
		t.Errorf("%d handover cells; want the 4 blank rows", n)
	}
}

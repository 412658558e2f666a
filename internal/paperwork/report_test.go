package paperwork

import (
	"fmt"
	"testing"
	"time"
)

// The monthly report prints its title, the month, the targets and the figures it is given, in
// Vietnamese number style, and runs a long agency table onto a second page.
func TestMonthlyReportPDF(t *testing.T) {
	r := MonthlyReport{
		Issuer: "UBND THÀNH PHỐ HÀ NỘI", Place: "Hà Nội", Year: 2026, Month: 11,
		Generated:  time.Date(2026, 12, 2, 8, 0, 0, 0, vietnam),
		Procedures: 1500, Full: 600, Partial: 700, None: 200,
		Targets: []ReportTarget{{Name: "Dịch vụ công trực tuyến toàn trình", Target: 0.3, Actual: 0.4, Met: true},
			{Name: "Dịch vụ công trực tuyến (mức độ 3, 4)", Target: 1, Actual: 0.8667}},
		City:    ReportFigures{Received: 12345, Settled: 10000, OnTime: 9750, Late: 250, InProgress: 2345, Overdue: 12, OnlineRatio: 0.6, OnTimeRatio: 0.975},
		TopLate: []ReportAgency{{Name: "Sở Xây dựng", ReportFigures: ReportFigures{Late: 200, Settled: 1000, OnTimeRatio: 0.8}}},
	}
	for i := range 40 {
		r.Agencies = append(r.Agencies, ReportAgency{Name: fmt.Sprintf("UBND phường số %d", i+1), ReportFigures: ReportFigures{Received: 1234, Settled: 100, OnTime: 99, Late: 1, OnTimeRatio: 0.99}})
	}
	pdf, err := MonthlyReportPDF(r)
	if err != nil {
		t.Fatalf("MonthlyReportPDF: %v", err)
	}
	keep(t, "monthly_report.pdf", pdf)
	text := wantText(t, pdf, []string{"-layout"}, []string{
		"UBND THÀNH PHỐ HÀ NỘI", MonthlyReportTitle, "Tháng 11 năm 2026", "Hà Nội, ngày 02 tháng 12 năm 2026",
		"Thủ tục hành chính đang có hiệu lực: 1.500; trực tuyến toàn trình: 600; trực tuyến một phần: 700; chưa trực tuyến: 200.",
		"Dịch vụ công trực tuyến toàn trình 30% 40% Đạt", "86,7% Chưa đạt",
		"Tiếp nhận 12.345 hồ sơ (trực tuyến 60%); đã giải quyết 10.000 hồ sơ, trong đó đúng hạn 9.750, trễ hạn 250 (tỷ lệ đúng hạn 97,5%)",
		"UBND phường số 40 1.234 100 99 1 0 0 0% 99%",
		"1 Sở Xây dựng 200 1.000 80%",
		"Báo cáo tháng 11 năm 2026 – Trang 1/2",
	}, nil)
	if pages(text) != 2 {
		t.Errorf("pages = %d; want 2", pages(text))
	}
	if _, err := MonthlyReportPDF(MonthlyReport{Year: 2026, Month: 13}); err == nil {
		t.Error("month 13: no error")
	}
}

package paperwork

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/vntext"
)

// ReportFigures are the dossier figures of one agency, or of the city, over a month (the
// figures of internal/report, CONTRACT.md "## Reports"); ratios are 0–1.
type ReportFigures struct {
	Received, Settled, OnTime, Late, InProgress, Overdue int64
	OnlineRatio, OnTimeRatio                             float64
	// The rates: digitised and reusing data (of the received), paid online (of those owing a
	// fee), satisfied (of the settled and evaluated, Evaluated of them).
	DigitisedRatio, ReuseRatio, PaymentRatio, SatisfactionRatio float64
	Evaluated                                                   int64
}

// ReportAgency is one agency's line of the monthly report.
type ReportAgency struct {
	Name string
	ReportFigures
}

// ReportTarget is one of the city's service-level targets against its actual ratio (0–1).
type ReportTarget struct {
	Name           string
	Target, Actual float64
	Met            bool
}

// MonthlyReport is the content of the monthly report to the steering committee's meeting
// (issue 13): the service levels against the city's targets, the dossier figures city-wide
// and per agency, and the agencies with the most dossiers settled late. It is a plain
// struct so that paperwork knows nothing of how the figures are computed (internal/report).
type MonthlyReport struct {
	Issuer    string    // e.g. "UBND THÀNH PHỐ HÀ NỘI"
	Place     string    // for the date line, e.g. "Hà Nội"
	Year      int       // the month reported on
	Month     int       // 1–12
	Generated time.Time // the date of the report; the same report gives the same bytes
	// Service levels of the procedures in force: counts and the targets.
	Procedures, Full, Partial, None int
	Targets                         []ReportTarget
	City                            ReportFigures
	Agencies                        []ReportAgency // every agency with a figure, in the order to print
	TopLate                         []ReportAgency // the agencies with the most late settlements, most first
}

// MonthlyReportTitle is the report's title as printed.
const MonthlyReportTitle = "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"

// pct writes a ratio (0–1) as a Vietnamese percentage, one decimal with a comma: 97,5%.
func pct(r float64) string {
	s := fmt.Sprintf("%.1f", math.Round(r*1000)/10)
	return strings.Replace(strings.TrimSuffix(s, ".0"), ".", ",", 1) + "%"
}

func num64(n int64) string { return vntext.Thousands(n) }

// MonthlyReportPDF lays out r on A4 landscape and returns the PDF: the heading, the title and
// the month, the service levels against the targets, the city's dossier figures, the table per
// agency (running onto further pages under its header) and the agencies most often late.
func MonthlyReportPDF(r MonthlyReport) ([]byte, error) {
	if r.Month < 1 || r.Month > 12 || r.Year < 2000 || r.Year > 9999 {
		return nil, fmt.Errorf("paperwork: monthly report: month %d/%d out of range", r.Month, r.Year)
	}
	cleanAll(&r.Issuer, &r.Place)
	month := fmt.Sprintf("tháng %02d năm %d", r.Month, r.Year)
	f := newForm(a4Landscape, r.Generated.In(vietnam), "Báo cáo tình hình giải quyết thủ tục hành chính "+month, "")
	f.heading(heading{Agency: []string{r.Issuer}, NoNumber: true, Place: r.Place, Date: r.Generated})
	f.title(MonthlyReportTitle, span{"B", strings.ToUpper(month[:1]) + month[1:]})

	section := func(s string) {
		f.keep(20)
		f.pdf.Ln(2)
		f.font("B", sizeBody+1)
		f.pdf.MultiCell(0, 5.5, s, "", "L", false)
		f.pdf.Ln(1)
	}
	w := f.width()

	section("1. Mức độ cung cấp dịch vụ công trực tuyến")
	f.para(sizeBody+0.5, lineBody, span{"", fmt.Sprintf("Thủ tục hành chính đang có hiệu lực: %s; trực tuyến toàn trình: %s; trực tuyến một phần: %s; chưa trực tuyến: %s.",
		num64(int64(r.Procedures)), num64(int64(r.Full)), num64(int64(r.Partial)), num64(int64(r.None)))})
	if len(r.Targets) > 0 {
		f.pdf.Ln(1)
		t := f.table(slipTable, []column{{w: w * 0.55, align: "L"}, {w: w * 0.15, align: "R"}, {w: w * 0.15, align: "R"}, {w: w * 0.15, align: "C"}},
			[]head{{"CHỈ TIÊU", 0, 1, 0, 1, ""}, {"MỤC TIÊU", 1, 1, 0, 1, ""}, {"THỰC HIỆN", 2, 1, 0, 1, ""}, {"ĐÁNH GIÁ", 3, 1, 0, 1, ""}})
		for _, tg := range r.Targets {
			met := "Chưa đạt"
			if tg.Met {
				met = "Đạt"
			}
			t.row(tg.Name, pct(tg.Target), pct(tg.Actual), met)
		}
	}

	c := r.City
	section("2. Tình hình tiếp nhận, giải quyết hồ sơ toàn thành phố")
	f.para(sizeBody+0.5, lineBody, span{"", fmt.Sprintf("Tiếp nhận %s hồ sơ (trực tuyến %s); đã giải quyết %s hồ sơ, trong đó đúng hạn %s, trễ hạn %s (tỷ lệ đúng hạn %s); đang giải quyết %s hồ sơ, trong đó quá hạn %s.",
		num64(c.Received), pct(c.OnlineRatio), num64(c.Settled), num64(c.OnTime), num64(c.Late), pct(c.OnTimeRatio), num64(c.InProgress), num64(c.Overdue))})
	f.para(sizeBody+0.5, lineBody, span{"", fmt.Sprintf("Tỷ lệ hồ sơ được số hóa %s, tái sử dụng dữ liệu %s; tỷ lệ thanh toán trực tuyến phí, lệ phí %s; tỷ lệ hài lòng %s (trên %s lượt đánh giá).",
		pct(c.DigitisedRatio), pct(c.ReuseRatio), pct(c.PaymentRatio), pct(c.SatisfactionRatio), num64(c.Evaluated))})

	section("3. Kết quả theo cơ quan")
	cols := []column{{w: w * 0.28, align: "L"}}
	for range 8 {
		cols = append(cols, column{w: w * 0.09, align: "R"})
	}
	heads := []head{{"CƠ QUAN", 0, 1, 0, 1, ""}, {"Tiếp nhận", 1, 1, 0, 1, ""}, {"Đã giải quyết", 2, 1, 0, 1, ""},
		{"Đúng hạn", 3, 1, 0, 1, ""}, {"Trễ hạn", 4, 1, 0, 1, ""}, {"Đang giải quyết", 5, 1, 0, 1, ""},
		{"Quá hạn", 6, 1, 0, 1, ""}, {"Tỷ lệ trực tuyến", 7, 1, 0, 1, ""}, {"Tỷ lệ đúng hạn", 8, 1, 0, 1, ""}}
	t := f.table(slipTable, cols, heads)
	for _, a := range r.Agencies {
		t.row(a.Name, num64(a.Received), num64(a.Settled), num64(a.OnTime), num64(a.Late), num64(a.InProgress),
			num64(a.Overdue), pct(a.OnlineRatio), pct(a.OnTimeRatio))
	}
	if len(r.Agencies) == 0 {
		f.para(sizeBody, lineBody, span{"I", "Không có hồ sơ trong tháng."})
	}

	section("4. Cơ quan có nhiều hồ sơ trễ hạn nhất")
	if len(r.TopLate) == 0 {
		f.para(sizeBody+0.5, lineBody, span{"I", "Không có hồ sơ giải quyết trễ hạn trong tháng."})
	} else {
		t := f.table(slipTable, []column{{w: w * 0.06, align: "C"}, {w: w * 0.49, align: "L"}, {w: w * 0.15, align: "R"}, {w: w * 0.15, align: "R"}, {w: w * 0.15, align: "R"}},
			[]head{{"STT", 0, 1, 0, 1, ""}, {"CƠ QUAN", 1, 1, 0, 1, ""}, {"Trễ hạn", 2, 1, 0, 1, ""}, {"Đã giải quyết", 3, 1, 0, 1, ""}, {"Tỷ lệ đúng hạn", 4, 1, 0, 1, ""}})
		for i, a := range r.TopLate {
			t.row(fmt.Sprint(i+1), a.Name, num64(a.Late), num64(a.Settled), pct(a.OnTimeRatio))
		}
	}
	f.footer = "Báo cáo " + month
	return f.finish()
}

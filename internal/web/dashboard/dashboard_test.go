package dashboard

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/tabular"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/webtest"
)

// now is 2026-11-20 10:00 in Hà Nội: the default period is 2026-11-01 to 2026-11-20.
var now = time.Date(2026, 11, 20, 10, 0, 0, 0, vnZone)

type fixture struct {
	*webtest.Demo
	h *Handler
}

func setup(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{}
	clock := func() time.Time { return now }
	f.Demo = webtest.NewDemo(t, func(site *web.Site, d *webtest.Demo) ([]webtest.Routes, error) {
		rep := report.New(report.Deps{DB: d.DB, Catalog: d.Catalog, Org: d.Org, Now: clock})
		var err error
		f.h, err = New(site, Deps{Reports: rep, Org: d.Org, Now: clock})
		return []webtest.Routes{f.h}, err
	})
	f.seed(t)
	return f
}

func at(day, hm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", "2026-11-"+day+" "+hm, vnZone)
	if err != nil {
		panic(err)
	}
	return t
}

func tp(t time.Time) *time.Time { return &t }

// seed stores six dossiers in November 2026, from which every figure below is computed by hand:
//
//	00070 (UBND phường Hoàn Kiếm): 4 received (3 online); 2 settled, 1 on time, 1 late;
//	  2 in progress, 1 of them overdue on the 20th.  Online 75%, on time 50%.
//	CATP: 2 received (1 online), 2 settled on time.  Online 50%, on time 100%.
//	City: 6 received, 4 settled, 3 on time, 1 late, 2 in progress, 1 overdue; online 66,7%, on time 75%.
//
// The rates: the online dossiers and T-02 (scanned at the counter) are digitised, none reuses
// data; T-01's fee is paid online and T-05's unpaid; T-01 is evaluated satisfied, T-06 not
// (a criterion scored 0).
//
//	00070: digitised 4 of 4, reuse 0%; 1 fee, paid online 100%; 1 evaluation, satisfied 100%.
//	CATP: digitised 1 of 2 (50%), reuse 0%; 1 fee, paid online 0%; 1 evaluation, satisfied 0%.
//	City: digitised 5 of 6 (83,3%), reuse 0%; 2 fees, paid online 50%; 2 evaluations, satisfied 50%.
func (f *fixture) seed(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	p, err := f.Catalog.Current(ctx, "1.004194")
	if err != nil {
		t.Fatal(err)
	}
	rows := []struct {
		agency, channel string
		status          dossier.Status
		submitted       time.Time
		due, finished   *time.Time
	}{
		{"00070", "online", dossier.StatusDone, at("02", "09:00"), tp(at("10", "17:00")), tp(at("05", "10:00"))},
		{"00070", "counter", dossier.StatusDone, at("03", "09:00"), tp(at("06", "17:00")), tp(at("09", "10:00"))},
		{"00070", "online", dossier.StatusProcessing, at("04", "09:00"), tp(at("12", "17:00")), nil},
		{"00070", "online", dossier.StatusProcessing, at("18", "09:00"), tp(at("25", "17:00")), nil},
		{"CATP", "online", dossier.StatusDone, at("05", "09:00"), tp(at("15", "17:00")), tp(at("14", "10:00"))},
		{"CATP", "counter", dossier.StatusDone, at("06", "09:00"), tp(at("10", "17:00")), tp(at("10", "09:00"))},
	}
	for i, r := range rows {
		a, err := f.Org.Agency(ctx, r.agency)
		if err != nil {
			t.Fatal(err)
		}
		digitised := r.channel == "online" || i == 1
		_, err = f.DB.Exec(ctx, `INSERT INTO dossiers (code, procedure_code, procedure_version, agency_id, applicant_name, channel,
			status, status_code, form, submitted_at, due_at, finished_at, supplements, updated_at, digitised)
			VALUES (?, ?, ?, ?, 'Nguyễn Văn An', ?, ?, ?, '{}', ?, ?, ?, 0, ?, ?)`,
			fmt.Sprintf("T-%02d", i+1), p.Code, p.Version, a.ID, r.channel, string(r.status), r.status.Code(),
			r.submitted, r.due, r.finished, r.submitted, map[bool]int{false: 0, true: 1}[digitised])
		if err != nil {
			t.Fatalf("dossier %d: %v", i+1, err)
		}
	}
	for _, q := range []string{
		`INSERT INTO invoices (id, kind, ref, payee, amount_vnd, status, payment_id, created_at) VALUES ('I-01', 'fee', 'T-01', '00070', 7000, 'paid', 'PAY-01', '2026-11-02 02:00:00')`,
		`INSERT INTO invoices (id, kind, ref, payee, amount_vnd, status, created_at) VALUES ('I-05', 'fee', 'T-05', 'CATP', 200000, 'unpaid', '2026-11-05 02:00:00')`,
		`INSERT INTO evaluations (dossier_id, scores, created_at) SELECT id, '{"a":2,"b":1}', finished_at FROM dossiers WHERE code = 'T-01'`,
		`INSERT INTO evaluations (dossier_id, scores, created_at) SELECT id, '{"a":2,"b":0}', finished_at FROM dossiers WHERE code = 'T-06'`,
	} {
		if _, err := f.DB.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
}

var (
	rowRe  = regexp.MustCompile(`(?s)<td data-agency="([^"]*)"><span lang="vi">([^<]*)</span></td>(.*?)</tr>`)
	cellRe = regexp.MustCompile(`class="num">([^<]*)<`)
)

// tableRows reads the figures of each row of a page's agency table, by agency code ("" for the
// total), as the page writes them.
func tableRows(body string) map[string][]string { return tableByID(body, "agency-table") }

// tableByID reads the rows of the table with id, as tableRows.
func tableByID(body, id string) map[string][]string {
	out := map[string][]string{}
	if i := strings.Index(body, `<table class="table table-stack" id="`+id+`"`); i >= 0 {
		body = body[i:]
		body = body[:strings.Index(body, "</table>")]
	} else {
		return out
	}
	for _, m := range rowRe.FindAllStringSubmatch(body, -1) {
		var cells []string
		for _, c := range cellRe.FindAllStringSubmatch(m[3], -1) {
			cells = append(cells, c[1])
		}
		out[m[1]] = cells
	}
	return out
}

// Hand-computed rows of the agency table: received, settled, on time, late, in progress,
// overdue, online ratio, on-time ratio.
var (
	ward  = []string{"4", "2", "1", "1", "2", "1", "75%", "50%"}
	catp  = []string{"2", "2", "2", "0", "0", "0", "50%", "100%"}
	total = []string{"6", "4", "3", "1", "2", "1", "66,7%", "75%"}
)

func wantRow(t *testing.T, rows map[string][]string, code string, want []string) {
	t.Helper()
	if got := strings.Join(rows[code], " | "); got != strings.Join(want, " | ") {
		t.Errorf("row %q = %s; want %s", code, got, strings.Join(want, " | "))
	}
}

// An administrator sees the whole city: every agency's figures, the total, the charts beside
// the tables, the links to the other reports and the exports.
func TestDashboardAdmin(t *testing.T) {
	f := setup(t)
	b := f.Browser(t)
	b.SignIn("admin")
	body := b.Page(HomePath, http.StatusOK)
	rows := tableRows(body)
	wantRow(t, rows, "00070", ward)
	wantRow(t, rows, "CATP", catp)
	wantRow(t, rows, "", total)
	// The rates: digitised, reuse, fees, paid online, evaluations, satisfied (seed's comment).
	rates := tableByID(body, "rates-table")
	wantRow(t, rates, "00070", []string{"100%", "0%", "1", "100%", "1", "100%"})
	wantRow(t, rates, "CATP", []string{"50%", "0%", "1", "0%", "1", "0%"})
	wantRow(t, rates, "", []string{"83,3%", "0%", "2", "50%", "2", "50%"})
	webtest.MustContain(t, "dashboard", body, "Báo cáo điều hành", `role="img"`, "Tỷ lệ giải quyết đúng hạn theo cơ quan, từ 01/11/2026 đến 20/11/2026",
		IndicatorsPath, ReviewPath, "/bao-cao/thang.pdf?month=2026-11", `format=xlsx`, `format=csv`, `<select id="agency"`,
		"Mức độ cung cấp dịch vụ công trực tuyến", "Tiến độ theo tháng", "11/2026")
	if n := strings.Count(body, "<svg"); n != 3 {
		t.Errorf("%d charts; want 3 (levels, progress, agencies)", n)
	}
	// One agency, chosen in the select.
	rows = tableRows(b.Page(HomePath+"?agency=CATP", http.StatusOK))
	wantRow(t, rows, "CATP", catp)
	wantRow(t, rows, "", catp)
	if _, ok := rows["00070"]; ok {
		t.Error("agency=CATP shows 00070's row")
	}
	// An unknown agency is the form's error.
	res, body := b.Get(HomePath + "?agency=NOPE")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(webtest.ErrorSummary(body), "Chọn cơ quan trong danh sách.") {
		t.Errorf("agency=NOPE = %d, summary %q; want 422 and the agency's message", res.StatusCode, webtest.ErrorSummary(body))
	}
}

// An agency's officer sees their own agency only, whatever the query asks; a citizen is
// refused, and an anonymous visitor is sent to sign in.
func TestDashboardRoles(t *testing.T) {
	f := setup(t)
	for _, name := range []string{"lanhdao", "tiepnhan", "chuyenvien"} {
		b := f.Browser(t)
		b.SignIn(name)
		body := b.Page(HomePath+"?agency=CATP", http.StatusOK)
		rows := tableRows(body)
		wantRow(t, rows, "00070", ward)
		wantRow(t, rows, "", ward)
		if _, ok := rows["CATP"]; ok || strings.Contains(body, `<select id="agency"`) {
			t.Errorf("%s sees another agency or the agency select", name)
		}
	}
	for _, name := range []string{"congdan", "ketoan"} {
		b := f.Browser(t)
		b.SignIn(name)
		for _, path := range []string{HomePath, HomePath + "?format=csv", MonthlyPDFPath + "?month=2026-11"} {
			if res, _ := b.Get(path); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s GET %s = %d; want 403", name, path, res.StatusCode)
			}
		}
	}
	res, _ := f.Browser(t).Get(HomePath + "?format=xlsx")
	webtest.Location(t, res, http.StatusSeeOther, "/dang-nhap?")
}

// The exports hold the same figures as the page's table: XLSX opened with excelize, CSV with its
// header of the CONTRACT's keys.
func TestDashboardExports(t *testing.T) {
	f := setup(t)
	b := f.Browser(t)
	b.SignIn("admin")
	res, body := b.Get(HomePath + "?format=xlsx")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != xlsxType {
		t.Fatalf("xlsx = %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	x, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatalf("the export is not a workbook: %v", err)
	}
	got, err := x.GetRows(tabular.SheetData, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"agency_code", "agency_name", "received", "settled", "settled_on_time", "settled_late", "in_progress", "overdue", "online_ratio", "on_time_ratio"},
		{"00070", "", "4", "2", "1", "1", "2", "1", "0.75", "0.5"},
		{"CATP", "", "2", "2", "2", "0", "0", "0", "0.5", "1"},
	}
	if len(got) != len(want) {
		t.Fatalf("xlsx rows = %v; want %d rows", got, len(want))
	}
	for i := range want {
		for j := range want[i] {
			if j == 1 && i > 0 {
				continue // the name, checked on the page
			}
			if got[i][j] != want[i][j] {
				t.Errorf("xlsx row %d col %s = %q; want %q", i, want[0][j], got[i][j], want[i][j])
			}
		}
	}
	res, body = b.Get(HomePath + "?format=csv&from=2026-11-01&to=2026-11-20")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(body, "\ufeffagency_code,agency_name,received,settled,settled_on_time,settled_late,in_progress,overdue,online_ratio,on_time_ratio,online,digitised,digitised_ratio,reused,reuse_ratio,fees,paid_online,online_payment_ratio,evaluated,satisfied,satisfaction_ratio\n") {
		t.Errorf("csv = %d %q", res.StatusCode, body[:min(len(body), 200)])
	}
	if !strings.Contains(body, "\n00070,UBND Phường Hoàn Kiếm,4,2,1,1,2,1,0.75,0.5,3,4,1,0,0,1,1,1,1,1,1\n") {
		t.Errorf("csv lacks 00070's figures:\n%s", body)
	}
	res, body = b.Get(HomePath + "?table=progress&format=csv")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(body, "\ufeffmonth,total,full,partial,none,online_ratio,full_ratio") || strings.Count(body, "\n") != progressMonths+1 {
		t.Errorf("progress csv = %d %q", res.StatusCode, body)
	}
	res, body = b.Get(HomePath + "?table=levels&format=csv")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(body, "\ufeffkey,name,target,actual,met\n") {
		t.Errorf("levels csv = %d %q", res.StatusCode, body)
	}
	if res, _ := b.Get(HomePath + "?format=pdf"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("format=pdf = %d; want 422", res.StatusCode)
	}
}

// Bad dates come back to the form, the error summary in Vietnamese naming the field and
// linking to its box.
func TestDashboardBadDates(t *testing.T) {
	f := setup(t)
	b := f.Browser(t)
	b.SignIn("admin")
	for _, c := range []struct{ query, link, text string }{
		{"from-day=31&from-month=2&from-year=2026", `href="#from"`, "Từ ngày"},
		{"from-day=1&from-month=13&from-year=2026", `href="#from-month"`, "Từ ngày"},
		{"from=2026-11-10&to=2026-11-01", `href="#to"`, "Ngày cuối kỳ không được trước ngày đầu kỳ."},
		{"from=2026-11-10&to=2026-11-01&format=xlsx", `href="#to"`, "Ngày cuối kỳ không được trước ngày đầu kỳ."},
	} {
		res, body := b.Get(HomePath + "?" + c.query)
		sum := webtest.ErrorSummary(body)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, c.link) || !strings.Contains(sum, c.text) {
			t.Errorf("%s = %d, summary %q; want 422, a link %s and %q", c.query, res.StatusCode, sum, c.link, c.text)
		}
		webtest.CheckHTML(t, c.query, body)
	}
	res, body := b.Get(PublicPath + "?to-day=x&to-month=1&to-year=2026")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(webtest.ErrorSummary(body), "Đến ngày") {
		t.Errorf("public bad date = %d, summary %q", res.StatusCode, webtest.ErrorSummary(body))
	}
}

// The public page needs no sign-in: every agency's on-time rate, its chart and its exports.
func TestTransparency(t *testing.T) {
	f := setup(t)
	b := f.Browser(t)
	body := b.Page(PublicPath, http.StatusOK)
	rows := tableByID(body, "public-table")
	for code, want := range map[string][]string{"00070": {"4", "2", "1", "50%"}, "CATP": {"2", "2", "2", "100%"}, "": {"6", "4", "3", "75%"}} {
		wantRow(t, rows, code, want)
	}
	webtest.MustContain(t, "public page", body, "Công khai kết quả giải quyết thủ tục hành chính", `role="img"`, "format=xlsx")
	res, xb := b.Get(PublicPath + "?from=2026-11-01&to=2026-11-30&format=xlsx")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("public xlsx = %d", res.StatusCode)
	}
	x, err := excelize.OpenReader(strings.NewReader(xb))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := x.GetRows(tabular.SheetData, excelize.Options{RawCellValue: true})
	if len(got) != 3 || strings.Join(got[0], ",") != "agency_code,agency_name,received,settled,settled_on_time,on_time_ratio" ||
		got[1][0] != "00070" || strings.Join(got[1][2:], ",") != "4,2,1,0.5" {
		t.Errorf("public xlsx rows = %v", got)
	}
}

// The monthly report is a PDF with the Vietnamese title, the month and the figures.
func TestMonthlyPDF(t *testing.T) {
	f := setup(t)
	b := f.Browser(t)
	b.SignIn("admin")
	res, body := b.Get(MonthlyPDFPath + "?month=2026-11")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("pdf = %d %s\n%s", res.StatusCode, res.Header.Get("Content-Type"), body[:min(200, len(body))])
	}
	text := pdfText(t, []byte(body))
	for _, w := range []string{"ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "Hà Nội, ngày 20 tháng 11 năm 2026", "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", "Tháng 11 năm 2026",
		"Tiếp nhận 6 hồ sơ (trực tuyến 66,7%); đã giải quyết 4 hồ sơ, trong đó đúng hạn 3, trễ hạn 1 (tỷ lệ đúng hạn 75%)",
		"UBND Phường Hoàn Kiếm 4 2 1 1 2 1 75% 50%", "1 UBND Phường Hoàn Kiếm 1 2 50%",
		"Tỷ lệ hồ sơ được số hóa 83,3%, tái sử dụng dữ liệu 0%", "tỷ lệ hài lòng 50% (trên 2 lượt đánh giá)"} {
		if !strings.Contains(text, w) {
			t.Errorf("pdf text lacks %q:\n%s", w, text)
		}
	}
	for _, q := range []string{"?month=2026-13", "?month=2027-01", "?month=x"} {
		if res, _ := b.Get(MonthlyPDFPath + q); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("pdf%s = %d; want 422", q, res.StatusCode)
		}
	}
}

// pdfText runs pdftotext -layout on pdf and returns its text on one line; the test skips when
// pdftotext is missing unless MOTCUA_REQUIRE_PDFTOTEXT=1 (CI).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("MOTCUA_REQUIRE_PDFTOTEXT") == "1" {
			t.Fatal("pdftotext not found and MOTCUA_REQUIRE_PDFTOTEXT=1: install poppler-utils")
		}
		t.Skip("pdftotext not found: install poppler-utils to check the PDF's text")
	}
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-layout", in, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(bytes.ToValidUTF8(out, nil))), " ")
}

func TestMessages(t *testing.T) {
	f := setup(t)
	webtest.CheckMessages(t, ".", i18n.MustLoad(embedded, "messages"), f.h.Messages())
}

func TestCityPlace(t *testing.T) {
	for name, want := range map[string]string{
		"Ủy ban nhân dân thành phố Hà Nội": "Hà Nội", "UBND Thành phố Huế": "Huế", "Ủy ban nhân dân tỉnh Lào Cai": "Lào Cai", "Sở Tư pháp": "",
	} {
		if got := cityPlace(name); got != want {
			t.Errorf("cityPlace(%q) = %q; want %q", name, got, want)
		}
	}
}

package portal

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/motcua/motcua/internal/calendar"
)

// dayCellOf is one rendered day of a month grid.
type dayCellOf struct {
	class, lunar, text string
}

// monthCells parses the month grid with id "thang-<month>" and returns its days by day number.
func monthCells(t *testing.T, body string, month int) map[int]dayCellOf {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	table := find(doc, func(n *html.Node) bool { return n.Data == "table" && attr(n, "id") == "thang-"+strconv.Itoa(month) })
	if table == nil {
		t.Fatalf("no month grid thang-%d", month)
	}
	cells := map[int]dayCellOf{}
	for _, td := range findAll(table, func(n *html.Node) bool { return n.Data == "td" }) {
		d := find(td, func(n *html.Node) bool { return n.Data == "span" && attr(n, "class") == "d" })
		if d == nil {
			continue // blank cell
		}
		day, err := strconv.Atoi(textOf(d))
		if err != nil {
			t.Fatalf("day cell %q: %v", textOf(d), err)
		}
		l := find(td, func(n *html.Node) bool { return n.Data == "span" && attr(n, "class") == "l" })
		lunar := ""
		for c := l.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				lunar += c.Data
			}
		}
		cells[day] = dayCellOf{class: attr(td, "class"), lunar: lunar, text: textOf(td)}
	}
	return cells
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func find(n *html.Node, match func(*html.Node) bool) *html.Node {
	if all := findAll(n, match); len(all) > 0 {
		return all[0]
	}
	return nil
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func TestCalendarPage(t *testing.T) {
	f := newFixture(t)
	type want struct {
		title, caption, tet, off, work, kind string
		tetRange                             []string
	}
	for lang, w := range map[string]want{
		"vi": {"Lịch làm việc năm 2026", "Tháng 2 năm 2026", "Nghỉ Tết Âm lịch Bính Ngọ 2026", "Ngày nghỉ", "Ngày làm việc",
			"Theo lịch nghỉ chính thức của năm", []string{"14/02/2026", "22/02/2026", "9 ngày"}},
		"en": {"Working calendar 2026", "February 2026", "Lunar New Year 2026 holiday", "Day off", "Working day",
			"Official schedule for the year", []string{"14/02/2026", "22/02/2026", "9 days"}},
	} {
		target := "/lich?year=2026&lang=" + lang
		res, body := f.do(t, "GET", target, nil)
		if res.StatusCode != 200 {
			t.Fatalf("GET %s = %d\n%s", target, res.StatusCode, body)
		}
		checkHTML(t, target, body)
		if m := missingKeyRe.FindString(body); m != "" {
			t.Errorf("GET %s: untranslated message %s", target, m)
		}
		for _, s := range append([]string{
			`<html lang="` + lang + `">`, "<h1>" + w.title + "</h1>", "<caption>" + w.caption + "</caption>", w.tet, w.kind,
			`href="/lich?year=2025" rel="prev"`, `href="/lich?year=2027" rel="next"`, `<link rel="prev" href="/lich?year=2025">`,
			`<label for="year"`, `<time datetime="2026-02-14">`, `<time datetime="2026-02-22">`,
		}, w.tetRange...) {
			if !strings.Contains(body, s) {
				t.Errorf("GET %s: missing %q", target, s)
			}
		}
		if n := strings.Count(body, `<table class="cal"`); n != 12 {
			t.Errorf("GET %s: %d month grids; want 12", target, n)
		}
		if n := strings.Count(body, `<th scope="col"`); n < 12*7 {
			t.Errorf("GET %s: %d column headers; want at least 84", target, n)
		}

		feb := monthCells(t, body, 2)
		if len(feb) != 28 {
			t.Errorf("GET %s: February 2026 has %d days; want 28", target, len(feb))
		}
		for d := 14; d <= 22; d++ {
			c := feb[d]
			if c.class != "off" || !strings.Contains(c.text, w.off) || !strings.Contains(c.text, "★") {
				t.Errorf("GET %s: 2026-02-%d = %+v; want a day off, marked ★ and %q", target, d, c, w.off)
			}
		}
		if c := feb[23]; c.class != "" || strings.Contains(c.text, w.off) {
			t.Errorf("GET %s: 2026-02-23 = %+v; want an ordinary working Monday", target, c)
		}
		if c := feb[17]; c.lunar != "1/1" {
			t.Errorf("GET %s: lunar date of 2026-02-17 = %q; want 1/1 (Tết)", target, c.lunar)
		}
		if c := feb[1]; c.lunar != "14/12" || c.class != "we" {
			t.Errorf("GET %s: 2026-02-01 = %+v; want lunar 14/12 (first cell names the month), a Sunday", target, c)
		}
		if c := feb[18]; c.lunar != "2" {
			t.Errorf("GET %s: lunar date of 2026-02-18 = %q; want 2", target, c.lunar)
		}
		jan := monthCells(t, body, 1)
		if c := jan[10]; c.class != "work" || !strings.Contains(c.text, w.work) || !strings.Contains(c.text, "◆") {
			t.Errorf("GET %s: Saturday 2026-01-10 = %+v; want a working day in lieu", target, c)
		}
		if c := jan[3]; c.class != "off" {
			t.Errorf("GET %s: Saturday 2026-01-03 in the New Year break = %+v; want off", target, c)
		}
	}
	// A leap month shows its mark: 2025 has a leap 6th month from 25 July.
	_, body := f.do(t, "GET", "/lich?year=2025", nil)
	if c := monthCells(t, body, 7)[25]; c.lunar != "1/6" || !strings.Contains(c.text, "N") {
		t.Errorf("2025-07-25 = %+v; want 1/6 with the leap mark", c)
	}
	if !strings.Contains(body, `<abbr title="tháng nhuận">N</abbr>`) {
		t.Errorf("no leap-month abbreviation in 2025")
	}
}

func TestCalendarDefaultYear(t *testing.T) {
	f := newFixture(t)
	// 31 Dec 2026 18:30 UTC is already 1 January 2027 in Hà Nội.
	f.h.now = func() time.Time { return time.Date(2026, 12, 31, 18, 30, 0, 0, time.UTC) }
	res, body := f.do(t, "GET", "/lich", nil)
	if res.StatusCode != 200 || !strings.Contains(body, "<h1>Lịch làm việc năm 2027</h1>") {
		t.Fatalf("GET /lich = %d; want the 2027 calendar", res.StatusCode)
	}
	if c := monthCells(t, body, 1)[1]; c.class != "off today" || !strings.Contains(c.text, "Hôm nay") {
		t.Errorf("1 Jan 2027 = %+v; want today, a day off", c)
	}
	if strings.Count(body, `aria-current="date"`) != 1 {
		t.Errorf("want exactly one cell marked as today")
	}
	// The nav and footer link the calendar from every page.
	_, body = f.do(t, "GET", "/", nil)
	if strings.Count(body, `href="/lich"`) != 2 {
		t.Errorf("home page: want the calendar in the header and the footer")
	}
	for _, y := range []struct {
		year       string
		prev, next bool
	}{{"1900", false, true}, {"2199", true, false}} {
		res, body := f.do(t, "GET", "/lich?year="+y.year, nil)
		if res.StatusCode != 200 {
			t.Errorf("GET /lich?year=%s = %d; want 200", y.year, res.StatusCode)
		}
		if strings.Contains(body, `rel="prev"`) != y.prev || strings.Contains(body, `rel="next"`) != y.next {
			t.Errorf("GET /lich?year=%s: prev %v, next %v links; want %v, %v", y.year,
				strings.Contains(body, `rel="prev"`), strings.Contains(body, `rel="next"`), y.prev, y.next)
		}
	}
}

func TestCalendarBadYear(t *testing.T) {
	f := newFixture(t)
	for _, q := range []string{"abc", "1899", "2200", "20261", "-2026", "2026.5", "%FF", "2026%00", "<script>"} {
		for _, lang := range []string{"vi", "en"} {
			target := "/lich?year=" + q + "&lang=" + lang
			res, body := f.do(t, "GET", target, nil)
			if res.StatusCode != http.StatusBadRequest {
				t.Errorf("GET %s = %d; want 400", target, res.StatusCode)
				continue
			}
			msg := map[string]string{"vi": "Năm phải là một số từ 1900 đến 2199", "en": "The year must be a number from 1900 to 2199"}[lang]
			if !strings.Contains(body, `class="error-summary"`) || !strings.Contains(body, `<a href="#year">`+msg) ||
				!strings.Contains(body, `id="year-error"`) {
				t.Errorf("GET %s: no error summary linking #year with %q", target, msg)
			}
			if strings.Contains(body, `<table class="cal"`) || strings.Contains(body, "<script>") {
				t.Errorf("GET %s: grids shown or input echoed unescaped", target)
			}
			checkHTML(t, target, body)
		}
	}
}

// signIn signs in through the form and returns the Cookie header of the session.
func (f *fixture) signIn(t *testing.T, username, password string) string {
	t.Helper()
	return f.srv.SignIn(t, username, password)
}

// TestCalendarShowsOverrides checks that the public calendar shows an administrator's
// overrides, and marks their Vietnamese text on the English page.
func TestCalendarShowsOverrides(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	admin := calendar.Actor{Username: "admin", Admin: true}
	for _, in := range []calendar.OverrideInput{
		{Date: "2027-02-12", Kind: "day_off", Name: "Thông báo 12/TB-UBND"},
		{Date: "2027-02-20", Kind: "working_day", Name: "Làm bù"},
	} {
		if _, err := f.calendar.SetOverride(ctx, admin, in); err != nil {
			t.Fatalf("SetOverride(%s): %v", in.Date, err)
		}
	}
	_, body := f.do(t, "GET", "/lich?year=2027", nil)
	feb := monthCells(t, body, 2)
	if feb[12].class != "off" || feb[20].class != "work" || feb[19].class != "" {
		t.Errorf("2027 calendar: 12 Feb %+v, 20 Feb %+v, 19 Feb %+v; want off, work, ordinary", feb[12], feb[20], feb[19])
	}
	if !strings.Contains(body, "Điều chỉnh theo thông báo") || !strings.Contains(body, "Thông báo 12/TB-UBND") {
		t.Errorf("2027 list lacks the override")
	}
	_, body = f.do(t, "GET", "/lich?year=2027&lang=en", nil)
	if !strings.Contains(body, `<span lang="vi">Thông báo 12/TB-UBND</span>`) {
		t.Errorf("English list does not mark the administrator's Vietnamese text")
	}
}

func TestAgencyFilter(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		query     string
		status    int
		has, lack []string
	}{
		{"agency=STP", 200, []string{`href="/thu-tuc/2.000815"`}, []string{`href="/thu-tuc/1.001193"`, `href="/thu-tuc/1.001612"`}},
		{"agency=00004", 200, []string{`href="/thu-tuc/1.001193"`, `href="/thu-tuc/1.001612"`}, []string{`href="/thu-tuc/2.000815"`}},
		{"agency=00010", 200, []string{`href="/thu-tuc/1.001193"`}, []string{`href="/thu-tuc/1.001612"`, `href="/thu-tuc/2.000815"`}},
		{"agency=00010&q=ho+kinh+doanh", 200, []string{"Không tìm thấy thủ tục nào phù hợp."}, nil},
		{"agency=UBTP", 200, []string{`<option value="UBTP" selected>`}, nil},
		{"agency=NOPE", 400, []string{`<a href="#agency">Chọn một cơ quan trong danh sách</a>`, `id="agency-error"`}, []string{`class="result"`}},
		{"agency=%FF", 400, []string{`<a href="#agency">`}, nil},
		{"agency=NOPE&level=district", 400, []string{`<a href="#agency">`, `<a href="#level">`}, nil},
	}
	for _, tt := range tests {
		target := "/thu-tuc?" + tt.query
		res, body := f.do(t, "GET", target, nil)
		if res.StatusCode != tt.status {
			t.Errorf("GET %s = %d; want %d", target, res.StatusCode, tt.status)
			continue
		}
		for _, s := range tt.has {
			if !strings.Contains(body, s) {
				t.Errorf("GET %s: missing %q", target, s)
			}
		}
		for _, s := range tt.lack {
			if strings.Contains(body, s) {
				t.Errorf("GET %s: unexpected %q", target, s)
			}
		}
		if !strings.Contains(body, `<details class="filter-details" open>`) {
			t.Errorf("GET %s: filters folded although the agency filter is set", target)
		}
		checkHTML(t, target, body)
	}

	// The select groups departments and wards/communes, each in Vietnamese collation order.
	_, body := f.do(t, "GET", "/thu-tuc?agency=00004", nil)
	order := []string{`<optgroup label="Sở, ban, ngành">`, ">Sở Tư pháp<", ">Sở Y tế<", `<optgroup label="Phường, xã, đặc khu">`,
		">UBND Phường Ấu Triệu<", `<option value="00004" selected>UBND Phường Ba Đình<`, ">UBND Xã Đông Anh<"}
	checkOrder(t, "Vietnamese agency options", body, order)
	if strings.Contains(body, `value="UBTP"`) {
		t.Errorf("the city People's Committee is offered as a receiving agency")
	}
	_, body = f.do(t, "GET", "/thu-tuc?agency=00004&lang=en", nil)
	checkOrder(t, "English agency options", body, []string{`<optgroup label="Departments">`, ">Department of Health<", ">Department of Justice<",
		`<optgroup label="Wards, communes and special zones">`, `<option value="00004" selected>Ba Đình Ward People&#39;s Committee<`,
		`<option value="00007" lang="vi">UBND Phường Ấu Triệu<`, `<option value="00010" lang="vi">UBND Xã Đông Anh<`})

	// Page links keep the agency.
	_, body = f.do(t, "GET", "/thu-tuc?agency=00010&field=Th%E1%BB%AD+nghi%E1%BB%87m", nil)
	if !strings.Contains(body, "agency=00010") || !strings.Contains(body, `rel="next"`) {
		t.Errorf("page links drop the agency")
	}
	_, body = f.do(t, "GET", "/thu-tuc?agency=NOPE&lang=en", nil)
	if !strings.Contains(body, `<a href="#agency">Choose an agency from the list</a>`) {
		t.Errorf("English agency error missing")
	}
}

// checkOrder checks that the strings occur in body in the given order.
func checkOrder(t *testing.T, what, body string, order []string) {
	t.Helper()
	at := -1
	for _, s := range order {
		i := strings.Index(body, s)
		if i < 0 {
			t.Errorf("%s: missing %q", what, s)
			continue
		}
		if i < at {
			t.Errorf("%s: %q out of order", what, s)
		}
		at = i
	}
}

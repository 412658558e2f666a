package review

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/i18n"
	rv "github.com/motcua/motcua/internal/review"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/webtest"
)

type fixture struct {
	*webtest.Demo
	h *Handler
}

func setup(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{}
	f.Demo = webtest.NewDemo(t, func(site *web.Site, d *webtest.Demo) ([]webtest.Routes, error) {
		s := rv.NewStore(rv.Config{DB: d.DB, Calendar: d.Calendar, Catalog: d.Catalog, Org: d.Org, Workflow: d.Workflow})
		var err error
		f.h, err = New(site, Deps{Review: s, Catalog: d.Catalog, Now: func() time.Time { return at(20, 10) }})
		return []webtest.Routes{f.h}, err
	})
	return f
}

func at(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 0, 0, 0, vntime.Location()) }

// settled inserts one returned khai sinh dossier of Hoàn Kiếm received Monday 2 March 2026 at
// 8:00, due Friday 6 at 17:00 (40 working hours), settled Wednesday 4 at 10:00: reception 2 h,
// processing 13 h (Mon 10–12, 13–17; Tue 8–12, 13–16), approval 2 h, return 1 h: 18 h.
func (f *fixture) settled(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	var ag int64
	if err := f.DB.QueryRow(ctx, `SELECT id FROM agencies WHERE code = '00070'`).Scan(&ag); err != nil {
		t.Fatal(err)
	}
	id, err := db.InsertID(ctx, f.DB, `INSERT INTO dossiers (code, procedure_code, procedure_version, agency_id, applicant_name, channel, status,
		status_code, form, submitted_at, received_at, due_at, finished_at, updated_at)
		VALUES ('T-1', '1.001193', 1, ?, 'Nguyễn Văn A', 'online', 'returned', 10, '{}', ?, ?, ?, ?, ?)`,
		ag, at(2, 8), at(2, 8), at(6, 17), at(4, 10), at(4, 10))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		step       string
		start, end time.Time
	}{{"reception", at(2, 8), at(2, 10)}, {"processing", at(2, 10), at(3, 16)}, {"approval", at(3, 16), at(4, 9)}, {"return", at(4, 9), at(4, 10)}} {
		if _, err := f.DB.Exec(ctx, `INSERT INTO dossier_steps (dossier_id, step, agency_id, started_at, ended_at) VALUES (?, ?, ?, ?, ?)`,
			id, s.step, ag, s.start, s.end); err != nil {
			t.Fatal(err)
		}
	}
}

const march = "?procedure=1.001193&from=2026-03-01&to=2026-03-10"

// The leader of Hoàn Kiếm reads the review, the bottleneck list and a simulation; the page
// passes the HTML checks in both languages; bad input names its field; others are turned away.
func TestReviewPage(t *testing.T) {
	f := setup(t)
	f.settled(t)
	b := f.Browser(t)
	res, _ := b.Get(Path)
	webtest.Location(t, res, 303, "/dang-nhap")
	b.SignIn("chuyenvien")
	if res, _ := b.Get(Path); res.StatusCode != 403 {
		t.Errorf("specialist: GET %s = %d; want 403", Path, res.StatusCode)
	}

	b = f.Browser(t)
	b.SignIn("lanhdao")
	body := b.Page(Path, 200)
	// The default period is the 30 days up to the clock's today, 20 March 2026.
	webtest.MustContain(t, "empty form", body, `<select id="procedure"`, "1.001193", `name="from" type="text" class="input input-width-10" value="2026-02-19"`,
		`name="to" type="text" class="input input-width-10" value="2026-03-20"`)
	// Budgets: 10/60/20/10 % of 40 h. Processing 13 h; the dossier is on time.
	body = b.Page(Path+march, 200)
	webtest.MustContain(t, "review", body, "Tiếp nhận hồ sơ", "24 (60 %)", "<td data-label=\"Trung vị (giờ)\" class=\"numeric\">13</td>",
		"100,0 % (1)", "Các bước thường chậm", "ra-soat.xlsx?procedure=1.001193")
	// Approval cut to 1 h: 2 − 1 = 1 h saved, the median total 18 → 17.
	body = b.Page(Path+march+"&step=approval&mode=budget&budget_hours=1", 200)
	webtest.MustContain(t, "simulation", body, "Nếu bước approval chỉ được 1 giờ", `<td class="numeric">18</td><td class="numeric">17</td>`,
		"0 trong 1 hồ sơ")

	for _, tc := range []struct{ query, want string }{
		{"?procedure=1.001193&from=2026-03-10&to=2026-03-01", "Ngày kết thúc phải cùng hoặc sau ngày bắt đầu"},
		{"?procedure=1.001193&from=2025-01-01&to=2026-01-02", "tối đa 366 ngày"},
		{"?from=2026-03-01&to=2026-03-10", "Chọn thủ tục cần rà soát"},
		{march + "&step=approval&mode=budget&budget_hours=abc", "Nhập thời hạn mới"},
	} {
		res, body := b.Get(Path + tc.query)
		if res.StatusCode != 422 || !strings.Contains(webtest.ErrorSummary(body), tc.want) {
			t.Errorf("GET %s = %d %q; want 422 with %q", tc.query, res.StatusCode, webtest.ErrorSummary(body), tc.want)
		}
		webtest.CheckHTML(t, tc.query, body)
	}

	res, body = b.Get(CSV + march)
	if res.StatusCode != 200 || !strings.HasPrefix(body, "\ufeffprocedure,step,name,budget_percent") ||
		!strings.Contains(body, "1.001193,processing,") || !strings.Contains(body, ",60,24,1,13,13,0,0,0.54") {
		t.Errorf("CSV = %d\n%s", res.StatusCode, body)
	}
	res, body = b.Get(XLSX + march)
	x, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if res.StatusCode != 200 || err != nil {
		t.Fatalf("XLSX = %d, %v", res.StatusCode, err)
	}
	defer x.Close()
	if v, _ := x.GetCellValue("total", "H2"); v != "18" {
		t.Errorf("XLSX total median = %q; want 18", v)
	}
	if v, _ := x.GetCellValue("bottlenecks", "B2"); v != "processing" {
		// P90/budget: reception 2/4, processing 13/24 = 0.54, approval 2/8, return 1/4.
		t.Errorf("XLSX first bottleneck = %q; want processing", v)
	}
}

func TestNewRequires(t *testing.T) {
	if _, err := New(nil, Deps{}); err == nil {
		t.Error("New(nil, Deps{}) succeeded; want an error")
	}
}

func TestMessages(t *testing.T) {
	f := setup(t)
	webtest.CheckMessages(t, ".", i18n.MustLoad(embedded, "messages"), f.h.Messages())
}

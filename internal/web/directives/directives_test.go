package directives

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/directive"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
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
		s := directive.NewStore(directive.Config{DB: d.DB, Org: d.Org, Files: d.Dossiers, TaskURL: TaskPath})
		var err error
		f.h, err = New(site, Deps{Directives: s, Dossiers: d.Dossiers})
		return []webtest.Routes{f.h}, err
	})
	return f
}

var pdf = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

// The office records a directive through the form (errors linked to the rows' inputs), the
// leader of Hoàn Kiếm reports its task done with a document, and the office's view counts it
// done on time; every page passes the HTML checks in both languages; others are turned away.
func TestDirectivePages(t *testing.T) {
	f := setup(t)
	today := time.Now().In(vntime.Location())
	signed, due := today.Format(time.DateOnly), today.AddDate(0, 0, 14).Format(time.DateOnly)

	anon := f.Browser(t)
	res, _ := anon.Get(Path)
	webtest.Location(t, res, 303, "/dang-nhap")
	leader := f.Browser(t)
	leader.SignIn("lanhdao")
	for _, p := range []string{Path, RecordPath} {
		if res, _ := leader.Get(p); res.StatusCode != 403 {
			t.Errorf("leader: GET %s = %d; want 403", p, res.StatusCode)
		}
	}

	office := f.Browser(t)
	office.SignIn("vanphong")
	body := office.Page(RecordPath, 200)
	webtest.MustContain(t, "record form", body, `<select id="tasks-0-agency_code" name="tasks-0-agency_code"`, `value="00070"`, `enctype="multipart/form-data"`)
	vals := url.Values{"number": {"25/CT-UBND"}, "signed_on": {signed}, "signer": {"Chủ tịch Trần Sỹ Thanh"},
		"title": {"Về đẩy mạnh dịch vụ công trực tuyến"}, "summary": {"Giao các phường triển khai."},
		"tasks-0-agency_code": {"00070"}, "tasks-0-title": {"Rà soát, công khai thủ tục"}, "tasks-0-due_on": {today.AddDate(0, 0, -1).Format(time.DateOnly)},
		"tasks-2-agency_code": {"99999"}, "tasks-2-title": {"Tập huấn"}, "tasks-2-due_on": {due}}
	res, body = office.Multipart(RecordPath, vals)
	sum := webtest.ErrorSummary(body)
	if res.StatusCode != 422 || !strings.Contains(body, `href="#tasks-0-due_on"`) || !strings.Contains(body, `href="#tasks-2-agency_code"`) ||
		!strings.Contains(body, `>Tập huấn</textarea>`) {
		t.Errorf("bad record = %d %q; want 422 linking tasks-0-due_on and tasks-2-agency_code, the rows kept", res.StatusCode, sum)
	}
	webtest.CheckHTML(t, "record errors", body)
	// A date the boxes do not make is named in the boxes' words, once.
	boxed := url.Values{"number": {"26/CT-UBND"}, "signed_on": {signed}, "title": {"T"}, "tasks-1-agency_code": {"00070"},
		"tasks-1-title": {"A"}, "tasks-1-due_on-day": {"31"}, "tasks-1-due_on-month": {"2"}, "tasks-1-due_on-year": {"2027"}}
	res, body = office.Multipart(RecordPath, boxed)
	if sum := webtest.ErrorSummary(body); res.StatusCode != 422 || !strings.Contains(body, `href="#tasks-1-due_on"`) ||
		strings.Count(body, `href="#tasks-1-due_on`) != 1 || !strings.Contains(body, `name="tasks-1-due_on-day" type="text" class="input input-width-2" value="31"`) {
		t.Errorf("31/2/2027 = %d %q; want 422 with one error on the day's box, kept as typed", res.StatusCode, sum)
	}
	vals.Set("tasks-0-due_on", due)
	vals.Set("tasks-2-agency_code", "00004")
	res, _ = office.Multipart(RecordPath, vals, webtest.Upload{Field: "document", Name: "25-CT-UBND.pdf", Data: pdf})
	loc := webtest.Location(t, res, 303, "/chi-dao/van-ban/")
	body = office.Page(strings.TrimPrefix(loc, f.URL), 200)
	webtest.MustContain(t, "directive", body, "Đã ghi văn bản 25/CT-UBND", "Rà soát, công khai thủ tục", "Phường Ba Đình", "Tải văn bản (PDF)")
	docLink := regexp.MustCompile(`href="(/chi-dao/tep/[^"]+)"`).FindStringSubmatch(body)
	if docLink == nil {
		t.Fatal("no link to the directive's PDF")
	}
	if res, got := leader.Get(docLink[1]); res.StatusCode != 200 || !strings.HasPrefix(got, "%PDF") {
		t.Errorf("leader downloads the directive's PDF: %d", res.StatusCode)
	}

	// The leader of Hoàn Kiếm sees only its task, and reports it done with a document.
	body = leader.Page(TasksPath, 200)
	if strings.Contains(body, "Tập huấn") || !strings.Contains(body, "Rà soát, công khai thủ tục") {
		t.Errorf("Hoàn Kiếm's tasks show another agency's task or miss its own")
	}
	taskLink := regexp.MustCompile(`href="(/chi-dao/nhiem-vu/[0-9]+)"`).FindStringSubmatch(body)
	if taskLink == nil {
		t.Fatal("no link to the task")
	}
	task := taskLink[1]
	body = leader.Page(task, 200)
	webtest.MustContain(t, "task", body, `<form method="post" action="`+task+`" enctype="multipart/form-data"`, `id="status-done"`)
	res, body = leader.Multipart(task, url.Values{"status": {"done"}})
	if res.StatusCode != 422 || !strings.Contains(body, `href="#note"`) {
		t.Errorf("report without a note = %d %q; want 422 linking note", res.StatusCode, webtest.ErrorSummary(body))
	}
	res, _ = leader.Multipart(task, url.Values{"status": {"done"}, "note": {"Đã công khai 120 thủ tục."}},
		webtest.Upload{Field: "files", Name: "bien-ban.pdf", Data: pdf})
	webtest.Location(t, res, 303, task+"?da-bao-cao=1")
	body = leader.Page(task+"?da-bao-cao=1", 200)
	webtest.MustContain(t, "reported", body, "Đã ghi báo cáo tiến độ", "Hoàn thành đúng hạn", "Đã công khai 120 thủ tục.", "bien-ban.pdf")
	if strings.Contains(body, `action="`+task+`"`) {
		t.Error("the report form is still offered on a task done")
	}

	specialist := f.Browser(t)
	specialist.SignIn("chuyenvien")
	if body := specialist.Page(task, 200); strings.Contains(body, `enctype="multipart/form-data"`) {
		t.Error("a specialist is offered the report form")
	}
	if res, _ := specialist.Multipart(task, url.Values{"status": {"done"}, "note": {"x"}}); res.StatusCode != 403 {
		t.Errorf("specialist's report = %d; want 403", res.StatusCode)
	}
	other := f.Browser(t)
	other.SignIn("tiepnhan2")
	if res, _ := other.Get(task); res.StatusCode != 404 {
		t.Errorf("Ba Đình reads Hoàn Kiếm's task: %d; want 404", res.StatusCode)
	}

	// The office's view: one done on time at Hoàn Kiếm, one in progress at Ba Đình.
	body = office.Page(Path, 200)
	webtest.MustContain(t, "overview", body, `href="/chi-dao/nhiem-vu?agency=00070&amp;status=done_on_time">1</a>`,
		`href="/chi-dao/nhiem-vu?agency=00004&amp;status=in_progress">1</a>`, "25/CT-UBND", "100,0 %")
	body = office.Page(TasksPath+"?status=done_on_time", 200)
	if !strings.Contains(body, "Rà soát, công khai thủ tục") || strings.Contains(body, "Tập huấn") {
		t.Error("the drill-down to done on time lists the wrong tasks")
	}
	if res, body := office.Get(TasksPath + "?status=late"); res.StatusCode != 422 || !strings.Contains(body, `href="#status"`) {
		t.Errorf("bad status = %d; want 422 linking status", res.StatusCode)
	}
	res, body = office.Get(XLSXPath)
	x, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if res.StatusCode != 200 || err != nil {
		t.Fatalf("XLSX = %d, %v", res.StatusCode, err)
	}
	defer x.Close()
	if rows, _ := x.GetRows("Nhiệm vụ"); len(rows) != 3 {
		t.Errorf("XLSX tasks = %v; want a header and two tasks", rows)
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

// The committee office lands on its tracking of tasks after signing in.
func TestLanding(t *testing.T) {
	u := &org.User{Username: "vanphong", Role: org.RoleOffice}
	if got := web.Landing(u, "/"); got != Path {
		t.Errorf("Landing(office) = %q; want %q", got, Path)
	}
	if got := web.Landing(u, "/chi-dao/nhiem-vu"); got != "/chi-dao/nhiem-vu" {
		t.Errorf("Landing(office, next) = %q; want next", got)
	}
}

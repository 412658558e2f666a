package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/workflow"
)

func ptr[T any](v T) *T { return &v }

var catalogAdmin = &org.User{Username: "catalog", Role: org.RoleCatalogAdmin}

// proc builds a valid procedure in force at commune level.
func proc(code, name, field string) catalog.Procedure {
	return catalog.Procedure{
		Code: code, Name: name, Field: field, Level: catalog.LevelCommune,
		ImplementingAgency: "Ủy ban nhân dân cấp xã", ProcessingDays: ptr(3), FeeVND: ptr[int64](0),
		Components: []catalog.Component{{ID: "to-khai", Name: "Tờ khai", Originals: 1, Required: true}},
		LegalBases: []string{"Nghị định 123/2015/NĐ-CP"}, OnlineLevel: catalog.OnlineFull,
		FormSchema: json.RawMessage(`{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"ho_ten":{"type":"string"}}}`),
	}
}

// fixture is a portal on a real SQLite database with a small catalog:
//   - 1.001193 khai sinh: full detail (fees, template, conditions, channels, source, notes);
//   - 1.000894 kết hôn: amended by decision 2, then abolished by decision 3;
//   - 2.000815 chứng thực: no processing time and no fee published, province level, partial;
//   - 1.001612 hộ kinh doanh: same-day (working hours), fee 100.000 đ, not online;
//   - 25 procedures of the field "Thử nghiệm" to page through.
//
// Agencies: the department STP (province level), the ward 00004 and the commune 00010. 2.000815
// is received by STP, 1.001612 by the ward 00004 only; the rest name no agency.
type fixture struct {
	h        *Handler
	mux      http.Handler // the portal behind a session middleware like internal/server's
	catalog  *catalog.Store
	org      *org.Store
	calendar *calendar.Store
	dossiers *dossier.Store
	workflow *workflow.Store
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	d := dbtest.SQLite(t)
	f := &fixture{catalog: catalog.NewStore(d), org: org.NewStore(d), calendar: calendar.NewStore(d)}
	f.dossiers = newDossiers(t, d, f.catalog, f.org)
	f.workflow = newWorkflow(d, f.dossiers, f.catalog, f.org, f.calendar)
	ctx := context.Background()
	for _, a := range []*org.Agency{
		{Code: "UBTP", Kind: org.KindCity, Level: "province", Name: "Ủy ban nhân dân thành phố", NameEn: "City People's Committee"},
		{Code: "STP", ParentCode: "UBTP", Kind: org.KindDepartment, Level: "province", Name: "Sở Tư pháp", NameEn: "Department of Justice"},
		{Code: "SYT", ParentCode: "UBTP", Kind: org.KindDepartment, Level: "province", Name: "Sở Y tế", NameEn: "Department of Health"},
		{Code: "00010", ParentCode: "UBTP", Kind: org.KindCommune, Level: "commune", Name: "UBND Xã Đông Anh"},
		{Code: "00004", ParentCode: "UBTP", Kind: org.KindWard, Level: "commune", Name: "UBND Phường Ba Đình", NameEn: "Ba Dinh Ward People's Committee"},
		{Code: "00007", ParentCode: "UBTP", Kind: org.KindWard, Level: "commune", Name: "UBND Phường Ấu Triệu"},
	} {
		if err := f.org.CreateAgency(ctx, a); err != nil {
			t.Fatalf("CreateAgency(%s): %v", a.Code, err)
		}
	}

	birth := proc("1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch")
	birth.LocalCode = "1.001193.000.00.00.H26"
	birth.DecidingAgency = "Chủ tịch Ủy ban nhân dân cấp xã"
	birth.ProcessingTimeText = "Ngay trong ngày tiếp nhận; sau 15 giờ thì trả trong ngày làm việc tiếp theo."
	birth.Fees = []catalog.Fee{
		{Name: "Lệ phí đăng ký khai sinh đúng hạn", AmountVND: ptr[int64](0)},
		{Name: "Lệ phí đăng ký khai sinh quá hạn", AmountVND: ptr[int64](5000), Note: "Theo Nghị quyết của HĐND thành phố."},
		{Name: "Phí cấp bản sao trích lục", AmountVND: nil, Note: "Chưa có mức thu."},
	}
	birth.Components = []catalog.Component{
		{ID: "to-khai", Name: "Tờ khai đăng ký khai sinh", Originals: 1, Required: true, Formats: []string{"pdf", "docx"},
			TemplateName: "Mẫu tờ khai đăng ký khai sinh", TemplateURL: "https://example.gov.vn/mau/to-khai-khai-sinh.docx"},
		{ID: "giay-chung-sinh", Name: "Giấy chứng sinh", Originals: 1, Copies: 1, Required: true},
		{ID: "uy-quyen", Name: "Văn bản ủy quyền", Originals: 1, Condition: "người đi đăng ký được ủy quyền"},
	}
	birth.Steps = []string{"Nộp hồ sơ tại Bộ phận Một cửa.", "Cán bộ kiểm tra và ghi vào Sổ hộ tịch."}
	birth.Conditions = "Không có."
	birth.Result = "Giấy khai sinh (bản chính)."
	birth.Channels = []string{"online", "counter", "post"}
	birth.LegacyLevel = 4
	birth.Source = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193"
	birth.Notes = "Dữ liệu đối chiếu ngày 01/01/2026."

	marriage := proc("1.000894", "Thủ tục đăng ký kết hôn", "Hộ tịch")
	notary := proc("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực")
	notary.ProcessingDays, notary.FeeVND, notary.Level, notary.OnlineLevel = nil, nil, catalog.LevelProvince, catalog.OnlinePartial
	notary.AgencyCodes = []string{"STP"}
	business := proc("1.001612", "Đăng ký thành lập hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh")
	business.ProcessingDays, business.ProcessingHours, business.FeeVND, business.OnlineLevel = nil, ptr(8), ptr[int64](100000), catalog.OnlineNone
	business.AgencyCodes = []string{"00004"}
	publish := []catalog.Procedure{birth, marriage, notary, business}
	for i := range 25 {
		publish = append(publish, proc(fmt.Sprintf("3.%06d", i), fmt.Sprintf("Thủ tục thử nghiệm số %02d", i), "Thử nghiệm"))
	}
	decisions := []*catalog.Decision{
		{Number: "1/QĐ-UBND", SignedOn: "2026-01-05", Signer: "Chủ tịch UBND thành phố", Publish: publish},
		{Number: "2/QĐ-UBND", SignedOn: "2026-02-10", EffectiveOn: "2026-03-01", Signer: "Phó Chủ tịch UBND thành phố",
			Amend: []catalog.Procedure{func() catalog.Procedure {
				p := proc("1.000894", "Thủ tục đăng ký kết hôn (sửa đổi)", "Hộ tịch")
				p.ProcessingDays = ptr(5)
				return p
			}()}},
		{Number: "3/QĐ-UBND", SignedOn: "2026-04-01", Abolish: []string{"1.000894"}},
	}
	for _, dec := range decisions {
		if _, err := f.catalog.ApplyDecision(ctx, catalogAdmin, dec); err != nil {
			t.Fatalf("ApplyDecision(%s): %v", dec.Number, err)
		}
	}
	var err error
	f.h, err = New(Config{Catalog: f.catalog, Org: f.org, Calendar: f.calendar, Dossiers: f.dossiers, Workflow: f.workflow})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	mux := http.NewServeMux()
	f.h.Register(mux)
	f.mux = withSession(f.org, mux)
	return f
}

// newDossiers is a dossier store on d with its files in a temporary directory.
func newDossiers(t *testing.T, d *db.DB, cs *catalog.Store, orgs *org.Store) *dossier.Store {
	t.Helper()
	return dossier.NewStore(dossier.Config{DB: d, Catalog: cs, Org: orgs, Blobs: dossier.DiskStore{Dir: t.TempDir()},
		BaseURL: "https://dichvucong.example.vn"})
}

// newWorkflow is a workflow store on d that, like the demo city, makes the result document at
// approval.
func newWorkflow(d *db.DB, ds *dossier.Store, cs *catalog.Store, orgs *org.Store, cal *calendar.Store) *workflow.Store {
	wf := workflow.NewStore(workflow.Config{DB: d, Dossiers: ds, Catalog: cs, Org: orgs, Calendar: cal})
	wf.Result = wf.ResultNotice
	return wf
}

// testConfig is a portal's configuration with every store on d.
func testConfig(t *testing.T, d *db.DB) Config {
	t.Helper()
	cs, orgs, cal := catalog.NewStore(d), org.NewStore(d), calendar.NewStore(d)
	ds := newDossiers(t, d, cs, orgs)
	return Config{Catalog: cs, Org: orgs, Calendar: cal, Dossiers: ds, Workflow: newWorkflow(d, ds, cs, orgs, cal)}
}

// withSession resolves the session cookie into the signed-in user, as internal/server's
// middleware does in front of the portal.
func withSession(orgs *org.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			if u, err := orgs.SessionUser(r.Context(), c.Value); err == nil {
				r = r.WithContext(org.WithUser(r.Context(), u))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// do serves one request; header lines are "Name: value".
func (f *fixture) do(t *testing.T, method, target string, body io.Reader, header ...string) (*http.Response, string) {
	t.Helper()
	r := httptest.NewRequest(method, target, body)
	for _, h := range header {
		k, v, _ := strings.Cut(h, ": ")
		r.Header.Add(k, v)
	}
	return f.serve(t, r)
}

func (f *fixture) serve(t *testing.T, r *http.Request) (*http.Response, string) {
	t.Helper()
	w := httptest.NewRecorder()
	f.mux.ServeHTTP(w, r)
	res := w.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

var missingKeyRe = regexp.MustCompile(`\[[a-z_]+\.[a-z_.0-9]+\]`)

// checkHTML checks the accessibility basics of a page: one h1, a skip link to main, unique
// ids, a label for every visible input, and aria-describedby naming elements that exist; and
// that nothing inline (style, script, event handlers) needs the CSP relaxed.
func checkHTML(t *testing.T, target, body string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("GET %s: parse HTML: %v", target, err)
	}
	ids := map[string]int{}
	labels := map[string]bool{}
	var inputs, describedBy []string
	h1 := 0
	skip := false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			if id, ok := attr["id"]; ok {
				ids[id]++
			}
			switch n.Data {
			case "h1":
				h1++
			case "label":
				labels[attr["for"]] = true
			case "input", "select", "textarea":
				if attr["type"] != "hidden" {
					inputs = append(inputs, attr["id"])
				}
			case "a":
				if attr["class"] == "skip-link" && attr["href"] == "#main" {
					skip = true
				}
			}
			if _, ok := attr["style"]; ok || n.Data == "script" || n.Data == "style" {
				t.Errorf("GET %s: inline %s breaks the CSP (style-src 'self', no scripts)", target, n.Data)
			}
			for k := range attr {
				if strings.HasPrefix(k, "on") {
					t.Errorf("GET %s: event handler attribute %s on <%s>", target, k, n.Data)
				}
			}
			if d, ok := attr["aria-describedby"]; ok {
				describedBy = append(describedBy, strings.Fields(d)...)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if h1 != 1 {
		t.Errorf("GET %s: %d <h1>; want 1", target, h1)
	}
	if !skip || ids["main"] != 1 {
		t.Errorf("GET %s: no skip link to #main", target)
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("GET %s: id %q used %d times", target, id, n)
		}
	}
	for _, in := range inputs {
		if in == "" || !labels[in] {
			t.Errorf("GET %s: input %q has no label", target, in)
		}
	}
	for _, d := range describedBy {
		if ids[d] == 0 {
			t.Errorf("GET %s: aria-describedby names missing id %q", target, d)
		}
	}
}

func TestStatic(t *testing.T) {
	f := newFixture(t)
	css := f.h.assets["style.css"]
	if css == nil {
		t.Fatal("no style.css")
	}
	tests := []struct {
		target, contentType, cache string
		status                     int
	}{
		{"/static/style.css", "text/css; charset=utf-8", "public, max-age=3600", 200},
		{"/static/style.css?v=" + css.hash, "text/css; charset=utf-8", "public, max-age=31536000, immutable", 200},
		{"/static/favicon.svg", "image/svg+xml", "public, max-age=3600", 200},
		{"/static/", "text/html; charset=utf-8", "private, no-cache", 404},
		{"/static/nope.css", "text/html; charset=utf-8", "private, no-cache", 404},
	}
	for _, tt := range tests {
		res, _ := f.do(t, "GET", tt.target, nil)
		if res.StatusCode != tt.status {
			t.Errorf("GET %s status = %d; want %d", tt.target, res.StatusCode, tt.status)
		}
		if tt.contentType != "" && res.Header.Get("Content-Type") != tt.contentType {
			t.Errorf("GET %s Content-Type = %q; want %q", tt.target, res.Header.Get("Content-Type"), tt.contentType)
		}
		if tt.cache != "" && res.Header.Get("Cache-Control") != tt.cache {
			t.Errorf("GET %s Cache-Control = %q; want %q", tt.target, res.Header.Get("Cache-Control"), tt.cache)
		}
	}
	if res, body := f.do(t, "GET", "/static/../web.go", nil); res.StatusCode == 200 || strings.Contains(body, "package web") {
		t.Errorf("GET /static/../web.go = %d; want no file outside static", res.StatusCode)
	}
	res, _ := f.do(t, "GET", "/static/style.css", nil, `If-None-Match: "`+css.hash+`"`)
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET status = %d; want 304", res.StatusCode)
	}
	_, body := f.do(t, "GET", "/dang-nhap", nil)
	if !strings.Contains(body, `href="/static/style.css?v=`+css.hash+`"`) {
		t.Errorf("page does not link the versioned style sheet")
	}
}

func TestNewRequiresStores(t *testing.T) {
	d := dbtest.SQLite(t)
	full := testConfig(t, d)
	for name, cfg := range map[string]Config{
		"empty":       {},
		"no catalog":  {Org: full.Org, Calendar: full.Calendar, Dossiers: full.Dossiers, Workflow: full.Workflow},
		"no org":      {Catalog: full.Catalog, Calendar: full.Calendar, Dossiers: full.Dossiers, Workflow: full.Workflow},
		"no calendar": {Catalog: full.Catalog, Org: full.Org, Dossiers: full.Dossiers, Workflow: full.Workflow},
		"no dossiers": {Catalog: full.Catalog, Org: full.Org, Calendar: full.Calendar, Workflow: full.Workflow},
		"no workflow": {Catalog: full.Catalog, Org: full.Org, Calendar: full.Calendar, Dossiers: full.Dossiers},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%s) succeeded; want an error", name)
		}
	}
	if _, err := New(full); err != nil {
		t.Errorf("New(full) = %v", err)
	}
}

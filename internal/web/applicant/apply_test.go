package applicant

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/webtest"
	"github.com/motcua/motcua/internal/workflow"
)

var (
	testPDF = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	// testEXE is a Windows executable named like a PDF.
	testEXE = append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), bytes.Repeat([]byte{0}, 200)...)
	// codeRe070 is a dossier code of the demo ward 00070 (Circular 01/2018 Art. 19).
	codeRe070 = regexp.MustCompile(`^070\.00\.30\.H26-\d{6}-\d{4}$`)
)

// demoFixture is the portal over the seeded demo city (demo.Seed), served by a real HTTP
// server behind the session middleware, with a 1 MB upload limit.
type demoFixture struct {
	h        *Handler
	url      string
	db       *db.DB
	catalog  *catalog.Store
	org      *org.Store
	identity *identity.Store
	dossiers *dossier.Store
	workflow *workflow.Store
}

func newDemoFixture(t *testing.T) *demoFixture {
	t.Helper()
	d := dbtest.SQLite(t)
	f := &demoFixture{db: d, catalog: catalog.NewStore(d), org: org.NewStore(d), identity: identity.NewStore(d)}
	if err := demo.Seed(context.Background(), slog.New(slog.DiscardHandler), f.org, f.identity, f.catalog); err != nil {
		t.Fatal(err)
	}
	f.dossiers = dossier.NewStore(dossier.Config{DB: d, Catalog: f.catalog, Org: f.org, Blobs: dossier.DiskStore{Dir: t.TempDir()},
		Links: dossier.Links{Track: "https://dichvucong.example.vn/tra-cuu?ma={code}"}, MaxUpload: 1 << 20})
	cal := calendar.NewStore(d, nil)
	f.workflow = workflow.NewStore(workflow.Config{DB: d, Dossiers: f.dossiers, Catalog: f.catalog, Org: f.org, Calendar: cal})
	f.workflow.Result = f.workflow.ResultNotice
	site, err := web.NewSite(web.Config{Org: f.org, Identity: f.identity,
		Logger: slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		t.Fatal(err)
	}
	f.h, err = New(site, Deps{Catalog: f.catalog, Org: f.org, Identity: f.identity, Dossiers: f.dossiers, Workflow: f.workflow})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	site.Register(mux)
	f.h.Register(mux)
	srv := httptest.NewServer(webtest.WithSession(f.identity, mux))
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

// testLog writes the portal's warnings and errors to the test's log.
type testLog struct{ t *testing.T }

func (l testLog) Write(b []byte) (int, error) {
	l.t.Helper()
	l.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// browser is a web browser without JavaScript: it keeps cookies, posts forms and follows
// nothing by itself, so that tests see every redirect.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
}

func (f *demoFixture) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: f.url, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	b.t.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func (b *browser) get(path string) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest("GET", b.base+path, nil)
	return b.do(req)
}

func (b *browser) post(path string, vals url.Values) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest("POST", b.base+path, strings.NewReader(vals.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

type upload struct {
	field, name string
	data        []byte
}

// multipart posts vals and files as multipart/form-data, files after the fields of the same
// form as browsers order them (here simply fields first).
func (b *browser) multipart(path string, vals url.Values, files ...upload) (*http.Response, string) {
	b.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range vals {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		w, _ := mw.CreateFormFile(f.field, f.name)
		w.Write(f.data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

// page gets path in English, then in Vietnamese (leaving the language Vietnamese), checking
// both with checkHTML and for untranslated messages; it returns the Vietnamese page.
func (b *browser) page(path string, status int) string {
	b.t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	var vi string
	for _, l := range []string{"en", "vi"} {
		res, body := b.get(path + sep + "lang=" + l)
		if res.StatusCode != status {
			b.t.Fatalf("GET %s?lang=%s = %d; want %d\n%s", path, l, res.StatusCode, status, body)
		}
		if !strings.Contains(body, `<html lang="`+l+`">`) {
			b.t.Errorf("GET %s?lang=%s: not in %s", path, l, l)
		}
		if m := webtest.MissingKey.FindString(body); m != "" {
			b.t.Errorf("GET %s?lang=%s: untranslated message %s", path, l, m)
		}
		webtest.CheckHTML(b.t, path+" ("+l+")", body)
		vi = body
	}
	return vi
}

func (b *browser) signIn(username string) {
	b.t.Helper()
	res, body := b.post("/dang-nhap", url.Values{"username": {username}, "password": {demo.Password}})
	if res.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("sign in as %s = %d\n%s", username, res.StatusCode, body)
	}
}

// formValues is what a browser sends for the form of body whose action starts with action
// ("POST /path" to match the method too): inputs with their values (radios and checkboxes when checked), selects' selected options,
// textareas' text. File inputs and buttons are left to the caller.
func formValues(t *testing.T, body, action string) url.Values {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	attr := func(n *html.Node, k string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == k {
				return a.Val, true
			}
		}
		return "", false
	}
	method := ""
	if m, a, ok := strings.Cut(action, " "); ok {
		method, action = strings.ToLower(m), a
	}
	var form *html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if form != nil {
			return
		}
		if n.Type == html.ElementNode && n.Data == "form" {
			m, _ := attr(n, "method")
			if a, _ := attr(n, "action"); strings.HasPrefix(a, action) && (method == "" || m == method) {
				form = n
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if form == nil {
		t.Fatalf("no form with action %s", action)
	}
	vals := url.Values{}
	var text func(n *html.Node) string
	text = func(n *html.Node) string {
		var s strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				s.WriteString(c.Data)
			} else {
				s.WriteString(text(c))
			}
		}
		return s.String()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name, named := attr(n, "name")
			switch n.Data {
			case "input":
				typ, _ := attr(n, "type")
				v, _ := attr(n, "value")
				_, checked := attr(n, "checked")
				switch {
				case !named || typ == "file" || typ == "submit":
				case typ == "radio" || typ == "checkbox":
					if checked {
						vals.Add(name, v)
					}
				default:
					vals.Add(name, v)
				}
			case "textarea":
				if named {
					vals.Add(name, strings.TrimPrefix(text(n), "\n"))
				}
			case "select":
				var first, chosen *html.Node
				var opts func(*html.Node)
				opts = func(o *html.Node) {
					for c := o.FirstChild; c != nil; c = c.NextSibling {
						if c.Type == html.ElementNode && c.Data == "option" {
							if first == nil {
								first = c
							}
							if _, sel := attr(c, "selected"); sel && chosen == nil {
								chosen = c
							}
						}
						opts(c)
					}
				}
				opts(n)
				if chosen == nil {
					chosen = first
				}
				if named && chosen != nil {
					v, _ := attr(chosen, "value")
					vals.Add(name, v)
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(form)
	return vals
}

// sampleValues are the inputs of p's form filled with demo.SampleForm's values.
func sampleValues(t *testing.T, p *catalog.Procedure, all bool) url.Values {
	t.Helper()
	sample, err := demo.SampleForm(p, all)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := web.ParseFormSchema(p.FormSchema)
	if err != nil {
		t.Fatal(err)
	}
	return submitted(fs.View(web.Lang{}, web.DecodeForm(sample), nil, false).Fields) // the values only: no messages needed
}

func overlay(base url.Values, over url.Values) url.Values {
	out := url.Values{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}

func location(t *testing.T, res *http.Response, status int, prefix string) string {
	t.Helper()
	loc := res.Header.Get("Location")
	if res.StatusCode != status || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("%s %s = %d %q; want %d to %s…", res.Request.Method, res.Request.URL.Path, res.StatusCode, loc, status, prefix)
	}
	return loc
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %s", what, w)
		}
	}
}

// TestApplyWithoutJavaScript applies for a birth registration through plain form posts, as a
// browser without JavaScript does: sign in, fill the form (errors first), save a draft, upload
// documents (an executable disguised as a PDF is refused), review, declare and submit; then
// the dossier is the citizen's and nobody else's, and its documents can be attached again.
func TestApplyWithoutJavaScript(t *testing.T) {
	f := newDemoFixture(t)
	ctx := context.Background()
	p, err := f.catalog.Current(ctx, "1.001193")
	if err != nil {
		t.Fatal(err)
	}
	b := f.browser(t)

	// Applying asks to sign in first, and comes back.
	res, _ := b.get("/nop-ho-so/1.001193")
	location(t, res, http.StatusSeeOther, "/dang-nhap?next=%2Fnop-ho-so%2F1.001193")
	res, _ = b.post("/dang-nhap", url.Values{"username": {"congdan"}, "password": {demo.Password}, "next": {"/nop-ho-so/1.001193"}})
	location(t, res, http.StatusSeeOther, "/nop-ho-so/1.001193")

	// Step 1: the agency and the form.
	body := b.page("/nop-ho-so/1.001193", 200)
	mustContain(t, "step 1", body, `<select id="agency" name="_agency"`, `<option value="00070"`, `name="nguoi_yeu_cau.ho_ten"`,
		`id="f-nguoi_yeu_cau-ho_ten"`, `name="nguoi_duoc_khai_sinh.ngay_sinh" type="date"`, "Bước 1 trên 3", `value="Việt Nam"`,
		`<span lang="vi">Cha</span> <span class="optional">(không bắt buộc)</span>`, "Lưu nháp", "Hồ sơ của tôi")
	if strings.Contains(body, `<option value="STP"`) {
		t.Errorf("step 1 offers a department for a commune-level procedure")
	}
	empty := formValues(t, body, "/nop-ho-so/1.001193")
	empty.Set("_action", "continue")
	res, body = b.post("/nop-ho-so/1.001193", empty)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("continue with an empty form = %d; want 422", res.StatusCode)
	}
	webtest.CheckHTML(t, "step 1 with errors", body)
	mustContain(t, "step 1 with errors", body, `<title>Lỗi: `, `class="error-summary"`, `<a href="#agency">Chọn cơ quan tiếp nhận hồ sơ</a>`,
		`<a href="#f-nguoi_yeu_cau-ho_ten">Người yêu cầu: “Họ, chữ đệm và tên” là bắt buộc.</a>`,
		`<p id="f-nguoi_yeu_cau-ho_ten-error" class="error-message">`, `<p id="agency-error"`)
	// The post saved a draft already: the form now posts to it.
	m := regexp.MustCompile(`action="/nop-ho-so/1\.001193\?draft=([0-9a-f]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("step 1 after a post does not post to its draft")
	}
	draft := m[1]

	// Save as draft with part of the form; the draft resumes with the values.
	filled := overlay(empty, sampleValues(t, p, false))
	filled.Set("_agency", "00070")
	partial := overlay(filled, url.Values{"nguoi_duoc_khai_sinh.ten": {""}, "nguoi_yeu_cau.dien_thoai": {"09 1234"}, "_action": {"save"}})
	res, _ = b.post("/nop-ho-so/1.001193?draft="+draft, partial)
	location(t, res, http.StatusSeeOther, "/nop-ho-so/1.001193?draft="+draft+"&da_luu=1")
	body = b.page("/nop-ho-so/1.001193?draft="+draft+"&da_luu=1", 200)
	mustContain(t, "saved draft", body, "Đã lưu nháp", `value="09 1234"`, `<option value="00070" selected>`)
	// Continue: the server's JSON Schema validator refuses the phone number, beside its field.
	partial.Set("_action", "continue")
	res, body = b.post("/nop-ho-so/1.001193?draft="+draft, partial)
	if res.StatusCode != 422 {
		t.Fatalf("continue with a bad phone = %d; want 422", res.StatusCode)
	}
	mustContain(t, "step 1, bad phone", body, `<a href="#f-nguoi_yeu_cau-dien_thoai">Người yêu cầu: “Số điện thoại” không đúng định dạng.</a>`,
		`<a href="#f-nguoi_duoc_khai_sinh-ten">`, `value="09 1234"`)
	if strings.Contains(body, `href="#agency"`) {
		t.Errorf("the agency chosen is reported as missing")
	}
	filled.Set("_action", "continue")
	res, _ = b.post("/nop-ho-so/1.001193?draft="+draft, filled)
	location(t, res, http.StatusSeeOther, "/nop-ho-so/1.001193/tai-lieu?draft="+draft)

	// Step 2: the documents. The declarations the form stands for ask for no file.
	docsURL := "/nop-ho-so/1.001193/tai-lieu?draft=" + draft
	body = b.page(docsURL, 200)
	mustContain(t, "step 2", body, `enctype="multipart/form-data"`, `<input type="file" id="file-giay-chung-sinh" name="file-giay-chung-sinh"`,
		`accept=".pdf,.jpg,.jpeg,.png"`, "Bắt buộc", "tờ khai trực tuyến ở bước trước thay cho chúng")
	if strings.Contains(body, `id="file-to-khai"`) || strings.Contains(body, `id="file-to-khai-dien-tu"`) {
		t.Errorf("step 2 asks for a file for the form itself")
	}
	res, body = b.multipart(docsURL, url.Values{"_action": {"upload"}}, upload{"file-giay-chung-sinh", "giay-chung-sinh.pdf", testEXE})
	if res.StatusCode != http.StatusUnsupportedMediaType {
		t.Fatalf("an executable named .pdf = %d; want 415", res.StatusCode)
	}
	webtest.CheckHTML(t, "step 2, executable", body)
	mustContain(t, "step 2, executable", body, `<a href="#file-giay-chung-sinh">Tệp “giay-chung-sinh.pdf” không phải PDF, JPG, PNG hay DOCX.`,
		`<p id="file-giay-chung-sinh-error" class="error-message">`, `aria-describedby="file-giay-chung-sinh-hint file-giay-chung-sinh-error"`)
	big := append(append([]byte{}, testPDF...), bytes.Repeat([]byte("x"), 1<<20)...)
	res, body = b.multipart(docsURL, url.Values{"_action": {"upload"}}, upload{"file-giay-to-tuy-than", "cccd.pdf", big})
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, `<a href="#file-giay-to-tuy-than">Tệp “cccd.pdf” lớn hơn 1 MB.`) {
		t.Errorf("a file over the limit = %d; want 413 with the message on its field", res.StatusCode)
	}
	res, body = b.multipart(docsURL, url.Values{"_action": {"continue"}})
	if res.StatusCode != 422 || !strings.Contains(body, `<a href="#file-giay-chung-sinh">Tải lên hoặc chọn tệp cho: Giấy chứng sinh`) {
		t.Errorf("continue without the required documents = %d; want 422 naming them", res.StatusCode)
	}
	// Upload one and stay; then the other and continue.
	res, _ = b.multipart(docsURL, url.Values{"_action": {"upload"}}, upload{"file-giay-chung-sinh", "giấy chứng sinh.pdf", testPDF})
	location(t, res, http.StatusSeeOther, docsURL+"#c-giay-chung-sinh")
	body = b.page(docsURL, 200)
	mustContain(t, "step 2 with a file", body, "giấy chứng sinh.pdf", `name="_remove" value="giay-chung-sinh|`, "Đã đính kèm")
	res, _ = b.multipart(docsURL, url.Values{"_action": {"continue"}}, upload{"file-giay-to-tuy-than", "cccd.pdf", testPDF},
		upload{"file-van-ban-uy-quyen", "", nil})
	location(t, res, http.StatusSeeOther, "/nop-ho-so/1.001193/kiem-tra?draft="+draft)

	// Step 3: check your answers, with change links; the declaration is required.
	reviewURL := "/nop-ho-so/1.001193/kiem-tra?draft=" + draft
	body = b.page(reviewURL, 200)
	mustContain(t, "review", body, "Kiểm tra hồ sơ trước khi nộp", "Nguyễn Văn An", "001203004567", "15/03/2026",
		`href="/nop-ho-so/1.001193?draft=`+draft+`#f-nguoi_yeu_cau-ho_ten">Sửa`, `href="/nop-ho-so/1.001193?draft=`+draft+`#agency"`,
		"giấy chứng sinh.pdf", "cccd.pdf", `<label for="declaration"`)
	res, body = b.post(reviewURL, url.Values{})
	if res.StatusCode != 422 || !strings.Contains(body, `<a href="#declaration">`) {
		t.Errorf("submit without the declaration = %d; want 422 linking #declaration", res.StatusCode)
	}
	webtest.CheckHTML(t, "review, no declaration", body)
	res, _ = b.post(reviewURL, url.Values{"_declaration": {"true"}})
	loc := location(t, res, http.StatusSeeOther, "/ho-so/")
	code := strings.TrimSuffix(strings.TrimPrefix(loc, "/ho-so/"), "?moi=1")
	if !codeRe070.MatchString(code) || !strings.HasSuffix(loc, "?moi=1") {
		t.Fatalf("submitted to %s; want /ho-so/<070.00.30.H26-…>?moi=1", loc)
	}
	// A resent post (double click, back button) finds the dossier, not a second one.
	res, _ = b.post(reviewURL, url.Values{"_declaration": {"true"}})
	location(t, res, http.StatusSeeOther, "/ho-so/"+code+"?moi=1")
	body = b.page(reviewURL, 404)
	mustContain(t, "submitted draft", body, "Không tìm thấy bản nháp", `href="/ho-so"`)

	// The confirmation, and the dossier page.
	body = b.page("/ho-so/"+code+"?moi=1", 200)
	mustContain(t, "confirmation", body, `<h1 class="panel-title">Đã nộp hồ sơ</h1>`, `<strong class="panel-code">`+code+`</strong>`,
		`href="/tra-cuu?ma=`+code+`"`, "Việc gì xảy ra tiếp theo", "Mới đăng ký", "Nguyễn Văn An", "Giấy chứng sinh", "giấy chứng sinh.pdf")
	body = b.page("/ho-so/"+code, 200)
	mustContain(t, "dossier page", body, "Hồ sơ "+code, "Trực tuyến", "Quá trình xử lý", `href="/tep/`)
	fileURL := regexp.MustCompile(`href="(/tep/[0-9a-f]+)"`).FindStringSubmatch(body)[1]
	res, pdf := b.get(fileURL)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || pdf != string(testPDF) ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("GET %s = %d %s %q", fileURL, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
	}

	// My dossiers lists it, with no draft left.
	body = b.page("/ho-so", 200)
	mustContain(t, "my dossiers", body, `href="/ho-so/`+code+`"`, "Mới đăng ký", "Bạn có 1 hồ sơ.")
	if strings.Contains(body, "Bản nháp") {
		t.Errorf("my dossiers still lists the submitted draft")
	}

	// Another citizen: the dossier and its files do not exist.
	other := f.browser(t)
	other.signIn("congdan2")
	if body := other.page("/ho-so/"+code, 404); !strings.Contains(body, "Không tìm thấy trang") {
		t.Errorf("another citizen's dossier: not the 404 page")
	}
	if res, _ := other.get(fileURL); res.StatusCode != 404 {
		t.Errorf("another citizen's file = %d; want 404", res.StatusCode)
	}

	// Once only: a new application offers the documents already given, attached without upload.
	empty = formValues(t, b.page("/nop-ho-so/1.001193?agency=00070", 200), "/nop-ho-so/1.001193")
	second := overlay(empty, sampleValues(t, p, true))
	second.Set("_action", "continue")
	res, _ = b.post("/nop-ho-so/1.001193", second)
	docsURL = location(t, res, http.StatusSeeOther, "/nop-ho-so/1.001193/tai-lieu?draft=")
	body = b.page(docsURL, 200)
	mustContain(t, "step 2, once only", body, `<select id="reuse-giay-chung-sinh" name="reuse-giay-chung-sinh"`, "giấy chứng sinh.pdf", "từ hồ sơ "+code)
	fileID := strings.TrimPrefix(fileURL, "/tep/")
	res, body = b.multipart(docsURL, url.Values{"reuse-giay-chung-sinh": {"not-mine"}, "_action": {"upload"}})
	if res.StatusCode != 422 || !strings.Contains(body, `<a href="#reuse-giay-chung-sinh">`) {
		t.Errorf("reusing a file not in the store = %d; want 422 on the select", res.StatusCode)
	}
	docs, _ := f.dossiers.Documents(ctx, mustUser(t, f, "congdan"))
	var cccd string
	for _, d := range docs {
		if d.Name == "cccd.pdf" && d.Dossier == code {
			cccd = d.ID
		}
	}
	res, _ = b.multipart(docsURL, url.Values{"reuse-giay-chung-sinh": {fileID}, "reuse-giay-to-tuy-than": {cccd}, "_action": {"continue"}})
	reviewURL = location(t, res, http.StatusSeeOther, "/nop-ho-so/1.001193/kiem-tra?draft=")
	body = b.page(reviewURL, 200)
	mustContain(t, "review, once only", body, "giấy chứng sinh.pdf", "cccd.pdf", `<h3 class="summary-section-title" lang="vi">Cha</h3>`)

	// The draft is listed, resumes, and can be deleted.
	body = b.page("/ho-so", 200)
	draft2 := strings.TrimPrefix(reviewURL, "/nop-ho-so/1.001193/kiem-tra?draft=")
	mustContain(t, "my dossiers with a draft", body, "Bản nháp", `href="/nop-ho-so/1.001193?draft=`+draft2+`"`,
		`action="/ho-so/ban-nhap/`+draft2+`/xoa"`)
	res, _ = b.post("/ho-so/ban-nhap/"+draft2+"/xoa", nil)
	location(t, res, http.StatusSeeOther, "/ho-so?da_xoa=1")
	body = b.page("/ho-so?da_xoa=1", 200)
	if !strings.Contains(body, "Đã xoá bản nháp.") || strings.Contains(body, draft2) {
		t.Errorf("deleted draft still listed, or no notice")
	}
	if res, _ := b.post("/ho-so/ban-nhap/"+draft2+"/xoa", nil); res.StatusCode != 404 {
		t.Errorf("deleting a deleted draft = %d; want 404", res.StatusCode)
	}
	if res, _ := other.get("/nop-ho-so/1.001193/tai-lieu?draft=" + draft); res.StatusCode != 404 {
		t.Errorf("another citizen's draft = %d; want 404", res.StatusCode)
	}
}

func mustUser(t *testing.T, f *demoFixture, username string) *org.User {
	t.Helper()
	u, err := f.org.User(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestApplyAccess: citizens only; anonymous visitors sign in first; officers see a 403 page that
// says who the page is for; procedures not online send back to their page.
func TestApplyAccess(t *testing.T) {
	f := newDemoFixture(t)
	anon := f.browser(t)
	for path, next := range map[string]string{
		"/nop-ho-so/1.001193":                  "%2Fnop-ho-so%2F1.001193",
		"/nop-ho-so/1.001193/kiem-tra?draft=x": "%2Fnop-ho-so%2F1.001193%2Fkiem-tra%3Fdraft%3Dx",
		"/ho-so":                               "%2Fho-so",
		"/ho-so/070.00.30.H26-260101-0001":     "%2Fho-so%2F070.00.30.H26-260101-0001",
		"/tep/abc":                             "%2Ftep%2Fabc",
	} {
		res, _ := anon.get(path)
		location(t, res, http.StatusSeeOther, "/dang-nhap?next="+next)
	}
	res, _ := anon.post("/nop-ho-so/1.001193", url.Values{})
	location(t, res, http.StatusSeeOther, "/dang-nhap?next=%2Fnop-ho-so%2F1.001193")

	officer := f.browser(t)
	officer.signIn("tiepnhan")
	for _, path := range []string{"/nop-ho-so/1.001193", "/ho-so"} {
		body := officer.page(path, 403)
		mustContain(t, path+" as an officer", body, "Trang này dành cho công dân nộp hồ sơ trực tuyến.")
	}
	citizen := f.browser(t)
	citizen.signIn("congdan")
	citizen.page("/nop-ho-so/9.999999", 404)
	citizen.page("/nop-ho-so/abc", 404)
	citizen.page("/nop-ho-so/1.001193?draft=0000", 404)
	citizen.page("/nop-ho-so/1.001193/tai-lieu?draft=0000", 404)
	res, _ = citizen.get("/nop-ho-so/1.001193/tai-lieu")
	location(t, res, http.StatusSeeOther, "/nop-ho-so/1.001193")
	// A procedure that is not applied for online: its page says so. One received by a single
	// agency: it is chosen already.
	items, _ := demo.Procedures()
	none, single := false, false
	for _, it := range items {
		p := it.Procedure
		switch {
		case p.OnlineLevel == catalog.OnlineNone && !none:
			res, _ := citizen.get("/nop-ho-so/" + p.Code)
			location(t, res, http.StatusSeeOther, "/thu-tuc/"+p.Code)
			none = true
		case p.OnlineLevel != catalog.OnlineNone && len(p.AgencyCodes) == 1 && !single:
			body := citizen.page("/nop-ho-so/"+p.Code, 200)
			mustContain(t, "single agency", body, `<option value="`+p.AgencyCodes[0]+`" selected>`)
			single = true
		}
	}
	if !none || !single {
		t.Errorf("the demo catalog has no procedure not online (%v) or received by one agency (%v)", none, single)
	}
}

// TestSubmitErrorsGoBack: what dossier.Store.Submit refuses sends the citizen back to the step
// with the problem, the errors summarised and linked there.
func TestSubmitErrorsGoBack(t *testing.T) {
	f := newDemoFixture(t)
	ctx := context.Background()
	p, err := f.catalog.Current(ctx, "1.001193")
	if err != nil {
		t.Fatal(err)
	}
	sample, err := demo.SampleForm(p, false)
	if err != nil {
		t.Fatal(err)
	}
	u := mustUser(t, f, "congdan")
	b := f.browser(t)
	b.signIn("congdan")
	tests := []struct {
		name   string
		in     dossier.SubmitInput
		status int
		wants  []string
	}{
		{"form", dossier.SubmitInput{AgencyCode: "00070", Form: []byte(`{"nguoi_yeu_cau": {"ho_ten": "A"}}`)}, 422,
			[]string{`name="_agency"`, `<a href="#f-nguoi_yeu_cau-ho_ten">Người yêu cầu: “Họ, chữ đệm và tên” cần ít nhất 2 ký tự.</a>`,
				`<a href="#f-nguoi_duoc_khai_sinh-ho">`, `value="A"`, "Bước 1 trên 3"}},
		{"agency", dossier.SubmitInput{AgencyCode: "STP", Form: sample}, 422,
			[]string{`<a href="#agency">Sở Tư pháp không tiếp nhận thủ tục này.</a>`, `name="_agency"`}},
		{"documents", dossier.SubmitInput{AgencyCode: "00070", Form: sample}, 422,
			[]string{`<a href="#file-giay-chung-sinh">Thiếu thành phần bắt buộc: Giấy chứng sinh`, `<a href="#file-giay-to-tuy-than">`, "Bước 2 trên 3"}},
	}
	for _, tt := range tests {
		tt.in.ProcedureCode = p.Code
		d, err := f.dossiers.SaveDraft(ctx, u, "", tt.in)
		if err != nil {
			t.Fatal(err)
		}
		review := "/nop-ho-so/1.001193/kiem-tra?draft=" + d.ID
		b.page(review, 200)
		res, body := b.post(review, url.Values{"_declaration": {"true"}})
		if res.StatusCode != tt.status {
			t.Errorf("%s: submit = %d; want %d", tt.name, res.StatusCode, tt.status)
		}
		webtest.CheckHTML(t, "submit refused: "+tt.name, body)
		mustContain(t, "submit refused: "+tt.name, body, tt.wants...)
		if _, err := f.dossiers.Draft(ctx, u, d.ID); err != nil {
			t.Errorf("%s: the draft is gone after a refused submission: %v", tt.name, err)
		}
	}
	if ds, _, _ := f.dossiers.Mine(ctx, u, 1, 10); len(ds) != 0 {
		t.Errorf("refused submissions filed %d dossiers", len(ds))
	}
}

// errorSummary is the text of a page's error summary, for failure messages.
func errorSummary(body string) string {
	i := strings.Index(body, `class="error-summary"`)
	if i < 0 {
		return "(no error summary)"
	}
	end := strings.Index(body[i:], "</div>")
	if end < 0 {
		end = len(body) - i
	}
	return regexp.MustCompile(`<[^>]+>`).ReplaceAllString(body[i:i+end], " ")
}

// submitted is what a browser sends for a rendered form: each field's value, the checked
// options, a ticked checkbox's "true".
func submitted(fields []*web.FieldView) url.Values {
	vals := url.Values{}
	var walk func([]*web.FieldView)
	walk = func(fields []*web.FieldView) {
		for _, f := range fields {
			switch f.Kind {
			case web.KindGroup:
				walk(f.Fields)
			case web.KindCheckbox:
				if f.Checked {
					vals.Add(f.Path, "true")
				}
			case web.KindRadios, web.KindSelect, web.KindCheckboxes:
				for _, o := range f.Options {
					if o.Selected {
						vals.Add(f.Path, o.Value)
					}
				}
				if f.Kind == web.KindSelect && !vals.Has(f.Path) {
					vals.Set(f.Path, "")
				}
			default:
				vals.Set(f.Path, f.Value)
			}
		}
	}
	walk(fields)
	return vals
}

// TestEvaluationLabels checks that every indicator the applicant scores has a label for each
// score.
func TestEvaluationLabels(t *testing.T) {
	msg := newDemoFixture(t).h.Messages()
	for _, ind := range workflow.Indicators {
		if ind.Citizen {
			for s := range 3 {
				if !msg.Has(fmt.Sprintf("eval.%s.%d", ind.Key, s)) {
					t.Errorf("indicator %s has no label for %d", ind.Key, s)
				}
			}
		}
	}
}

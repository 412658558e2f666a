package backoffice

import (
	"bytes"
	"context"
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
	"time"

	"golang.org/x/net/html"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/applicant"
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
	// The applicant's pages too: the tests submit dossiers as citizens and follow them.
	appl, err := applicant.New(site, applicant.Deps{Catalog: f.catalog, Org: f.org, Identity: f.identity, Dossiers: f.dossiers, Workflow: f.workflow})
	if err != nil {
		t.Fatal(err)
	}
	f.h, err = New(site, Deps{Catalog: f.catalog, Org: f.org, Dossiers: f.dossiers, Workflow: f.workflow})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	site.Register(mux)
	appl.Register(mux)
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

func mustUser(t *testing.T, f *demoFixture, username string) *org.User {
	t.Helper()
	u, err := f.org.User(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// testPages are the back office's pages on a site of their own, for the messages the tests
// expect; langVI is Vietnamese with those messages.
var (
	testPages = func() *web.Pages {
		site, err := web.NewSite(web.Config{Org: org.NewStore(nil), Identity: identity.NewStore(nil)})
		if err != nil {
			panic(err)
		}
		p, err := site.Pages(embedded, pageNames...)
		if err != nil {
			panic(err)
		}
		return p
	}()
	langVI = testPages.Lang(i18n.VI)
)

func tr(l web.Lang, key string, args ...any) string { return l.T(key, args...) }
func hasKey(key string) bool                        { return testPages.Messages().Has(key) }

// viDate is a YYYY-MM-DD date as the Vietnamese pages write it.
func viDate(s string) string {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return d.Format("02/01/2006")
}

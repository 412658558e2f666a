package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
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

// fixture is the site alone on a real SQLite database, behind a session middleware like
// internal/server's.
type fixture struct {
	s        *Site
	mux      http.Handler
	org      *org.Store
	identity *identity.Store
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	d := dbtest.SQLite(t)
	f := &fixture{org: org.NewStore(d), identity: identity.NewStore(d)}
	var err error
	if f.s, err = NewSite(Config{Org: f.org, Identity: f.identity}); err != nil {
		t.Fatalf("NewSite: %v", err)
	}
	mux := http.NewServeMux()
	f.s.Register(mux)
	f.mux = withSession(f.identity, mux)
	return f
}

// withSession resolves the session cookie into the signed-in user, as internal/server's
// middleware does in front of the pages.
func withSession(ids *identity.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
			if u, err := ids.SessionUser(r.Context(), c.Value); err == nil {
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
	css := f.s.assets["style.css"]
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

func TestNewSiteRequiresStores(t *testing.T) {
	if _, err := NewSite(Config{}); err == nil {
		t.Error("NewSite without stores succeeded; want an error")
	}
	if _, err := NewSite(Config{Org: org.NewStore(nil)}); err == nil {
		t.Error("NewSite without an identity store succeeded; want an error")
	}
}

package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
)

func ptr[T any](v T) *T { return &v }

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

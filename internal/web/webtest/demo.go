package webtest

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

	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/web"
)

var (
	// PDF is the smallest file that passes as a PDF.
	PDF = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	// EXE is a Windows executable, for uploads named like a PDF.
	EXE = append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), bytes.Repeat([]byte{0}, 200)...)
	// DemoWardCode matches a dossier code of the demo ward 00070 (Circular 01/2018 Art. 19).
	DemoWardCode = regexp.MustCompile(`^070\.00\.30\.H26-\d{6}-\d{4}$`)
)

// Demo is the demo city (demo.Seed) on a SQLite test database, its pages served by a real HTTP
// server behind the session middleware, with a 1 MB upload limit.
type Demo struct {
	*Stores
	URL string
}

// NewDemo seeds the demo city, builds the stores and the site, and serves the site's routes
// and those that build returns: the audience packages the test needs, which webtest cannot
// import itself (their tests import webtest). The site logs its warnings and errors to t.
func NewDemo(t *testing.T, build func(site *web.Site, d *Demo) ([]Routes, error)) *Demo {
	t.Helper()
	d := &Demo{Stores: newStores(t, dbtest.SQLite(t))}
	d.Dossiers.MaxUpload = 1 << 20
	if err := demo.Seed(context.Background(), slog.New(slog.DiscardHandler), d.Org, d.Identity, d.Catalog); err != nil {
		t.Fatal(err)
	}
	site, err := web.NewSite(web.Config{Org: d.Org, Identity: d.Identity,
		Logger: slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		t.Fatal(err)
	}
	routes, err := build(site, d)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewServer(d.Identity, append([]Routes{site}, routes...)...).Handler)
	t.Cleanup(srv.Close)
	d.URL = srv.URL
	return d
}

// testLog writes the site's log to the test's log.
type testLog struct{ t *testing.T }

func (l testLog) Write(b []byte) (int, error) {
	l.t.Helper()
	l.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// Browser is a web browser without JavaScript: it keeps cookies, posts forms and follows
// nothing by itself, so that tests see every redirect.
type Browser struct {
	t    *testing.T
	base string
	c    *http.Client
}

// Browser returns a new browser, with no cookies, on d's server.
func (d *Demo) Browser(t *testing.T) *Browser {
	jar, _ := cookiejar.New(nil)
	return &Browser{t: t, base: d.URL, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Do sends req and returns the response with its body read.
func (b *Browser) Do(req *http.Request) (*http.Response, string) {
	b.t.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

// Get gets path.
func (b *Browser) Get(path string) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest("GET", b.base+path, nil)
	return b.Do(req)
}

// Post posts vals to path as a form.
func (b *Browser) Post(path string, vals url.Values) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest("POST", b.base+path, strings.NewReader(vals.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.Do(req)
}

// Upload is a file chosen in a form's file input Field.
type Upload struct {
	Field, Name string
	Data        []byte
}

// Multipart posts vals and files as multipart/form-data, files after the fields of the same
// form as browsers order them (here simply fields first).
func (b *Browser) Multipart(path string, vals url.Values, files ...Upload) (*http.Response, string) {
	b.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range vals {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		w, _ := mw.CreateFormFile(f.Field, f.Name)
		w.Write(f.Data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.Do(req)
}

// Page gets path in English, then in Vietnamese (leaving the language Vietnamese), checking
// both with CheckHTML and for untranslated messages; it returns the Vietnamese page.
func (b *Browser) Page(path string, status int) string {
	b.t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	var vi string
	for _, l := range []string{"en", "vi"} {
		res, body := b.Get(path + sep + "lang=" + l)
		if res.StatusCode != status {
			b.t.Fatalf("GET %s?lang=%s = %d; want %d\n%s", path, l, res.StatusCode, status, body)
		}
		if !strings.Contains(body, `<html lang="`+l+`">`) {
			b.t.Errorf("GET %s?lang=%s: not in %s", path, l, l)
		}
		if m := MissingKey.FindString(body); m != "" {
			b.t.Errorf("GET %s?lang=%s: untranslated message %s", path, l, m)
		}
		CheckHTML(b.t, path+" ("+l+")", body)
		vi = body
	}
	return vi
}

// SignIn signs in as the demo user username through the sign-in form.
func (b *Browser) SignIn(username string) {
	b.t.Helper()
	res, body := b.Post("/dang-nhap", url.Values{"username": {username}, "password": {demo.Password}})
	if res.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("sign in as %s = %d\n%s", username, res.StatusCode, body)
	}
}

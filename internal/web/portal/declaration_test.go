package portal

import (
	"context"
	"mime"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/webtest"
)

// TestDeclarationLinks: in the demo city, every procedure's page links its printable
// declaration (Đăng ký khai sinh showed "Mẫu đơn, tờ khai: –"), which answers a PDF to open
// and print that shared caches may keep.
func TestDeclarationLinks(t *testing.T) {
	d := webtest.NewDemo(t, func(site *web.Site, d *webtest.Demo) ([]webtest.Routes, error) {
		h, err := New(site, Deps{Catalog: d.Catalog, Calendar: d.Calendar, Dossiers: d.Dossiers})
		return []webtest.Routes{h}, err
	})
	b := d.Browser(t)
	res, err := d.Catalog.Search(context.Background(), catalog.Query{PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 46 {
		t.Fatalf("the demo city has %d procedures; want 46", res.Total)
	}
	for _, p := range res.Items {
		link := `href="/thu-tuc/` + p.Code + `/to-khai.pdf"`
		_, page := b.Get("/thu-tuc/" + p.Code)
		if !strings.Contains(page, link) {
			t.Errorf("the page of %s (%s) has no link %s", p.Code, p.Name, link)
		}
		r, body := b.Get("/thu-tuc/" + p.Code + "/to-khai.pdf")
		if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-") {
			t.Errorf("GET the declaration of %s = %d %s, %q…; want 200 application/pdf", p.Code, r.StatusCode,
				r.Header.Get("Content-Type"), body[:min(len(body), 8)])
			continue
		}
		disp, params, err := mime.ParseMediaType(r.Header.Get("Content-Disposition"))
		if err != nil || disp != "inline" || params["filename"] != "to-khai-"+p.Code+".pdf" {
			t.Errorf("the declaration of %s: Content-Disposition %q; want inline, filename to-khai-%s.pdf",
				p.Code, r.Header.Get("Content-Disposition"), p.Code)
		}
		if cc := r.Header.Get("Cache-Control"); cc != "public, max-age=3600" {
			t.Errorf("the declaration of %s: Cache-Control %q; want public, max-age=3600", p.Code, cc)
		}
	}

	// The khai sinh page links it from the declarations' template cells, in both languages.
	page := b.Page("/thu-tuc/1.001193", http.StatusOK)
	webtest.MustContain(t, "the khai sinh page", page,
		`<span lang="vi">Tờ khai đăng ký khai sinh (mẫu ban hành kèm theo Thông tư số 04/2020/TT-BTP)</span><br><a href="/thu-tuc/1.001193/to-khai.pdf" type="application/pdf">Tải tờ khai in sẵn (PDF)</a>`)
}

// TestDeclarationRoute: the declaration's address answers like the procedure page's: 404 for
// an unknown or malformed code, a localised code redirected; and the PDF revalidates with its
// ETag, and is not for shared caches when ?lang= sets the language cookie.
func TestDeclarationRoute(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/thu-tuc/9.999999/to-khai.pdf", "/thu-tuc/abc/to-khai.pdf"} {
		if res, body := f.do(t, "GET", path, nil); res.StatusCode != http.StatusNotFound || !strings.Contains(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("GET %s = %d %s; want the 404 page\n%s", path, res.StatusCode, res.Header.Get("Content-Type"), body)
		}
	}
	res, _ := f.do(t, "GET", "/thu-tuc/1.001193.000.00.00.H26/to-khai.pdf", nil)
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusMovedPermanently || loc != "/thu-tuc/1.001193/to-khai.pdf" {
		t.Errorf("GET a localised code = %d Location %q; want 301 to /thu-tuc/1.001193/to-khai.pdf", res.StatusCode, loc)
	}

	res, body := f.do(t, "GET", "/thu-tuc/1.001193/to-khai.pdf", nil)
	etag := res.Header.Get("ETag")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(body, "%PDF-") || etag == "" || res.Header.Get("Last-Modified") == "" {
		t.Fatalf("GET the declaration = %d, ETag %q, Last-Modified %q; want 200 with both", res.StatusCode, etag, res.Header.Get("Last-Modified"))
	}
	if v := res.Header.Values("Vary"); !strings.Contains(strings.Join(v, ","), "Cookie") {
		t.Errorf("Vary = %q; want Cookie (the language)", v)
	}
	if res, _ := f.do(t, "GET", "/thu-tuc/1.001193/to-khai.pdf", nil, "If-None-Match: "+etag); res.StatusCode != http.StatusNotModified {
		t.Errorf("GET with If-None-Match = %d; want 304", res.StatusCode)
	}
	if res, body := f.do(t, "HEAD", "/thu-tuc/1.001193/to-khai.pdf", nil); res.StatusCode != http.StatusOK || body != "" {
		t.Errorf("HEAD = %d with %d bytes; want 200 and no body", res.StatusCode, len(body))
	}
	res, _ = f.do(t, "GET", "/thu-tuc/1.001193/to-khai.pdf?lang=en", nil)
	if cc := res.Header.Get("Cache-Control"); res.StatusCode != http.StatusOK || !strings.HasPrefix(cc, "private") {
		t.Errorf("GET ?lang=en = %d, Cache-Control %q; want 200, private (it sets the language cookie)", res.StatusCode, cc)
	}
}

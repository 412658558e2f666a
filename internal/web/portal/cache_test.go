package portal

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/httpcache"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/news"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web/webtest"
)

// cachedFixture is the portal of newFixture with the news, whose articles a procedure's page
// lists, and a clock.
type cachedFixture struct {
	*fixture
	h     *Handler
	srv   *webtest.Server
	news  *news.Store
	clock *time.Time
}

func newCachedFixture(t *testing.T) *cachedFixture {
	t.Helper()
	f := newFixture(t)
	ns := news.NewStore(news.Config{DB: f.stores.DB, Catalog: f.catalog})
	h, err := New(f.site, Deps{Catalog: f.catalog, Calendar: f.calendar, Dossiers: f.dossiers, News: ns})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	h.now = func() time.Time { return now }
	return &cachedFixture{fixture: f, h: h, srv: webtest.NewServer(f.identity, f.site, h), news: ns, clock: &now}
}

func (f *cachedFixture) get(t *testing.T, method, target string, header ...string) (*http.Response, string) {
	t.Helper()
	return f.srv.Do(t, method, target, nil, header...)
}

// cachedPaths are the pages kept in memory for visitors who are not signed in.
var cachedPaths = []string{"/", "/thu-tuc", "/thu-tuc/1.001193"}

// TestCachedPages checks the pages that anonymous visitors get from memory: the same bytes for
// every visitor of a language, made once, with an ETag, public and revalidated, by language;
// a signed-in visitor's page made for them and never stored.
func TestCachedPages(t *testing.T) {
	f := newCachedFixture(t)
	ctx := context.Background()
	if _, err := f.identity.CreateUser(ctx, identity.NewUser{Username: "congdan", Password: "mat-khau-1", FullName: "Nguyễn Văn An", Role: org.RoleCitizen}); err != nil {
		t.Fatal(err)
	}
	signedIn := f.srv.SignIn(t, "congdan", "mat-khau-1")

	for _, path := range cachedPaths {
		t.Run(path, func(t *testing.T) {
			made := f.h.pages.Made()
			res1, body1 := f.get(t, "GET", path)
			res2, body2 := f.get(t, "GET", path)
			if res1.StatusCode != 200 || res2.StatusCode != 200 || body1 != body2 {
				t.Fatalf("two anonymous GET %s: %d and %d, bodies equal %v", path, res1.StatusCode, res2.StatusCode, body1 == body2)
			}
			if n := f.h.pages.Made() - made; n != 1 {
				t.Errorf("two anonymous GET %s rendered the page %d times; want 1 (the second from memory)", path, n)
			}
			webtest.CheckHTML(t, path, body1)
			etag := res1.Header.Get("ETag")
			if etag == "" || res2.Header.Get("ETag") != etag {
				t.Errorf("GET %s: ETag %q then %q", path, etag, res2.Header.Get("ETag"))
			}
			if cc := res1.Header.Get("Cache-Control"); cc != "public, no-cache" {
				t.Errorf("GET %s: Cache-Control %q; want public, no-cache", path, cc)
			}
			if v := strings.Join(res1.Header.Values("Vary"), ", "); v != "Cookie, Accept-Language, Accept-Encoding" {
				t.Errorf("GET %s: Vary %q; want Cookie, Accept-Language, Accept-Encoding", path, v)
			}
			if res1.Header.Get("Content-Type") != "text/html; charset=utf-8" || res1.Header.Get("Content-Language") != "vi" {
				t.Errorf("GET %s: Content-Type %q, Content-Language %q", path, res1.Header.Get("Content-Type"), res1.Header.Get("Content-Language"))
			}

			// Revalidation, HEAD and gzip are the same page.
			if res, body := f.get(t, "GET", path, "If-None-Match: "+etag); res.StatusCode != http.StatusNotModified || body != "" {
				t.Errorf("GET %s If-None-Match its ETag = %d with %d bytes; want 304 and none", path, res.StatusCode, len(body))
			}
			if res, body := f.get(t, "HEAD", path); res.StatusCode != 200 || body != "" || res.Header.Get("Content-Length") != strconv.Itoa(len(body1)) {
				t.Errorf("HEAD %s = %d, %d bytes, Content-Length %s; want 200, none, %d", path, res.StatusCode, len(body), res.Header.Get("Content-Length"), len(body1))
			}
			res, zipped := f.get(t, "GET", path, "Accept-Encoding: gzip")
			zr, err := gzip.NewReader(strings.NewReader(zipped))
			if res.Header.Get("Content-Encoding") != "gzip" || err != nil {
				t.Fatalf("GET %s with gzip: Content-Encoding %q, %v", path, res.Header.Get("Content-Encoding"), err)
			}
			if plain, _ := io.ReadAll(zr); !bytes.Equal(plain, []byte(body1)) {
				t.Errorf("GET %s with gzip: not the page's bytes", path)
			}

			// An invalid session cookie is no sign-in, nor are other cookies.
			if res, body := f.get(t, "GET", path, "Cookie: motcua_session=forged; other=1"); body != body1 || res.Header.Get("Cache-Control") != "public, no-cache" {
				t.Errorf("GET %s with a forged session: not the anonymous page (Cache-Control %q)", path, res.Header.Get("Cache-Control"))
			}

			// English is another page, the same whichever way it was chosen; the answer that sets
			// the lang cookie is private.
			enAccept, en := f.get(t, "GET", path, "Accept-Language: en")
			enCookie, en2 := f.get(t, "GET", path, "Cookie: lang=en")
			enQuery, en3 := f.get(t, "GET", path+"?lang=en")
			if en == body1 || !strings.Contains(en, `<html lang="en">`) || en2 != en || en3 != en {
				t.Errorf("GET %s in English: differs from Vietnamese %v; by cookie and by query the same %v, %v", path, en != body1, en2 == en, en3 == en)
			}
			if enAccept.Header.Get("ETag") == etag || enCookie.Header.Get("ETag") != enAccept.Header.Get("ETag") {
				t.Errorf("GET %s: English ETag %q, by cookie %q, Vietnamese %q", path, enAccept.Header.Get("ETag"), enCookie.Header.Get("ETag"), etag)
			}
			if cc := enQuery.Header.Get("Cache-Control"); cc != "private, no-cache" || enQuery.Header.Get("Set-Cookie") == "" {
				t.Errorf("GET %s?lang=en: Cache-Control %q, Set-Cookie %q; want private, no-cache with the cookie", path, cc, enQuery.Header.Get("Set-Cookie"))
			}
			if !strings.Contains(en, `href="`+path+`?lang=vi"`) || !strings.Contains(body1, `href="`+path+`?lang=en"`) {
				t.Errorf("GET %s: the language switch does not link this page in the other language", path)
			}

			// A signed-in visitor gets their own page, never stored.
			res, mine := f.get(t, "GET", path, signedIn)
			if !strings.Contains(mine, "Nguyễn Văn An") || strings.Contains(body1, "Nguyễn Văn An") {
				t.Errorf("GET %s signed in: the page does not name the visitor, or the anonymous one does", path)
			}
			if res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("ETag") != "" {
				t.Errorf("GET %s signed in: Cache-Control %q, ETag %q; want no-store and none", path, res.Header.Get("Cache-Control"), res.Header.Get("ETag"))
			}
			if res, _ := f.get(t, "GET", path, signedIn, "If-None-Match: "+etag); res.StatusCode != 200 {
				t.Errorf("GET %s signed in with the anonymous ETag = %d; want 200", path, res.StatusCode)
			}
		})
	}

	// Anything else in the query is the page made for the request, as before.
	made := f.h.pages.Made()
	if res, body := f.get(t, "GET", "/thu-tuc?q=khai+sinh"); res.StatusCode != 200 || res.Header.Get("ETag") != "" || !strings.Contains(body, `href="/thu-tuc/1.001193"`) {
		t.Errorf("GET /thu-tuc?q=khai+sinh: %d, ETag %q", res.StatusCode, res.Header.Get("ETag"))
	}
	if f.h.pages.Made() != made || f.h.pages.Len() != 2*len(cachedPaths) {
		t.Errorf("a search was kept: %d pages kept", f.h.pages.Len())
	}
	// A procedure that does not exist is the 404 page, not kept.
	if res, _ := f.get(t, "GET", "/thu-tuc/9.999999"); res.StatusCode != 404 || f.h.pages.Len() != 2*len(cachedPaths) {
		t.Errorf("GET /thu-tuc/9.999999 = %d, %d pages kept", res.StatusCode, f.h.pages.Len())
	}
}

// TestCachedPagesFollowTheirData checks that a kept page is made again when what it shows
// changes: a decision, an article about the procedure, the day.
func TestCachedPagesFollowTheirData(t *testing.T) {
	f := newCachedFixture(t)
	ctx := context.Background()
	before := map[string]string{}
	for _, path := range cachedPaths {
		_, before[path] = f.get(t, "GET", path)
	}

	// A decision: a procedure renamed, another published in a new field.
	renamed := proc("1.001193", "Thủ tục đăng ký khai sinh (sửa đổi)", "Hộ tịch")
	added := proc("4.000001", "Thủ tục cấp phép thử nghiệm mới", "Lĩnh vực mới")
	if _, err := f.catalog.ApplyDecision(ctx, catalogAdmin, &catalog.Decision{Number: "4/QĐ-UBND", SignedOn: "2026-12-01",
		Amend: []catalog.Procedure{renamed}, Publish: []catalog.Procedure{added}}); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{"/": "Lĩnh vực mới", "/thu-tuc": "Thủ tục cấp phép thử nghiệm mới",
		"/thu-tuc/1.001193": "Thủ tục đăng ký khai sinh (sửa đổi)"} {
		res, body := f.get(t, "GET", path, "If-None-Match: "+etagOf(before[path]))
		if res.StatusCode != 200 || !strings.Contains(body, want) {
			t.Errorf("GET %s after a decision: %d, shows %q: %v", path, res.StatusCode, want, strings.Contains(body, want))
		}
	}

	// An article about the procedure, published later.
	editor, err := f.identity.CreateUser(ctx, identity.NewUser{Username: "bientap", Password: "mat-khau-1", Role: org.RoleEditor, AgencyCode: "UBTP"})
	if err != nil {
		t.Fatal(err)
	}
	_, page := f.get(t, "GET", "/thu-tuc/1.001193")
	if _, err := f.news.Create(ctx, editor, news.Input{Title: "Khai sinh trực tuyến từ tháng 12", Summary: "Tóm tắt", Body: "Nội dung",
		Category: news.News, Procedures: []string{"1.001193"}}); err != nil {
		t.Fatal(err)
	}
	if _, body := f.get(t, "GET", "/thu-tuc/1.001193"); body == page || !strings.Contains(body, "Khai sinh trực tuyến từ tháng 12") {
		t.Error("the procedure page does not list an article published after it was kept")
	}

	// The day: a fee's reductions hold between dates, so a new day makes the page again, an
	// hour of the same day does not.
	made := f.h.pages.Made()
	*f.clock = f.clock.Add(time.Hour)
	f.get(t, "GET", "/thu-tuc/1.001193")
	if n := f.h.pages.Made() - made; n != 0 {
		t.Errorf("an hour later the page was made %d times; want 0", n)
	}
	*f.clock = f.clock.Add(24 * time.Hour)
	f.get(t, "GET", "/thu-tuc/1.001193")
	if n := f.h.pages.Made() - made; n != 1 {
		t.Errorf("the next day the page was made %d times; want 1", n)
	}
}

// etagOf is the ETag the portal gives page.
func etagOf(page string) string {
	return httpcache.New("text/html; charset=utf-8", []byte(page)).ETag
}

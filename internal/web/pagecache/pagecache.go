// Package pagecache keeps public pages rendered once per page, language and generation of the
// data they show, for visitors who are not signed in (issue 15: on the busiest day almost every
// request is such a read), and serves them from memory through internal/httpcache.
package pagecache

import (
	"net/http"
	"sync/atomic"

	"github.com/motcua/motcua/internal/httpcache"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
)

// A Cache keeps pages by path and language. The pages it keeps must show nothing of the request
// but its language: no user, no token, no error, no query but lang; Serve makes their links from
// the page's path alone. Its keys are the callers' (one per procedure, a few fixed pages), so it
// stays bounded by the catalog's size. The zero Cache is ready to use.
type Cache struct {
	c    httpcache.Cache[key]
	made atomic.Int64
}

type key struct {
	path string
	lang i18n.Lang
}

// Made is how many pages c has rendered: a request answered from memory adds none.
func (c *Cache) Made() int64 { return c.made.Load() }

// Len is how many pages c keeps, one per page and language.
func (c *Cache) Len() int { return c.c.Len() }

// Kept pages are public, for a shared cache too, but checked with the server on every use
// (no-cache: a decision shows at once, and the ETag makes the check a 304). They vary by Cookie
// and Accept-Language, which choose the language and whether the visitor is signed in (a
// signed-in visitor's page is no-store), so a shared cache never gives one language or one
// visitor's page for another's. An answer that sets the lang cookie (?lang=) is private: a
// shared cache must not hand that cookie to others.
const (
	public       = "public, no-cache"
	publicCookie = "private, no-cache"
)

// Cacheable reports whether r may be answered from a Cache: a GET or HEAD from a visitor who is
// not signed in (an invalid or expired session cookie is no sign-in), whose query names
// nothing but lang.
func Cacheable(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead || org.UserFrom(r.Context()) != nil {
		return false
	}
	if r.URL.RawQuery == "" {
		return true
	}
	for k := range r.URL.Query() {
		if k != "lang" {
			return false
		}
	}
	return true
}

// Serve answers a Cacheable request for the page at path (its canonical path: the key, and
// what its links are made of) from c: p's page name made with the view fill gives it, once per
// language and generation gen of the data it shows, then served from memory with an ETag
// (If-None-Match answers 304), gzip when accepted, and public Cache-Control. An error of fill
// is answered as p.Fail answers it, and nothing is kept. A request that is not Cacheable gets
// the page made for it, as p.Render sends it.
func (c *Cache) Serve(p *web.Pages, w http.ResponseWriter, r *http.Request, path, gen, name string, fill func(*web.View) error) {
	v := p.NewView(w, r) // sets the lang cookie for ?lang=
	if !Cacheable(r) {
		if err := fill(v); err != nil {
			p.Fail(w, r, v, err)
			return
		}
		p.Render(w, r, http.StatusOK, name, v)
		return
	}
	setCookie := w.Header().Get("Set-Cookie") != ""
	a, err := c.c.Get(key{path, v.L.Lang}, gen, func() (*httpcache.Answer, error) {
		v.At(path)
		if err := fill(v); err != nil {
			return nil, err
		}
		b, err := p.Bytes(name, v)
		if err != nil {
			return nil, err
		}
		c.made.Add(1)
		return httpcache.New("text/html; charset=utf-8", b), nil
	})
	if err != nil {
		p.Fail(w, r, v, err)
		return
	}
	web.VaryLanguage(w.Header(), v)
	cc := public
	if setCookie {
		cc = publicCookie
	}
	a.Serve(w, r, cc)
}

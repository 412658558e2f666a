// Package web is the core of motcua's server-rendered pages: the Site (the language and the
// signed-in user in the view, the layout and its shared partials, rendering, error summaries and
// error pages, static files, template functions and formatting, bounded form parsing, the form
// renderer for a procedure's JSON Schema, the views of a dossier that several audiences show,
// sign-in, sign-out and OpenID Connect) and Pages, one audience's templates and messages parsed
// with that layout. Each audience is its own package with its own New and Register: portal (the
// public catalog, decisions, calendar, tracking), applicant (applying online, drafts, the
// account, one's dossiers), backoffice (inbox, dossier actions, the counter, the register, the
// legal forms) and admin (calendar overrides); a new one (payments, news) touches none of the
// others. Every page works without JavaScript, phone first, in Vietnamese with a complete
// English interface; the GOV.UK Design System is the model for its forms and error messages.
package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web/tmplcheck"
)

// SessionCookie is the name of the cookie that carries a web session's secret. The server's
// middleware reads it to resolve the signed-in user; this package sets and clears it.
const SessionCookie = "motcua_session"

// Config holds the site's dependencies.
type Config struct {
	Org           *org.Store
	Identity      *identity.Store
	OIDC          *identity.OIDC // optional: nil hides "Đăng nhập bằng VNeID"
	Logger        *slog.Logger
	SecureCookies bool // set the Secure flag on cookies (true behind HTTPS)
}

// Site is what every page shares: the language and the signed-in user in the view, the layout
// and its partials, the message catalog of the layout, rendering and the error pages, static
// files, sign-in and sign-out. Each audience parses its own pages with Site.Pages.
type Site struct {
	org      *org.Store
	identity *identity.Store
	oidc     *identity.OIDC
	log      *slog.Logger
	secure   bool
	now      func() time.Time

	msg      *i18n.Catalog // the shared messages, messages/vi.json and messages/en.json
	fsys     fs.FS         // the layout and shared partials
	assets   map[string]*asset
	agencies agencyCache
	core     *Pages // sign-in, the 404 page, the error page
}

// Pages is one audience's page templates, parsed with the layout once per language so that
// the template functions (t, date, …) speak that language, and their message catalog. Every
// page is checked at start; its copy of the layout is made on its first use in a language
// (issue 15: copying the layout into every page of every language was most of a start's CPU
// and 34 MB of the heap, mostly for back-office pages a replica may never show).
type Pages struct {
	*Site
	msg  *i18n.Catalog
	fsys fs.FS
	base [i18n.NumLangs]*template.Template // the layout and the audience's partials
	sets [i18n.NumLangs]map[string]*lazyPage
}

// lazyPage is a page's template in one language, made on first use.
type lazyPage struct {
	once sync.Once
	t    *template.Template
	err  error
}

// corePages are the site's own pages.
var corePages = []string{"signin", "notfound", "error", "form_missing"}

// layoutFiles are parsed into every page: the layout, and the partials that several pages share.
var layoutFiles = []string{"templates/base.html", "templates/fields.html", "templates/casework.html"}

// NewSite builds the site from cfg's Org, OIDC, Logger and SecureCookies: it loads the shared
// messages, the static files and the layout, and fails when any is missing or broken.
func NewSite(cfg Config) (*Site, error) {
	if cfg.Org == nil || cfg.Identity == nil {
		return nil, errors.New("web: Config.Org and Config.Identity are required")
	}
	return newSite(cfg, embedded)
}

// newSite loads the shared messages, the static files and the site's own pages from fsys.
func newSite(cfg Config, fsys fs.FS) (*Site, error) {
	s := &Site{org: cfg.Org, identity: cfg.Identity, oidc: cfg.OIDC, log: cfg.Logger, secure: cfg.SecureCookies, now: time.Now, fsys: fsys}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	var err error
	if s.msg, err = i18n.Load(fsys, "messages"); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	if s.assets, err = loadAssets(fsys); err != nil {
		return nil, err
	}
	if s.core, err = s.parse(fsys, s.msg, corePages); err != nil {
		return nil, err
	}
	return s, nil
}

// SecureCookies reports whether cookies carry the Secure flag (behind HTTPS).
func (s *Site) SecureCookies() bool { return s.secure }

// Log is the site's logger, for the pages' handlers.
func (s *Site) Log() *slog.Logger { return s.log }

// Lang is language l with the pages' messages, as the pages' handlers get it in a view.
func (p *Pages) Lang(l i18n.Lang) Lang { return Lang{l, p.msg} }

// Messages is the catalog the pages speak: the site's messages and the audience's own.
func (p *Pages) Messages() *i18n.Catalog { return p.msg }

// Pages parses an audience's pages, fsys's templates/<name>.html, with the layout and the
// audience's own partials (templates/partials/*.html, defined once for all its pages), and loads
// its messages, fsys's messages/vi.json and messages/en.json, merged with the site's: a key
// defined in both is an error.
func (s *Site) Pages(fsys fs.FS, names ...string) (*Pages, error) {
	own, err := i18n.Load(fsys, "messages")
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	msg, err := i18n.Merge(s.msg, own)
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	return s.parse(fsys, msg, names)
}

// parse checks the pages names of fsys and prepares them with the layout, their template
// functions speaking msg: a page that does not parse, lacks a block or names an unknown message
// fails here, at start; its copy of the layout is made by page.
func (s *Site) parse(fsys fs.FS, msg *i18n.Catalog, names []string) (*Pages, error) {
	p := &Pages{Site: s, msg: msg, fsys: fsys}
	partials, _ := fs.Glob(fsys, "templates/partials/*.html")
	for l := range i18n.NumLangs {
		funcs := s.funcs(Lang{l, msg})
		base, err := template.New("base.html").Funcs(funcs).ParseFS(s.fsys, layoutFiles...)
		if err != nil {
			return nil, fmt.Errorf("web: parse layout: %w", err)
		}
		if base.Lookup("base") == nil {
			return nil, errors.New(`web: templates/base.html does not define "base"`)
		}
		// What several pages of one package show alike is defined once, in its partials.
		if len(partials) > 0 {
			if base, err = base.ParseFS(fsys, partials...); err != nil {
				return nil, fmt.Errorf("web: parse partials: %w", err)
			}
		}
		if l == 0 {
			if err := tmplcheck.Keys(base, msg); err != nil {
				return nil, fmt.Errorf("web: layout and partials: %w", err)
			}
			// Each page alone, once: the languages share its text and its keys.
			for _, name := range names {
				t, err := template.New(name).Funcs(funcs).ParseFS(fsys, "templates/"+name+".html")
				if err != nil {
					return nil, fmt.Errorf("web: parse page %s: %w", name, err)
				}
				for _, block := range []string{"title", "main"} {
					if t.Lookup(block) == nil {
						return nil, fmt.Errorf("web: templates/%s.html does not define %q", name, block)
					}
				}
				if err := tmplcheck.Keys(t, msg); err != nil {
					return nil, fmt.Errorf("web: templates/%s.html: %w", name, err)
				}
			}
		}
		p.base[l] = base
		p.sets[l] = make(map[string]*lazyPage, len(names))
		for _, name := range names {
			p.sets[l][name] = &lazyPage{}
		}
	}
	return p, nil
}

// page is page name in language l, the layout copied into it on first use.
func (p *Pages) page(l i18n.Lang, name string) (*template.Template, error) {
	lp := p.sets[l][name]
	if lp == nil {
		return nil, fmt.Errorf("web: no page %q", name)
	}
	lp.once.Do(func() {
		t, err := p.base[l].Clone()
		if err == nil {
			t, err = t.ParseFS(p.fsys, "templates/"+name+".html")
		}
		lp.t, lp.err = t, err
	})
	return lp.t, lp.err
}

// Mux is where a package registers its routes: an *http.ServeMux, or a recorder that lists
// them (the tests that walk every page).
type Mux interface {
	HandleFunc(pattern string, handler func(http.ResponseWriter, *http.Request))
}

// Register mounts the site's routes on mux: static files, signing in and out.
func (s *Site) Register(mux Mux) {
	mux.HandleFunc("GET /static/", s.static)
	mux.HandleFunc("GET /dang-nhap", s.signInForm)
	mux.HandleFunc("POST /dang-nhap", s.signIn)
	mux.HandleFunc("POST /dang-xuat", s.signOut)
	mux.HandleFunc("GET "+oidcPath, s.oidcStart)
	mux.HandleFunc("GET "+oidcPath+"/callback", s.oidcCallback)
}

// View is what every page template receives.
type View struct {
	Lang      string // "vi" or "en": the interface language
	OtherLang string
	SwitchURL string // this page in the other language
	SignInURL string // the sign-in page, coming back here
	User      *org.User
	UserName  string

	// Errors is the error summary; FieldErrors the message by input id, for the inputs.
	Errors      []ViewError
	FieldErrors map[string]string

	Prev, Next string // pagination, for <link rel>
	Data       any    // the page's own data

	NoStore bool // the page shows personal data to an anonymous visitor: never cache it
	L       Lang // the language, with the messages of the page set
}

// ViewError is one entry of the error summary; ID names the input it links to, if any.
type ViewError struct {
	ID, Message string
}

// NewView resolves the language (setting the lang cookie when asked) and the signed-in user,
// for a page of p.
func (p *Pages) NewView(w http.ResponseWriter, r *http.Request) *View {
	l := p.language(w, r)
	v := &View{Lang: l.String(), OtherLang: l.Other().String(), FieldErrors: map[string]string{}, L: Lang{l, p.msg}}
	q := r.URL.Query()
	q.Set("lang", v.OtherLang)
	v.SwitchURL = r.URL.EscapedPath() + "?" + q.Encode()
	v.SignInURL = signInURL(r.Method, r.URL)
	if u := org.UserFrom(r.Context()); u != nil {
		v.User, v.UserName = u, u.FullName
		if v.UserName == "" {
			v.UserName = u.Username
		}
	}
	return v
}

// signInURL is the sign-in page, coming back to u after signing in when it was asked for with
// method (a page read with GET other than the home page and sign-in's own).
func signInURL(method string, u *url.URL) string {
	if method == http.MethodGet && u.Path != "/dang-nhap" && u.Path != "/" {
		return "/dang-nhap?" + url.Values{"next": {localURI(u)}}.Encode()
	}
	return "/dang-nhap"
}

// localURI is u's path and query without the lang parameter.
func localURI(u *url.URL) string {
	q := u.Query()
	q.Del("lang")
	if len(q) == 0 {
		return u.EscapedPath()
	}
	return u.EscapedPath() + "?" + q.Encode()
}

// AddError records an error for the summary; id is the input it concerns ("" for none).
func (v *View) AddError(id, msg string) {
	v.Errors = append(v.Errors, ViewError{ID: id, Message: msg})
	if id != "" && v.FieldErrors[id] == "" {
		v.FieldErrors[id] = msg
	}
}

// AddInOrder records errs for the summary in the order of the page's inputs, ids: errors for
// no input, or for an input the page lacks, come first and link nowhere.
func (v *View) AddInOrder(errs []ViewError, ids ...string) {
	for _, e := range errs {
		if !slices.Contains(ids, e.ID) {
			v.AddError("", e.Message)
		}
	}
	for _, id := range ids {
		for _, e := range errs {
			if e.ID == id {
				v.AddError(id, e.Message)
			}
		}
	}
}

// AddFieldErrors records an apperr's field errors in the view's language, linking each to the
// input of the same name when the page has one.
func (v *View) AddFieldErrors(e *apperr.Error, inputs ...string) {
	l := v.L
	for _, f := range e.Fields {
		msg := f.Message
		if l.EN() && f.MessageEn != "" {
			msg = f.MessageEn
		}
		id := ""
		for _, in := range inputs {
			if f.Path == in {
				id = in
			}
		}
		v.AddError(id, msg)
	}
	if len(e.Fields) == 0 {
		msg := e.Message
		if l.EN() && e.MessageEn != "" {
			msg = e.MessageEn
		}
		v.AddError("", msg)
	}
}

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Render executes page name into a buffer and sends it with status; a template failure is
// logged and answered with a plain 500 so that nothing half-written reaches the browser.
func (p *Pages) Render(w http.ResponseWriter, r *http.Request, status int, name string, v *View) {
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer buffers.Put(buf)
	if err := p.execute(buf, name, v); err != nil {
		p.log.ErrorContext(r.Context(), "web: render", "page", name, "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	VaryLanguage(hdr, v)
	if v.User != nil || name == "signin" || v.NoStore {
		hdr.Set("Cache-Control", "no-store")
	} else {
		hdr.Set("Cache-Control", "private, no-cache")
	}
	hdr.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// execute writes page name with v into buf.
func (p *Pages) execute(buf *bytes.Buffer, name string, v *View) error {
	t, err := p.page(v.L.Lang, name)
	if err != nil {
		return err
	}
	return t.ExecuteTemplate(buf, "base", v)
}

// Bytes is page name made with v, for a page kept and served again (internal/web/pagecache).
func (p *Pages) Bytes(name string, v *View) ([]byte, error) {
	var buf bytes.Buffer
	err := p.execute(&buf, name, v)
	return buf.Bytes(), err
}

// At makes v's links (the language switch, signing in and back) those of the page at path read
// with GET and no query but lang, whatever the request's spelling of it: a kept page's.
func (v *View) At(path string) {
	u := &url.URL{Path: path}
	v.SwitchURL = u.EscapedPath() + "?" + url.Values{"lang": {v.OtherLang}}.Encode()
	v.SignInURL = signInURL(http.MethodGet, u)
}

// VaryLanguage states a page's language and what chose it: the lang and session cookies, and
// Accept-Language on a first visit.
func VaryLanguage(hdr http.Header, v *View) {
	hdr.Set("Content-Language", v.Lang)
	hdr.Add("Vary", "Cookie")
	hdr.Add("Vary", "Accept-Language")
}

// Fail answers a request that a domain call could not serve: the 404 page for a missing
// record, otherwise the error page with the kind's status. Internal errors are logged here,
// once, and the citizen sees only a safe message.
func (s *Site) Fail(w http.ResponseWriter, r *http.Request, v *View, err error) {
	kind := apperr.KindOf(err)
	if kind == apperr.KindNotFound {
		s.core.Render(w, r, http.StatusNotFound, "notfound", v)
		return
	}
	status := apperr.Status(kind)
	if kind == apperr.KindInternal {
		if errors.Is(err, context.Canceled) {
			s.log.InfoContext(r.Context(), "web: request canceled", "path", r.URL.Path)
		} else {
			s.log.ErrorContext(r.Context(), "web: request failed", "path", r.URL.Path, "err", err)
		}
	}
	v.Data = errorData{Status: status}
	s.core.Render(w, r, status, "error", v)
}

// errorData is the error page's: the status, and for a 403 who the page is for ("admin",
// "citizen", "reception" or "officer").
type errorData struct {
	Status int
	For    string
}

// Refuse answers a request refused before any page saw it (by the server's middleware) with the
// error page for err's kind.
func (s *Site) Refuse(w http.ResponseWriter, r *http.Request, err error) {
	s.Fail(w, r, s.core.NewView(w, r), err)
}

// NotFound renders the 404 page.
func (s *Site) NotFound(w http.ResponseWriter, r *http.Request) {
	s.core.Render(w, r, http.StatusNotFound, "notfound", s.core.NewView(w, r))
}

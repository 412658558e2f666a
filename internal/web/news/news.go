// Package news is the portal's news pages (no script needed): the list of articles with a
// category filter and a search (/tin-tuc), an article with its related articles, linked
// procedures, approved comments and a form to comment (/tin-tuc/{slug}), Atom and RSS feeds per
// category, and the editors' pages (/bien-tap: writing, the editorial flow, the version history
// and the comment moderation queue). Rules, visibility and the rate limit on comments are
// internal/news's.
package news

import (
	"embed"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/news"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
)

//go:embed templates/*.html messages/*.json
var embedded embed.FS

var pageNames = []string{"list", "article", "desk", "edit", "history", "queue"}

// Paths of the pages.
const (
	Path      = "/tin-tuc"
	DeskPath  = "/bien-tap"
	QueuePath = "/bien-tap/binh-luan"
	NewPath   = "/bien-tap/moi"
)

// ArticlePath is an article's public page.
func ArticlePath(slug string) string { return Path + "/" + slug }

// EditPath is an article's page for its editors.
func EditPath(slug string) string { return DeskPath + "/bai/" + slug }

// Deps are the stores the pages use.
type Deps struct {
	News    *news.Store
	Catalog *catalog.Store // names the linked procedures
	// BaseURL is the portal's absolute address, for the feeds' links ("" uses the request's host).
	BaseURL string
	Now     func() time.Time // nil: time.Now
}

// Handler serves the news pages.
type Handler struct {
	*web.Pages
	site *web.Site
	news *news.Store
	cat  *catalog.Store
	base string
	now  func() time.Time
}

// New parses the pages with the site's layout.
func New(site *web.Site, d Deps) (*Handler, error) {
	if site == nil || d.News == nil || d.Catalog == nil {
		return nil, errors.New("news: the site, the news and the catalog stores are required")
	}
	p, err := site.Pages(embedded, pageNames...)
	if err != nil {
		return nil, err
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Handler{Pages: p, site: site, news: d.News, cat: d.Catalog, base: d.BaseURL, now: d.Now}, nil
}

// Register mounts the routes on mux.
func (h *Handler) Register(mux web.Mux) {
	mux.HandleFunc("GET "+Path, h.list)
	mux.HandleFunc("GET "+Path+"/atom.xml", h.atom)
	mux.HandleFunc("GET "+Path+"/rss.xml", h.rss)
	mux.HandleFunc("GET "+Path+"/{slug}", h.article)
	mux.HandleFunc("GET "+news.ImagePath+"{sum}", h.image)
	mux.HandleFunc("POST "+Path+"/{slug}/binh-luan", h.comment)
	mux.HandleFunc("GET "+DeskPath, h.desk)
	mux.HandleFunc("GET "+NewPath, h.editForm)
	mux.HandleFunc("POST "+NewPath, h.save)
	mux.HandleFunc("GET "+DeskPath+"/bai/{slug}", h.editForm)
	mux.HandleFunc("POST "+DeskPath+"/bai/{slug}", h.save)
	mux.HandleFunc("POST "+DeskPath+"/bai/{slug}/trang-thai", h.move)
	mux.HandleFunc("POST "+DeskPath+"/bai/{slug}/anh", h.upload)
	mux.HandleFunc("GET "+DeskPath+"/bai/{slug}/lich-su", h.history)
	mux.HandleFunc("GET "+QueuePath, h.queue)
	mux.HandleFunc("POST "+QueuePath+"/{id}", h.moderate)
}

// labels names categories and statuses in the page's language.
type labels struct{ l web.Lang }

// Cat is a category's name.
func (b labels) Cat(c news.Category) string { return b.l.T("news.cat." + string(c)) }

// Status is an editorial status's name.
func (b labels) Status(s news.Status) string { return b.l.T("news.status." + string(s)) }

// Move names the button that takes an article to status s.
func (b labels) Move(s news.Status) string { return b.l.T("edit.move." + string(s)) }

// Categories lists every category.
func (labels) Categories() []news.Category { return news.Categories }

// text is an article's text in the language shown: English to English readers when the
// article has it, else Vietnamese (Lang says which, for the lang attribute). Body is rendered
// for the article's own page alone (withBody): lists and feeds show the summary.
type text struct {
	Lang             string
	Title, Summary   string
	Body             template.HTML
	EnglishMissing   bool
	Slug             string
	Category         news.Category
	PublishAt        time.Time
	Views            int
	Tags, Procedures []string
}

func textOf(a *news.Article, en, withBody bool) text {
	t := text{Lang: "vi", Title: a.Title, Summary: a.Summary, Slug: a.Slug, Category: a.Category, PublishAt: a.PublishAt,
		Views: int(a.Views), Tags: a.Tags, Procedures: a.Procedures}
	body := a.Body
	if en && a.HasEnglish() {
		t.Lang, t.Title, body = "en", a.TitleEn, a.BodyEn
		if a.SummaryEn != "" {
			t.Summary = a.SummaryEn
		}
	} else {
		t.EnglishMissing = en
	}
	if withBody {
		t.Body = news.HTML(body)
	}
	return t
}

type listData struct {
	labels
	Q, Tag           string
	Category         news.Category
	Items            []text
	Total            int
	Page, Pages      int
	PrevURL, NextURL string
	FeedQuery        string
}

// list is the public list: newest first, filtered by category and tag, searched by words.
func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	q := r.URL.Query()
	d := listData{labels: labels{v.L}, Q: q.Get("q"), Tag: q.Get("tag"), Category: news.Category(q.Get("chuyen-muc"))}
	page, ok := web.PageParam(q.Get("page"))
	if !ok {
		v.AddError("", v.L.T("err.page"))
		v.Data = d
		h.Render(w, r, http.StatusBadRequest, "list", v)
		return
	}
	as, total, err := h.news.List(r.Context(), nil, news.Query{Q: d.Q, Tag: d.Tag, Category: d.Category, Page: page, PerPage: web.PerPage})
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindUnprocessable {
		v.AddFieldErrors(e, "q", "chuyen-muc")
		v.Data = d
		h.Render(w, r, http.StatusUnprocessableEntity, "list", v)
		return
	}
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	for _, a := range as {
		d.Items = append(d.Items, textOf(a, v.L.EN(), false))
	}
	d.Total, d.Page, d.Pages = total, page, max(1, (total+web.PerPage-1)/web.PerPage)
	at := func(p int) string {
		qq := url.Values{}
		for k, val := range map[string]string{"q": d.Q, "tag": d.Tag, "chuyen-muc": string(d.Category)} {
			if val != "" {
				qq.Set(k, val)
			}
		}
		if p > 1 {
			qq.Set("page", strconv.Itoa(p))
		}
		if len(qq) == 0 {
			return Path
		}
		return Path + "?" + qq.Encode()
	}
	if page > 1 {
		d.PrevURL = at(page - 1)
	}
	if page < d.Pages {
		d.NextURL = at(page + 1)
	}
	v.Prev, v.Next = d.PrevURL, d.NextURL
	if d.Category != "" {
		d.FeedQuery = "?chuyen-muc=" + url.QueryEscape(string(d.Category))
	}
	v.Data = d
	h.Render(w, r, http.StatusOK, "list", v)
}

type procedureLink struct{ Code, Name string }

type articleData struct {
	labels
	A          text
	Related    []text
	Procedures []procedureLink
	Comments   []*news.Comment
	Total      int
	Sent       bool // a comment was just sent: it awaits moderation
	Name       string
	Email      string
	Body       string
	SignedIn   bool
	Editor     bool
}

// article shows a visible article (to its writers, any) and counts a reader's view.
func (h *Handler) article(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	d, status, err := h.articleData(r, v)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	d.Sent = r.URL.Query().Get("da-gui") == "1"
	v.Data = d
	h.Render(w, r, status, "article", v)
}

func (h *Handler) articleData(r *http.Request, v *web.View) (*articleData, int, error) {
	ctx := r.Context()
	u := org.UserFrom(ctx)
	var a *news.Article
	var err error
	if r.Method == http.MethodGet {
		a, err = h.news.Read(ctx, u, r.PathValue("slug"))
	} else {
		a, err = h.news.Get(ctx, u, r.PathValue("slug"))
	}
	if err != nil {
		return nil, 0, err
	}
	d := &articleData{labels: labels{v.L}, A: textOf(a, v.L.EN(), true), SignedIn: u != nil, Editor: news.MayWrite(u, a.Category)}
	if u != nil {
		d.Name = v.UserName
	}
	rel, err := h.news.Related(ctx, a)
	if err != nil {
		return nil, 0, err
	}
	for _, x := range rel {
		d.Related = append(d.Related, textOf(x, v.L.EN(), false))
	}
	for _, code := range a.Procedures {
		pl := procedureLink{Code: code, Name: code}
		if p, err := h.cat.Current(ctx, code); err == nil {
			pl.Name = p.Name
		}
		d.Procedures = append(d.Procedures, pl)
	}
	if d.Comments, d.Total, err = h.news.Comments(ctx, a.Slug, 1, 100); err != nil && apperr.KindOf(err) != apperr.KindNotFound {
		return nil, 0, err
	}
	return d, http.StatusOK, nil
}

// comment posts a reader's comment; it shows once an editor approves it.
func (h *Handler) comment(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	if !web.ParseActionForm(w, r, v) {
		v.Data = &articleData{labels: labels{v.L}}
		h.site.Fail(w, r, v, apperr.New(apperr.KindInvalid, "bad_form", v.L.Text("signin.err.form")))
		return
	}
	in := news.CommentInput{Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), Body: r.PostFormValue("body")}
	slug := r.PathValue("slug")
	_, err := h.news.Comment(r.Context(), org.UserFrom(r.Context()), web.ClientIP(r), slug, in)
	if err == nil {
		http.Redirect(w, r, ArticlePath(slug)+"?da-gui=1#binh-luan", http.StatusSeeOther)
		return
	}
	e, ok := apperr.As(err)
	if !ok || (e.Kind != apperr.KindUnprocessable && e.Kind != apperr.KindRateLimited) {
		h.site.Fail(w, r, v, err)
		return
	}
	d, _, derr := h.articleData(r, v)
	if derr != nil {
		h.site.Fail(w, r, v, derr)
		return
	}
	d.Name, d.Email, d.Body = in.Name, in.Email, in.Body
	status := http.StatusUnprocessableEntity
	if e.Kind == apperr.KindRateLimited {
		status = http.StatusTooManyRequests
		w.Header().Set("Retry-After", "60")
	}
	v.AddFieldErrors(e, "name", "email", "body")
	v.Data = d
	h.Render(w, r, status, "article", v)
}

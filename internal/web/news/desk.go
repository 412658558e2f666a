package news

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/news"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/web"
)

// The editors' pages: who writes in some category (news.Writes: editors, system
// administrators, the committee office for directives); the store decides the rest.

type deskData struct {
	labels
	Shown    news.Status // the status listed
	Statuses []news.Status
	Items    []*news.Article
	Total    int
	Pending  int // comments awaiting moderation; -1 when the user does not moderate
	Now      time.Time
}

// desk lists articles by status, the most recently changed first.
func (h *Handler) desk(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "editor", DeskPath, news.Writes)
	if !ok {
		return
	}
	st := news.Status(r.URL.Query().Get("trang-thai"))
	if st == "" {
		st = news.Draft
	}
	d := deskData{labels: labels{v.L}, Shown: st, Statuses: []news.Status{news.Draft, news.Review, news.Published, news.Withdrawn},
		Pending: -1, Now: h.now()}
	var err error
	d.Items, d.Total, err = h.news.List(r.Context(), u, news.Query{Status: st, PerPage: 100})
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	if news.MayEdit(u) {
		if _, d.Pending, err = h.news.Queue(r.Context(), u); err != nil {
			h.site.Fail(w, r, v, err)
			return
		}
	}
	v.Data = d
	h.Render(w, r, http.StatusOK, "desk", v)
}

// form is the article form as typed.
type form struct {
	Title, Summary, Body       string
	TitleEn, SummaryEn, BodyEn string
	Category                   string
	Tags, Procedures           string // comma-separated
	PublishAt                  string // dd/mm/yyyy hh:mm, Vietnam's time
	Note                       string
}

type editData struct {
	labels
	Image   string // the image just uploaded, its address
	New     bool
	A       *news.Article // nil for a new article
	F       form
	Moves   []news.Status
	Visible bool
}

// publishLayout is how a publication time is typed and shown in the form.
const publishLayout = "02/01/2006 15:04"

func formOf(a *news.Article) form {
	f := form{Title: a.Title, Summary: a.Summary, Body: a.Body, TitleEn: a.TitleEn, SummaryEn: a.SummaryEn, BodyEn: a.BodyEn,
		Category: string(a.Category), Tags: strings.Join(a.Tags, ", "), Procedures: strings.Join(a.Procedures, ", ")}
	if !a.PublishAt.IsZero() {
		f.PublishAt = a.PublishAt.In(vntime.Location()).Format(publishLayout)
	}
	return f
}

// moves lists where an article may go from its status, in the order the buttons show.
func moves(s news.Status) []news.Status {
	switch s {
	case news.Draft:
		return []news.Status{news.Review, news.Published}
	case news.Review:
		return []news.Status{news.Published, news.Draft}
	case news.Published:
		return []news.Status{news.Withdrawn}
	case news.Withdrawn:
		return []news.Status{news.Draft}
	}
	return nil
}

// editForm shows a new article's form, or an article's with its moves.
func (h *Handler) editForm(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "editor", DeskPath, news.Writes)
	if !ok {
		return
	}
	d := editData{labels: labels{v.L}, New: r.PathValue("slug") == ""}
	if d.New {
		d.F.Category = string(news.News)
		if u.Role == org.RoleOffice {
			d.F.Category = string(news.Directives)
		}
	} else {
		a, err := h.news.Get(r.Context(), u, r.PathValue("slug"))
		if err == nil && !news.MayWrite(u, a.Category) {
			err = apperr.NotFound("article", v.L.Text("news.err.not_found"))
		}
		if err != nil {
			h.site.Fail(w, r, v, err)
			return
		}
		d.A, d.F, d.Moves, d.Visible = a, formOf(a), moves(a.Status), a.Visible(h.now())
		if sum := r.URL.Query().Get("anh"); sumRe.MatchString(sum) {
			d.Image = news.ImagePath + sum
		}
	}
	v.Data = d
	h.Render(w, r, http.StatusOK, "edit", v)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// formInputs are the form's inputs in order, named as the store's field paths.
var formInputs = []string{"title", "summary", "body", "category", "tags", "procedures", "publish_at", "title_en", "summary_en", "body_en", "note"}

// save creates an article (in the status its button says) or saves a new version of one.
func (h *Handler) save(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "editor", DeskPath, news.Writes)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 2<<20) // two bodies of news.MaxBody characters, percent-encoded
	if err := r.ParseForm(); err != nil {
		h.site.Fail(w, r, v, apperr.New(apperr.KindInvalid, "bad_form", v.L.Text("signin.err.form")))
		return
	}
	f := form{Title: r.PostFormValue("title"), Summary: r.PostFormValue("summary"), Body: r.PostFormValue("body"),
		TitleEn: r.PostFormValue("title_en"), SummaryEn: r.PostFormValue("summary_en"), BodyEn: r.PostFormValue("body_en"),
		Category: r.PostFormValue("category"), Tags: r.PostFormValue("tags"), Procedures: r.PostFormValue("procedures"),
		PublishAt: strings.TrimSpace(r.PostFormValue("publish_at")), Note: r.PostFormValue("note")}
	in := news.Input{Title: f.Title, Summary: f.Summary, Body: f.Body, TitleEn: f.TitleEn, SummaryEn: f.SummaryEn, BodyEn: f.BodyEn,
		Category: news.Category(f.Category), Tags: splitList(f.Tags), Procedures: splitList(f.Procedures),
		Status: news.Status(r.PostFormValue("status")), Note: f.Note}
	slug := r.PathValue("slug")
	var err error
	if f.PublishAt != "" {
		if in.PublishAt, err = time.ParseInLocation(publishLayout, f.PublishAt, vntime.Location()); err != nil {
			var fe apperr.Fields
			if e, ok := apperr.As(h.news.Check(r.Context(), in)); ok {
				fe.Append("", e.Fields)
			}
			fe.Add("publish_at", v.L.Text("news.err.publish_at"))
			err = fe.Err("invalid_article", v.L.Text("news.err.invalid"))
		}
	}
	var a *news.Article
	if err == nil {
		if slug == "" {
			a, err = h.news.Create(r.Context(), u, in)
		} else {
			a, err = h.news.Update(r.Context(), u, slug, in)
		}
	}
	if err == nil {
		http.Redirect(w, r, EditPath(a.Slug)+"?da-luu=1", http.StatusSeeOther)
		return
	}
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.KindUnprocessable {
		h.site.Fail(w, r, v, err)
		return
	}
	d := editData{labels: labels{v.L}, New: slug == "", F: f}
	if slug != "" {
		if d.A, err = h.news.Get(r.Context(), u, slug); err != nil {
			h.site.Fail(w, r, v, err)
			return
		}
		d.Moves = moves(d.A.Status)
	}
	v.AddFieldErrors(e, formInputs...)
	v.Data = d
	h.Render(w, r, http.StatusUnprocessableEntity, "edit", v)
}

// move takes an article along the editorial flow.
func (h *Handler) move(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "editor", DeskPath, news.Writes)
	if !ok {
		return
	}
	if !web.ParseActionForm(w, r, v) {
		h.site.Fail(w, r, v, apperr.New(apperr.KindInvalid, "bad_form", v.L.Text("signin.err.form")))
		return
	}
	slug := r.PathValue("slug")
	a, err := h.news.Move(r.Context(), u, slug, news.Status(r.PostFormValue("status")), r.PostFormValue("note"))
	if err == nil {
		http.Redirect(w, r, EditPath(a.Slug)+"?da-chuyen=1", http.StatusSeeOther)
		return
	}
	e, ok := apperr.As(err)
	if !ok || (e.Kind != apperr.KindUnprocessable && e.Kind != apperr.KindConflict) {
		h.site.Fail(w, r, v, err)
		return
	}
	if a, err = h.news.Get(r.Context(), u, slug); err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	for _, f := range e.Fields { // the move's note is the form's move-note: the content form has its own
		v.AddError("move-note", f.In(v.L.Lang))
	}
	if len(e.Fields) == 0 {
		v.AddError("", e.In(v.L.Lang))
	}
	v.Data = editData{labels: labels{v.L}, A: a, F: formOf(a), Moves: moves(a.Status), Visible: a.Visible(h.now())}
	h.Render(w, r, apperr.Status(e.Kind), "edit", v)
}

type historyData struct {
	labels
	A        *news.Article
	Versions []news.Version
}

// history lists every saved version of an article.
func (h *Handler) history(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "editor", DeskPath, news.Writes)
	if !ok {
		return
	}
	a, err := h.news.Get(r.Context(), u, r.PathValue("slug"))
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	vs, err := h.news.Versions(r.Context(), u, a.Slug)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	v.Data = historyData{labels: labels{v.L}, A: a, Versions: vs}
	h.Render(w, r, http.StatusOK, "history", v)
}

type queueData struct {
	Items []*news.Comment
	Total int
}

// Spam names the spam rules a comment broke.
func (d queueData) Spam(l web.Lang, rules []string) string {
	names := make([]string, len(rules))
	for i, r := range rules {
		names[i] = l.T("news.spam." + r)
	}
	return strings.Join(names, ", ")
}

// queue is the moderation queue: editors only.
func (h *Handler) queue(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "editor", QueuePath, news.MayEdit)
	if !ok {
		return
	}
	h.renderQueue(w, r, v, u, http.StatusOK)
}

func (h *Handler) renderQueue(w http.ResponseWriter, r *http.Request, v *web.View, u *org.User, status int) {
	cs, total, err := h.news.Queue(r.Context(), u)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	v.Data = queueData{Items: cs, Total: total}
	h.Render(w, r, status, "queue", v)
}

// moderate approves or rejects one comment of the queue.
func (h *Handler) moderate(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "editor", QueuePath, news.MayEdit)
	if !ok {
		return
	}
	if !web.ParseActionForm(w, r, v) {
		h.site.Fail(w, r, v, apperr.New(apperr.KindInvalid, "bad_form", v.L.Text("signin.err.form")))
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.site.NotFound(w, r)
		return
	}
	_, err = h.news.Moderate(r.Context(), u, id, news.Decision(r.PostFormValue("decision")), r.PostFormValue("reason"))
	if err == nil {
		http.Redirect(w, r, QueuePath+"?da-duyet=1", http.StatusSeeOther)
		return
	}
	e, ok := apperr.As(err)
	if !ok || (e.Kind != apperr.KindUnprocessable && e.Kind != apperr.KindConflict) {
		h.site.Fail(w, r, v, err)
		return
	}
	for _, f := range e.Fields {
		msg := f.In(v.L.Lang)
		v.AddError("reason-"+strconv.FormatInt(id, 10), msg)
	}
	if len(e.Fields) == 0 {
		v.AddError("", e.In(v.L.Lang))
	}
	h.renderQueue(w, r, v, u, apperr.Status(e.Kind))
}

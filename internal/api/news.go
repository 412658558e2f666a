package api

import (
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/news"
	"github.com/motcua/motcua/internal/org"
)

// The portal's news (CONTRACT.md "Portal"): articles, readers' comments and their moderation.
// Rules, visibility and the rate limit on comments are internal/news's; these handlers decode
// and shape.

// withNews answers 404 without the news store; every route of the portal goes through it.
func withNews(fn handlerFunc) handlerFunc {
	return func(h *Handler, w http.ResponseWriter, r *http.Request) {
		if h.news == nil {
			h.notFound(w, r)
			return
		}
		fn(h, w, r)
	}
}

type articleItemJSON struct {
	Slug        string     `json:"slug"`
	Title       string     `json:"title"`
	Summary     string     `json:"summary"`
	Category    string     `json:"category"`
	Tags        []string   `json:"tags"`
	PublishedAt *time.Time `json:"published_at"`
	Views       int64      `json:"views"`
}

type articleJSON struct {
	articleItemJSON
	Status     string            `json:"status"`
	Scheduled  bool              `json:"scheduled"`
	BodyHTML   string            `json:"body_html"`
	TitleEn    string            `json:"title_en,omitempty"`
	SummaryEn  string            `json:"summary_en,omitempty"`
	BodyHTMLEn string            `json:"body_html_en,omitempty"`
	Body       string            `json:"body,omitempty"` // the Markdown, for those who may edit it
	Procedures []string          `json:"procedures"`
	Related    []articleItemJSON `json:"related"`
	Version    int               `json:"version"`
	UpdatedAt  time.Time         `json:"updated_at"`
}

func articleItem(a *news.Article) articleItemJSON {
	out := articleItemJSON{Slug: a.Slug, Title: a.Title, Summary: a.Summary, Category: string(a.Category), Tags: a.Tags, Views: a.Views}
	if out.Tags == nil {
		out.Tags = []string{}
	}
	if !a.PublishAt.IsZero() {
		at := a.PublishAt
		out.PublishedAt = &at
	}
	return out
}

func articleOut(a *news.Article, related []*news.Article, u *org.User, now time.Time) articleJSON {
	out := articleJSON{articleItemJSON: articleItem(a), Status: string(a.Status), Scheduled: a.Scheduled(now),
		BodyHTML: string(news.HTML(a.Body)), TitleEn: a.TitleEn, SummaryEn: a.SummaryEn, Procedures: a.Procedures,
		Related: []articleItemJSON{}, Version: a.Version, UpdatedAt: a.UpdatedAt}
	if a.BodyEn != "" {
		out.BodyHTMLEn = string(news.HTML(a.BodyEn))
	}
	if news.MayWrite(u, a.Category) {
		out.Body = a.Body
	}
	if out.Procedures == nil {
		out.Procedures = []string{}
	}
	for _, r := range related {
		out.Related = append(out.Related, articleItem(r))
	}
	return out
}

// listArticles: readers get published articles newest first; editors may ask ?status= for
// drafts, articles in review, published or withdrawn ones.
func (h *Handler) listArticles(w http.ResponseWriter, r *http.Request) {
	p, pp, err := page(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	q := r.URL.Query()
	as, total, err := h.news.List(r.Context(), org.UserFrom(r.Context()), news.Query{Q: q.Get("q"), Tag: q.Get("tag"),
		Category: news.Category(q.Get("category")), Status: news.Status(q.Get("status")), Page: p, PerPage: pp})
	if err != nil {
		h.error(w, r, err)
		return
	}
	items := make([]articleItemJSON, len(as))
	for i, a := range as {
		items[i] = articleItem(a)
	}
	writeJSON(w, http.StatusOK, list[articleItemJSON]{Items: items, Total: total})
}

// getArticle counts a view of a visible article (batched: views may lag a few seconds).
func (h *Handler) getArticle(w http.ResponseWriter, r *http.Request) {
	u := org.UserFrom(r.Context())
	a, err := h.news.Read(r.Context(), u, r.PathValue("slug"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	rel, err := h.news.Related(r.Context(), a)
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, articleOut(a, rel, u, time.Now()))
}

type articleInput struct {
	Title      string   `json:"title"`
	Summary    string   `json:"summary"`
	Body       string   `json:"body"`
	TitleEn    string   `json:"title_en"`
	SummaryEn  string   `json:"summary_en"`
	BodyEn     string   `json:"body_en"`
	Category   string   `json:"category"`
	Tags       []string `json:"tags"`
	Procedures []string `json:"procedures"`
	PublishAt  string   `json:"publish_at"`
	Status     string   `json:"status"`
	Note       string   `json:"note"`
}

// input converts the body; a publish_at that is not RFC 3339 is 422 naming it.
func (in articleInput) input() (news.Input, error) {
	out := news.Input{Title: in.Title, Summary: in.Summary, Body: in.Body, TitleEn: in.TitleEn, SummaryEn: in.SummaryEn,
		BodyEn: in.BodyEn, Category: news.Category(in.Category), Tags: in.Tags, Procedures: in.Procedures,
		Status: news.Status(in.Status), Note: in.Note}
	if in.PublishAt != "" {
		t, err := time.Parse(time.RFC3339, in.PublishAt)
		if err != nil {
			return out, apperr.Invalid("invalid_article", msgs.Text("invalid_article"), apperr.Field("publish_at", msgs.Text("bad_datetime")))
		}
		out.PublishAt = t
	}
	return out, nil
}

var createArticle = withBody(http.StatusCreated, func(h *Handler, r *http.Request, u *org.User, in articleInput) (any, error) {
	ni, err := in.input()
	if err != nil {
		return nil, err
	}
	a, err := h.news.Create(r.Context(), u, ni)
	if err != nil {
		return nil, err
	}
	return articleOut(a, nil, u, time.Now()), nil
})

var updateArticle = withBody(http.StatusOK, func(h *Handler, r *http.Request, u *org.User, in articleInput) (any, error) {
	ni, err := in.input()
	if err != nil {
		return nil, err
	}
	a, err := h.news.Update(r.Context(), u, r.PathValue("slug"), ni)
	if err != nil {
		return nil, err
	}
	return articleOut(a, nil, u, time.Now()), nil
})

type moveInput struct {
	Status string `json:"status"`
	Note   string `json:"note"`
}

var moveArticle = withBody(http.StatusOK, func(h *Handler, r *http.Request, u *org.User, in moveInput) (any, error) {
	a, err := h.news.Move(r.Context(), u, r.PathValue("slug"), news.Status(in.Status), in.Note)
	if err != nil {
		return nil, err
	}
	return articleOut(a, nil, u, time.Now()), nil
})

type versionJSON struct {
	Version    int        `json:"version"`
	Status     string     `json:"status"`
	Category   string     `json:"category"`
	Title      string     `json:"title"`
	Summary    string     `json:"summary"`
	Body       string     `json:"body"`
	Tags       []string   `json:"tags"`
	Procedures []string   `json:"procedures"`
	PublishAt  *time.Time `json:"publish_at"`
	Note       string     `json:"note"`
	EditedBy   string     `json:"edited_by"`
	EditedAt   time.Time  `json:"edited_at"`
}

var articleVersions = signedIn(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	vs, err := h.news.Versions(r.Context(), u, r.PathValue("slug"))
	out := make([]versionJSON, len(vs))
	for i, v := range vs {
		out[i] = versionJSON{Version: v.Version, Status: string(v.Status), Category: string(v.Category), Title: v.Title,
			Summary: v.Summary, Body: v.Body, Tags: orEmpty(v.Tags), Procedures: orEmpty(v.Procedures), Note: v.Note,
			EditedBy: v.EditedBy, EditedAt: v.EditedAt}
		if !v.PublishAt.IsZero() {
			at := v.PublishAt
			out[i].PublishAt = &at
		}
	}
	return listOf(out, err)
})

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

type commentJSON struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Body      string    `json:"body"`
	Citizen   bool      `json:"citizen"`
	CreatedAt time.Time `json:"created_at"`
	// For editors (the moderation queue and a decision's answer):
	Email   string        `json:"email,omitempty"`
	Status  string        `json:"status,omitempty"`
	Spam    []string      `json:"spam,omitempty"`
	Reason  string        `json:"reason,omitempty"`
	Article *articleRefJS `json:"article,omitempty"`
}

type articleRefJS struct {
	Slug  string `json:"slug"`
	Title string `json:"title"`
}

func commentOut(c *news.Comment, editor bool) commentJSON {
	out := commentJSON{ID: c.ID, Name: c.Name, Body: c.Body, Citizen: c.Citizen, CreatedAt: c.CreatedAt}
	if editor {
		out.Email, out.Status, out.Spam, out.Reason = c.Email, string(c.Status), c.Spam, c.Reason
		out.Article = &articleRefJS{Slug: c.ArticleSlug, Title: c.ArticleTitle}
	}
	return out
}

func (h *Handler) listComments(w http.ResponseWriter, r *http.Request) {
	p, pp, err := page(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	cs, total, err := h.news.Comments(r.Context(), r.PathValue("slug"), p, pp)
	if err != nil {
		h.error(w, r, err)
		return
	}
	items := make([]commentJSON, len(cs))
	for i, c := range cs {
		items[i] = commentOut(c, false)
	}
	writeJSON(w, http.StatusOK, list[commentJSON]{Items: items, Total: total})
}

type commentInput struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Body  string `json:"body"`
}

// postComment is open to anyone, limited per client address (429 with Retry-After); the
// comment waits for an editor.
func (h *Handler) postComment(w http.ResponseWriter, r *http.Request) {
	var in commentInput
	if err := decode(w, r, &in); err != nil {
		h.error(w, r, err)
		return
	}
	c, err := h.news.Comment(r.Context(), org.UserFrom(r.Context()), clientIP(r), r.PathValue("slug"),
		news.CommentInput{Name: in.Name, Email: in.Email, Body: in.Body})
	if err != nil {
		if apperr.KindOf(err) == apperr.KindRateLimited {
			w.Header().Set("Retry-After", "60")
		}
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"id": c.ID, "status": c.Status})
}

// moderationQueue lists the comments awaiting an editor.
var moderationQueue = signedIn(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	cs, total, err := h.news.Queue(r.Context(), u)
	if err != nil {
		return nil, err
	}
	items := make([]commentJSON, len(cs))
	for i, c := range cs {
		items[i] = commentOut(c, true)
	}
	return list[commentJSON]{Items: items, Total: total}, nil
})

type moderationInput struct {
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
}

var moderateComment = withBody(http.StatusOK, func(h *Handler, r *http.Request, u *org.User, in moderationInput) (any, error) {
	c, err := h.news.Moderate(r.Context(), u, pathID(r), news.Decision(in.Decision), in.Reason)
	if err != nil {
		return nil, err
	}
	return commentOut(c, true), nil
})

type imageJSON struct {
	SHA256      string `json:"sha256"`
	URL         string `json:"url"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
}

// addArticleImage stores the multipart part "file" as an image of the article (resized and
// re-encoded by the store); the answer's url is what the Markdown links to.
var addArticleImage = signedIn(http.StatusCreated, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	if err := news.CheckWriter(u); err != nil {
		return nil, err
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "multipart/form-data" {
		return nil, apperr.New(apperr.KindUnsupported, "unsupported_media_type", msgs.Text("unsupported_media_type.send_file_as_multipart_form_data"))
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, malformedMultipart(err)
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, apperr.Invalid("invalid_image", msgs.Text("invalid_image"), apperr.Field("file", msgs.Text("image_required")))
		}
		if err != nil {
			return nil, partError(err)
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		img, err := h.news.AddImage(r.Context(), u, r.PathValue("slug"), part)
		part.Close()
		if err != nil {
			return nil, err
		}
		return imageJSON{SHA256: img.SHA256, URL: img.Path(), ContentType: img.ContentType, Size: img.Size, Width: img.Width, Height: img.Height}, nil
	}
})

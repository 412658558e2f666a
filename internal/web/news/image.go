package news

import (
	"io"
	"net/http"
	"regexp"
	"strconv"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/news"
	"github.com/motcua/motcua/internal/web"
)

var sumRe = regexp.MustCompile(`^[0-9a-f]{64}$`)

// image serves an uploaded image: it never changes (its address is its SHA-256), so it is
// cached for a year; nosniff and an empty content policy keep a browser from taking it for
// anything but an image.
func (h *Handler) image(w http.ResponseWriter, r *http.Request) {
	img, rc, err := h.news.OpenImage(r.Context(), r.PathValue("sum"))
	if err != nil {
		h.site.Fail(w, r, h.NewView(w, r), err)
		return
	}
	defer rc.Close()
	hdr := w.Header()
	hdr.Set("Content-Type", img.ContentType)
	hdr.Set("Content-Length", strconv.FormatInt(img.Size, 10))
	hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Content-Security-Policy", "default-src 'none'")
	if r.Method == http.MethodHead {
		return
	}
	_, _ = io.Copy(w, rc) // the client may leave; nothing to tell it then
}

// upload adds an image to an article and shows its Markdown to paste into the body.
func (h *Handler) upload(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "editor", DeskPath, news.Writes)
	if !ok {
		return
	}
	slug := r.PathValue("slug")
	var img *news.Image
	var uerr error
	m := web.ReadMultipart(w, r, v.L, news.MaxImageBytes, func(field, _ string, part io.Reader) error {
		if field == "anh" && img == nil && uerr == nil {
			img, uerr = h.news.AddImage(r.Context(), u, slug, part)
		}
		return nil
	})
	status := m.Status
	switch {
	case len(m.Errors) > 0:
		v.AddInOrder(m.Errors, "anh")
	case uerr != nil:
		e, ok := apperr.As(uerr)
		if !ok || e.Kind == apperr.KindNotFound || e.Kind == apperr.KindForbidden {
			h.site.Fail(w, r, v, uerr)
			return
		}
		v.AddError("anh", e.In(v.L.Lang))
		status = apperr.Status(e.Kind)
	case img == nil:
		v.AddError("anh", v.L.T("edit.image_choose"))
		status = http.StatusUnprocessableEntity
	default:
		http.Redirect(w, r, EditPath(slug)+"?anh="+img.SHA256+"#anh-moi", http.StatusSeeOther)
		return
	}
	a, err := h.news.Get(r.Context(), u, slug)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	v.Data = editData{labels: labels{v.L}, A: a, F: formOf(a), Moves: moves(a.Status), Visible: a.Visible(h.now())}
	h.Render(w, r, status, "edit", v)
}

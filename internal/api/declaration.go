package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"net/http"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/paperwork"
)

// declaration sends a procedure's printable declaration, blank, as a PDF: in English for a
// caller who prefers it when the form carries English, else Vietnamese. Public and the same
// for every caller of one language, so shared caches may keep it.
func (h *Handler) declaration(w http.ResponseWriter, r *http.Request) {
	p, err := h.cat.Procedure(r.Context(), r.PathValue("code"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	l := i18n.VI
	if english(r) {
		l = i18n.EN
	}
	b, err := paperwork.DeclarationPDF(paperwork.Declaration{Schema: p.FormSchema, Procedure: p.Name, Code: p.Code,
		Agency: p.ImplementingAgency, Templates: p.TemplateNames(), Lang: l, Date: p.UpdatedAt})
	if err != nil {
		h.error(w, r, err)
		return
	}
	sum := sha256.Sum256(b)
	hdr := w.Header()
	hdr.Set("Content-Type", "application/pdf")
	hdr.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": "to-khai-" + p.Code + ".pdf"}))
	hdr.Set("ETag", `"`+hex.EncodeToString(sum[:12])+`"`)
	hdr.Set("Cache-Control", "public, max-age=3600")
	hdr.Add("Vary", "Accept-Language")
	http.ServeContent(w, r, "", p.UpdatedAt, bytes.NewReader(b))
}

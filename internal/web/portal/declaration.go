package portal

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"net/http"

	"github.com/motcua/motcua/internal/paperwork"
)

// declarationFile is the address of a procedure's printable declaration under its page.
const declarationFile = "/to-khai.pdf"

// declaration sends a procedure's declaration, blank, as a PDF to print and fill in by hand
// (paperwork.DeclarationPDF), in the page's language where the form carries it. It is public
// and the same for everyone reading in one language: shared caches may keep it for an hour,
// and the ETag and Last-Modified (the version's date) answer a revalidation with 304.
func (h *Handler) declaration(w http.ResponseWriter, r *http.Request) {
	code, ok := h.procedureCode(w, r, declarationFile)
	if !ok {
		return
	}
	v := h.NewView(w, r)
	p, err := h.catalog.Procedure(r.Context(), code)
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	b, err := paperwork.DeclarationPDF(paperwork.Declaration{Schema: p.FormSchema, Procedure: p.Name, Code: p.Code,
		Agency: p.ImplementingAgency, Templates: p.TemplateNames(), Lang: v.L.Lang, Date: p.UpdatedAt})
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	sum := sha256.Sum256(b)
	hdr := w.Header()
	hdr.Set("Content-Type", "application/pdf")
	hdr.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": "to-khai-" + p.Code + ".pdf"}))
	hdr.Set("ETag", `"`+hex.EncodeToString(sum[:12])+`"`)
	hdr.Add("Vary", "Cookie, Accept-Language") // what picks the language
	if len(hdr.Values("Set-Cookie")) > 0 {
		hdr.Set("Cache-Control", "private, max-age=3600") // ?lang= set the cookie: not for shared caches
	} else {
		hdr.Set("Cache-Control", "public, max-age=3600")
	}
	http.ServeContent(w, r, "", p.UpdatedAt, bytes.NewReader(b))
}

// Package verify is the public verification of the documents motcua issues (xác thực văn bản):
// the page a signed result's or receipt's QR code opens, /xac-thuc/{serial}, saying whether the
// document is authentic and not revoked, by which agency and when it was issued; and
// /xac-thuc, where anyone checks a PDF they were shown, uploaded (hashed on the fly, never
// stored) or by its SHA-256. The issuing agency's leaders revoke a document from its page.
package verify

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/esign"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/ratelimit"
	"github.com/motcua/motcua/internal/web"
)

// embedded holds the pages' templates and messages.
//
//go:embed templates/*.html templates/partials/*.html messages/*.json
var embedded embed.FS

// pageNames are the package's pages, templates/<name>.html.
var pageNames = []string{"verify", "verify_document"}

// verifyPath is the checking form; a document's page is verifyPath + "/" + its serial
// (esign.VerifyPath, which the QR codes print).
const verifyPath = "/xac-thuc"

// maxCheckedFile bounds a file checked by upload, as uploads are by default (--max-upload-mb):
// it is hashed as it streams, never kept.
const maxCheckedFile = 20 << 20

// Deps are the stores the pages use.
type Deps struct {
	Esign *esign.Store
}

// Handler serves the verification pages.
type Handler struct {
	*web.Pages
	sign *esign.Store
	// limit bounds look-ups per client address: serials are unguessable, but hashing uploads
	// costs the server work.
	limit *ratelimit.Limiter
}

// New parses the pages with the site's layout; it fails when a page or a message is missing.
func New(site *web.Site, d Deps) (*Handler, error) {
	if site == nil || d.Esign == nil {
		return nil, errors.New("verify: the site and the esign store are required")
	}
	p, err := site.Pages(embedded, pageNames...)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: p, sign: d.Esign, limit: ratelimit.New(60, 20)}, nil
}

// Register mounts the routes on mux.
func (h *Handler) Register(mux web.Mux) {
	mux.HandleFunc("GET "+verifyPath, h.form)
	mux.HandleFunc("POST "+verifyPath, h.upload)
	mux.HandleFunc("GET "+verifyPath+"/{serial}", h.document)
	mux.HandleFunc("GET "+verifyPath+"/{serial}/tai-ve", h.download)
	mux.HandleFunc("POST "+verifyPath+"/{serial}/thu-hoi", h.revoke)
}

// docView is a document as the pages show it.
type docView struct {
	*esign.Document
	MayRead, MayRevoke bool
}

type verifyData struct {
	SHA256  string   // as typed
	Checked bool     // a file or a hash was checked
	Found   *docView // the document it matches
	Hash    string   // the checked file's SHA-256
}

type documentData struct {
	Serial string
	Doc    *docView // nil: no document with this serial
	Reason string   // the revocation form's value
}

func (h *Handler) view(u *org.User, d *esign.Document) *docView {
	return &docView{Document: d, MayRead: esign.MayRead(u, d), MayRevoke: esign.MayRevoke(u, d)}
}

// allow applies the per-address limit, answering 429 when spent.
func (h *Handler) allow(w http.ResponseWriter, r *http.Request, v *web.View, page string, data any) bool {
	if h.limit.Allow(web.ClientIP(r)) {
		return true
	}
	w.Header().Set("Retry-After", "60")
	v.AddError("", v.L.T("verify.err.rate"))
	v.Data = data
	h.Render(w, r, http.StatusTooManyRequests, page, v)
	return false
}

// form shows the checking form; with ?sha256= it checks that hash.
func (h *Handler) form(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	raw := r.URL.Query().Get("sha256")
	d := verifyData{SHA256: web.Shown(raw)}
	if raw == "" {
		v.Data = d
		h.Render(w, r, http.StatusOK, "verify", v)
		return
	}
	sum, err := esign.ParseSHA256("sha256", raw)
	if err != nil {
		v.AddError("sha256", v.L.T("verify.err.sha256"))
		v.Data = d
		h.Render(w, r, http.StatusBadRequest, "verify", v)
		return
	}
	h.check(w, r, v, d, sum)
}

// upload hashes the posted file as it streams and checks the hash; the file is never stored.
func (h *Handler) upload(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	if !h.allow(w, r, v, "verify", verifyData{}) {
		return
	}
	var sum string
	m := web.ReadMultipart(w, r, v.L, maxCheckedFile, func(field, _ string, part io.Reader) error {
		if field != "tep" {
			return nil
		}
		hh := sha256.New()
		n, err := io.Copy(hh, io.LimitReader(part, maxCheckedFile+1))
		switch {
		case err != nil:
			return err
		case n > maxCheckedFile:
			return apperr.New(apperr.KindTooLarge, "file_too_large", v.L.Text("verify.err.no_file"))
		case n == 0:
			return apperr.New(apperr.KindInvalid, "empty_file", v.L.Text("verify.err.no_file"))
		}
		sum = hex.EncodeToString(hh.Sum(nil))
		return nil
	})
	d := verifyData{}
	if len(m.Errors) > 0 {
		v.AddInOrder(m.Errors, "tep")
		v.Data = d
		h.Render(w, r, m.Status, "verify", v)
		return
	}
	if sum == "" {
		v.AddError("tep", v.L.T("verify.err.no_file"))
		v.Data = d
		h.Render(w, r, http.StatusUnprocessableEntity, "verify", v)
		return
	}
	h.check(w, r, v, d, sum)
}

// check looks the hash up and shows the answer on the form's page.
func (h *Handler) check(w http.ResponseWriter, r *http.Request, v *web.View, d verifyData, sum string) {
	res, err := h.sign.Verify(r.Context(), sum)
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	d.Checked, d.Hash = true, sum
	if res.Authentic {
		d.Found = h.view(v.User, res.Document)
	}
	v.Data = d
	h.Render(w, r, http.StatusOK, "verify", v)
}

// document is the page a QR code opens: the document's state, or that none has this serial.
func (h *Handler) document(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	serial := r.PathValue("serial")
	h.renderDocument(w, r, v, http.StatusOK, documentData{Serial: web.Shown(serial)}, serial)
}

func (h *Handler) renderDocument(w http.ResponseWriter, r *http.Request, v *web.View, status int, d documentData, serial string) {
	doc, err := h.sign.BySerial(r.Context(), serial)
	switch {
	case apperr.KindOf(err) == apperr.KindNotFound:
		status = http.StatusNotFound
	case err != nil:
		h.Fail(w, r, v, err)
		return
	default:
		d.Doc = h.view(v.User, doc)
	}
	v.Data = d
	h.Render(w, r, status, "verify_document", v)
}

// download serves the original to those who may read it: the owner, the issuing agency.
func (h *Handler) download(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "citizen", verifyPath+"/"+r.PathValue("serial"), func(*org.User) bool { return true })
	if !ok {
		return
	}
	doc, err := h.sign.BySerial(r.Context(), r.PathValue("serial"))
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	f, err := h.sign.Open(r.Context(), u, doc)
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Length", strconv.FormatInt(doc.Size(), 10))
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": doc.Name()}))
	w.Header().Set("Cache-Control", "private, no-store")
	io.Copy(w, f)
}

// revoke revokes the document with the reason given: the issuing agency's leaders and
// administrators (esign.Store.Revoke decides); back to its page, now saying it is revoked.
func (h *Handler) revoke(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	serial := r.PathValue("serial")
	page := verifyPath + "/" + serial
	u, ok := h.Require(w, r, v, "officer", page, func(u *org.User) bool { return u.IsAdmin() || u.Role == org.RoleLeader })
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, web.MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		v.AddError("reason", v.L.T("verify.err.form"))
		h.renderDocument(w, r, v, http.StatusBadRequest, documentData{Serial: web.Shown(serial)}, serial)
		return
	}
	reason := r.PostForm.Get("reason")
	_, err := h.sign.Revoke(r.Context(), u, serial, reason)
	if e, isApp := apperr.As(err); isApp && (e.Kind == apperr.KindUnprocessable || e.Kind == apperr.KindConflict) {
		v.AddFieldErrors(e, "reason")
		h.renderDocument(w, r, v, apperr.Status(e.Kind), documentData{Serial: web.Shown(serial), Reason: web.Shown(strings.TrimSpace(reason))}, serial)
		return
	}
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	h.Log().InfoContext(r.Context(), "web: document revoked", "serial", serial, "by", u.Username)
	http.Redirect(w, r, page, http.StatusSeeOther)
}

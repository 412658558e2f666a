package web

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
)

// Step 2: the documents.

type applyDocumentsData struct {
	applyBase
	Components []ComponentView
	FormOnly   []catalog.Component // declarations the online form stands for
	MaxMB      int64
}

// ComponentView is one component of the dossier with its files and the citizen's stored
// documents that could be attached to it instead of an upload (once-only).
type ComponentView struct {
	catalog.Component
	InputID, ReuseID string
	Accept           string
	Formats          string
	Files            []AttachedFile
	Reuse            []DocumentOption
	Missing          bool // required and no file yet
}

type AttachedFile struct {
	ID, Name string
	Size     int64
	Remove   string // the remove button's value
}

type DocumentOption struct {
	ID, Name string
	Size     int64
	At       time.Time
	Dossier  string
}

// acceptExt is the accept attribute's extensions of each format a component may list.
var acceptExt = map[string]string{"pdf": ".pdf", "jpg": ".jpg,.jpeg", "jpeg": ".jpg,.jpeg", "png": ".png", "docx": ".docx"}

// accept is a file input's accept attribute for the formats a component lists; every format
// the store takes when it lists none.
func accept(formats []string) (attr, shown string) {
	var exts, names []string
	for _, f := range formats {
		if e, ok := acceptExt[strings.ToLower(f)]; ok && !slices.Contains(exts, e) {
			exts = append(exts, e)
			names = append(names, f)
		}
	}
	if len(exts) == 0 {
		return ".pdf,.jpg,.jpeg,.png,.docx", formatList([]string{"pdf", "jpg", "png", "docx"})
	}
	return strings.Join(exts, ","), formatList(names)
}

// documentsByID indexes the caller's document store.
func (h *Handler) documents(ctx context.Context, u *org.User) ([]dossier.Document, map[string]dossier.Document, error) {
	docs, err := h.dossiers.Documents(ctx, u)
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[string]dossier.Document, len(docs))
	for _, d := range docs {
		byID[d.ID] = d
	}
	return docs, byID, nil
}

// Components lists the components of p that need files, with atts and the stored documents.
// Each component's file input is named prefix+id.
func Components(p *catalog.Procedure, atts []dossier.AttachmentInput, docs []dossier.Document, byID map[string]dossier.Document,
	withFormOnly bool, prefix string) (list []ComponentView, formOnly []catalog.Component) {
	for _, comp := range p.Components {
		if !withFormOnly && dossier.FormOnly(comp) {
			formOnly = append(formOnly, comp)
			continue
		}
		cv := ComponentView{Component: comp, InputID: prefix + comp.ID, ReuseID: "reuse-" + comp.ID}
		cv.Accept, cv.Formats = accept(comp.Formats)
		attached := map[string]bool{}
		for _, a := range atts {
			if a.Component != comp.ID {
				continue
			}
			f := AttachedFile{ID: a.File, Name: a.File, Remove: a.Component + "|" + a.File}
			if d, ok := byID[a.File]; ok {
				f.Name, f.Size = d.Name, d.Size
			}
			cv.Files = append(cv.Files, f)
			attached[a.File] = true
		}
		for _, d := range docs {
			if !attached[d.ID] {
				cv.Reuse = append(cv.Reuse, DocumentOption{ID: d.ID, Name: d.Name, Size: d.Size, At: d.CreatedAt, Dossier: d.Dossier})
			}
		}
		cv.Missing = comp.Required && len(cv.Files) == 0
		list = append(list, cv)
	}
	return list, formOnly
}

// applyDocuments shows step 2.
func (h *Handler) applyDocuments(w http.ResponseWriter, r *http.Request) {
	c, ok := h.applyStart(w, r, draftRequired)
	if !ok {
		return
	}
	h.renderApplyDocuments(w, r, c, http.StatusOK, nil)
}

// renderApplyDocuments renders step 2 with errs, which name the component inputs they concern.
func (h *Handler) renderApplyDocuments(w http.ResponseWriter, r *http.Request, c *applyCtx, status int, errs []ViewError) {
	docs, byID, err := h.documents(r.Context(), c.u)
	if err != nil {
		h.Fail(w, r, c.v, err)
		return
	}
	d := applyDocumentsData{applyBase: applyBase{P: c.p, Draft: c.draft.ID, Step: 2, Saved: r.URL.Query().Get("da_luu") == "1"},
		MaxMB: h.dossiers.MaxUpload >> 20}
	d.Components, d.FormOnly = Components(c.p, c.draft.Attachments, docs, byID, false, "file-")
	// The summary follows the page: errors without a field first, then by component.
	var ids []string
	for _, cv := range d.Components {
		ids = append(ids, cv.InputID, cv.ReuseID)
	}
	c.v.AddInOrder(errs, ids...)
	c.v.Data = d
	h.Render(w, r, status, "apply_documents", c.v)
}

// MultipartForm is a multipart post read as a stream: text fields kept, each file handed to
// upload as it arrives, so no upload is held in memory.
type MultipartForm struct {
	Values url.Values
	Errors []ViewError // by input id
	Status int         // the status of the first error
}

func (m *MultipartForm) fail(id, msg string, status int) {
	m.Errors = append(m.Errors, ViewError{ID: id, Message: msg})
	if m.Status == 0 {
		m.Status = status
	}
}

// ReadMultipart streams r's multipart body, each file at most maxUpload bytes. upload is
// called for every file part with a name; it returns an error for the part's input.
func ReadMultipart(w http.ResponseWriter, r *http.Request, l Lang, maxUpload int64, upload func(field, name string, part io.Reader) error) *MultipartForm {
	m := &MultipartForm{Values: url.Values{}}
	// The store limits each file; this bounds the whole post a little above a few of them.
	r.Body = http.MaxBytesReader(w, r.Body, uploadsPerPost*maxUpload+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		m.fail("", l.T("apply.err.form"), http.StatusBadRequest)
		return m
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) || errors.Is(err, multipart.ErrMessageTooLarge) {
				m.fail("", l.T("apply.err.post_too_large", maxUpload>>20), http.StatusRequestEntityTooLarge)
			} else {
				m.fail("", l.T("apply.err.form"), http.StatusBadRequest)
			}
			break
		}
		name := part.FormName()
		_, params, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
		if _, isFile := params["filename"]; isFile {
			// A file input: empty when no file was chosen.
			if part.FileName() != "" {
				if err := upload(name, part.FileName(), part); err != nil {
					m.fail(name, uploadMessage(l, maxUpload, part.FileName(), err), uploadStatus(err))
				}
			}
			part.Close()
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, maxFieldBytes+1))
		part.Close()
		if err != nil || len(b) > maxFieldBytes {
			m.fail("", l.T("apply.err.form"), http.StatusBadRequest)
			break
		}
		if len(m.Values) < 2000 {
			m.Values.Add(name, string(b))
		}
	}
	return m
}

// uploadMessage says why a file was refused, naming it.
func uploadMessage(l Lang, maxUpload int64, name string, err error) string {
	name = vntext.NFC(name)
	switch apperr.KindOf(err) {
	case apperr.KindTooLarge:
		return l.T("apply.err.too_large", name, maxUpload>>20)
	case apperr.KindUnsupported:
		return l.T("apply.err.file_type", name)
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return l.T("apply.err.too_large", name, maxUpload>>20)
	}
	if e, ok := apperr.As(err); ok && e.Code == "empty_file" {
		return l.T("apply.err.empty_file", name)
	}
	return l.T("apply.err.upload", name)
}

func uploadStatus(err error) int {
	if k := apperr.KindOf(err); k != apperr.KindInternal {
		return apperr.Status(k)
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}

// saveApplyDocuments reads step 2's post: uploads (file-<component>), stored documents chosen
// (reuse-<component>) and a file removed (_remove), all saved into the draft; then stays on the
// page, or goes on to the review when every required component has a file.
func (h *Handler) saveApplyDocuments(w http.ResponseWriter, r *http.Request) {
	c, ok := h.applyStart(w, r, draftRequired)
	if !ok {
		return
	}
	ctx := r.Context()
	atts := slices.Clone(c.draft.Attachments)
	has := func(comp, file string) bool {
		return slices.ContainsFunc(atts, func(a dossier.AttachmentInput) bool { return a.Component == comp && a.File == file })
	}
	anchor := ""
	m := ReadMultipart(w, r, c.l, h.dossiers.MaxUpload, func(field, name string, part io.Reader) error {
		comp, ok := strings.CutPrefix(field, "file-")
		if !ok || !HasComponent(c.p, comp) {
			return nil
		}
		f, err := h.dossiers.Upload(ctx, c.u, name, part)
		if err != nil {
			return err
		}
		atts = append(atts, dossier.AttachmentInput{Component: comp, File: f.ID})
		anchor = "#c-" + comp
		return nil
	})
	_, byID, err := h.documents(ctx, c.u)
	if err != nil {
		h.Fail(w, r, c.v, err)
		return
	}
	for _, comp := range c.p.Components {
		id := m.Values.Get("reuse-" + comp.ID)
		switch {
		case id == "" || has(comp.ID, id):
		case byID[id].ID == "":
			m.fail("reuse-"+comp.ID, c.l.T("apply.err.reuse"), http.StatusUnprocessableEntity)
		default:
			atts = append(atts, dossier.AttachmentInput{Component: comp.ID, File: id})
			anchor = "#c-" + comp.ID
		}
	}
	if rm := m.Values.Get("_remove"); rm != "" {
		comp, file, _ := strings.Cut(rm, "|")
		atts = slices.DeleteFunc(atts, func(a dossier.AttachmentInput) bool { return a.Component == comp && a.File == file })
		anchor = "#c-" + comp
	}
	d, err := h.dossiers.SaveDraft(ctx, c.u, c.draft.ID, dossier.SubmitInput{ProcedureCode: c.p.Code,
		AgencyCode: c.draft.AgencyCode, Form: c.draft.Form, Attachments: atts})
	if err != nil {
		h.Fail(w, r, c.v, err)
		return
	}
	c.draft = d
	if len(m.Errors) > 0 {
		h.renderApplyDocuments(w, r, c, m.Status, m.Errors)
		return
	}
	switch m.Values.Get("_action") {
	case "continue":
		var missing []ViewError
		cvs, _ := Components(c.p, d.Attachments, nil, nil, false, "file-")
		for _, cv := range cvs {
			if cv.Missing {
				missing = append(missing, ViewError{ID: cv.InputID, Message: c.l.T("apply.err.missing", cv.Name)})
			}
		}
		if len(missing) > 0 {
			h.renderApplyDocuments(w, r, c, http.StatusUnprocessableEntity, missing)
			return
		}
		http.Redirect(w, r, applyURL(c.p.Code, "kiem-tra", d.ID), http.StatusSeeOther)
	case "save":
		http.Redirect(w, r, applyURL(c.p.Code, "tai-lieu", d.ID)+"&da_luu=1", http.StatusSeeOther)
	default:
		http.Redirect(w, r, applyURL(c.p.Code, "tai-lieu", d.ID)+anchor, http.StatusSeeOther)
	}
}

func HasComponent(p *catalog.Procedure, id string) bool {
	return slices.ContainsFunc(p.Components, func(c catalog.Component) bool { return c.ID == id })
}

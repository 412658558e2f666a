package applicant

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
)

// Step 2: the documents.

type applyDocumentsData struct {
	applyBase
	Components []web.ComponentView
	FormOnly   []catalog.Component // declarations the online form stands for
	MaxMB      int64
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
func (h *Handler) renderApplyDocuments(w http.ResponseWriter, r *http.Request, c *applyCtx, status int, errs []web.ViewError) {
	docs, byID, err := h.documents(r.Context(), c.u)
	if err != nil {
		h.Fail(w, r, c.v, err)
		return
	}
	d := applyDocumentsData{applyBase: applyBase{P: c.p, Draft: c.draft.ID, Step: 2, Saved: r.URL.Query().Get("da_luu") == "1"},
		MaxMB: h.dossiers.MaxUpload >> 20}
	d.Components, d.FormOnly = web.Components(c.p, c.draft.Attachments, docs, byID, false, "file-")
	// The summary follows the page: errors without a field first, then by component.
	var ids []string
	for _, cv := range d.Components {
		ids = append(ids, cv.InputID, cv.ReuseID)
	}
	c.v.AddInOrder(errs, ids...)
	c.v.Data = d
	h.Render(w, r, status, "apply_documents", c.v)
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
	m := web.ReadMultipart(w, r, c.l, h.dossiers.MaxUpload, func(field, name string, part io.Reader) error {
		comp, ok := strings.CutPrefix(field, "file-")
		if !ok || !web.HasComponent(c.p, comp) {
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
			m.Fail("reuse-"+comp.ID, c.l.T("apply.err.reuse"), http.StatusUnprocessableEntity)
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
		AgencyCode: c.draft.AgencyCode, Form: c.draft.Form, Attachments: atts, Delivery: c.draft.Delivery,
		DeliveryAddress: c.draft.DeliveryAddress})
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
		var missing []web.ViewError
		cvs, _ := web.Components(c.p, d.Attachments, nil, nil, false, "file-")
		for _, cv := range cvs {
			if cv.Missing {
				missing = append(missing, web.ViewError{ID: cv.InputID, Message: c.l.T("apply.err.missing", cv.Name)})
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

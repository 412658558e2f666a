package applicant

import (
	"net/http"
	"strconv"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/web"
)

type myDossiersData struct {
	Dossiers         []*dossier.Dossier
	Total            int
	Page, Pages      int
	PrevURL, NextURL string
	Drafts           []draftView
	Deleted          bool // a draft was just deleted
}

type draftView struct {
	*dossier.Draft
	Procedure string
	URL       string // where to resume it
}

// myDossiers lists the citizen's dossiers, newest first, with status and dates, and their
// drafts to resume.
func (h *Handler) myDossiers(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "citizen", web.MyDossiersPath, web.IsCitizen)
	if !ok {
		return
	}
	ctx := r.Context()
	page, ok := web.PageParam(r.URL.Query().Get("page"))
	if !ok {
		page = 1
	}
	ds, total, err := h.dossiers.Mine(ctx, u, page, web.PerPage)
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	d := myDossiersData{Dossiers: ds, Total: total, Page: page, Pages: (total + web.PerPage - 1) / web.PerPage,
		Deleted: r.URL.Query().Get("da_xoa") == "1"}
	link := func(p int) string {
		if p <= 1 {
			return web.MyDossiersPath
		}
		return web.MyDossiersPath + "?page=" + strconv.Itoa(p)
	}
	if page > 1 && d.Pages > 0 {
		d.PrevURL = link(min(page-1, d.Pages))
	}
	if page < d.Pages {
		d.NextURL = link(page + 1)
	}
	v.Prev, v.Next = d.PrevURL, d.NextURL
	drafts, err := h.dossiers.Drafts(ctx, u)
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	for _, dr := range drafts {
		dv := draftView{Draft: dr, Procedure: dr.ProcedureCode, URL: applyURL(dr.ProcedureCode, "", dr.ID)}
		if p, err := h.catalog.Current(ctx, dr.ProcedureCode); err == nil {
			dv.Procedure = p.Name
		}
		d.Drafts = append(d.Drafts, dv)
	}
	v.Data = d
	h.Render(w, r, http.StatusOK, "dossiers", v)
}

// deleteDraft deletes one of the citizen's drafts and goes back to the list.
func (h *Handler) deleteDraft(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "citizen", web.MyDossiersPath, web.IsCitizen)
	if !ok {
		return
	}
	if err := h.dossiers.DeleteDraft(r.Context(), u, r.PathValue("id")); err != nil {
		h.Fail(w, r, v, err)
		return
	}
	http.Redirect(w, r, web.MyDossiersPath+"?da_xoa=1", http.StatusSeeOther)
}

// dossierPage shows a dossier to those who may see it (workflow.Store.Get: its applicant, the
// officers of its agency); to anyone else it does not exist. With ?moi=1 the applicant sees the
// confirmation of a submission above it. The applicant also finds there what the workflow
// allows them now: supplement the dossier, withdraw it, evaluate the service (applicant.go).
func (h *Handler) dossierPage(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "", web.MyDossiersPath, web.Anyone)
	if !ok {
		return
	}
	h.renderDossier(w, r, v, u, http.StatusOK, "", nil)
}

// download sends a file the caller may read (dossier.Store.File) as an attachment.
func (h *Handler) download(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "", web.MyDossiersPath, web.Anyone)
	if !ok {
		return
	}
	ctx := r.Context()
	f, err := h.dossiers.File(ctx, u, r.PathValue("id"))
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	rc, err := h.dossiers.OpenFile(ctx, f)
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	defer rc.Close()
	h.SendFile(w, r, f, rc)
}

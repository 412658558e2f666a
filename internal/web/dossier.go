package web

import (
	"context"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
)

// dossierURL is a dossier's page.
func dossierURL(code string) string { return "/ho-so/" + code }

// myDossiersPath is the citizen's list of dossiers and drafts.
const myDossiersPath = "/ho-so"

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
	u, ok := h.Require(w, r, v, "citizen", myDossiersPath, isCitizen)
	if !ok {
		return
	}
	ctx := r.Context()
	page, ok := pageParam(r.URL.Query().Get("page"))
	if !ok {
		page = 1
	}
	ds, total, err := h.dossiers.Mine(ctx, u, page, perPage)
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	d := myDossiersData{Dossiers: ds, Total: total, Page: page, Pages: (total + perPage - 1) / perPage,
		Deleted: r.URL.Query().Get("da_xoa") == "1"}
	link := func(p int) string {
		if p <= 1 {
			return myDossiersPath
		}
		return myDossiersPath + "?page=" + strconv.Itoa(p)
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
	u, ok := h.Require(w, r, v, "citizen", myDossiersPath, isCitizen)
	if !ok {
		return
	}
	if err := h.dossiers.DeleteDraft(r.Context(), u, r.PathValue("id")); err != nil {
		h.Fail(w, r, v, err)
		return
	}
	http.Redirect(w, r, myDossiersPath+"?da_xoa=1", http.StatusSeeOther)
}

type attachmentView struct {
	dossier.Attachment
	Component string // the component's name
	URL       string // download, when the viewer may
}

type eventView struct {
	dossier.Event
	Status string
	Action string // what happened, when the event is a workflow action
}

// dossierPage shows a dossier to those who may see it (workflow.Store.Get: its applicant, the
// officers of its agency); to anyone else it does not exist. With ?moi=1 the applicant sees the
// confirmation of a submission above it. The applicant also finds there what the workflow
// allows them now: supplement the dossier, withdraw it, evaluate the service (applicant.go).
func (h *Handler) dossierPage(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "", myDossiersPath, anyone)
	if !ok {
		return
	}
	h.renderDossier(w, r, v, u, http.StatusOK, "", nil)
}

// procedureVersion returns the version of a procedure a dossier was filed under, or the
// current one, or nil.
func (h *Handler) procedureVersion(ctx context.Context, code string, version int) *catalog.Procedure {
	p, err := h.catalog.Current(ctx, code)
	if err == nil && p.Version == version {
		return p
	}
	if vs, verr := h.catalog.Versions(ctx, code); verr == nil {
		for _, v := range vs {
			if v.Version == version && v.Procedure != nil {
				return v.Procedure
			}
		}
	}
	if err == nil {
		return p
	}
	return nil
}

func attachmentViews(p *catalog.Procedure, atts []dossier.Attachment, links bool) []attachmentView {
	var out []attachmentView
	for _, a := range atts {
		av := attachmentView{Attachment: a, Component: a.Component}
		if p != nil {
			for _, c := range p.Components {
				if c.ID == a.Component {
					av.Component = c.Name
				}
			}
		}
		if links {
			av.URL = "/tep/" + a.File
		}
		out = append(out, av)
	}
	return out
}

func eventViews(l Lang, events []dossier.Event) []eventView {
	out := make([]eventView, 0, len(events))
	for i := len(events) - 1; i >= 0; i-- { // newest first
		ev := eventView{Event: events[i], Status: events[i].To.Label(l.String())}
		if l.Has("action." + ev.Event.Action) {
			ev.Action = l.T("action." + ev.Event.Action)
		}
		out = append(out, ev)
	}
	return out
}

// download sends a file the caller may read (dossier.Store.File) as an attachment.
func (h *Handler) download(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "", myDossiersPath, anyone)
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
	hdr := w.Header()
	hdr.Set("Content-Type", f.ContentType)
	hdr.Set("Content-Length", strconv.FormatInt(f.Size, 10))
	hdr.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	hdr.Set("Cache-Control", "private, no-store")
	hdr.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		if _, err := io.Copy(w, rc); err != nil {
			h.log.InfoContext(ctx, "web: download interrupted", "file", f.ID, "err", err)
		}
	}
}

// fileSize writes a size in bytes as people read it: 850 B, 12 KB, 3,4 MB.
func fileSize(l Lang, n int64) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1000*1000:
		return strconv.FormatInt((n+512)/1024, 10) + " KB"
	}
	s := strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64)
	if !l.EN() {
		s = commaDecimal(s)
	}
	return s + " MB"
}

func commaDecimal(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '.' {
			b[i] = ','
		}
	}
	return string(b)
}

// when is the moment of a pointer, for templates: nil is "".
func when(l Lang, v any) string {
	switch t := v.(type) {
	case time.Time:
		return dateTime(l, t)
	case *time.Time:
		if t == nil {
			return ""
		}
		return dateTime(l, *t)
	}
	return ""
}

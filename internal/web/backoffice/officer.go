package backoffice

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/workflow"
)

// The inbox.

// dueParams are the inbox's deadline filters as they appear in its address.
var dueParams = map[string]string{"sap-den-han": workflow.SLADueSoon, "qua-han": workflow.SLAOverdue}

// inboxStatuses are the statuses a dossier can have while it waits at an officer's step.
var inboxStatuses = []dossier.Status{dossier.StatusSubmitted, dossier.StatusReceived, dossier.StatusProcessing, dossier.StatusDone}

type inboxFilter struct {
	Status, Procedure, Due string // as in the address
	Page                   int
}

// The back office (Decree 61/2018 Arts. 17–20): an officer's inbox, a dossier's page with only
// the actions the workflow allows the officer now, each its own small form; consultations of
// other agencies; the legal forms of a dossier (Mẫu 01–05) and the register (Mẫu 06). Every
// page and post calls the workflow's own functions, which decide who may do what and when; the
// pages only show what those functions allow and say why they refused.
//
//	/can-bo                          the inbox, and the consultations addressed to the agency
//	/can-bo/y-kien/{id}              POST: answer a consultation
//	/can-bo/ho-so/{code}             the dossier (dossier.Store.OfficerURL); POST: an action
//	/can-bo/ho-so/{code}/y-kien      POST: consult another agency
//	/can-bo/ho-so/{code}/{form}.pdf  a legal form of the dossier
//	/can-bo/so-theo-doi              the register, as PDF or XLSX

// query is the filter's address, on page p.
func (f inboxFilter) url(p int) string {
	q := url.Values{}
	if f.Status != "" {
		q.Set("trang_thai", f.Status)
	}
	if f.Procedure != "" {
		q.Set("thu_tuc", f.Procedure)
	}
	if f.Due != "" {
		q.Set("han", f.Due)
	}
	if p > 1 {
		q.Set("page", strconv.Itoa(p))
	}
	if len(q) == 0 {
		return web.InboxPath
	}
	return web.InboxPath + "?" + q.Encode()
}

type inboxData struct {
	Filter           inboxFilter
	Items            []workflow.InboxItem
	Total            int
	Counts           map[string]int
	DueLinks         []dueLink
	Statuses         []web.OptionView
	Procedures       []*catalog.Procedure
	Page, Pages      int
	PrevURL, NextURL string
	Filtered         bool
	Consultations    []consultView
	Answered         bool // an answer was just sent
	Agency           string
	AgencyVI         bool
	Role             org.Role
}

// dueLink is one of the inbox's quick filters by deadline, with the count of the whole queue.
type dueLink struct {
	Key     string // "all", "due_soon", "overdue": the label's message
	URL     string
	Count   int
	Current bool
}

// consultView is a consultation addressed to the officer's agency, with its answer form.
type consultView struct {
	*workflow.Consultation
	InputID string
	Fields  []*web.FieldView
}

// inbox lists the dossiers waiting at the officer's step, soonest step deadline first
// (workflow.Store.Inbox), filtered by status, procedure and deadline, and the consultations
// addressed to the officer's agency with a form to answer each.
func (h *Handler) inbox(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "officer", web.InboxPath, web.IsOfficer)
	if !ok {
		return
	}
	l := v.L
	q := r.URL.Query()
	f := inboxFilter{Status: web.Shown(q.Get("trang_thai")), Procedure: web.Shown(q.Get("thu_tuc")), Due: web.Shown(q.Get("han"))}
	status := http.StatusOK
	page, ok := web.PageParam(q.Get("page"))
	if !ok {
		v.AddError("", l.T("err.page"))
		status = http.StatusBadRequest
	}
	f.Page = page
	if _, known := dueParams[f.Due]; f.Due != "" && !known {
		v.AddError("han", l.T("inbox.err.due"))
		status = http.StatusBadRequest
	}
	h.renderInbox(w, r, v, u, status, f, nil)
}

// renderInbox renders the inbox; answers are the answers typed, by consultation id, after an
// error.
func (h *Handler) renderInbox(w http.ResponseWriter, r *http.Request, v *web.View, u *org.User, status int, f inboxFilter, answers map[int64]string) {
	ctx := r.Context()
	l := v.L
	d := inboxData{Filter: f, Page: f.Page, Role: u.Role, Answered: r.Method == http.MethodGet && r.URL.Query().Get("da_tra_loi") == "1"}
	d.Agency, d.AgencyVI = h.AgencyName(ctx, l, u.AgencyCode)
	if len(v.Errors) == 0 {
		res, err := h.workflow.Inbox(ctx, u, workflow.InboxFilter{Status: dossier.Status(f.Status), Procedure: f.Procedure,
			Due: dueParams[f.Due], Page: f.Page, PerPage: web.PerPage})
		switch e, isApp := apperr.As(err); {
		case err == nil:
			d.Items, d.Total, d.Counts = res.Items, res.Total, res.Counts
		case isApp && e.Kind == apperr.KindInvalid:
			// The workflow names the filters as the API does.
			v.AddErrors(e, func(path string) string { return map[string]string{"status": "trang_thai", "due": "han"}[path] })
			status = http.StatusBadRequest
		default:
			h.Fail(w, r, v, err)
			return
		}
	}
	if d.Counts == nil {
		// The filters were refused: the counts of the whole queue still head the page.
		if res, err := h.workflow.Inbox(ctx, u, workflow.InboxFilter{PerPage: 1}); err == nil {
			d.Counts = res.Counts
		}
	}
	d.Filtered = f.Status != "" || f.Procedure != "" || f.Due != ""
	d.Pages = (d.Total + web.PerPage - 1) / web.PerPage
	if f.Page > 1 && d.Pages > 0 {
		d.PrevURL = f.url(min(f.Page-1, d.Pages))
	}
	if f.Page < d.Pages {
		d.NextURL = f.url(f.Page + 1)
	}
	v.Prev, v.Next = d.PrevURL, d.NextURL
	for _, key := range []string{"all", workflow.SLADueSoon, workflow.SLAOverdue} {
		link := dueLink{Key: key, URL: web.InboxPath, Count: d.Counts[key], Current: !d.Filtered && key == "all"}
		for param, sla := range dueParams {
			if sla == key {
				link.URL = inboxFilter{Due: param}.url(1)
				link.Current = f.Status == "" && f.Procedure == "" && f.Due == param
			}
		}
		d.DueLinks = append(d.DueLinks, link)
	}
	for _, s := range inboxStatuses {
		d.Statuses = append(d.Statuses, web.OptionView{Value: string(s), Label: s.Label(v.L.Lang), Selected: string(s) == f.Status})
	}
	if a, err := h.org.Agency(ctx, u.AgencyCode); err == nil {
		res, err := h.catalog.Search(ctx, catalog.Query{Agency: a, PerPage: 1000})
		if err != nil {
			h.Fail(w, r, v, err)
			return
		}
		d.Procedures = res.Items
	}
	cs, err := h.workflow.Consultations(ctx, u, "")
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	for _, c := range cs {
		id := "answer-" + strconv.FormatInt(c.ID, 10)
		d.Consultations = append(d.Consultations, consultView{Consultation: c, InputID: id, Fields: v.Inputs(
			web.Input{Kind: web.KindTextarea, Name: "answer", ID: id, Title: l.T("consult.answer"), Required: true, MaxLength: 8000,
				Value: answers[c.ID]})})
	}
	v.Data = d
	h.Render(w, r, status, "inbox", v)
}

// answer records the agency's opinion on a consultation (workflow.Store.Answer).
func (h *Handler) answer(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "officer", web.InboxPath, web.IsOfficer)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.NotFound(w, r)
		return
	}
	if !web.ParseActionForm(w, r, v) {
		h.renderInbox(w, r, v, u, http.StatusBadRequest, inboxFilter{Page: 1}, nil)
		return
	}
	text := r.PostForm.Get("answer")
	if _, err := h.workflow.Answer(r.Context(), u, id, text); err != nil {
		e, isApp := apperr.As(err)
		if !isApp || e.Kind == apperr.KindNotFound || e.Kind == apperr.KindInternal {
			h.Fail(w, r, v, err)
			return
		}
		v.AddErrors(e, func(string) string { return "answer-" + strconv.FormatInt(id, 10) })
		h.renderInbox(w, r, v, u, apperr.Status(e.Kind), inboxFilter{Page: 1}, map[int64]string{id: text})
		return
	}
	h.Log().InfoContext(r.Context(), "web: consultation answered", "consultation", id, "by", u.Username)
	http.Redirect(w, r, web.InboxPath+"?da_tra_loi=1", http.StatusSeeOther)
}

package web

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/workflow"
)

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

const (
	inboxPath    = "/can-bo"
	registerPath = "/can-bo/so-theo-doi"
	// maxActionFormBytes bounds an action's form: a reason of 4,000 characters of Vietnamese,
	// percent-encoded, needs about 36 KB.
	maxActionFormBytes = 64 << 10
)

// officerURL is a dossier's page in the back office.
func officerURL(code string) string { return "/can-bo/ho-so/" + code }

func isOfficer(u *org.User) bool { return u.Role.Officer() }

// The inbox.

// dueParams are the inbox's deadline filters as they appear in its address.
var dueParams = map[string]string{"sap-den-han": workflow.SLADueSoon, "qua-han": workflow.SLAOverdue}

// inboxStatuses are the statuses a dossier can have while it waits at an officer's step.
var inboxStatuses = []dossier.Status{dossier.StatusSubmitted, dossier.StatusReceived, dossier.StatusProcessing, dossier.StatusDone}

type inboxFilter struct {
	Status, Procedure, Due string // as in the address
	Page                   int
}

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
		return inboxPath
	}
	return inboxPath + "?" + q.Encode()
}

type inboxData struct {
	Filter           inboxFilter
	Items            []workflow.InboxItem
	Total            int
	Counts           map[string]int
	DueLinks         []dueLink
	Statuses         []optionView
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
	Fields  []*fieldView
}

// inbox lists the dossiers waiting at the officer's step, soonest step deadline first
// (workflow.Store.Inbox), filtered by status, procedure and deadline, and the consultations
// addressed to the officer's agency with a form to answer each.
func (h *Handler) inbox(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "officer", inboxPath, isOfficer)
	if !ok {
		return
	}
	l := v.L
	q := r.URL.Query()
	f := inboxFilter{Status: Shown(q.Get("trang_thai")), Procedure: Shown(q.Get("thu_tuc")), Due: Shown(q.Get("han"))}
	status := http.StatusOK
	page, ok := PageParam(q.Get("page"))
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
func (h *Handler) renderInbox(w http.ResponseWriter, r *http.Request, v *View, u *org.User, status int, f inboxFilter, answers map[int64]string) {
	ctx := r.Context()
	l := v.L
	d := inboxData{Filter: f, Page: f.Page, Role: u.Role, Answered: r.Method == http.MethodGet && r.URL.Query().Get("da_tra_loi") == "1"}
	d.Agency, d.AgencyVI = h.agencyName(ctx, l, u.AgencyCode)
	if len(v.Errors) == 0 {
		res, err := h.workflow.Inbox(ctx, u, workflow.InboxFilter{Status: dossier.Status(f.Status), Procedure: f.Procedure,
			Due: dueParams[f.Due], Page: f.Page, PerPage: PerPage})
		switch e, isApp := apperr.As(err); {
		case err == nil:
			d.Items, d.Total, d.Counts = res.Items, res.Total, res.Counts
		case isApp && e.Kind == apperr.KindInvalid:
			// The workflow names the filters as the API does.
			h.addErrors(v, e, func(path string) string { return map[string]string{"status": "trang_thai", "due": "han"}[path] })
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
	d.Pages = (d.Total + PerPage - 1) / PerPage
	if f.Page > 1 && d.Pages > 0 {
		d.PrevURL = f.url(min(f.Page-1, d.Pages))
	}
	if f.Page < d.Pages {
		d.NextURL = f.url(f.Page + 1)
	}
	v.Prev, v.Next = d.PrevURL, d.NextURL
	for _, key := range []string{"all", workflow.SLADueSoon, workflow.SLAOverdue} {
		link := dueLink{Key: key, URL: inboxPath, Count: d.Counts[key], Current: !d.Filtered && key == "all"}
		for param, sla := range dueParams {
			if sla == key {
				link.URL = inboxFilter{Due: param}.url(1)
				link.Current = f.Status == "" && f.Procedure == "" && f.Due == param
			}
		}
		d.DueLinks = append(d.DueLinks, link)
	}
	for _, s := range inboxStatuses {
		d.Statuses = append(d.Statuses, optionView{Value: string(s), Label: s.Label(v.Lang), Selected: string(s) == f.Status})
	}
	if a, err := h.org.Agency(ctx, u.AgencyCode); err == nil {
		res, err := h.catalog.Search(ctx, catalog.Query{Agency: a.Code, AgencyLevel: catalog.Level(a.Level), PerPage: 1000})
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
			input{Kind: kindTextarea, Name: "answer", ID: id, Title: l.T("consult.answer"), Required: true, MaxLength: 8000,
				Value: answers[c.ID]})})
	}
	v.Data = d
	h.Render(w, r, status, "inbox", v)
}

// answer records the agency's opinion on a consultation (workflow.Store.Answer).
func (h *Handler) answer(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "officer", inboxPath, isOfficer)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.NotFound(w, r)
		return
	}
	if !parseActionForm(w, r, v) {
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
		h.addErrors(v, e, func(string) string { return "answer-" + strconv.FormatInt(id, 10) })
		h.renderInbox(w, r, v, u, apperr.Status(e.Kind), inboxFilter{Page: 1}, map[int64]string{id: text})
		return
	}
	h.log.InfoContext(r.Context(), "web: consultation answered", "consultation", id, "by", u.Username)
	http.Redirect(w, r, inboxPath+"?da_tra_loi=1", http.StatusSeeOther)
}

// addErrors puts an apperr's messages in the error summary, each field error linked to the
// input idFor names for its path ("" for none); an error without fields is one message.
func (h *Handler) addErrors(v *View, e *apperr.Error, idFor func(path string) string) {
	l := v.L
	if len(e.Fields) == 0 {
		v.AddError("", fieldMessage(l, apperr.FieldError{Message: e.Message, MessageEn: e.MessageEn}))
		return
	}
	for _, f := range e.Fields {
		v.AddError(idFor(f.Path), fieldMessage(l, f))
	}
}

// One dossier.

type officerDossierData struct {
	D                *dossier.Dossier
	URL              string
	Status           string
	Agency           string
	AgencyVI         bool
	Queue            *dossier.Progress // where the dossier stands in its process
	Step             string            // the name of its step
	Answers          answersView
	Attachments      []AttachmentView
	Results          []AttachmentView
	History          []EventView
	Actions          []actionForm
	Papers           []paperLink
	Consultations    []*workflow.Consultation
	Consult          *consultForm
	Done             string // the message of the action just taken
	InboxURL         string
	RegisterURL      string
	AllowedSomething bool
}

// actionForm is one action the officer may take now, as its own form.
type actionForm struct {
	Name                 string // the workflow's action
	Title, Intro, Submit string
	Warning              bool // a button that ends or refuses the dossier
	Multipart            bool
	Fields               []*fieldView
}

// consultForm asks another agency for its opinion.
type consultForm struct {
	Departments, Communes []AgencyOption
	Fields                []*fieldView // the question and the working days
	AgencyError           string
}

// officerDossier shows a dossier to an officer of its agency (workflow.Store.Get: to anyone else
// it does not exist) with the actions the workflow allows them now.
func (h *Handler) officerDossier(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "officer", inboxPath, isOfficer)
	if !ok {
		return
	}
	h.renderOfficerDossier(w, r, v, u, http.StatusOK, "", nil)
}

// renderOfficerDossier renders the dossier's page with the errors v holds; values is what was
// typed in the form posted (an action's, or the consultation's), by input id. The second
// string, the form that failed, is not needed: its inputs' ids are unique on the page.
func (h *Handler) renderOfficerDossier(w http.ResponseWriter, r *http.Request, v *View, u *org.User, status int, _ string, values map[string]string) {
	ctx := r.Context()
	l := v.L
	code := r.PathValue("code")
	d, err := h.workflow.Get(ctx, u, code)
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	data := officerDossierData{D: d, URL: officerURL(d.Code), Status: d.Status.Label(v.Lang), InboxURL: inboxPath, RegisterURL: registerPath}
	data.Agency, data.AgencyVI = h.agencyName(ctx, l, d.AgencyCode)
	if r.Method == http.MethodGet {
		if done := r.URL.Query().Get("xong"); l.Has("done." + done) {
			data.Done = l.T("done." + done)
		}
	}
	p := ProcedureVersion(ctx, h.catalog, d.ProcedureCode, d.ProcedureVersion)
	if p != nil {
		if fs, err := parseFormSchema(p.FormSchema); err == nil {
			data.Answers.Sections = fs.answers(l, decodeForm(d.Form))
		}
	}
	data.Attachments, data.Results = documentViews(l, p, d.Attachments)
	data.History = EventViews(l, d.History)
	if d.Progress != nil && d.Progress.Step != "closed" {
		data.Queue, data.Step = d.Progress, d.Progress.StepName
	}
	val := func(id string) string {
		if values == nil {
			return ""
		}
		return values[id]
	}
	var specialists []*org.User
	if slices.Contains(d.AllowedActions, workflow.Assign) {
		if specialists, err = h.org.Users(ctx, d.AgencyCode, org.RoleSpecialist); err != nil {
			h.Fail(w, r, v, err)
			return
		}
	}
	for _, a := range workflowActions {
		if !slices.Contains(d.AllowedActions, a) {
			continue
		}
		data.Actions = append(data.Actions, actionFormFor(l, v, a, val, specialists))
	}
	data.AllowedSomething = len(data.Actions) > 0
	data.Papers = papersOf(l, d, true)
	if data.Consultations, err = h.workflow.Consultations(ctx, u, d.Code); err != nil {
		h.Fail(w, r, v, err)
		return
	}
	// Consultations come from the specialist or leader handling a dossier in processing; the
	// workflow refuses the rest, and the form is not offered.
	if (u.Role == org.RoleSpecialist || u.Role == org.RoleLeader) && d.ReceivedAt != nil && d.FinishedAt == nil && d.Status != dossier.StatusSupplement {
		cf, err := h.consultForm(ctx, l, v, d.AgencyCode, val)
		if err != nil {
			h.Fail(w, r, v, err)
			return
		}
		data.Consult = cf
	}
	v.Data = data
	h.Render(w, r, status, "officer_dossier", v)
}

// workflowActions are the officer's actions in the order their forms appear.
var workflowActions = []string{workflow.Receive, workflow.RequestSupplement, workflow.RejectReception, workflow.Assign,
	workflow.Forward, workflow.Approve, workflow.Refuse, workflow.ReturnResult, workflow.Extend}

// actionFormFor builds the form of action a; val gives what was typed, by input id.
func actionFormFor(l Lang, v *View, a string, val func(string) string, specialists []*org.User) actionForm {
	f := actionForm{Name: a, Title: l.T("act." + a + ".title"), Intro: l.T("act." + a + ".intro"), Submit: l.T("act." + a + ".submit")}
	note := func(required bool, key string) input {
		return input{Kind: kindTextarea, Name: "note", ID: "note-" + a, Title: l.T(key), Hint: l.T(key + "_hint"),
			Required: required, MaxLength: 4000, Value: val("note-" + a)}
	}
	file := input{Kind: kindFile, Name: "file", ID: "file-" + a, Title: l.T("act.file"), Hint: l.T("act.file_hint")}
	switch a {
	case workflow.RejectReception:
		f.Warning = true
		f.Fields = v.Inputs(note(true, "act.reject_reception.note"))
	case workflow.RequestSupplement:
		f.Fields = v.Inputs(note(true, "act.request_supplement.note"))
	case workflow.Assign:
		opts := []optionView{{ID: "assignee-auto", Value: "", Label: l.T("act.assign.auto"), Selected: val("assignee") == ""}}
		for _, u := range specialists {
			opts = append(opts, optionView{ID: "assignee-" + u.Username, Value: u.Username, Label: u.FullName + " (" + u.Username + ")",
				Selected: val("assignee") == u.Username})
		}
		f.Fields = v.Inputs(input{Kind: kindSelect, Name: "assignee", ID: "assignee", Title: l.T("act.assign.assignee"),
			Hint: l.T("act.assign.assignee_hint"), Options: opts}, note(false, "act.assign.note"))
	case workflow.Forward:
		f.Multipart = true
		f.Fields = v.Inputs(note(false, "act.forward.note"), file)
	case workflow.Refuse:
		f.Warning = true
		f.Fields = v.Inputs(note(true, "act.refuse.note"))
	case workflow.ReturnResult:
		f.Multipart = true
		file.Hint = l.T("act.return_result.file_hint")
		f.Fields = v.Inputs(file)
	case workflow.Extend:
		f.Fields = v.Inputs(input{Kind: kindDate, Name: "new_due", ID: "new_due", Title: l.T("act.extend.new_due"),
			Hint: l.T("act.extend.new_due_hint"), Required: true, Value: val("new_due")}, note(true, "act.extend.note"))
	}
	return f
}

// actionInput is the input of action a's form that an error at path concerns.
func actionInput(a, path string) string {
	switch {
	case path == "note":
		return "note-" + a
	case path == "assignee" || path == "new_due":
		return path
	case path == "attachments" || strings.HasPrefix(path, "attachments["):
		return "file-" + a
	}
	return ""
}

// act takes one workflow action (workflow.Store.Act) posted from the dossier's page. Files
// given with it stream to the file store first and go with the action as its attachments.
// Refused input re-renders the page with the errors at the action's form (422); a state or a
// role that does not allow the action says so on the page (409, 403); success goes back to the
// page with a banner.
func (h *Handler) act(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	code := r.PathValue("code")
	u, ok := h.Require(w, r, v, "officer", officerURL(code), isOfficer)
	if !ok {
		return
	}
	ctx := r.Context()
	l := v.L
	var vals url.Values
	var atts []dossier.AttachmentInput
	var upErrs []ViewError
	upStatus := 0
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "multipart/form-data" {
		m := h.readMultipart(w, r, l, func(field, name string, part io.Reader) error {
			if field != "file" {
				return nil
			}
			f, err := h.dossiers.Upload(ctx, u, name, part)
			if err != nil {
				return err
			}
			atts = append(atts, dossier.AttachmentInput{File: f.ID})
			return nil
		})
		vals, upErrs, upStatus = m.Values, m.Errors, m.status
	} else {
		r.Body = http.MaxBytesReader(w, r.Body, maxActionFormBytes)
		if err := r.ParseForm(); err != nil {
			upErrs, upStatus = []ViewError{{Message: l.T("signin.err.form")}}, http.StatusBadRequest
		}
		vals = r.PostForm
	}
	if vals == nil {
		vals = url.Values{}
	}
	action := vals.Get("action")
	typed := map[string]string{"note-" + action: vals.Get("note"), "assignee": vals.Get("assignee"), "new_due": vals.Get("new_due")}
	if len(upErrs) > 0 {
		for _, e := range upErrs {
			if e.ID == "file" {
				e.ID = "file-" + action
			}
			v.AddError(e.ID, e.Message)
		}
		h.renderOfficerDossier(w, r, v, u, upStatus, action, typed)
		return
	}
	in := workflow.ActionInput{Action: action, Note: vals.Get("note"), Assignee: strings.TrimSpace(vals.Get("assignee")),
		NewDue: strings.TrimSpace(vals.Get("new_due")), Attachments: atts}
	d, err := h.workflow.Act(ctx, u, code, in)
	if err != nil {
		h.actFailed(w, r, v, u, err, action, typed, func(path string) string { return actionInput(action, path) }, h.renderOfficerDossier)
		return
	}
	h.log.InfoContext(ctx, "web: dossier action", "code", d.Code, "action", action, "by", u.Username, "status", d.Status)
	http.Redirect(w, r, officerURL(d.Code)+"?xong="+url.QueryEscape(action), http.StatusSeeOther)
}

// actFailed answers a refused workflow call: a dossier the caller may not see is the 404 page;
// other refusals re-render the page with render, the errors (input errors linked by idFor),
// the kind's status, failed (the form posted) and what was typed; anything else is the error
// page.
func (h *Handler) actFailed(w http.ResponseWriter, r *http.Request, v *View, u *org.User, err error, failed string,
	typed map[string]string, idFor func(string) string,
	render func(http.ResponseWriter, *http.Request, *View, *org.User, int, string, map[string]string)) {
	e, isApp := apperr.As(err)
	status := 0
	if isApp {
		status = apperr.Status(e.Kind)
	}
	if !isApp || e.Kind == apperr.KindInternal || status == http.StatusUnauthorized || (e.Kind == apperr.KindNotFound && e.Code != "file_not_found") {
		h.Fail(w, r, v, err)
		return
	}
	if e.Code == "file_not_found" {
		status = http.StatusUnprocessableEntity
	}
	h.addErrors(v, e, idFor)
	render(w, r, v, u, status, failed, typed)
}

// consultForm is the form asking another agency's opinion: every agency but the dossier's own.
func (h *Handler) consultForm(ctx context.Context, l Lang, v *View, own string, val func(string) string) (*consultForm, error) {
	al, err := h.Agencies(ctx)
	if err != nil {
		return nil, err
	}
	f := &consultForm{AgencyError: v.FieldErrors["consult-agency"]}
	chosen := val("consult-agency")
	for _, o := range al.Options[l.Lang].Departments {
		if o.Code != own {
			o.Selected = o.Code == chosen
			f.Departments = append(f.Departments, o)
		}
	}
	for _, o := range al.Options[l.Lang].Communes {
		if o.Code != own {
			o.Selected = o.Code == chosen
			f.Communes = append(f.Communes, o)
		}
	}
	f.Fields = v.Inputs(
		input{Kind: kindTextarea, Name: "question", ID: "consult-question", Title: l.T("consult.question"),
			Hint: l.T("consult.question_hint"), Required: true, MaxLength: 4000, Value: val("consult-question")},
		input{Name: "working_days", ID: "consult-days", Title: l.T("consult.days"), Hint: l.T("consult.days_hint"),
			Required: true, InputMode: "numeric", Width: "short", MaxLength: 2, Value: val("consult-days")})
	return f, nil
}

// consult asks another agency for its opinion on the dossier (workflow.Store.Consult).
func (h *Handler) consult(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	code := r.PathValue("code")
	u, ok := h.Require(w, r, v, "officer", officerURL(code), isOfficer)
	if !ok {
		return
	}
	if !parseActionForm(w, r, v) {
		h.renderOfficerDossier(w, r, v, u, http.StatusBadRequest, "consult", nil)
		return
	}
	typed := map[string]string{"consult-agency": r.PostForm.Get("agency_code"), "consult-question": r.PostForm.Get("question"),
		"consult-days": r.PostForm.Get("working_days")}
	days, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("working_days")))
	if err != nil {
		days = 0 // the workflow says what the days must be
	}
	in := workflow.ConsultInput{Agency: r.PostForm.Get("agency_code"), Question: r.PostForm.Get("question"), WorkingDays: days}
	c, err := h.workflow.Consult(r.Context(), u, code, in)
	if err != nil {
		ids := map[string]string{"agency_code": "consult-agency", "question": "consult-question", "working_days": "consult-days"}
		h.actFailed(w, r, v, u, err, "consult", typed, func(path string) string { return ids[path] }, h.renderOfficerDossier)
		return
	}
	h.log.InfoContext(r.Context(), "web: consultation sent", "code", c.Dossier, "agency", c.Agency, "by", u.Username)
	http.Redirect(w, r, officerURL(c.Dossier)+"?xong=consult", http.StatusSeeOther)
}

// documentViews are a dossier's attachments named by their component, or by their kind when
// an officer added them, with download links; the result documents apart.
func documentViews(l Lang, p *catalog.Procedure, atts []dossier.Attachment) (docs, results []AttachmentView) {
	for _, av := range AttachmentViews(p, atts, true) {
		if av.Component == av.Attachment.Component && l.Has("doc.kind."+av.Kind) {
			av.Component = l.T("doc.kind." + av.Kind) // not one of the procedure's components
		}
		if av.Kind == "result" {
			results = append(results, av)
			continue
		}
		docs = append(docs, av)
	}
	return docs, results
}

// The legal forms of a dossier.

// paper is one of a dossier's printable forms (Circular 01/2018 Art. 9).
type paper struct {
	file, key string
	make      func(*workflow.Store, context.Context, *org.User, string) ([]byte, error)
	officer   bool // for the agency's officers only
	issued    func(*dossier.Dossier) bool
}

var papers = []paper{
	{"giay-tiep-nhan.pdf", "paper.receipt", (*workflow.Store).ReceiptPDF, false,
		func(d *dossier.Dossier) bool { return d.ReceivedAt != nil }},
	{"yeu-cau-bo-sung.pdf", "paper.supplement", (*workflow.Store).SupplementPDF, false,
		func(d *dossier.Dossier) bool { return hasEvent(d, workflow.RequestSupplement) }},
	{"tu-choi.pdf", "paper.refusal", (*workflow.Store).RefusalPDF, false,
		func(d *dossier.Dossier) bool {
			return (d.Status == dossier.StatusRejected && hasEvent(d, workflow.RejectReception)) ||
				(d.Status == dossier.StatusRefused && hasEvent(d, workflow.Refuse))
		}},
	{"xin-loi.pdf", "paper.apology", (*workflow.Store).ApologyPDF, false,
		func(d *dossier.Dossier) bool { return hasEvent(d, workflow.Extend) }},
	{"phieu-kiem-soat.pdf", "paper.control", (*workflow.Store).ControlSlipPDF, true,
		func(d *dossier.Dossier) bool { return d.ReceivedAt != nil }},
}

func hasEvent(d *dossier.Dossier, action string) bool {
	return slices.ContainsFunc(d.History, func(e dossier.Event) bool { return e.Action == action })
}

// paperLink is a link to a form issued for the dossier.
type paperLink struct {
	Title, URL string
}

// papersOf links the forms issued for d; officer adds the control slip and the officer's URLs.
func papersOf(l Lang, d *dossier.Dossier, officer bool) []paperLink {
	base := dossierURL(d.Code)
	if officer {
		base = officerURL(d.Code)
	}
	var out []paperLink
	for _, p := range papers {
		if (p.officer && !officer) || !p.issued(d) {
			continue
		}
		out = append(out, paperLink{Title: l.T(p.key), URL: base + "/" + p.file})
	}
	return out
}

type formMissingData struct {
	Code, Title, Message, Back string
}

// officerForm serves a legal form of the dossier to an officer of its agency.
func (h *Handler) officerForm(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "officer", inboxPath, isOfficer)
	if !ok {
		return
	}
	h.servePaper(w, r, v, u, true)
}

// applicantForm serves a form issued for the dossier to whoever may see it (its applicant).
func (h *Handler) applicantForm(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "", myDossiersPath, anyone)
	if !ok {
		return
	}
	h.servePaper(w, r, v, u, false)
}

// servePaper makes the form named by the address with the workflow (which checks who may see
// the dossier) and sends it as a PDF to open or print. A form not issued for the dossier (409)
// is a page saying so, with the way back.
func (h *Handler) servePaper(w http.ResponseWriter, r *http.Request, v *View, u *org.User, officer bool) {
	code, file := r.PathValue("code"), r.PathValue("file")
	i := slices.IndexFunc(papers, func(p paper) bool { return p.file == file })
	if i < 0 {
		h.NotFound(w, r)
		return
	}
	p := papers[i]
	b, err := p.make(h.workflow, r.Context(), u, code)
	if e, isApp := apperr.As(err); isApp && e.Kind == apperr.KindConflict {
		l := v.L
		back := dossierURL(code)
		if officer {
			back = officerURL(code)
		}
		v.Data = formMissingData{Code: code, Title: l.T(p.key), Back: back,
			Message: fieldMessage(l, apperr.FieldError{Message: e.Message, MessageEn: e.MessageEn})}
		h.Render(w, r, http.StatusConflict, "form_missing", v)
		return
	}
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	name := strings.TrimSuffix(file, ".pdf") + "-" + code + ".pdf"
	hdr := w.Header()
	hdr.Set("Content-Type", "application/pdf")
	hdr.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": name}))
	hdr.Set("Content-Length", strconv.Itoa(len(b)))
	hdr.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}

// The register (Mẫu 06).

type registerData struct {
	From, To, Format string
	Fields           []*fieldView
	Formats          *fieldView
	Agency           string
	AgencyVI         bool
}

// registerBook shows the register's form; with its dates (?tu_ngay=&den_ngay=&dinh_dang=) it
// sends the register of the officer's agency for those days (workflow.Store.Register) as PDF
// or XLSX. The form is a GET, so the file downloads without JavaScript.
func (h *Handler) registerBook(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "officer", registerPath, isOfficer)
	if !ok {
		return
	}
	l := v.L
	q := r.URL.Query()
	today := calendar.DateOf(h.now().In(hcm))
	d := registerData{From: Shown(q.Get("tu_ngay")), To: Shown(q.Get("den_ngay")), Format: q.Get("dinh_dang")}
	status := http.StatusOK
	if !q.Has("tu_ngay") && !q.Has("den_ngay") {
		first := today
		first.Day = 1
		d.From, d.To, d.Format = first.String(), today.String(), "pdf"
	} else {
		from, err1 := calendar.ParseDate(d.From)
		to, err2 := calendar.ParseDate(d.To)
		if err1 != nil {
			v.AddError("tu_ngay", l.T("register.err.from"))
		}
		if err2 != nil {
			v.AddError("den_ngay", l.T("register.err.to"))
		} else if err1 == nil && to.Compare(from) < 0 {
			v.AddError("den_ngay", l.T("register.err.order"))
		}
		if d.Format != "pdf" && d.Format != "xlsx" {
			v.AddError("dinh_dang", l.T("register.err.format"))
		}
		if len(v.Errors) == 0 {
			b, err := h.workflow.Register(r.Context(), u, from.At(0), to.At(0), d.Format)
			if err != nil {
				h.Fail(w, r, v, err)
				return
			}
			name := fmt.Sprintf("so-theo-doi-%s-%s.%s", from, to, d.Format)
			hdr := w.Header()
			hdr.Set("Content-Type", map[string]string{"pdf": "application/pdf",
				"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[d.Format])
			hdr.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
			hdr.Set("Content-Length", strconv.Itoa(len(b)))
			hdr.Set("Cache-Control", "private, no-store")
			w.WriteHeader(http.StatusOK)
			if r.Method != http.MethodHead {
				w.Write(b)
			}
			return
		}
		status = http.StatusBadRequest
	}
	d.Agency, d.AgencyVI = h.agencyName(r.Context(), l, u.AgencyCode)
	d.Fields = v.Inputs(
		input{Kind: kindDate, Name: "tu_ngay", ID: "tu_ngay", Title: l.T("register.from"), Required: true, Value: d.From},
		input{Kind: kindDate, Name: "den_ngay", ID: "den_ngay", Title: l.T("register.to"), Required: true, Value: d.To})
	d.Formats = v.Inputs(input{Kind: kindRadios, Name: "dinh_dang", ID: "dinh_dang", Title: l.T("register.format"), Required: true,
		Options: []optionView{{ID: "dinh_dang", Value: "pdf", Label: l.T("register.pdf"), Selected: d.Format == "pdf"},
			{ID: "dinh_dang-2", Value: "xlsx", Label: l.T("register.xlsx"), Selected: d.Format == "xlsx"}}})[0]
	v.Data = d
	h.Render(w, r, status, "register", v)
}

// parseActionForm reads a small action form, bounded by maxActionFormBytes. On a malformed body
// it records the form-level error on v and reports false; the caller renders its page with 400.
func parseActionForm(w http.ResponseWriter, r *http.Request, v *View) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxActionFormBytes)
	if err := r.ParseForm(); err != nil {
		v.AddError("", v.L.T("signin.err.form"))
		return false
	}
	return true
}

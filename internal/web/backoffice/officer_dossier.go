package backoffice

import (
	"cmp"
	"context"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/esign"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/workflow"
)

// One dossier.

type officerDossierData struct {
	D                *dossier.Dossier
	URL              string
	Status           string
	Agency           string
	AgencyVI         bool
	Queue            *dossier.Progress // where the dossier stands in its process
	Step             string            // the name of its step
	Answers          web.AnswersView
	Attachments      []web.AttachmentView
	Results          []web.AttachmentView
	Signed           *esign.Document // the signed electronic result in force, if any
	MayRevoke        bool            // the officer may revoke it (on its verification page)
	History          []web.EventView
	Actions          []actionForm
	Papers           []web.PaperLink
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
	Fields               []*web.FieldView
}

// consultForm asks another agency for its opinion.
type consultForm struct {
	Departments, Communes []web.AgencyOption
	Fields                []*web.FieldView // the question and the working days
	AgencyError           string
}

// officerDossier shows a dossier to an officer of its agency (workflow.Store.Get: to anyone else
// it does not exist) with the actions the workflow allows them now.
func (h *Handler) officerDossier(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "officer", web.InboxPath, web.IsOfficer)
	if !ok {
		return
	}
	h.renderOfficerDossier(w, r, v, u, http.StatusOK, "", nil)
}

// renderOfficerDossier renders the dossier's page with the errors v holds; values is what was
// typed in the form posted (an action's, or the consultation's), by input id. The second
// string, the form that failed, is not needed: its inputs' ids are unique on the page.
func (h *Handler) renderOfficerDossier(w http.ResponseWriter, r *http.Request, v *web.View, u *org.User, status int, _ string, values map[string]string) {
	ctx := r.Context()
	l := v.L
	code := r.PathValue("code")
	d, err := h.workflow.Get(ctx, u, code)
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	data := officerDossierData{D: d, URL: web.OfficerURL(d.Code), Status: d.Status.Label(v.L.Lang), InboxURL: web.InboxPath, RegisterURL: web.RegisterPath}
	data.Agency, data.AgencyVI = h.AgencyName(ctx, l, d.AgencyCode)
	if r.Method == http.MethodGet {
		if done := r.URL.Query().Get("xong"); l.Has("done." + done) {
			data.Done = l.T("done." + done)
		}
	}
	p := web.ProcedureVersion(ctx, h.catalog, d.ProcedureCode, d.ProcedureVersion)
	if p != nil {
		if fs, err := web.ParseFormSchema(p.FormSchema); err == nil {
			data.Answers.Sections = fs.Answers(l, web.DecodeForm(d.Form))
		}
	}
	data.Attachments, data.Results = web.DocumentViews(l, p, d.Attachments)
	data.History = web.EventViews(l, d.History)
	if h.sign != nil && len(data.Results) > 0 {
		// No signed result is no error: the dossier's result is then the attached file.
		if doc, err := h.sign.Result(ctx, u, d.Code); err == nil {
			data.Signed, data.MayRevoke = doc, esign.MayRevoke(u, doc)
		}
	}
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
	data.Papers = web.PapersOf(l, d, true)
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
func actionFormFor(l web.Lang, v *web.View, a string, val func(string) string, specialists []*org.User) actionForm {
	f := actionForm{Name: a, Title: l.T("act." + a + ".title"), Intro: l.T("act." + a + ".intro"), Submit: l.T("act." + a + ".submit")}
	note := func(required bool, key string) web.Input {
		return web.Input{Kind: web.KindTextarea, Name: "note", ID: "note-" + a, Title: l.T(key), Hint: l.T(key + "_hint"),
			Required: required, MaxLength: 4000, Value: val("note-" + a)}
	}
	file := web.Input{Kind: web.KindFile, Name: "file", ID: "file-" + a, Title: l.T("act.file"), Hint: l.T("act.file_hint")}
	switch a {
	case workflow.RejectReception:
		f.Warning = true
		f.Fields = v.Inputs(note(true, "act.reject_reception.note"))
	case workflow.RequestSupplement:
		f.Fields = v.Inputs(note(true, "act.request_supplement.note"))
	case workflow.Assign:
		opts := []web.OptionView{{ID: "assignee-auto", Value: "", Label: l.T("act.assign.auto"), Selected: val("assignee") == ""}}
		for _, u := range specialists {
			opts = append(opts, web.OptionView{ID: "assignee-" + u.Username, Value: u.Username, Label: u.FullName + " (" + u.Username + ")",
				Selected: val("assignee") == u.Username})
		}
		f.Fields = v.Inputs(web.Input{Kind: web.KindSelect, Name: "assignee", ID: "assignee", Title: l.T("act.assign.assignee"),
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
		f.Fields = v.Inputs(web.Input{Kind: web.KindDate, Name: "new_due", ID: "new_due", Title: l.T("act.extend.new_due"),
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
	u, ok := h.Require(w, r, v, "officer", web.OfficerURL(code), web.IsOfficer)
	if !ok {
		return
	}
	ctx := r.Context()
	l := v.L
	var vals url.Values
	var atts []dossier.AttachmentInput
	var upErrs []web.ViewError
	upStatus := 0
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "multipart/form-data" {
		m := web.ReadMultipart(w, r, l, h.dossiers.MaxUpload, func(field, name string, part io.Reader) error {
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
		vals, upErrs, upStatus = m.Values, m.Errors, m.Status
	} else {
		r.Body = http.MaxBytesReader(w, r.Body, web.MaxActionFormBytes)
		if err := r.ParseForm(); err != nil {
			upErrs, upStatus = []web.ViewError{{Message: l.T("signin.err.form")}}, http.StatusBadRequest
		}
		vals = r.PostForm
	}
	if vals == nil {
		vals = url.Values{}
	}
	action := vals.Get("action")
	newDue, dueErr := web.ReadDate(l, vals, "new_due", l.T("act.extend.new_due"))
	typed := map[string]string{"note-" + action: vals.Get("note"), "assignee": vals.Get("assignee"), "new_due": newDue}
	if dueErr != nil && action == workflow.Extend {
		upErrs = append(upErrs, *dueErr)
		upStatus = cmp.Or(upStatus, http.StatusUnprocessableEntity)
	}
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
		NewDue: newDue, Attachments: atts}
	d, err := h.workflow.Act(ctx, u, code, in)
	if err != nil {
		h.ActFailed(w, r, v, u, err, action, typed, func(path string) string { return actionInput(action, path) }, h.renderOfficerDossier)
		return
	}
	h.Log().InfoContext(ctx, "web: dossier action", "code", d.Code, "action", action, "by", u.Username, "status", d.Status)
	http.Redirect(w, r, web.OfficerURL(d.Code)+"?xong="+url.QueryEscape(action), http.StatusSeeOther)
}

// consultForm is the form asking another agency's opinion: every agency but the dossier's own.
func (h *Handler) consultForm(ctx context.Context, l web.Lang, v *web.View, own string, val func(string) string) (*consultForm, error) {
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
		web.Input{Kind: web.KindTextarea, Name: "question", ID: "consult-question", Title: l.T("consult.question"),
			Hint: l.T("consult.question_hint"), Required: true, MaxLength: 4000, Value: val("consult-question")},
		web.Input{Name: "working_days", ID: "consult-days", Title: l.T("consult.days"), Hint: l.T("consult.days_hint"),
			Required: true, InputMode: "numeric", Width: "short", MaxLength: 2, Value: val("consult-days")})
	return f, nil
}

// consult asks another agency for its opinion on the dossier (workflow.Store.Consult).
func (h *Handler) consult(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	code := r.PathValue("code")
	u, ok := h.Require(w, r, v, "officer", web.OfficerURL(code), web.IsOfficer)
	if !ok {
		return
	}
	if !web.ParseActionForm(w, r, v) {
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
		h.ActFailed(w, r, v, u, err, "consult", typed, func(path string) string { return ids[path] }, h.renderOfficerDossier)
		return
	}
	h.Log().InfoContext(r.Context(), "web: consultation sent", "code", c.Dossier, "agency", c.Agency, "by", u.Username)
	http.Redirect(w, r, web.OfficerURL(c.Dossier)+"?xong=consult", http.StatusSeeOther)
}

// officerForm serves a legal form of the dossier to an officer of its agency.
func (h *Handler) officerForm(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "officer", web.InboxPath, web.IsOfficer)
	if !ok {
		return
	}
	h.ServePaper(w, r, v, h.workflow, u, true)
}

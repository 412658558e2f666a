package applicant

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/formschema"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
	"github.com/motcua/motcua/internal/web"
)

// Applying online takes three pages, each a plain form post that works without JavaScript:
//
//	/nop-ho-so/{code}                      1. the receiving agency and the form
//	/nop-ho-so/{code}/tai-lieu?draft=ID    2. the documents: uploads, or the citizen's stored ones
//	/nop-ho-so/{code}/kiem-tra?draft=ID    3. check your answers, declare, submit
//
// Everything is kept in a server-side draft (dossier.Store.SaveDraft) once the person saves
// ("Lưu nháp") or continues with a complete step 1 (no empty draft is left by a first invalid
// "Tiếp tục"), so an application can be resumed on any device from "Hồ sơ của tôi". Submitting calls
// dossier.Store.Submit with an idempotency key derived from the draft, so a double click or a
// resent post files one dossier; the draft is then deleted and the citizen sees the
// confirmation on the dossier's page.

const (
	// maxApplyFormBytes bounds the form of step 1 (long lists in a textarea included).
	maxApplyFormBytes = 256 << 10
	// recentSubmission is how long after submitting a resent post still finds its dossier.
	recentSubmission = 10 * time.Minute
)

// applyURL is the page of a step ("" for the form, "tai-lieu", "kiem-tra") of an application.
func applyURL(code, step, draft string) string {
	u := "/nop-ho-so/" + code
	if step != "" {
		u += "/" + step
	}
	if draft != "" {
		u += "?draft=" + url.QueryEscape(draft)
	}
	return u
}

// draftNeed says what a step does without a draft.
type draftNeed int

const (
	draftOptional draftNeed = iota // step 1: a new application
	draftRequired                  // steps 2 and 3: back to step 1
	draftSubmit                    // the submission: find the dossier a resent post already filed
)

// applyCtx is what every step works on.
type applyCtx struct {
	v      *web.View
	l      web.Lang
	u      *org.User
	p      *catalog.Procedure
	schema *web.FormSchema
	draft  *dossier.Draft // nil for a new application
}

// applyStart checks the caller (citizens only), the procedure (in force and online) and the
// draft (the caller's own, for this procedure). When it returns false it has answered.
func (h *Handler) applyStart(w http.ResponseWriter, r *http.Request, need draftNeed) (*applyCtx, bool) {
	code := r.PathValue("code")
	if !web.ProcedureCodeRe.MatchString(code) {
		h.NotFound(w, r)
		return nil, false
	}
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "citizen", applyURL(code, "", ""), web.IsCitizen)
	if !ok {
		return nil, false
	}
	ctx := r.Context()
	p, err := h.catalog.Current(ctx, code)
	if err != nil {
		h.Fail(w, r, v, err)
		return nil, false
	}
	if p.Status != catalog.StatusActive || p.OnlineLevel == catalog.OnlineNone {
		// The procedure's page says why it cannot be applied for online.
		http.Redirect(w, r, "/thu-tuc/"+code, http.StatusSeeOther)
		return nil, false
	}
	schema, err := web.ParseFormSchema(p.FormSchema)
	if err != nil {
		h.Fail(w, r, v, err)
		return nil, false
	}
	c := &applyCtx{v: v, l: v.L, u: u, p: p, schema: schema}
	id := r.URL.Query().Get("draft")
	if id == "" {
		switch need {
		case draftRequired:
			http.Redirect(w, r, applyURL(code, "", ""), http.StatusSeeOther)
			return nil, false
		case draftSubmit:
			h.draftGone(w, r, c)
			return nil, false
		}
		return c, true
	}
	d, err := h.dossiers.Draft(ctx, u, id)
	if err == nil && d.ProcedureCode != p.Code {
		err = apperr.NotFound("draft", i18n.Text{})
	}
	if apperr.KindOf(err) == apperr.KindNotFound {
		h.draftGone(w, r, c)
		return nil, false
	}
	if err != nil {
		h.Fail(w, r, v, err)
		return nil, false
	}
	c.draft = d
	return c, true
}

// draftGone answers for a draft that no longer exists. A submission resent after the first one
// went through (a double click, the back button) finds the draft deleted: it is sent to the
// dossier it filed when the caller's newest dossier is of this procedure and just submitted.
func (h *Handler) draftGone(w http.ResponseWriter, r *http.Request, c *applyCtx) {
	if r.Method == http.MethodPost {
		ds, _, err := h.dossiers.Mine(r.Context(), c.u, 1, 1)
		if err == nil && len(ds) == 1 && ds[0].ProcedureCode == c.p.Code && h.now().Sub(ds[0].SubmittedAt) < recentSubmission {
			http.Redirect(w, r, web.DossierURL(ds[0].Code)+"?moi=1", http.StatusSeeOther)
			return
		}
	}
	c.v.Data = applyBase{P: c.p}
	h.Render(w, r, http.StatusNotFound, "draft_gone", c.v)
}

// applyBase is what the three steps' pages share.
type applyBase struct {
	P     *catalog.Procedure
	Draft string // the draft's id, once saved
	Step  int
	Saved bool // show "draft saved"
}

// URL is the address of a step of this application ("", "tai-lieu", "kiem-tra").
func (b applyBase) URL(step string) string { return applyURL(b.P.Code, step, b.Draft) }

// Step 1: the agency and the form.

type applyFormData struct {
	applyBase
	Agencies agencyChoices
	Form     *web.FormView
	Delivery deliveryChoice
}

// agencyChoices are the agencies that receive a procedure, for a select grouped by kind.
type agencyChoices struct {
	Departments, Communes, Others []web.AgencyOption
	Selected                      string
	Grouped                       bool // more than one group: use optgroups
}

// agencyChoices lists the agencies receiving p in language l.
func (h *Handler) agencyChoices(ctx context.Context, l web.Lang, p *catalog.Procedure, selected string) (agencyChoices, error) {
	al, err := h.Agencies(ctx)
	if err != nil {
		return agencyChoices{}, err
	}
	c := agencyChoices{Selected: selected}
	for _, a := range al.All {
		if !catalog.Receives(p, a) {
			continue
		}
		o := web.AgencyOption{Code: a.Code, Name: a.Name, Selected: a.Code == selected}
		if l.EN() {
			if a.NameEn != "" {
				o.Name = a.NameEn
			} else {
				o.VI = true
			}
		}
		switch a.Kind {
		case org.KindDepartment:
			c.Departments = append(c.Departments, o)
		case org.KindWard, org.KindCommune, org.KindSpecialZone:
			c.Communes = append(c.Communes, o)
		default:
			c.Others = append(c.Others, o)
		}
	}
	groups := 0
	byName := func(a, b web.AgencyOption) int { return vntext.Compare(a.Name, b.Name) }
	for _, g := range [][]web.AgencyOption{c.Departments, c.Communes, c.Others} {
		if len(g) > 0 {
			groups++
		}
		slices.SortStableFunc(g, byName)
	}
	c.Grouped = groups > 1
	if n := len(c.Departments) + len(c.Communes) + len(c.Others); n == 1 && selected == "" {
		for _, g := range [][]web.AgencyOption{c.Departments, c.Communes, c.Others} {
			for i := range g {
				g[i].Selected = true // the only agency: nothing to choose
			}
		}
	}
	return c, nil
}

// applyForm shows step 1: a new application, or a draft resumed.
func (h *Handler) applyForm(w http.ResponseWriter, r *http.Request) {
	c, ok := h.applyStart(w, r, draftOptional)
	if !ok {
		return
	}
	agency, data := r.URL.Query().Get("agency"), map[string]any{}
	var notes map[string]string
	del := deliveryInput{}
	if c.draft != nil {
		if c.draft.AgencyCode != "" {
			agency = c.draft.AgencyCode
		}
		data = web.DecodeForm(c.draft.Form)
		del = deliveryInput{c.draft.Delivery, c.draft.DeliveryAddress}
	} else {
		// A new application: what the account knows fills the applicant's fields.
		details := h.prefilled(r.Context(), c.u.ID)
		notes = prefill(c.l, c.schema, data, details)
		if a, ok := details[formschema.KeyAddress]; ok {
			del.Address = a.value
		}
	}
	h.renderApplyFormNotes(w, r, c, http.StatusOK, agency, data, nil, nil, true, del, notes)
}

// renderApplyForm renders step 1 with the answers in data and the errors: extra (the agency's,
// or ones no field owns) and errs (the form's, by path).
func (h *Handler) renderApplyForm(w http.ResponseWriter, r *http.Request, c *applyCtx, status int, agency string,
	data map[string]any, errs map[string]string, extra []web.ViewError, fresh bool) {
	del := deliveryInput{}
	if c.draft != nil {
		del = deliveryInput{c.draft.Delivery, c.draft.DeliveryAddress}
	}
	h.renderApplyFormNotes(w, r, c, status, agency, data, errs, extra, fresh, del, nil)
}

// renderApplyFormNotes is renderApplyForm with the way of delivery shown and the notes of the
// fields the portal filled in (by path).
func (h *Handler) renderApplyFormNotes(w http.ResponseWriter, r *http.Request, c *applyCtx, status int, agency string,
	data map[string]any, errs map[string]string, extra []web.ViewError, fresh bool, del deliveryInput, notes map[string]string) {
	agencies, err := h.agencyChoices(r.Context(), c.l, c.p, agency)
	if err != nil {
		h.Fail(w, r, c.v, err)
		return
	}
	fv := c.schema.View(c.l, data, errs, fresh)
	fv.Prefill(notes)
	// The summary follows the page: the agency, the form, then the way of delivery.
	for _, e := range extra {
		if !isDeliveryInput(e.ID) {
			c.v.AddError(e.ID, e.Message)
		}
	}
	for _, e := range fv.Summary {
		c.v.AddError(e.ID, e.Message)
	}
	for _, e := range extra {
		if isDeliveryInput(e.ID) {
			c.v.AddError(e.ID, e.Message)
		}
	}
	d := applyFormData{applyBase: applyBase{P: c.p, Step: 1, Saved: r.URL.Query().Get("da_luu") == "1"}, Agencies: agencies, Form: fv,
		Delivery: deliveryChoices(c.l, c.p, del)}
	if c.draft != nil {
		d.Draft = c.draft.ID
	}
	c.v.Data = d
	h.Render(w, r, status, "apply_form", c.v)
}

// saveApplyForm saves step 1 into the draft (creating it), then goes on to the documents, or
// back to the form with the errors when the citizen continues with an incomplete form. "Lưu
// nháp" saves whatever was typed.
func (h *Handler) saveApplyForm(w http.ResponseWriter, r *http.Request) {
	c, ok := h.applyStart(w, r, draftOptional)
	if !ok {
		return
	}
	ctx := r.Context()
	r.Body = http.MaxBytesReader(w, r.Body, maxApplyFormBytes)
	if err := r.ParseForm(); err != nil {
		h.renderApplyForm(w, r, c, http.StatusBadRequest, "", map[string]any{}, nil,
			[]web.ViewError{{Message: c.l.T("apply.err.form")}}, false)
		return
	}
	agency := strings.TrimSpace(r.PostForm.Get("_agency"))
	data, problems := c.schema.Parse(c.l, r.PostForm)
	form, err := json.Marshal(data)
	if err != nil {
		h.Fail(w, r, c.v, err)
		return
	}
	del := deliveryInput{dossier.Delivery(r.PostForm.Get("_delivery")), r.PostForm.Get("_delivery_address")}
	in := dossier.SubmitInput{ProcedureCode: c.p.Code, AgencyCode: agency, Form: form, Delivery: del.Delivery,
		DeliveryAddress: del.Address}
	save := r.PostForm.Get("_action") == "save"
	// Continuing checks the step first: a first invalid "Tiếp tục" leaves no draft behind.
	var errs map[string]string
	var extra []web.ViewError
	if !save {
		if msg := h.checkAgency(ctx, c.l, c.p, agency); msg != "" {
			extra = append(extra, web.ViewError{ID: "agency", Message: msg})
		}
		extra = append(extra, deliveryErrors(c.l, dossier.CheckDelivery(c.p, dossier.ChannelOnline, del.Delivery, del.Address))...)
		invalid, err := catalog.ValidateForm(c.p, form)
		if err != nil {
			h.Fail(w, r, c.v, err)
			return
		}
		errs = web.FormErrors(c.l, problems, invalid)
	}
	invalid := len(errs) > 0 || len(extra) > 0
	if save || !invalid || c.draft != nil {
		id := ""
		if c.draft != nil {
			id, in.Attachments = c.draft.ID, c.draft.Attachments
		}
		d, err := h.dossiers.SaveDraft(ctx, c.u, id, in)
		if e, isApp := apperr.As(err); isApp && len(e.Fields) > 0 {
			h.renderApplyFormNotes(w, r, c, apperr.Status(e.Kind), agency, data, web.FormErrors(c.l, e.Fields),
				deliveryErrors(c.l, e.Fields), false, del, nil)
			return
		}
		if err != nil {
			h.Fail(w, r, c.v, err)
			return
		}
		c.draft = d
	}
	switch {
	case save:
		http.Redirect(w, r, applyURL(c.p.Code, "", c.draft.ID)+"&da_luu=1", http.StatusSeeOther)
	case invalid:
		h.renderApplyFormNotes(w, r, c, http.StatusUnprocessableEntity, agency, data, errs, extra, false, del, nil)
	default:
		http.Redirect(w, r, applyURL(c.p.Code, "tai-lieu", c.draft.ID), http.StatusSeeOther)
	}
}

// checkAgency says what is wrong with the chosen agency, or "".
func (h *Handler) checkAgency(ctx context.Context, l web.Lang, p *catalog.Procedure, code string) string {
	if code == "" {
		return l.T("apply.err.agency")
	}
	al, err := h.Agencies(ctx)
	if err != nil {
		return ""
	}
	if a, ok := al.ByCode[code]; !ok || !catalog.Receives(p, a) {
		return l.T("apply.err.agency_other")
	}
	return ""
}

package applicant

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/web"
)

// Step 3: check your answers, declare and submit.

type applyReviewData struct {
	applyBase
	Agency     string
	AgencyVI   bool
	Answers    web.AnswersView
	Components []web.ComponentView
	FormOnly   []catalog.Component
	FormURL    string // step 1
	DocsURL    string // step 2
	Delivery   string // how the result is received, as a person reads it
	Address    string // where, for a postal delivery
	// Expected is when the result is due if the dossier is received now, by the rule reception
	// applies (workflow.Store.LegalDue); nil when the procedure publishes no time.
	Expected *time.Time
	// Quote is what the dossier costs, filed online now with the documents given;
	// Claimable the reductions the applicant may claim from the officer.
	Quote     catalog.FeeQuote
	Claimable []catalog.Reduction
}

// applyReview shows step 3.
func (h *Handler) applyReview(w http.ResponseWriter, r *http.Request) {
	c, ok := h.applyStart(w, r, draftRequired)
	if !ok {
		return
	}
	h.renderApplyReview(w, r, c, http.StatusOK)
}

func (h *Handler) renderApplyReview(w http.ResponseWriter, r *http.Request, c *applyCtx, status int) {
	docs, byID, err := h.documents(r.Context(), c.u)
	if err != nil {
		h.Fail(w, r, c.v, err)
		return
	}
	d := applyReviewData{applyBase: applyBase{P: c.p, Draft: c.draft.ID, Step: 3},
		FormURL: applyURL(c.p.Code, "", c.draft.ID), DocsURL: applyURL(c.p.Code, "tai-lieu", c.draft.ID)}
	if c.draft.AgencyCode != "" {
		d.Agency, d.AgencyVI = h.AgencyName(r.Context(), c.l, c.draft.AgencyCode)
	}
	d.Answers = web.AnswersView{Sections: c.schema.Answers(c.l, web.DecodeForm(c.draft.Form)), ChangeURL: d.FormURL}
	d.Components, d.FormOnly = web.Components(c.p, c.draft.Attachments, docs, byID, false, "file-")
	del := c.draft.Delivery
	if del == "" {
		del = dossier.DefaultDelivery(c.p, dossier.ChannelOnline)
	}
	d.Delivery = del.Label(c.l.Lang)
	if del == dossier.DeliveryPost {
		d.Address = c.draft.DeliveryAddress
	}
	if c.draft.AgencyCode != "" {
		due, err := h.workflow.LegalDue(r.Context(), c.p, c.draft.AgencyCode, h.now())
		if err != nil {
			h.Fail(w, r, c.v, err)
			return
		}
		d.Expected = due
	}
	given := make([]string, 0, len(c.draft.Attachments))
	for _, a := range c.draft.Attachments {
		given = append(given, a.Component)
	}
	d.Quote = c.p.Quote(catalog.FeeInput{Online: true, Components: given, On: h.now()})
	d.Claimable = c.p.Claimable()
	c.v.Data = d
	h.Render(w, r, status, "apply_review", c.v)
}

// submitApplication files the draft as a dossier (dossier.Store.SubmitDraft) once the citizen has
// ticked the declaration. Errors send the citizen back to the step that has them.
func (h *Handler) submitApplication(w http.ResponseWriter, r *http.Request) {
	c, ok := h.applyStart(w, r, draftSubmit)
	if !ok {
		return
	}
	ctx := r.Context()
	r.Body = http.MaxBytesReader(w, r.Body, web.MaxFormBytes)
	if err := r.ParseForm(); err != nil || r.PostForm.Get("_declaration") != "true" {
		c.v.AddError("declaration", c.l.T("review.err.declaration"))
		h.renderApplyReview(w, r, c, http.StatusUnprocessableEntity)
		return
	}
	d := c.draft
	out, err := h.dossiers.SubmitDraft(ctx, c.u, d.ID, "web-draft-"+d.ID)
	if err != nil {
		h.submitFailed(w, r, c, err)
		return
	}
	h.Log().InfoContext(ctx, "web: dossier submitted", "code", out.Code, "procedure", out.Procedure, "agency", out.Agency)
	http.Redirect(w, r, web.DossierURL(out.Code)+"?moi=1", http.StatusSeeOther)
}

// submitFailed sends the citizen back to the step with the problem: the agency or the form to
// step 1, the documents to step 2; anything else is shown on the review.
func (h *Handler) submitFailed(w http.ResponseWriter, r *http.Request, c *applyCtx, err error) {
	e, ok := apperr.As(err)
	if !ok || (e.Kind != apperr.KindUnprocessable && e.Kind != apperr.KindInvalid && e.Kind != apperr.KindNotFound) {
		h.Fail(w, r, c.v, err)
		return
	}
	status := http.StatusUnprocessableEntity
	var formFields []apperr.FieldError
	var extra, docs []web.ViewError
	for _, f := range e.Fields {
		msg := web.FieldMessage(c.l, f)
		switch {
		case f.Path == "form" || strings.HasPrefix(f.Path, "form."):
			formFields = append(formFields, f)
		case f.Path == "agency_code":
			extra = append(extra, web.ViewError{ID: "agency", Message: msg})
		case f.Path == "result_delivery" || f.Path == "delivery_address":
			extra = append(extra, deliveryErrors(c.l, []apperr.FieldError{f})...)
		case f.Path == "procedure_code":
			extra = append(extra, web.ViewError{Message: msg})
		default:
			docs = append(docs, web.ViewError{ID: h.attachmentInput(c, f), Message: msg})
		}
	}
	switch {
	case len(formFields) > 0 || len(extra) > 0:
		h.renderApplyForm(w, r, c, status, c.draft.AgencyCode, web.DecodeForm(c.draft.Form), web.FormErrors(c.l, formFields), extra, false)
	case len(docs) > 0 || e.Kind == apperr.KindNotFound:
		if len(docs) == 0 {
			docs = append(docs, web.ViewError{Message: web.FieldMessage(c.l, apperr.FieldError{Message: e.Message, MessageEn: e.MessageEn})})
		}
		h.renderApplyDocuments(w, r, c, status, docs)
	default:
		c.v.AddError("", web.FieldMessage(c.l, apperr.FieldError{Message: e.Message, MessageEn: e.MessageEn}))
		h.renderApplyReview(w, r, c, status)
	}
}

// attachmentInput is the input of step 2 an attachment error concerns: attachments[i] is the
// draft's i-th attachment; a missing required component is named in the message.
func (h *Handler) attachmentInput(c *applyCtx, f apperr.FieldError) string {
	var i int
	if n, _ := fmt.Sscanf(f.Path, "attachments[%d]", &i); n == 1 && i >= 0 && i < len(c.draft.Attachments) {
		return "file-" + c.draft.Attachments[i].Component
	}
	for _, comp := range c.p.Components {
		if strings.HasSuffix(f.Message, comp.Name) {
			return "file-" + comp.ID
		}
	}
	return ""
}

package backoffice

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
)

// counterPath is where a reception officer registers a dossier handed in at the counter or
// received by post, on the applicant's behalf, with the paper components scanned
// (dossier.Store.Register). Such dossiers join the same queue as online ones.
const counterPath = "/quay/tiep-nhan"

type counterData struct {
	ApplicantFields []*web.FieldView // the applicant and the channel
	MaxMB           int64
	Agency          string
	AgencyVI        bool
	Procedures      []*catalog.Procedure // the procedures the officer's agency receives
	Chosen          string               // the procedure chosen, as given
	P               *catalog.Procedure   // the procedure being registered
	Form            *web.FormView
	Applicant       applicantInput
	Channel         string
	Components      []web.ComponentView
	Registered      *dossier.Dossier // the dossier just registered
}

// applicantInput is the applicant's part of the counter form, as typed.
type applicantInput struct {
	Name, IDNumber, Phone, Email, Address string
}

// counterInputs are the ids of the counter form's own inputs in page order, by the path of the
// field errors dossier.Store.Register reports for them.
var counterInputs = []struct{ path, id string }{
	{"applicant.name", "ap-name"}, {"applicant.id_number", "ap-id"}, {"applicant.phone", "ap-phone"},
	{"applicant.email", "ap-email"}, {"applicant.address", "ap-address"}, {"channel", "channel"},
}

// counterAgency returns the officer's agency.
func (h *Handler) counterAgency(w http.ResponseWriter, r *http.Request, v *web.View, u *org.User) (*org.Agency, bool) {
	al, err := h.Agencies(r.Context())
	if err != nil {
		h.Fail(w, r, v, err)
		return nil, false
	}
	a, ok := al.ByCode[u.AgencyCode]
	if !ok {
		a, err = h.org.Agency(r.Context(), u.AgencyCode)
		if err != nil {
			h.Fail(w, r, v, err)
			return nil, false
		}
	}
	return a, true
}

// counterForm shows the choice of procedure and, once chosen (?thu_tuc=), the registration form;
// after a registration (?ma=) the dossier's code above them.
func (h *Handler) counterForm(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "reception", counterPath, web.IsReception)
	if !ok {
		return
	}
	a, ok := h.counterAgency(w, r, v, u)
	if !ok {
		return
	}
	ctx := r.Context()
	l := v.L
	q := r.URL.Query()
	d := counterData{Chosen: web.Shown(q.Get("thu_tuc")), Channel: string(dossier.ChannelCounter)}
	if code := q.Get("ma"); code != "" {
		if reg, err := h.dossiers.Get(ctx, u, code); err == nil {
			d.Registered = reg
		}
	}
	status := http.StatusOK
	var p *catalog.Procedure
	if d.Chosen != "" {
		var err error
		p, err = h.catalog.Current(ctx, d.Chosen)
		if err != nil && apperr.KindOf(err) != apperr.KindNotFound {
			h.Fail(w, r, v, err)
			return
		}
		if p == nil || p.Status != catalog.StatusActive || !catalog.Receives(p, a) {
			v.AddError("thu_tuc", l.T("counter.err.procedure"))
			status, p = http.StatusBadRequest, nil
		}
	}
	var fs *web.FormSchema
	if p != nil {
		var err error
		if fs, err = web.ParseFormSchema(p.FormSchema); err != nil {
			h.Fail(w, r, v, err)
			return
		}
	}
	h.renderCounter(w, r, v, status, a, p, fs, d, map[string]any{}, nil, nil, true)
}

// renderCounter renders the counter page; errs are the form's errors by path, others the rest by
// input id.
func (h *Handler) renderCounter(w http.ResponseWriter, r *http.Request, v *web.View, status int, a *org.Agency,
	p *catalog.Procedure, fs *web.FormSchema, d counterData, data map[string]any, errs map[string]string, others []web.ViewError, fresh bool) {
	ctx := r.Context()
	l := v.L
	d.Agency, d.AgencyVI = h.AgencyName(ctx, l, a.Code)
	res, err := h.catalog.Search(ctx, catalog.Query{Agency: a, PerPage: 1000})
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	d.Procedures = res.Items
	d.MaxMB = h.dossiers.MaxUpload >> 20
	if p != nil {
		d.ApplicantFields = applicantFields(l, d.Applicant, d.Channel, others)
		d.P, d.Chosen = p, p.Code
		d.Form = fs.View(l, data, errs, fresh)
		if d.Components == nil {
			d.Components, _ = web.Components(p, nil, nil, nil, true, "scan-")
		}
	}
	// The summary follows the page: the procedure, the applicant, the channel, the form, the
	// scans; errors for no input first.
	head := []string{"thu_tuc"}
	for _, in := range counterInputs {
		head = append(head, in.id)
	}
	var scans []string
	for _, cv := range d.Components {
		scans = append(scans, cv.InputID)
	}
	var first, last []web.ViewError
	for _, e := range others {
		if slices.Contains(scans, e.ID) {
			last = append(last, e)
		} else {
			first = append(first, e)
		}
	}
	v.AddInOrder(first, head...)
	if d.Form != nil {
		for _, e := range d.Form.Summary {
			v.AddError(e.ID, e.Message)
		}
	}
	v.AddInOrder(last, scans...)
	v.Data = d
	h.Render(w, r, status, "counter", v)
}

// register reads the counter form (multipart: the scans stream to the file store as they
// arrive) and registers the dossier. Errors re-render the form with everything typed and the
// scans already uploaded kept (as ticked boxes), so nothing is entered twice.
func (h *Handler) register(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "reception", counterPath, web.IsReception)
	if !ok {
		return
	}
	a, ok := h.counterAgency(w, r, v, u)
	if !ok {
		return
	}
	ctx := r.Context()
	l := v.L
	var atts []dossier.AttachmentInput
	m := web.ReadMultipart(w, r, l, h.dossiers.MaxUpload, func(field, name string, part io.Reader) error {
		comp, ok := strings.CutPrefix(field, "scan-")
		if !ok {
			return nil
		}
		f, err := h.dossiers.Upload(ctx, u, name, part)
		if err != nil {
			return err
		}
		atts = append(atts, dossier.AttachmentInput{Component: comp, File: f.ID})
		return nil
	})
	code := m.Values.Get("_proc")
	p, err := h.catalog.Current(ctx, code)
	if err != nil || p.Status != catalog.StatusActive || !catalog.Receives(p, a) {
		if err != nil && apperr.KindOf(err) != apperr.KindNotFound {
			h.Fail(w, r, v, err)
			return
		}
		others := append(m.Errors, web.ViewError{ID: "thu_tuc", Message: l.T("counter.err.procedure")})
		h.renderCounter(w, r, v, http.StatusBadRequest, a, nil, nil, counterData{Chosen: web.Shown(code)}, nil, nil, others, false)
		return
	}
	fs, err := web.ParseFormSchema(p.FormSchema)
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	for _, kept := range m.Values["_scan"] {
		comp, file, _ := strings.Cut(kept, "|")
		if web.HasComponent(p, comp) && file != "" {
			atts = append(atts, dossier.AttachmentInput{Component: comp, File: file})
		}
	}
	atts = slices.Compact(atts)
	data, problems := fs.Parse(l, m.Values)
	form, err := json.Marshal(data)
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	ap := applicantInput{Name: m.Values.Get("_ap_name"), IDNumber: m.Values.Get("_ap_id"), Phone: m.Values.Get("_ap_phone"),
		Email: m.Values.Get("_ap_email"), Address: m.Values.Get("_ap_address")}
	d := counterData{Applicant: ap, Channel: m.Values.Get("_channel")}
	phone, contactErrs := contactProblems(l, ap)
	d.Components, _ = web.Components(p, atts, nil, nil, true, "scan-")
	if err := h.keptNames(r, u, d.Components); err != nil {
		h.Fail(w, r, v, err)
		return
	}
	status := m.Status
	others := append(m.Errors, contactErrs...)
	formFields := problems
	if len(others) == 0 {
		out, err := h.dossiers.Register(ctx, u, dossier.RegisterInput{
			SubmitInput: dossier.SubmitInput{ProcedureCode: p.Code, AgencyCode: a.Code, Form: form, Attachments: atts},
			Channel:     dossier.Channel(d.Channel),
			Applicant:   dossier.ApplicantInput{Name: ap.Name, IDNumber: ap.IDNumber, Phone: phone, Email: ap.Email, Address: ap.Address},
		}, "")
		if err == nil {
			h.Log().InfoContext(ctx, "web: dossier registered", "code", out.Code, "procedure", out.Procedure, "channel", out.Channel, "by", u.Username)
			http.Redirect(w, r, counterPath+"?"+url.Values{"ma": {out.Code}}.Encode(), http.StatusSeeOther)
			return
		}
		e, isApp := apperr.As(err)
		if !isApp || (e.Kind != apperr.KindUnprocessable && e.Kind != apperr.KindInvalid && e.Kind != apperr.KindNotFound) {
			h.Fail(w, r, v, err)
			return
		}
		status = apperr.Status(e.Kind)
		if len(e.Fields) == 0 {
			others = append(others, web.ViewError{Message: web.FieldMessage(l, apperr.FieldError{Message: e.Message, MessageEn: e.MessageEn})})
		}
		for _, f := range e.Fields {
			if f.Path == "form" || strings.HasPrefix(f.Path, "form.") {
				formFields = append(formFields, f)
				continue
			}
			others = append(others, web.ViewError{ID: counterInput(f.Path, atts), Message: web.FieldMessage(l, f)})
		}
	} else {
		// A scan or a contact was refused: nothing is registered, but say what else needs
		// correcting.
		invalid, err := catalog.ValidateForm(p, form)
		if err != nil {
			h.Fail(w, r, v, err)
			return
		}
		formFields = append(formFields, invalid...)
	}
	if status == 0 {
		status = http.StatusUnprocessableEntity
	}
	h.renderCounter(w, r, v, status, a, p, fs, d, data, web.FormErrors(l, formFields), others, false)
}

// counterInput is the input a field error of Register concerns.
func counterInput(path string, atts []dossier.AttachmentInput) string {
	for _, in := range counterInputs {
		if in.path == path {
			return in.id
		}
	}
	var i int
	if n, _ := fmt.Sscanf(path, "attachments[%d]", &i); n == 1 && i >= 0 && i < len(atts) {
		return "scan-" + atts[i].Component
	}
	return ""
}

// keptNames names the scans already uploaded, shown as ticked boxes.
func (h *Handler) keptNames(r *http.Request, u *org.User, cvs []web.ComponentView) error {
	for i := range cvs {
		for j := range cvs[i].Files {
			f, err := h.dossiers.File(r.Context(), u, cvs[i].Files[j].ID)
			if apperr.KindOf(err) == apperr.KindNotFound {
				continue
			}
			if err != nil {
				return err
			}
			cvs[i].Files[j].Name, cvs[i].Files[j].Size = f.Name, f.Size
		}
	}
	return nil
}

// applicantFields are the counter form's fields for the applicant and the channel, rendered like
// the procedure's own form; errs are by input id.
func applicantFields(l web.Lang, ap applicantInput, channel string, errs []web.ViewError) []*web.FieldView {
	nodes := []struct {
		n     web.SchemaNode
		value string
	}{
		{web.SchemaNode{Name: "_ap_name", ID: "ap-name", Title: l.T("counter.ap.name"), Kind: web.KindText, MaxLength: 200, Required: true}, ap.Name},
		{web.SchemaNode{Name: "_ap_id", ID: "ap-id", Title: l.T("counter.ap.id"), Description: l.T("counter.ap.id_hint"), Kind: web.KindText,
			Pattern: "^[0-9]{12}$", MaxLength: 12}, ap.IDNumber},
		{web.SchemaNode{Name: "_ap_phone", ID: "ap-phone", Title: l.T("counter.ap.phone"), Kind: web.KindText, MaxLength: 20}, ap.Phone},
		{web.SchemaNode{Name: "_ap_email", ID: "ap-email", Title: l.T("counter.ap.email"), Kind: web.KindEmail, MaxLength: 254}, ap.Email},
		{web.SchemaNode{Name: "_ap_address", ID: "ap-address", Title: l.T("counter.ap.address"), Kind: web.KindTextarea, MaxLength: 500}, ap.Address},
		{web.SchemaNode{Name: "_channel", ID: "channel", Title: l.T("counter.channel"), Kind: web.KindRadios, Required: true,
			Enum: []any{string(dossier.ChannelCounter), string(dossier.ChannelPost)}}, channel},
	}
	var out []*web.FieldView
	for _, x := range nodes {
		n := x.n
		n.Path, n.UI = n.Name, true
		var v any
		if x.value != "" {
			v = x.value
		}
		f := n.Field(l, v, nil, false, "")
		switch n.ID {
		case "ap-phone":
			f.InputType, f.InputMode = "tel", ""
		case "channel":
			for i := range f.Options {
				f.Options[i].Label = web.EnumLabel(l, "channel.", f.Options[i].Value)
			}
		}
		for _, e := range errs {
			if e.ID == n.ID && f.Error == "" {
				f.Error = e.Message
			}
		}
		f.SetDescribedBy()
		out = append(out, f)
	}
	return out
}

var phoneSeparators = strings.NewReplacer(" ", "", ".", "", "-", "", "(", "", ")", "")

// contactProblems reads the applicant's phone as people write it (0912 345 678, +84 912…) into
// E.164, and refuses a phone or e-mail address that notify.Enqueue would refuse inside the
// registration's transaction: dossier.Register does not check them yet, and the registration
// would fail as an internal error.
func contactProblems(l web.Lang, ap applicantInput) (phone string, errs []web.ViewError) {
	phone = phoneSeparators.Replace(strings.TrimSpace(ap.Phone))
	switch {
	case phone == "":
	case vnPhoneRe.MatchString(phone):
		phone = "+84" + phone[1:]
	case strings.HasPrefix(phone, "84") && e164Re.MatchString("+"+phone):
		phone = "+" + phone
	}
	if phone != "" && !e164Re.MatchString(phone) {
		errs = append(errs, web.ViewError{ID: "ap-phone", Message: l.T("counter.err.phone")})
	}
	if e := strings.ToLower(strings.TrimSpace(ap.Email)); e != "" {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			errs = append(errs, web.ViewError{ID: "ap-email", Message: l.T("counter.err.email")})
		}
	}
	return phone, errs
}

var (
	vnPhoneRe = regexp.MustCompile(`^0[1-9][0-9]{8,9}$`)
	e164Re    = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
)

package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

// Applying online takes three pages, each a plain form post that works without JavaScript:
//
//	/nop-ho-so/{code}                      1. the receiving agency and the form
//	/nop-ho-so/{code}/tai-lieu?draft=ID    2. the documents: uploads, or the citizen's stored ones
//	/nop-ho-so/{code}/kiem-tra?draft=ID    3. check your answers, declare, submit
//
// Everything is kept in a server-side draft (dossier.Store.SaveDraft) from the first post on,
// so an application can be resumed on any device from "Hồ sơ của tôi". Submitting calls
// dossier.Store.Submit with an idempotency key derived from the draft, so a double click or a
// resent post files one dossier; the draft is then deleted and the citizen sees the
// confirmation on the dossier's page.

const (
	// maxApplyFormBytes bounds the form of step 1 (long lists in a textarea included).
	maxApplyFormBytes = 256 << 10
	// maxFieldBytes bounds one text part of a multipart form.
	maxFieldBytes = 64 << 10
	// uploadsPerPost is how many files at the size limit one post may carry.
	uploadsPerPost = 5
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
	v      *View
	l      Lang
	u      *org.User
	p      *catalog.Procedure
	schema *formSchema
	draft  *dossier.Draft // nil for a new application
}

// applyStart checks the caller (citizens only), the procedure (in force and online) and the
// draft (the caller's own, for this procedure). When it returns false it has answered.
func (h *Handler) applyStart(w http.ResponseWriter, r *http.Request, need draftNeed) (*applyCtx, bool) {
	code := r.PathValue("code")
	if !ProcedureCodeRe.MatchString(code) {
		h.NotFound(w, r)
		return nil, false
	}
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "citizen", applyURL(code, "", ""), isCitizen)
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
	schema, err := parseFormSchema(p.FormSchema)
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
		err = apperr.NotFound("draft", "", "")
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
			http.Redirect(w, r, dossierURL(ds[0].Code)+"?moi=1", http.StatusSeeOther)
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
	Form     *formView
}

// agencyChoices are the agencies that receive a procedure, for a select grouped by kind.
type agencyChoices struct {
	Departments, Communes, Others []AgencyOption
	Selected                      string
	Grouped                       bool // more than one group: use optgroups
}

// receives reports whether agency a takes dossiers of procedure p: the agencies the procedure
// lists, or when it lists none every agency of its level (the rule dossier.Store.Submit checks).
func receives(p *catalog.Procedure, a *org.Agency) bool {
	if len(p.AgencyCodes) > 0 {
		return slices.Contains(p.AgencyCodes, a.Code)
	}
	return string(p.Level) == a.Level
}

// agencyChoices lists the agencies receiving p in language l.
func (h *Handler) agencyChoices(ctx context.Context, l Lang, p *catalog.Procedure, selected string) (agencyChoices, error) {
	al, err := h.Agencies(ctx)
	if err != nil {
		return agencyChoices{}, err
	}
	c := agencyChoices{Selected: selected}
	for _, a := range al.All {
		if !receives(p, a) {
			continue
		}
		o := AgencyOption{Code: a.Code, Name: a.Name, Selected: a.Code == selected}
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
	byName := func(a, b AgencyOption) int { return vntext.Compare(a.Name, b.Name) }
	for _, g := range [][]AgencyOption{c.Departments, c.Communes, c.Others} {
		if len(g) > 0 {
			groups++
		}
		slices.SortStableFunc(g, byName)
	}
	c.Grouped = groups > 1
	if n := len(c.Departments) + len(c.Communes) + len(c.Others); n == 1 && selected == "" {
		for _, g := range [][]AgencyOption{c.Departments, c.Communes, c.Others} {
			for i := range g {
				g[i].Selected = true // the only agency: nothing to choose
			}
		}
	}
	return c, nil
}

// agencyName is an agency's name in language l, and whether it is Vietnamese on an English page.
func (s *Site) agencyName(ctx context.Context, l Lang, code string) (string, bool) {
	al, err := s.Agencies(ctx)
	if err != nil {
		return code, false
	}
	a, ok := al.ByCode[code]
	if !ok {
		return code, false
	}
	if l.EN() {
		if a.NameEn != "" {
			return a.NameEn, false
		}
		return a.Name, true
	}
	return a.Name, false
}

// applyForm shows step 1: a new application, or a draft resumed.
func (h *Handler) applyForm(w http.ResponseWriter, r *http.Request) {
	c, ok := h.applyStart(w, r, draftOptional)
	if !ok {
		return
	}
	agency, data := r.URL.Query().Get("agency"), map[string]any{}
	if c.draft != nil {
		if c.draft.AgencyCode != "" {
			agency = c.draft.AgencyCode
		}
		data = decodeForm(c.draft.Form)
	}
	h.renderApplyForm(w, r, c, http.StatusOK, agency, data, nil, nil, true)
}

// renderApplyForm renders step 1 with the answers in data and the errors: extra (the agency's,
// or ones no field owns) and errs (the form's, by path).
func (h *Handler) renderApplyForm(w http.ResponseWriter, r *http.Request, c *applyCtx, status int, agency string,
	data map[string]any, errs map[string]string, extra []ViewError, fresh bool) {
	agencies, err := h.agencyChoices(r.Context(), c.l, c.p, agency)
	if err != nil {
		h.Fail(w, r, c.v, err)
		return
	}
	fv := c.schema.view(c.l, data, errs, fresh)
	for _, e := range extra {
		c.v.AddError(e.ID, e.Message)
	}
	for _, e := range fv.summary {
		c.v.AddError(e.ID, e.Message)
	}
	d := applyFormData{applyBase: applyBase{P: c.p, Step: 1, Saved: r.URL.Query().Get("da_luu") == "1"}, Agencies: agencies, Form: fv}
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
			[]ViewError{{Message: c.l.T("apply.err.form")}}, false)
		return
	}
	agency := strings.TrimSpace(r.PostForm.Get("_agency"))
	data, problems := c.schema.parse(c.l, r.PostForm)
	form, err := json.Marshal(data)
	if err != nil {
		h.Fail(w, r, c.v, err)
		return
	}
	in := dossier.SubmitInput{ProcedureCode: c.p.Code, AgencyCode: agency, Form: form}
	id := ""
	if c.draft != nil {
		id, in.Attachments = c.draft.ID, c.draft.Attachments
	}
	d, err := h.dossiers.SaveDraft(ctx, c.u, id, in)
	if e, isApp := apperr.As(err); isApp && len(e.Fields) > 0 {
		h.renderApplyForm(w, r, c, apperr.Status(e.Kind), agency, data, formErrors(c.l, e.Fields), nil, false)
		return
	}
	if err != nil {
		h.Fail(w, r, c.v, err)
		return
	}
	c.draft = d
	if r.PostForm.Get("_action") == "save" {
		http.Redirect(w, r, applyURL(c.p.Code, "", d.ID)+"&da_luu=1", http.StatusSeeOther)
		return
	}
	var extra []ViewError
	if msg := h.checkAgency(ctx, c.l, c.p, agency); msg != "" {
		extra = append(extra, ViewError{ID: "agency", Message: msg})
	}
	invalid, err := catalog.ValidateForm(c.p, form)
	if err != nil {
		h.Fail(w, r, c.v, err)
		return
	}
	if errs := formErrors(c.l, problems, invalid); len(errs) > 0 || len(extra) > 0 {
		h.renderApplyForm(w, r, c, http.StatusUnprocessableEntity, agency, data, errs, extra, false)
		return
	}
	http.Redirect(w, r, applyURL(c.p.Code, "tai-lieu", d.ID), http.StatusSeeOther)
}

// checkAgency says what is wrong with the chosen agency, or "".
func (h *Handler) checkAgency(ctx context.Context, l Lang, p *catalog.Procedure, code string) string {
	if code == "" {
		return l.T("apply.err.agency")
	}
	al, err := h.Agencies(ctx)
	if err != nil {
		return ""
	}
	if a, ok := al.ByCode[code]; !ok || !receives(p, a) {
		return l.T("apply.err.agency_other")
	}
	return ""
}

// Step 2: the documents.

type applyDocumentsData struct {
	applyBase
	Components []componentView
	FormOnly   []catalog.Component // declarations the online form stands for
	MaxMB      int64
}

// componentView is one component of the dossier with its files and the citizen's stored
// documents that could be attached to it instead of an upload (once-only).
type componentView struct {
	catalog.Component
	InputID, ReuseID string
	Accept           string
	Formats          string
	Files            []attachedFile
	Reuse            []documentOption
	Missing          bool // required and no file yet
}

type attachedFile struct {
	ID, Name string
	Size     int64
	Remove   string // the remove button's value
}

type documentOption struct {
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

// components lists the components of p that need files, with atts and the stored documents.
// Each component's file input is named prefix+id.
func components(p *catalog.Procedure, atts []dossier.AttachmentInput, docs []dossier.Document, byID map[string]dossier.Document,
	withFormOnly bool, prefix string) (list []componentView, formOnly []catalog.Component) {
	for _, comp := range p.Components {
		if !withFormOnly && dossier.FormOnly(comp) {
			formOnly = append(formOnly, comp)
			continue
		}
		cv := componentView{Component: comp, InputID: prefix + comp.ID, ReuseID: "reuse-" + comp.ID}
		cv.Accept, cv.Formats = accept(comp.Formats)
		attached := map[string]bool{}
		for _, a := range atts {
			if a.Component != comp.ID {
				continue
			}
			f := attachedFile{ID: a.File, Name: a.File, Remove: a.Component + "|" + a.File}
			if d, ok := byID[a.File]; ok {
				f.Name, f.Size = d.Name, d.Size
			}
			cv.Files = append(cv.Files, f)
			attached[a.File] = true
		}
		for _, d := range docs {
			if !attached[d.ID] {
				cv.Reuse = append(cv.Reuse, documentOption{ID: d.ID, Name: d.Name, Size: d.Size, At: d.CreatedAt, Dossier: d.Dossier})
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
	d.Components, d.FormOnly = components(c.p, c.draft.Attachments, docs, byID, false, "file-")
	// The summary follows the page: errors without a field first, then by component.
	var ids []string
	for _, cv := range d.Components {
		ids = append(ids, cv.InputID, cv.ReuseID)
	}
	c.v.AddInOrder(errs, ids...)
	c.v.Data = d
	h.Render(w, r, status, "apply_documents", c.v)
}

// multipartForm is a multipart post read as a stream: text fields kept, each file handed to
// upload as it arrives, so no upload is held in memory.
type multipartForm struct {
	Values url.Values
	Errors []ViewError // by input id
	status int         // the status of the first error
}

func (m *multipartForm) fail(id, msg string, status int) {
	m.Errors = append(m.Errors, ViewError{ID: id, Message: msg})
	if m.status == 0 {
		m.status = status
	}
}

// readMultipart streams r's multipart body. upload is called for every file part with a name;
// it returns an error for the part's input.
func (h *Handler) readMultipart(w http.ResponseWriter, r *http.Request, l Lang, upload func(field, name string, part io.Reader) error) *multipartForm {
	m := &multipartForm{Values: url.Values{}}
	// The store limits each file; this bounds the whole post a little above a few of them.
	r.Body = http.MaxBytesReader(w, r.Body, uploadsPerPost*h.dossiers.MaxUpload+1<<20)
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
				m.fail("", l.T("apply.err.post_too_large", h.dossiers.MaxUpload>>20), http.StatusRequestEntityTooLarge)
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
					m.fail(name, h.uploadMessage(l, part.FileName(), err), uploadStatus(err))
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
func (h *Handler) uploadMessage(l Lang, name string, err error) string {
	name = vntext.NFC(name)
	switch apperr.KindOf(err) {
	case apperr.KindTooLarge:
		return l.T("apply.err.too_large", name, h.dossiers.MaxUpload>>20)
	case apperr.KindUnsupported:
		return l.T("apply.err.file_type", name)
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return l.T("apply.err.too_large", name, h.dossiers.MaxUpload>>20)
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
	m := h.readMultipart(w, r, c.l, func(field, name string, part io.Reader) error {
		comp, ok := strings.CutPrefix(field, "file-")
		if !ok || !hasComponent(c.p, comp) {
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
		h.renderApplyDocuments(w, r, c, m.status, m.Errors)
		return
	}
	switch m.Values.Get("_action") {
	case "continue":
		var missing []ViewError
		cvs, _ := components(c.p, d.Attachments, nil, nil, false, "file-")
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

func hasComponent(p *catalog.Procedure, id string) bool {
	return slices.ContainsFunc(p.Components, func(c catalog.Component) bool { return c.ID == id })
}

// Step 3: check your answers, declare and submit.

type applyReviewData struct {
	applyBase
	Agency     string
	AgencyVI   bool
	Answers    answersView
	Components []componentView
	FormOnly   []catalog.Component
	FormURL    string // step 1
	DocsURL    string // step 2
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
		d.Agency, d.AgencyVI = h.agencyName(r.Context(), c.l, c.draft.AgencyCode)
	}
	d.Answers = answersView{Sections: c.schema.answers(c.l, decodeForm(c.draft.Form)), ChangeURL: d.FormURL}
	d.Components, d.FormOnly = components(c.p, c.draft.Attachments, docs, byID, false, "file-")
	c.v.Data = d
	h.Render(w, r, status, "apply_review", c.v)
}

// submitApplication files the draft as a dossier (dossier.Store.Submit) once the citizen has
// ticked the declaration. Errors send the citizen back to the step that has them.
func (h *Handler) submitApplication(w http.ResponseWriter, r *http.Request) {
	c, ok := h.applyStart(w, r, draftSubmit)
	if !ok {
		return
	}
	ctx := r.Context()
	r.Body = http.MaxBytesReader(w, r.Body, MaxFormBytes)
	if err := r.ParseForm(); err != nil || r.PostForm.Get("_declaration") != "true" {
		c.v.AddError("declaration", c.l.T("review.err.declaration"))
		h.renderApplyReview(w, r, c, http.StatusUnprocessableEntity)
		return
	}
	d := c.draft
	out, err := h.dossiers.Submit(ctx, c.u, dossier.SubmitInput{ProcedureCode: d.ProcedureCode, AgencyCode: d.AgencyCode,
		Form: d.Form, Attachments: d.Attachments}, "web-draft-"+d.ID)
	if err != nil {
		h.submitFailed(w, r, c, err)
		return
	}
	if err := h.dossiers.DeleteDraft(ctx, c.u, d.ID); err != nil && apperr.KindOf(err) != apperr.KindNotFound {
		h.log.WarnContext(ctx, "web: delete submitted draft", "draft", d.ID, "err", err)
	}
	h.log.InfoContext(ctx, "web: dossier submitted", "code", out.Code, "procedure", out.Procedure, "agency", out.Agency)
	http.Redirect(w, r, dossierURL(out.Code)+"?moi=1", http.StatusSeeOther)
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
	var extra, docs []ViewError
	for _, f := range e.Fields {
		msg := fieldMessage(c.l, f)
		switch {
		case f.Path == "form" || strings.HasPrefix(f.Path, "form."):
			formFields = append(formFields, f)
		case f.Path == "agency_code":
			extra = append(extra, ViewError{ID: "agency", Message: msg})
		case f.Path == "procedure_code":
			extra = append(extra, ViewError{Message: msg})
		default:
			docs = append(docs, ViewError{ID: h.attachmentInput(c, f), Message: msg})
		}
	}
	switch {
	case len(formFields) > 0 || len(extra) > 0:
		h.renderApplyForm(w, r, c, status, c.draft.AgencyCode, decodeForm(c.draft.Form), formErrors(c.l, formFields), extra, false)
	case len(docs) > 0 || e.Kind == apperr.KindNotFound:
		if len(docs) == 0 {
			docs = append(docs, ViewError{Message: fieldMessage(c.l, apperr.FieldError{Message: e.Message, MessageEn: e.MessageEn})})
		}
		h.renderApplyDocuments(w, r, c, status, docs)
	default:
		c.v.AddError("", fieldMessage(c.l, apperr.FieldError{Message: e.Message, MessageEn: e.MessageEn}))
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

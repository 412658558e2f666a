package applicant

import (
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/workflow"
)

// The applicant's side of the workflow, on the dossier's page (/ho-so/{code}): what the
// workflow allows the applicant now — supplement the dossier when asked (Decree 61/2018 Art.
// 15), withdraw it, evaluate the service once settled (Circular 01/2018 Art. 13) — the forms
// issued for the dossier and the result document.
//
//	/ho-so/{code}/bo-sung    POST: the supplement, files per component and a note
//	/ho-so/{code}/rut        are you sure? then POST: withdraw
//	/ho-so/{code}/danh-gia   POST: the evaluation
//	/ho-so/{code}/{form}.pdf a form issued for the dossier

type dossierData struct {
	D           *dossier.Dossier
	Status      string
	New         bool // just submitted: show the confirmation panel
	Applicant   bool // the viewer is the applicant
	OfficerURL  string
	Agency      string
	AgencyVI    bool
	Answers     web.AnswersView
	Attachments []web.AttachmentView
	Results     []web.AttachmentView
	History     []web.EventView
	TrackURL    string
	Papers      []web.PaperLink
	Receipts    []string // the e-receipts of the fees paid (their download links)
	Done        string   // the message of what the applicant just did

	// What the applicant may do now.
	Supplement  *supplementForm
	WithdrawURL string
	Evaluation  *evaluationView
	Evaluate    *evaluateForm
}

// supplementForm answers a supplement request: the request, and a file input per component.
type supplementForm struct {
	Request  *dossier.Event // the officer's request, whose note lists what is missing
	PaperURL string         // Mẫu 02
	URL      string
	Fields   []*web.FieldView
	MaxMB    int64
}

// evaluationView is an evaluation given: every indicator with its score.
type evaluationView struct {
	Rows    []evaluationRow
	Total   int
	Max     int
	Comment string
	At      time.Time
}

type evaluationRow struct {
	Name    string
	Score   int
	Citizen bool // scored by the applicant; the others by the system from the record
}

// evaluateForm asks the applicant to score the indicators they judge.
type evaluateForm struct {
	URL    string
	Fields []*web.FieldView
}

// renderDossier renders the dossier's page with the errors v holds; typed is what was typed in
// the applicant's form posted (the supplement's or the evaluation's), by input id, whose ids
// are unique on the page.
func (h *Handler) renderDossier(w http.ResponseWriter, r *http.Request, v *web.View, u *org.User, status int, _ string, typed map[string]string) {
	ctx := r.Context()
	l := v.L
	d, err := h.workflow.Get(ctx, u, r.PathValue("code"))
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	data := dossierData{D: d, Status: d.Status.Label(v.L.Lang), TrackURL: "/tra-cuu?ma=" + d.Code,
		Applicant: d.Applicant.UserID != 0 && d.Applicant.UserID == u.ID}
	if r.Method == http.MethodGet {
		q := r.URL.Query()
		data.New = data.Applicant && q.Get("moi") == "1"
		if done := q.Get("xong"); l.Has("done." + done) {
			data.Done = l.T("done." + done)
		}
	}
	if u.Role.Officer() {
		data.OfficerURL = web.OfficerURL(d.Code)
	}
	data.Agency, data.AgencyVI = h.AgencyName(ctx, l, d.AgencyCode)
	p := web.ProcedureVersion(ctx, h.catalog, d.ProcedureCode, d.ProcedureVersion)
	if p != nil {
		if fs, err := web.ParseFormSchema(p.FormSchema); err == nil {
			data.Answers.Sections = fs.Answers(l, web.DecodeForm(d.Form))
		}
	}
	data.Attachments, data.Results = web.DocumentViews(l, p, d.Attachments)
	data.History = web.EventViews(l, d.History)
	data.Papers = web.PapersOf(l, d, false)
	if h.pay != nil {
		invs, err := h.pay.DossierInvoices(ctx, u, d.Code)
		if err != nil {
			h.Fail(w, r, v, err)
			return
		}
		for _, inv := range invs {
			if inv.Status == payment.InvoicePaid && inv.PaymentID != "" {
				data.Receipts = append(data.Receipts, "/thanh-toan/bien-lai/"+inv.PaymentID)
			}
		}
	}
	val := func(id string) string { return typed[id] }
	if data.Applicant {
		if slices.Contains(d.AllowedActions, workflow.Supplement) {
			sf := &supplementForm{URL: web.DossierURL(d.Code) + "/bo-sung", MaxMB: h.dossiers.MaxUpload >> 20}
			for i := len(d.History) - 1; i >= 0; i-- {
				if d.History[i].Action == workflow.RequestSupplement {
					sf.Request = &d.History[i]
					sf.PaperURL = web.DossierURL(d.Code) + "/yeu-cau-bo-sung.pdf"
					break
				}
			}
			var ins []web.Input
			for _, c := range supplementComponents(p, d) {
				ins = append(ins, web.Input{Kind: web.KindFile, Name: "bs-" + c.ID, ID: "bs-" + c.ID, Title: c.Name, VI: true})
			}
			ins = append(ins, web.Input{Kind: web.KindTextarea, Name: "note", ID: "bs-note", Title: l.T("supplement.note"),
				Hint: l.T("supplement.note_hint"), MaxLength: 4000, Value: val("bs-note")})
			sf.Fields = v.Inputs(ins...)
			data.Supplement = sf
		}
		if slices.Contains(d.AllowedActions, workflow.Withdraw) {
			data.WithdrawURL = web.DossierURL(d.Code) + "/rut"
		}
	}
	if d.Status == dossier.StatusReturned || d.Status == dossier.StatusRefused {
		e, err := h.workflow.Evaluation(ctx, u, d.Code)
		switch {
		case err == nil:
			data.Evaluation = evaluationOf(l, e)
		case apperr.KindOf(err) != apperr.KindNotFound:
			h.Fail(w, r, v, err)
			return
		case data.Applicant:
			data.Evaluate = &evaluateForm{URL: web.DossierURL(d.Code) + "/danh-gia", Fields: evaluateInputs(l, v, val)}
		}
	}
	v.Data = data
	h.Render(w, r, status, "dossier", v)
}

// supplementComponents are the components a supplement may bring files for: all of the
// procedure's, but for an online dossier not the declarations its online form stands for
// (dossier.FormOnly), as when applying.
func supplementComponents(p *catalog.Procedure, d *dossier.Dossier) []catalog.Component {
	if p == nil {
		return nil
	}
	var out []catalog.Component
	for _, c := range p.Components {
		if d.Channel == dossier.ChannelOnline && dossier.FormOnly(c) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// indicatorName is an evaluation indicator's name in language l.
func indicatorName(l web.Lang, ind workflow.Indicator) string { return ind.Name().In(l.Lang) }

// scoreLabel says what a score of an indicator means: the indicator's own wording where the
// catalog has one, otherwise the general scale.
func scoreLabel(l web.Lang, key string, score int) string {
	k := "eval." + key + "." + strconv.Itoa(score)
	if l.Has(k) {
		return l.T(k)
	}
	return l.T("eval.score." + strconv.Itoa(score))
}

// evaluateInputs are a radio group (2, 1, 0) per indicator the applicant scores, and a comment.
func evaluateInputs(l web.Lang, v *web.View, val func(string) string) []*web.FieldView {
	var ins []web.Input
	for _, ind := range workflow.Indicators {
		if !ind.Citizen {
			continue
		}
		id := "eval-" + ind.Key
		in := web.Input{Kind: web.KindRadios, Name: "diem-" + ind.Key, ID: id, Title: indicatorName(l, ind), Required: true}
		for i, score := range []int{2, 1, 0} {
			s := strconv.Itoa(score)
			in.Options = append(in.Options, web.OptionView{ID: web.OptionID(id, i), Value: s, Label: scoreLabel(l, ind.Key, score),
				Selected: val(id) == s})
		}
		ins = append(ins, in)
	}
	ins = append(ins, web.Input{Kind: web.KindTextarea, Name: "comment", ID: "eval-comment", Title: l.T("eval.comment"),
		Hint: l.T("eval.comment_hint"), MaxLength: 2000, Value: val("eval-comment")})
	return v.Inputs(ins...)
}

func evaluationOf(l web.Lang, e *workflow.Evaluation) *evaluationView {
	ev := &evaluationView{Total: e.Total, Comment: e.Comment, At: e.CreatedAt}
	for _, ind := range workflow.Indicators {
		score, ok := e.Scores[ind.Key]
		if !ok {
			continue
		}
		ev.Max += 2
		ev.Rows = append(ev.Rows, evaluationRow{Name: indicatorName(l, ind), Score: score, Citizen: ind.Citizen})
	}
	return ev
}

// supplement sends the applicant's supplement (workflow action "supplement"): the files, one
// input per component, stream to the file store first (dossier.Store.Upload) and go with the
// action as its attachments, with the note.
func (h *Handler) supplement(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	code := r.PathValue("code")
	u, ok := h.Require(w, r, v, "", web.DossierURL(code), web.Anyone)
	if !ok {
		return
	}
	ctx := r.Context()
	l := v.L
	d, err := h.workflow.Get(ctx, u, code)
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	p := web.ProcedureVersion(ctx, h.catalog, d.ProcedureCode, d.ProcedureVersion)
	var atts []dossier.AttachmentInput
	m := web.ReadMultipart(w, r, l, h.dossiers.MaxUpload, func(field, name string, part io.Reader) error {
		comp, ok := strings.CutPrefix(field, "bs-")
		if !ok || p == nil || !web.HasComponent(p, comp) {
			return nil
		}
		f, err := h.dossiers.Upload(ctx, u, name, part)
		if err != nil {
			return err
		}
		atts = append(atts, dossier.AttachmentInput{Component: comp, File: f.ID})
		return nil
	})
	typed := map[string]string{"bs-note": m.Values.Get("note")}
	if len(m.Errors) > 0 {
		for _, e := range m.Errors {
			v.AddError(e.ID, e.Message)
		}
		h.renderDossier(w, r, v, u, m.Status, "supplement", typed)
		return
	}
	first := ""
	if cs := supplementComponents(p, d); len(cs) > 0 {
		first = "bs-" + cs[0].ID
	}
	_, err = h.workflow.Act(ctx, u, code, workflow.ActionInput{Action: workflow.Supplement, Note: m.Values.Get("note"), Attachments: atts})
	if err != nil {
		h.ActFailed(w, r, v, u, err, "supplement", typed, func(path string) string {
			if path == "note" {
				return "bs-note"
			}
			if path == "attachments" || strings.HasPrefix(path, "attachments[") {
				return first
			}
			return ""
		}, h.renderDossier)
		return
	}
	h.Log().InfoContext(ctx, "web: dossier supplemented", "code", code, "files", len(atts))
	http.Redirect(w, r, web.DossierURL(code)+"?xong=supplement", http.StatusSeeOther)
}

type withdrawData struct {
	D      *dossier.Dossier
	URL    string
	Back   string
	Fields []*web.FieldView
}

// withdrawForm asks the applicant to confirm the withdrawal (the GOV.UK "are you sure" page);
// a dossier that can no longer be withdrawn sends them back to its page.
func (h *Handler) withdrawForm(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "", web.MyDossiersPath, web.Anyone)
	if !ok {
		return
	}
	h.renderWithdraw(w, r, v, u, http.StatusOK, "", nil)
}

func (h *Handler) renderWithdraw(w http.ResponseWriter, r *http.Request, v *web.View, u *org.User, status int, _ string, typed map[string]string) {
	l := v.L
	d, err := h.workflow.Get(r.Context(), u, r.PathValue("code"))
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	if status == http.StatusOK && !slices.Contains(d.AllowedActions, workflow.Withdraw) {
		http.Redirect(w, r, web.DossierURL(d.Code), http.StatusSeeOther)
		return
	}
	v.Data = withdrawData{D: d, URL: web.DossierURL(d.Code) + "/rut", Back: web.DossierURL(d.Code), Fields: v.Inputs(
		web.Input{Kind: web.KindTextarea, Name: "note", ID: "withdraw-note", Title: l.T("withdraw.reason"), MaxLength: 4000,
			Value: typed["withdraw-note"]})}
	h.Render(w, r, status, "withdraw", v)
}

// withdraw withdraws the dossier at its applicant's request (workflow action "withdraw").
func (h *Handler) withdraw(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	code := r.PathValue("code")
	u, ok := h.Require(w, r, v, "", web.DossierURL(code), web.Anyone)
	if !ok {
		return
	}
	if !web.ParseActionForm(w, r, v) {
		h.renderWithdraw(w, r, v, u, http.StatusBadRequest, "", nil)
		return
	}
	typed := map[string]string{"withdraw-note": r.PostForm.Get("note")}
	if _, err := h.workflow.Act(r.Context(), u, code, workflow.ActionInput{Action: workflow.Withdraw, Note: r.PostForm.Get("note")}); err != nil {
		h.ActFailed(w, r, v, u, err, "withdraw", typed, func(path string) string {
			if path == "note" {
				return "withdraw-note"
			}
			return ""
		}, h.renderWithdraw)
		return
	}
	h.Log().InfoContext(r.Context(), "web: dossier withdrawn", "code", code)
	http.Redirect(w, r, web.DossierURL(code)+"?xong=withdraw", http.StatusSeeOther)
}

// evaluate records the applicant's evaluation of the service (workflow.Store.Evaluate).
func (h *Handler) evaluate(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	code := r.PathValue("code")
	u, ok := h.Require(w, r, v, "", web.DossierURL(code), web.Anyone)
	if !ok {
		return
	}
	if !web.ParseActionForm(w, r, v) {
		h.renderDossier(w, r, v, u, http.StatusBadRequest, "evaluate", nil)
		return
	}
	in := workflow.EvaluationInput{Scores: map[string]int{}, Comment: r.PostForm.Get("comment")}
	typed := map[string]string{"eval-comment": in.Comment}
	for _, ind := range workflow.Indicators {
		s := r.PostForm.Get("diem-" + ind.Key)
		if !ind.Citizen || s == "" {
			continue // a score not given: the workflow asks for it
		}
		typed["eval-"+ind.Key] = s
		n, err := strconv.Atoi(s)
		if err != nil {
			n = -1 // the workflow says what a score must be
		}
		in.Scores[ind.Key] = n
	}
	if _, err := h.workflow.Evaluate(r.Context(), u, code, in); err != nil {
		h.ActFailed(w, r, v, u, err, "evaluate", typed, func(path string) string {
			if key, ok := strings.CutPrefix(path, "scores."); ok {
				return "eval-" + key
			}
			if path == "comment" {
				return "eval-comment"
			}
			return ""
		}, h.renderDossier)
		return
	}
	http.Redirect(w, r, web.DossierURL(code)+"?xong=evaluate#evaluation", http.StatusSeeOther)
}

// applicantForm serves a form issued for the dossier to whoever may see it (its applicant).
func (h *Handler) applicantForm(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "", web.MyDossiersPath, web.Anyone)
	if !ok {
		return
	}
	h.ServePaper(w, r, v, h.workflow, u, false)
}

package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/workflow"
)

var inbox = signedIn(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	p, pp, err := page(r)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	return h.wf.Inbox(r.Context(), u, workflow.InboxFilter{Status: dossier.Status(q.Get("status")),
		Procedure: q.Get("procedure"), Due: q.Get("due"), Page: p, PerPage: pp})
})

var act = withBody(http.StatusOK, func(h *Handler, r *http.Request, u *org.User, in workflow.ActionInput) (any, error) {
	d, err := h.wf.Act(r.Context(), u, r.PathValue("code"), in)
	return dossierOut(d), err
})

var evaluate = withBody(http.StatusCreated, func(h *Handler, r *http.Request, u *org.User, in workflow.EvaluationInput) (any, error) {
	return h.wf.Evaluate(r.Context(), u, r.PathValue("code"), in)
})

var evaluation = signedIn(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	return h.wf.Evaluation(r.Context(), u, r.PathValue("code"))
})

// indicatorJSON is an evaluation criterion on the wire, named in both languages.
type indicatorJSON struct {
	Key     string `json:"key"`
	Name    string `json:"name"`
	NameEn  string `json:"name_en"`
	Citizen bool   `json:"citizen"` // scored by the applicant
}

func (h *Handler) indicators(w http.ResponseWriter, r *http.Request) {
	items := make([]indicatorJSON, len(workflow.Indicators))
	for i, ind := range workflow.Indicators {
		name := ind.Name()
		items[i] = indicatorJSON{Key: ind.Key, Name: name.In(i18n.VI), NameEn: name.In(i18n.EN), Citizen: ind.Citizen}
	}
	writeJSON(w, http.StatusOK, list[indicatorJSON]{Items: items, Total: len(items)})
}

var consult = withBody(http.StatusCreated, func(h *Handler, r *http.Request, u *org.User, in workflow.ConsultInput) (any, error) {
	return h.wf.Consult(r.Context(), u, r.PathValue("code"), in)
})

// consultations lists a dossier's consultations ({code}) or those addressed to the caller's agency.
var consultations = signedIn(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	return listOf(h.wf.Consultations(r.Context(), u, r.PathValue("code")))
})

var answerConsultation = withBody(http.StatusOK, func(h *Handler, r *http.Request, u *org.User, in struct {
	Answer string `json:"answer"`
}) (any, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, apperr.NotFound("consultation", msgs.Text("consultation_not_found"))
	}
	return h.wf.Answer(r.Context(), u, id, in.Answer)
})

func (h *Handler) processes(w http.ResponseWriter, r *http.Request) {
	ds, err := listOf(h.wf.Definitions(r.Context()))
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ds)
}

var publishProcess = withBody(http.StatusCreated, func(h *Handler, r *http.Request, u *org.User, d workflow.Definition) (any, error) {
	return h.wf.Publish(r.Context(), u, &d)
})

var sweep = signedIn(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	if !u.IsAdmin() {
		return nil, apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("forbidden"))
	}
	return h.wf.Sweep(r.Context())
})

// pdfForm serves one of a dossier's legal forms.
func pdfForm(name string, make func(*workflow.Store) func(context.Context, *org.User, string) ([]byte, error)) handlerFunc {
	return func(h *Handler, w http.ResponseWriter, r *http.Request) {
		u, err := requireUser(r)
		var b []byte
		if err == nil {
			b, err = make(h.wf)(r.Context(), u, r.PathValue("code"))
		}
		if err != nil {
			h.error(w, r, err)
			return
		}
		writePDF(w, name+"-"+r.PathValue("code")+".pdf", b)
	}
}

var (
	receiptPDF    = pdfForm("giay-tiep-nhan", func(s *workflow.Store) func(context.Context, *org.User, string) ([]byte, error) { return s.ReceiptPDF })
	supplementPDF = pdfForm("yeu-cau-bo-sung", func(s *workflow.Store) func(context.Context, *org.User, string) ([]byte, error) {
		return s.SupplementPDF
	})
	refusalPDF     = pdfForm("tu-choi", func(s *workflow.Store) func(context.Context, *org.User, string) ([]byte, error) { return s.RefusalPDF })
	apologyPDF     = pdfForm("xin-loi", func(s *workflow.Store) func(context.Context, *org.User, string) ([]byte, error) { return s.ApologyPDF })
	controlSlipPDF = pdfForm("phieu-kiem-soat", func(s *workflow.Store) func(context.Context, *org.User, string) ([]byte, error) {
		return s.ControlSlipPDF
	})
)

// controlSlipXLSX serves Mẫu 05 as a spreadsheet.
func (h *Handler) controlSlipXLSX(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	var b []byte
	if err == nil {
		b, err = h.wf.ControlSlipXLSX(r.Context(), u, r.PathValue("code"))
	}
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeXLSX(w, "phieu-kiem-soat-"+r.PathValue("code")+".xlsx", b)
}

func writeXLSX(w http.ResponseWriter, name string, b []byte) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(b)
}

func writePDF(w http.ResponseWriter, name string, b []byte) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(b)
}

// register serves the register (Mẫu 06) of the officer's agency for ?from=&to= as PDF or XLSX.
func (h *Handler) register(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	q := r.URL.Query()
	from, err1 := calendar.ParseDate(q.Get("from"))
	to, err2 := calendar.ParseDate(q.Get("to"))
	format := q.Get("format")
	var fe apperr.Fields
	if err1 != nil {
		fe.Add("from", msgs.Text("from_must_be_date_yyyy_mm"))
	}
	if err2 != nil || (err1 == nil && to.Compare(from) < 0) {
		fe.Add("to", msgs.Text("to_must_be_date_yyyy_mm"))
	}
	if format != "" && format != "pdf" && format != "xlsx" {
		fe.Add("format", msgs.Text("format_must_be_pdf_or_xlsx"))
	}
	if fe.Len() > 0 {
		e := apperr.Invalid("invalid_query", msgs.Text("invalid_query"), fe.List()...)
		e.Kind = apperr.KindInvalid
		h.error(w, r, e)
		return
	}
	b, err := h.wf.Register(r.Context(), u, from.At(0), to.At(0), format)
	if err != nil {
		h.error(w, r, err)
		return
	}
	name := "so-theo-doi-" + from.String() + "-" + to.String()
	if format == "xlsx" {
		writeXLSX(w, name+".xlsx", b)
		return
	}
	writePDF(w, name+".pdf", b)
}

package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/workflow"
)

func (h *Handler) inbox(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	p, pp, err := page(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	q := r.URL.Query()
	res, err := h.wf.Inbox(r.Context(), u, workflow.InboxFilter{Status: dossier.Status(q.Get("status")),
		Procedure: q.Get("procedure"), Due: q.Get("due"), Page: p, PerPage: pp})
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (h *Handler) act(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	var in workflow.ActionInput
	if err := decode(w, r, &in); err != nil {
		h.error(w, r, err)
		return
	}
	d, err := h.wf.Act(r.Context(), u, r.PathValue("code"), in)
	if err != nil {
		h.error(w, r, err)
		return
	}
	h.log.InfoContext(r.Context(), "dossier action", "code", d.Code, "action", in.Action, "by", u.Username, "status", d.Status)
	writeJSON(w, http.StatusOK, d)
}

func (h *Handler) receiptPDF(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	b, err := h.wf.ReceiptPDF(r.Context(), u, r.PathValue("code"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	writePDF(w, "giay-tiep-nhan-"+r.PathValue("code")+".pdf", b)
}

func writePDF(w http.ResponseWriter, name string, b []byte) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(b)
}

func (h *Handler) evaluate(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	var in workflow.EvaluationInput
	if err := decode(w, r, &in); err != nil {
		h.error(w, r, err)
		return
	}
	e, err := h.wf.Evaluate(r.Context(), u, r.PathValue("code"), in)
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, e)
}

func (h *Handler) evaluation(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	e, err := h.wf.Evaluation(r.Context(), u, r.PathValue("code"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, e)
}

func (h *Handler) indicators(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, list[workflow.Indicator]{Items: workflow.Indicators, Total: len(workflow.Indicators)})
}

func (h *Handler) consult(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	var in workflow.ConsultInput
	if err := decode(w, r, &in); err != nil {
		h.error(w, r, err)
		return
	}
	c, err := h.wf.Consult(r.Context(), u, r.PathValue("code"), in)
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

func (h *Handler) dossierConsultations(w http.ResponseWriter, r *http.Request) {
	h.listConsultations(w, r, r.PathValue("code"))
}

func (h *Handler) agencyConsultations(w http.ResponseWriter, r *http.Request) {
	h.listConsultations(w, r, "")
}

func (h *Handler) listConsultations(w http.ResponseWriter, r *http.Request, code string) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	cs, err := h.wf.Consultations(r.Context(), u, code)
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[*workflow.Consultation]{Items: cs, Total: len(cs)})
}

func (h *Handler) answerConsultation(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.error(w, r, apperr.NotFound("consultation", "Không tìm thấy yêu cầu lấy ý kiến.", "Consultation not found."))
		return
	}
	var in struct {
		Answer string `json:"answer"`
	}
	if err := decode(w, r, &in); err != nil {
		h.error(w, r, err)
		return
	}
	c, err := h.wf.Answer(r.Context(), u, id, in.Answer)
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (h *Handler) processes(w http.ResponseWriter, r *http.Request) {
	ds, err := h.wf.Definitions(r.Context())
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[*workflow.Definition]{Items: ds, Total: len(ds)})
}

func (h *Handler) publishProcess(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	var d workflow.Definition
	if err := decode(w, r, &d); err != nil {
		h.error(w, r, err)
		return
	}
	out, err := h.wf.Publish(r.Context(), u, &d)
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}

func (h *Handler) sweep(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	if !u.IsAdmin() {
		h.error(w, r, apperr.New(apperr.KindForbidden, "forbidden", "Chỉ quản trị hệ thống.", "System administrators only."))
		return
	}
	rep, err := h.wf.Sweep(r.Context())
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

// form serves one of a dossier's legal forms as PDF.
func (h *Handler) form(name string, make func(*workflow.Store) func(context.Context, *org.User, string) ([]byte, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, err := requireUser(r)
		if err != nil {
			h.error(w, r, err)
			return
		}
		b, err := make(h.wf)(r.Context(), u, r.PathValue("code"))
		if err != nil {
			h.error(w, r, err)
			return
		}
		writePDF(w, name+"-"+r.PathValue("code")+".pdf", b)
	}
}

func (h *Handler) supplementPDF(w http.ResponseWriter, r *http.Request) {
	h.form("yeu-cau-bo-sung", func(s *workflow.Store) func(context.Context, *org.User, string) ([]byte, error) {
		return s.SupplementPDF
	})(w, r)
}

func (h *Handler) refusalPDF(w http.ResponseWriter, r *http.Request) {
	h.form("tu-choi", func(s *workflow.Store) func(context.Context, *org.User, string) ([]byte, error) { return s.RefusalPDF })(w, r)
}

func (h *Handler) apologyPDF(w http.ResponseWriter, r *http.Request) {
	h.form("xin-loi", func(s *workflow.Store) func(context.Context, *org.User, string) ([]byte, error) { return s.ApologyPDF })(w, r)
}

func (h *Handler) controlSlipPDF(w http.ResponseWriter, r *http.Request) {
	h.form("phieu-kiem-soat", func(s *workflow.Store) func(context.Context, *org.User, string) ([]byte, error) {
		return s.ControlSlipPDF
	})(w, r)
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
		fe.Add("from", "Cần ngày bắt đầu YYYY-MM-DD.", "from must be a date YYYY-MM-DD.")
	}
	if err2 != nil || (err1 == nil && to.Compare(from) < 0) {
		fe.Add("to", "Cần ngày kết thúc YYYY-MM-DD, không trước ngày bắt đầu.", "to must be a date YYYY-MM-DD, not before from.")
	}
	if format != "" && format != "pdf" && format != "xlsx" {
		fe.Add("format", "Định dạng là pdf hoặc xlsx.", "format must be pdf or xlsx.")
	}
	if fe.Len() > 0 {
		e := apperr.Invalid("invalid_query", "Tham số không hợp lệ.", "Invalid parameters.", fe.List()...)
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
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		w.Write(b)
		return
	}
	writePDF(w, name+".pdf", b)
}

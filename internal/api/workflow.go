package api

import (
	"net/http"

	"github.com/motcua/motcua/internal/dossier"
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

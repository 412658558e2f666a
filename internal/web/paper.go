package web

import (
	"context"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/workflow"
)

// The legal forms of a dossier.

// paper is one of a dossier's printable forms (Circular 01/2018 Art. 9); whether it is issued
// for a dossier is workflow's rule (workflow.Issued), which the PDFs check too.
type paper struct {
	file, key string
	make      func(*workflow.Store, context.Context, *org.User, string) ([]byte, error)
	officer   bool // for the agency's officers only
	form      workflow.Form
}

var papers = []paper{
	{"giay-tiep-nhan.pdf", "paper.receipt", (*workflow.Store).ReceiptPDF, false, workflow.FormReceipt},
	{"yeu-cau-bo-sung.pdf", "paper.supplement", (*workflow.Store).SupplementPDF, false, workflow.FormSupplement},
	{"tu-choi.pdf", "paper.refusal", (*workflow.Store).RefusalPDF, false, workflow.FormRefusal},
	{"xin-loi.pdf", "paper.apology", (*workflow.Store).ApologyPDF, false, workflow.FormApology},
	{"phieu-kiem-soat.pdf", "paper.control", (*workflow.Store).ControlSlipPDF, true, workflow.FormControl},
}

// PaperLink is a link to a form issued for the dossier.
type PaperLink struct {
	Title, URL string
}

// PapersOf links the forms issued for d; officer adds the control slip and the officer's URLs.
func PapersOf(l Lang, d *dossier.Dossier, officer bool) []PaperLink {
	base := DossierURL(d.Code)
	if officer {
		base = OfficerURL(d.Code)
	}
	var out []PaperLink
	for _, p := range papers {
		if (p.officer && !officer) || !workflow.Issued(d, p.form) {
			continue
		}
		out = append(out, PaperLink{Title: l.T(p.key), URL: base + "/" + p.file})
	}
	return out
}

type formMissingData struct {
	Code, Title, Message, Back string
}

// ServePaper makes the form named by the address with the workflow (which checks who may see
// the dossier) and sends it as a PDF to open or print. A form not issued for the dossier (409)
// is a page saying so, with the way back.
func (s *Site) ServePaper(w http.ResponseWriter, r *http.Request, v *View, wf *workflow.Store, u *org.User, officer bool) {
	code, file := r.PathValue("code"), r.PathValue("file")
	i := slices.IndexFunc(papers, func(p paper) bool { return p.file == file })
	if i < 0 {
		s.NotFound(w, r)
		return
	}
	p := papers[i]
	b, err := p.make(wf, r.Context(), u, code)
	if e, isApp := apperr.As(err); isApp && e.Kind == apperr.KindConflict {
		l := v.L
		back := DossierURL(code)
		if officer {
			back = OfficerURL(code)
		}
		v.Data = formMissingData{Code: code, Title: l.T(p.key), Back: back,
			Message: FieldMessage(l, apperr.FieldError{Message: e.Message, MessageEn: e.MessageEn})}
		s.core.Render(w, r, http.StatusConflict, "form_missing", v)
		return
	}
	if err != nil {
		s.Fail(w, r, v, err)
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

package backoffice

import (
	"fmt"
	"mime"
	"net/http"
	"strconv"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/web"
)

// The register (Mẫu 06).

type registerData struct {
	From, To, Format string
	Fields           []*web.FieldView
	Formats          *web.FieldView
	Agency           string
	AgencyVI         bool
}

// registerBook shows the register's form; with its dates (?tu_ngay=&den_ngay=&dinh_dang=) it
// sends the register of the officer's agency for those days (workflow.Store.Register) as PDF
// or XLSX. The form is a GET, so the file downloads without JavaScript.
func (h *Handler) registerBook(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "officer", web.RegisterPath, web.IsOfficer)
	if !ok {
		return
	}
	l := v.L
	q := r.URL.Query()
	today := calendar.DateOf(h.now().In(vntime.Location()))
	fromIn, fromErr := web.ReadDate(l, q, "tu_ngay", l.T("register.from"))
	toIn, toErr := web.ReadDate(l, q, "den_ngay", l.T("register.to"))
	d := registerData{From: web.Shown(fromIn), To: web.Shown(toIn), Format: q.Get("dinh_dang")}
	status := http.StatusOK
	if !web.DatePosted(q, "tu_ngay") && !web.DatePosted(q, "den_ngay") {
		first := today
		first.Day = 1
		d.From, d.To, d.Format = first.String(), today.String(), "pdf"
	} else {
		from, err1 := calendar.ParseDate(d.From)
		to, err2 := calendar.ParseDate(d.To)
		switch {
		case fromErr != nil:
			v.AddError(fromErr.ID, fromErr.Message) // the box that is wrong
		case err1 != nil:
			v.AddError("tu_ngay", l.T("register.err.from"))
		}
		switch {
		case toErr != nil:
			v.AddError(toErr.ID, toErr.Message)
		case err2 != nil:
			v.AddError("den_ngay", l.T("register.err.to"))
		case err1 == nil && to.Compare(from) < 0:
			v.AddError("den_ngay", l.T("register.err.order"))
		}
		if d.Format != "pdf" && d.Format != "xlsx" {
			v.AddError("dinh_dang", l.T("register.err.format"))
		}
		if len(v.Errors) == 0 {
			b, err := h.workflow.Register(r.Context(), u, from.At(0), to.At(0), d.Format)
			if err != nil {
				h.Fail(w, r, v, err)
				return
			}
			name := fmt.Sprintf("so-theo-doi-%s-%s.%s", from, to, d.Format)
			hdr := w.Header()
			hdr.Set("Content-Type", map[string]string{"pdf": "application/pdf",
				"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[d.Format])
			hdr.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
			hdr.Set("Content-Length", strconv.Itoa(len(b)))
			hdr.Set("Cache-Control", "private, no-store")
			w.WriteHeader(http.StatusOK)
			if r.Method != http.MethodHead {
				w.Write(b)
			}
			return
		}
		status = http.StatusBadRequest
	}
	d.Agency, d.AgencyVI = h.AgencyName(r.Context(), l, u.AgencyCode)
	d.Fields = v.Inputs(
		web.Input{Kind: web.KindDate, Name: "tu_ngay", ID: "tu_ngay", Title: l.T("register.from"), Required: true, Value: d.From},
		web.Input{Kind: web.KindDate, Name: "den_ngay", ID: "den_ngay", Title: l.T("register.to"), Required: true, Value: d.To})
	d.Formats = v.Inputs(web.Input{Kind: web.KindRadios, Name: "dinh_dang", ID: "dinh_dang", Title: l.T("register.format"), Required: true,
		Options: []web.OptionView{{ID: "dinh_dang", Value: "pdf", Label: l.T("register.pdf"), Selected: d.Format == "pdf"},
			{ID: "dinh_dang-2", Value: "xlsx", Label: l.T("register.xlsx"), Selected: d.Format == "xlsx"}}})[0]
	v.Data = d
	h.Render(w, r, status, "register", v)
}

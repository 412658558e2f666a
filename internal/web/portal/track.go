package portal

import (
	"net/http"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/web"
)

// trackPath is the public tracking page; receipts print its address with ?ma=CODE in their QR
// code (dossier.Links.TrackURL).
const trackPath = "/tra-cuu"

type trackData struct {
	Code       string // as typed, for the form
	ProofGiven bool
	T          *dossier.Tracking
	Status     string
	// With proof: the dossier's details.
	Attachments []web.AttachmentView
	History     []web.EventView
}

// track looks a dossier up by its code: anyone sees its status and dates; its details and
// history only once they give the applicant's phone number or ID number. The code comes from
// the query (?ma=, the receipt's QR code) or the form; the proof only from a posted form, so it
// never sits in an address. Look-ups are limited per client address against enumeration.
func (h *Handler) track(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	l := v.L
	code, proof := r.URL.Query().Get("ma"), ""
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, web.MaxFormBytes)
		if err := r.ParseForm(); err != nil {
			v.AddError("ma", l.T("track.err.code"))
			v.Data = trackData{}
			h.Render(w, r, http.StatusBadRequest, "track", v)
			return
		}
		code, proof = r.PostForm.Get("ma"), strings.TrimSpace(r.PostForm.Get("xac_minh"))
	}
	code = strings.TrimSpace(code)
	d := trackData{Code: web.Shown(code), ProofGiven: proof != ""}
	v.Data = d
	if r.Method == http.MethodGet && code == "" {
		h.Render(w, r, http.StatusOK, "track", v)
		return
	}
	if !h.trackLimit.Allow(web.ClientIP(r)) {
		w.Header().Set("Retry-After", "60")
		v.AddError("", l.T("track.err.rate"))
		h.Render(w, r, http.StatusTooManyRequests, "track", v)
		return
	}
	t, err := h.dossiers.Track(r.Context(), code, proof)
	switch kind := apperr.KindOf(err); {
	case err == nil:
	case kind == apperr.KindNotFound:
		v.AddError("ma", l.T("track.err.not_found", d.Code))
		h.Render(w, r, http.StatusNotFound, "track", v)
		return
	case kind == apperr.KindUnprocessable || kind == apperr.KindInvalid:
		v.AddError("ma", l.T("track.err.code"))
		h.Render(w, r, http.StatusBadRequest, "track", v)
		return
	default:
		h.Fail(w, r, v, err)
		return
	}
	d.T, d.Status = t, t.Status.Label(v.L.Lang)
	if t.Details != nil {
		p := web.ProcedureVersion(r.Context(), h.catalog, t.Details.ProcedureCode, t.Details.ProcedureVersion)
		d.Attachments = web.AttachmentViews(p, t.Details.Attachments, false)
		d.History = web.EventViews(l, t.Details.History)
		v.NoStore = true
	}
	v.Data = d
	h.Render(w, r, http.StatusOK, "track", v)
}

package api

import (
	"net/http"
)

// indicatorScores serves GET /reports/indicators?month=YYYY-MM&agency=CODE: an agency's
// Decision 766 scorecard (officers of the agency or above it, system administrators).
func (h *Handler) indicatorScores(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	q := r.URL.Query()
	sc, err := h.ind.Scorecard(r.Context(), u, q.Get("agency"), h.month(q.Get("month")))
	if err != nil {
		h.error(w, r, err)
		return
	}
	if english(r) {
		for i := range sc.Indicators {
			in := &sc.Indicators[i]
			in.Name, in.Formula, in.Reason = in.NameEn, in.FormulaEn, in.ReasonEn
		}
	}
	writeJSON(w, http.StatusOK, sc)
}

// indicatorRanking serves GET /reports/indicators/ranking?month=: the agencies the caller may
// see, ranked by total score.
func (h *Handler) indicatorRanking(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	rk, err := h.ind.Ranking(r.Context(), u, h.month(r.URL.Query().Get("month")))
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rk)
}

// indicatorDossiers serves GET /reports/indicators/{code}/dossiers?month&agency&list&page&per_page:
// the dossiers (procedures for 3.1 and 3.2) behind a figure's numerator (default) or denominator.
func (h *Handler) indicatorDossiers(w http.ResponseWriter, r *http.Request) {
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
	res, err := h.ind.Items(r.Context(), u, q.Get("agency"), h.month(q.Get("month")), r.PathValue("code"), q.Get("list"), p, pp)
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// month is the month asked for, or the current one.
func (h *Handler) month(m string) string {
	if m == "" {
		return h.ind.CurrentMonth()
	}
	return m
}

// withIndicators answers 404 when the API was built without the indicators.
func withIndicators(fn handlerFunc) handlerFunc {
	return func(h *Handler, w http.ResponseWriter, r *http.Request) {
		if h.ind == nil {
			h.notFound(w, r)
			return
		}
		fn(h, w, r)
	}
}

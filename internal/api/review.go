package api

import (
	"net/http"
	"strconv"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/review"
)

// Process review (rà soát quy trình): leaders for their own agency, catalog and system
// administrators for any agency or the city (review.MayReview). One procedure and at most
// review.MaxDays days per request; the rules and their model are internal/review's.

// withReview answers a review route for a signed-in user (401 otherwise), 404 without the
// review store.
func withReview(fn func(h *Handler, w http.ResponseWriter, r *http.Request, u *org.User)) handlerFunc {
	return func(h *Handler, w http.ResponseWriter, r *http.Request) {
		u, err := requireUser(r)
		if err != nil {
			h.error(w, r, err)
			return
		}
		if h.rev == nil {
			h.notFound(w, r)
			return
		}
		fn(h, w, r, u)
	}
}

func reviewQuery(r *http.Request) review.Query {
	q := r.URL.Query()
	return review.Query{Procedure: q.Get("procedure"), From: q.Get("from"), To: q.Get("to"), Agency: q.Get("agency")}
}

func (h *Handler) review(w http.ResponseWriter, r *http.Request, u *org.User) {
	rep, err := h.rev.Review(r.Context(), u, reviewQuery(r))
	if err != nil {
		h.error(w, r, err)
		return
	}
	switch format := r.URL.Query().Get("format"); format {
	case "csv", "xlsx":
		data, ctype, err := review.Export(rep, nil, format)
		if err != nil {
			h.error(w, r, err)
			return
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Disposition", `attachment; filename="ra-soat-`+rep.Procedure+`.`+format+`"`)
		_, _ = w.Write(data)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

func (h *Handler) reviewBottlenecks(w http.ResponseWriter, r *http.Request, u *org.User) {
	out, err := h.rev.Bottlenecks(r.Context(), u, reviewQuery(r))
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (h *Handler) reviewSimulate(w http.ResponseWriter, r *http.Request, u *org.User) {
	c, err := parseChange(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	out, err := h.rev.Simulate(r.Context(), u, reviewQuery(r), c)
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// parseChange reads step, remove (1 or true) and budget_hours (whole working hours); the
// domain checks that exactly one of the two is given.
func parseChange(r *http.Request) (review.Change, error) {
	q := r.URL.Query()
	c := review.Change{Step: q.Get("step")}
	switch q.Get("remove") {
	case "", "0", "false":
	case "1", "true":
		c.Remove = true
	default:
		return c, apperr.Invalid("invalid_query", msgs.Text("invalid_query"), apperr.Field("remove", msgs.Text("remove_is_1")))
	}
	if s := q.Get("budget_hours"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > review.MaxBudgetHours {
			return c, apperr.Invalid("invalid_query", msgs.Text("invalid_query"),
				apperr.Field("budget_hours", msgs.Text("budget_hours_range", review.MaxBudgetHours)))
		}
		c.BudgetHours = &n
	}
	return c, nil
}

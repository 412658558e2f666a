// Package review is the process review page (rà soát quy trình, /bao-cao/ra-soat; no script
// needed): a procedure picker and a period, the per-step table (budget, median, P90, late
// share) with the whole dossier against the legal time, the bottleneck list, the simulation of
// removing a step or cutting its budget, and CSV/XLSX downloads of the tables. The figures and
// the simulation's model are internal/review's; leaders see their own agency, catalog and
// system administrators any agency or the city.
package review

import (
	"embed"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/org"
	rv "github.com/motcua/motcua/internal/review"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/web"
)

//go:embed templates/*.html messages/*.json
var embedded embed.FS

var pageNames = []string{"review"}

// Paths of the page and its downloads.
const (
	Path = "/bao-cao/ra-soat"
	CSV  = "/bao-cao/ra-soat.csv"
	XLSX = "/bao-cao/ra-soat.xlsx"
)

// Deps are the stores the page uses.
type Deps struct {
	Review  *rv.Store
	Catalog *catalog.Store
	// Now is the clock (the default period: the last 30 days); nil means time.Now.
	Now func() time.Time
}

// Handler serves the process review page.
type Handler struct {
	*web.Pages
	site *web.Site
	rev  *rv.Store
	cat  *catalog.Store
	now  func() time.Time
}

// New parses the page with the site's layout.
func New(site *web.Site, d Deps) (*Handler, error) {
	if site == nil || d.Review == nil || d.Catalog == nil {
		return nil, errors.New("review: the site, the review and the catalog stores are required")
	}
	p, err := site.Pages(embedded, pageNames...)
	if err != nil {
		return nil, err
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Handler{Pages: p, site: site, rev: d.Review, cat: d.Catalog, now: d.Now}, nil
}

// Register mounts the routes on mux.
func (h *Handler) Register(mux web.Mux) {
	mux.HandleFunc("GET "+Path, h.page)
	mux.HandleFunc("GET "+CSV, h.export)
	mux.HandleFunc("GET "+XLSX, h.export)
}

// option is a procedure in the picker.
type option struct{ Code, Name string }

// pageData is what the page shows; the strings are as typed.
type pageData struct {
	Procedures  []option
	Q           rv.Query
	Leader      bool // a leader reads their own agency: no agency input
	Step, Mode  string
	Hours       string
	Review      *rv.Review
	Bottlenecks *rv.Bottlenecks
	Sim         *rv.Simulation
	EN          bool
}

// Num writes hours or a ratio with up to two decimals, a decimal comma in Vietnamese.
func (d pageData) Num(x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if !d.EN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// IntOf is *p, 0 for nil.
func (d pageData) IntOf(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// Pct writes a share as a percentage with one decimal.
func (d pageData) Pct(x float64) string {
	s := strconv.FormatFloat(x*100, 'f', 1, 64)
	if !d.EN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + " %"
}

// inputs are the page's inputs, in order, named as the API's parameters.
var inputs = []string{"procedure", "from", "to", "agency", "step", "mode", "budget_hours"}

func (h *Handler) query(r *http.Request) (rv.Query, bool) {
	q := r.URL.Query()
	rq := rv.Query{Procedure: q.Get("procedure"), From: q.Get("from"), To: q.Get("to"), Agency: q.Get("agency")}
	given := rq.From != "" || rq.To != "" || rq.Procedure != ""
	if rq.From == "" && rq.To == "" {
		// The last 30 days by default.
		today := h.now().In(vntime.Location())
		rq.From, rq.To = today.AddDate(0, 0, -29).Format(time.DateOnly), today.Format(time.DateOnly)
	}
	return rq, given
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "officer", Path, rv.MayReview)
	if !ok {
		return
	}
	ctx := r.Context()
	rq, given := h.query(r)
	q := r.URL.Query()
	d := pageData{Q: rq, Leader: u.Role == org.RoleLeader, Step: q.Get("step"), Mode: q.Get("mode"), Hours: q.Get("budget_hours"), EN: v.L.EN()}
	if d.Leader {
		d.Q.Agency = u.AgencyCode
	}
	all, err := h.cat.All(ctx)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	for _, p := range all {
		d.Procedures = append(d.Procedures, option{p.Code, p.Name})
	}
	var errs []error
	if given {
		if d.Bottlenecks, err = h.rev.Bottlenecks(ctx, u, rq); err != nil {
			errs = append(errs, err)
		} else if rq.Procedure != "" {
			if d.Review, err = h.rev.Review(ctx, u, rq); err != nil {
				errs = append(errs, err)
			}
		} else {
			errs = append(errs, apperr.Invalid("invalid_query", v.L.Text("review.err.query"),
				apperr.Field("procedure", v.L.Text("review.err.procedure"))))
		}
	}
	if d.Review != nil && d.Step != "" {
		c := rv.Change{Step: d.Step, Remove: d.Mode == "remove"}
		switch {
		case d.Mode == "budget":
			n, err := strconv.Atoi(strings.TrimSpace(d.Hours))
			if err != nil {
				errs = append(errs, apperr.Invalid("invalid_query", v.L.Text("review.err.query"),
					apperr.Field("budget_hours", v.L.Text("review.err.hours", rv.MaxBudgetHours))))
			} else {
				c.BudgetHours = &n
			}
		case d.Mode != "remove":
			errs = append(errs, apperr.Invalid("invalid_query", v.L.Text("review.err.query"),
				apperr.Field("mode", v.L.Text("review.err.mode"))))
		}
		if len(errs) == 0 {
			if d.Sim, err = h.rev.Simulate(ctx, u, rq, c); err != nil {
				errs = append(errs, err)
			}
		}
	}
	status := http.StatusOK
	for _, err := range errs {
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.KindUnprocessable {
			h.site.Fail(w, r, v, err)
			return
		}
		v.AddFieldErrors(e, inputs...)
		status = http.StatusUnprocessableEntity
	}
	v.Data = d
	h.Render(w, r, status, "review", v)
}

// export downloads the review's tables with the bottleneck list.
func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "officer", Path, rv.MayReview)
	if !ok {
		return
	}
	rq, _ := h.query(r)
	rep, err := h.rev.Review(r.Context(), u, rq)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	b, err := h.rev.Bottlenecks(r.Context(), u, rq)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	format := "xlsx"
	if strings.HasSuffix(r.URL.Path, ".csv") {
		format = "csv"
	}
	data, ctype, err := rv.Export(rep, b, format)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="ra-soat-`+rep.Procedure+`.`+format+`"`)
	_, _ = w.Write(data)
}

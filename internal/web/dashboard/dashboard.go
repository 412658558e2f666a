// Package dashboard is the steering committee's pages (issue 13; no script needed): the
// dashboard at /bao-cao (service levels against the city's targets and their progress by month,
// dossier figures for a period per agency, each table beside its chart and exported as XLSX and
// CSV), the public transparency page at /cong-khai (on-time rates per agency, like the national
// portal's "công khai kết quả giải quyết"), and the printable monthly report as PDF. The
// figures are internal/report's, the same the API serves; the charts are internal/web/chart's.
package dashboard

import (
	"context"
	"embed"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/tabular"
	"github.com/motcua/motcua/internal/web"
)

//go:embed templates/*.html templates/partials/*.html messages/*.json
var embedded embed.FS

var pageNames = []string{"dashboard", "transparency"}

// Paths of the pages.
const (
	HomePath       = "/bao-cao"                                                          // the committee's dashboard
	PublicPath     = "/cong-khai"                                                        // the public transparency page
	MonthlyPDFPath = "/bao-cao/thang.pdf"                                                // ?month=YYYY-MM
	IndicatorsPath = "/bao-cao/chi-so-766"                                               // Decision 766 indicators (another package's)
	ReviewPath     = "/bao-cao/ra-soat"                                                  // process review (another package's)
	progressMonths = 12                                                                  // months of the progress chart
	topLate        = 5                                                                   // agencies listed as most often late
	formatCSV      = "csv"                                                               // ?format=
	formatXLSX     = "xlsx"                                                              // ?format=
	xlsxType       = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" // IANA
)

// Deps are what the pages use.
type Deps struct {
	Reports *report.Service
	Org     *org.Store
	// Now is the clock (the monthly report's default month, its date); nil means time.Now.
	Now func() time.Time
}

// Handler serves the pages.
type Handler struct {
	*web.Pages
	site *web.Site
	rep  *report.Service
	org  *org.Store
	now  func() time.Time
}

// New parses the pages with the site's layout.
func New(site *web.Site, d Deps) (*Handler, error) {
	if site == nil || d.Reports == nil || d.Org == nil {
		return nil, errors.New("dashboard: the site, the report service and the org store are required")
	}
	p, err := site.Pages(embedded, pageNames...)
	if err != nil {
		return nil, err
	}
	h := &Handler{Pages: p, site: site, rep: d.Reports, org: d.Org, now: d.Now}
	if h.now == nil {
		h.now = time.Now
	}
	return h, nil
}

// Register mounts the pages on mux.
func (h *Handler) Register(mux web.Mux) {
	mux.HandleFunc("GET "+HomePath, h.dashboard)
	mux.HandleFunc("GET "+MonthlyPDFPath, h.monthlyPDF)
	mux.HandleFunc("GET "+PublicPath, h.transparency)
}

// IsCommittee says who may open the dashboard: a system administrator, or an officer
// (reception, specialist, leader), who sees their own agency unless CityWide.
func IsCommittee(u *org.User) bool { return u.IsAdmin() || u.Role.Officer() }

// cityWide says whether u sees the whole city and may choose any agency: a system
// administrator, or an officer of the city's own agency (UBND thành phố, org.KindCity) —
// the committee's leaders and office. Other officers see their own agency only.
func (h *Handler) cityWide(ctx context.Context, u *org.User) (bool, error) {
	if u.IsAdmin() {
		return true, nil
	}
	if u.AgencyCode == "" {
		return false, nil
	}
	a, err := h.org.Agency(ctx, u.AgencyCode)
	if err != nil {
		return false, err
	}
	return a.Kind == org.KindCity, nil
}

// readPeriod reads the period's two date inputs, from and to (each as three boxes or one
// YYYY-MM-DD value), adding their errors to the view; it returns the query for report.
func readPeriod(v *web.View, q url.Values) (report.DossierQuery, bool) {
	var dq report.DossierQuery
	ok := true
	for _, f := range []struct {
		name, title string
		into        *string
	}{{"from", v.L.T("dash.from"), &dq.From}, {"to", v.L.T("dash.to"), &dq.To}} {
		val, verr := web.ReadDate(v.L, q, f.name, f.title)
		*f.into = val
		if verr != nil {
			v.AddError(verr.ID, verr.Message)
			ok = false
		}
	}
	return dq, ok
}

// periodError puts report's field errors (from, to) on the form's inputs.
func periodError(v *web.View, err error) bool {
	e, ok := apperr.As(err)
	if !ok || len(e.Fields) == 0 || e.Kind == apperr.KindNotFound {
		return false
	}
	v.AddFieldErrors(e, "from", "to")
	return true
}

// export writes t as CSV or XLSX when the query asks for a format, and reports whether it did.
func (h *Handler) export(w http.ResponseWriter, r *http.Request, v *web.View, t *tabular.Table, name string) bool {
	format := r.URL.Query().Get("format")
	switch format {
	case "":
		return false
	case formatCSV:
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	case formatXLSX:
		w.Header().Set("Content-Type", xlsxType)
	default:
		h.site.Fail(w, r, v, apperr.Invalid("invalid_format", v.L.Text("dash.err.format"),
			apperr.Field("format", v.L.Text("dash.err.format"))))
		return true
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+"."+format+`"`)
	w.Header().Set("Cache-Control", "no-store")
	var err error
	if format == formatCSV {
		err = t.WriteCSV(w)
	} else {
		err = t.WriteXLSX(w)
	}
	if err != nil {
		h.site.Log().ErrorContext(r.Context(), "dashboard: export", "table", name, "err", err)
	}
	return true
}

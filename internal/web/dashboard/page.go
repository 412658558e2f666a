package dashboard

import (
	"html/template"
	"net/http"
	"net/url"
	"time"

	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/chart"
)

// periodForm is the period's form: two date inputs, and the agency select when Agencies.
type periodForm struct {
	Action      string
	From, To    *web.FieldView
	Agencies    []web.OptionView
	FieldErrors map[string]string
}

// exportLink is a table's CSV and XLSX links: Path?Query&format=…; What names the table for
// screen readers.
type exportLink struct{ Path, Query, What string }

// dashData is the dashboard page.
type dashData struct {
	CityWide   bool
	Agency     string // the agency chosen, "" for the whole city
	AgencyName string
	Agencies   []web.OptionView // the select's options, for a city-wide reader
	Form       periodForm

	Levels        *report.LevelReport
	Targets       []targetView
	LevelsChart   template.HTML
	Progress      []progressView
	ProgressChart template.HTML
	progressRaw   []report.MonthLevels

	Report      *report.DossierReport // nil when the period is wrong
	Rows        []figuresView
	Total       figuresView
	AgencyChart template.HTML
	Exports     exportLink // the agency table's
	ProgressExp exportLink
	LevelsExp   exportLink
	MonthPDF    string // this month's printable report

	IndicatorsPath, ReviewPath string
}

type targetView struct {
	Name, Target, Actual string
	Met                  bool
}

type progressView struct {
	Month, Total, Full, Partial, None, OnlineRatio, FullRatio string
}

// figuresView is a row of the dossier table, its figures written for people.
type figuresView struct {
	Code, Name                                           string
	Received, Settled, OnTime, Late, InProgress, Overdue string
	OnlineRatio, OnTimeRatio                             string
	// The rates: of the received, digitised and reusing data; of those owing a fee, paid
	// online; of the settled and evaluated, satisfied.
	DigitisedRatio, ReuseRatio, Fees, PaymentRatio, Evaluated, SatisfactionRatio string
}

func count(n int64) string { return chart.FormatCount(float64(n)) }

// pct writes a ratio (0–1) as a percentage in the page's language.
func pct(l web.Lang, r float64) string { return chart.FormatPercent(l.Lang.String(), 100*r) }

func figures(l web.Lang, code, name string, f report.Figures) figuresView {
	return figuresView{Code: code, Name: name, Received: count(f.Received), Settled: count(f.Settled), OnTime: count(f.SettledOnTime),
		Late: count(f.SettledLate), InProgress: count(f.InProgress), Overdue: count(f.Overdue),
		OnlineRatio: pct(l, f.OnlineRatio), OnTimeRatio: pct(l, f.OnTimeRatio),
		DigitisedRatio: pct(l, f.DigitisedRatio), ReuseRatio: pct(l, f.ReuseRatio), Fees: count(f.Fees),
		PaymentRatio: pct(l, f.OnlinePaymentRatio), Evaluated: count(f.Evaluated), SatisfactionRatio: pct(l, f.SatisfactionRatio)}
}

// monthLabel writes YYYY-MM as MM/YYYY, the way dates read on the site.
func monthLabel(m string) string {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		return m
	}
	return t.Format("01/2006")
}

func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "officer", HomePath, IsCommittee)
	if !ok {
		return
	}
	ctx, l, q := r.Context(), v.L, r.URL.Query()
	city, err := h.cityWide(ctx, u)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	d := dashData{CityWide: city, IndicatorsPath: IndicatorsPath, ReviewPath: ReviewPath,
		MonthPDF: MonthlyPDFPath + "?month=" + h.now().In(vnZone).Format("2006-01")}
	d.Agency = q.Get("agency")
	if !city {
		d.Agency = u.AgencyCode // an agency's officer sees their own
	}
	agencies, err := h.org.Agencies(ctx)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	known := d.Agency == ""
	for _, a := range agencies {
		if a.Code == d.Agency {
			known, d.AgencyName = true, agencyName(l, a)
		}
		if city && a.Kind != org.KindCity {
			d.Agencies = append(d.Agencies, web.OptionView{ID: "agency-" + a.Code, Value: a.Code, Label: agencyName(l, a), Selected: a.Code == d.Agency, VI: !l.EN() || a.NameEn == ""})
		}
	}
	if !known {
		v.AddError("agency", l.T("dash.err.agency"))
		d.Agency = ""
	}

	if err := h.levels(r, v, &d); err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	format := q.Get("format")
	switch table := q.Get("table"); {
	case format != "" && table == "progress":
		h.export(w, r, v, report.ProgressTable(d.progressRaw, l.Lang), "bao-cao-tien-do")
		return
	case format != "" && table == "levels":
		h.export(w, r, v, h.targetsTable(l, d.Levels), "bao-cao-chi-tieu")
		return
	}

	status := http.StatusUnprocessableEntity // until the period reads
	dq, periodOK := readPeriod(v, q)
	dq.Agency, dq.Viewer = d.Agency, u
	if periodOK && known {
		rep, err := h.rep.Dossiers(ctx, dq)
		switch {
		case periodError(v, err):
		case err != nil:
			h.site.Fail(w, r, v, err)
			return
		default:
			if h.export(w, r, v, rep.Table(l.Lang), "bao-cao-ho-so-"+rep.From+"-"+rep.To) {
				return
			}
			status, d.Report = http.StatusOK, rep
			dq.From, dq.To = rep.From, rep.To
		}
	}
	h.Render(w, r, status, "dashboard", h.dashView(v, d, dq))
}

// dashView finishes the page's data: the date inputs, the table rows and charts.
func (h *Handler) dashView(v *web.View, d dashData, dq report.DossierQuery) *web.View {
	l := v.L
	ins := v.Inputs(
		web.Input{Kind: web.KindDate, Name: "from", ID: "from", Title: l.T("dash.from"), Hint: l.T("dash.period_hint"), Value: dq.From},
		web.Input{Kind: web.KindDate, Name: "to", ID: "to", Title: l.T("dash.to"), Value: dq.To})
	d.Form = periodForm{Action: HomePath, From: ins[0], To: ins[1], Agencies: d.Agencies, FieldErrors: v.FieldErrors}
	scope := url.Values{}
	if d.Agency != "" {
		scope.Set("agency", d.Agency)
	}
	scope.Set("table", "progress")
	d.ProgressExp = exportLink{Path: HomePath, Query: scope.Encode(), What: l.T("dash.progress")}
	scope.Set("table", "levels")
	d.LevelsExp = exportLink{Path: HomePath, Query: scope.Encode(), What: l.T("dash.targets")}
	if rep := d.Report; rep != nil {
		var pts []chart.Point
		for _, row := range rep.Rows {
			d.Rows = append(d.Rows, figures(l, row.Code, row.Name, row.Figures))
			pts = append(pts, chart.Point{Label: row.Name, Value: 100 * row.OnTimeRatio})
		}
		d.Total = figures(l, "", l.T("dash.total"), rep.Figures)
		d.AgencyChart = chart.HBar(chart.Options{ID: "ontime", Lang: l.Lang.String(), Unit: chart.Percent,
			Title: l.T("dash.chart.ontime", date(rep.From), date(rep.To))}, pts)
		vals := url.Values{"from": {rep.From}, "to": {rep.To}}
		if d.Agency != "" {
			vals.Set("agency", d.Agency)
		}
		d.Exports = exportLink{Path: HomePath, Query: vals.Encode(), What: l.T("dash.figures")}
	}
	v.Data = d
	return v
}

// date writes YYYY-MM-DD as dd/mm/yyyy.
func date(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return t.Format("02/01/2006")
}

func agencyName(l web.Lang, a *org.Agency) string {
	if l.EN() && a.NameEn != "" {
		return a.NameEn
	}
	return a.Name
}

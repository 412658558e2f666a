package dashboard

import (
	"html/template"
	"net/http"
	"net/url"

	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/chart"
)

// publicData is the transparency page: no sign-in, every agency's on-time rate.
type publicData struct {
	Form    periodForm
	Report  *report.Transparency
	Rows    []publicRow
	Total   publicRow
	Chart   template.HTML
	Exports exportLink
}

type publicRow struct {
	Code, Name, Received, Settled, OnTime, OnTimeRatio string
}

func (h *Handler) transparency(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	l := v.L
	status := http.StatusUnprocessableEntity
	dq, ok := readPeriod(v, r.URL.Query())
	var d publicData
	if ok {
		t, err := h.rep.Transparency(r.Context(), dq)
		switch {
		case periodError(v, err):
		case err != nil:
			h.site.Fail(w, r, v, err)
			return
		default:
			if h.export(w, r, v, t.Table(l.Lang), "cong-khai-"+t.From+"-"+t.To) {
				return
			}
			status, d.Report, dq.From, dq.To = http.StatusOK, t, t.From, t.To
			var pts []chart.Point
			for _, row := range t.Rows {
				d.Rows = append(d.Rows, publicLine(l, row))
				pts = append(pts, chart.Point{Label: row.AgencyName, Value: 100 * row.OnTimeRatio})
			}
			d.Total = publicLine(l, t.Total)
			d.Chart = chart.HBar(chart.Options{ID: "public-ontime", Lang: l.Lang.String(), Unit: chart.Percent,
				Title: l.T("dash.chart.ontime", date(t.From), date(t.To))}, pts)
			d.Exports = exportLink{Path: PublicPath, Query: url.Values{"from": {t.From}, "to": {t.To}}.Encode(), What: l.T("dash.public.table")}
		}
	}
	ins := v.Inputs(
		web.Input{Kind: web.KindDate, Name: "from", ID: "from", Title: l.T("dash.from"), Hint: l.T("dash.period_hint"), Value: dq.From},
		web.Input{Kind: web.KindDate, Name: "to", ID: "to", Title: l.T("dash.to"), Value: dq.To})
	d.Form = periodForm{Action: PublicPath, From: ins[0], To: ins[1], FieldErrors: v.FieldErrors}
	v.Data = d
	h.Render(w, r, status, "transparency", v)
}

func publicLine(l web.Lang, r report.TransparencyRow) publicRow {
	name := r.AgencyName
	if r.AgencyCode == "" {
		name = l.T("dash.total")
	}
	return publicRow{Code: r.AgencyCode, Name: name, Received: count(r.Received), Settled: count(r.Settled),
		OnTime: count(r.SettledOnTime), OnTimeRatio: pct(l, r.OnTimeRatio)}
}

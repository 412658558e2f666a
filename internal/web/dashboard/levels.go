package dashboard

import (
	"net/http"

	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/tabular"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/chart"
)

// levels fills the service levels of d's agency (or the city) now, against the targets, and
// their progress over the last months, with their charts.
func (h *Handler) levels(r *http.Request, v *web.View, d *dashData) error {
	l := v.L
	lv, err := h.rep.LevelsNow(r.Context(), d.Agency, l.Lang)
	if err != nil {
		return err
	}
	d.Levels = lv
	for _, t := range lv.Targets {
		d.Targets = append(d.Targets, targetView{Name: t.Name, Target: pct(l, t.Target), Actual: pct(l, t.Actual), Met: t.Met})
	}
	parts := []string{l.T("dash.level.full"), l.T("dash.level.partial"), l.T("dash.level.none")}
	d.LevelsChart = chart.Stacked(chart.Options{ID: "levels", Lang: l.Lang.String(), Title: l.T("dash.chart.levels"), Parts: parts},
		[]chart.Stack{{Label: l.T("dash.levels_now"), Parts: []float64{float64(lv.Full), float64(lv.Partial), float64(lv.None)}}})

	ms, err := h.rep.Progress(r.Context(), d.Agency, progressMonths)
	if err != nil {
		return err
	}
	d.progressRaw = ms
	online := chart.Series{Name: l.T("dash.series.online")}
	full := chart.Series{Name: l.T("dash.series.full")}
	for _, m := range ms {
		label := monthLabel(m.Month)
		d.Progress = append(d.Progress, progressView{Month: label, Total: count(int64(m.Total)), Full: count(int64(m.Full)),
			Partial: count(int64(m.Partial)), None: count(int64(m.None)), OnlineRatio: pct(l, m.OnlineRatio), FullRatio: pct(l, m.FullRatio)})
		online.Points = append(online.Points, chart.Point{Label: label, Value: 100 * m.OnlineRatio})
		full.Points = append(full.Points, chart.Point{Label: label, Value: 100 * m.FullRatio})
	}
	o := chart.Options{ID: "progress", Lang: l.Lang.String(), Unit: chart.Percent, Title: l.T("dash.chart.progress")}
	for _, t := range lv.Targets {
		if t.Measure == "full_ratio" { // the line of the fully online target; the table lists every target
			o.HasTarget, o.Target, o.TargetLabel = true, 100*t.Target, t.Name
		}
	}
	d.ProgressChart = chart.Line(o, []chart.Series{online, full})
	return nil
}

// targetsTable is the targets against the levels now, for export.
func (h *Handler) targetsTable(l web.Lang, lv *report.LevelReport) *tabular.Table {
	t := &tabular.Table{Title: l.T("dash.targets"), Columns: []tabular.Column{
		{Key: "key", Label: l.T("dash.col.key")}, {Key: "name", Label: l.T("dash.col.target_name")},
		{Key: "target", Label: l.T("dash.col.target"), Percent: true}, {Key: "actual", Label: l.T("dash.col.actual"), Percent: true},
		{Key: "met", Label: l.T("dash.col.met")}}}
	for _, tg := range lv.Targets {
		met := "no"
		if tg.Met {
			met = "yes"
		}
		t.Rows = append(t.Rows, []any{tg.Key, tg.Name, tg.Target, tg.Actual, met})
	}
	return t
}

package report

import (
	"strings"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/tabular"
)

// figureKeys are the keys of Figures, the CONTRACT's first, in order; each is a column of the
// exports.
var figureKeys = []string{"received", "settled", "settled_on_time", "settled_late", "in_progress", "overdue", "online_ratio",
	"on_time_ratio", "online", "digitised", "digitised_ratio", "reused", "reuse_ratio", "fees", "paid_online",
	"online_payment_ratio", "evaluated", "satisfied", "satisfaction_ratio"}

// values are f's figures in figureKeys' order.
func (f Figures) values() []any {
	return []any{f.Received, f.Settled, f.SettledOnTime, f.SettledLate, f.InProgress, f.Overdue, f.OnlineRatio,
		f.OnTimeRatio, f.Online, f.Digitised, f.DigitisedRatio, f.Reused, f.ReuseRatio, f.Fees, f.PaidOnline,
		f.OnlinePaymentRatio, f.Evaluated, f.Satisfied, f.SatisfactionRatio}
}

// Table is the report for export (CONTRACT.md "## Reports": "one row per agency, with the
// columns agency_code, agency_name and the JSON keys"): one row per agency, procedure or
// channel, the first two columns named after the group (agency_code and agency_name,
// procedure_code and procedure_name, or channel and channel_name), headed in lang. There is no
// total row: the export holds only the rows the CONTRACT names.
func (r *DossierReport) Table(lang i18n.Lang) *tabular.Table {
	code, name := r.Group+"_code", r.Group+"_name"
	if r.Group == "channel" {
		code = "channel"
	}
	cols := []tabular.Column{{Key: code, Label: msgs.T(lang, "col."+code)}, {Key: name, Label: msgs.T(lang, "col."+name)}}
	for _, k := range figureKeys {
		cols = append(cols, tabular.Column{Key: k, Label: msgs.T(lang, "col."+k), Percent: strings.HasSuffix(k, "_ratio")})
	}
	tb := &tabular.Table{Title: msgs.T(lang, "dossiers.title", r.From, r.To), Columns: cols}
	for _, row := range r.Rows {
		tb.Rows = append(tb.Rows, append([]any{row.Code, row.Name}, row.Figures.values()...))
	}
	return tb
}

// ProgressTable is the service levels month by month for export, headed in lang.
func ProgressTable(ms []MonthLevels, lang i18n.Lang) *tabular.Table {
	tb := &tabular.Table{Title: msgs.T(lang, "progress.title"), Columns: []tabular.Column{
		{Key: "month", Label: msgs.T(lang, "col.month")},
		{Key: "total", Label: msgs.T(lang, "col.total")},
		{Key: "full", Label: msgs.T(lang, "col.full")},
		{Key: "partial", Label: msgs.T(lang, "col.partial")},
		{Key: "none", Label: msgs.T(lang, "col.none")},
		{Key: "online_ratio", Label: msgs.T(lang, "col.levels_online_ratio"), Percent: true},
		{Key: "full_ratio", Label: msgs.T(lang, "col.full_ratio"), Percent: true},
		{Key: "legacy_level_3", Label: msgs.T(lang, "col.legacy_level_3")},
		{Key: "legacy_level_4", Label: msgs.T(lang, "col.legacy_level_4")},
	}}
	for _, m := range ms {
		tb.Rows = append(tb.Rows, []any{m.Month, m.Total, m.Full, m.Partial, m.None, m.OnlineRatio, m.FullRatio, m.Legacy3, m.Legacy4})
	}
	return tb
}

package report

import (
	"context"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/tabular"
)

// TransparencyRow is one agency's line of the public on-time table, like the national portal's
// (Dịch vụ công quốc gia, "công khai kết quả giải quyết"): dossiers received and settled in the
// period, and the share settled on time.
type TransparencyRow struct {
	AgencyCode    string  `json:"agency_code"`
	AgencyName    string  `json:"agency_name"`
	Received      int64   `json:"received"`
	Settled       int64   `json:"settled"`
	SettledOnTime int64   `json:"settled_on_time"`
	OnTimeRatio   float64 `json:"on_time_ratio"`
}

// Transparency is the public on-time table over a period.
type Transparency struct {
	From string            `json:"from"`
	To   string            `json:"to"`
	Rows []TransparencyRow `json:"rows"`
	// Total is the whole city's line; its code and name are empty.
	Total TransparencyRow `json:"total"`
}

// Transparency returns, for the period of q (q.Agency and q.Group are ignored: every agency
// with a figure, by code), each agency's received, settled and on-time rate.
func (s *Service) Transparency(ctx context.Context, q DossierQuery) (*Transparency, error) {
	q.Agency, q.Group = "", "agency"
	rep, err := s.Dossiers(ctx, q)
	if err != nil {
		return nil, err
	}
	t := &Transparency{From: rep.From, To: rep.To, Rows: make([]TransparencyRow, 0, len(rep.Rows))}
	line := func(code, name string, f Figures) TransparencyRow {
		return TransparencyRow{AgencyCode: code, AgencyName: name, Received: f.Received, Settled: f.Settled,
			SettledOnTime: f.SettledOnTime, OnTimeRatio: f.OnTimeRatio}
	}
	for _, r := range rep.Rows {
		t.Rows = append(t.Rows, line(r.Code, r.Name, r.Figures))
	}
	t.Total = line("", "", rep.Figures)
	return t, nil
}

// Table is the transparency table for export, one row per agency, headed in lang.
func (t *Transparency) Table(lang i18n.Lang) *tabular.Table {
	tb := &tabular.Table{Title: msgs.T(lang, "transparency.title"), Columns: []tabular.Column{
		{Key: "agency_code", Label: msgs.T(lang, "col.agency_code")},
		{Key: "agency_name", Label: msgs.T(lang, "col.agency_name")},
		{Key: "received", Label: msgs.T(lang, "col.received")},
		{Key: "settled", Label: msgs.T(lang, "col.settled")},
		{Key: "settled_on_time", Label: msgs.T(lang, "col.settled_on_time")},
		{Key: "on_time_ratio", Label: msgs.T(lang, "col.on_time_ratio"), Percent: true},
	}}
	for _, r := range t.Rows {
		tb.Rows = append(tb.Rows, []any{r.AgencyCode, r.AgencyName, r.Received, r.Settled, r.SettledOnTime, r.OnTimeRatio})
	}
	return tb
}

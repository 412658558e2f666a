package review

import (
	"bytes"
	"fmt"

	"github.com/motcua/motcua/internal/tabular"
)

// Media types of the exports.
const (
	csvType  = "text/csv; charset=utf-8"
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// Export writes a review's tables with internal/tabular, the JSON keys as column keys, and
// returns the bytes and their media type: CSV is the per-step table (UTF-8 with a byte order
// mark); XLSX holds sheets steps, total and, when b is given, bottlenecks, numbers as numbers
// and the shares (late_share, on_time_share) formatted as percentages. The columns have no
// labels for people yet: each column's label is its key.
func Export(r *Review, b *Bottlenecks, format string) ([]byte, string, error) {
	steps := stepTable("steps", r.Procedure+" "+r.From+" – "+r.To)
	for _, s := range r.Steps {
		steps.Rows = append(steps.Rows, stepCells(r.Procedure, s))
	}
	var buf bytes.Buffer
	switch format {
	case "csv":
		if err := steps.WriteCSV(&buf); err != nil {
			return nil, "", err
		}
		return buf.Bytes(), csvType, nil
	case "xlsx":
		t := r.Total
		total := &tabular.Table{Sheet: "total", Title: steps.Title,
			Columns: columns("procedure", "agency", "from", "to", "time_unit", "dossiers", "legal_hours", "median_hours", "p90_hours", "on_time", "on_time_share"),
			Rows:    [][]any{{r.Procedure, r.Agency, r.From, r.To, r.TimeUnit, t.Dossiers, t.LegalHours, t.MedianHours, t.P90Hours, t.OnTime, t.OnTimeShare}}}
		tables := []*tabular.Table{steps, total}
		if b != nil {
			bt := stepTable("bottlenecks", steps.Title)
			for _, it := range b.Items {
				bt.Rows = append(bt.Rows, stepCells(it.Procedure, it.StepStat))
			}
			tables = append(tables, bt)
		}
		if err := tabular.WriteXLSXSheets(&buf, tables...); err != nil {
			return nil, "", err
		}
		return buf.Bytes(), xlsxType, nil
	}
	return nil, "", fmt.Errorf("review: no export format %q", format)
}

// stepTable is an empty table of step figures (the steps and bottlenecks sheets).
func stepTable(sheet, title string) *tabular.Table {
	return &tabular.Table{Sheet: sheet, Title: title,
		Columns: columns("procedure", "step", "name", "budget_percent", "budget_hours", "passes", "median_hours", "p90_hours", "late", "late_share", "p90_budget_ratio")}
}

func stepCells(proc string, s StepStat) []any {
	return []any{proc, s.Step, s.Name, s.BudgetPercent, s.BudgetHours, s.Passes, s.MedianHours, s.P90Hours, s.Late, s.LateShare, s.Ratio}
}

// columns are the columns of keys, labelled by their keys; the shares are percentages.
func columns(keys ...string) []tabular.Column {
	cs := make([]tabular.Column, len(keys))
	for i, k := range keys {
		cs[i] = tabular.Column{Key: k, Label: k, Percent: k == "late_share" || k == "on_time_share"}
	}
	return cs
}

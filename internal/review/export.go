package review

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// Export writes a review's tables as CSV (the per-step table) or XLSX (sheets steps, total
// and, when b is given, bottlenecks), with the JSON keys as column names, returning the bytes
// and their media type. It is the one place that writes them: the lead may swap it for
// internal/tabular once that lands.
func Export(r *Review, b *Bottlenecks, format string) ([]byte, string, error) {
	stepHead := []string{"procedure", "step", "name", "budget_percent", "budget_hours", "passes", "median_hours", "p90_hours", "late", "late_share", "p90_budget_ratio"}
	stepRow := func(proc string, s StepStat) []any {
		return []any{proc, s.Step, s.Name, s.BudgetPercent, s.BudgetHours, s.Passes, s.MedianHours, s.P90Hours, s.Late, s.LateShare, s.Ratio}
	}
	sheets := []sheet{{name: "steps", head: stepHead}}
	for _, s := range r.Steps {
		sheets[0].rows = append(sheets[0].rows, stepRow(r.Procedure, s))
	}
	t := r.Total
	sheets = append(sheets, sheet{name: "total",
		head: []string{"procedure", "agency", "from", "to", "time_unit", "dossiers", "legal_hours", "median_hours", "p90_hours", "on_time", "on_time_share"},
		rows: [][]any{{r.Procedure, r.Agency, r.From, r.To, r.TimeUnit, t.Dossiers, t.LegalHours, t.MedianHours, t.P90Hours, t.OnTime, t.OnTimeShare}}})
	if b != nil {
		bs := sheet{name: "bottlenecks", head: stepHead}
		for _, it := range b.Items {
			bs.rows = append(bs.rows, stepRow(it.Procedure, it.StepStat))
		}
		sheets = append(sheets, bs)
	}
	switch format {
	case "csv":
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		rec := func(vals []any) []string {
			out := make([]string, len(vals))
			for i, v := range vals {
				switch v := v.(type) {
				case float64:
					out[i] = strconv.FormatFloat(v, 'f', -1, 64)
				default:
					out[i] = fmt.Sprint(v)
				}
			}
			return out
		}
		_ = w.Write(sheets[0].head)
		for _, row := range sheets[0].rows {
			_ = w.Write(rec(row))
		}
		w.Flush()
		return buf.Bytes(), "text/csv; charset=utf-8", w.Error()
	case "xlsx":
		f := excelize.NewFile()
		defer f.Close()
		for i, s := range sheets {
			if i == 0 {
				if err := f.SetSheetName("Sheet1", s.name); err != nil {
					return nil, "", err
				}
			} else if _, err := f.NewSheet(s.name); err != nil {
				return nil, "", err
			}
			head := make([]any, len(s.head))
			for j, h := range s.head {
				head[j] = h
			}
			for j, row := range append([][]any{head}, s.rows...) {
				cell, _ := excelize.CoordinatesToCellName(1, j+1)
				if err := f.SetSheetRow(s.name, cell, &row); err != nil {
					return nil, "", err
				}
			}
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			return nil, "", err
		}
		return buf.Bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", nil
	}
	return nil, "", fmt.Errorf("review: no export format %q", format)
}

type sheet struct {
	name string
	head []string
	rows [][]any
}

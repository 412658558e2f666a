package review

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/tabular"
)

// TestExport: the step table as CSV (byte order mark, JSON keys, plain numbers) and the three
// sheets of the XLSX, numbers typed and the shares as percentages; the CSV leaves the
// bottlenecks out, as does the XLSX without them; an unknown format is an error.
func TestExport(t *testing.T) {
	st := StepStat{Step: "processing", Name: "Xử lý", BudgetPercent: 60, BudgetHours: 24, Passes: 2,
		MedianHours: 13, P90Hours: 13.5, Late: 1, LateShare: 0.5, Ratio: 0.5625}
	rep := &Review{Procedure: proc, Name: "Đăng ký khai sinh", Agency: "00070", From: "2026-03-01", To: "2026-03-31",
		TimeUnit: WorkingHours, Steps: []StepStat{st},
		Total: Total{Dossiers: 2, LegalHours: 40, MedianHours: 18, P90Hours: 20, OnTime: 1, OnTimeShare: 0.5}}
	b := &Bottlenecks{From: rep.From, To: rep.To, Items: []Bottleneck{{Procedure: "2.000001", Name: "Khác", StepStat: st}}}

	data, ctype, err := Export(rep, b, "csv")
	if err != nil || ctype != "text/csv; charset=utf-8" {
		t.Fatalf("CSV: %q, %v", ctype, err)
	}
	body, ok := strings.CutPrefix(string(data), "\ufeff")
	if !ok {
		t.Errorf("CSV has no byte order mark: %.40q", data)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"procedure", "step", "name", "budget_percent", "budget_hours", "passes", "median_hours", "p90_hours", "late", "late_share", "p90_budget_ratio"},
		{proc, "processing", "Xử lý", "60", "24", "2", "13", "13.5", "1", "0.5", "0.5625"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("CSV (-want +got):\n%s", diff)
	}

	data, ctype, err = Export(rep, b, "xlsx")
	if err != nil || ctype != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("XLSX: %q, %v", ctype, err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if diff := cmp.Diff([]string{"steps", "total", "bottlenecks", tabular.SheetColumns}, x.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	for sheet, want := range map[string][][]string{
		"steps":       want,
		"total":       {{"procedure", "agency", "from", "to", "time_unit", "dossiers", "legal_hours", "median_hours", "p90_hours", "on_time", "on_time_share"}, {proc, "00070", "2026-03-01", "2026-03-31", "working_hours", "2", "40", "18", "20", "1", "0.5"}},
		"bottlenecks": {want[0], {"2.000001", "processing", "Xử lý", "60", "24", "2", "13", "13.5", "1", "0.5", "0.5625"}},
	} {
		got, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", sheet, diff)
		}
	}
	for _, c := range []struct{ sheet, cell, shown string }{{"steps", "J2", "50.00%"}, {"total", "K2", "50.00%"}, {"steps", "K2", "0.5625"}, {"total", "F2", "2"}} {
		if typ, _ := x.GetCellType(c.sheet, c.cell); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s!%s type = %v; want a number", c.sheet, c.cell, typ)
		}
		if v, _ := x.GetCellValue(c.sheet, c.cell); v != c.shown {
			t.Errorf("%s!%s shows %q; want %q", c.sheet, c.cell, v, c.shown)
		}
	}

	data, _, err = Export(rep, nil, "xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if x, err = excelize.OpenReader(bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"steps", "total", tabular.SheetColumns}, x.GetSheetList()); diff != "" {
		t.Errorf("sheets without bottlenecks (-want +got):\n%s", diff)
	}
	if _, _, err := Export(rep, b, "pdf"); err == nil {
		t.Error("Export(pdf) = nil; want an error")
	}
}

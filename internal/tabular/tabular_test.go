package tabular_test

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/tabular"
)

func table() *tabular.Table {
	return &tabular.Table{
		Title: "Bảng thử",
		Columns: []tabular.Column{
			{Key: "code", Label: "Mã"}, {Key: "name", Label: "Tên"}, {Key: "n", Label: "Số"},
			{Key: "rate", Label: "Tỷ lệ", Percent: true}, {Key: "day", Label: "Ngày"},
		},
		Rows: [][]any{
			{"007", `Sở "Tư pháp", Hà Nội`, int64(12), 0.25, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)},
			{"A;B", "dòng\nhai", 3, 1.0, nil},
		},
	}
}

func TestWriteCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := table().WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	body, ok := strings.CutPrefix(buf.String(), "\ufeff")
	if !ok {
		t.Fatalf("CSV does not start with the UTF-8 byte order mark: %q", buf.String())
	}
	got, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"code", "name", "n", "rate", "day"},
		{"007", `Sở "Tư pháp", Hà Nội`, "12", "0.25", "2026-04-01"},
		{"A;B", "dòng\nhai", "3", "1", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CSV (-want +got):\n%s", diff)
	}
}

func TestWriteXLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := table().WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer f.Close()
	raw, err := f.GetRows(tabular.SheetData, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"code", "name", "n", "rate", "day"},
		{"007", `Sở "Tư pháp", Hà Nội`, "12", "0.25", "2026-04-01"},
		{"A;B", "dòng\nhai", "3", "1"},
	}
	if diff := cmp.Diff(want, raw); diff != "" {
		t.Errorf("cells (-want +got):\n%s", diff)
	}
	shown, err := f.GetRows(tabular.SheetData)
	if err != nil {
		t.Fatal(err)
	}
	if shown[1][3] != "25.00%" || shown[2][3] != "100.00%" || shown[1][2] != "12" {
		t.Errorf("shown row 2 = %q, row 3 = %q; want the rates as percentages", shown[1], shown[2])
	}
	for _, cell := range []string{"C2", "D2", "C3"} {
		if typ, _ := f.GetCellType(tabular.SheetData, cell); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s type = %v; want a number", cell, typ)
		}
	}
	cols, err := f.GetRows(tabular.SheetColumns)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][]string{{"key", "label"}, {"code", "Mã"}, {"name", "Tên"}, {"n", "Số"}, {"rate", "Tỷ lệ"}, {"day", "Ngày"}}, cols); diff != "" {
		t.Errorf("Columns sheet (-want +got):\n%s", diff)
	}
	props, err := f.GetDocProps()
	if err != nil || props.Title != "Bảng thử" {
		t.Errorf("title = %q, %v; want Bảng thử", props.Title, err)
	}
}

func TestBadRows(t *testing.T) {
	for _, rows := range [][][]any{{{"x"}}, {{"a", "b", 1, 0.5, struct{}{}}}} {
		tb := table()
		tb.Rows = rows
		var buf bytes.Buffer
		if err := tb.WriteCSV(&buf); err == nil {
			t.Errorf("WriteCSV(%v) = nil; want an error", rows)
		}
		if err := tb.WriteXLSX(&buf); err == nil {
			t.Errorf("WriteXLSX(%v) = nil; want an error", rows)
		}
	}
}

// TestWriteXLSXSheets: two tables, each on its own sheet laid out as WriteXLSX lays out Data
// (typed cells, percentages), sheet Columns naming every sheet's keys; bad sheet names refused.
func TestWriteXLSXSheets(t *testing.T) {
	first := table()
	first.Sheet = "steps"
	second := &tabular.Table{Title: "Tổng", Sheet: "total",
		Columns: []tabular.Column{{Key: "dossiers", Label: "Hồ sơ"}, {Key: "on_time_share", Label: "Đúng hạn", Percent: true}},
		Rows:    [][]any{{7, 0.5}}}
	var buf bytes.Buffer
	if err := tabular.WriteXLSXSheets(&buf, first, second); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer f.Close()
	if diff := cmp.Diff([]string{"steps", "total", tabular.SheetColumns}, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	raw, err := f.GetRows("steps", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"code", "name", "n", "rate", "day"},
		{"007", `Sở "Tư pháp", Hà Nội`, "12", "0.25", "2026-04-01"},
		{"A;B", "dòng\nhai", "3", "1"},
	}
	if diff := cmp.Diff(want, raw); diff != "" {
		t.Errorf("steps cells (-want +got):\n%s", diff)
	}
	shown, err := f.GetRows("total")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][]string{{"dossiers", "on_time_share"}, {"7", "50.00%"}}, shown); diff != "" {
		t.Errorf("total shown (-want +got):\n%s", diff)
	}
	for _, c := range []struct{ sheet, cell string }{{"steps", "C2"}, {"steps", "D2"}, {"total", "A2"}, {"total", "B2"}} {
		if typ, _ := f.GetCellType(c.sheet, c.cell); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s!%s type = %v; want a number", c.sheet, c.cell, typ)
		}
	}
	cols, err := f.GetRows(tabular.SheetColumns)
	if err != nil {
		t.Fatal(err)
	}
	wantCols := [][]string{{"sheet", "key", "label"}, {"steps", "code", "Mã"}, {"steps", "name", "Tên"}, {"steps", "n", "Số"},
		{"steps", "rate", "Tỷ lệ"}, {"steps", "day", "Ngày"}, {"total", "dossiers", "Hồ sơ"}, {"total", "on_time_share", "Đúng hạn"}}
	if diff := cmp.Diff(wantCols, cols); diff != "" {
		t.Errorf("Columns sheet (-want +got):\n%s", diff)
	}
	if props, err := f.GetDocProps(); err != nil || props.Title != "Bảng thử" {
		t.Errorf("title = %q, %v; want the first table's, Bảng thử", props.Title, err)
	}

	for _, names := range [][]string{{"", "total"}, {"steps", "Steps"}, {"steps", "columns"}, {"a/b", "total"}} {
		a, b := table(), table()
		a.Sheet, b.Sheet = names[0], names[1]
		if err := tabular.WriteXLSXSheets(io.Discard, a, b); err == nil {
			t.Errorf("sheets %q = nil; want an error", names)
		}
	}
	if err := tabular.WriteXLSXSheets(io.Discard); err == nil {
		t.Error("no table = nil; want an error")
	}
	bad := table()
	bad.Sheet, bad.Rows = "x", [][]any{{"x"}}
	if err := tabular.WriteXLSXSheets(io.Discard, bad); err == nil {
		t.Error("a short row = nil; want an error")
	}
}

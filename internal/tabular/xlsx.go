package tabular

import (
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Sheet names of the workbook WriteXLSX writes.
const (
	SheetData    = "Data"
	SheetColumns = "Columns"
)

// percentFormat is Excel's built-in number format 10, "0.00%".
const percentFormat = 10

// WriteXLSX writes the table as a workbook: sheet Data holds a header row of the column keys
// (the same header as the CSV) and one row per table row, integers and ratios as numbers (a
// Percent column formatted as a percentage, so 0.25 shows as 25.00% and sums as 0.25), text as
// text; sheet Columns lists each key with its label for people. The table's title is the
// workbook's title.
func (t *Table) WriteXLSX(w io.Writer) error {
	if len(t.Rows) >= excelize.TotalRows {
		return fmt.Errorf("tabular: %d rows do not fit in a sheet", len(t.Rows))
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetData); err != nil {
		return err
	}
	if _, err := f.NewSheet(SheetColumns); err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: t.Title, Creator: "motcua", Language: "vi-VN"}); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	pct, err := f.NewStyle(&excelize.Style{NumFmt: percentFormat})
	if err != nil {
		return err
	}
	head := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = c.Key
	}
	if err := setRow(f, SheetData, 1, head); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(max(len(t.Columns), 1))
	if err := f.SetCellStyle(SheetData, "A1", last+"1", bold); err != nil {
		return err
	}
	for r, row := range t.Rows {
		if len(row) != len(t.Columns) {
			return fmt.Errorf("tabular: row %d has %d cells; want %d", r+1, len(row), len(t.Columns))
		}
		vals := make([]any, len(row))
		for i, v := range row {
			switch x := v.(type) {
			case nil, string, int, int64, float64:
				vals[i] = x
			case time.Time:
				vals[i] = x.Format(time.DateOnly)
			default:
				return fmt.Errorf("tabular: row %d, column %s: unsupported cell type %T", r+1, t.Columns[i].Key, v)
			}
		}
		if err := setRow(f, SheetData, r+2, vals); err != nil {
			return err
		}
	}
	for i, c := range t.Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		width := float64(min(max(utf8.RuneCountInString(c.Key), 10)+2, 60))
		if err := f.SetColWidth(SheetData, col, col, width); err != nil {
			return err
		}
		if c.Percent && len(t.Rows) > 0 {
			if err := f.SetCellStyle(SheetData, col+"2", fmt.Sprintf("%s%d", col, len(t.Rows)+1), pct); err != nil {
				return err
			}
		}
	}
	if err := f.SetPanes(SheetData, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := setRow(f, SheetColumns, 1, []any{"key", "label"}); err != nil {
		return err
	}
	for i, c := range t.Columns {
		if err := setRow(f, SheetColumns, i+2, []any{c.Key, c.Label}); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}

func setRow(f *excelize.File, sheet string, row int, vals []any) error {
	cell, err := excelize.CoordinatesToCellName(1, row)
	if err != nil {
		return err
	}
	return f.SetSheetRow(sheet, cell, &vals)
}

package tabular

import (
	"errors"
	"fmt"
	"io"
	"strings"
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
	b, err := newBook(t.Title)
	if err != nil {
		return err
	}
	defer b.f.Close()
	if err := b.f.SetSheetName("Sheet1", SheetData); err != nil {
		return err
	}
	if err := b.data(SheetData, t); err != nil {
		return err
	}
	cols := [][]any{{"key", "label"}}
	for _, c := range t.Columns {
		cols = append(cols, []any{c.Key, c.Label})
	}
	return b.finish(w, cols)
}

// WriteXLSXSheets writes several tables as one workbook: each table on a sheet of its own named
// by its Sheet field (required, distinct, not Columns), laid out as WriteXLSX lays out sheet
// Data; sheet Columns lists every sheet's keys with their labels (header sheet, key, label).
// The first table's title is the workbook's title.
func WriteXLSXSheets(w io.Writer, tables ...*Table) error {
	if len(tables) == 0 {
		return errors.New("tabular: no table to write")
	}
	seen := []string{SheetColumns}
	for _, t := range tables {
		if t.Sheet == "" {
			return fmt.Errorf("tabular: table %q has no sheet name", t.Title)
		}
		for _, s := range seen {
			if strings.EqualFold(s, t.Sheet) {
				return fmt.Errorf("tabular: sheet name %q is taken", t.Sheet)
			}
		}
		seen = append(seen, t.Sheet)
	}
	b, err := newBook(tables[0].Title)
	if err != nil {
		return err
	}
	defer b.f.Close()
	cols := [][]any{{"sheet", "key", "label"}}
	for i, t := range tables {
		if i == 0 {
			err = b.f.SetSheetName("Sheet1", t.Sheet)
		} else {
			_, err = b.f.NewSheet(t.Sheet)
		}
		if err != nil {
			return fmt.Errorf("tabular: sheet %q: %w", t.Sheet, err)
		}
		if err := b.data(t.Sheet, t); err != nil {
			return err
		}
		for _, c := range t.Columns {
			cols = append(cols, []any{t.Sheet, c.Key, c.Label})
		}
	}
	return b.finish(w, cols)
}

// book is a workbook being written with its two styles.
type book struct {
	f         *excelize.File
	bold, pct int
}

func newBook(title string) (*book, error) {
	f := excelize.NewFile()
	b := &book{f: f}
	err := f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "motcua", Language: "vi-VN"})
	if err == nil {
		b.bold, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	}
	if err == nil {
		b.pct, err = f.NewStyle(&excelize.Style{NumFmt: percentFormat})
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return b, nil
}

// data writes t on sheet: the bold, frozen header row of keys, then the rows, typed.
func (b *book) data(sheet string, t *Table) error {
	f := b.f
	if len(t.Rows) >= excelize.TotalRows {
		return fmt.Errorf("tabular: %d rows do not fit in a sheet", len(t.Rows))
	}
	head := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = c.Key
	}
	if err := setRow(f, sheet, 1, head); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(max(len(t.Columns), 1))
	if err := f.SetCellStyle(sheet, "A1", last+"1", b.bold); err != nil {
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
		if err := setRow(f, sheet, r+2, vals); err != nil {
			return err
		}
	}
	for i, c := range t.Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		width := float64(min(max(utf8.RuneCountInString(c.Key), 10)+2, 60))
		if err := f.SetColWidth(sheet, col, col, width); err != nil {
			return err
		}
		if c.Percent && len(t.Rows) > 0 {
			if err := f.SetCellStyle(sheet, col+"2", fmt.Sprintf("%s%d", col, len(t.Rows)+1), b.pct); err != nil {
				return err
			}
		}
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// finish writes sheet Columns (rows, the first a header) and the workbook to w.
func (b *book) finish(w io.Writer, rows [][]any) error {
	if _, err := b.f.NewSheet(SheetColumns); err != nil {
		return err
	}
	for i, r := range rows {
		if err := setRow(b.f, SheetColumns, i+1, r); err != nil {
			return err
		}
	}
	_, err := b.f.WriteTo(w)
	return err
}

func setRow(f *excelize.File, sheet string, row int, vals []any) error {
	cell, err := excelize.CoordinatesToCellName(1, row)
	if err != nil {
		return err
	}
	return f.SetSheetRow(sheet, cell, &vals)
}

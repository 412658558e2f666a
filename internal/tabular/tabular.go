// Package tabular writes a table of figures as CSV (for any tool) or XLSX (for Excel and
// LibreOffice): the exports of every report table, so that the API and the pages export the same
// rows the same way. It is a leaf: it knows nothing of reports, only of cells.
package tabular

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Column is one column of a table: Key names it for machines (the CSV header, the JSON key of
// the same figure), Label for people (the XLSX header). A Percent column holds ratios (0.25)
// that the XLSX shows as percentages (25%); CSV writes the ratio itself.
type Column struct {
	Key     string
	Label   string
	Percent bool
}

// Table is a titled grid of cells. Each row has one cell per column; a cell is a string, an
// integer (int, int64), a float64, nil (empty) or a time.Time (written as a date, YYYY-MM-DD).
// Sheet names the table's sheet when it is one of several in a workbook (WriteXLSXSheets).
type Table struct {
	Title   string
	Sheet   string
	Columns []Column
	Rows    [][]any
}

// bom is the UTF-8 byte order mark: Excel reads a CSV as UTF-8 only when it starts with one.
const bom = "\ufeff"

// WriteCSV writes the table as RFC 4180 CSV in UTF-8 with a byte order mark, the header row of
// column keys first, numbers in plain decimal notation.
func (t *Table) WriteCSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(bom); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	head := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = c.Key
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for r, row := range t.Rows {
		if len(row) != len(t.Columns) {
			return fmt.Errorf("tabular: row %d has %d cells; want %d", r+1, len(row), len(t.Columns))
		}
		for i, v := range row {
			s, err := text(v)
			if err != nil {
				return fmt.Errorf("tabular: row %d, column %s: %w", r+1, t.Columns[i].Key, err)
			}
			rec[i] = s
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// text is a cell as CSV text.
func text(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case time.Time:
		return x.Format(time.DateOnly), nil
	}
	return "", fmt.Errorf("unsupported cell type %T", v)
}

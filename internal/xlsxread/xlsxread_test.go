package xlsxread_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/xlsxread"
)

var limits = xlsxread.Limits{Unzipped: 8 << 20, Rows: 100, Columns: 10}

func book(t *testing.T, cells map[string]string) *excelize.File {
	t.Helper()
	f := excelize.NewFile()
	for at, v := range cells {
		if err := f.SetCellValue("Sheet1", at, v); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	g, err := xlsxread.Open(&buf, limits)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	return g
}

// TestRows: rows come back as written, gaps kept and trailing empty rows dropped; a cell far
// away, which GetRows would pad into a million rows or sixteen thousand columns, ends the read
// with the limit it broke and the row.
func TestRows(t *testing.T) {
	rows, err := xlsxread.Rows(book(t, map[string]string{"A1": "a", "B1": "b", "A3": "c"}), "Sheet1", limits)
	if err != nil || len(rows) != 3 || len(rows[0]) != 2 || len(rows[1]) != 0 || rows[2][0] != "c" {
		t.Fatalf("rows = %q, %v", rows, err)
	}
	var re *xlsxread.RowError
	_, err = xlsxread.Rows(book(t, map[string]string{"A1": "a", "A1048576": "far"}), "Sheet1", limits)
	if !errors.Is(err, xlsxread.ErrTooManyRows) || !errors.As(err, &re) || re.Row != 102 {
		t.Errorf("far row: %v (row %v); want too many rows at row 102", err, re)
	}
	_, err = xlsxread.Rows(book(t, map[string]string{"A1": "a", "A2": "b", "XFD3": "far"}), "Sheet1", limits)
	if !errors.Is(err, xlsxread.ErrTooWide) || !errors.As(err, &re) || re.Row != 3 {
		t.Errorf("far column: %v; want too wide at row 3", err)
	}
	if _, err := xlsxread.Rows(book(t, map[string]string{"A100": "x", "A101": "y"}), "Sheet1", limits); !errors.Is(err, xlsxread.ErrTooManyRows) {
		t.Errorf("101 rows: %v; want too many rows", err)
	}
	if rows, err := xlsxread.Rows(book(t, map[string]string{"A100": "x"}), "Sheet1", limits); err != nil || len(rows) != 100 {
		t.Errorf("100 rows: %d, %v; want all", len(rows), err)
	}
}

// TestOpenInflated: a workbook that inflates past the limit is refused on open.
func TestOpenInflated(t *testing.T) {
	f := excelize.NewFile()
	big := string(bytes.Repeat([]byte("x"), 30000))
	for i := range 100 {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetCellValue("Sheet1", cell, big+cell) // distinct: shared strings are kept once
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if _, err := xlsxread.Open(bytes.NewReader(buf.Bytes()), xlsxread.Limits{Unzipped: 1 << 20}); err == nil {
		t.Errorf("a %d-byte workbook of 3 MB inflated opened under a 1 MB limit", buf.Len())
	}
	if _, err := xlsxread.Open(bytes.NewReader(buf.Bytes()), xlsxread.Limits{Unzipped: 16 << 20}); err != nil {
		t.Errorf("under a 16 MB limit: %v", err)
	}
}

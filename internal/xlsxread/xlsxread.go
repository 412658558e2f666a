// Package xlsxread reads the rows of a workbook people upload (a catalog import, a bank
// statement) within bounds. excelize's GetRows pads every gap: a 6 KB file with one cell at
// XFD1048576 makes a million rows and half a gigabyte, and a small zip may inflate to
// gigabytes. Here the inflated size is capped, rows are read one at a time and counted, and a
// row wider than the caller allows ends the read before more are padded.
package xlsxread

import (
	"errors"
	"io"

	"github.com/xuri/excelize/v2"
)

// Limits bound one read.
type Limits struct {
	Unzipped int64 // bytes the workbook may inflate to
	Rows     int   // rows of a sheet, counted through its last non-empty one
	Columns  int   // cells of one row, through its last non-empty one
}

var (
	// ErrTooManyRows and ErrTooWide say which limit a sheet broke; Row is 1-based.
	ErrTooManyRows = errors.New("xlsxread: too many rows")
	ErrTooWide     = errors.New("xlsxread: a row is too wide")
)

// Open reads a workbook whose parts inflate to at most l.Unzipped bytes.
func Open(r io.Reader, l Limits) (*excelize.File, error) {
	return excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: l.Unzipped, UnzipXMLSizeLimit: min(l.Unzipped, 16<<20)})
}

// Rows returns a sheet's rows, trailing empty rows dropped, or ErrTooManyRows or ErrTooWide
// (wrapped with the row) as soon as one is broken.
func Rows(f *excelize.File, sheet string, l Limits) ([][]string, error) {
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out [][]string
	last := 0 // rows through the last non-empty one
	for it.Next() {
		cols, err := it.Columns()
		if err != nil {
			return nil, err
		}
		if len(cols) > l.Columns {
			return nil, &RowError{Row: len(out) + 1, Err: ErrTooWide}
		}
		if len(cols) > 0 {
			if len(out) >= l.Rows {
				return nil, &RowError{Row: len(out) + 1, Err: ErrTooManyRows}
			}
			last = len(out) + 1
		} else if len(out)-last >= l.Rows {
			// A long run of empty rows: more than a sheet may hold whatever follows.
			return nil, &RowError{Row: len(out) + 1, Err: ErrTooManyRows}
		}
		out = append(out, cols)
	}
	if err := it.Error(); err != nil {
		return nil, err
	}
	return out[:last], nil
}

// RowError is a limit broken at a row.
type RowError struct {
	Row int
	Err error
}

func (e *RowError) Error() string { return e.Err.Error() }
func (e *RowError) Unwrap() error { return e.Err }

package indicators

import (
	"bytes"
	"encoding/csv"
	"net/http"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/web"
)

// export answers ?dinh-dang=csv or xlsx with the table (header and rows) and reports whether
// it did: the CSV as shown (the reader's decimal mark), the XLSX with numbers as numbers (a
// rate from 0 to 1). One small function the lead can swap for internal/tabular's WriteCSV/WriteXLSX.
func (h *Handler) export(w http.ResponseWriter, r *http.Request, v *web.View, name string, header []string, rows []row) bool {
	format := r.URL.Query().Get("dinh-dang")
	if format != "csv" && format != "xlsx" {
		return false
	}
	table := [][]string{header}
	typed := [][]any{nil}
	for _, r := range rows {
		table = append(table, r.Cells)
		typed = append(typed, r.Values)
	}
	var buf bytes.Buffer
	ctype := "text/csv; charset=utf-8"
	if format == "csv" {
		buf.WriteString("\uFEFF") // Excel reads UTF-8 CSV with a byte-order mark
		cw := csv.NewWriter(&buf)
		_ = cw.WriteAll(table)
	} else {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		f := excelize.NewFile()
		defer f.Close()
		for i, cells := range table {
			vals := typed[i]
			if vals == nil {
				vals = make([]any, len(cells))
				for j, c := range cells {
					vals[j] = c
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow("Sheet1", cell, &vals); err != nil {
				h.site.Fail(w, r, v, err)
				return true
			}
		}
		if err := f.Write(&buf); err != nil {
			h.site.Fail(w, r, v, err)
			return true
		}
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.`+format+`"`)
	_, _ = w.Write(buf.Bytes())
	return true
}

package indicators

import (
	"bytes"
	"net/http"

	"github.com/motcua/motcua/internal/tabular"
	"github.com/motcua/motcua/internal/web"
)

// export answers ?dinh-dang=csv or xlsx with the table written by internal/tabular and reports
// whether it did: the header row is the table's header as shown (in the reader's language),
// each row its typed values (numbers as numbers, a rate from 0 to 1; Cells where a row has no
// Values). The file is named name.csv or name.xlsx.
func (h *Handler) export(w http.ResponseWriter, r *http.Request, v *web.View, name string, header []string, rows []row) bool {
	format := r.URL.Query().Get("dinh-dang")
	if format != "csv" && format != "xlsx" {
		return false
	}
	t := &tabular.Table{Title: name, Columns: make([]tabular.Column, len(header))}
	for i, h := range header {
		t.Columns[i] = tabular.Column{Key: h, Label: h}
	}
	for _, rw := range rows {
		vals := rw.Values
		if vals == nil {
			vals = make([]any, len(rw.Cells))
			for i, c := range rw.Cells {
				vals[i] = c
			}
		}
		t.Rows = append(t.Rows, vals)
	}
	var buf bytes.Buffer
	ctype, write := "text/csv; charset=utf-8", t.WriteCSV
	if format == "xlsx" {
		ctype, write = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", t.WriteXLSX
	}
	if err := write(&buf); err != nil {
		h.site.Fail(w, r, v, err)
		return true
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.`+format+`"`)
	_, _ = w.Write(buf.Bytes())
	return true
}

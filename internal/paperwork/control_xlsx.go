package paperwork

import (
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"
)

// ControlSlipXLSX writes the process control slip (Mẫu 05) as a spreadsheet: the dossier, then
// one row per hand-over with its time, its deadline and whether it was early, on time or late.
// Times are real Excel dates in Vietnam's zone.
func ControlSlipXLSX(c ControlSlip) ([]byte, error) {
	c = c.cleaned()
	if err := c.validate(); err != nil {
		return nil, err
	}
	x := excelize.NewFile()
	defer x.Close()
	st, err := newRegisterStyles(x)
	if err != nil {
		return nil, err
	}
	const sheet = "Phiếu kiểm soát"
	local := func(t time.Time) any {
		if t.IsZero() {
			return ""
		}
		lt := t.In(vietnam)
		return time.Date(lt.Year(), lt.Month(), lt.Day(), lt.Hour(), lt.Minute(), 0, 0, time.UTC)
	}
	set := func(cell string, v any, style int) error {
		if err := x.SetCellValue(sheet, cell, v); err != nil {
			return err
		}
		return x.SetCellStyle(sheet, cell, cell, style)
	}
	errs := []error{x.SetSheetName("Sheet1", sheet), x.MergeCell(sheet, "A1", "G1")}
	errs = append(errs, set("A1", ControlSlipTitle, st.title))
	info := [][2]any{{"Mã hồ sơ", c.Code}, {"Thủ tục", c.Procedure}, {"Người nộp", c.ApplicantName},
		{"Cơ quan giải quyết", c.Handler}, {"Tiếp nhận", local(c.ReceivedAt)}, {"Hẹn trả kết quả", local(c.DueAt)}}
	for i, kv := range info {
		row := i + 3
		style := st.text
		if _, ok := kv[1].(time.Time); ok {
			style = st.date
		}
		errs = append(errs, set(fmt.Sprintf("A%d", row), kv[0], st.head), x.MergeCell(sheet, fmt.Sprintf("B%d", row), fmt.Sprintf("G%d", row)),
			set(fmt.Sprintf("B%d", row), kv[1], style))
	}
	head := len(info) + 4
	for i, h := range []string{"TT", "Giao", "Nhận", "Thời gian giao, nhận", "Hạn xử lý", "Kết quả", "Ghi chú"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, head)
		errs = append(errs, set(cell, h, st.head))
	}
	for i, s := range c.Steps {
		row := head + 1 + i
		vals := []any{i + 1, s.From, s.To, local(s.At), local(s.Due), s.Result, s.Note}
		for j, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(j+1, row)
			style := st.text
			switch {
			case j == 0 || j == 5:
				style = st.centre
			case j == 3 || j == 4:
				style = st.date
			}
			errs = append(errs, set(cell, v, style))
		}
	}
	for col, w := range map[string]float64{"A": 18, "B": 30, "C": 30, "D": 18, "E": 18, "F": 12, "G": 24} {
		errs = append(errs, x.SetColWidth(sheet, col, col, w))
	}
	if err := firstErr(errs...); err != nil {
		return nil, fmt.Errorf("paperwork: control slip spreadsheet: %w", err)
	}
	b, err := x.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

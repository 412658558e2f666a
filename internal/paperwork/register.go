package paperwork

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// RegisterRow is one dossier in the register.
type RegisterRow struct {
	No            int // số thứ tự; the row's position (1, 2, …) when 0
	Code          string
	Procedure     string
	ApplicantName string
	Address       string
	Phone         string
	ReceivedAt    time.Time
	DueAt         time.Time
	TransferredTo string    // cơ quan chủ trì giải quyết, the agency the dossier went to
	ReturnedAt    time.Time // when the result was returned; zero while it is not
	Result        string    // Early, OnTime, Late, or "" while the dossier is open
	Note          string
}

// Register is the content of Mẫu 06, the Sổ theo dõi hồ sơ of the one-stop office (Circular
// 01/2018/TT-VPCP Art. 9) for a period: one row per dossier. Agency, From and To are
// required, and in each row Code, Procedure, ApplicantName, ReceivedAt and DueAt.
type Register struct {
	ParentAgency string // may be empty
	Agency       string
	From, To     time.Time // the period, printed as dates; To dates the document
	Rows         []RegisterRow
}

// RegisterTitle is the name of Mẫu 06 as printed.
const RegisterTitle = "SỔ THEO DÕI HỒ SƠ"

// registerCol is one column of the register, the same in the PDF and the spreadsheet.
type registerCol struct {
	head  string
	pdf   float64 // width in the PDF, millimetres
	xlsx  float64 // width in the spreadsheet, characters
	align string
}

// registerCols are the register's columns. The three from regDates stand under "Ngày, tháng,
// năm"; under the header a row numbers the columns, (1) to (12).
var registerCols = []registerCol{
	{"TT", 9, 6, "C"},
	{"Mã hồ sơ", 37, 27, "L"},
	{"Tên thủ tục hành chính", 42, 40, "L"},
	{"Tên cá nhân, tổ chức", 28, 26, "L"},
	{"Địa chỉ, số điện thoại", 36, 34, "L"},
	{"Cơ quan chủ trì giải quyết", 26, 26, "L"},
	{"Nhận hồ sơ", 17, 17, "C"},
	{"Hẹn trả kết quả", 17, 17, "C"},
	{"Trả kết quả", 17, 17, "C"},
	{"Kết quả giải quyết hồ sơ (Trước hạn/ đúng hạn/ quá hạn)", 19, 16, "C"},
	{"Ký nhận", 10, 10, "C"},
	{"Ghi chú", 17, 20, "L"},
}

const (
	regCode  = 1 // the code column, in smaller type so that a code fits on one line
	regDates = 6
)

// registerHeads is the register's header: three rows, the last numbering the columns.
func registerHeads() []head {
	hs := []head{{"Ngày, tháng, năm", regDates, 3, 0, 1, ""}}
	for i, c := range registerCols {
		if i >= regDates && i < regDates+3 {
			hs = append(hs, head{c.head, i, 1, 1, 1, ""})
		} else {
			hs = append(hs, head{c.head, i, 1, 0, 2, ""})
		}
		hs = append(hs, head{fmt.Sprintf("(%d)", i+1), i, 1, 2, 1, "I"})
	}
	return hs
}

// period is "từ ngày 01/11/2026 đến ngày 30/11/2026".
func (r Register) period() string {
	return "từ ngày " + shortDate(r.From) + " đến ngày " + shortDate(r.To)
}

// cells are the texts of a row's cells, times on two lines (date, then hour).
func (w RegisterRow) cells() []string {
	return []string{fmt.Sprint(w.No), w.Code, w.Procedure, w.ApplicantName, w.contact(), w.TransferredTo,
		stamp(w.ReceivedAt, "\n"), stamp(w.DueAt, "\n"), stamp(w.ReturnedAt, "\n"), w.Result, "", w.Note}
}

// contact is the address over the phone number.
func (w RegisterRow) contact() string {
	if w.Address == "" || w.Phone == "" {
		return w.Address + w.Phone
	}
	return w.Address + "\n" + w.Phone
}

// RegisterPDF lays out r as Mẫu 06 on A4 landscape, dated To, and returns the PDF: the agency,
// the title and period, and the table, which runs onto as many pages as it needs with its
// header repeated at the top of each, every page numbered. An invalid register is an apperr
// Unprocessable error naming each offending field (agency, from, to, rows[i].code, ...). The
// same register always gives the same bytes.
func RegisterPDF(r Register) ([]byte, error) {
	r = r.cleaned()
	if err := r.validate(); err != nil {
		return nil, err
	}
	f := newForm(a4Landscape, r.To.In(vietnam), "Sổ theo dõi hồ sơ "+r.period(), "")
	f.footer = "Sổ theo dõi hồ sơ " + r.period()
	f.agencyBlock(f.pg.left, f.width()*0.3, r.ParentAgency, []string{r.Agency})
	f.title(RegisterTitle, span{"I", upperFirst(r.period())})

	cols := make([]column, len(registerCols))
	for i, c := range registerCols {
		cols[i] = column{w: c.pdf, align: c.align}
	}
	cols[regCode].size = ledgerTable.body - 0.5
	t := f.table(ledgerTable, cols, registerHeads())
	for _, w := range r.Rows {
		t.row(w.cells()...)
	}
	if len(r.Rows) == 0 {
		t.row("", "", "(không có hồ sơ)", "", "", "", "", "", "", "", "", "")
	}
	return f.finish()
}

// registerSheet is the name of the spreadsheet's one sheet.
const registerSheet = "Sổ theo dõi hồ sơ"

// The spreadsheet's layout: a title row, a row for the agency and period, the header's three
// rows (frozen, and printed again on every page), then one row per dossier.
const (
	xlsxHeadRow  = 3 // the header's first row
	xlsxFirstRow = 6 // the first dossier's row
	xlsxDate     = "dd/mm/yyyy hh:mm"
)

// RegisterXLSX writes r as a spreadsheet with one sheet laid out as Mẫu 06: the title, the
// agency and period, the header rows of the form (frozen), and one row per dossier, its times
// real Excel dates (serial numbers formatted dd/mm/yyyy hh:mm, in Vietnam's time) and empty
// when not yet. Rows are streamed, so a register of tens of thousands of dossiers takes little
// memory beyond the file itself. Errors are those of RegisterPDF, and "rows" when there are
// more than a sheet holds. The same register always gives the same bytes.
func RegisterXLSX(r Register) ([]byte, error) {
	r = r.cleaned()
	if err := r.validate(); err != nil {
		return nil, err
	}
	if len(r.Rows) > excelize.TotalRows-xlsxFirstRow+1 {
		var c check
		c.add("rows", msgs.Text("spreadsheet_holds_at_most_dossiers", excelize.TotalRows-xlsxFirstRow+1))
		return nil, c.err("register_invalid", msgs.Text("register_invalid"))
	}
	x := excelize.NewFile()
	defer x.Close()
	data, err := writeRegister(x, r)
	if err != nil {
		return nil, fmt.Errorf("paperwork: register spreadsheet: %w", err)
	}
	return data, nil
}

// registerStyles are the style IDs of the spreadsheet's cells.
type registerStyles struct{ title, sub, head, number, text, centre, date int }

func newRegisterStyles(x *excelize.File) (registerStyles, error) {
	border := []excelize.Border{{Type: "left", Style: 1}, {Type: "top", Style: 1}, {Type: "right", Style: 1}, {Type: "bottom", Style: 1}}
	top := func(h string) *excelize.Alignment {
		return &excelize.Alignment{Horizontal: h, Vertical: "top", WrapText: true}
	}
	mid := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	date := xlsxDate
	var s registerStyles
	var errs []error
	for _, d := range []struct {
		id    *int
		style *excelize.Style
	}{
		{&s.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: mid}},
		{&s.sub, &excelize.Style{Font: &excelize.Font{Italic: true}, Alignment: mid}},
		{&s.head, &excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: mid, Border: border}},
		{&s.number, &excelize.Style{Font: &excelize.Font{Italic: true}, Alignment: mid, Border: border}},
		{&s.text, &excelize.Style{Alignment: top("left"), Border: border}},
		{&s.centre, &excelize.Style{Alignment: top("center"), Border: border}},
		{&s.date, &excelize.Style{Alignment: top("center"), Border: border, CustomNumFmt: &date}},
	} {
		id, err := x.NewStyle(d.style)
		*d.id = id
		errs = append(errs, err)
	}
	return s, firstErr(errs...)
}

func writeRegister(x *excelize.File, r Register) ([]byte, error) {
	st, err := newRegisterStyles(x)
	if err != nil {
		return nil, err
	}
	a4, landscape := 9, "landscape"
	last, _ := excelize.ColumnNumberToName(len(registerCols))
	created := r.To.UTC().Format(time.RFC3339)
	if err := firstErr(
		x.SetSheetName("Sheet1", registerSheet),
		x.SetPageLayout(registerSheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape}),
		x.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: registerSheet,
			RefersTo: fmt.Sprintf("'%s'!$%d:$%d", registerSheet, xlsxHeadRow, xlsxFirstRow-1)}),
		x.SetDocProps(&excelize.DocProperties{Title: "Sổ theo dõi hồ sơ", Subject: r.Agency + " – " + r.period(),
			Creator: "motcua", LastModifiedBy: "motcua", Language: "vi-VN", Created: created, Modified: created}),
	); err != nil {
		return nil, err
	}
	sw, err := x.NewStreamWriter(registerSheet)
	if err != nil {
		return nil, err
	}
	for i, c := range registerCols {
		if err := sw.SetColWidth(i+1, i+1, c.xlsx); err != nil {
			return nil, err
		}
	}
	first := fmt.Sprintf("A%d", xlsxFirstRow)
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: xlsxFirstRow - 1, TopLeftCell: first, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: first, ActiveCell: first, Pane: "bottomLeft"}}}); err != nil {
		return nil, err
	}

	// Title and period.
	agency := r.Agency
	if r.ParentAgency != "" {
		agency = r.ParentAgency + " – " + agency
	}
	for i, t := range []excelize.Cell{{StyleID: st.title, Value: RegisterTitle}, {StyleID: st.sub, Value: agency + " – " + upperFirst(r.period())}} {
		row := i + 1
		if err := firstErr(
			sw.SetRow(fmt.Sprintf("A%d", row), []any{t}, excelize.RowOpts{Height: []float64{24, 18}[i]}),
			sw.MergeCell(fmt.Sprintf("A%d", row), fmt.Sprintf("%s%d", last, row)),
		); err != nil {
			return nil, err
		}
	}

	// The header: every cell bordered, the text in a merged range's top left cell.
	heads := registerHeads()
	for hr, height := range []float64{22, 42, 13} {
		style := st.head
		if hr == 2 {
			style = st.number
		}
		values := make([]any, len(registerCols))
		for i := range values {
			values[i] = excelize.Cell{StyleID: style}
		}
		for _, h := range heads {
			if h.row == hr {
				values[h.col] = excelize.Cell{StyleID: style, Value: h.text}
			}
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", xlsxHeadRow+hr), values, excelize.RowOpts{Height: height}); err != nil {
			return nil, err
		}
	}
	for _, h := range heads {
		if h.span == 1 && h.rows == 1 {
			continue
		}
		tl, _ := excelize.CoordinatesToCellName(h.col+1, xlsxHeadRow+h.row)
		br, _ := excelize.CoordinatesToCellName(h.col+h.span, xlsxHeadRow+h.row+h.rows-1)
		if err := sw.MergeCell(tl, br); err != nil {
			return nil, err
		}
	}

	// The dossiers.
	for i, w := range r.Rows {
		values := []any{
			excelize.Cell{StyleID: st.centre, Value: w.No},
			excelize.Cell{StyleID: st.text, Value: w.Code},
			excelize.Cell{StyleID: st.text, Value: w.Procedure},
			excelize.Cell{StyleID: st.text, Value: w.ApplicantName},
			excelize.Cell{StyleID: st.text, Value: w.contact()},
			excelize.Cell{StyleID: st.text, Value: w.TransferredTo},
			excelize.Cell{StyleID: st.date, Value: excelTime(w.ReceivedAt)},
			excelize.Cell{StyleID: st.date, Value: excelTime(w.DueAt)},
			excelize.Cell{StyleID: st.date, Value: excelTime(w.ReturnedAt)},
			excelize.Cell{StyleID: st.centre, Value: w.Result},
			excelize.Cell{StyleID: st.text},
			excelize.Cell{StyleID: st.text, Value: w.Note},
		}
		err := sw.SetRow(fmt.Sprintf("A%d", xlsxFirstRow+i), values, excelize.RowOpts{Height: w.height()})
		if err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	buf, err := x.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// excelTime is t as the spreadsheet stores it, Vietnam's wall-clock time (excelize writes a
// time's clock in its own zone), or nil, an empty cell, for the zero time.
func excelTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.In(vietnam)
}

// height estimates the height in points a row's wrapped texts need, as spreadsheet programs
// do not all fit rows to their text when they open a file: a column's width counts about one
// character of the default font.
func (w RegisterRow) height() float64 {
	lines := 1
	for i, text := range w.cells() {
		if i >= regDates && i < regDates+3 {
			continue // one line in the spreadsheet
		}
		n := 0
		for _, l := range strings.Split(text, "\n") {
			n += max(1, int(math.Ceil(float64(utf8.RuneCountInString(l))/(registerCols[i].xlsx-1))))
		}
		lines = max(lines, n)
	}
	return 15 * float64(lines)
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (r Register) cleaned() Register {
	cleanAll(&r.ParentAgency, &r.Agency)
	rows := make([]RegisterRow, len(r.Rows))
	for i, w := range r.Rows {
		cleanAll(&w.Code, &w.Procedure, &w.ApplicantName, &w.Address, &w.Phone, &w.TransferredTo, &w.Result, &w.Note)
		w.Result = canonicalResult(w.Result)
		if w.No == 0 {
			w.No = i + 1
		}
		rows[i] = w
	}
	r.Rows = rows
	return r
}

func (r Register) validate() error {
	var c check
	c.text("agency", r.Agency)
	if r.From.IsZero() {
		c.add("from", msgs.Text("first_day_of_period_is_required"))
	}
	if r.To.IsZero() {
		c.add("to", msgs.Text("last_day_of_period_is_required"))
	} else if !r.From.IsZero() && r.To.Before(r.From) {
		c.add("to", msgs.Text("period_cannot_end_before_it_starts"))
	}
	for i, w := range r.Rows {
		p := fmt.Sprintf("rows[%d].", i)
		if w.No < 0 {
			c.add(p+"no", msgs.Text("row_number_cannot_be_negative"))
		}
		c.text(p+"code", w.Code)
		c.text(p+"procedure", w.Procedure)
		c.text(p+"applicant_name", w.ApplicantName)
		c.time(p+"received_at", w.ReceivedAt)
		c.time(p+"due_at", w.DueAt)
		c.notBefore(p+"due_at", w.DueAt, "received_at", w.ReceivedAt)
		if !w.ReturnedAt.IsZero() && !w.ReceivedAt.IsZero() && w.ReturnedAt.Before(w.ReceivedAt) {
			c.add(p+"returned_at", msgs.Text("result_cannot_be_returned_before_dossier"))
		}
		c.result(p+"result", w.Result)
	}
	return c.err("register_invalid", msgs.Text("register_invalid.register_is_missing_information_or_has"))
}

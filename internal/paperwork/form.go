package paperwork

import (
	"bytes"
	"cmp"
	_ "embed"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh on hosts without a zoneinfo database
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
	"github.com/skip2/go-qrcode"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/vntext"
	"github.com/motcua/motcua/internal/vntime"
)

// DejaVu Sans 2.37 from Debian's fonts-dejavu-core (licence: fonts/LICENSE-DejaVu.txt). fpdf
// embeds only the glyphs a document uses, so a one-page form stays small.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
	//go:embed fonts/DejaVuSans-Oblique.ttf
	fontItalic []byte
)

const family = "DejaVu"

// vietnam is the zone every form prints its times in.
var vietnam = vntime.Location()

// page is a paper size with its margins in millimetres.
type page struct {
	size, orientation        string // fpdf names: "A5", "P"
	left, top, right, bottom float64
}

// a5 is the slip format of Mẫu 01–05 (Circular 01/2018/TT-VPCP; egov.md §2).
var a5 = page{size: "A5", orientation: "P", left: 15, top: 12, right: 10, bottom: 12}

// a4Landscape is the format of the register, Mẫu 06: a table too wide for a portrait page.
var a4Landscape = page{size: "A4", orientation: "L", left: 12, top: 10, right: 10, bottom: 12}

// Type sizes in points and line heights in millimetres shared by the slips.
const (
	sizeHead  = 8.0 // agency and motto
	minHead   = 6.5 // an agency's name is shrunk down to this size to fit its line, then wraps
	sizeTitle = 11.0
	sizeBody  = 8.5
	sizeSmall = 7.5
	lineHead  = 3.8
	lineBody  = 4.4
	lineSmall = 3.4
)

// form is one document being laid out.
type form struct {
	pdf    *fpdf.Fpdf
	pg     page
	footer string // printed before the page number when the form runs over one page
}

// newForm starts a document on paper p. created is written as the creation and modification
// date so that the same input always gives the same bytes. code, the dossier code, is the
// document's subject and goes in the footer of every page when the form runs over one page.
func newForm(p page, created time.Time, title, code string) *form {
	pdf := fpdf.New(p.orientation, "mm", p.size, "")
	pdf.SetMargins(p.left, p.top, p.right)
	pdf.SetAutoPageBreak(true, p.bottom)
	pdf.AddUTF8FontFromBytes(family, "", fontRegular)
	pdf.AddUTF8FontFromBytes(family, "B", fontBold)
	pdf.AddUTF8FontFromBytes(family, "I", fontItalic)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetTitle(strings.TrimSpace(title+" "+code), true)
	pdf.SetSubject(code, true)
	pdf.SetCreator("motcua", true)
	pdf.SetLang("vi-VN")
	pdf.AddPage()
	f := &form{pdf: pdf, pg: p}
	if code != "" {
		f.footer = "Mã hồ sơ " + code
	}
	return f
}

func (f *form) font(style string, size float64) { f.pdf.SetFont(family, style, size) }

// width is the width between the margins.
func (f *form) width() float64 {
	w, _ := f.pdf.GetPageSize()
	return w - f.pg.left - f.pg.right
}

// room is the height left above the bottom margin.
func (f *form) room() float64 {
	_, h := f.pdf.GetPageSize()
	return h - f.pg.bottom - f.pdf.GetY()
}

// keep starts a new page unless h millimetres are left on this one, so that a block (a table
// row, the signatures) is never cut in two.
func (f *form) keep(h float64) {
	if f.room() < h {
		f.pdf.AddPage()
	}
}

// lines is the number of lines text takes in a cell w wide in the current font.
func (f *form) lines(text string, w float64) int {
	return max(1, len(f.pdf.SplitText(text, w)))
}

// fit returns the largest size not above size (in quarter points, down to 5 pt) at which text
// fits on one line w wide in the given style.
func (f *form) fit(text, style string, size, w float64) float64 {
	for ; size > 5; size -= 0.25 {
		f.font(style, size)
		if f.pdf.GetStringWidth(text)+2*f.pdf.GetCellMargin() <= w {
			break
		}
	}
	return size
}

// heading is the top of an administrative document as Decree 30/2020/NĐ-CP Annex I lays it
// out: on the left the parent agency in capitals and the issuing agency in bold capitals over
// a short rule; on the right the national motto over a rule as long as its second line; below
// them the number on the left and the place and date, in italics, on the right.
type heading struct {
	Parent   string   // cơ quan chủ quản; may be empty
	Agency   []string // the issuing agency, then the unit within it
	Number   string   // printed after "Số: "; dots to fill in by hand when empty
	NoNumber bool     // a form that carries no number: only the place and date
	Place    string   // dots when empty
	Date     time.Time
}

const (
	motto1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	motto2 = "Độc lập - Tự do - Hạnh phúc"
	dots   = "……………"
)

func (f *form) heading(h heading) {
	pdf := f.pdf
	x0, y0 := f.pg.left, pdf.GetY()
	wl := f.width() * 0.43
	wr := f.width() - wl
	xr := x0 + wl

	yl := f.agencyBlock(x0, wl, h.Parent, h.Agency)

	// Right: the national motto, each line shrunk to fit the column.
	pdf.SetXY(xr, y0)
	f.font("B", f.fit(motto1, "B", sizeHead, wr))
	pdf.CellFormat(wr, lineHead, motto1, "", 2, "C", false, 0, "")
	f.font("B", f.fit(motto2, "B", sizeHead+0.5, wr))
	pdf.SetX(xr)
	pdf.CellFormat(wr, lineHead, motto2, "", 2, "C", false, 0, "")
	rule := pdf.GetStringWidth(motto2)
	yr := pdf.GetY() + 0.6
	pdf.Line(xr+(wr-rule)/2, yr, xr+(wr+rule)/2, yr)

	// Below: number and date line.
	y := max(yl, yr) + 2
	if !h.NoNumber {
		f.font("", sizeHead)
		pdf.SetXY(x0, y)
		pdf.CellFormat(wl, lineHead, "Số: "+orDots(h.Number), "", 0, "C", false, 0, "")
	}
	f.font("I", sizeHead)
	pdf.SetXY(xr, y)
	pdf.MultiCell(wr, lineHead, orDots(h.Place)+", "+longDate(h.Date), "", "C", false)
	pdf.SetX(x0)
}

// agencyBlock prints, from the current line down and centred in the column x…x+w, the parent
// agency in capitals and the agency's lines in bold capitals over a short rule. It returns the
// rule's Y.
func (f *form) agencyBlock(x, w float64, parent string, agency []string) float64 {
	pdf := f.pdf
	pdf.SetX(x)
	if parent != "" {
		p := strings.ToUpper(parent)
		f.font("", max(minHead, f.fit(p, "", sizeHead, w)))
		pdf.MultiCell(w, lineHead, p, "", "C", false)
	}
	// The agency's lines share one size, shrunk to fit the longest (a line still too long at
	// minHead wraps).
	size := sizeHead
	for _, a := range agency {
		size = min(size, f.fit(strings.ToUpper(a), "B", sizeHead, w))
	}
	f.font("B", max(minHead, size))
	last := ""
	for _, a := range agency {
		last = strings.ToUpper(a)
		pdf.SetX(x)
		pdf.MultiCell(w, lineHead, last, "", "C", false)
	}
	rule := min(pdf.GetStringWidth(last), w) * 0.4
	y := pdf.GetY() + 0.6
	pdf.SetLineWidth(0.2)
	pdf.Line(x+(w-rule)/2, y, x+(w+rule)/2, y)
	return y
}

// orDots is s, or dots to fill in by hand when s is empty.
func orDots(s string) string {
	if s == "" {
		return dots
	}
	return s
}

// title prints the form's name in bold capitals, centred, and under it, when given, one
// centred line of spans (the dossier code, a period).
func (f *form) title(name string, under ...span) {
	f.pdf.Ln(5)
	f.font("B", sizeTitle)
	f.pdf.MultiCell(0, 5.5, name, "", "C", false)
	if len(under) > 0 {
		f.pdf.Ln(0.5)
		f.centred(sizeBody+0.5, 5, under...)
	}
	f.pdf.Ln(2.5)
}

// slip is the top of a slip (Mẫu 01–05): what goes in the document's metadata, the heading,
// and the title with the dossier code under it.
type slip struct {
	name  string // the form's name in sentence case, for the PDF's metadata
	title string // the form's name as printed, in capitals
	code  string // dossier code printed under the title; nothing is printed when empty
	head  heading
}

// startSlip begins s on A5 portrait, dated by its heading's date (so the same content always
// gives the same bytes), and prints its heading and title.
func startSlip(s slip) *form {
	f := newForm(a5, s.head.Date.In(vietnam), s.name, s.code)
	f.heading(s.head)
	if s.code == "" {
		f.title(s.title)
	} else {
		f.title(s.title, span{"", "Mã hồ sơ: "}, span{"B", s.code})
	}
	return f
}

// unitTitle is the one-stop unit named under the agency in the heading, unless the agency's
// name already says it is one.
const unitTitle = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"

// oneStop is the heading's agency lines for a form the one-stop office issues: the agency,
// then the one-stop unit within it unless the agency's name already names one.
func oneStop(agency string) []string {
	if isOneStop(agency) {
		return []string{agency}
	}
	return []string{agency, unitTitle}
}

// isOneStop reports whether an agency's name already names a one-stop unit, so the heading
// need not add "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" under it.
func isOneStop(agency string) bool {
	a := strings.ToUpper(agency)
	for _, s := range []string{"TIẾP NHẬN VÀ TRẢ KẾT QUẢ", "MỘT CỬA", "PHỤC VỤ HÀNH CHÍNH CÔNG"} {
		if strings.Contains(a, s) {
			return true
		}
	}
	return false
}

// span is a run of text in one style within a paragraph.
type span struct {
	style string // "", "B", "I"
	text  string
}

// para writes spans as one paragraph that wraps at the margins, then moves to the next line.
func (f *form) para(size, lh float64, spans ...span) {
	f.pdf.SetX(f.pg.left)
	for _, s := range spans {
		f.font(s.style, size)
		f.pdf.Write(lh, s.text)
	}
	f.pdf.Ln(lh)
}

// centred writes spans centred on one line; the caller keeps them short enough to fit.
func (f *form) centred(size, lh float64, spans ...span) {
	w := 0.0
	for _, s := range spans {
		f.font(s.style, size)
		w += f.pdf.GetStringWidth(s.text)
	}
	f.pdf.SetX(f.pg.left + max(0, (f.width()-w)/2-f.pdf.GetCellMargin()))
	for _, s := range spans {
		f.font(s.style, size)
		f.pdf.Write(lh, s.text)
	}
	f.pdf.Ln(lh)
}

// field prints a labelled line, "label value", the value in style ("", "B" or "I") and
// wrapped at the margins; an empty value is dotted, to fill in by hand.
func (f *form) field(label, style, value string) {
	if value == "" {
		style, value = "", dots
	}
	f.para(sizeBody, lineBody, span{"", label}, span{style, value})
}

// dossier prints whose dossier a slip is about (label, then the name in bold) and what it
// asks for.
func (f *form) dossier(label, name, procedure string) {
	f.field(label, "B", name)
	f.field("Nội dung yêu cầu giải quyết: ", "B", procedure)
}

// numbered prints items as a numbered list ("1. …"), indented, each item's further lines
// hanging under its first, and never an item's number alone at the foot of a page.
func (f *form) numbered(items []string) {
	const indent, numW = 3.0, 6.0
	pdf := f.pdf
	for i, it := range items {
		f.font("", sizeBody)
		f.keep(lineBody)
		pdf.SetX(f.pg.left + indent)
		pdf.CellFormat(numW, lineBody, fmt.Sprintf("%d.", i+1), "", 0, "L", false, 0, "")
		pdf.MultiCell(f.width()-indent-numW, lineBody, it, "", "L", false)
	}
	pdf.SetX(f.pg.left)
}

// signer is one signature column: a title in bold capitals (under the line of authority,
// such as "KT. CHỦ TỊCH", when there is one), a hint in italics, room to sign and the signer's
// name.
type signer struct {
	Above, Title, Hint, Name string
}

const (
	signSpace = 15.0 // millimetres left blank for the signature
	qrSize    = 24.0 // millimetres, quiet zone included
	qrGap     = 2.0  // between the QR code and a signature column
)

// signOff ends a form: the signature columns side by side and, when url is not empty, a QR
// code of url with url and caption in small type beneath it. With two signers the QR code
// stands between them, beside the room left to sign; with one, the signer takes the right
// half (as under Decree 30/2020) and the QR code the left. Both the code and the printed
// address link to url in a PDF viewer. The whole block stays on one page.
func (f *form) signOff(url, caption string, ss ...signer) error {
	pdf := f.pdf
	var png []byte
	if url != "" {
		var err error
		if png, err = qrPNG(url); err != nil {
			return err
		}
	}

	// Columns: x and width of each signer, and where the QR code goes.
	type col struct{ x, w float64 }
	cols := make([]col, len(ss))
	qrX := 0.0
	switch {
	case png == nil:
		w := f.width() / float64(len(ss))
		for i := range ss {
			cols[i] = col{f.pg.left + float64(i)*w, w}
		}
	case len(ss) == 1:
		qrX = f.pg.left + (f.width()/2-qrSize)/2
		cols[0] = col{f.pg.left + f.width()/2, f.width() / 2}
	default: // two signers with the QR code between them
		w := (f.width() - qrSize - 2*qrGap) / 2
		cols[0] = col{f.pg.left, w}
		cols[1] = col{f.pg.left + w + qrSize + 2*qrGap, w}
		qrX = f.pg.left + w + qrGap
	}

	// Heights, to keep the block on one page.
	titleSize := sizeBody
	nameLines := 1
	above := 0.0 // height of the lines of authority, the same in every column
	for i, s := range ss {
		titleSize = min(titleSize, f.fit(s.Title, "B", sizeBody, cols[i].w), f.fit(s.Above, "B", sizeBody, cols[i].w))
		f.font("B", sizeBody)
		nameLines = max(nameLines, f.lines(s.Name, cols[i].w))
		if s.Above != "" {
			above = lineBody
		}
	}
	signH := above + lineBody + lineHead + signSpace + float64(nameLines)*lineBody
	var urlLines []string
	if png != nil {
		f.font("", sizeSmall)
		urlLines = pdf.SplitText(url, f.width())
		signH = max(signH, qrSize)
	}
	f.keep(3 + signH + float64(len(urlLines)+1)*lineSmall)

	pdf.Ln(3)
	y0 := pdf.GetY()
	for i, s := range ss {
		c := cols[i]
		pdf.SetXY(c.x, y0)
		f.font("B", titleSize)
		if above > 0 {
			pdf.CellFormat(c.w, above, s.Above, "", 2, "C", false, 0, "")
		}
		pdf.CellFormat(c.w, lineBody, s.Title, "", 2, "C", false, 0, "")
		f.font("I", sizeSmall)
		pdf.CellFormat(c.w, lineHead, s.Hint, "", 2, "C", false, 0, "")
		pdf.SetXY(c.x, pdf.GetY()+signSpace)
		f.font("B", sizeBody)
		pdf.MultiCell(c.w, lineBody, s.Name, "", "C", false)
	}
	if png == nil {
		pdf.SetXY(f.pg.left, y0+signH)
		return nil
	}
	// The QR code's foot is level with the foot of the names, the address right under it.
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	pdf.RegisterImageOptionsReader("qr", opt, bytes.NewReader(png))
	pdf.ImageOptions("qr", qrX, y0+signH-qrSize, qrSize, qrSize, false, opt, 0, url)
	pdf.SetXY(f.pg.left, y0+signH+0.5)
	f.font("", sizeSmall)
	for _, l := range urlLines {
		pdf.SetX(f.pg.left)
		pdf.CellFormat(f.width(), lineSmall, l, "", 2, "C", false, 0, url)
	}
	pdf.SetX(f.pg.left)
	pdf.CellFormat(f.width(), lineSmall, caption, "", 2, "C", false, 0, "")
	pdf.SetX(f.pg.left)
	return nil
}

// column is one column of a table.
type column struct {
	w     float64 // width in millimetres
	align string  // of the body's text: "L", "C" or "R"
	size  float64 // type size of the body's text in points; the table's when 0
}

// head is one cell of a table's header: its text (bold unless style says otherwise; "\n"
// breaks a line) over the columns col…col+span-1 and the header rows row…row+rows-1.
type head struct {
	text      string
	col, span int
	row, rows int
	style     string
}

// tableType is the type of a table: sizes in points of its body and header, the height of a
// line of the body and the padding above and below a cell's text, in millimetres.
type tableType struct{ body, head, line, pad float64 }

// headLine is the height of a line of the header, set tighter than the body's.
func (tt tableType) headLine() float64 { return tt.head * 0.45 }

var (
	slipTable   = tableType{body: 8.5, head: sizeSmall, line: 4.0, pad: 0.8}
	ledgerTable = tableType{body: 7, head: 6.5, line: 3.1, pad: 0.7}
)

// table lays out rows under a header that is printed again at the top of every page the table
// runs onto. A row is never split across two pages.
type table struct {
	f     *form
	tt    tableType
	cols  []column
	x     []float64 // left edge of each column
	heads []head
	hh    []float64 // height of each header row
	open  bool      // the table has begun: its header is printed
}

// table starts a table whose columns begin at the left margin.
func (f *form) table(tt tableType, cols []column, heads []head) *table {
	t := &table{f: f, tt: tt, cols: cols, heads: heads}
	x := f.pg.left
	for _, c := range cols {
		t.x = append(t.x, x)
		x += c.w
	}
	rows := 0
	for _, h := range heads {
		rows = max(rows, h.row+h.rows)
	}
	t.hh = make([]float64, rows)
	for i := range t.hh {
		t.hh[i] = tt.line + 2*tt.pad
	}
	// Single-row cells set the height of their row; a cell over several rows that needs more
	// than they give stretches the last of them.
	for _, multi := range []bool{false, true} {
		for _, h := range heads {
			if (h.rows > 1) != multi {
				continue
			}
			need := float64(len(t.headLines(h)))*tt.headLine() + 2*tt.pad + 1 // room for the capitals' marks
			if have := sum(t.hh[h.row : h.row+h.rows]); need > have {
				t.hh[h.row+h.rows-1] += need - have
			}
		}
	}
	return t
}

func (t *table) headLines(h head) []string {
	t.f.font(cmp.Or(h.style, "B"), t.tt.head)
	return t.f.pdf.SplitText(h.text, t.spanWidth(h.col, h.span))
}

func (t *table) spanWidth(col, span int) float64 {
	w := 0.0
	for _, c := range t.cols[col : col+span] {
		w += c.w
	}
	return w
}

// header prints the header rows at the current line, each cell's text centred both ways.
func (t *table) header() {
	pdf := t.f.pdf
	y0 := pdf.GetY()
	for _, h := range t.heads {
		x, w := t.x[h.col], t.spanWidth(h.col, h.span)
		y, ht := y0+sum(t.hh[:h.row]), sum(t.hh[h.row:h.row+h.rows])
		pdf.Rect(x, y, w, ht, "D")
		lines := t.headLines(h)
		lh := t.tt.headLine()
		t.f.printLines(x, y+(ht-float64(len(lines))*lh)/2, w, lh, "C", lines)
	}
	pdf.SetXY(t.f.pg.left, y0+sum(t.hh))
}

// place makes room for a row h high: under the header at the start of the table (on a new
// page when the header and the row do not fit on this one), and on a new page, under the
// header again, when the row does not fit.
func (t *table) place(h float64) {
	switch {
	case !t.open:
		t.f.keep(sum(t.hh) + h)
	case t.f.room() < h:
		t.f.pdf.AddPage()
	default:
		return
	}
	t.header()
	t.open = true
}

// cellSize is the type size of the body of column i.
func (t *table) cellSize(i int) float64 { return cmp.Or(t.cols[i].size, t.tt.body) }

// wrap splits text into the lines it takes in column i ("\n" breaks a line).
func (t *table) wrap(i int, style, text string) []string {
	t.f.font(style, t.cellSize(i))
	lines := t.f.pdf.SplitText(text, t.cols[i].w)
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines
}

// row prints one row of plain texts, one for each column, each wrapped in its column and
// aligned at the top.
func (t *table) row(cells ...string) {
	lines := make([][]string, len(t.cols))
	n := 1
	for i := range t.cols {
		lines[i] = t.wrap(i, "", cells[i])
		n = max(n, len(lines[i]))
	}
	t.rowFunc(float64(n)*t.tt.line+2*t.tt.pad, func(y float64) {
		for i, c := range t.cols {
			t.f.font("", t.cellSize(i))
			t.f.printLines(t.x[i], y+t.tt.pad, c.w, t.tt.line, c.align, lines[i])
		}
	})
}

// rowFunc prints a row h high: its cells' borders, and what draw prints in them given the
// row's top.
func (t *table) rowFunc(h float64, draw func(y float64)) {
	t.place(h)
	pdf := t.f.pdf
	y := pdf.GetY()
	for i, c := range t.cols {
		pdf.Rect(t.x[i], y, c.w, h, "D")
	}
	draw(y)
	pdf.SetXY(t.f.pg.left, y+h)
}

// printLines prints lines one under the other from (x, y), each in a cell w wide, in the
// current font.
func (f *form) printLines(x, y, w, lh float64, align string, lines []string) {
	for i, l := range lines {
		f.pdf.SetXY(x, y+float64(i)*lh)
		f.pdf.CellFormat(w, lh, l, "", 0, align, false, 0, "")
	}
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// qrPNG encodes url as a QR code (error correction M, 8 pixels a module, quiet zone kept).
func qrPNG(url string) ([]byte, error) {
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("paperwork: QR code: %w", err)
	}
	return q.PNG(-8)
}

// finish numbers the pages of a form that runs over one page ("Mã hồ sơ … – Trang 1/2" in
// the bottom margin, the footer before the page number) and returns the PDF.
func (f *form) finish() ([]byte, error) {
	pdf := f.pdf
	if n := pdf.PageCount(); n > 1 {
		pdf.SetAutoPageBreak(false, 0)
		_, h := pdf.GetPageSize()
		for i := 1; i <= n; i++ {
			pdf.SetPage(i)
			f.font("", 6.5)
			pdf.SetTextColor(80, 80, 80)
			pdf.SetXY(f.pg.left, h-f.pg.bottom+3)
			label := fmt.Sprintf("Trang %d/%d", i, n)
			if f.footer != "" {
				label = f.footer + " – " + label
			}
			pdf.CellFormat(f.width(), lineSmall, label, "", 0, "C", false, 0, "")
		}
		pdf.SetTextColor(0, 0, 0)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("paperwork: %w", err)
	}
	return buf.Bytes(), nil
}

// check collects everything wrong with a form's content, field by field, so that one error
// names every offending field (an apperr Unprocessable error with the fields' paths).
type check struct{ fe apperr.Fields }

// fieldNames name the fields of the forms in the messages, in Vietnamese and English, keyed
// by the last segment of a field's path.
var fieldNames = map[string][2]string{
	"code":           {"mã hồ sơ", "the dossier code"},
	"agency":         {"tên cơ quan, đơn vị", "the agency"},
	"procedure":      {"tên thủ tục hành chính", "the procedure name"},
	"applicant_name": {"họ tên người nộp hồ sơ (tên tổ chức)", "the applicant's name"},
	"received_at":    {"thời gian nhận hồ sơ", "the time the dossier was received"},
	"due_at":         {"thời gian hẹn trả kết quả", "the time the result is due"},
	"new_due_at":     {"thời gian hẹn lại trả kết quả", "the new time the result is due"},
	"requested_at":   {"ngày lập phiếu yêu cầu", "the date of the request"},
	"at":             {"ngày lập phiếu", "the date of the form"},
	"items":          {"nội dung cần bổ sung, hoàn thiện", "what is to be supplemented or completed"},
	"reason":         {"lý do", "the reason"},
	"reasons":        {"lý do từ chối", "the reasons for the refusal"},
	"title":          {"chức danh người ký", "the signer's title"},
	"steps":          {"bước giao, nhận hồ sơ", "a handover step"},
	"from":           {"cơ quan, người giao hồ sơ", "who hands the dossier over"},
	"to":             {"cơ quan, người nhận hồ sơ", "who receives the dossier"},
	"name":           {"tên giấy tờ", "the paper's name"},
}

// fieldName is how the messages call the field at path.
func fieldName(path string) [2]string {
	key := path[strings.LastIndexByte(path, '.')+1:]
	if i := strings.IndexByte(key, '['); i >= 0 {
		key = key[:i]
	}
	if n, ok := fieldNames[key]; ok {
		return n
	}
	return [2]string{path, path}
}

func (c *check) add(path, vi, en string) { c.fe.Add(path, vi, en) }

// missing records that the field at path is required.
func (c *check) missing(path string) {
	n := fieldName(path)
	c.add(path, "Cần "+n[0]+".", upperFirst(n[1])+" is required.")
}

// text requires a text.
func (c *check) text(path, value string) {
	if value == "" {
		c.missing(path)
	}
}

// dossier requires the agency, the procedure and the applicant's name, which every slip
// names.
func (c *check) dossier(agency, procedure, applicant string) {
	c.text("agency", agency)
	c.text("procedure", procedure)
	c.text("applicant_name", applicant)
}

// time requires a time.
func (c *check) time(path string, t time.Time) {
	if t.IsZero() {
		c.missing(path)
	}
}

// notBefore records that the field at path, t, may not be before ref (the field at refPath),
// when both are set.
func (c *check) notBefore(path string, t time.Time, refPath string, ref time.Time) {
	if t.IsZero() || ref.IsZero() || !t.Before(ref) {
		return
	}
	n, r := fieldName(path), fieldName(refPath)
	c.add(path, upperFirst(n[0])+" không được trước "+r[0]+".", upperFirst(n[1])+" cannot be before "+r[1]+".")
}

// upperFirst is s with its first letter in capitals.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// list requires at least one item and no blank one (items[2]).
func (c *check) list(path string, items []string) {
	if len(items) == 0 {
		c.missing(path)
	}
	for i, it := range items {
		c.text(fmt.Sprintf("%s[%d]", path, i), it)
	}
}

// err returns the error naming every field recorded, or nil.
func (c *check) err(code, vi, en string) error { return c.fe.Err(code, vi, en) }

// The results a handover step or a dossier may have (Circular 01/2018/TT-VPCP Mẫu 05 and
// 06), as the forms print them.
const (
	Early  = "Trước hạn"
	OnTime = "Đúng hạn"
	Late   = "Quá hạn"
)

// canonicalResult is result as the forms print it when it is one of Early, OnTime and Late in
// another case ("đúng hạn"), else result unchanged.
func canonicalResult(result string) string {
	for _, r := range []string{Early, OnTime, Late} {
		if strings.EqualFold(result, r) {
			return r
		}
	}
	return result
}

// result requires Early, OnTime, Late or nothing.
func (c *check) result(path, value string) {
	if value != "" && value != Early && value != OnTime && value != Late {
		c.add(path, `Kết quả phải là "Trước hạn", "Đúng hạn", "Quá hạn" hoặc để trống.`,
			`The result must be "Trước hạn", "Đúng hạn", "Quá hạn" or empty.`)
	}
}

// cleanAll cleans every string that ps point to (see clean).
func cleanAll(ps ...*string) {
	for _, p := range ps {
		*p = clean(*p)
	}
}

// cleanList returns a cleaned copy of ss (see clean), leaving the caller's slice alone.
func cleanList(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = clean(s)
	}
	return out
}

// clean makes s safe and canonical to print: NFC, control characters and runs of white space
// made one space, trimmed, and characters outside the Basic Multilingual Plane (which fpdf's
// Unicode fonts cannot index, and DejaVu Sans does not draw) replaced by U+FFFD.
func clean(s string) string {
	s = vntext.NFC(strings.ToValidUTF8(s, "\uFFFD"))
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || unicode.IsControl(r):
			space = true
			continue
		case r > 0xFFFF:
			r = '\uFFFD'
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// longDate is "ngày 26 tháng 11 năm 2026" in Vietnam's zone. Decree 30/2020/NĐ-CP Annex I: a
// day below 10 and the months 1 and 2 are written with a leading zero.
func longDate(t time.Time) string {
	t = t.In(vietnam)
	month := fmt.Sprint(int(t.Month()))
	if t.Month() <= time.February {
		month = "0" + month
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), month, t.Year())
}

// clock is "09 giờ 05 phút, ngày 26/11/2026" in Vietnam's zone, the form the slips of
// Circular 01/2018/TT-VPCP use for the times of receipt and return.
func clock(t time.Time) string {
	t = t.In(vietnam)
	return fmt.Sprintf("%02d giờ %02d phút, ngày %s", t.Hour(), t.Minute(), t.Format("02/01/2006"))
}

// shortDate is "26/11/2026" in Vietnam's zone.
func shortDate(t time.Time) string { return t.In(vietnam).Format("02/01/2006") }

// stamp is "26/11/2026 09:05" in Vietnam's zone, the form of the times in the register's cells
// (on two lines there: sep is "\n").
func stamp(t time.Time, sep string) string {
	if t.IsZero() {
		return ""
	}
	return t.In(vietnam).Format("02/01/2006" + sep + "15:04")
}

// count is a number of copies or sets as the forms write it: two digits at least ("01").
func count(n int) string { return fmt.Sprintf("%02d", n) }

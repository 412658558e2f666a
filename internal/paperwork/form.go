package paperwork

import (
	"bytes"
	"cmp"
	_ "embed"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh on hosts without a zoneinfo database

	"codeberg.org/go-pdf/fpdf"

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
	pages  string // the page number's format, "Trang %d/%d" when empty
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
			label := fmt.Sprintf(cmp.Or(f.pages, "Trang %d/%d"), i, n)
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

package paperwork

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh on hosts without a zoneinfo database
	"unicode"

	"github.com/go-pdf/fpdf"
	"github.com/skip2/go-qrcode"

	"github.com/motcua/motcua/internal/vntext"
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
var vietnam = loadVietnam()

func loadVietnam() *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil { // not reached: time/tzdata is linked in
		return time.FixedZone("ICT", 7*60*60)
	}
	return loc
}

// page is a paper size with its margins in millimetres.
type page struct {
	size, orientation        string // fpdf names: "A5", "P"
	left, top, right, bottom float64
}

// a5 is the slip format of Mẫu 01–05 (Circular 01/2018/TT-VPCP; egov.md §2).
var a5 = page{size: "A5", orientation: "P", left: 15, top: 12, right: 10, bottom: 12}

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
	pdf  *fpdf.Fpdf
	pg   page
	code string // dossier code, repeated in the page footer when the form runs over one page
}

// newForm starts a document on paper p. created is written as the creation and modification
// date so that the same input always gives the same bytes.
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
	pdf.SetTitle(title+" "+code, true)
	pdf.SetSubject(code, true)
	pdf.SetCreator("motcua", true)
	pdf.SetLang("vi-VN")
	pdf.AddPage()
	return &form{pdf: pdf, pg: p, code: code}
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
	Parent string   // cơ quan chủ quản; may be empty
	Agency []string // the issuing agency, then the unit within it
	Number string   // printed after "Số: "; dots to fill in by hand when empty
	Place  string   // dots when empty
	Date   time.Time
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

	// Left: parent and issuing agency.
	pdf.SetXY(x0, y0)
	if h.Parent != "" {
		p := strings.ToUpper(h.Parent)
		f.font("", max(minHead, f.fit(p, "", sizeHead, wl)))
		pdf.MultiCell(wl, lineHead, p, "", "C", false)
	}
	// The agency's lines share one size, shrunk to fit the longest (a line still too long at
	// minHead wraps).
	size := sizeHead
	for _, a := range h.Agency {
		size = min(size, f.fit(strings.ToUpper(a), "B", sizeHead, wl))
	}
	f.font("B", max(minHead, size))
	last := ""
	for _, a := range h.Agency {
		last = strings.ToUpper(a)
		pdf.SetX(x0)
		pdf.MultiCell(wl, lineHead, last, "", "C", false)
	}
	rule := min(pdf.GetStringWidth(last), wl) * 0.4
	yl := pdf.GetY() + 0.6
	pdf.SetLineWidth(0.2)
	pdf.Line(x0+(wl-rule)/2, yl, x0+(wl+rule)/2, yl)

	// Right: the national motto, each line shrunk to fit the column.
	pdf.SetXY(xr, y0)
	f.font("B", f.fit(motto1, "B", sizeHead, wr))
	pdf.CellFormat(wr, lineHead, motto1, "", 2, "C", false, 0, "")
	f.font("B", f.fit(motto2, "B", sizeHead+0.5, wr))
	pdf.SetX(xr)
	pdf.CellFormat(wr, lineHead, motto2, "", 2, "C", false, 0, "")
	rule = pdf.GetStringWidth(motto2)
	yr := pdf.GetY() + 0.6
	pdf.Line(xr+(wr-rule)/2, yr, xr+(wr+rule)/2, yr)

	// Below: number and date line.
	y := max(yl, yr) + 2
	number := h.Number
	if number == "" {
		number = dots
	}
	f.font("", sizeHead)
	pdf.SetXY(x0, y)
	pdf.CellFormat(wl, lineHead, "Số: "+number, "", 0, "C", false, 0, "")
	place := h.Place
	if place == "" {
		place = dots
	}
	f.font("I", sizeHead)
	pdf.SetXY(xr, y)
	pdf.MultiCell(wr, lineHead, place+", "+longDate(h.Date), "", "C", false)
	pdf.SetX(x0)
}

// title prints the form's name in bold capitals, centred, and optional lines under it.
func (f *form) title(name string, under ...func()) {
	f.pdf.Ln(5)
	f.font("B", sizeTitle)
	f.pdf.MultiCell(0, 5.5, name, "", "C", false)
	for _, u := range under {
		u()
	}
	f.pdf.Ln(2.5)
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

// signer is one signature column: a title in bold capitals, a hint in italics, room to sign
// and the signer's name.
type signer struct {
	Title, Hint, Name string
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
	for i, s := range ss {
		titleSize = min(titleSize, f.fit(s.Title, "B", sizeBody, cols[i].w))
		f.font("B", sizeBody)
		nameLines = max(nameLines, f.lines(s.Name, cols[i].w))
	}
	signH := lineBody + lineHead + signSpace + float64(nameLines)*lineBody
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

// qrPNG encodes url as a QR code (error correction M, 8 pixels a module, quiet zone kept).
func qrPNG(url string) ([]byte, error) {
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("paperwork: QR code: %w", err)
	}
	return q.PNG(-8)
}

// finish numbers the pages of a form that runs over one page ("Mã hồ sơ … – Trang 1/2" in
// the bottom margin) and returns the PDF.
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
			if f.code != "" {
				label = "Mã hồ sơ " + f.code + " – " + label
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

// count is a number of copies or sets as the forms write it: two digits at least ("01").
func count(n int) string { return fmt.Sprintf("%02d", n) }

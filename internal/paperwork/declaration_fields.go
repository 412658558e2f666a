package paperwork

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/motcua/motcua/internal/formschema"
)

// The room a declaration leaves to write in, by a field's type.
const (
	boxW       = 4.6  // a box for one character or digit, in millimetres
	boxH       = 5.4  // its height
	tickBox    = 3.4  // a check box
	minLine    = 30.0 // a dotted line shorter than this goes to the next line
	numberLine = 45.0 // the dotted line of a number
	maxBoxes   = 20   // a pattern of more characters gets a dotted line
	listRows   = 3    // blank rows of a list when the schema asks for no more or fewer
	maxRows    = 6
)

// fields prints a list of fields; those of the form itself (depth 0) are numbered.
func (p *decl) fields(fs []*formschema.Field, depth int) {
	for i, f := range fs {
		num := ""
		if depth == 0 {
			num = strconv.Itoa(i+1) + ". "
		}
		if f.Kind == formschema.KindObject {
			p.group(f, num, depth)
			continue
		}
		p.field(f, num)
	}
}

// group prints an object as a section: its title in bold, its instructions, then its fields
// indented under it.
func (p *decl) group(f *formschema.Field, num string, depth int) {
	pdf := p.pdf
	p.keep(3 * declLine)
	pdf.Ln(1)
	pdf.SetX(p.left())
	p.font("B", declBody)
	pdf.Write(declLine, num+p.label(f))
	pdf.Ln(declLine)
	p.hint(f)
	left := p.left()
	pdf.SetLeftMargin(left + declIndent)
	p.fields(f.Fields, depth+1)
	pdf.SetLeftMargin(left)
	pdf.SetX(left)
}

// label is the field's label with "(*)" when it is required.
func (p *decl) label(f *formschema.Field) string {
	s := clean(fieldLabel(f, p.l))
	if f.Required {
		s += " (*)"
	}
	return s
}

// hint prints the field's instructions, if any, in small italics.
func (p *decl) hint(f *formschema.Field) {
	if h := clean(fieldHint(f, p.l)); h != "" {
		p.write(declSmall, declSmallLine, "L", span{"I", h})
	}
}

// field prints one field: its label, the room to write its value in, and its instructions.
func (p *decl) field(f *formschema.Field, num string) {
	pdf := p.pdf
	p.keep(2 * declLine)
	pdf.SetX(p.left())
	p.font("", declBody)
	pdf.Write(declLine, num+p.label(f))
	switch {
	case f.Kind == formschema.KindChoice:
		p.choices(f, f.Choices, "decl.choose_one")
	case f.Kind == formschema.KindMultiChoice:
		p.choices(f, f.Items.Choices, "decl.choose_many")
	case f.Kind == formschema.KindBoolean:
		pdf.Write(declLine, ":")
		p.tickLine(p.t("decl.yes"), p.t("decl.no"))
		p.hint(f)
	case f.Kind == formschema.KindList || f.Kind == formschema.KindUnsupported && f.Items != nil:
		p.rows(f)
	case f.Format == "date":
		pdf.Write(declLine, ": ")
		p.date()
		p.hint(f)
	case boxes(f.Pattern) > 0:
		pdf.Write(declLine, ": ")
		p.boxes(boxes(f.Pattern))
		p.hint(f)
	case f.Kind == formschema.KindInteger || f.Kind == formschema.KindNumber:
		pdf.Write(declLine, ": ")
		p.dotted(numberLine)
		p.hint(f)
	default:
		pdf.Write(declLine, ": ")
		p.dotted(0)
		p.hint(f)
		for range textLines(f) - 1 {
			pdf.SetX(p.left())
			p.dotted(0)
		}
	}
}

// textLines is the number of lines left for a text: more as it may be longer.
func textLines(f *formschema.Field) int {
	switch {
	case f.Kind == formschema.KindUnsupported:
		return 2
	case f.MaxLength == nil || *f.MaxLength <= 100:
		return 1
	case *f.MaxLength <= 255:
		return 2
	default:
		return 3
	}
}

// room makes sure w millimetres are left on the current line, else moves to the next; it
// returns the X to draw from.
func (p *decl) room(w float64) float64 {
	x := p.pdf.GetX() + 1
	if x+w > p.right() {
		p.pdf.Ln(declLine)
		x = p.left()
	}
	return x
}

// dotted draws a dotted line w long (to the right margin when w is 0, or when the margin is
// nearer) on the current line, to write on, and moves to the next line.
func (p *decl) dotted(w float64) {
	pdf := p.pdf
	x := p.room(max(w, minLine))
	end := p.right()
	if w > 0 {
		end = min(end, x+w)
	}
	y := pdf.GetY() + declLine - 1.2
	pdf.SetLineWidth(0.2)
	pdf.SetDashPattern([]float64{0.3, 0.9}, 0)
	pdf.Line(x+0.5, y, end, y)
	pdf.SetDashPattern(nil, 0)
	pdf.Ln(declLine)
}

// box draws a box w by h millimetres at x, centred on the height of the current line.
func (p *decl) box(x, w, h float64) {
	p.pdf.SetLineWidth(0.2)
	p.pdf.Rect(x, p.pdf.GetY()+(declLine-h)/2, w, h, "D")
}

// boxes draws n character boxes side by side and moves to the next line.
func (p *decl) boxes(n int) {
	x := p.room(float64(n)*boxW + 1)
	for i := range n {
		p.box(x+0.5+float64(i)*boxW, boxW, boxH)
	}
	p.pdf.Ln(declLine)
}

// date draws boxes for a date, dd/mm/yyyy, with the order named after them, and moves to the
// next line.
func (p *decl) date() {
	pdf := p.pdf
	hint := p.t("decl.date_hint")
	p.font("I", declSmall)
	x := p.room(10*boxW + 2 + pdf.GetStringWidth(hint) + 4)
	for _, n := range []int{2, 2, 4} {
		for i := range n {
			p.box(x+float64(i)*boxW, boxW, boxH)
		}
		x += float64(n) * boxW
		if n == 2 {
			pdf.SetXY(x, pdf.GetY())
			p.font("", declBody)
			pdf.CellFormat(boxW, declLine, "/", "", 0, "C", false, 0, "")
			x += boxW
		}
	}
	pdf.SetXY(x+2, pdf.GetY())
	p.font("I", declSmall)
	pdf.CellFormat(0, declLine, hint, "", 1, "L", false, 0, "")
}

// choices prints a field's choices as check boxes after the label and the way to tick them
// (how): on the label's line when they all fit there, else flowing from the next line; then
// the field's instructions.
func (p *decl) choices(f *formschema.Field, cs []formschema.Choice, how string) {
	pdf := p.pdf
	p.font("I", declSmall)
	pdf.Write(declLine, " "+p.t(how))
	labels := make([]string, len(cs))
	for i, c := range cs {
		labels[i] = clean(choiceLabel(c, p.l))
	}
	p.tickLine(labels...)
	p.hint(f)
}

// tickLine prints labels' check boxes on the current line when they all fit there, else
// flowing from the next line.
func (p *decl) tickLine(labels ...string) {
	if x := p.pdf.GetX() + tickAfter; x+p.ticksWidth(labels) <= p.right() {
		p.pdf.SetX(x)
		p.ticks(false, labels...)
		return
	}
	p.pdf.Ln(declLine)
	p.ticks(true, labels...)
}

// Spacing of check boxes: between a box and its label, and after the label.
const tickGap, tickAfter = 1.5, 7.0

// tickWidth is the width of a check box with its label.
func (p *decl) tickWidth(label string) float64 {
	p.font("", declBody)
	return tickBox + tickGap + p.pdf.GetStringWidth(label) + 2*p.pdf.GetCellMargin()
}

// ticksWidth is the width of labels' check boxes side by side on one line.
func (p *decl) ticksWidth(labels []string) float64 {
	w := 0.0
	for _, l := range labels {
		w += p.tickWidth(l) + tickAfter
	}
	return w - tickAfter
}

// ticks prints a check box before each label, side by side, flowing onto further lines; from
// the current X, or the left margin when newLine. It ends on the next line.
func (p *decl) ticks(newLine bool, labels ...string) {
	pdf := p.pdf
	start := p.left() + 2
	x, open := pdf.GetX(), true
	if newLine {
		x = start
	}
	for _, l := range labels {
		w := p.tickWidth(l)
		if x+w > p.right() && x > start {
			pdf.Ln(declLine)
			x = start
		}
		p.box(x, tickBox, tickBox)
		tx := x + tickBox + tickGap
		pdf.SetXY(tx, pdf.GetY())
		if x+w > p.right() { // longer than a line: it wraps under itself
			left := p.left()
			pdf.SetLeftMargin(tx)
			pdf.MultiCell(p.right()-tx, declLine, l, "", "L", false)
			pdf.SetLeftMargin(left)
			x, open = start, false
			continue
		}
		pdf.CellFormat(w-tickBox-tickGap, declLine, l, "", 0, "L", false, 0, "")
		x, open = x+w+tickAfter, true
	}
	if open {
		pdf.Ln(declLine)
	}
	pdf.SetX(p.left())
}

// rows prints a list as numbered blank rows: as many as the schema asks for at least, three
// when it does not say, never more than it allows nor more than six.
func (p *decl) rows(f *formschema.Field) {
	pdf := p.pdf
	p.font("I", declSmall)
	pdf.Write(declLine, " "+p.t("decl.rows"))
	pdf.Ln(declLine)
	p.hint(f)
	n := listRows
	if f.MinItems != nil {
		n = max(n, *f.MinItems)
	}
	if f.MaxItems != nil {
		n = min(n, *f.MaxItems)
	}
	n = max(1, min(n, maxRows))
	for i := range n {
		pdf.SetX(p.left() + 2)
		p.font("", declBody)
		pdf.Write(declLine, fmt.Sprintf("%d. ", i+1))
		p.dotted(0)
	}
}

// boxPattern is a pattern of single characters, such as ^[0-9]{12}$ or ^0[0-9]{9}$: one box
// each.
var (
	boxPattern = regexp.MustCompile(`^\^((?:(?:\[[0-9A-Za-z-]+\]|[0-9A-Za-z])(?:\{[0-9]+\})?)+)\$$`)
	boxToken   = regexp.MustCompile(`(?:\[[0-9A-Za-z-]+\]|[0-9A-Za-z])(?:\{([0-9]+)\})?`)
)

// boxes is the number of characters a pattern of single characters fixes, or 0 for any other
// pattern (or one too long for boxes).
func boxes(pattern string) int {
	m := boxPattern.FindStringSubmatch(pattern)
	if m == nil {
		return 0
	}
	n := 0
	for _, t := range boxToken.FindAllStringSubmatch(m[1], -1) {
		k := 1
		if t[1] != "" {
			k, _ = strconv.Atoi(t[1])
		}
		n += k
	}
	if n > maxBoxes {
		return 0
	}
	return n
}

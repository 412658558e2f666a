package paperwork

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/formschema"
	"github.com/motcua/motcua/internal/i18n"
)

// Declaration is a procedure's declaration (tờ khai, đơn) left blank, for those who apply on
// paper: its application form laid out from the form's JSON Schema, field by field.
type Declaration struct {
	Schema    json.RawMessage // the procedure's form, read with formschema.Parse
	Procedure string          // the procedure's name
	Code      string          // its national code, e.g. "1.001193"
	Agency    string          // the implementing agency, to which the declaration is addressed
	// Templates names the official forms the declaration stands for (the components'
	// template names), printed in a note at the foot.
	Templates []string
	// Lang is the reader's language. The declaration is in English only when the form carries
	// English texts for its title and every field (see formEnglish); else it is Vietnamese.
	Lang i18n.Lang
	// Date is the procedure version's date, written as the PDF's creation date so that the same
	// version always gives the same bytes.
	Date time.Time
}

// A4 portrait, as administrative forms are printed (Decree 30/2020/NĐ-CP Annex I: left margin
// 30–35 mm is for documents that are bound; 20 mm leaves room to write).
var a4 = page{size: "A4", orientation: "P", left: 20, top: 15, right: 15, bottom: 15}

// Type sizes in points and line heights in millimetres of a declaration: a line is tall
// enough to write on by hand.
const (
	declBody      = 10.0
	declLine      = 7.0
	declSmall     = 8.5
	declSmallLine = 4.2
	declIndent    = 6.0 // of a group's fields under its heading
)

// DeclarationPDF lays out d's form as a blank declaration on A4 portrait: the national motto,
// the form's title, to whom it is addressed and for which procedure, the form's instructions,
// then each field with its label, its instructions and room to write sized by its type (a
// dotted line, digit boxes, date boxes, check boxes for choices, numbered rows for lists,
// groups as headed sections), the pledge and the signature block. A missing name or code,
// or a form formschema cannot read, is an apperr Unprocessable error naming the field
// (procedure, procedure_code, form).
func DeclarationPDF(d Declaration) ([]byte, error) {
	cleanAll(&d.Procedure, &d.Code, &d.Agency)
	var c check
	c.text("procedure", d.Procedure)
	c.text("procedure_code", d.Code)
	fm, err := formschema.Parse(d.Schema)
	if err != nil {
		c.add("form", msgs.Text("form_unreadable"))
	}
	if err := c.err("declaration_invalid", msgs.Text("declaration_invalid")); err != nil {
		return nil, err
	}

	l := i18n.VI
	if d.Lang == i18n.EN && formEnglish(fm) {
		l = i18n.EN
	}
	title := clean(formTitle(fm, l))
	if title == "" {
		title = d.Procedure
	}
	p := &decl{l: l}
	p.form = newForm(a4, d.Date.In(vietnam), title, "")
	p.pdf.SetLang(map[i18n.Lang]string{i18n.VI: "vi-VN", i18n.EN: "en"}[l])
	p.pdf.SetSubject(d.Procedure+" ("+d.Code+")", true)
	p.footer, p.pages = p.t("decl.footer", d.Code), p.t("decl.page")

	p.motto()
	p.title(strings.ToUpper(title))
	p.write(declBody, declLine, "C", span{"", p.t("decl.to")}, span{"B", orDots(d.Agency)})
	p.write(declBody, declLine-1, "L", span{"", p.t("decl.procedure")}, span{"B", d.Procedure})
	p.write(declBody, declLine-1, "L", span{"", p.t("decl.code")}, span{"B", d.Code})
	if desc := clean(formHint(fm, l)); desc != "" {
		p.write(declSmall, declSmallLine, "L", span{"I", desc})
	}
	p.write(declSmall, declSmallLine, "L", span{"I", p.t("decl.required_note")})
	p.pdf.Ln(2)

	p.fields(fm.Fields, 0)
	p.signature(p.note(d.Code, d.Templates))
	return p.finish()
}

// decl is a declaration being laid out in its language.
type decl struct {
	*form
	l i18n.Lang
}

func (p *decl) t(key string, args ...any) string { return msgs.T(p.l, key, args...) }

// left is the current left margin: the page's, or a group's indent.
func (p *decl) left() float64 {
	l, _, _, _ := p.pdf.GetMargins()
	return l
}

// right is the X of the right margin.
func (p *decl) right() float64 {
	w, _ := p.pdf.GetPageSize()
	return w - p.pg.right
}

// motto prints the national motto centred, its second line over a rule as long as itself.
func (p *decl) motto() {
	p.centred(declBody, 5, span{"B", p.t("decl.motto1")})
	m2 := p.t("decl.motto2")
	p.centred(declBody+0.5, 5, span{"B", m2})
	p.font("B", declBody+0.5)
	w := p.pdf.GetStringWidth(m2)
	x := p.pg.left + (p.width()-w)/2
	y := p.pdf.GetY() + 0.5
	p.pdf.SetLineWidth(0.2)
	p.pdf.Line(x, y, x+w, y)
	p.pdf.Ln(3)
}

// write writes spans as one paragraph from the current left margin, aligned "L" or "C". A
// centred paragraph too long for one line is centred line by line in its last span's style.
func (p *decl) write(size, lh float64, align string, spans ...span) {
	pdf := p.pdf
	if align == "C" {
		w := 0.0
		var b strings.Builder
		for _, s := range spans {
			p.font(s.style, size)
			w += pdf.GetStringWidth(s.text)
			b.WriteString(s.text)
		}
		if w+2*pdf.GetCellMargin() <= p.width() {
			p.centred(size, lh, spans...)
			return
		}
		p.font(spans[len(spans)-1].style, size)
		pdf.SetX(p.left())
		pdf.MultiCell(0, lh, b.String(), "", "C", false)
		return
	}
	pdf.SetX(p.left())
	for _, s := range spans {
		p.font(s.style, size)
		pdf.Write(lh, s.text)
	}
	pdf.Ln(lh)
}

// signature ends the form: the pledge, then the place and date to fill in and the
// applicant's signature column, in the right half as under Decree 30/2020, and under them the
// note in small type, all on one page.
func (p *decl) signature(note string) {
	pdf := p.pdf
	pdf.Ln(2)
	p.write(declBody, declLine-1.5, "L", span{"", p.t("decl.pledge")})
	p.font("I", sizeSmall)
	noteH := 4 + float64(p.lines(note, p.width()))*lineSmall
	p.keep(declLine + 3 + lineBody + lineHead + signSpace + lineBody + noteH)
	half := p.width() / 2
	pdf.SetX(p.pg.left + half)
	p.font("I", declBody)
	pdf.CellFormat(half, declLine, p.t("decl.date_line"), "", 1, "C", false, 0, "")
	// An empty first column puts the signer in the right half; signOff fails only on a QR
	// code, and there is none.
	_ = p.signOff("", "", signer{}, signer{Title: p.t("decl.signer"), Hint: p.t("decl.sign_hint")})
	pdf.Ln(4)
	p.write(sizeSmall, lineSmall, "L", span{"I", note})
}

// note is what the foot says: that the form is generated, and which official templates it
// stands for.
func (p *decl) note(code string, templates []string) string {
	text := p.t("decl.generated", code)
	var names []string
	for _, t := range templates {
		if t = clean(t); t != "" && !slices.Contains(names, t) {
			names = append(names, t)
		}
	}
	if len(names) > 0 {
		text += " " + p.t("decl.official", strings.Join(names, "; "))
	}
	return text
}

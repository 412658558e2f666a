package gen

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/formschema"
)

// A form template is a procedure's sample application (demo.SampleForm, required fields only)
// as JSON text with slots where the applicant's own name, ID number, phone, address and dates
// go, so each dossier gets a valid, personal form for the price of a string concatenation.
type formTemplate struct {
	parts []formPart
}

type slotKind int

const (
	slotNone slotKind = iota
	slotName
	slotFamily
	slotGiven
	slotID
	slotPhone
	slotAddress
	slotBirth
	slotDate
	slotSex
)

type formPart struct {
	text     string   // literal JSON text, or the sample value of a slot
	slot     slotKind // slotNone for literal text
	min, max int      // the schema's length bounds of a slot (runes); 0 = none
	enum     []string // the values the schema allows, if it lists them
}

// formValues are what a dossier fills into its template.
type formValues struct {
	name, family, given, id, phone, address, birth, date, sex string
}

// slotMarker tags a slot in the sample before it is marshalled; it cannot occur in real data.
const slotMarker = "\uE000slot:"

func newFormTemplate(p *catalog.Procedure) (*formTemplate, error) {
	raw, err := demo.SampleForm(p, false)
	if err != nil {
		return nil, err
	}
	var sample any
	if err := json.Unmarshal(raw, &sample); err != nil {
		return nil, err
	}
	fm, err := formschema.Parse(p.FormSchema)
	if err != nil {
		return nil, err
	}
	var slots []formPart
	sample = markSlots(sample, &formschema.Field{Type: "object", Fields: fm.Fields}, &slots)
	b, err := json.Marshal(sample)
	if err != nil {
		return nil, err
	}
	t := &formTemplate{}
	rest := string(b)
	for {
		i := strings.Index(rest, `"`+slotMarker)
		if i < 0 {
			t.parts = append(t.parts, formPart{text: rest})
			return t, nil
		}
		t.parts = append(t.parts, formPart{text: rest[:i]})
		rest = rest[i+1+len(slotMarker):]
		j := strings.IndexByte(rest, '"')
		var n int
		if _, err := fmt.Sscanf(rest[:j], "%d", &n); err != nil || n >= len(slots) {
			return nil, fmt.Errorf("gen: form template of %s: bad slot", p.Code)
		}
		t.parts = append(t.parts, slots[n])
		rest = rest[j+1:]
	}
}

// markSlots replaces the sample strings that stand for personal data with numbered markers,
// recording each slot with the sample value it replaces. f is the field v fills (nil for a
// value the schema does not describe).
func markSlots(v any, f *formschema.Field, slots *[]formPart) any {
	if f == nil {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			var sub *formschema.Field
			for _, c := range f.Fields {
				if c.Name == k {
					sub = c
					break
				}
			}
			x[k] = markSlots(val, sub, slots)
		}
		return x
	case []any:
		for i := range x {
			x[i] = markSlots(x[i], f.Items, slots)
		}
		return x
	case string:
		kind := slotFor(x, f)
		if kind == slotNone {
			return x
		}
		part := formPart{text: x, slot: kind}
		if f.MinLength != nil {
			part.min = *f.MinLength
		}
		if f.MaxLength != nil {
			part.max = *f.MaxLength
		}
		for _, c := range f.Choices {
			if s, ok := c.Value.(string); ok {
				part.enum = append(part.enum, s)
			}
		}
		*slots = append(*slots, part)
		return fmt.Sprintf("%s%d", slotMarker, len(*slots)-1)
	}
	return v
}

// slotFor is the personal datum that the sample string of field f stands for, by the field's
// name and constraints.
func slotFor(sample string, f *formschema.Field) slotKind {
	key := f.Name
	if len(f.Choices) > 0 {
		if key == "gioi_tinh" {
			return slotSex
		}
		return slotNone
	}
	if f.HasConst {
		return slotNone
	}
	switch f.Pattern {
	case "^[0-9]{12}$":
		return slotID
	case "^0[0-9]{9}$":
		return slotPhone
	case "":
	default:
		return slotNone
	}
	if f.Format == "date" {
		if strings.Contains(key, "ngay_sinh") {
			return slotBirth
		}
		return slotDate
	}
	if f.Format != "" || sample != "Nguyễn Văn An" {
		return slotNone
	}
	switch {
	case key == "ho":
		return slotFamily
	case key == "ten":
		return slotGiven
	case strings.Contains(key, "ho_ten") || key == "nguoi_dai_dien":
		return slotName
	case strings.Contains(key, "dia_chi") || strings.HasPrefix(key, "noi_"):
		return slotAddress
	}
	return slotNone
}

// fill writes the form for one dossier. A value outside its field's length bounds keeps the
// sample value, so the form always satisfies its schema.
func (t *formTemplate) fill(b *strings.Builder, v *formValues) string {
	b.Reset()
	for _, p := range t.parts {
		if p.slot == slotNone {
			b.WriteString(p.text)
			continue
		}
		s := p.text
		switch p.slot {
		case slotName:
			s = v.name
		case slotFamily:
			s = v.family
		case slotGiven:
			s = v.given
		case slotID:
			s = v.id
		case slotPhone:
			s = v.phone
		case slotAddress:
			s = v.address
		case slotBirth:
			s = v.birth
		case slotDate:
			s = v.date
		case slotSex:
			s = v.sex
		}
		if n := utf8.RuneCountInString(s); s == "" || n < p.min || (p.max > 0 && n > p.max) ||
			(len(p.enum) > 0 && !slices.Contains(p.enum, s)) {
			s = p.text
		}
		writeJSONString(b, s)
	}
	return b.String()
}

// writeJSONString writes s as a JSON string literal.
func writeJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			fmt.Fprintf(b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}

package gen

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/demo"
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
	var schema map[string]any
	if err := json.Unmarshal(p.FormSchema, &schema); err != nil {
		return nil, err
	}
	var slots []formPart
	sample = markSlots("", sample, schema, &slots)
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
// recording each slot with the sample value it replaces.
func markSlots(key string, v any, schema map[string]any, slots *[]formPart) any {
	switch x := v.(type) {
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		for k, val := range x {
			sub, _ := props[k].(map[string]any)
			x[k] = markSlots(k, val, sub, slots)
		}
		return x
	case []any:
		items, _ := schema["items"].(map[string]any)
		for i := range x {
			x[i] = markSlots(key, x[i], items, slots)
		}
		return x
	case string:
		kind := slotFor(key, x, schema)
		if kind == slotNone {
			return x
		}
		num := func(k string) int { f, _ := schema[k].(float64); return int(f) }
		part := formPart{text: x, slot: kind, min: num("minLength"), max: num("maxLength")}
		if e, ok := schema["enum"].([]any); ok {
			for _, v := range e {
				if s, ok := v.(string); ok {
					part.enum = append(part.enum, s)
				}
			}
		}
		*slots = append(*slots, part)
		return fmt.Sprintf("%s%d", slotMarker, len(*slots)-1)
	}
	return v
}

func slotFor(key, sample string, schema map[string]any) slotKind {
	if _, ok := schema["enum"]; ok {
		if key == "gioi_tinh" {
			return slotSex
		}
		return slotNone
	}
	if _, ok := schema["const"]; ok {
		return slotNone
	}
	switch schema["pattern"] {
	case "^[0-9]{12}$":
		return slotID
	case "^0[0-9]{9}$":
		return slotPhone
	case nil:
	default:
		return slotNone
	}
	if schema["format"] == "date" {
		if strings.Contains(key, "ngay_sinh") {
			return slotBirth
		}
		return slotDate
	}
	if schema["format"] != nil || sample != "Nguyễn Văn An" {
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

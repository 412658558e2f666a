package web

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/motcua/motcua/internal/formschema"
	"github.com/motcua/motcua/internal/i18n"
)

// A procedure's application form is a JSON Schema (draft 2020-12). The portal renders it as an
// HTML form on the server, reads the posted form back into JSON following the schema's types,
// and leaves validation to catalog.ValidateForm, a real JSON Schema validator: the HTML
// attributes (maxlength, pattern) are hints, never the check.
//
// Inputs are named by the dotted path of their property ("nguoi_yeu_cau.ho_ten") and their ids
// derive from it ("f-nguoi_yeu_cau-ho_ten"), so a validation error at "form.nguoi_yeu_cau.ho_ten"
// links to its input. Optional fields are marked "(không bắt buộc)", as the GOV.UK Design
// System does; required ones carry no mark.

// Field kinds, each rendered by its own branch of the form_field template.
const (
	KindText       = "text"       // string: <input type=text>
	KindTextarea   = "textarea"   // a long string (maxLength over 255)
	KindDate       = "date"       // string, format date
	KindEmail      = "email"      // string, format email
	KindInteger    = "integer"    // <input type=text inputmode=numeric>, parsed on the server
	KindNumber     = "number"     // <input type=text inputmode=decimal>, parsed on the server
	KindRadios     = "radios"     // an enum of at most 4 options
	KindSelect     = "select"     // an enum of more
	KindCheckbox   = "checkbox"   // boolean
	KindCheckboxes = "checkboxes" // an array of enum strings
	KindLines      = "lines"      // an array of strings: one per line of a textarea
	KindGroup      = "group"      // a nested object: <fieldset>
	KindAny        = "unsupported"
)

// maxRadios is the most options shown as radios; more become a select.
const maxRadios = 4

// SchemaNode is one property of a form schema, with $ref resolved.
type SchemaNode struct {
	Name, Path, ID     string // property name, dotted path, HTML id
	Kind               string
	Title, Description string // as the schema writes them, in Vietnamese
	// TitleEn and DescriptionEn are their English ("x-en"), "" when the schema has none.
	TitleEn, DescriptionEn string
	Type, Format           string
	Pattern                string
	MaxLength              int
	Required               bool
	HasConst               bool
	Default                string // a string default, pre-filled on a new form
	Enum                   []any
	// Labels are the choices' labels by the index of Enum: in Vietnamese the title or else
	// the value, in English the title of "x-en" or "" (the values stay Vietnamese: they are
	// the answers).
	Labels [i18n.NumLangs][]string
	Item   *SchemaNode   // an array's items
	Props  []*SchemaNode // an object's properties, in the schema's order
	// Autocomplete is the input's purpose when it asks for the applicant's own name, phone or
	// e-mail (WCAG 1.3.5), so browsers can fill it in; other inputs turn autofill off.
	Autocomplete string
	// UI marks a field of the portal's own (the counter's applicant), whose title and options
	// are interface text in the page's language rather than the procedure's Vietnamese.
	UI bool
}

// FormSchema is a procedure's application form, ready to render and to parse.
type FormSchema struct {
	Title, Description     string
	TitleEn, DescriptionEn string
	Fields                 []*SchemaNode
	byPath                 map[string]*SchemaNode // every object property by its dotted path
}

// ParseFormSchema reads a procedure's form schema through formschema, the one model of a form,
// and decides how each field is shown.
func ParseFormSchema(raw json.RawMessage) (*FormSchema, error) {
	form, err := formschema.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	fs := &FormSchema{Title: form.Title, Description: form.Description, TitleEn: form.TitleEn,
		DescriptionEn: form.DescriptionEn, Fields: schemaNodes(form.Fields),
		byPath: map[string]*SchemaNode{}}
	var index func([]*SchemaNode)
	index = func(ns []*SchemaNode) {
		for _, n := range ns {
			fs.byPath[n.Path] = n
			index(n.Props)
		}
	}
	index(fs.Fields)
	return fs, nil
}

func schemaNodes(fields []*formschema.Field) []*SchemaNode {
	out := make([]*SchemaNode, len(fields))
	for i, f := range fields {
		out[i] = schemaNode(f)
	}
	return out
}

// schemaNode is the model's field with its widget: a choice of at most maxRadios strings as
// radios, more (or numbers) as a select, a long string as a textarea.
func schemaNode(f *formschema.Field) *SchemaNode {
	n := &SchemaNode{Name: f.Name, Path: f.Path, ID: fieldID(f.Path), Title: f.Label(), Description: f.Description,
		TitleEn: f.TitleEn, DescriptionEn: f.DescriptionEn, Type: f.Type, Format: f.Format, Pattern: f.Pattern,
		Required: f.Required, HasConst: f.HasConst, Enum: choiceValues(f.Choices)}
	for _, c := range f.Choices {
		n.Labels[i18n.VI] = append(n.Labels[i18n.VI], c.Label())
		n.Labels[i18n.EN] = append(n.Labels[i18n.EN], c.TitleEn) // "": no English
	}
	if parent, _, _ := strings.Cut(f.Path, "."); parent == f.Name || applicantSections[parent] {
		n.Autocomplete = applicantInputs[f.Name]
	}
	if f.MaxLength != nil {
		n.MaxLength = *f.MaxLength
	}
	if d, ok := f.Default.(string); ok && f.HasDefault {
		n.Default = d
	}
	if f.Items != nil {
		n.Item = schemaNode(f.Items)
	}
	switch f.Kind {
	case formschema.KindObject:
		n.Kind, n.Props = KindGroup, schemaNodes(f.Fields)
	case formschema.KindChoice:
		n.Kind = KindSelect
		if f.Type == "string" && len(f.Choices) <= maxRadios {
			n.Kind = KindRadios
		}
	case formschema.KindString:
		switch {
		case f.Format == "date":
			n.Kind = KindDate
		case f.Format == "email":
			n.Kind = KindEmail
		case n.MaxLength > 255:
			n.Kind = KindTextarea
		default:
			n.Kind = KindText
		}
	case formschema.KindInteger:
		n.Kind = KindInteger
	case formschema.KindNumber:
		n.Kind = KindNumber
	case formschema.KindBoolean:
		n.Kind = KindCheckbox
	case formschema.KindMultiChoice:
		n.Kind, n.Enum, n.Labels = KindCheckboxes, n.Item.Enum, n.Item.Labels
	case formschema.KindList:
		n.Kind = KindLines
	default:
		n.Kind = KindAny
	}
	return n
}

// TitleIn is the node's title in language l, and whether it is the procedure's Vietnamese on
// an English page (a form without English, marked lang="vi"). The portal's own inputs (UI)
// are already in the page's language.
func (n *SchemaNode) TitleIn(l Lang) (string, bool) {
	return inLang(l, n.UI, n.Title, n.TitleEn)
}

// DescriptionIn is the node's description in language l, as TitleIn.
func (n *SchemaNode) DescriptionIn(l Lang) (string, bool) {
	return inLang(l, n.UI, n.Description, n.DescriptionEn)
}

// Label is the label of choice i in language l, and whether it is Vietnamese.
func (n *SchemaNode) Label(l Lang, i int) (string, bool) {
	if labels := n.Labels[l.Lang]; i < len(labels) {
		vi := ""
		if j := n.Labels[i18n.VI]; i < len(j) {
			vi = j[i]
		}
		return inLang(l, n.UI, vi, labels[i])
	}
	return enumValue(n.Enum[i]), !n.UI
}

// inLang picks en on an English page when there is one; vi says whether the text shown is
// the procedure's Vietnamese (not the portal's own text).
func inLang(l Lang, ui bool, viText, enText string) (string, bool) {
	if l.EN() && enText != "" {
		return enText, false
	}
	return viText, !ui
}

// choiceValues are the values of a field's choices, as the renderer's Enum.
func choiceValues(cs []formschema.Choice) []any {
	if len(cs) == 0 {
		return nil
	}
	out := make([]any, len(cs))
	for i, c := range cs {
		out[i] = c.Value
	}
	return out
}

// applicantSections are the sections of the demo forms about the person applying (the top level
// counts too), and applicantInputs the autocomplete tokens of their inputs by property name.
var (
	applicantSections = map[string]bool{"nguoi_yeu_cau": true, "nguoi_de_nghi": true}
	applicantInputs   = map[string]string{"ho_ten": "name", "dien_thoai": "tel", "email": "email"}
)

// fieldID is the HTML id of the input for a dotted path: "f-" and the path with every
// character outside [A-Za-z0-9_] as "-".
func fieldID(path string) string {
	var b strings.Builder
	b.WriteString("f-")
	for _, r := range path {
		if r < 0x80 && (r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

// enumValue writes an enum value as an option's value.
func enumValue(v any) string { return formschema.ValueString(v) }

// find returns the node at a dotted path, descending into objects, or nil.
func (fs *FormSchema) find(path string) *SchemaNode { return fs.byPath[path] }

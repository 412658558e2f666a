package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
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
	Title, Description string
	Type, Format       string
	Pattern            string
	MaxLength          int
	Required           bool
	HasConst           bool
	Default            string // a string default, pre-filled on a new form
	Enum               []any
	Item               *SchemaNode   // an array's items
	Props              []*SchemaNode // an object's properties, in the schema's order
	// Autocomplete is the input's purpose when it asks for the applicant's own name, phone or
	// e-mail (WCAG 1.3.5), so browsers can fill it in; other inputs turn autofill off.
	Autocomplete string
	// UI marks a field of the portal's own (the counter's applicant), whose title and options
	// are interface text in the page's language rather than the procedure's Vietnamese.
	UI bool
}

// FormSchema is a procedure's application form, ready to render and to parse.
type FormSchema struct {
	Title, Description string
	Fields             []*SchemaNode
}

// rawSchema is the part of JSON Schema the renderer reads.
type rawSchema struct {
	Ref         string                     `json:"$ref"`
	Defs        map[string]json.RawMessage `json:"$defs"`
	Definitions map[string]json.RawMessage `json:"definitions"`
	Type        json.RawMessage            `json:"type"`
	Title       string                     `json:"title"`
	Description string                     `json:"description"`
	Format      string                     `json:"format"`
	Pattern     string                     `json:"pattern"`
	MaxLength   *int                       `json:"maxLength"`
	Enum        []any                      `json:"enum"`
	Const       json.RawMessage            `json:"const"`
	Default     any                        `json:"default"`
	Required    []string                   `json:"required"`
	Properties  json.RawMessage            `json:"properties"`
	Items       json.RawMessage            `json:"items"`
}

// maxDepth bounds nesting and $ref chains: the demo forms nest one level.
const maxDepth = 6

// ParseFormSchema reads a procedure's form schema.
func ParseFormSchema(raw json.RawMessage) (*FormSchema, error) {
	var root rawSchema
	if err := json.Unmarshal(raw, &root); err != nil {
		return nil, fmt.Errorf("web: form schema: %w", err)
	}
	defs := map[string]json.RawMessage{}
	for k, v := range root.Definitions {
		defs["#/definitions/"+k] = v
	}
	for k, v := range root.Defs {
		defs["#/$defs/"+k] = v
	}
	p := schemaParser{defs: defs}
	r, err := p.resolve(root, 0)
	if err != nil {
		return nil, err
	}
	fs := &FormSchema{Title: r.Title, Description: r.Description}
	if fs.Fields, err = p.props(r, "", 1); err != nil {
		return nil, err
	}
	return fs, nil
}

type schemaParser struct {
	defs map[string]json.RawMessage
}

// resolve follows $ref into $defs (or definitions); the referring schema's own title and
// description win over the definition's.
func (p schemaParser) resolve(s rawSchema, depth int) (rawSchema, error) {
	for s.Ref != "" {
		if depth > maxDepth {
			return s, fmt.Errorf("web: form schema: $ref %q nests too deep", s.Ref)
		}
		def, ok := p.defs[s.Ref]
		if !ok {
			return s, fmt.Errorf("web: form schema: $ref %q is not in $defs", s.Ref)
		}
		var d rawSchema
		if err := json.Unmarshal(def, &d); err != nil {
			return s, fmt.Errorf("web: form schema: %s: %w", s.Ref, err)
		}
		if s.Title != "" {
			d.Title = s.Title
		}
		if s.Description != "" {
			d.Description = s.Description
		}
		s = d
		depth++
	}
	return s, nil
}

// props reads an object's properties in the order the schema lists them.
func (p schemaParser) props(obj rawSchema, prefix string, depth int) ([]*SchemaNode, error) {
	if len(obj.Properties) == 0 {
		return nil, nil
	}
	keys, err := objectKeys(obj.Properties)
	if err != nil {
		return nil, err
	}
	var byName map[string]json.RawMessage
	if err := json.Unmarshal(obj.Properties, &byName); err != nil {
		return nil, err
	}
	var out []*SchemaNode
	for _, k := range keys {
		n, err := p.node(k, strings.TrimPrefix(prefix+"."+k, "."), byName[k], depth)
		if err != nil {
			return nil, err
		}
		n.Required = slices.Contains(obj.Required, k)
		out = append(out, n)
	}
	return out, nil
}

// objectKeys lists the keys of a JSON object in document order (a Go map forgets it).
func objectKeys(raw json.RawMessage) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("web: form schema: properties is not an object")
	}
	var keys []string
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		k, _ := t.(string)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys, nil
}

func (p schemaParser) node(name, path string, raw json.RawMessage, depth int) (*SchemaNode, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("web: form schema: %s nests too deep", path)
	}
	var s rawSchema
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("web: form schema: %s: %w", path, err)
	}
	s, err := p.resolve(s, 0)
	if err != nil {
		return nil, err
	}
	n := &SchemaNode{Name: name, Path: path, ID: fieldID(path), Title: s.Title, Description: s.Description,
		Type: schemaType(s.Type), Format: s.Format, Pattern: s.Pattern, Enum: s.Enum, HasConst: len(s.Const) > 0}
	if n.Title == "" {
		n.Title = name
	}
	if parent, _, _ := strings.Cut(path, "."); parent == name || applicantSections[parent] {
		n.Autocomplete = applicantInputs[name]
	}
	if s.MaxLength != nil {
		n.MaxLength = *s.MaxLength
	}
	if d, ok := s.Default.(string); ok {
		n.Default = d
	}
	switch n.Type {
	case "object":
		n.Kind = KindGroup
		if n.Props, err = p.props(s, path, depth+1); err != nil {
			return nil, err
		}
	case "string":
		switch {
		case len(n.Enum) > maxRadios:
			n.Kind = KindSelect
		case len(n.Enum) > 0:
			n.Kind = KindRadios
		case n.Format == "date":
			n.Kind = KindDate
		case n.Format == "email":
			n.Kind = KindEmail
		case n.MaxLength > 255:
			n.Kind = KindTextarea
		default:
			n.Kind = KindText
		}
	case "integer":
		n.Kind = KindInteger
		if len(n.Enum) > 0 {
			n.Kind = KindSelect
		}
	case "number":
		n.Kind = KindNumber
		if len(n.Enum) > 0 {
			n.Kind = KindSelect
		}
	case "boolean":
		n.Kind = KindCheckbox
	case "array":
		n.Kind = KindAny
		if len(s.Items) > 0 {
			item, err := p.node(name, path, s.Items, depth+1)
			if err != nil {
				return nil, err
			}
			n.Item = item
			switch {
			case item.Type == "string" && len(item.Enum) > 0:
				n.Kind = KindCheckboxes
				n.Enum = item.Enum
			case item.Type == "string":
				n.Kind = KindLines
			}
		}
	default:
		n.Kind = KindAny
	}
	return n, nil
}

// applicantSections are the sections of the demo forms about the person applying (the top level
// counts too), and applicantInputs the autocomplete tokens of their inputs by property name.
var (
	applicantSections = map[string]bool{"nguoi_yeu_cau": true, "nguoi_de_nghi": true}
	applicantInputs   = map[string]string{"ho_ten": "name", "dien_thoai": "tel", "email": "email"}
)

// schemaType reads "type": a string, or a list such as ["string", "null"] whose first non-null
// entry counts.
func schemaType(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		for _, t := range list {
			if t != "null" {
				return t
			}
		}
	}
	return ""
}

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
func enumValue(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// find returns the node at a dotted path, descending into objects.
func (fs *FormSchema) find(path string) *SchemaNode {
	nodes := fs.Fields
	var found *SchemaNode
	for part := range strings.SplitSeq(path, ".") {
		found = nil
		for _, n := range nodes {
			if n.Name == part {
				found = n
				break
			}
		}
		if found == nil {
			return nil
		}
		nodes = found.Props
	}
	return found
}

// Package formschema reads a procedure's application form, a JSON Schema (draft 2020-12), once
// into a tree of fields that a renderer, a sampler or a generator walks: each field's type,
// texts, choices and bounds, in the order the schema lists them, with $ref resolved.
//
// A schema carries its English beside the Vietnamese in the annotation keyword "x-en", which
// validators ignore: on any schema node {"title": …, "description": …}, and for a field with
// "enum" also "enum": the English titles of its values, in order (the values themselves stay
// Vietnamese: they are the stored answers). A "oneOf" branch's "x-en" titles its choice.
//
// It describes a form; it does not validate one. catalog.ValidateForm, a real JSON Schema
// validator, is the check, and the bounds here are hints (an input's maxlength, a sample's
// length).
package formschema

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/motcua/motcua/internal/i18n"
)

// MaxDepth bounds the nesting of objects and arrays and the length of $ref chains; the demo
// forms nest one level.
const MaxDepth = 6

// Form is a procedure's application form: the root object of its schema.
type Form struct {
	Title, Description     string
	TitleEn, DescriptionEn string   // from "x-en"; "" when the schema has none
	Fields                 []*Field // the root's properties, in the schema's order
}

// TitleIn is the form's title in language l: the English one when l is English and the
// schema has it, else the Vietnamese.
func (fm *Form) TitleIn(l i18n.Lang) string { return pick(l, fm.Title, fm.TitleEn) }

// DescriptionIn is the form's description in language l, as TitleIn.
func (fm *Form) DescriptionIn(l i18n.Lang) string {
	return pick(l, fm.Description, fm.DescriptionEn)
}

// pick is en on an English page when there is one, else vi.
func pick(l i18n.Lang, vi, en string) string {
	if l == i18n.EN && en != "" {
		return en
	}
	return vi
}

// Untranslated lists what the form lacks in English, by path ("" for the form itself): a
// title, a description, or a choice's title, where the Vietnamese has one.
func (fm *Form) Untranslated() []string {
	var out []string
	if fm.TitleEn == "" || fm.Description != "" && fm.DescriptionEn == "" {
		out = append(out, "")
	}
	fm.Walk(func(f *Field) bool {
		missing := f.Title != "" && f.TitleEn == "" || f.Description != "" && f.DescriptionEn == ""
		for _, c := range f.Choices {
			missing = missing || c.TitleEn == ""
		}
		if missing && !slices.Contains(out, f.Path) {
			out = append(out, f.Path)
		}
		return true
	})
	return out
}

// Kind is what a field holds, as a renderer or sampler tells fields apart.
type Kind string

// The kinds of field. How each is shown (radios or a select, a text box or a textarea) is the
// renderer's choice, made from the field's Choices and bounds.
const (
	KindObject      Kind = "object"       // a nested object: Fields
	KindString      Kind = "string"       // a string without choices (see Format)
	KindInteger     Kind = "integer"      // an integer without choices
	KindNumber      Kind = "number"       // a number without choices
	KindBoolean     Kind = "boolean"      // true or false
	KindChoice      Kind = "choice"       // one of Choices (a string, integer or number)
	KindMultiChoice Kind = "multi_choice" // an array of strings from Items.Choices
	KindList        Kind = "list"         // an array of free strings (Items)
	KindUnsupported Kind = "unsupported"  // anything else: no type, or an array of objects
)

// Field is one property of a form, or the items of an array.
type Field struct {
	Name string // the property's name ("ho_ten"); an array's items carry the array's
	Path string // dotted path from the root ("nguoi_yeu_cau.ho_ten"); items carry the array's
	Kind Kind
	// Type is the schema's type: "string", "integer", "number", "boolean", "object", "array",
	// or "" when it names none; of a list such as ["string", "null"], the first that is not
	// "null" (and Nullable is set).
	Type     string
	Nullable bool
	// Title and Description are the schema's annotations, as written (Title may be empty:
	// see Label); TitleEn and DescriptionEn their English from "x-en" ("" when absent).
	Title, Description     string
	TitleEn, DescriptionEn string
	Format                 string // "date", "email", …
	Pattern                string
	Required               bool // listed in the parent object's "required"
	Const                  any  // the "const" value, when HasConst
	HasConst               bool
	Default                any // the "default" value, when HasDefault
	HasDefault             bool
	// Choices are the values the field allows, from "enum", or from a "oneOf" (or "anyOf")
	// whose every branch is a "const" with its own title, in the schema's order.
	Choices []Choice
	// Bounds, each nil when the schema sets none.
	MinLength, MaxLength               *int // in characters
	Minimum, Maximum                   *float64
	ExclusiveMinimum, ExclusiveMaximum *float64
	MinItems, MaxItems                 *int
	UniqueItems                        bool
	Items                              *Field   // an array's items
	Fields                             []*Field // an object's properties, in the schema's order
}

// Choice is one allowed value of a field.
type Choice struct {
	Value   any    // as encoding/json decodes it: string, float64, bool or nil
	Title   string // the oneOf branch's title; "" for a plain enum
	TitleEn string // its English: the branch's "x-en" title, or the field's "x-en" enum entry
}

// LabelIn is the choice's label in language l: its English title on an English page when it
// has one, else Label.
func (c Choice) LabelIn(l i18n.Lang) string { return pick(l, c.Label(), c.TitleEn) }

// Label is the text to show for the choice: its title, else its value.
func (c Choice) Label() string {
	if c.Title != "" {
		return c.Title
	}
	return ValueString(c.Value)
}

// ValueString is a JSON value as a form posts it: a string as is, null as "", anything else
// as its JSON text (1, 2.5, true).
func ValueString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// Label is the text that names the field: its title, else its property name.
func (f *Field) Label() string {
	if f.Title != "" {
		return f.Title
	}
	return f.Name
}

// LabelIn is the field's label in language l: its English title on an English page when it
// has one, else Label.
func (f *Field) LabelIn(l i18n.Lang) string { return pick(l, f.Label(), f.TitleEn) }

// DescriptionIn is the field's description in language l, as LabelIn.
func (f *Field) DescriptionIn(l i18n.Lang) string { return pick(l, f.Description, f.DescriptionEn) }

// Find returns the field at a dotted path, descending into objects, or nil.
func (fm *Form) Find(path string) *Field {
	fields := fm.Fields
	var found *Field
	for part := range strings.SplitSeq(path, ".") {
		found = nil
		for _, f := range fields {
			if f.Name == part {
				found = f
				break
			}
		}
		if found == nil {
			return nil
		}
		fields = found.Fields
	}
	return found
}

// Walk calls fn for every field in the schema's order, a parent before its children and an
// array before its items; fn returning false skips the field's children.
func (fm *Form) Walk(fn func(*Field) bool) {
	var walk func([]*Field)
	walk = func(fields []*Field) {
		for _, f := range fields {
			if !fn(f) {
				continue
			}
			if f.Items != nil {
				walk([]*Field{f.Items})
			}
			walk(f.Fields)
		}
	}
	walk(fm.Fields)
}

// raw is the part of JSON Schema that the model reads.
type raw struct {
	Ref              string                     `json:"$ref"`
	Defs             map[string]json.RawMessage `json:"$defs"`
	Definitions      map[string]json.RawMessage `json:"definitions"`
	Type             json.RawMessage            `json:"type"`
	Title            string                     `json:"title"`
	Description      string                     `json:"description"`
	Format           string                     `json:"format"`
	Pattern          string                     `json:"pattern"`
	MinLength        *int                       `json:"minLength"`
	MaxLength        *int                       `json:"maxLength"`
	Minimum          *float64                   `json:"minimum"`
	Maximum          *float64                   `json:"maximum"`
	ExclusiveMinimum *float64                   `json:"exclusiveMinimum"`
	ExclusiveMaximum *float64                   `json:"exclusiveMaximum"`
	MinItems         *int                       `json:"minItems"`
	MaxItems         *int                       `json:"maxItems"`
	UniqueItems      bool                       `json:"uniqueItems"`
	Enum             []any                      `json:"enum"`
	Const            json.RawMessage            `json:"const"`
	Default          json.RawMessage            `json:"default"`
	OneOf            []json.RawMessage          `json:"oneOf"`
	AnyOf            []json.RawMessage          `json:"anyOf"`
	Required         []string                   `json:"required"`
	Properties       json.RawMessage            `json:"properties"`
	Items            json.RawMessage            `json:"items"`
	En               *english                   `json:"x-en"`
}

// english is the "x-en" annotation: a node's texts in English.
type english struct {
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Enum        []string `json:"enum"` // the English titles of "enum", in its order
}

func (s raw) en() english {
	if s.En == nil {
		return english{}
	}
	return *s.En
}

// Parse reads a form schema. The root must be an object schema (or a $ref to one); a $ref may
// point into the root's "$defs" or "definitions" only, and the title and description written
// beside a $ref win over the definition's.
func Parse(schema json.RawMessage) (*Form, error) {
	var root raw
	if err := json.Unmarshal(schema, &root); err != nil {
		return nil, fmt.Errorf("formschema: %w", err)
	}
	p := parser{defs: map[string]json.RawMessage{}}
	for k, v := range root.Definitions {
		p.defs["#/definitions/"+k] = v
	}
	for k, v := range root.Defs {
		p.defs["#/$defs/"+k] = v
	}
	r, err := p.resolve("", root)
	if err != nil {
		return nil, err
	}
	if t, _ := schemaType(r.Type); t != "object" && t != "" {
		return nil, fmt.Errorf("formschema: the form is of type %q; want an object", t)
	}
	fm := &Form{Title: r.Title, Description: r.Description, TitleEn: r.en().Title, DescriptionEn: r.en().Description}
	if fm.Fields, err = p.props(r, "", 1); err != nil {
		return nil, err
	}
	return fm, nil
}

type parser struct {
	defs map[string]json.RawMessage
}

// resolve follows $ref into the definitions.
func (p parser) resolve(path string, s raw) (raw, error) {
	for depth := 0; s.Ref != ""; depth++ {
		if depth >= MaxDepth {
			return s, fmt.Errorf("formschema: %s: $ref %q nests too deep", where(path), s.Ref)
		}
		def, ok := p.defs[s.Ref]
		if !ok {
			return s, fmt.Errorf("formschema: %s: $ref %q is not in $defs", where(path), s.Ref)
		}
		var d raw
		if err := json.Unmarshal(def, &d); err != nil {
			return s, fmt.Errorf("formschema: %s: %w", s.Ref, err)
		}
		if s.Title != "" {
			d.Title = s.Title
		}
		if s.Description != "" {
			d.Description = s.Description
		}
		if s.En != nil { // the English beside a $ref wins too, text by text
			e := d.en()
			e.Title, e.Description = cmp.Or(s.En.Title, e.Title), cmp.Or(s.En.Description, e.Description)
			if s.En.Enum != nil {
				e.Enum = s.En.Enum
			}
			d.En = &e
		}
		s = d
	}
	return s, nil
}

func where(path string) string {
	if path == "" {
		return "the form"
	}
	return path
}

// props reads an object's properties in the order the schema lists them.
func (p parser) props(obj raw, prefix string, depth int) ([]*Field, error) {
	if len(obj.Properties) == 0 {
		return nil, nil
	}
	keys, err := objectKeys(obj.Properties)
	if err != nil {
		return nil, fmt.Errorf("formschema: %s: %w", where(prefix), err)
	}
	var byName map[string]json.RawMessage
	if err := json.Unmarshal(obj.Properties, &byName); err != nil {
		return nil, fmt.Errorf("formschema: %s: %w", where(prefix), err)
	}
	out := make([]*Field, 0, len(keys))
	for _, k := range keys {
		if strings.Contains(k, ".") { // a field's path joins the names with dots (Find, the web form)
			return nil, fmt.Errorf("formschema: %s: property name %q contains a dot", where(prefix), k)
		}
		path := k
		if prefix != "" {
			path = prefix + "." + k
		}
		f, err := p.field(k, path, byName[k], depth)
		if err != nil {
			return nil, err
		}
		f.Required = slices.Contains(obj.Required, k)
		out = append(out, f)
	}
	return out, nil
}

// objectKeys lists the keys of a JSON object in document order (a Go map forgets it).
func objectKeys(obj json.RawMessage) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, errors.New("properties is not an object")
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

func (p parser) field(name, path string, schema json.RawMessage, depth int) (*Field, error) {
	if depth > MaxDepth {
		return nil, fmt.Errorf("formschema: %s nests too deep", path)
	}
	var s raw
	if err := json.Unmarshal(schema, &s); err != nil {
		return nil, fmt.Errorf("formschema: %s: %w", path, err)
	}
	s, err := p.resolve(path, s)
	if err != nil {
		return nil, err
	}
	f := &Field{Name: name, Path: path, Title: s.Title, Description: s.Description, TitleEn: s.en().Title,
		DescriptionEn: s.en().Description, Format: s.Format,
		Pattern: s.Pattern, MinLength: s.MinLength, MaxLength: s.MaxLength, Minimum: s.Minimum,
		Maximum: s.Maximum, ExclusiveMinimum: s.ExclusiveMinimum, ExclusiveMaximum: s.ExclusiveMaximum,
		MinItems: s.MinItems, MaxItems: s.MaxItems, UniqueItems: s.UniqueItems}
	f.Type, f.Nullable = schemaType(s.Type)
	if len(s.Const) > 0 {
		f.HasConst = true
		if err := json.Unmarshal(s.Const, &f.Const); err != nil {
			return nil, fmt.Errorf("formschema: %s: const: %w", path, err)
		}
	}
	if len(s.Default) > 0 {
		f.HasDefault = true
		if err := json.Unmarshal(s.Default, &f.Default); err != nil {
			return nil, fmt.Errorf("formschema: %s: default: %w", path, err)
		}
	}
	if en := s.en().Enum; en != nil && len(en) != len(s.Enum) {
		return nil, fmt.Errorf("formschema: %s: x-en has %d enum titles for %d values", path, len(en), len(s.Enum))
	}
	for i, v := range s.Enum {
		c := Choice{Value: v}
		if en := s.en().Enum; en != nil {
			c.TitleEn = en[i]
		}
		f.Choices = append(f.Choices, c)
	}
	if len(f.Choices) == 0 {
		if f.Choices, err = p.constChoices(path, cmpOrList(s.OneOf, s.AnyOf)); err != nil {
			return nil, err
		}
	}
	if f.Type == "" && len(f.Choices) > 0 {
		f.Type = choiceType(f.Choices)
	}
	switch f.Type {
	case "object":
		f.Kind = KindObject
		if f.Fields, err = p.props(s, path, depth+1); err != nil {
			return nil, err
		}
	case "string", "integer", "number":
		f.Kind = Kind(f.Type)
		if len(f.Choices) > 0 {
			f.Kind = KindChoice
		}
	case "boolean":
		f.Kind = KindBoolean
	case "array":
		f.Kind = KindUnsupported
		if len(s.Items) > 0 {
			if f.Items, err = p.field(name, path, s.Items, depth+1); err != nil {
				return nil, err
			}
			switch {
			case f.Items.Type == "string" && len(f.Items.Choices) > 0:
				f.Kind = KindMultiChoice
			case f.Items.Type == "string":
				f.Kind = KindList
			}
		}
	default:
		f.Kind = KindUnsupported
	}
	return f, nil
}

// constChoices reads a oneOf or anyOf whose every branch is a const (with an optional title)
// as choices; any other list of branches gives none.
func (p parser) constChoices(path string, branches []json.RawMessage) ([]Choice, error) {
	var out []Choice
	for _, b := range branches {
		var s raw
		if err := json.Unmarshal(b, &s); err != nil {
			return nil, fmt.Errorf("formschema: %s: oneOf: %w", path, err)
		}
		s, err := p.resolve(path, s)
		if err != nil {
			return nil, err
		}
		if len(s.Const) == 0 {
			return nil, nil
		}
		c := Choice{Title: s.Title, TitleEn: s.en().Title}
		if err := json.Unmarshal(s.Const, &c.Value); err != nil {
			return nil, fmt.Errorf("formschema: %s: oneOf: %w", path, err)
		}
		out = append(out, c)
	}
	return out, nil
}

func cmpOrList(a, b []json.RawMessage) []json.RawMessage {
	if len(a) > 0 {
		return a
	}
	return b
}

// choiceType is the type of a field that names none, from its choices: "string" when they are
// all strings, "number" when all numbers, else "".
func choiceType(cs []Choice) string {
	var str, num int
	for _, c := range cs {
		switch c.Value.(type) {
		case string:
			str++
		case float64:
			num++
		}
	}
	switch len(cs) {
	case str:
		return "string"
	case num:
		return "number"
	}
	return ""
}

// schemaType reads "type": a string, or a list such as ["string", "null"] whose first entry
// other than "null" counts.
func schemaType(t json.RawMessage) (typ string, nullable bool) {
	var s string
	if json.Unmarshal(t, &s) == nil {
		return s, s == "null"
	}
	var list []string
	if json.Unmarshal(t, &list) == nil {
		for _, x := range list {
			if x == "null" {
				nullable = true
			} else if typ == "" {
				typ = x
			}
		}
	}
	return typ, nullable
}

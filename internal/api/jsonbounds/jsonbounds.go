// Package jsonbounds holds a JSON request body to the sizes an OpenAPI document gives it: every
// text to its maxLength (in characters) and every list to its maxItems, read from the document
// itself so that what is documented and what is refused cannot drift; and the nesting of the
// text, measured on its bytes before it is decoded.
package jsonbounds

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/i18n"
)

// MaxDepth bounds the nesting of a JSON body: a catalog decision carrying a form's JSON
// Schema is the deepest thing the API takes, about 12 levels.
const MaxDepth = 32

// Bounds is what the OpenAPI document says of the sizes in a request body. The edge enforces
// the document itself, so what is documented per field and what is refused cannot drift.
type Bounds struct {
	maxLength  int // characters (runes); 0 means none documented
	maxItems   int
	props      map[string]*Bounds
	items      *Bounds
	additional *Bounds
}

// Compile reads the bounds of every JSON request body of the document, by "METHOD /path".
func Compile(doc []byte) (map[string]*Bounds, error) {
	var d struct {
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, err
	}
	out := map[string]*Bounds{}
	for p, ops := range d.Paths {
		for m, op := range ops {
			body, _ := op["requestBody"].(map[string]any)
			content, _ := body["content"].(map[string]any)
			js, _ := content["application/json"].(map[string]any)
			if js == nil {
				continue
			}
			out[strings.ToUpper(m)+" "+p] = boundsOf(js["schema"], d.Components.Schemas, map[string]bool{})
		}
	}
	return out, nil
}

func boundsOf(s any, schemas map[string]any, seen map[string]bool) *Bounds {
	m, _ := s.(map[string]any)
	b := &Bounds{}
	if m == nil {
		return b
	}
	if r, ok := m["$ref"].(string); ok {
		name := strings.TrimPrefix(r, "#/components/schemas/")
		if seen[name] {
			return b
		}
		seen[name] = true
		defer delete(seen, name)
		return boundsOf(schemas[name], schemas, seen)
	}
	num := func(k string) int { f, _ := m[k].(float64); return int(f) }
	b.maxLength, b.maxItems = num("maxLength"), num("maxItems")
	if props, ok := m["properties"].(map[string]any); ok {
		b.props = map[string]*Bounds{}
		for k, sub := range props {
			b.props[k] = boundsOf(sub, schemas, seen)
		}
	}
	if items, ok := m["items"]; ok {
		b.items = boundsOf(items, schemas, seen)
	}
	if ap, ok := m["additionalProperties"].(map[string]any); ok {
		b.additional = boundsOf(ap, schemas, seen)
	}
	for _, k := range []string{"allOf", "oneOf", "anyOf"} {
		list, _ := m[k].([]any)
		for _, sub := range list {
			b.merge(boundsOf(sub, schemas, seen))
		}
	}
	return b
}

// merge adds o's bounds to b's; where both bound a thing, the smaller wins.
func (b *Bounds) merge(o *Bounds) {
	least := func(x, y int) int {
		if x == 0 || (y != 0 && y < x) {
			return y
		}
		return x
	}
	b.maxLength, b.maxItems = least(b.maxLength, o.maxLength), least(b.maxItems, o.maxItems)
	for k, sub := range o.props {
		if b.props == nil {
			b.props = map[string]*Bounds{}
		}
		if b.props[k] == nil {
			b.props[k] = sub
		} else {
			b.props[k].merge(sub)
		}
	}
	if o.items != nil {
		if b.items == nil {
			b.items = o.items
		} else {
			b.items.merge(o.items)
		}
	}
	if o.additional != nil && b.additional == nil {
		b.additional = o.additional
	}
}

// check adds a field error for each string or list of v, at path, longer than documented.
func (b *Bounds) check(path string, v any, msg Message, fe *apperr.Fields) {
	if b == nil {
		return
	}
	switch v := v.(type) {
	case string:
		if b.maxLength > 0 && utf8.RuneCountInString(v) > b.maxLength {
			fe.Add(path, msg("too_long", b.maxLength))
		}
	case []any:
		if b.maxItems > 0 && len(v) > b.maxItems {
			fe.Add(path, msg("too_many_items", b.maxItems))
			return
		}
		for i, x := range v {
			b.items.check(fmt.Sprintf("%s[%d]", path, i), x, msg, fe)
		}
	case map[string]any:
		for k, x := range v {
			sub := b.props[k]
			if sub == nil {
				sub = b.additional
			}
			sub.check(join(path, k), x, msg, fe)
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Depth is the deepest nesting of arrays and objects in the JSON text data, scanning bytes
// outside strings; data is checked before it is decoded, so a deep document costs nothing.
func Depth(data []byte) int {
	d, most, inString, escaped := 0, 0, false, false
	for _, c := range data {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			d++
			most = max(most, d)
		case c == ']' || c == '}':
			d--
		}
	}
	return most
}

// Message words a breach for people: key "too_long" (n characters) or "too_many_items" (n items).
type Message func(key string, n int) i18n.Text

// Check reports every text and list of the decoded JSON value v longer than b allows, each
// with its path and msg's words.
func (b *Bounds) Check(v any, msg Message) apperr.Fields {
	var fe apperr.Fields
	b.check("", v, msg, &fe)
	return fe
}

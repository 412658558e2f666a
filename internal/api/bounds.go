package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
)

// maxDepth bounds the nesting of a JSON body: a catalog decision carrying a form's JSON
// Schema is the deepest thing the API takes, about 12 levels.
const maxDepth = 32

// bounds is what the OpenAPI document says of the sizes in a request body. The edge enforces
// the document itself, so what is documented per field and what is refused cannot drift.
type bounds struct {
	maxLength  int // characters (runes); 0 means none documented
	maxItems   int
	props      map[string]*bounds
	items      *bounds
	additional *bounds
}

// compileBounds reads the bounds of every JSON request body of the document, by "METHOD /path".
func compileBounds(doc []byte) (map[string]*bounds, error) {
	var d struct {
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, err
	}
	out := map[string]*bounds{}
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

func boundsOf(s any, schemas map[string]any, seen map[string]bool) *bounds {
	m, _ := s.(map[string]any)
	b := &bounds{}
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
		b.props = map[string]*bounds{}
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
func (b *bounds) merge(o *bounds) {
	least := func(x, y int) int {
		if x == 0 || (y != 0 && y < x) {
			return y
		}
		return x
	}
	b.maxLength, b.maxItems = least(b.maxLength, o.maxLength), least(b.maxItems, o.maxItems)
	for k, sub := range o.props {
		if b.props == nil {
			b.props = map[string]*bounds{}
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
func (b *bounds) check(path string, v any, fe *apperr.Fields) {
	if b == nil {
		return
	}
	switch v := v.(type) {
	case string:
		if b.maxLength > 0 && utf8.RuneCountInString(v) > b.maxLength {
			fe.Add(path, msgs.Text("too_long", b.maxLength))
		}
	case []any:
		if b.maxItems > 0 && len(v) > b.maxItems {
			fe.Add(path, msgs.Text("too_many_items", b.maxItems))
			return
		}
		for i, x := range v {
			b.items.check(fmt.Sprintf("%s[%d]", path, i), x, fe)
		}
	case map[string]any:
		for k, x := range v {
			sub := b.props[k]
			if sub == nil {
				sub = b.additional
			}
			sub.check(join(path, k), x, fe)
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// depth is the deepest nesting of arrays and objects in the JSON text data, scanning bytes
// outside strings; data is checked before it is decoded, so a deep document costs nothing.
func depth(data []byte) int {
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

type boundsKey struct{}

// withBounds gives decode the bounds of the route serving r.
func withBounds(r *http.Request, b *bounds) *http.Request {
	if b == nil {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), boundsKey{}, b))
}

// checkBounds refuses a body with longer texts or lists than the route's documented bounds
// (422 too_long naming each field).
func checkBounds(ctx context.Context, data []byte) error {
	b, _ := ctx.Value(boundsKey{}).(*bounds)
	if b == nil {
		return nil
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil // decode reports it
	}
	var fe apperr.Fields
	b.check("", v, &fe)
	return fe.Err("too_long", msgs.Text("too_long.body"))
}

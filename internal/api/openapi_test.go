package api

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
)

// TestOpenAPIDocumentsEveryRoute keeps the document and the routes in step.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q; want 3.1.0", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for p, ops := range doc.Paths {
		for m := range ops {
			documented[strings.ToUpper(m)+" "+p] = true
		}
	}
	served := map[string]bool{}
	for _, rt := range routes {
		if rt.path == "/openapi.json" {
			continue
		}
		key := rt.method + " " + strings.ReplaceAll(rt.path, "...}", "}")
		served[key] = true
		if !documented[key] {
			t.Errorf("%s is served but not in openapi.json (run scripts/openapi.py)", key)
		}
	}
	for k := range documented {
		if !served[k] {
			t.Errorf("%s is documented but not served", k)
		}
	}
}

// TestOpenAPIBoundsEveryInput fails on a request body that the document leaves unbounded: each
// operation states its body's size limit (x-max-bytes, equal to the route table's), and every
// string in a JSON body has a maxLength (or is an enum, a const, or a date), every array a
// maxItems.
func TestOpenAPIBoundsEveryInput(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatal(err)
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	paths := doc["paths"].(map[string]any)
	h := &Handler{dos: &dossier.Store{MaxUpload: dossier.DefaultMaxUpload}}
	for _, rt := range routes {
		if rt.method != "POST" && rt.method != "PUT" {
			continue
		}
		op, _ := paths[strings.ReplaceAll(rt.path, "...}", "}")].(map[string]any)[strings.ToLower(rt.method)].(map[string]any)
		name := rt.method + " " + rt.path
		body, _ := op["requestBody"].(map[string]any)
		limit := h.maxBytes(rt)
		if body == nil {
			if limit != 0 {
				t.Errorf("%s: no requestBody documented, but the route takes up to %d bytes", name, limit)
			}
			continue
		}
		if got, _ := body["x-max-bytes"].(float64); int64(got) != limit {
			t.Errorf("%s: x-max-bytes = %v; the route table says %d", name, body["x-max-bytes"], limit)
		}
		content, _ := body["content"].(map[string]any)
		for ctype, c := range content {
			if ctype != "application/json" {
				continue
			}
			s := c.(map[string]any)["schema"]
			walkBounds(t, schemas, name, "", s, map[string]bool{})
		}
	}
}

// walkBounds reports each unbounded string or array under schema s at path.
func walkBounds(t *testing.T, schemas map[string]any, op, path string, s any, seen map[string]bool) {
	t.Helper()
	m, ok := s.(map[string]any)
	if !ok || m["readOnly"] == true {
		return
	}
	if r, ok := m["$ref"].(string); ok {
		name := strings.TrimPrefix(r, "#/components/schemas/")
		if seen[name] {
			return
		}
		seen[name] = true
		walkBounds(t, schemas, op, path, schemas[name], seen)
		delete(seen, name)
		return
	}
	for _, k := range []string{"allOf", "oneOf", "anyOf"} {
		if list, ok := m[k].([]any); ok {
			for _, sub := range list {
				walkBounds(t, schemas, op, path, sub, seen)
			}
		}
	}
	_, enum := m["enum"]
	_, cnst := m["const"]
	types := map[string]bool{}
	switch ty := m["type"].(type) {
	case string:
		types[ty] = true
	case []any:
		for _, x := range ty {
			types[x.(string)] = true
		}
	}
	if types["string"] && !enum && !cnst && m["maxLength"] == nil && m["format"] != "date" && m["format"] != "date-time" {
		t.Errorf("%s: string %q has no maxLength", op, path)
	}
	if types["array"] && m["maxItems"] == nil {
		t.Errorf("%s: array %q has no maxItems", op, path)
	}
	if props, ok := m["properties"].(map[string]any); ok {
		for k, sub := range props {
			walkBounds(t, schemas, op, path+"."+k, sub, seen)
		}
	}
	if items, ok := m["items"]; ok {
		walkBounds(t, schemas, op, path+"[]", items, seen)
	}
	if ap, ok := m["additionalProperties"].(map[string]any); ok {
		walkBounds(t, schemas, op, path+".*", ap, seen)
	}
}

package formschema

import (
	"encoding/json"
	"testing"
)

// FuzzParse: any schema text is either refused with an error or read into a form whose walk
// ends; nothing panics or loops ($ref chains and nesting are bounded by MaxDepth).
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"type":"object","properties":{"a":{"type":"string","maxLength":10}}}`,
		`{"type":"object","$defs":{"p":{"type":"object","properties":{"x":{"$ref":"#/$defs/p"}}}},"properties":{"x":{"$ref":"#/$defs/p"}}}`,
		`{"type":"object","properties":{"c":{"oneOf":[{"const":1,"title":"Một"},{"const":2}]}}}`,
		`{"type":"object","properties":{"l":{"type":"array","items":{"type":"string","enum":["a","b"]}}}}`,
		`{"properties":{"a":{"$ref":"http://example.com/x"}}}`, `[]`, `null`, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		form, err := Parse(json.RawMessage(b))
		if err != nil {
			return
		}
		n := 0
		form.Walk(func(*Field) bool { n++; return n < 1_000_000 })
		for _, f := range form.Fields {
			if form.Find(f.Path) == nil {
				t.Fatalf("Find(%q) = nil for a top-level field", f.Path)
			}
		}
	})
}

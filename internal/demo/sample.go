package demo

import (
	"encoding/json"
	"fmt"

	"github.com/motcua/motcua/internal/catalog"
)

// patternSamples holds a valid value for every "pattern" the demo forms use (data/formlib.py).
var patternSamples = map[string]string{
	"^[0-9]{12}$":        "001203004567",
	"^0[0-9]{9}$":        "0912345678",
	"^[A-Z][0-9]{7}$":    "C1234567",
	"^Hộ kinh doanh .+$": "Hộ kinh doanh Minh An",
}

// SampleForm fills a procedure's application form with plausible values that satisfy its
// schema: the required fields only, or every field with all. Tests, benchmarks and the data
// generator use it to submit realistic dossiers.
func SampleForm(p *catalog.Procedure, all bool) (json.RawMessage, error) {
	var s map[string]any
	if err := json.Unmarshal(p.FormSchema, &s); err != nil {
		return nil, err
	}
	v, err := sample(p.Code, s, all)
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

func sample(where string, s map[string]any, all bool) (any, error) {
	if c, ok := s["const"]; ok {
		return c, nil
	}
	if e, ok := s["enum"].([]any); ok && len(e) > 0 {
		return e[0], nil
	}
	num := func(k string) (float64, bool) { f, ok := s[k].(float64); return f, ok }
	switch s["type"] {
	case "object":
		props, _ := s["properties"].(map[string]any)
		req := map[string]bool{}
		list, _ := s["required"].([]any)
		for _, k := range list {
			req[k.(string)] = true
		}
		out := map[string]any{}
		for k, p := range props {
			if all || req[k] {
				v, err := sample(where+"."+k, p.(map[string]any), all)
				if err != nil {
					return nil, err
				}
				out[k] = v
			}
		}
		return out, nil
	case "array":
		n, _ := num("minItems")
		if all && n == 0 {
			n = 1
		}
		out := []any{}
		items, _ := s["items"].(map[string]any)
		for i := 0; i < int(n); i++ {
			v, err := sample(where+"[]", items, all)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case "string":
		switch s["format"] {
		case "date":
			return "2026-03-15", nil
		case "email":
			return "nguoi.dan@example.vn", nil
		}
		if p, ok := s["pattern"].(string); ok {
			v, ok := patternSamples[p]
			if !ok {
				return nil, fmt.Errorf("demo: %s: no sample for pattern %q", where, p)
			}
			return v, nil
		}
		v := []rune("Nguyễn Văn An")
		if min, ok := num("minLength"); ok {
			for len(v) < int(min) {
				v = append(v, 'a')
			}
		}
		if max, ok := num("maxLength"); ok && len(v) > int(max) {
			v = v[:int(max)]
		}
		return string(v), nil
	case "integer":
		v := 1.0
		if min, ok := num("minimum"); ok {
			v = min
		}
		if max, ok := num("maximum"); ok && v > max {
			v = max
		}
		return int64(v), nil
	case "number":
		v := 12.5
		if min, ok := num("exclusiveMinimum"); ok && v <= min {
			v = min + 1
		}
		if max, ok := num("maximum"); ok && v > max {
			v = max
		}
		return v, nil
	case "boolean":
		return true, nil
	}
	return nil, fmt.Errorf("demo: %s: no sample for schema %v", where, s)
}

package demo

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/formschema"
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
	fm, err := formschema.Parse(p.FormSchema)
	if err != nil {
		return nil, fmt.Errorf("demo: form of %s: %w", p.Code, err)
	}
	v, err := sampleFields(p.Code, fm.Fields, all)
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

func sampleFields(code string, fields []*formschema.Field, all bool) (map[string]any, error) {
	out := map[string]any{}
	for _, f := range fields {
		if all || f.Required {
			v, err := sample(code, f, all)
			if err != nil {
				return nil, err
			}
			out[f.Name] = v
		}
	}
	return out, nil
}

// sample is a value for f; code names the procedure in errors.
func sample(code string, f *formschema.Field, all bool) (any, error) {
	where := code + "." + f.Path
	if f.HasConst {
		return f.Const, nil
	}
	if len(f.Choices) > 0 {
		return f.Choices[0].Value, nil
	}
	switch f.Type {
	case "object":
		return sampleFields(code, f.Fields, all)
	case "array":
		n := 0
		if f.MinItems != nil {
			n = *f.MinItems
		}
		if all && n == 0 {
			n = 1
		}
		out := []any{}
		if f.Items == nil {
			if n > 0 {
				return nil, fmt.Errorf("demo: %s: no sample for an array without items", where)
			}
			return out, nil
		}
		for range n {
			v, err := sample(code, f.Items, all)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case "string":
		switch f.Format {
		case "date":
			return "2026-03-15", nil
		case "email":
			return "nguoi.dan@example.vn", nil
		}
		if f.Pattern != "" {
			v, ok := patternSamples[f.Pattern]
			if !ok {
				return nil, fmt.Errorf("demo: %s: no sample for pattern %q", where, f.Pattern)
			}
			return v, nil
		}
		v := []rune("Nguyễn Văn An")
		if f.MinLength != nil {
			for len(v) < *f.MinLength {
				v = append(v, 'a')
			}
		}
		if f.MaxLength != nil && len(v) > *f.MaxLength {
			v = v[:*f.MaxLength]
		}
		return string(v), nil
	case "integer":
		v := 1.0
		if f.Minimum != nil {
			v = math.Ceil(*f.Minimum)
		}
		if f.ExclusiveMinimum != nil && v <= *f.ExclusiveMinimum {
			v = math.Floor(*f.ExclusiveMinimum) + 1
		}
		if f.Maximum != nil && v > *f.Maximum {
			v = math.Floor(*f.Maximum)
		}
		return int64(v), nil
	case "number":
		v := 12.5
		if f.Minimum != nil && v < *f.Minimum {
			v = *f.Minimum
		}
		if f.ExclusiveMinimum != nil && v <= *f.ExclusiveMinimum {
			v = *f.ExclusiveMinimum + 1
		}
		if f.Maximum != nil && v > *f.Maximum {
			v = *f.Maximum
		}
		return v, nil
	case "boolean":
		return true, nil
	}
	return nil, fmt.Errorf("demo: %s: no sample for a field of type %q", where, f.Type)
}

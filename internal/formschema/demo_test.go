package formschema_test

import (
	"encoding/json"
	"testing"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/formschema"
)

// TestDemoForms reads the form of every demo procedure into the model, and checks that the
// demo's sample, built from the model, satisfies the JSON Schema validator.
func TestDemoForms(t *testing.T) {
	items, err := demo.Procedures()
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 46 {
		t.Errorf("demo.Procedures() has %d procedures; want 46", len(items))
	}
	for _, it := range items {
		p := &it.Procedure
		fm, err := formschema.Parse(p.FormSchema)
		if err != nil {
			t.Errorf("%s: Parse: %v", p.Code, err)
			continue
		}
		if fm.Title == "" || len(fm.Fields) == 0 {
			t.Errorf("%s: form %q has %d fields; want a title and fields", p.Code, fm.Title, len(fm.Fields))
		}
		fm.Walk(func(f *formschema.Field) bool {
			if f.Kind == formschema.KindUnsupported {
				t.Errorf("%s: %s is of a kind the form cannot show (type %q)", p.Code, f.Path, f.Type)
			}
			if f.Title == "" && f.Items == nil && f.Path != "" {
				t.Errorf("%s: %s has no title", p.Code, f.Path)
			}
			return true
		})
		for _, all := range []bool{false, true} {
			checkSample(t, p, all)
		}
	}
}

// TestSampleRefAndChoices samples a form with $ref, $defs and oneOf choices, which the demo
// catalog does not use, and validates the sample.
func TestSampleRefAndChoices(t *testing.T) {
	p := &catalog.Procedure{Code: "1.000001", FormSchema: json.RawMessage(`{
	  "$schema": "https://json-schema.org/draft/2020-12/schema",
	  "type": "object", "title": "Tờ khai", "required": ["nguoi_yeu_cau", "loai"],
	  "$defs": {
	    "nguoi": {"type": "object", "title": "Người", "required": ["ho_ten", "so_dinh_danh"],
	      "additionalProperties": false,
	      "properties": {
	        "ho_ten": {"type": "string", "title": "Họ và tên", "minLength": 2, "maxLength": 100},
	        "so_dinh_danh": {"type": "string", "title": "Số định danh", "pattern": "^[0-9]{12}$"},
	        "ngay_sinh": {"$ref": "#/$defs/ngay", "title": "Ngày sinh"}
	      }},
	    "ngay": {"type": "string", "format": "date"}
	  },
	  "properties": {
	    "nguoi_yeu_cau": {"$ref": "#/$defs/nguoi", "title": "Người yêu cầu"},
	    "loai": {"title": "Loại", "oneOf": [{"const": 2, "title": "Bản sao"}, {"const": 1, "title": "Bản chính"}]},
	    "so_ban": {"type": "integer", "exclusiveMinimum": 0, "maximum": 5},
	    "giay_to": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": ["CCCD", "Hộ chiếu"]}}
	  },
	  "additionalProperties": false
	}`)}
	for _, all := range []bool{false, true} {
		checkSample(t, p, all)
	}
}

func checkSample(t *testing.T, p *catalog.Procedure, all bool) {
	t.Helper()
	form, err := demo.SampleForm(p, all)
	if err != nil {
		t.Errorf("%s: SampleForm(all=%v): %v", p.Code, all, err)
		return
	}
	problems, err := catalog.ValidateForm(p, form)
	if err != nil || len(problems) > 0 {
		t.Errorf("%s: ValidateForm(SampleForm(all=%v)) = %v, %v; want no problems\n%s", p.Code, all, problems, err, form)
	}
}

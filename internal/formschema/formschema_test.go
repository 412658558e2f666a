package formschema

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func ptr[T any](v T) *T { return &v }

// TestParse reads a form that uses what the model knows: order, $ref with the referrer's title,
// oneOf choices with titles, a nullable type, lists, bounds and defaults.
func TestParse(t *testing.T) {
	const schema = `{
	  "$schema": "https://json-schema.org/draft/2020-12/schema",
	  "type": "object", "title": "Tờ khai", "description": "Điền đủ.",
	  "required": ["nguoi_yeu_cau", "so_ban"],
	  "$defs": {
	    "nguoi": {"type": "object", "title": "Người", "required": ["ho_ten"],
	      "properties": {
	        "ho_ten": {"type": "string", "title": "Họ và tên", "minLength": 2, "maxLength": 100},
	        "dien_thoai": {"type": ["string", "null"], "pattern": "^0[0-9]{9}$"}
	      }},
	    "ngay": {"$ref": "#/definitions/date"}
	  },
	  "definitions": {"date": {"type": "string", "format": "date", "title": "Ngày"}},
	  "properties": {
	    "nguoi_yeu_cau": {"$ref": "#/$defs/nguoi", "title": "Người yêu cầu"},
	    "so_ban": {"type": "integer", "title": "Số bản", "minimum": 1, "maximum": 10, "default": 1},
	    "gioi_tinh": {"title": "Giới tính", "oneOf": [{"const": "nam", "title": "Nam"}, {"const": "nu", "title": "Nữ"}]},
	    "muc_dich": {"type": "string", "enum": ["Học tập", "Công tác"]},
	    "ngay_cap": {"$ref": "#/$defs/ngay", "description": "Ngày cấp giấy."},
	    "giay_to": {"type": "array", "minItems": 1, "maxItems": 3, "uniqueItems": true,
	      "items": {"type": "string", "enum": ["CCCD", "Hộ chiếu"]}},
	    "ghi_chu": {"type": "array", "items": {"type": "string", "maxLength": 200}},
	    "dong_y": {"type": "boolean", "const": true},
	    "dien_tich": {"type": "number", "exclusiveMinimum": 0},
	    "phu_luc": {"type": "array", "items": {"type": "object"}},
	    "khac": {}
	  }
	}`
	fm, err := Parse(json.RawMessage(schema))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := &Form{Title: "Tờ khai", Description: "Điền đủ.", Fields: []*Field{
		{Name: "nguoi_yeu_cau", Path: "nguoi_yeu_cau", Kind: KindObject, Type: "object", Title: "Người yêu cầu", Required: true,
			Fields: []*Field{
				{Name: "ho_ten", Path: "nguoi_yeu_cau.ho_ten", Kind: KindString, Type: "string", Title: "Họ và tên",
					Required: true, MinLength: ptr(2), MaxLength: ptr(100)},
				{Name: "dien_thoai", Path: "nguoi_yeu_cau.dien_thoai", Kind: KindString, Type: "string", Nullable: true,
					Pattern: "^0[0-9]{9}$"},
			}},
		{Name: "so_ban", Path: "so_ban", Kind: KindInteger, Type: "integer", Title: "Số bản", Required: true,
			Minimum: ptr(1.0), Maximum: ptr(10.0), Default: 1.0, HasDefault: true},
		{Name: "gioi_tinh", Path: "gioi_tinh", Kind: KindChoice, Type: "string", Title: "Giới tính",
			Choices: []Choice{{Value: "nam", Title: "Nam"}, {Value: "nu", Title: "Nữ"}}},
		{Name: "muc_dich", Path: "muc_dich", Kind: KindChoice, Type: "string",
			Choices: []Choice{{Value: "Học tập"}, {Value: "Công tác"}}},
		{Name: "ngay_cap", Path: "ngay_cap", Kind: KindString, Type: "string", Format: "date", Title: "Ngày",
			Description: "Ngày cấp giấy."},
		{Name: "giay_to", Path: "giay_to", Kind: KindMultiChoice, Type: "array", MinItems: ptr(1), MaxItems: ptr(3),
			UniqueItems: true, Items: &Field{Name: "giay_to", Path: "giay_to", Kind: KindChoice, Type: "string",
				Choices: []Choice{{Value: "CCCD"}, {Value: "Hộ chiếu"}}}},
		{Name: "ghi_chu", Path: "ghi_chu", Kind: KindList, Type: "array",
			Items: &Field{Name: "ghi_chu", Path: "ghi_chu", Kind: KindString, Type: "string", MaxLength: ptr(200)}},
		{Name: "dong_y", Path: "dong_y", Kind: KindBoolean, Type: "boolean", Const: true, HasConst: true},
		{Name: "dien_tich", Path: "dien_tich", Kind: KindNumber, Type: "number", ExclusiveMinimum: ptr(0.0)},
		{Name: "phu_luc", Path: "phu_luc", Kind: KindUnsupported, Type: "array",
			Items: &Field{Name: "phu_luc", Path: "phu_luc", Kind: KindObject, Type: "object"}},
		{Name: "khac", Path: "khac", Kind: KindUnsupported},
	}}
	if diff := cmp.Diff(want, fm); diff != "" {
		t.Errorf("Parse mismatch (-want +got):\n%s", diff)
	}

	if f := fm.Find("nguoi_yeu_cau.ho_ten"); f == nil || f.Label() != "Họ và tên" {
		t.Errorf("Find(nguoi_yeu_cau.ho_ten) = %+v; want the name field", f)
	}
	if f := fm.Find("nguoi_yeu_cau.dien_thoai"); f == nil || f.Label() != "dien_thoai" {
		t.Errorf("Find(nguoi_yeu_cau.dien_thoai).Label() = %v; want the property name", f)
	}
	for _, p := range []string{"", "khong_co", "nguoi_yeu_cau.khong_co", "so_ban.x"} {
		if f := fm.Find(p); f != nil {
			t.Errorf("Find(%q) = %s; want nil", p, f.Path)
		}
	}
	if got := fm.Fields[2].Choices[1].Label(); got != "Nữ" {
		t.Errorf("oneOf choice Label() = %q; want Nữ", got)
	}
	if got := (Choice{Value: 2.0}).Label(); got != "2" {
		t.Errorf("Choice{2}.Label() = %q; want 2", got)
	}
}

// TestWalk visits fields in the schema's order, parents first, and skips children on false.
func TestWalk(t *testing.T) {
	fm, err := Parse(json.RawMessage(`{"type": "object", "properties": {
	  "b": {"type": "object", "properties": {"z": {"type": "string"}, "a": {"type": "string"}}},
	  "a": {"type": "array", "items": {"type": "string"}},
	  "c": {"type": "object", "properties": {"x": {"type": "string"}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	fm.Walk(func(f *Field) bool {
		got = append(got, f.Path+":"+string(f.Kind))
		return f.Name != "c"
	})
	want := []string{"b:object", "b.z:string", "b.a:string", "a:list", "a:string", "c:object"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Walk order (-want +got):\n%s", diff)
	}
}

func TestParseRefuses(t *testing.T) {
	deep := `{"type": "string"}`
	for range MaxDepth + 1 {
		deep = `{"type": "object", "properties": {"x": ` + deep + `}}`
	}
	loop := `{"type": "object", "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},
	  "properties": {"x": {"$ref": "#/$defs/a"}}}`
	tests := []struct{ name, schema, want string }{
		{"not JSON", `{`, "unexpected end"},
		{"not an object form", `{"type": "string"}`, `want an object`},
		{"missing $ref", `{"type": "object", "properties": {"x": {"$ref": "#/$defs/nope"}}}`, `"#/$defs/nope" is not in $defs`},
		{"remote $ref", `{"type": "object", "properties": {"x": {"$ref": "https://example.com/s.json"}}}`, "is not in $defs"},
		{"$ref loop", loop, "nests too deep"},
		{"too deep", deep, "nests too deep"},
		{"properties not an object", `{"type": "object", "properties": []}`, "properties is not an object"},
		{"bad bound", `{"type": "object", "properties": {"x": {"type": "string", "maxLength": "ten"}}}`, "x:"},
	}
	for _, tt := range tests {
		_, err := Parse(json.RawMessage(tt.schema))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Parse = %v; want an error containing %q", tt.name, err, tt.want)
		}
	}
}

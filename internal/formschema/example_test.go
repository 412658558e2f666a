package formschema_test

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/motcua/motcua/internal/formschema"
)

// A renderer walks the fields and picks a widget from each field's kind, choices and bounds.
func ExampleParse() {
	fm, err := formschema.Parse(json.RawMessage(`{
	  "type": "object", "title": "Tờ khai", "required": ["nguoi_yeu_cau"],
	  "$defs": {"ngay": {"type": "string", "format": "date"}},
	  "properties": {
	    "nguoi_yeu_cau": {"type": "object", "title": "Người yêu cầu", "required": ["ho_ten"], "properties": {
	      "ho_ten": {"type": "string", "title": "Họ và tên", "maxLength": 100},
	      "ngay_sinh": {"$ref": "#/$defs/ngay", "title": "Ngày sinh"}}},
	    "hinh_thuc": {"title": "Hình thức nhận", "oneOf": [
	      {"const": "truc_tiep", "title": "Trực tiếp"}, {"const": "buu_chinh", "title": "Qua bưu chính"}]}
	  }}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(fm.Title)
	fm.Walk(func(f *formschema.Field) bool {
		indent := strings.Repeat("  ", strings.Count(f.Path, "."))
		widget := string(f.Kind)
		switch {
		case f.Kind == formschema.KindChoice && len(f.Choices) <= 4:
			widget = "radios"
		case f.Format == "date":
			widget = "date"
		}
		var opts []string
		for _, c := range f.Choices {
			opts = append(opts, c.Label())
		}
		line := fmt.Sprintf("%s%s (%s, required %v) %s", indent, f.Label(), widget, f.Required, strings.Join(opts, " / "))
		fmt.Println(strings.TrimRight(line, " "))
		return true
	})
	// Output:
	// Tờ khai
	// Người yêu cầu (object, required true)
	//   Họ và tên (string, required true)
	//   Ngày sinh (date, required false)
	// Hình thức nhận (radios, required false) Trực tiếp / Qua bưu chính
}

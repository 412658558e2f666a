package catalog_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/i18n"
)

const englishForm = `{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
  "title":"Tờ khai","x-en":{"title":"Declaration"},
  "properties":{
    "ho_ten":{"type":"string","minLength":2,"title":"Họ, chữ đệm và tên","x-en":{"title":"Full name"}},
    "gioi_tinh":{"type":"string","enum":["Nam","Nữ"],"title":"Giới tính","x-en":{"title":"Sex","enum":["Male","Female"]}}},
  "required":["ho_ten","gioi_tinh"]}`

// TestFormSchemaEnglish: a form carrying its English in "x-en" passes the catalog's validation
// (a validator ignores the annotation), a malformed "x-en" does not, and ValidateForm names
// each field by its title in each language.
func TestFormSchemaEnglish(t *testing.T) {
	p := proc("1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch")
	p.FormSchema = json.RawMessage(englishForm)
	if errs := catalog.Validate(&p); len(errs) > 0 {
		t.Fatalf("Validate(form with x-en) = %v; want no errors", errs)
	}
	bad := p
	bad.FormSchema = json.RawMessage(strings.Replace(englishForm, `["Male","Female"]`, `["Male"]`, 1))
	if errs := catalog.Validate(&bad); len(errs) == 0 {
		t.Error("Validate accepted an x-en enum with one title for two values")
	}
	errs, err := catalog.ValidateForm(&p, json.RawMessage(`{"gioi_tinh":"Nam"}`))
	if err != nil || len(errs) != 1 {
		t.Fatalf("ValidateForm = %v, %v; want one error", errs, err)
	}
	if vi, en := errs[0].In(i18n.VI), errs[0].In(i18n.EN); !strings.Contains(vi, "Họ, chữ đệm và tên") || !strings.Contains(en, "Full name") || strings.Contains(en, "Họ") {
		t.Errorf("required ho_ten: vi %q, en %q; want each to name the field in its language", vi, en)
	}
}

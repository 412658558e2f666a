package web

import (
	"bytes"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web/webtest/htmlcheck"
)

// submitted is what a browser sends for a rendered form: each field's value, the checked
// options, a ticked checkbox's "true".
func submitted(fields []*FieldView) url.Values {
	vals := url.Values{}
	var walk func([]*FieldView)
	walk = func(fields []*FieldView) {
		for _, f := range fields {
			switch f.Kind {
			case KindGroup:
				walk(f.Fields)
			case KindCheckbox:
				if f.Checked {
					vals.Add(f.Path, "true")
				}
			case KindRadios, KindSelect, KindCheckboxes:
				for _, o := range f.Options {
					if o.Selected {
						vals.Add(f.Path, o.Value)
					}
				}
				if f.Kind == KindSelect && !vals.Has(f.Path) {
					vals.Set(f.Path, "")
				}
			case KindDate:
				vals.Set(f.Path+"-day", f.Date.Day)
				vals.Set(f.Path+"-month", f.Date.Month)
				vals.Set(f.Path+"-year", f.Date.Year)
			default:
				vals.Set(f.Path, f.Value)
			}
		}
	}
	walk(fields)
	return vals
}

// renderFields renders form fields in a minimal page that htmlcheck.Page accepts.
func renderFields(t *testing.T, s *Site, l Lang, fv *FormView) string {
	t.Helper()
	var b bytes.Buffer
	b.WriteString(`<!doctype html><html lang="vi"><body><a class="skip-link" href="#main">x</a><main id="main"><h1>x</h1><form>`)
	signin, err := s.core.page(l.Lang, "signin")
	if err != nil {
		t.Fatal(err)
	}
	if err := signin.ExecuteTemplate(&b, "form_fields", fv.Fields); err != nil {
		t.Fatalf("form_fields: %v", err)
	}
	b.WriteString(`</form></main></body></html>`)
	return b.String()
}

func normalJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFormDemoProcedures renders every demo procedure's form, fills it as a browser would with
// demo.SampleForm's values (every field, then the required ones only), reads the post back and
// checks the result is the sample and satisfies the schema; an empty post gives errors that
// each link to an input on the page.
func TestFormDemoProcedures(t *testing.T) {
	items, err := demo.Procedures()
	if err != nil {
		t.Fatal(err)
	}
	h, err := NewSite(Config{Org: org.NewStore(nil), Identity: identity.NewStore(nil)})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		p := it.Procedure
		p.Version = 0 // not cached: the store sets versions
		t.Run(p.Code, func(t *testing.T) {
			fs, err := ParseFormSchema(p.FormSchema)
			if err != nil {
				t.Fatalf("parseFormSchema: %v", err)
			}
			var check func(nodes []*SchemaNode)
			check = func(nodes []*SchemaNode) {
				for _, n := range nodes {
					if n.Kind == KindAny {
						t.Errorf("field %s: no way to render %s", n.Path, n.Type)
					}
					if n.Title == n.Name {
						t.Errorf("field %s has no title", n.Path)
					}
					check(n.Props)
				}
			}
			check(fs.Fields)
			for _, all := range []bool{true, false} {
				sample, err := demo.SampleForm(&p, all)
				if err != nil {
					t.Fatal(err)
				}
				data := DecodeForm(sample)
				fv := fs.View(langVI, data, nil, false)
				for _, l := range []Lang{langVI, langEN} {
					htmlcheck.Page(t, p.Code, renderFields(t, h, l, fs.View(l, data, nil, false)))
				}
				got, problems := fs.Parse(langVI, submitted(fv.Fields))
				if len(problems) > 0 {
					t.Errorf("all=%v: parse problems %v", all, problems)
				}
				if diff := cmp.Diff(normalJSON(t, data), normalJSON(t, got)); diff != "" {
					t.Errorf("all=%v: round trip (-sample +parsed):\n%s", all, diff)
				}
				js, _ := json.Marshal(got)
				if fe, err := catalog.ValidateForm(&p, js); err != nil || len(fe) > 0 {
					t.Errorf("all=%v: ValidateForm(parsed) = %v, %v", all, fe, err)
				}
			}

			// An empty form: every error is summarised with a link to an input of the page.
			empty, _ := fs.Parse(langVI, submitted(fs.View(langVI, map[string]any{}, nil, false).Fields))
			js, _ := json.Marshal(empty)
			fe, err := catalog.ValidateForm(&p, js)
			if err != nil {
				t.Fatal(err)
			}
			fv := fs.View(langEN, empty, FormErrors(langEN, fe), false)
			if len(fe) > 0 && len(fv.Summary) == 0 {
				t.Errorf("empty form: %d errors, none summarised", len(fe))
			}
			page := renderFields(t, h, langEN, fv)
			for _, e := range fv.Summary {
				if e.ID == "" || !strings.Contains(page, `id="`+e.ID+`"`) {
					t.Errorf("empty form: summary entry %q links to %q, not an input of the page", e.Message, e.ID)
				}
			}
			if n := strings.Count(page, `class="error-message"`); n != len(fv.Summary) {
				t.Errorf("empty form: %d messages beside fields for %d errors", n, len(fv.Summary))
			}
		})
	}
}

// birthSchema is a small form in the demo's style, with a $ref, an optional section with a
// default, numbers, a list and a declaration.
const birthSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object", "title": "Tờ khai", "description": "Khai đủ các mục.",
  "$defs": {
    "nguoi": {"type": "object", "title": "Người", "properties": {
      "ho_ten": {"type": "string", "title": "Họ, chữ đệm và tên", "minLength": 2, "maxLength": 100},
      "quoc_tich": {"type": "string", "title": "Quốc tịch", "default": "Việt Nam", "maxLength": 60}
    }, "required": ["ho_ten"], "additionalProperties": false}
  },
  "properties": {
    "nguoi_yeu_cau": {"$ref": "#/$defs/nguoi", "title": "Người yêu cầu"},
    "cha": {"$ref": "#/$defs/nguoi", "title": "Cha"},
    "so_dinh_danh": {"type": "string", "title": "Số định danh cá nhân", "pattern": "^[0-9]{12}$", "description": "Gồm 12 chữ số."},
    "gioi_tinh": {"type": "string", "title": "Giới tính", "enum": ["Nam", "Nữ"]},
    "quan_he": {"type": "string", "title": "Quan hệ", "enum": ["Cha", "Mẹ", "Ông", "Bà", "Khác"]},
    "ngay_sinh": {"type": "string", "format": "date", "title": "Ngày sinh"},
    "email": {"type": "string", "format": "email", "title": "Email"},
    "so_ban": {"type": "integer", "title": "Số bản sao", "minimum": 0},
    "dien_tich": {"type": "number", "title": "Diện tích", "exclusiveMinimum": 0},
    "nganh_nghe": {"type": "array", "title": "Ngành, nghề", "items": {"type": "string", "minLength": 4}, "uniqueItems": true},
    "noi_dung": {"type": "array", "title": "Nội dung", "items": {"type": "string", "enum": ["Tên", "Địa chỉ", "Vốn"]}, "uniqueItems": true},
    "cam_doan": {"type": "boolean", "title": "Cam đoan", "const": true},
    "co_phien_dich": {"type": "boolean", "title": "Cần phiên dịch"},
    "ghi_chu": {"type": "string", "title": "Ghi chú", "maxLength": 2000}
  },
  "required": ["nguoi_yeu_cau", "gioi_tinh", "cam_doan", "co_phien_dich"],
  "additionalProperties": false
}`

func TestFormSchemaParse(t *testing.T) {
	fs, err := ParseFormSchema(json.RawMessage(birthSchema))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var walk func([]*SchemaNode)
	walk = func(nodes []*SchemaNode) {
		for _, n := range nodes {
			got = append(got, n.Path+":"+n.Kind+":"+n.ID)
			walk(n.Props)
		}
	}
	walk(fs.Fields)
	want := []string{
		"nguoi_yeu_cau:group:f-nguoi_yeu_cau", "nguoi_yeu_cau.ho_ten:text:f-nguoi_yeu_cau-ho_ten", "nguoi_yeu_cau.quoc_tich:text:f-nguoi_yeu_cau-quoc_tich",
		"cha:group:f-cha", "cha.ho_ten:text:f-cha-ho_ten", "cha.quoc_tich:text:f-cha-quoc_tich",
		"so_dinh_danh:text:f-so_dinh_danh", "gioi_tinh:radios:f-gioi_tinh", "quan_he:select:f-quan_he", "ngay_sinh:date:f-ngay_sinh",
		"email:email:f-email", "so_ban:integer:f-so_ban", "dien_tich:number:f-dien_tich", "nganh_nghe:lines:f-nganh_nghe",
		"noi_dung:checkboxes:f-noi_dung", "cam_doan:checkbox:f-cam_doan", "co_phien_dich:checkbox:f-co_phien_dich", "ghi_chu:textarea:f-ghi_chu",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fields in schema order (-want +got):\n%s", diff)
	}
	if n := fs.find("cha"); n.Title != "Cha" || n.Required {
		t.Errorf("cha: title %q required %v; want the referring title, optional", n.Title, n.Required)
	}
	if n := fs.find("nguoi_yeu_cau"); n.Title != "Người yêu cầu" || !n.Required {
		t.Errorf("nguoi_yeu_cau: title %q required %v", n.Title, n.Required)
	}
	for _, bad := range []string{`{`, `{"properties": {"x": {"$ref": "#/$defs/none"}}}`, `{"properties": []}`,
		`{"$defs": {"a": {"$ref": "#/$defs/a"}}, "properties": {"x": {"$ref": "#/$defs/a"}}}`} {
		if _, err := ParseFormSchema(json.RawMessage(bad)); err == nil {
			t.Errorf("parseFormSchema(%s) succeeded; want an error", bad)
		}
	}
	if got := fieldID("a.b c/đ"); got != "f-a-b-c--" {
		t.Errorf(`fieldID("a.b c/đ") = %q`, got)
	}
}

func TestFormParse(t *testing.T) {
	fs, err := ParseFormSchema(json.RawMessage(birthSchema))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		form     url.Values
		want     string // JSON
		problems []string
	}{
		{"empty: required sections present, required non-const boolean false", url.Values{},
			`{"nguoi_yeu_cau": {}, "co_phien_dich": false}`, nil},
		{"defaults alone leave an optional section out", url.Values{"cha.quoc_tich": {"Việt Nam"}, "nguoi_yeu_cau.quoc_tich": {"Việt Nam"}},
			`{"nguoi_yeu_cau": {"quoc_tich": "Việt Nam"}, "co_phien_dich": false}`, nil},
		{"an optional section with an answer", url.Values{"cha.ho_ten": {"  Trần Văn Cha "}, "cha.quoc_tich": {"Việt Nam"}},
			`{"nguoi_yeu_cau": {}, "cha": {"ho_ten": "Trần Văn Cha", "quoc_tich": "Việt Nam"}, "co_phien_dich": false}`, nil},
		{"numbers, a date typed in its boxes, lists, checkboxes", url.Values{
			"so_ban": {"1.500"}, "dien_tich": {"12,5"}, "ngay_sinh-day": {" 5"}, "ngay_sinh-month": {"03"}, "ngay_sinh-year": {"2026"}, "gioi_tinh": {"Nữ"},
			"nganh_nghe": {"4711 Bán lẻ\r\n\r\n  4711 Bán lẻ \n5610 Nhà hàng\n"}, "noi_dung": {"Vốn", "Tên", "Vốn", ""},
			"cam_doan": {"true"}, "co_phien_dich": {"true"}},
			`{"nguoi_yeu_cau": {}, "so_ban": 1500, "dien_tich": 12.5, "ngay_sinh": "2026-03-05", "gioi_tinh": "Nữ",
			  "nganh_nghe": ["4711 Bán lẻ", "5610 Nhà hàng"], "noi_dung": ["Vốn", "Tên"], "cam_doan": true, "co_phien_dich": true}`, nil},
		{"numbers that do not parse are kept and reported", url.Values{"so_ban": {"ba"}, "dien_tich": {"1e9"}},
			`{"nguoi_yeu_cau": {}, "so_ban": "ba", "dien_tich": "1e9", "co_phien_dich": false}`, []string{"form.so_ban", "form.dien_tich"}},
		{"a date posted as one value, dd/mm/yyyy", url.Values{"ngay_sinh": {"5/3/2026"}},
			`{"nguoi_yeu_cau": {}, "ngay_sinh": "2026-03-05", "co_phien_dich": false}`, nil},
		{"a date with empty boxes is left out", url.Values{"ngay_sinh-day": {""}, "ngay_sinh-month": {" "}, "ngay_sinh-year": {""}},
			`{"nguoi_yeu_cau": {}, "co_phien_dich": false}`, nil},
		{"an impossible date is kept as typed and reported", url.Values{"ngay_sinh-day": {"31"}, "ngay_sinh-month": {"2"}, "ngay_sinh-year": {"2026"}},
			`{"nguoi_yeu_cau": {}, "ngay_sinh": "31/2/2026", "co_phien_dich": false}`, []string{"form.ngay_sinh"}},
		{"a date without its month is kept as typed and reported", url.Values{"ngay_sinh-day": {"27"}, "ngay_sinh-month": {""}, "ngay_sinh-year": {"2007"}},
			`{"nguoi_yeu_cau": {}, "ngay_sinh": "27//2007", "co_phien_dich": false}`, []string{"form.ngay_sinh"}},
		{"an unknown option is left for the validator", url.Values{"gioi_tinh": {"X"}},
			`{"nguoi_yeu_cau": {}, "gioi_tinh": "X", "co_phien_dich": false}`, nil},
		{"inputs the schema does not have are ignored", url.Values{"_agency": {"00070"}, "hack": {"1"}, "nguoi_yeu_cau.khac": {"x"}},
			`{"nguoi_yeu_cau": {}, "co_phien_dich": false}`, nil},
	}
	for _, tt := range tests {
		got, problems := fs.Parse(langVI, tt.form)
		var want any
		if err := json.Unmarshal([]byte(tt.want), &want); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, normalJSON(t, got)); diff != "" {
			t.Errorf("%s: parse (-want +got):\n%s", tt.name, diff)
		}
		var paths []string
		for _, p := range problems {
			paths = append(paths, p.Path)
			if p.Message == "" || p.MessageEn == "" {
				t.Errorf("%s: problem %s lacks a message", tt.name, p.Path)
			}
		}
		if !slices.Equal(paths, tt.problems) {
			t.Errorf("%s: problems at %v; want %v", tt.name, paths, tt.problems)
		}
	}
}

func TestFormView(t *testing.T) {
	fs, err := ParseFormSchema(json.RawMessage(birthSchema))
	if err != nil {
		t.Fatal(err)
	}
	h, err := NewSite(Config{Org: org.NewStore(nil), Identity: identity.NewStore(nil)})
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]any{"gioi_tinh": "Nữ", "quan_he": "Bà", "so_ban": json.Number("3"), "nganh_nghe": []any{"a b c d", "e f g h"},
		"noi_dung": []any{"Vốn"}, "cam_doan": true}
	errs := map[string]string{
		"form.nguoi_yeu_cau.ho_ten": "“Họ, chữ đệm và tên” là bắt buộc.",
		"form.nganh_nghe.1":         "Trường nganh_nghe.1 cần ít nhất 4 ký tự.",
		"form":                      "Biểu mẫu có lỗi.",
	}
	fv := fs.View(langVI, data, errs, true)
	page := renderFields(t, h, langVI, fv)
	htmlcheck.Page(t, "form view", page)
	for _, want := range []string{
		`<legend class="fieldset-legend"><span lang="vi">Người yêu cầu</span></legend>`,
		`<legend class="fieldset-legend"><span lang="vi">Cha</span> <span class="optional">(không bắt buộc)</span></legend>`,
		`<p id="f-cha-hint" class="hint">Bỏ trống cả phần này`,
		`id="f-nguoi_yeu_cau-ho_ten" name="nguoi_yeu_cau.ho_ten" type="text" class="input" value="" maxlength="100"`,
		`aria-describedby="f-nguoi_yeu_cau-ho_ten-error" aria-invalid="true"`,
		`<p id="f-nguoi_yeu_cau-ho_ten-error" class="error-message">`,
		`value="Việt Nam"`, // the default, on a new form
		`name="nguoi_yeu_cau.ho_ten" type="text" class="input" value="" maxlength="100" autocomplete="name"`,
		`name="cha.ho_ten" type="text" class="input" value="" maxlength="100" autocomplete="off"`,
		`name="email" type="email" class="input input-medium" value="" autocomplete="email"`,
		`name="so_dinh_danh" type="text" class="input input-medium" value="" pattern="^[0-9]{12}$" inputmode="numeric"`,
		`aria-describedby="f-so_dinh_danh-hint"`, `<span lang="vi">Gồm 12 chữ số.</span>`,
		`<input id="f-gioi_tinh-2" name="gioi_tinh" type="radio" value="Nữ" checked>`,
		`<select id="f-quan_he" name="quan_he" class="select"`, `<option value="Bà" lang="vi" selected>Bà</option>`,
		`<fieldset class="fieldset" role="group" aria-describedby="f-ngay_sinh-hint">`, `<legend class="label"><span lang="vi">Ngày sinh</span>`,
		`<p id="f-ngay_sinh-hint" class="hint">Ví dụ: 27 3 2007</p>`,
		`<label for="f-ngay_sinh" class="date-input-label">Ngày</label>`,
		`<input id="f-ngay_sinh" name="ngay_sinh-day" type="text" class="input input-width-2" value="" inputmode="numeric" maxlength="2"`,
		`<label for="f-ngay_sinh-month" class="date-input-label">Tháng</label>`,
		`<input id="f-ngay_sinh-month" name="ngay_sinh-month" type="text" class="input input-width-2" value="" inputmode="numeric" maxlength="2"`,
		`<label for="f-ngay_sinh-year" class="date-input-label">Năm</label>`,
		`<input id="f-ngay_sinh-year" name="ngay_sinh-year" type="text" class="input input-width-4" value="" inputmode="numeric" maxlength="4"`,
		`name="email" type="email"`,
		`name="so_ban" type="text" class="input input-short" value="3" inputmode="numeric"`,
		`name="dien_tich" type="text" class="input input-short" value="" inputmode="decimal"`,
		`<textarea id="f-nganh_nghe" name="nganh_nghe" class="textarea" rows="5" aria-describedby="f-nganh_nghe-hint f-nganh_nghe-error" aria-invalid="true">a b c d
e f g h</textarea>`,
		"“Ngành, nghề”, dòng 2: cần ít nhất 4 ký tự.",
		`<input id="f-noi_dung-3" name="noi_dung" type="checkbox" value="Vốn" checked>`,
		`<input id="f-cam_doan" name="cam_doan" type="checkbox" value="true" checked>`,
		`<textarea id="f-ghi_chu" name="ghi_chu" class="textarea" rows="5" maxlength="2000"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("rendered form lacks %s", want)
		}
	}
	if strings.Contains(page, `(không bắt buộc)</span></label>`+"\n"+`  <p id="f-gioi_tinh`) {
		t.Errorf("a required field is marked optional")
	}
	wantSummary := []ViewError{
		{ID: "f-nguoi_yeu_cau-ho_ten", Message: "Người yêu cầu: “Họ, chữ đệm và tên” là bắt buộc."},
		{ID: "f-nganh_nghe", Message: "“Ngành, nghề”, dòng 2: cần ít nhất 4 ký tự."},
	}
	if diff := cmp.Diff(wantSummary, fv.Summary); diff != "" {
		t.Errorf("summary in page order (-want +got):\n%s", diff)
	}
	// English pages keep the procedure's Vietnamese marked as such, the portal's words in English.
	en := renderFields(t, h, langEN, fs.View(langEN, data, nil, false))
	for _, want := range []string{`<span lang="vi">Cha</span> <span class="optional">(optional)</span>`, "Put each item on its own line.",
		`<label for="f-gioi_tinh" class="radio-label" lang="vi">Nam</label>`} {
		if !strings.Contains(en, want) {
			t.Errorf("English form lacks %s", want)
		}
	}
	if strings.Contains(en, `value="Việt Nam"`) {
		t.Errorf("a form re-shown after a post pre-fills defaults")
	}

	// Answers, in the form's order, by section, dates and booleans as people read them.
	answers := fs.Answers(langEN, map[string]any{"nguoi_yeu_cau": map[string]any{"ho_ten": "An"}, "ngay_sinh": "2026-03-05",
		"cam_doan": true, "nganh_nghe": []any{"x", "y"}, "old_field": "kept"})
	wantAnswers := []AnswerSection{
		{Title: "Người yêu cầu", VI: true, Rows: []answer{{Title: "Họ, chữ đệm và tên", VI: true, ID: "f-nguoi_yeu_cau-ho_ten", Value: "An"}}},
		{Rows: []answer{
			{Title: "Ngày sinh", VI: true, ID: "f-ngay_sinh", Value: "05/03/2026", ValueEN: true}, // dd/mm/yyyy in English too,
			{Title: "Ngành, nghề", VI: true, ID: "f-nganh_nghe", Values: []string{"x", "y"}},
			{Title: "Cam đoan", VI: true, ID: "f-cam_doan", Value: "Yes", ValueEN: true},
			{Title: "old_field", VI: true, Value: "kept"},
		}},
	}
	if diff := cmp.Diff(wantAnswers, answers); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
}

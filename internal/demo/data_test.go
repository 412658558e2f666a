package demo

// Checks of the demo catalogue seed data/procedures.json (built by data/build.py): it decodes
// strictly into catalog.Procedure, passes the catalog's own validation, keeps the published
// facts in the allowed shapes, and every form_schema is a working JSON Schema 2020-12 form.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/org"
)

const seedPath = "data/procedures.json"

// seedContract is the procedures CONTRACT.md's demo relies on: code → words of the name.
var seedContract = map[string]string{
	"1.001193": "đăng ký khai sinh",
	"1.000894": "đăng ký kết hôn",
	"3.000333": "phiếu lý lịch tư pháp",
	"2.000815": "chứng thực bản sao từ bản chính",
	"1.001612": "đăng ký thành lập hộ kinh doanh",
	"1.013225": "cấp giấy phép xây dựng",
}

var (
	seedSlugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	seedKeyRe  = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

func loadSeed(t *testing.T) ([]byte, []catalog.Procedure) {
	t.Helper()
	raw, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var ps []catalog.Procedure
	if err := dec.Decode(&ps); err != nil {
		t.Fatalf("decode %s: %v", seedPath, err)
	}
	if dec.More() {
		t.Fatalf("%s: data after the array", seedPath)
	}
	return raw, ps
}

func TestSeedProcedures(t *testing.T) {
	_, ps := loadSeed(t)
	if len(ps) != 46 {
		t.Fatalf("got %d procedures, want 46", len(ps))
	}
	byCode := map[string]*catalog.Procedure{}
	for i := range ps {
		p := &ps[i]
		if byCode[p.Code] != nil {
			t.Errorf("duplicate code %s", p.Code)
		}
		byCode[p.Code] = p
	}
	for code, words := range seedContract {
		p := byCode[code]
		if p == nil {
			t.Errorf("contract procedure %s (%s) missing", code, words)
			continue
		}
		if !strings.Contains(strings.ToLower(p.Name), words) {
			t.Errorf("%s: name %q does not contain %q", code, p.Name, words)
		}
	}

	legacy := map[catalog.OnlineLevel]int{catalog.OnlineFull: 4, catalog.OnlinePartial: 3, catalog.OnlineNone: 2}
	formats := map[string]bool{"pdf": true, "jpg": true, "png": true, "docx": true}
	var freeFullCommune, paid bool
	for i := range ps {
		p := &ps[i]
		at := func(format string, args ...any) { t.Errorf(p.Code+": "+format, args...) }
		if p.Level != catalog.LevelCommune && p.Level != catalog.LevelProvince {
			at("level %q", p.Level)
		}
		want, ok := legacy[p.OnlineLevel]
		if !ok {
			at("online_level %q", p.OnlineLevel)
		} else if p.LegacyLevel != want {
			at("legacy_level %d for online_level %s, want %d", p.LegacyLevel, p.OnlineLevel, want)
		}
		if p.Name == "" || p.Field == "" || p.ImplementingAgency == "" || p.DecidingAgency == "" {
			at("name, field, implementing and deciding agency must be set")
		}
		if !strings.HasPrefix(p.Source, "https://") {
			at("source %q is not an https URL", p.Source)
		}
		if p.Status != catalog.StatusActive {
			at("status %q", p.Status)
		}

		// Channels: known, unique, in canonical order, and consistent with the online level.
		seen := map[string]bool{}
		for _, c := range p.Channels {
			if c != "online" && c != "counter" && c != "post" || seen[c] {
				at("channel %q unknown or repeated", c)
			}
			seen[c] = true
		}
		if len(p.Channels) == 0 {
			at("no channels")
		}
		if (p.OnlineLevel == catalog.OnlineNone) == seen["online"] {
			at("online_level %s with channels %v", p.OnlineLevel, p.Channels)
		}

		// Processing time: one unit at most; the source's text is always kept.
		set := 0
		for _, v := range []*int{p.ProcessingDays, p.ProcessingHours, p.ProcessingCalendarDays} {
			if v != nil {
				set++
				if *v < 0 {
					at("negative processing time")
				}
			}
		}
		if set > 1 {
			at("more than one processing-time unit")
		}
		if p.ProcessingTimeText == "" {
			at("processing_time_text empty")
		}

		// Headline fee = the first fee's amount when it is a number.
		var first *int64
		if len(p.Fees) > 0 {
			first = p.Fees[0].AmountVND
		}
		switch {
		case (p.FeeVND == nil) != (first == nil):
			at("fee_vnd %v does not follow the first fee %v", p.FeeVND, first)
		case p.FeeVND != nil && *p.FeeVND != *first:
			at("fee_vnd %d, first fee %d", *p.FeeVND, *first)
		}
		for j, f := range p.Fees {
			if f.Name == "" || f.AmountVND != nil && *f.AmountVND < 0 {
				at("fees[%d] bad", j)
			}
		}
		if p.FeeVND != nil && *p.FeeVND == 0 && p.OnlineLevel == catalog.OnlineFull && p.Level == catalog.LevelCommune {
			freeFullCommune = true
		}
		if p.FeeVND != nil && *p.FeeVND > 0 {
			paid = true
		}

		if n := len(p.Steps); n < 3 || n > 6 {
			at("%d steps, want 3–6", n)
		}
		for j, s := range p.Steps {
			if s == "" || !strings.HasSuffix(s, ".") {
				at("steps[%d] %q is not a sentence", j, s)
			}
		}
		for j, l := range p.LegalBases {
			if l == "" {
				at("legal_bases[%d] empty", j)
			}
		}

		ids := map[string]bool{}
		for j, c := range p.Components {
			where := fmt.Sprintf("components[%d] %s", j, c.ID)
			if !seedSlugRe.MatchString(c.ID) || ids[c.ID] {
				at("%s: id not a unique slug", where)
			}
			ids[c.ID] = true
			if c.Name == "" || c.Originals < 0 || c.Copies < 0 {
				at("%s: name or counts bad", where)
			}
			if !c.Required && c.Condition == "" {
				at("%s: optional component without a condition", where)
			}
			for _, f := range c.Formats {
				if !formats[f] {
					at("%s: format %q", where, f)
				}
			}
			if c.TemplateURL != "" {
				at("%s: template_url set without a known official URL", where)
			}
		}
	}
	if !freeFullCommune {
		t.Error("no free (fee_vnd 0), fully online, commune-level procedure")
	}
	if !paid {
		t.Error("no procedure with fee_vnd > 0")
	}
}

// TestSeedText checks that every string and key is valid UTF-8 in NFC without stray spaces.
func TestSeedText(t *testing.T) {
	raw, _ := loadSeed(t)
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	check := func(path, s string) {
		switch {
		case !utf8.ValidString(s):
			t.Errorf("%s: invalid UTF-8", path)
		case !norm.NFC.IsNormalString(s):
			t.Errorf("%s: not NFC: %q", path, s)
		case strings.TrimSpace(s) != s:
			t.Errorf("%s: leading or trailing space: %q", path, s)
		}
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case string:
			check(path, v)
		case []any:
			for i, x := range v {
				walk(fmt.Sprintf("%s[%d]", path, i), x)
			}
		case map[string]any:
			for k, x := range v {
				check(path+" key", k)
				walk(path+"."+k, x)
			}
		}
	}
	walk("$", doc)
}

// TestSeedPassesCatalogValidation runs the catalog's import rules over the seed.
func TestSeedPassesCatalogValidation(t *testing.T) {
	_, ps := loadSeed(t)
	for i := range ps {
		p := ps[i]
		catalog.Normalize(&p)
		if p.Name != ps[i].Name || p.Notes != ps[i].Notes || len(p.Steps) != len(ps[i].Steps) {
			t.Errorf("%s: text changes under catalog.Normalize", p.Code)
		}
		for _, e := range catalog.Validate(&p) {
			t.Errorf("%s: %+v", p.Code, e)
		}
	}
}

func compileSeedSchema(raw json.RawMessage) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource("form.json", doc); err != nil {
		return nil, err
	}
	return c.Compile("form.json")
}

// seedInstance turns a Go value into a jsonschema instance (numbers as json.Number).
func seedInstance(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// seedSample is SampleForm's sample of p's form, decoded.
func seedSample(t *testing.T, p *catalog.Procedure, all bool) map[string]any {
	t.Helper()
	b, err := SampleForm(p, all)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// seedFields checks the form's structure and returns its number of leaf fields.
func seedFields(t *testing.T, where string, s map[string]any, depth int) int {
	t.Helper()
	props, _ := s["properties"].(map[string]any)
	if len(props) == 0 {
		t.Errorf("%s: no properties", where)
	}
	req, _ := s["required"].([]any)
	if len(req) == 0 {
		t.Errorf("%s: no required properties", where)
	}
	for _, k := range req {
		if _, ok := props[k.(string)]; !ok {
			t.Errorf("%s: required %q is not a property", where, k)
		}
	}
	n := 0
	for k, v := range props {
		p := v.(map[string]any)
		path := where + "." + k
		if !seedKeyRe.MatchString(k) {
			t.Errorf("%s: key is not ASCII snake_case", path)
		}
		if title, _ := p["title"].(string); title == "" {
			t.Errorf("%s: no title", path)
		}
		if p["type"] == "object" {
			if depth > 0 {
				t.Errorf("%s: objects nested more than one level", path)
			}
			n += seedFields(t, path, p, depth+1)
		} else {
			n++
		}
	}
	return n
}

func TestSeedFormSchemas(t *testing.T) {
	_, ps := loadSeed(t)
	for i := range ps {
		p := &ps[i]
		var s map[string]any
		if err := json.Unmarshal(p.FormSchema, &s); err != nil {
			t.Errorf("%s: form_schema: %v", p.Code, err)
			continue
		}
		if s["$schema"] != "https://json-schema.org/draft/2020-12/schema" || s["type"] != "object" {
			t.Errorf("%s: form_schema must declare draft 2020-12 and type object", p.Code)
		}
		if title, _ := s["title"].(string); title == "" {
			t.Errorf("%s: form_schema has no title", p.Code)
		}
		if n := seedFields(t, p.Code, s, 0); n < 5 || n > 20 {
			t.Errorf("%s: form has %d fields, want 5–20", p.Code, n)
		}
		sch, err := compileSeedSchema(p.FormSchema)
		if err != nil {
			t.Errorf("%s: compile: %v", p.Code, err)
			continue
		}
		for _, all := range []bool{false, true} {
			v := seedSample(t, p, all)
			if err := sch.Validate(seedInstance(t, v)); err != nil {
				t.Errorf("%s: sample (all fields: %v) rejected: %v", p.Code, all, err)
			}
		}
		if sch.Validate(seedInstance(t, map[string]any{})) == nil {
			t.Errorf("%s: empty form accepted", p.Code)
		}
	}
}

// TestSeedFormsReject spot-checks that the contract forms refuse bad input.
func TestSeedFormsReject(t *testing.T) {
	_, ps := loadSeed(t)
	forms := map[string]*catalog.Procedure{}
	schemas := map[string]*jsonschema.Schema{}
	for i := range ps {
		if _, ok := seedContract[ps[i].Code]; !ok {
			continue
		}
		sch, err := compileSeedSchema(ps[i].FormSchema)
		if err != nil {
			t.Fatal(err)
		}
		forms[ps[i].Code], schemas[ps[i].Code] = &ps[i], sch
	}
	cases := []struct {
		code, path string
		value      any // nil removes the field
	}{
		{"1.001193", "nguoi_yeu_cau.so_dinh_danh", "12345"},
		{"1.001193", "nguoi_duoc_khai_sinh.gioi_tinh", "Khác"},
		{"1.001193", "nguoi_duoc_khai_sinh.ngay_sinh", "15/03/2026"},
		{"1.001193", "nguoi_yeu_cau.dien_thoai", "912345678"},
		{"1.000894", "ben_nu", nil},
		{"3.000333", "loai_phieu", "Phiếu lý lịch tư pháp số 3"},
		{"3.000333", "nguoi_yeu_cau.email", "không-phải-email"},
		{"2.000815", "so_ban_sao", 0},
		{"2.000815", "so_ban_sao", 51},
		{"1.001612", "von_kinh_doanh", -1},
		{"1.001612", "ten_ho_kinh_doanh", "Cửa hàng Minh An"},
		{"1.001612", "nganh_nghe", []any{}},
		{"1.013225", "cap_cong_trinh", "Cấp I"},
		{"1.013225", "so_tang", "2"},
		{"1.013225", "dia_diem.thua_dat_so", 0},
		{"1.013225", "dien_tich_xay_dung", 0},
		{"1.013225", "ho_ten_khac", "thừa"},
	}
	for _, c := range cases {
		v := seedSample(t, forms[c.code], true)
		obj, keys := v, strings.Split(c.path, ".")
		for _, k := range keys[:len(keys)-1] {
			obj = obj[k].(map[string]any)
		}
		last := keys[len(keys)-1]
		if c.value == nil {
			delete(obj, last)
		} else {
			obj[last] = c.value
		}
		if schemas[c.code].Validate(seedInstance(t, v)) == nil {
			t.Errorf("%s: %s = %v accepted", c.code, c.path, c.value)
		}
	}
}

// TestSeedImports loads the seed through the catalog's import path on every engine: all 46
// procedures are published, read back unchanged, and a second import changes nothing.
func TestSeedImports(t *testing.T) {
	raw, ps := loadSeed(t)
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := catalog.NewStore(d)
		actor := &org.User{Username: "seed-test", Role: org.RoleCatalogAdmin}
		meta := catalog.Decision{Number: "SEED-TEST/QĐ-UBND", SignedOn: "2026-07-01", Signer: "Kiểm thử",
			Title: "Kiểm thử dữ liệu mẫu"}
		items, err := catalog.DecodeJSON(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := s.Import(ctx, actor, items, meta)
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		if len(rep.Published) != len(ps) {
			t.Fatalf("published %d of %d", len(rep.Published), len(ps))
		}
		for i := range ps {
			got, err := s.Procedure(ctx, ps[i].Code)
			if err != nil {
				t.Fatalf("%s: %v", ps[i].Code, err)
			}
			if got.Name != ps[i].Name || len(got.Components) != len(ps[i].Components) || len(got.Steps) != len(ps[i].Steps) ||
				!bytes.Equal(compactJSON(t, got.FormSchema), compactJSON(t, ps[i].FormSchema)) {
				t.Errorf("%s: stored procedure differs from the seed", ps[i].Code)
			}
		}
		items, _ = catalog.DecodeJSON(bytes.NewReader(raw))
		rep, err = s.Import(ctx, actor, items, catalog.Decision{Number: "SEED-TEST-2/QĐ-UBND", SignedOn: "2026-07-02",
			Signer: "Kiểm thử", Title: "Kiểm thử nhập lại"})
		if err != nil {
			t.Fatalf("re-import: %v", err)
		}
		if len(rep.Unchanged) != len(ps) {
			t.Errorf("re-import: %d unchanged, %d amended, %d published; want all %d unchanged",
				len(rep.Unchanged), len(rep.Amended), len(rep.Published), len(ps))
		}
	})
}

func compactJSON(t *testing.T, raw []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

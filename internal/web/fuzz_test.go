package web

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
)

// FuzzFormParse posts any form body to a demo procedure's form (which one, the fuzzer picks):
// the parse never panics,
// every problem names a field, and what it reads back is JSON the validator can take.
func FuzzFormParse(f *testing.F) {
	items, err := demo.Procedures()
	if err != nil {
		f.Fatal(err)
	}
	var forms []*FormSchema
	for _, it := range items {
		fs, err := ParseFormSchema(it.Procedure.FormSchema)
		if err != nil {
			f.Fatalf("%s: %v", it.Procedure.Code, err)
		}
		forms = append(forms, fs)
	}
	for _, s := range []string{"", "nguoi_yeu_cau.ho_ten=L%C3%AA+Th%E1%BB%8B+Hoa", "a=%00&b=%ff", "x.y.z=1&x.y.z=2",
		"so_luong=-1e309", "ngay_sinh=2026-02-30&dong_y=on&dong_y=off"} {
		for i := range forms {
			f.Add(uint8(i), s)
		}
	}
	site, err := NewSite(Config{Org: org.NewStore(nil), Identity: identity.NewStore(nil)})
	if err != nil {
		f.Fatal(err)
	}
	l := site.core.Lang(i18n.VI)
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		vals, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		i := int(which) % len(forms)
		out, problems := forms[i].Parse(l, vals)
		for _, p := range problems {
			if p.Path == "" {
				t.Fatalf("%s: a problem names no field: %+v", items[i].Procedure.Code, p)
			}
		}
		b, err := json.Marshal(out)
		if err != nil {
			t.Fatalf("%s: the form read back does not encode: %v", items[i].Procedure.Code, err)
		}
		p := items[i].Procedure
		if _, err := catalog.ValidateForm(&p, b); err != nil {
			t.Fatalf("%s: ValidateForm: %v", p.Code, err)
		}
	})
}

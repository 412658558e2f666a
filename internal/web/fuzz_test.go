package web

import (
	"encoding/json"
	"io"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
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

// FuzzReadMultipart streams any multipart body: it never panics, an error always carries a 4xx
// status, and every field value and file name handed on is text the database can store.
func FuzzReadMultipart(f *testing.F) {
	f.Add("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nLê Thị Hoa\r\n--x--\r\n")
	f.Add("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\x00.pdf\"\r\n\r\n%PDF-1.4\r\n--x--\r\n")
	f.Add("--y\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--y--")
	f.Add("--x\r\nContent-Disposition: form-data; name=\"a\xff\"\r\n\r\n\xfe\r\n--x--\r\n")
	f.Add("")
	site, err := NewSite(Config{Org: org.NewStore(nil), Identity: identity.NewStore(nil)})
	if err != nil {
		f.Fatal(err)
	}
	l := site.core.Lang(i18n.VI)
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/nop-ho-so/x/tai-lieu", strings.NewReader(body))
		r.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		m := ReadMultipart(httptest.NewRecorder(), r, l, 1<<20, func(field, name string, part io.Reader) error {
			if !vntext.Storable(field) || !vntext.Storable(name) {
				t.Fatalf("upload got field %q, name %q", field, name)
			}
			_, err := io.Copy(io.Discard, part)
			return err
		})
		if len(m.Errors) > 0 && (m.Status < 400 || m.Status >= 500) {
			t.Fatalf("errors %v with status %d", m.Errors, m.Status)
		}
		for k, vs := range m.Values {
			for _, v := range vs {
				if !vntext.Storable(k) || !vntext.Storable(v) {
					t.Fatalf("value %q=%q is not storable", k, v)
				}
			}
		}
	})
}

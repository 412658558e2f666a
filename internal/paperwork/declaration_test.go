package paperwork

import (
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/formschema"
	"github.com/motcua/motcua/internal/i18n"
)

// TestDeclarationDemo prints the declaration of every demo procedure and reads it back with
// pdftotext: the form's title, the procedure's name and code, the agency, and every field's
// label and choice with their diacritics, the date pattern, the pledge and the signature.
func TestDeclarationDemo(t *testing.T) {
	items, err := demo.Procedures()
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 46 {
		t.Fatalf("demo.Procedures() = %d procedures; want 46", len(items))
	}
	date := time.Date(2026, 11, 26, 9, 0, 0, 0, vietnam)
	for _, it := range items {
		p := it.Procedure
		t.Run(p.Code, func(t *testing.T) {
			t.Parallel()
			fm, err := formschema.Parse(p.FormSchema)
			if err != nil {
				t.Fatal(err)
			}
			pdf, err := DeclarationPDF(Declaration{Schema: p.FormSchema, Procedure: p.Name, Code: p.Code,
				Agency: p.ImplementingAgency, Templates: p.TemplateNames(), Lang: i18n.VI, Date: date})
			if err != nil {
				t.Fatalf("DeclarationPDF: %v", err)
			}
			keep(t, "to-khai-"+p.Code+".pdf", pdf)
			want := []string{strings.ToUpper(fm.Title), p.Name, "Mã thủ tục: " + p.Code,
				"Kính gửi: " + p.ImplementingAgency, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
				"Tôi cam đoan", "NGƯỜI YÊU CẦU", "(Ký, ghi rõ họ, chữ đệm, tên)"}
			if fm.Description != "" {
				want = append(want, fm.Description)
			}
			dates := 0
			fm.Walk(func(f *formschema.Field) bool {
				if f.Items != nil { // the items are the array's: its label names them
					want = append(want, f.Label())
					for _, c := range f.Items.Choices {
						want = append(want, c.Label())
					}
					return false
				}
				want = append(want, f.Label())
				if f.Description != "" {
					want = append(want, f.Description)
				}
				for _, c := range f.Choices {
					want = append(want, c.Label())
				}
				if f.Format == "date" {
					dates++
				}
				return true
			})
			for _, n := range p.TemplateNames() {
				want = append(want, n)
			}
			text := wantText(t, pdf, nil, want, []string{"[decl.", "Page "})
			if got := strings.Count(squash(text), "(ngày/tháng/năm)"); got != dates {
				t.Errorf("the date pattern is printed %d times; want %d, once for each date", got, dates)
			}
		})
	}
}

func TestDeclarationInvalid(t *testing.T) {
	testInvalid(t, DeclarationPDF, func() Declaration {
		return Declaration{Schema: []byte(`{"type":"object","title":"Tờ khai","properties":{"ho_ten":{"type":"string"}}}`),
			Procedure: "Thủ tục đăng ký khai sinh", Code: "1.001193"}
	}, []invalid[Declaration]{
		{"no name or code", func(d *Declaration) { d.Procedure, d.Code = " ", "" }, []string{"procedure", "procedure_code"}},
		{"no form", func(d *Declaration) { d.Schema = nil }, []string{"form"}},
		{"a form that is an array", func(d *Declaration) { d.Schema = []byte(`{"type":"array"}`) }, []string{"form"}},
	})
}

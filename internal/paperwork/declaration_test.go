package paperwork

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
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
			if pages(text) > 1 {
				wantFooters(t, text, "Tờ khai – thủ tục "+p.Code)
			}
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

// sampleDeclaration is a small form with a field of every kind the layout tells apart.
func sampleDeclaration() Declaration {
	return Declaration{Schema: []byte(`{"type":"object","title":"Tờ khai thử","description":"Khai đủ các mục.",
		"properties":{
			"ho_ten":{"type":"string","title":"Họ, chữ đệm và tên","maxLength":100},
			"so_dinh_danh":{"type":"string","title":"Số định danh cá nhân","pattern":"^[0-9]{12}$"},
			"ngay_sinh":{"type":"string","format":"date","title":"Ngày sinh"},
			"gioi_tinh":{"type":"string","title":"Giới tính","enum":["Nam","Nữ"]},
			"noi_dung":{"type":"array","title":"Nội dung","items":{"type":"string","enum":["Địa chỉ","Ngành nghề"]}},
			"nganh_nghe":{"type":"array","title":"Ngành, nghề","minItems":1,"maxItems":2,"items":{"type":"string"}},
			"cam_doan":{"type":"boolean","title":"Cam đoan"},
			"so_ban":{"type":"integer","title":"Số bản sao"},
			"cha":{"type":"object","title":"Cha","description":"Để trống khi chưa xác định.","properties":{
				"ho_ten":{"type":"string","title":"Họ tên của cha"}}}},
		"required":["ho_ten"]}`),
		Procedure: "Thủ tục thử nghiệm", Code: "9.000001", Agency: "Ủy ban nhân dân cấp xã",
		Templates: []string{"Mẫu số 01", "Mẫu số 01"}, Date: time.Date(2026, 2, 5, 8, 0, 0, 0, vietnam)}
}

// TestDeclarationLayout checks what each kind of field gets: the required mark, the date's
// order, the choices with the way to tick them, Có/Không, a list's blank rows within its
// bounds, a group's heading and hint, and the official template named once.
func TestDeclarationLayout(t *testing.T) {
	pdf, err := DeclarationPDF(sampleDeclaration())
	if err != nil {
		t.Fatal(err)
	}
	keep(t, "to-khai-mau.pdf", pdf)
	text := wantText(t, pdf, []string{"-layout"}, []string{"TỜ KHAI THỬ", "Kính gửi: Ủy ban nhân dân cấp xã",
		"Thủ tục: Thủ tục thử nghiệm", "Mã thủ tục: 9.000001", "Khai đủ các mục.", "1. Họ, chữ đệm và tên (*):",
		"2. Số định danh cá nhân:", "3. Ngày sinh:", "(ngày/tháng/năm)", "4. Giới tính (chọn một) Nam Nữ",
		"5. Nội dung (có thể chọn nhiều) Địa chỉ Ngành nghề", "6. Ngành, nghề (mỗi dòng một mục) 1. 2. 7.",
		"7. Cam đoan: Có Không", "8. Số bản sao:", "9. Cha", "Để trống khi chưa xác định.", "Họ tên của cha:",
		"Mẫu chính thức: Mẫu số 01."}, []string{"3. 7.", "Mẫu số 01; Mẫu số 01"})
	if pages(text) != 1 {
		t.Errorf("the sample takes %d pages; want 1", pages(text))
	}
}

// TestDeclarationDeterministic: the same declaration gives the same bytes, dated by its
// version's date, on A4 portrait.
func TestDeclarationDeterministic(t *testing.T) {
	a, err := DeclarationPDF(sampleDeclaration())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := DeclarationPDF(sampleDeclaration())
	if !bytes.Equal(a, b) {
		t.Errorf("two renderings differ (%d and %d bytes)", len(a), len(b))
	}
	if want := "/CreationDate (D:20260205080000)"; !bytes.Contains(a, []byte(want)) {
		t.Errorf("PDF lacks %s", want)
	}
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, a, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(lookTool(t, "pdfinfo"), in).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	if !strings.Contains(squash(string(out)), "Page size: 595.28 x 841.89 pts (A4)") {
		t.Errorf("pdfinfo says\n%s\nwant A4 portrait", out)
	}
}

func TestBoxes(t *testing.T) {
	for pattern, want := range map[string]int{
		"^[0-9]{12}$": 12, "^0[0-9]{9}$": 10, "^[A-Z][0-9]{7}$": 8, "^[0-9]{21}$": 0,
		"^Hộ kinh doanh .+$": 0, "^[0-9]+$": 0, "[0-9]{12}": 0, "": 0,
	} {
		if got := boxes(pattern); got != want {
			t.Errorf("boxes(%q) = %d; want %d", pattern, got, want)
		}
	}
}

// TestDeclarationDemoEnglish: with the forms' English (x-en), an English declaration prints
// the English title and every field's English label and choice.
func TestDeclarationDemoEnglish(t *testing.T) {
	items, err := demo.Procedures()
	if err != nil {
		t.Fatal(err)
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
				Agency: p.ImplementingAgency, Lang: i18n.EN, Date: date})
			if err != nil {
				t.Fatalf("DeclarationPDF: %v", err)
			}
			want := []string{strings.ToUpper(fm.TitleIn(i18n.EN))}
			fm.Walk(func(f *formschema.Field) bool {
				want = append(want, f.LabelIn(i18n.EN))
				choices := f.Choices
				if f.Items != nil {
					choices = f.Items.Choices
				}
				for _, c := range choices {
					want = append(want, c.LabelIn(i18n.EN))
				}
				return f.Items == nil
			})
			wantText(t, pdf, nil, want, []string{"[decl."}) // an untranslated message key
		})
	}
}

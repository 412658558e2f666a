package web

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
)

const englishSchema = `{"type":"object","title":"Tờ khai","x-en":{"title":"Declaration"},
  "properties":{
    "nguoi_yeu_cau":{"type":"object","title":"Người yêu cầu","x-en":{"title":"Requester"},"properties":{
      "ho_ten":{"type":"string","title":"Họ, chữ đệm và tên","description":"Như trên giấy tờ.","x-en":{"title":"Full name","description":"As on your papers."}}}},
    "gioi_tinh":{"type":"string","title":"Giới tính","enum":["Nam","Nữ"],"x-en":{"title":"Sex","enum":["Male","Female"]}},
    "so_ban":{"type":"integer","title":"Số bản","x-en":{"title":"Number of copies"}},
    "ghi_chu":{"type":"string","title":"Ghi chú"}}}`

// TestFormInEnglish: on an English page a form with "x-en" shows its labels, hints and
// choices in English (values still Vietnamese), check-your-answers names the questions and
// the chosen options in English, and the parser's errors name the field in each language; a
// text without English stays Vietnamese, marked lang="vi".
func TestFormInEnglish(t *testing.T) {
	fs, err := ParseFormSchema(json.RawMessage(englishSchema))
	if err != nil {
		t.Fatal(err)
	}
	h, err := NewSite(Config{Org: org.NewStore(nil), Identity: identity.NewStore(nil)})
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]any{"gioi_tinh": "Nữ", "nguoi_yeu_cau": map[string]any{"ho_ten": "An"}, "ghi_chu": "x"}
	fv := fs.View(langEN, data, nil, false)
	if fv.Title != "Declaration" || fv.VI {
		t.Errorf("form title = %q (vi %v); want Declaration", fv.Title, fv.VI)
	}
	en := renderFields(t, h, langEN, fv)
	for _, want := range []string{
		`<legend class="fieldset-legend">Requester <span class="optional">(optional)</span></legend>`,
		`>Full name <span class="optional">(optional)</span></label>`,
		`<span>As on your papers.</span>`,
		`<input id="f-gioi_tinh-2" name="gioi_tinh" type="radio" value="Nữ" checked><label for="f-gioi_tinh-2" class="radio-label">Female</label>`,
		`<span lang="vi">Ghi chú</span>`,
	} {
		if !strings.Contains(en, want) {
			t.Errorf("English form lacks %s", want)
		}
	}
	for _, not := range []string{"Người yêu cầu", "Họ, chữ đệm và tên", "Như trên giấy tờ", ">Nữ<", "Giới tính"} {
		if strings.Contains(en, not) {
			t.Errorf("English form shows the Vietnamese %q", not)
		}
	}
	if vi := renderFields(t, h, langVI, fs.View(langVI, data, nil, false)); !strings.Contains(vi, `<span lang="vi">Người yêu cầu</span>`) ||
		!strings.Contains(vi, `lang="vi">Nữ</label>`) {
		t.Errorf("Vietnamese form lost its Vietnamese:\n%s", vi)
	}
	answers := fs.Answers(langEN, data)
	var got []string
	for _, s := range answers {
		got = append(got, s.Title)
		for _, r := range s.Rows {
			got = append(got, r.Title+"="+r.Value)
		}
	}
	if want := "Requester|Full name=An||Sex=Female|Ghi chú=x"; strings.Join(got, "|") != want {
		t.Errorf("English answers = %q; want %q", strings.Join(got, "|"), want)
	}
	_, problems := fs.Parse(langEN, url.Values{"so_ban": {"ba"}})
	if len(problems) != 1 || !strings.Contains(problems[0].MessageEn, "Number of copies") || !strings.Contains(problems[0].Message, "Số bản") {
		t.Errorf("parse problems = %+v; want the field named in each language", problems)
	}
}

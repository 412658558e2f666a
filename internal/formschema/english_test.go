package formschema

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/motcua/motcua/internal/i18n"
)

// TestEnglish: "x-en" gives every text of a form in English — title, description, enum titles
// (values stay Vietnamese), oneOf branches, and beside a $ref — and Untranslated lists what lacks it.
func TestEnglish(t *testing.T) {
	schema := json.RawMessage(`{
	  "type": "object", "title": "Tờ khai", "x-en": {"title": "Declaration"},
	  "$defs": {"ten": {"type": "string", "title": "Họ tên", "x-en": {"title": "Full name"}}},
	  "properties": {
	    "gioi_tinh": {"type": "string", "title": "Giới tính", "enum": ["Nam", "Nữ"],
	      "description": "Theo giấy tờ.", "x-en": {"title": "Sex", "description": "As on your papers.", "enum": ["Male", "Female"]}},
	    "loai": {"title": "Loại", "oneOf": [{"const": "a", "title": "Bản chính", "x-en": {"title": "Original"}}, {"const": "b", "title": "Bản sao"}]},
	    "cha": {"$ref": "#/$defs/ten", "title": "Họ tên cha", "x-en": {"title": "Father's full name"}},
	    "me": {"$ref": "#/$defs/ten"},
	    "ghi_chu": {"type": "string", "title": "Ghi chú"}
	  }}`)
	fm, err := Parse(schema)
	if err != nil {
		t.Fatal(err)
	}
	en, vi := i18n.EN, i18n.VI
	g := fm.Find("gioi_tinh")
	for _, c := range []struct{ got, want string }{
		{fm.TitleIn(en), "Declaration"}, {fm.TitleIn(vi), "Tờ khai"},
		{g.LabelIn(en), "Sex"}, {g.LabelIn(vi), "Giới tính"},
		{g.DescriptionIn(en), "As on your papers."}, {g.DescriptionIn(vi), "Theo giấy tờ."},
		{g.Choices[1].LabelIn(en), "Female"}, {g.Choices[1].LabelIn(vi), "Nữ"},
		{fm.Find("loai").Choices[0].LabelIn(en), "Original"}, {fm.Find("loai").Choices[1].LabelIn(en), "Bản sao"},
		{fm.Find("cha").LabelIn(en), "Father's full name"}, {fm.Find("me").LabelIn(en), "Full name"},
		{fm.Find("ghi_chu").LabelIn(en), "Ghi chú"},
	} {
		if c.got != c.want {
			t.Errorf("got %q; want %q", c.got, c.want)
		}
	}
	if g.Choices[1].Value != "Nữ" {
		t.Errorf("enum value = %v; want the Vietnamese Nữ", g.Choices[1].Value)
	}
	if got, want := fm.Untranslated(), []string{"loai", "ghi_chu"}; !slices.Equal(got, want) {
		t.Errorf("Untranslated() = %q; want %q", got, want)
	}
	bad := json.RawMessage(`{"type":"object","properties":{"a":{"type":"string","enum":["x","y"],"x-en":{"enum":["X"]}}}}`)
	if _, err := Parse(bad); err == nil {
		t.Error("Parse accepted an x-en enum of the wrong length")
	}
}

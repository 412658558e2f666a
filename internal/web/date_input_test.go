package web

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web/webtest/htmlcheck"
)

// TestDateInput: a procedure's date is typed day, month, year in three boxes; what does not
// make a date is shown again as typed, with a message naming the part that is wrong, that box
// marked invalid and the summary's link on it (the GOV.UK date input pattern).
func TestDateInput(t *testing.T) {
	fs, err := ParseFormSchema(json.RawMessage(birthSchema))
	if err != nil {
		t.Fatal(err)
	}
	h, err := NewSite(Config{Org: org.NewStore(nil), Identity: identity.NewStore(nil)})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		day, month, year string
		focus            string // the box the summary links to
		invalid          []string
		vi, en           string
	}{
		{"27", "", "2007", "f-ngay_sinh-month", []string{"f-ngay_sinh-month"},
			"“Ngày sinh” phải có tháng.", "“Ngày sinh” must include a month."},
		{"", "", "2007", "f-ngay_sinh", []string{"f-ngay_sinh", "f-ngay_sinh-month"},
			"“Ngày sinh” phải có ngày và tháng.", "“Ngày sinh” must include a day and month."},
		{"27", "13", "2007", "f-ngay_sinh-month", []string{"f-ngay_sinh-month"},
			"Tháng của “Ngày sinh” phải là số từ 1 đến 12.", "The month of “Ngày sinh” must be a number from 1 to 12."},
		{"hai", "3", "2007", "f-ngay_sinh", []string{"f-ngay_sinh"},
			"Ngày của “Ngày sinh” phải là số từ 1 đến 31.", "The day of “Ngày sinh” must be a number from 1 to 31."},
		{"27", "3", "07", "f-ngay_sinh-year", []string{"f-ngay_sinh-year"},
			"Năm của “Ngày sinh” phải có 4 chữ số, ví dụ 2007.", "The year of “Ngày sinh” must have 4 digits, for example 2007."},
		{"29", "2", "2027", "f-ngay_sinh", []string{"f-ngay_sinh"},
			"“Ngày sinh” phải là một ngày có thật: tháng 2 năm 2027 chỉ có 28 ngày.", "“Ngày sinh” must be a real date: month 2 of 2027 has only 28 days."},
	}
	for _, tt := range tests {
		name := tt.day + "/" + tt.month + "/" + tt.year
		data, problems := fs.Parse(langVI, url.Values{"ngay_sinh-day": {tt.day}, "ngay_sinh-month": {tt.month}, "ngay_sinh-year": {tt.year}})
		if len(problems) != 1 || problems[0].Path != "form.ngay_sinh" || problems[0].Message != tt.vi || problems[0].MessageEn != tt.en {
			t.Errorf("%s: problems %+v; want one at form.ngay_sinh saying %q / %q", name, problems, tt.vi, tt.en)
			continue
		}
		fv := fs.View(langVI, data, FormErrors(langVI, problems), false)
		if len(fv.Summary) != 1 || fv.Summary[0].ID != tt.focus {
			t.Errorf("%s: summary %+v; want its link on %s", name, fv.Summary, tt.focus)
		}
		page := renderFields(t, h, langVI, fv)
		htmlcheck.Page(t, name, page)
		for _, id := range []string{"f-ngay_sinh", "f-ngay_sinh-month", "f-ngay_sinh-year"} {
			i := strings.Index(page, `<input id="`+id+`"`)
			tag := page[i : i+strings.Index(page[i:], ">")]
			want := strings.Contains(strings.Join(tt.invalid, " ")+" ", id+" ")
			if got := strings.Contains(tag, `aria-invalid="true"`); got != want {
				t.Errorf("%s: box %s invalid = %v; want %v", name, id, got, want)
			}
		}
		for _, want := range []string{`value="` + tt.day + `"`, `value="` + tt.month + `"`, `value="` + tt.year + `"`,
			`aria-describedby="f-ngay_sinh-hint f-ngay_sinh-error"`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: page lacks %s (the date as typed)", name, want)
			}
		}
	}

	// A stored date fills the boxes without leading zeros; a refused one (required, too early)
	// marks every box and links to the day.
	fv := fs.View(langEN, map[string]any{"ngay_sinh": "2007-03-05"}, map[string]string{"form.ngay_sinh": "Too early."}, false)
	page := renderFields(t, h, langEN, fv)
	for _, want := range []string{`name="ngay_sinh-day" type="text" class="input input-width-2" value="5"`,
		`name="ngay_sinh-month" type="text" class="input input-width-2" value="3"`, `name="ngay_sinh-year" type="text" class="input input-width-4" value="2007"`,
		`<label for="f-ngay_sinh" class="date-input-label">Day</label>`, "For example, 27 3 2007"} {
		if !strings.Contains(page, want) {
			t.Errorf("stored date: page lacks %s", want)
		}
	}
	if n := strings.Count(page, `aria-invalid="true"`); n != 3 || fv.Summary[0].ID != "f-ngay_sinh" {
		t.Errorf("a refused date: %d boxes invalid, summary on %s; want 3, on the day", n, fv.Summary[0].ID)
	}
}

// TestReadDate: the portal's own date inputs (profile, register, calendar) read the same boxes.
func TestReadDate(t *testing.T) {
	tests := []struct {
		vals      url.Values
		want, err string // err: the id of the box the error links to
	}{
		{url.Values{"d-day": {"1"}, "d-month": {"9"}, "d-year": {"2027"}}, "2027-09-01", ""},
		{url.Values{"d-day": {""}, "d-month": {""}, "d-year": {""}}, "", ""},
		{url.Values{}, "", ""},
		{url.Values{"d": {"2027-09-01"}}, "2027-09-01", ""}, // a link with the date as one value
		{url.Values{"d": {"01/09/2027"}}, "2027-09-01", ""},
		{url.Values{"d-day": {"1"}, "d-month": {"9"}, "d-year": {""}}, "1/9/", "d-year"},
		{url.Values{"d-day": {"31"}, "d-month": {"9"}, "d-year": {"2027"}}, "31/9/2027", "d"},
	}
	for _, tt := range tests {
		got, e := ReadDate(langVI, tt.vals, "d", "Ngày")
		id := ""
		if e != nil {
			id = e.ID
			if e.Message == "" {
				t.Errorf("ReadDate(%v): an error without a message", tt.vals)
			}
		}
		if got != tt.want || id != tt.err {
			t.Errorf("ReadDate(%v) = %q, error at %q; want %q, %q", tt.vals, got, id, tt.want, tt.err)
		}
	}
}

package admin

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web/webtest"
)

func TestAdminCalendar(t *testing.T) {
	st := webtest.NewStores(t)
	ctx := context.Background()
	if err := st.Org.CreateAgency(ctx, &org.Agency{Code: "UBTP", Kind: org.KindCity, Level: "province",
		Name: "Ủy ban nhân dân thành phố"}); err != nil {
		t.Fatal(err)
	}
	site := st.Site(t)
	h, err := New(site, st.Calendar, job.New(st.DB, nil))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv := webtest.NewServer(st.Identity, site, h)
	createUsers(t, st)
	form := "Content-Type: application/x-www-form-urlencoded"
	post := func(v url.Values, header ...string) (*http.Response, string) {
		t.Helper()
		return srv.Do(t, "POST", "/quan-tri/lich", strings.NewReader(v.Encode()), append([]string{form}, header...)...)
	}
	good := url.Values{"date-day": {"12"}, "date-month": {"2"}, "date-year": {"2027"}, "kind": {"day_off"}, "name": {"Thông báo 12/TB-UBND"}}

	// Anonymous: sent to sign in and back.
	res, _ := srv.Do(t, "GET", "/quan-tri/lich", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/dang-nhap?next=%2Fquan-tri%2Flich" {
		t.Errorf("anonymous GET = %d %s; want 303 to sign in", res.StatusCode, res.Header.Get("Location"))
	}
	res, _ = post(good)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/dang-nhap?next=") {
		t.Errorf("anonymous POST = %d %s; want 303 to sign in", res.StatusCode, res.Header.Get("Location"))
	}

	// A citizen: 403 both ways, and nothing recorded.
	citizen := srv.SignIn(t, "congdan", "demo")
	res, body := srv.Do(t, "GET", "/quan-tri/lich", nil, citizen)
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "Bạn không có quyền xem trang này") {
		t.Errorf("citizen GET = %d; want 403 with the permission page", res.StatusCode)
	}
	if strings.Contains(body, `href="/quan-tri/lich"`) {
		t.Errorf("citizen sees the admin link")
	}
	webtest.CheckHTML(t, "citizen GET /quan-tri/lich", body)
	if res, _ := post(good, citizen); res.StatusCode != http.StatusForbidden {
		t.Errorf("citizen POST = %d; want 403", res.StatusCode)
	}
	if list, _ := st.Calendar.Overrides(ctx); len(list) != 0 {
		t.Fatalf("citizen recorded an override: %v", list)
	}

	// The administrator sees the page in both languages, linked from the header.
	admin := srv.SignIn(t, "admin", "demo")
	for lang, s := range map[string][]string{
		"vi": {"Quản trị lịch làm việc", "Chưa có thay đổi nào.", `<input id="date" name="date-day" type="text"`, `<input id="date-month" name="date-month"`, "Trong khoảng năm 1900 đến năm 2199. Ví dụ: 27 3 2007", `<legend class="label">Ngày đó là</legend>`},
		"en": {"Manage the working calendar", "No changes have been recorded.", `<label for="kind-working_day" class="radio-label">Working day</label>`},
	} {
		res, body := srv.Do(t, "GET", "/quan-tri/lich?lang="+lang, nil, admin)
		if res.StatusCode != 200 {
			t.Fatalf("admin GET (%s) = %d", lang, res.StatusCode)
		}
		for _, want := range append(s, `href="/quan-tri/lich"`, `<form method="post" action="/quan-tri/lich"`) {
			if !strings.Contains(body, want) {
				t.Errorf("admin GET (%s): missing %q", lang, want)
			}
		}
		if res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("admin page Cache-Control = %q; want no-store", res.Header.Get("Cache-Control"))
		}
		if m := webtest.MissingKey.FindString(body); m != "" {
			t.Errorf("admin GET (%s): untranslated message %s", lang, m)
		}
		webtest.CheckHTML(t, "admin GET /quan-tri/lich?lang="+lang, body)
	}

	// Bad input: 422, an error summary linked to each field, messages beside them, values kept.
	failures := []struct {
		name   string
		form   url.Values
		fields []string
		msg    string
		header []string
	}{
		{"empty", url.Values{}, []string{"date", "kind", "name"}, "Chọn ngày nghỉ hoặc ngày làm việc", nil},
		{"impossible date", url.Values{"date-day": {"30"}, "date-month": {"2"}, "date-year": {"2027"}, "kind": {"day_off"}, "name": {"Ngày lạ"}},
			[]string{"date"}, "“Ngày” phải là một ngày có thật: tháng 2 năm 2027 chỉ có 28 ngày.", nil},
		{"impossible date as one value", url.Values{"date": {"2027-02-30"}, "kind": {"day_off"}, "name": {"Ngày lạ"}}, []string{"date"}, "chỉ có 28 ngày", nil},
		{"not a day", url.Values{"date-day": {"mai"}, "date-month": {"2"}, "date-year": {"2027"}, "kind": {"working_day"}, "name": {"Ngày lạ"}},
			[]string{"date"}, "Ngày của “Ngày” phải là số từ 1 đến 31.", nil},
		{"month 13", url.Values{"date-day": {"12"}, "date-month": {"13"}, "date-year": {"2027"}, "kind": {"working_day"}, "name": {"Ngày lạ"}},
			[]string{"date-month"}, "Tháng của “Ngày” phải là số từ 1 đến 12.", nil},
		{"no year", url.Values{"date-day": {"12"}, "date-month": {"2"}, "date-year": {""}, "kind": {"working_day"}, "name": {"Ngày lạ"}},
			[]string{"date-year"}, "“Ngày” phải có năm.", nil},
		{"out of range", url.Values{"date-day": {"1"}, "date-month": {"1"}, "date-year": {"2200"}, "kind": {"day_off"}, "name": {"Xa quá"}}, []string{"date"}, "2199", nil},
		{"bad kind", url.Values{"date": {"2027-02-12"}, "kind": {"holiday"}, "name": {"Ngày lạ"}}, []string{"kind"}, "Chọn ngày nghỉ hoặc ngày làm việc", nil},
		{"long name", url.Values{"date": {"2027-02-12"}, "kind": {"day_off"}, "name": {strings.Repeat("dài ", 100)}}, []string{"name"}, "300", nil},
		{"blank name", url.Values{"date": {"2027-02-12"}, "kind": {"day_off"}, "name": {"   "}}, []string{"name"}, "", nil},
		{"bad utf-8", url.Values{"date": {"2027-02-12"}, "kind": {"day_off"}, "name": {"a\xffb"}}, []string{"name"}, "không hợp lệ", nil},
		{"english", url.Values{"kind": {"x"}, "name": {"Ngày lạ"}}, []string{"date", "kind"}, "Select day off or working day", []string{"Cookie: lang=en"}},
	}
	for _, tt := range failures {
		header := []string{admin}
		if len(tt.header) > 0 {
			header = []string{admin + "; " + strings.TrimPrefix(tt.header[0], "Cookie: ")}
		}
		res, body := post(tt.form, header...)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d; want 422", tt.name, res.StatusCode)
			continue
		}
		if !strings.Contains(body, `class="error-summary"`) {
			t.Errorf("%s: no error summary", tt.name)
		}
		for _, field := range tt.fields {
			if !strings.Contains(body, `<a href="#`+field+`">`) || !strings.Contains(body, `id="`+strings.TrimSuffix(strings.TrimSuffix(field, "-month"), "-year")+`-error"`) {
				t.Errorf("%s: no error linked to #%s and shown beside it", tt.name, field)
			}
		}
		if tt.msg != "" && !strings.Contains(body, tt.msg) {
			t.Errorf("%s: missing message %q", tt.name, tt.msg)
		}
		if n := tt.form.Get("name"); n != "" && strings.TrimSpace(n) != "" && strings.ToValidUTF8(n, "") == n && !strings.Contains(body, `value="`+html.EscapeString(n)+`"`) {
			t.Errorf("%s: the name was not kept", tt.name)
		}
		if d := tt.form.Get("date-day"); d != "" && !strings.Contains(body, `name="date-day" type="text" class="input input-width-2" value="`+d+`"`) {
			t.Errorf("%s: the date was not kept", tt.name)
		}
		if tt.form.Get("kind") == "working_day" && !strings.Contains(body, `value="working_day" checked`) {
			t.Errorf("%s: the kind was not kept", tt.name)
		}
		webtest.CheckHTML(t, "POST /quan-tri/lich "+tt.name, body)
	}
	if list, _ := st.Calendar.Overrides(ctx); len(list) != 0 {
		t.Fatalf("invalid input recorded an override: %v", list)
	}

	// Good input: 303 back with a banner; the override is listed and in force.
	res, _ = post(good, admin)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/quan-tri/lich?saved=2027-02-12" {
		t.Fatalf("POST good = %d %s; want 303 /quan-tri/lich?saved=2027-02-12", res.StatusCode, res.Header.Get("Location"))
	}
	res, body = srv.Do(t, "GET", res.Header.Get("Location"), nil, admin)
	for _, want := range []string{`role="alert"`, "Đã lưu thay đổi cho ngày 12/02/2027.", `href="/lich?year=2027"`,
		"Thông báo 12/TB-UBND", "<td data-label=\"Người ghi\">admin</td>", `<time datetime="2027-02-12">12/02/2027</time>`} {
		if !strings.Contains(body, want) {
			t.Errorf("after saving: missing %q", want)
		}
	}
	webtest.CheckHTML(t, "GET /quan-tri/lich?saved", body)
	cal, err := st.Calendar.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	days, err := cal.Days(2027)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(days, func(d calendar.Day) bool {
		return d.Date == calendar.D(2027, time.February, 12) && d.Kind == calendar.KindOverride && !d.Working && d.NameVI == "Thông báo 12/TB-UBND"
	}) {
		t.Errorf("Days(2027) lacks the override of 2027-02-12: %v", days)
	}
	// A Saturday made a working day.
	if res, _ := post(url.Values{"date": {"2027-02-20"}, "kind": {"working_day"}, "name": {"Làm bù"}}, admin); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST working day = %d", res.StatusCode)
	}
	// An invalid saved parameter shows no banner.
	_, body = srv.Do(t, "GET", "/quan-tri/lich?saved=%3Cscript%3E", nil, admin)
	if strings.Contains(body, `role="alert"`) || strings.Contains(body, "<script>") {
		t.Errorf("bad saved parameter shows a banner")
	}
}

// TestMessages checks the package's messages against its templates and code.
func TestMessages(t *testing.T) {
	h, err := New(webtest.NewStores(t).Site(t), calendar.NewStore(nil, nil), job.New(nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	webtest.CheckMessages(t, ".", i18n.MustLoad(embedded, "messages"), h.Messages())
}

// TestNewRequires checks that New refuses to build without the site, the calendar or the queue.
func TestNewRequires(t *testing.T) {
	st := webtest.NewStores(t)
	if _, err := New(nil, nil, nil); err == nil {
		t.Error("New(nil, nil, nil) succeeded; want an error")
	}
	if _, err := New(st.Site(t), nil, job.New(st.DB, nil)); err == nil {
		t.Error("New(site, nil, queue) succeeded; want an error")
	}
	if _, err := New(st.Site(t), st.Calendar, nil); err == nil {
		t.Error("New(site, calendar, nil) succeeded; want an error")
	}
}

// createUsers adds the city, an administrator and a citizen, both with the password "demo".
func createUsers(t *testing.T, st *webtest.Stores) {
	t.Helper()
	ctx := context.Background()
	if _, err := st.Org.Agency(ctx, "UBTP"); err != nil {
		if err := st.Org.CreateAgency(ctx, &org.Agency{Code: "UBTP", Kind: org.KindCity, Level: "province",
			Name: "Ủy ban nhân dân thành phố"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []identity.NewUser{
		{Username: "admin", Password: "demo", Role: org.RoleSysAdmin, AgencyCode: "UBTP"},
		{Username: "congdan", Password: "demo", Role: org.RoleCitizen},
	} {
		if _, err := st.Identity.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
}

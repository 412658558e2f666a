package portal

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/ratelimit"
	"github.com/motcua/motcua/internal/web/webtest"
)

// browser is an anonymous visitor of the fixture's portal.
type browser struct {
	t *testing.T
	f *fixture
}

func (b *browser) get(path string) (*http.Response, string) {
	b.t.Helper()
	return b.f.do(b.t, "GET", path, nil)
}

func (b *browser) page(path string, status int) string {
	b.t.Helper()
	res, body := b.get(path)
	if res.StatusCode != status {
		b.t.Fatalf("GET %s = %d; want %d", path, res.StatusCode, status)
	}
	return body
}

func (b *browser) post(path string, vals url.Values) (*http.Response, string) {
	b.t.Helper()
	return b.f.do(b.t, "POST", path, strings.NewReader(vals.Encode()), "Content-Type: application/x-www-form-urlencoded")
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s: missing %q", what, w)
		}
	}
}

// registered registers a postal dossier of 1.001193 at the ward 00004 and returns its code.
func registered(t *testing.T, f *fixture) string {
	t.Helper()
	ctx := context.Background()
	if _, err := f.identity.CreateUser(ctx, identity.NewUser{Username: "tiepnhan", Password: "demo", Role: org.RoleReception, AgencyCode: "00004"}); err != nil {
		t.Fatal(err)
	}
	officer, err := f.identity.Authenticate(ctx, "tiepnhan", "demo")
	if err != nil {
		t.Fatal(err)
	}
	var atts []dossier.AttachmentInput
	for comp, name := range map[string]string{"to-khai": "to-khai.pdf", "giay-chung-sinh": "gcs.pdf"} {
		file, err := f.dossiers.Upload(ctx, officer, name, bytes.NewReader(webtest.PDF))
		if err != nil {
			t.Fatal(err)
		}
		atts = append(atts, dossier.AttachmentInput{Component: comp, File: file.ID})
	}
	out, err := f.dossiers.Register(ctx, officer, dossier.RegisterInput{
		SubmitInput: dossier.SubmitInput{ProcedureCode: "1.001193", AgencyCode: "00004", Form: []byte(`{"ho_ten":"Lê Thị Hoa"}`), Attachments: atts},
		Channel:     dossier.ChannelPost,
		Applicant:   dossier.ApplicantInput{Name: "Lê Thị Hoa", IDNumber: "001203004567", Phone: "+84912345678"},
	}, "")
	if err != nil {
		t.Fatalf("Register: %v", err)
	}
	return out.Code
}

// TestTracking checks the public tracking page: anyone sees a dossier's status; the
// applicant's phone or ID number shows its details; look-ups are limited per address.
func TestTracking(t *testing.T) {
	f := newFixture(t)
	code := registered(t, f)
	anon := &browser{t: t, f: f}
	var res *http.Response
	var body string
	body = anon.page("/tra-cuu", 200)
	mustContain(t, "tracking form", body, `<form method="post" action="/tra-cuu"`, `<label for="ma"`, `<label for="xac_minh"`)
	body = anon.page("/tra-cuu?ma="+url.QueryEscape(code), 200)
	mustContain(t, "tracking", body, "Hồ sơ "+code, "Mới đăng ký", "Thủ tục đăng ký khai sinh", `value="`+code+`"`, "nhập thêm số điện thoại")
	if strings.Contains(body, "Lê Thị Hoa") || strings.Contains(body, "Quá trình xử lý") {
		t.Errorf("tracking without proof shows personal details")
	}
	res, body = anon.post("/tra-cuu", url.Values{"ma": {code}, "xac_minh": {"0999999999"}})
	if res.StatusCode != 200 || strings.Contains(body, "Lê Thị Hoa") || !strings.Contains(body, "chỉ hiện khi số điện thoại") {
		t.Errorf("tracking with a wrong proof = %d; want the status only", res.StatusCode)
	}
	res, body = anon.post("/tra-cuu", url.Values{"ma": {code}, "xac_minh": {"+84 912 345 678"}})
	if res.StatusCode != 200 {
		t.Fatalf("tracking with proof = %d", res.StatusCode)
	}
	checkHTML(t, "tracking with proof", body)
	mustContain(t, "tracking with proof", body, "Lê Thị Hoa", "Quá trình xử lý", "gcs.pdf")
	if strings.Contains(body, `href="/tep/`) || res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("tracking with proof: links files or may be cached (%s)", res.Header.Get("Cache-Control"))
	}
	res, body = anon.post("/tra-cuu", url.Values{"ma": {code}, "xac_minh": {"001203004567"}})
	if !strings.Contains(body, "Lê Thị Hoa") {
		t.Errorf("tracking with the CCCD as proof shows no details")
	}
	res, body = anon.get("/tra-cuu?ma=004.00.30.H26-260101-9999")
	if res.StatusCode != 404 || !strings.Contains(body, `<a href="#ma">Không tìm thấy hồ sơ có mã 004.00.30.H26-260101-9999.`) {
		t.Errorf("unknown code = %d; want 404 with the message on the field", res.StatusCode)
	}
	checkHTML(t, "tracking, unknown", body)
	res, body = anon.post("/tra-cuu", url.Values{"ma": {"  "}})
	if res.StatusCode != 400 || !strings.Contains(body, `<a href="#ma">`) {
		t.Errorf("empty code = %d; want 400 linking #ma", res.StatusCode)
	}

	// Rate limit: a burst, then 429 with Retry-After; other addresses are unaffected.
	const trackBurst = 10 // half of the default 20 a minute
	f.h.trackLimit = ratelimit.Tracking(0)
	limited := 0
	for i := range trackBurst + 3 {
		res, _ := anon.get(fmt.Sprintf("/tra-cuu?ma=004.00.30.H26-260101-%04d", i))
		if res.StatusCode == http.StatusTooManyRequests {
			limited++
			if res.Header.Get("Retry-After") != "60" {
				t.Errorf("429 without Retry-After: 60")
			}
		}
	}
	if limited != 3 {
		t.Errorf("%d of %d look-ups limited; want 3 past the burst of %d", limited, trackBurst+3, trackBurst)
	}
	res, body = anon.get("/tra-cuu?ma=" + url.QueryEscape(code) + "&lang=en")
	if res.StatusCode != 429 || !strings.Contains(body, "You have made too many look-ups") {
		t.Errorf("limited look-up = %d; want 429 in English", res.StatusCode)
	}
	checkHTML(t, "tracking, limited", body)
	if res, _ := anon.get("/tra-cuu"); res.StatusCode != 200 {
		t.Errorf("the empty form is limited too: %d", res.StatusCode)
	}
}

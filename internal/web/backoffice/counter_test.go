package backoffice

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/web/webtest"
)

// TestCounter registers a paper dossier at the counter as the demo reception officer, errors
// first. (Tracking it publicly is the portal's test.)
func TestCounter(t *testing.T) {
	f := newDemoFixture(t)
	ctx := context.Background()
	p, err := f.Catalog.Current(ctx, "1.001193")
	if err != nil {
		t.Fatal(err)
	}
	b := f.browser(t)
	b.SignIn("tiepnhan")
	body := b.Page("/quay/tiep-nhan", 200)
	webtest.MustContain(t, "counter", body, `<select id="thu_tuc" name="thu_tuc"`, `<option value="1.001193"`, "Tiếp nhận tại quầy")
	if body := b.Page("/quay/tiep-nhan?thu_tuc=9.999999", 400); !strings.Contains(body, `<a href="#thu_tuc">`) {
		t.Errorf("unknown procedure: no error linking #thu_tuc")
	}
	body = b.Page("/quay/tiep-nhan?thu_tuc=1.001193", 200)
	webtest.MustContain(t, "counter form", body, `<input type="hidden" name="_proc" value="1.001193">`, `id="ap-name" name="_ap_name"`,
		`id="ap-phone" name="_ap_phone" type="tel"`, `id="channel" name="_channel" type="radio" value="counter" checked`,
		`name="nguoi_yeu_cau.ho_ten"`, `id="scan-to-khai" name="scan-to-khai"`, "Trực tiếp tại Bộ phận Một cửa")

	// No applicant, no contact: errors, the scan kept as a ticked box.
	vals := webtest.FormValues(t, body, "POST /quay/tiep-nhan")
	for k, v := range webtest.SampleValues(t, p, false) {
		vals[k] = v
	}
	res, body := b.Multipart("/quay/tiep-nhan", vals, webtest.Upload{Field: "scan-to-khai", Name: "to-khai.pdf", Data: webtest.PDF})
	if res.StatusCode != 422 {
		t.Fatalf("counter without applicant = %d; want 422\n%s", res.StatusCode, body)
	}
	webtest.CheckHTML(t, "counter with errors", body)
	webtest.MustContain(t, "counter with errors", body, `<a href="#ap-name">`, `<a href="#ap-phone">`, `name="_scan" type="checkbox" value="to-khai|`,
		"to-khai.pdf", `value="Nguyễn Văn An"`)
	// A phone or e-mail that cannot be written to is refused before anything is registered.
	vals = webtest.FormValues(t, body, "POST /quay/tiep-nhan")
	vals.Set("_ap_name", "Lê Thị Hoa")
	vals.Set("_ap_phone", "gọi cho tôi")
	vals.Set("_ap_email", "hoa@")
	res, body = b.Multipart("/quay/tiep-nhan", vals)
	if res.StatusCode != 422 {
		t.Errorf("counter with a bad phone and e-mail = %d; want 422", res.StatusCode)
	}
	webtest.MustContain(t, "counter, bad contacts", body, `<a href="#ap-phone">Nhập số điện thoại như 0912 345 678`, `<a href="#ap-email">`,
		`name="_scan" type="checkbox" value="to-khai|`)
	vals = webtest.FormValues(t, body, "POST /quay/tiep-nhan")
	vals.Set("_ap_email", "")
	// An executable is refused and nothing is registered.
	vals.Set("_ap_name", "Lê Thị Hoa")
	vals.Set("_ap_phone", "0912 345 678")
	vals.Set("_ap_id", "001203004567")
	vals.Set("_channel", "post")
	res, body = b.Multipart("/quay/tiep-nhan", vals, webtest.Upload{Field: "scan-giay-chung-sinh", Name: "gcs.pdf", Data: webtest.EXE})
	if res.StatusCode != 415 || !strings.Contains(body, `<a href="#scan-giay-chung-sinh">Tệp “gcs.pdf” không phải PDF`) {
		t.Errorf("counter with an executable = %d; want 415 on its field", res.StatusCode)
	}
	res, _ = b.Multipart("/quay/tiep-nhan", vals, webtest.Upload{Field: "scan-giay-chung-sinh", Name: "gcs.pdf", Data: webtest.PDF})
	loc := webtest.Location(t, res, http.StatusSeeOther, "/quay/tiep-nhan?ma=")
	code, _ := url.QueryUnescape(strings.TrimPrefix(loc, "/quay/tiep-nhan?ma="))
	if !webtest.DemoWardCode.MatchString(code) {
		t.Fatalf("registered %q; want a code of ward 00070", code)
	}
	body = b.Page(loc, 200)
	webtest.MustContain(t, "registered", body, "Đã tiếp nhận hồ sơ", `<strong class="panel-code">`+code+`</strong>`, `href="/ho-so/`+code+`"`)
	body = b.Page("/ho-so/"+code, 200)
	webtest.MustContain(t, "registered dossier", body, "Lê Thị Hoa", "Qua dịch vụ bưu chính công ích", "to-khai.pdf", "gcs.pdf", "001203004567")
	other := f.browser(t)
	other.SignIn("tiepnhan2") // another ward's officer
	other.Page("/ho-so/"+code, 404)

}

// TestCounterAccess: the counter is for reception officers; anonymous visitors sign in first.
func TestCounterAccess(t *testing.T) {
	f := newDemoFixture(t)
	res, _ := f.browser(t).Get("/quay/tiep-nhan")
	webtest.Location(t, res, http.StatusSeeOther, "/dang-nhap?next=%2Fquay%2Ftiep-nhan")
	citizen := f.browser(t)
	citizen.SignIn("congdan")
	body := citizen.Page("/quay/tiep-nhan", 403)
	webtest.MustContain(t, "counter as a citizen", body, "Trang này chỉ dành cho cán bộ tiếp nhận")
	if res, _ := citizen.Multipart("/quay/tiep-nhan", url.Values{"_proc": {"1.001193"}}); res.StatusCode != 403 {
		t.Errorf("citizen posting to the counter = %d; want 403", res.StatusCode)
	}
}

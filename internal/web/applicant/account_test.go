package applicant

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/webtest"
)

// lastCode is the one-time code of the newest message to recipient in the outbox.
func lastCode(t *testing.T, f *demoFixture, recipient string) string {
	t.Helper()
	var data string
	err := f.DB.QueryRow(context.Background(), `SELECT data FROM outbox WHERE recipient = ? ORDER BY id DESC LIMIT 1`, recipient).Scan(&data)
	if err != nil {
		t.Fatalf("no message to %s: %v", recipient, err)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(data), &m); err != nil {
		t.Fatal(err)
	}
	code, _ := m["Code"].(string)
	return code
}

func cookie(res *http.Response, name string) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// TestSignUpAndVerify: a citizen opens an account with an e-mail address, meets the form's
// errors, enters a wrong code and then the right one, and is signed in on the profile page.
func TestSignUpAndVerify(t *testing.T) {
	f := newDemoFixture(t)
	b := f.Browser(t)
	body := b.Page("/dang-ky", 200)
	webtest.MustContain(t, "sign-up form", body, `<form method="post" action="/dang-ky"`, `id="login" name="login"`, `autocomplete="username"`,
		`id="password" name="password" type="password"`, `autocomplete="new-password"`, "Ít nhất 8 ký tự.", `href="/dang-nhap"`)
	if strings.Contains(body, `value="`+"mật"+`"`) {
		t.Error("a password is echoed")
	}

	// The confirmation must match; the store's rules come back by field.
	res, body := b.Post("/dang-ky", url.Values{"login": {"an@example.vn"}, "full_name": {"Nguyễn Văn An"}, "password": {"mật khẩu 123"}, "password2": {"khác"}})
	if res.StatusCode != 422 || !strings.Contains(body, `<a href="#password2">Mật khẩu nhập lại không khớp</a>`) || !strings.Contains(body, `value="an@example.vn"`) {
		t.Errorf("passwords that differ = %d; want 422 on #password2, the login kept", res.StatusCode)
	}
	webtest.CheckHTML(t, "passwords that differ", body)
	if strings.Contains(body, "mật khẩu 123") {
		t.Errorf("the password is echoed back")
	}
	res, body = b.Post("/dang-ky", url.Values{"login": {"không phải"}, "full_name": {""}, "password": {"ngắn"}, "password2": {"ngắn"}})
	if res.StatusCode != 422 {
		t.Fatalf("bad sign-up = %d; want 422", res.StatusCode)
	}
	webtest.CheckHTML(t, "bad sign-up", body)
	webtest.MustContain(t, "bad sign-up", body, `<a href="#login">`, `<a href="#password">Mật khẩu cần ít nhất 8 ký tự.`, `<a href="#full_name">`,
		`<p id="login-error" class="error-message">`)
	res, _ = b.Post("/dang-ky", url.Values{"login": {"An@Example.vn"}, "full_name": {"Nguyễn  Văn An"}, "password": {"mật khẩu 123"}, "password2": {"mật khẩu 123"}})
	webtest.Location(t, res, http.StatusSeeOther, "/dang-ky/xac-minh")
	if c := cookie(res, web.SignUpCookie); c == nil || c.Value != "an@example.vn" || !c.HttpOnly || c.Path != "/dang-ky" {
		t.Errorf("sign-up cookie = %+v; want the login, HttpOnly, on /dang-ky", c)
	}
	body = b.Page("/dang-ky/xac-minh", 200)
	webtest.MustContain(t, "verify page", body, "Chúng tôi đã gửi mã xác minh gồm 6 chữ số tới", "an@example.vn", `value="an@example.vn"`,
		`id="code" name="code"`, `autocomplete="one-time-code"`, `inputmode="numeric"`, `name="_action" value="resend"`)

	// Another code so soon: wait, and how long.
	res, body = b.Post("/dang-ky/xac-minh", url.Values{"login": {"an@example.vn"}, "_action": {"resend"}})
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || !strings.Contains(body, "Hãy đợi") {
		t.Errorf("resend at once = %d (Retry-After %q); want 429 saying how long to wait", res.StatusCode, res.Header.Get("Retry-After"))
	}
	webtest.CheckHTML(t, "resend at once", body)
	code := lastCode(t, f, "an@example.vn")
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	res, body = b.Post("/dang-ky/xac-minh", url.Values{"login": {"an@example.vn"}, "code": {wrong}, "_action": {"verify"}})
	if res.StatusCode != 422 || !strings.Contains(body, `<a href="#code">Mã xác minh không đúng.</a>`) {
		t.Errorf("wrong code = %d; want 422 on #code", res.StatusCode)
	}
	webtest.CheckHTML(t, "wrong code", body)
	// Signing in before verifying leads to the code.
	other := f.Browser(t)
	res, body = other.Post("/dang-nhap", url.Values{"username": {"an@example.vn"}, "password": {"mật khẩu 123"}})
	if res.StatusCode != 401 || !strings.Contains(body, "Tài khoản chưa được xác minh") || !strings.Contains(body, `href="/dang-ky/xac-minh"`) {
		t.Errorf("sign-in before verifying = %d; want 401 leading to the code", res.StatusCode)
	}
	webtest.CheckHTML(t, "unverified sign-in", body)
	if c := cookie(res, web.SignUpCookie); c == nil || c.Value != "an@example.vn" {
		t.Errorf("unverified sign-in does not remember the login for the code page")
	}

	res, _ = b.Post("/dang-ky/xac-minh", url.Values{"login": {"an@example.vn"}, "code": {code}, "_action": {"verify"}})
	webtest.Location(t, res, http.StatusSeeOther, "/tai-khoan?moi=1")
	if c := cookie(res, web.SessionCookie); c == nil || c.Value == "" {
		t.Fatal("no session after verifying")
	}
	if c := cookie(res, web.SignUpCookie); c == nil || c.MaxAge >= 0 {
		t.Errorf("the sign-up cookie is not cleared")
	}
	body = b.Page("/tai-khoan?moi=1", 200)
	webtest.MustContain(t, "welcome", body, "Đã tạo tài khoản và đăng nhập.", "an@example.vn", `value="Nguyễn Văn An"`, "Đã xác minh.")
	if body := b.Page("/ho-so", 200); !strings.Contains(body, "Bạn chưa nộp hồ sơ nào.") {
		t.Errorf("the new citizen cannot see their dossiers")
	}

	// The login now names an account: signing up with it again goes where a new login goes (the
	// owner is told instead of receiving a code), and the page says nothing more.
	stranger := f.Browser(t)
	res, _ = stranger.Post("/dang-ky", url.Values{"login": {"an@example.vn"}, "full_name": {"Ai Đó"}, "password": {"mật khẩu 456"},
		"password2": {"mật khẩu 456"}})
	webtest.Location(t, res, http.StatusSeeOther, "/dang-ky/xac-minh")
	if c := cookie(res, web.SignUpCookie); c == nil || c.Value != "an@example.vn" {
		t.Errorf("sign-up with a taken login: cookie = %+v; want the login, as for a new one", c)
	}
	body = stranger.Page("/dang-ky/xac-minh", 200)
	webtest.CheckHTML(t, "taken login", body)
	webtest.MustContain(t, "taken login", body, "Chúng tôi đã gửi mã xác minh gồm 6 chữ số tới", "an@example.vn",
		"chủ tài khoản sẽ nhận được lời nhắn thay cho mã", `href="/dang-nhap"`)
	var template string
	if err := f.DB.QueryRow(context.Background(), `SELECT template FROM outbox WHERE recipient = ? ORDER BY id DESC LIMIT 1`, "an@example.vn").
		Scan(&template); err != nil || template != "signup_existing" {
		t.Errorf("last message to the owner = %q, %v; want signup_existing", template, err)
	}
	// Common passwords are refused on the password field.
	res, body = stranger.Post("/dang-ky", url.Values{"login": {"ba@example.vn"}, "full_name": {"Trần Văn Ba"}, "password": {"12345678"},
		"password2": {"12345678"}})
	if res.StatusCode != 422 || !strings.Contains(body, `<a href="#password">Mật khẩu này quá phổ biến`) {
		t.Errorf("sign-up with 12345678 = %d; want 422 on #password saying it is too common", res.StatusCode)
	}
	webtest.CheckHTML(t, "common password", body)
	// English throughout.
	_, body = other.Get("/dang-ky/xac-minh?lang=en")
	webtest.MustContain(t, "English code page", body, "Enter your code", "Send a new code", "6 digits, valid for 10 minutes.")
}

// TestProfile: the profile form, its errors in page order, and a saved change.
func TestProfile(t *testing.T) {
	f := newDemoFixture(t)
	b := f.Browser(t)
	res, _ := b.Get("/tai-khoan")
	webtest.Location(t, res, http.StatusSeeOther, "/dang-nhap?next=%2Ftai-khoan")
	b.SignIn("congdan")
	body := b.Page("/tai-khoan", 200)
	webtest.MustContain(t, "profile", body, "Tài khoản của tôi", `<dd class="break">congdan</dd>`, `id="id_number"`,
		`<input id="birth_date" name="birth_date-day" type="text"`, `autocomplete="bday-day"`, `name="birth_date-month"`, `autocomplete="bday-year"`,
		`<select id="unit_code" name="unit_code"`, `<optgroup label="Thành phố Hà Nội" lang="vi">`, `<option value="00070">Phường Hoàn Kiếm</option>`,
		`id="address_line"`, `href="/tai-khoan" class="user-name"`)
	vals := url.Values{"full_name": {"Nguyễn Văn An"}, "id_number": {"12345"}, "birth_date-day": {"30"}, "birth_date-month": {"2"},
		"birth_date-year": {"1990"}, "phone": {"0123"},
		"email": {"an@"}, "unit_code": {""}, "address_line": {"Số 1 Tràng Tiền"}}
	res, body = b.Post("/tai-khoan", vals)
	if res.StatusCode != 422 {
		t.Fatalf("bad profile = %d; want 422", res.StatusCode)
	}
	webtest.CheckHTML(t, "bad profile", body)
	order := []string{`<a href="#id_number">`, `<a href="#birth_date">`, `<a href="#phone">`, `<a href="#email">`, `<a href="#unit_code">`}
	last := -1
	for _, s := range order {
		i := strings.Index(body, s)
		if i < 0 || i < last {
			t.Errorf("error summary: %s missing or out of page order", s)
		}
		last = i
	}
	webtest.MustContain(t, "bad profile", body, `value="12345"`, "Số 1 Tràng Tiền", "tháng 2 năm 1990 chỉ có 28 ngày", `value="30"`, `<p id="unit_code-error"`, `aria-describedby="unit_code-hint unit_code-error"`)
	vals = url.Values{"full_name": {"Nguyễn Văn An"}, "id_number": {"001090004567"}, "birth_date-day": {"28"}, "birth_date-month": {"02"},
		"birth_date-year": {"1990"}, "phone": {"0912 345 678"},
		"email": {"An@Example.vn"}, "unit_code": {"00070"}, "address_line": {"Số 1 Tràng Tiền"}}
	res, _ = b.Post("/tai-khoan", vals)
	webtest.Location(t, res, http.StatusSeeOther, "/tai-khoan?da_luu=1")
	body = b.Page("/tai-khoan?da_luu=1", 200)
	webtest.MustContain(t, "saved profile", body, "Đã lưu thông tin tài khoản.", `value="0912345678"`, `value="an@example.vn"`,
		`<option value="00070" selected>Phường Hoàn Kiếm</option>`, "Chưa xác minh.")
	p, err := f.Identity.Profile(context.Background(), webtest.MustUser(t, f.Org, "congdan").ID)
	if err != nil || p.UnitCode != "00070" || p.Phone != "+84912345678" || p.IDNumber != "001090004567" || p.BirthDate != "1990-02-28" {
		t.Errorf("stored profile = %+v, %v", p, err)
	}
	// A commune outside Hà Nội stays selectable for whoever has one.
	if _, err := f.Identity.UpdateProfile(context.Background(), webtest.MustUser(t, f.Org, "congdan"), identity.ProfileInput{FullName: "Nguyễn Văn An", UnitCode: "25747"}); err != nil {
		t.Fatal(err)
	}
	body = b.Page("/tai-khoan", 200)
	if !strings.Contains(body, `<option value="25747" selected>`) {
		t.Errorf("a commune outside Hà Nội is not kept in the select")
	}
}

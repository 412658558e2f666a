package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
)

// newAccountServer serves the real API on d, with the signed-in user resolved from the bearer
// token as internal/server does.
func newAccountServer(t *testing.T, d *db.DB) *httptest.Server {
	t.Helper()
	ids := identity.NewStore(d)
	mux := http.NewServeMux()
	api.New(api.Config{Org: org.NewStore(d), Identity: ids, Logger: slog.New(slog.DiscardHandler)}).Register(mux)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok, ok := api.BearerToken(r); ok {
			u, err := ids.TokenUser(r.Context(), tok)
			if err != nil {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			r = r.WithContext(org.WithUser(r.Context(), u))
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

type reply struct {
	Status int
	Header http.Header
	Body   map[string]any
}

// call sends a JSON request and decodes the JSON answer.
func call(t *testing.T, srv *httptest.Server, method, path, token string, body any, header ...string) reply {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, srv.URL+"/api/v1"+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	r := reply{Status: resp.StatusCode, Header: resp.Header}
	if err := json.NewDecoder(resp.Body).Decode(&r.Body); err != nil && err != io.EOF {
		t.Fatalf("%s %s: decode: %v", method, path, err)
	}
	return r
}

func (r reply) errCode() string {
	e, _ := r.Body["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func (r reply) fieldPaths() []string {
	e, _ := r.Body["error"].(map[string]any)
	fs, _ := e["fields"].([]any)
	var out []string
	for _, f := range fs {
		out = append(out, f.(map[string]any)["path"].(string))
	}
	return out
}

// outboxCode reads the code of the newest message to recipient from the outbox table.
func outboxCode(t *testing.T, d *db.DB, recipient string) (channel, code string) {
	t.Helper()
	var data string
	err := d.QueryRow(context.Background(), `SELECT channel, data FROM outbox WHERE recipient = ? AND template = 'otp'
		ORDER BY id DESC LIMIT 1`, recipient).Scan(&channel, &data)
	if err != nil {
		t.Fatalf("no code to %s in the outbox: %v", recipient, err)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(data), &m); err != nil {
		t.Fatal(err)
	}
	code, _ = m["Code"].(string)
	return channel, code
}

func TestSignUpAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv := newAccountServer(t, d)
		const login = "citizen@example.vn"
		signup := map[string]any{"login": " Citizen@Example.vn", "password": "mật khẩu 123", "full_name": "Nguyễn Thị Mai"}

		r := call(t, srv, "POST", "/auth/signup", "", signup)
		if r.Status != http.StatusAccepted || r.Body["status"] != "verification_sent" || r.Body["channel"] != "email" || r.Body["login"] != login {
			t.Fatalf("signup = %d %v; want 202 verification_sent by email", r.Status, r.Body)
		}
		ch, code := outboxCode(t, d, login)
		if ch != "email" || len(code) != 6 {
			t.Fatalf("outbox: channel %q code %q; want an e-mail with 6 digits", ch, code)
		}

		// Not yet an account.
		if r := call(t, srv, "POST", "/auth/token", "", map[string]any{"username": login, "password": "mật khẩu 123"}); r.Status != 401 || r.errCode() != "unverified" {
			t.Errorf("token before verifying = %d %v; want 401 unverified", r.Status, r.Body)
		}
		// Resend throttled, with Retry-After.
		r = call(t, srv, "POST", "/auth/resend", "", map[string]any{"login": login})
		if r.Status != http.StatusTooManyRequests || r.errCode() != "rate_limited" || r.Header.Get("Retry-After") == "" {
			t.Errorf("resend at once = %d %v Retry-After %q; want 429 rate_limited with Retry-After", r.Status, r.Body, r.Header.Get("Retry-After"))
		}
		// A wrong code names the field, in English when asked.
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		r = call(t, srv, "POST", "/auth/verify", "", map[string]any{"login": login, "code": wrong}, "Accept-Language", "en")
		if r.Status != http.StatusUnprocessableEntity || r.errCode() != "code_invalid" || !cmp.Equal(r.fieldPaths(), []string{"code"}) {
			t.Errorf("verify(wrong) = %d %v; want 422 code_invalid on code", r.Status, r.Body)
		}
		if msg := r.Body["error"].(map[string]any)["message"]; msg != "The code is not correct." {
			t.Errorf("verify(wrong) message = %q; want English", msg)
		}

		// The right code signs the new citizen in.
		r = call(t, srv, "POST", "/auth/verify", "", map[string]any{"login": login, "code": code})
		if r.Status != http.StatusOK || r.Body["token_type"] != "Bearer" {
			t.Fatalf("verify = %d %v; want 200 with a token", r.Status, r.Body)
		}
		token := r.Body["token"].(string)
		if u := r.Body["user"].(map[string]any); u["username"] != login || u["role"] != "citizen" {
			t.Errorf("verify user = %v; want citizen %s", u, login)
		}
		if r := call(t, srv, "GET", "/me", token, nil); r.Status != 200 || r.Body["username"] != login {
			t.Errorf("GET /me = %d %v", r.Status, r.Body)
		}
		if r := call(t, srv, "POST", "/auth/token", "", map[string]any{"username": "CITIZEN@example.vn", "password": "mật khẩu 123"}); r.Status != 200 {
			t.Errorf("token by e-mail = %d %v; want 200", r.Status, r.Body)
		}
		// Signing up again with the login answers as for a new one; the owner is told instead.
		again := call(t, srv, "POST", "/auth/signup", "", signup)
		fresh := call(t, srv, "POST", "/auth/signup", "", map[string]any{"login": "someone.new@example.vn", "password": "mật khẩu 123", "full_name": "Ai Đó"})
		if again.Status != http.StatusAccepted || fresh.Status != http.StatusAccepted || again.Body["status"] != fresh.Body["status"] ||
			again.Body["channel"] != fresh.Body["channel"] || again.Body["login"] != login || len(again.Body) != len(fresh.Body) {
			t.Errorf("signup again = %d %v; want 202 like a new login's %d %v", again.Status, again.Body, fresh.Status, fresh.Body)
		}
		var template string
		if err := d.QueryRow(context.Background(), `SELECT template FROM outbox WHERE recipient = ? ORDER BY id DESC LIMIT 1`, login).Scan(&template); err != nil ||
			template != "signup_existing" {
			t.Errorf("last message to the owner = %q, %v; want signup_existing", template, err)
		}

		// Profile.
		r = call(t, srv, "GET", "/me/profile", token, nil)
		want := map[string]any{"username": login, "full_name": "Nguyễn Thị Mai", "id_number": "", "birth_date": "", "email": login,
			"email_verified": true, "phone": "", "phone_verified": false, "unit_code": "", "address_line": "", "lang": "vi"}
		if diff := cmp.Diff(want, r.Body); r.Status != 200 || diff != "" {
			t.Errorf("GET /me/profile = %d (-want +got):\n%s", r.Status, diff)
		}
		bad := map[string]any{"full_name": "", "id_number": "12345", "birth_date": "01/02/1990", "phone": "01234567890",
			"email": "x@", "unit_code": "1", "address_line": "Số 5"}
		r = call(t, srv, "PUT", "/me/profile", token, bad)
		if r.Status != http.StatusUnprocessableEntity || !cmp.Equal(r.fieldPaths(), []string{"full_name", "birth_date", "id_number", "phone", "email", "unit_code"}) {
			t.Errorf("PUT /me/profile(bad) = %d %v; want 422 naming every field", r.Status, r.Body)
		}
		good := map[string]any{"full_name": "Nguyễn Thị Mai", "id_number": "001190000123", "birth_date": "1990-02-01", "phone": "0381234567",
			"email": login, "unit_code": "00004", "address_line": "Số 5, ngõ 10, phố Đội Cấn"}
		r = call(t, srv, "PUT", "/me/profile", token, good)
		if r.Status != 200 || r.Body["phone"] != "+84381234567" || r.Body["phone_verified"] != false || r.Body["email_verified"] != true ||
			r.Body["unit_name"] != "Phường Ba Đình" || r.Body["province_code"] != "01" {
			t.Errorf("PUT /me/profile = %d %v", r.Status, r.Body)
		}
		if r := call(t, srv, "PUT", "/me/profile", token, map[string]any{"full_name": "A", "nickname": "x"}); r.Status != 400 || r.errCode() != "malformed_json" {
			t.Errorf("PUT /me/profile(unknown field) = %d %v; want 400", r.Status, r.Body)
		}
		for _, m := range []string{"GET", "PUT"} {
			if r := call(t, srv, m, "/me/profile", "", good); r.Status != 401 {
				t.Errorf("%s /me/profile without a token = %d; want 401", m, r.Status)
			}
		}
	})
}

func TestSignUpAPIPhone(t *testing.T) {
	srv := newAccountServer(t, dbtest.SQLite(t))
	r := call(t, srv, "POST", "/auth/signup", "", map[string]any{"login": "0912 345 678", "password": "hoa sen 1975", "full_name": "Lê Văn B", "lang": "en"})
	if r.Status != http.StatusAccepted || r.Body["channel"] != "sms" || r.Body["login"] != "+84912345678" {
		t.Errorf("signup by phone = %d %v; want 202 by sms to +84912345678", r.Status, r.Body)
	}
	r = call(t, srv, "POST", "/auth/signup", "", map[string]any{"login": "0212345678", "password": "1234", "full_name": "", "lang": "fr"})
	if r.Status != http.StatusUnprocessableEntity || !cmp.Equal(r.fieldPaths(), []string{"lang"}) {
		t.Errorf("signup(bad lang) = %d %v; want 422 on lang", r.Status, r.Body)
	}
	r = call(t, srv, "POST", "/auth/signup", "", map[string]any{"login": "0212345678", "password": "1234", "full_name": ""})
	if r.Status != http.StatusUnprocessableEntity || !cmp.Equal(r.fieldPaths(), []string{"login", "password", "full_name"}) {
		t.Errorf("signup(bad) = %d %v; want 422 on login, password, full_name", r.Status, r.Body)
	}
	if r := call(t, srv, "POST", "/auth/verify", "", map[string]any{"login": "0999999999", "code": "123456"}); r.Status != 422 || r.errCode() != "no_pending_signup" {
		t.Errorf("verify(unknown) = %d %v; want 422 no_pending_signup", r.Status, r.Body)
	}
}

// TestSignUpAPIWeakPasswords: common passwords, one character repeated and the login itself
// are refused with 422 naming the field password.
func TestSignUpAPIWeakPasswords(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv := newAccountServer(t, d)
		for _, pw := range []string{"12345678", "password", "aaaaaaaa", "        ", "an@example.vn", strings.Repeat("mật khẩu", 40)} {
			r := call(t, srv, "POST", "/auth/signup", "", map[string]any{"login": "an@example.vn", "password": pw, "full_name": "Nguyễn Văn An"},
				"Accept-Language", "en")
			if r.Status != http.StatusUnprocessableEntity || !cmp.Equal(r.fieldPaths(), []string{"password"}) {
				t.Errorf("signup(password %q) = %d %v; want 422 on password", pw, r.Status, r.Body)
			}
		}
		r := call(t, srv, "POST", "/auth/signup", "", map[string]any{"login": "an@example.vn", "password": "password", "full_name": "Nguyễn Văn An"},
			"Accept-Language", "en")
		if f := r.Body["error"].(map[string]any)["fields"].([]any)[0].(map[string]any); !strings.Contains(f["message"].(string), "too common") {
			t.Errorf("signup(common password) field = %v; want the reason in English", f)
		}
	})
}

package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
)

// TestBodyBounds: the edge refuses, before any work, a body larger than its route allows (413),
// a text longer than the OpenAPI document allows its field, counted in characters (422 naming
// the field), and JSON nested too deep (400), each in the error envelope.
func TestBodyBounds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv := newAccountServer(t, d)
		send := func(path, body string) (int, map[string]any) {
			t.Helper()
			req, _ := http.NewRequest("POST", srv.URL+"/api/v1"+path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var out map[string]any
			json.NewDecoder(res.Body).Decode(&out)
			errBody, _ := out["error"].(map[string]any)
			return res.StatusCode, errBody
		}
		field := func(e map[string]any) string {
			fs, _ := e["fields"].([]any)
			if len(fs) == 0 {
				return ""
			}
			return fs[0].(map[string]any)["path"].(string)
		}
		jsonText := func(v any) string { b, _ := json.Marshal(v); return string(b) }

		// 64 KiB is the bound of a sign-up; the token route's is 16 KiB.
		big := jsonText(map[string]string{"login": "a@b.vn", "password": strings.Repeat("x", 70<<10), "full_name": "A"})
		if st, e := send("/auth/signup", big); st != http.StatusRequestEntityTooLarge || e["code"] != "body_too_large" {
			t.Errorf("70 KiB sign-up: %d %v; want 413 body_too_large", st, e)
		}
		tok := jsonText(map[string]string{"username": "a", "password": strings.Repeat("x", 17<<10)})
		if st, e := send("/auth/token", tok); st != http.StatusRequestEntityTooLarge || e["code"] != "body_too_large" {
			t.Errorf("17 KiB token request: %d %v; want 413 body_too_large", st, e)
		}

		// login: maxLength 254 in the document.
		long := jsonText(map[string]string{"login": strings.Repeat("a", 250) + "@b.vn", "password": "một mật khẩu dài", "full_name": "A"})
		if st, e := send("/auth/signup", long); st != http.StatusUnprocessableEntity || e["code"] != "too_long" || field(e) != "login" {
			t.Errorf("255-character login: %d %v; want 422 too_long at login", st, e)
		}
		// 200 characters of "ệ" (600 bytes) are within full_name's 200 characters.
		name := jsonText(map[string]string{"login": "ten@example.vn", "password": "một mật khẩu dài", "full_name": strings.Repeat("ệ", 200)})
		if st, e := send("/auth/signup", name); e["code"] == "too_long" {
			t.Errorf("200 × ệ as full_name: %d %v; want it within bounds", st, e)
		}
		nested := jsonText(map[string]any{"login": "ten@example.vn", "code": "123456"})
		deep := strings.Repeat("[", 40) + strings.Repeat("]", 40)
		nested = strings.Replace(nested, `"123456"`, deep, 1)
		if st, e := send("/auth/verify", nested); st != http.StatusBadRequest || e["code"] != "too_deep" {
			t.Errorf("40 levels of nesting: %d %v; want 400 too_deep", st, e)
		}
		// The code of a verification is at most 6 characters.
		code := jsonText(map[string]string{"login": "ten@example.vn", "code": strings.Repeat("1", 7)})
		if st, e := send("/auth/verify", code); st != http.StatusUnprocessableEntity || field(e) != "code" {
			t.Errorf("7-digit code: %d %v; want 422 at code", st, e)
		}
	})
}

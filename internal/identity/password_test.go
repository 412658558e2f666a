package identity

import (
	"context"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
)

func TestPasswordRules(t *testing.T) {
	refused := map[string]string{ // password → the catalog key of the reason
		"1234567":                       "password.too_short",
		"12345678":                      "password.common",
		"password":                      "password.common",
		"PassWord":                      "password.common",
		"iloveyou":                      "password.common",
		"qwertyuiop":                    "password.common",
		"aaaaaaaa":                      "password.one_character",
		"        ":                      "password.one_character",
		"ơơơơơơơơ":                      "password.one_character",
		"an.nguyen@example.vn":          "password.is_login",
		" AN.NGUYEN@example.vn ":        "password.is_login",
		strings.Repeat("ab", 128) + "c": "password.too_long",
	}
	for pw, want := range refused {
		var args []any
		switch want {
		case "password.too_short":
			args = []any{MinPasswordLen}
		case "password.too_long":
			args = []any{MaxPasswordLen}
		}
		msg, ok := passwordProblem(pw, "An.Nguyen@Example.vn", "an.nguyen@example.vn")
		if ok || msg != msgs.Text(want, args...) {
			t.Errorf("passwordProblem(%q) = %q, %v; want %s", pw, msg[0], ok, want)
		}
	}
	for _, pw := range []string{"mật khẩu", "hoa sen 1975", "correct horse battery staple", "aaaaaaab",
		strings.Repeat("ắb", MaxPasswordLen/2) /* 256 characters, 512 bytes */, "0912345679"} {
		if msg, ok := passwordProblem(pw, "0912345678", "+84912345678"); !ok {
			t.Errorf("passwordProblem(%q) = %q; want accepted", pw, msg[0])
		}
	}
	// A phone login is refused as typed and as normalised.
	for _, pw := range []string{"0912345678", "+84912345678"} {
		if _, ok := passwordProblem(pw, "0912345678", "+84912345678"); ok {
			t.Errorf("passwordProblem(%q) accepted the login as password", pw)
		}
	}
	if n := len(commonPasswords()); n < 10000 {
		t.Errorf("the common-password list has %d entries of %d characters or more; want thousands", n, MinPasswordLen)
	}
}

func TestSignUpRefusesWeakPasswords(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newClockedStore(d)
		for _, pw := range []string{"12345678", "password", "aaaaaaaa", "        ", "an@example.vn", "An@Example.VN", strings.Repeat("x", 256) + "y"} {
			_, err := s.SignUp(context.Background(), SignUpInput{Login: "an@example.vn", Password: pw, FullName: "Nguyễn Văn An"})
			if apperr.KindOf(err) != apperr.KindUnprocessable || strings.Join(fieldPaths(err), ",") != "password" {
				t.Errorf("SignUp(password %q) = %v (fields %v); want 422 on field password", pw, err, fieldPaths(err))
			}
		}
		if n := len(outbox(t, d, "an@example.vn")); n != 0 {
			t.Errorf("outbox has %d messages after refused sign-ups", n)
		}
		if _, err := s.SignUp(context.Background(), SignUpInput{Login: "an@example.vn", Password: "hoa sen 1975", FullName: "Nguyễn Văn An"}); err != nil {
			t.Errorf("SignUp(good password) = %v", err)
		}
	})
}

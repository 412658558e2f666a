package identity

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntime"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newClockedStore(d *db.DB) (*Store, *clock) {
	c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, vntime.Location())}
	s := NewStore(d)
	s.now = c.Now
	return s, c
}

type outboxRow struct {
	Channel, Recipient, Template, Lang string
	UserID                             int64
	Data                               map[string]any
}

// outbox returns the messages enqueued for recipient, oldest first.
func outbox(t *testing.T, d *db.DB, recipient string) []outboxRow {
	t.Helper()
	rows, err := d.Query(context.Background(), `SELECT channel, recipient, template, lang, COALESCE(user_id, 0), data FROM outbox
		WHERE recipient = ? ORDER BY id`, recipient)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []outboxRow
	for rows.Next() {
		var r outboxRow
		var data string
		if err := rows.Scan(&r.Channel, &r.Recipient, &r.Template, &r.Lang, &r.UserID, &data); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(data), &r.Data); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// lastCode returns the code of the newest message to recipient.
func lastCode(t *testing.T, d *db.DB, recipient string) string {
	t.Helper()
	msgs := outbox(t, d, recipient)
	if len(msgs) == 0 {
		t.Fatalf("no message to %s in the outbox", recipient)
	}
	code, _ := msgs[len(msgs)-1].Data["Code"].(string)
	return code
}

func errCode(err error) string {
	if e, ok := apperr.As(err); ok {
		return e.Code
	}
	return fmt.Sprint(err)
}

// otherCode returns a 6-digit code different from code.
func otherCode(code string) string {
	if code == "000000" {
		return "000001"
	}
	return "000000"
}

func TestSignUpEmail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _ := newClockedStore(d)
		p, err := s.SignUp(ctx, SignUpInput{Login: " An.Nguyen@Example.VN ", Password: "hoa sen 1975", FullName: "Nguyễn  Văn An", Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		if p.Login != "an.nguyen@example.vn" || p.Channel != notify.Email || !p.ExpiresAt.Equal(s.now().Add(CodeTTL)) {
			t.Errorf("SignUp = %+v; want an.nguyen@example.vn by email, expiring in 10 minutes", p)
		}
		msgs := outbox(t, d, "an.nguyen@example.vn")
		if len(msgs) != 1 {
			t.Fatalf("outbox has %d messages; want 1", len(msgs))
		}
		m := msgs[0]
		code, _ := m.Data["Code"].(string)
		if m.Channel != "email" || m.Template != "otp" || m.Lang != "en" || len(code) != 6 || m.Data["Minutes"] != float64(10) {
			t.Errorf("outbox message = %+v; want an otp e-mail in English with a 6-digit code and 10 minutes", m)
		}

		// Not an account yet: the right password says "unverified", a wrong one does not.
		if _, err := s.Authenticate(ctx, "an.nguyen@example.vn", "hoa sen 1975"); errCode(err) != "unverified" {
			t.Errorf("Authenticate(pending) = %v; want unverified", err)
		}
		if _, err := s.Authenticate(ctx, "an.nguyen@example.vn", "wrong-password"); errCode(err) != "bad_credentials" {
			t.Errorf("Authenticate(pending, wrong password) = %v; want bad_credentials", err)
		}

		if _, err := s.Verify(ctx, "an.nguyen@example.vn", otherCode(code)); errCode(err) != "code_invalid" || fieldPaths(err)[0] != "code" {
			t.Errorf("Verify(wrong) = %v; want code_invalid on field code", err)
		}
		if _, err := s.Verify(ctx, "an.nguyen@example.vn", "12ab56"); errCode(err) != "code_invalid" {
			t.Errorf("Verify(letters) = %v; want code_invalid", err)
		}
		u, err := s.Verify(ctx, "AN.NGUYEN@example.vn", code)
		if err != nil {
			t.Fatalf("Verify: %v", err)
		}
		if u.Username != "an.nguyen@example.vn" || u.Email != u.Username || u.Role != org.RoleCitizen || !u.Active || u.FullName != "Nguyễn Văn An" {
			t.Errorf("Verify = %+v; want an active citizen named by the e-mail", u)
		}
		if _, err := s.Verify(ctx, "an.nguyen@example.vn", code); errCode(err) != "no_pending_signup" {
			t.Errorf("Verify(again) = %v; want no_pending_signup", err)
		}
		if got, err := s.Authenticate(ctx, " AN.NGUYEN@example.vn", "hoa sen 1975"); err != nil || got.ID != u.ID {
			t.Errorf("Authenticate(email) = %v, %v; want the new account", got, err)
		}
		if _, err := s.Authenticate(ctx, "an.nguyen@example.vn", "1234567x"); errCode(err) != "bad_credentials" {
			t.Errorf("Authenticate(wrong password) = %v; want bad_credentials", err)
		}
		p2, _ := s.Profile(ctx, u.ID)
		if !p2.EmailVerified || p2.PhoneVerified || p2.Lang != "en" {
			t.Errorf("Profile = %+v; want e-mail verified, lang en", p2)
		}

		// The login is taken now: sign-up answers as for a new one, and tells the owner instead.
		if _, err := s.SignUp(ctx, SignUpInput{Login: "an.nguyen@example.vn", Password: "hoa sen 1976", FullName: "X"}); err != nil {
			t.Errorf("SignUp(taken) = %v; want the answer of a new login", err)
		}
	})
}

func TestSignUpPhone(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _ := newClockedStore(d)
		p, err := s.SignUp(ctx, SignUpInput{Login: "0912 345 678", Password: "mật-khẩu-8", FullName: "Lê Thị Hoa"})
		if err != nil {
			t.Fatal(err)
		}
		if p.Login != "+84912345678" || p.Channel != notify.SMS {
			t.Fatalf("SignUp = %+v; want +84912345678 by sms", p)
		}
		m := outbox(t, d, "+84912345678")
		if len(m) != 1 || m[0].Channel != "sms" || m[0].Lang != "vi" {
			t.Fatalf("outbox = %+v; want one sms in Vietnamese", m)
		}
		u, err := s.Verify(ctx, "84912345678", lastCode(t, d, "+84912345678"))
		if err != nil {
			t.Fatal(err)
		}
		if u.Username != "+84912345678" || u.Phone != "+84912345678" {
			t.Errorf("Verify = %+v; want username and phone +84912345678", u)
		}
		for _, login := range []string{"0912345678", "+84 912 345 678", "84912345678"} {
			if got, err := s.Authenticate(ctx, login, "mật-khẩu-8"); err != nil || got.ID != u.ID {
				t.Errorf("Authenticate(%q) = %v, %v; want the account", login, got, err)
			}
		}
		// A landline cannot receive the code.
		if _, err := s.SignUp(ctx, SignUpInput{Login: "024 3825 1234", Password: "hoa sen 1975", FullName: "X"}); errCode(err) != "invalid_signup" {
			t.Errorf("SignUp(landline) = %v; want invalid_signup", err)
		}
	})
}

func TestSignUpValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newClockedStore(d)
		_, err := s.SignUp(context.Background(), SignUpInput{Login: "0891234567", Password: "short", FullName: ""})
		if got, want := fieldPaths(err), []string{"login", "password", "full_name"}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("SignUp(bad) fields = %v; want %v (%v)", got, want, err)
		}
		if apperr.KindOf(err) != apperr.KindUnprocessable {
			t.Errorf("SignUp(bad) kind = %v; want 422", apperr.KindOf(err))
		}
		if n := len(outbox(t, d, "+84891234567")); n != 0 {
			t.Errorf("outbox has %d messages after a refused sign-up", n)
		}
		// Demo and officer accounts keep their own rules (CreateUser), and sign in by username.
		if _, err := s.CreateUser(context.Background(), NewUser{Username: "demo", Password: "demo", FullName: "Demo", Role: org.RoleCitizen}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(context.Background(), "Demo", "demo"); err != nil {
			t.Errorf("Authenticate(demo) = %v", err)
		}
	})
}

func TestCodeLimits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clk := newClockedStore(d)
		const login = "limits@example.vn"
		if _, err := s.SignUp(ctx, SignUpInput{Login: login, Password: "hoa sen 1975", FullName: "A"}); err != nil {
			t.Fatal(err)
		}
		first := lastCode(t, d, login)

		// Resend throttled to one a minute.
		_, err := s.ResendCode(ctx, login)
		if apperr.KindOf(err) != apperr.KindRateLimited || errCode(err) != "rate_limited" {
			t.Fatalf("ResendCode(at once) = %v; want rate_limited", err)
		}
		if d, ok := RetryAfter(err); !ok || d != time.Minute {
			t.Errorf("RetryAfter = %v, %v; want 1m", d, ok)
		}
		clk.Add(30 * time.Second)
		if _, err := s.ResendCode(ctx, login); !isRetryAfter(err, 30*time.Second) {
			t.Errorf("ResendCode(after 30s) = %v; want retry after 30s", err)
		}
		// …and to five an hour, sign-ups and resends together.
		for i := 2; i <= 5; i++ {
			clk.Add(time.Minute)
			if _, err := s.ResendCode(ctx, login); err != nil {
				t.Fatalf("ResendCode #%d: %v", i, err)
			}
		}
		clk.Add(time.Minute) // 5.5 minutes after the first code
		if _, err := s.ResendCode(ctx, login); !isRetryAfter(err, 54*time.Minute+30*time.Second) {
			t.Errorf("ResendCode #6 = %v; want retry after 54m30s", err)
		}
		if n := len(outbox(t, d, login)); n != 5 {
			t.Errorf("outbox has %d messages; want 5", n)
		}
		// A resend replaces the earlier code.
		if _, err := s.Verify(ctx, login, first); errCode(err) != "code_invalid" {
			t.Errorf("Verify(replaced code) = %v; want code_invalid", err)
		}

		// Five attempts per code, right or wrong.
		code := lastCode(t, d, login)
		for i := 1; i < CodeAttempts; i++ { // one attempt went to the replaced code above
			if _, err := s.Verify(ctx, login, otherCode(code)); errCode(err) != "code_invalid" {
				t.Fatalf("Verify(wrong #%d) = %v; want code_invalid", i, err)
			}
		}
		if _, err := s.Verify(ctx, login, code); errCode(err) != "too_many_attempts" {
			t.Errorf("Verify(right, after 5 wrong) = %v; want too_many_attempts", err)
		}

		// After the hour a new code is allowed, and expires after ten minutes.
		clk.Add(56 * time.Minute)
		if _, err := s.ResendCode(ctx, login); err != nil {
			t.Fatalf("ResendCode(next hour) = %v", err)
		}
		code = lastCode(t, d, login)
		clk.Add(CodeTTL)
		if _, err := s.Verify(ctx, login, code); errCode(err) != "code_expired" {
			t.Errorf("Verify(expired) = %v; want code_expired", err)
		}
		clk.Add(ResendInterval)
		if _, err := s.ResendCode(ctx, login); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Verify(ctx, login, lastCode(t, d, login)); err != nil {
			t.Errorf("Verify(fresh code) = %v", err)
		}

		// Nothing pending.
		if _, err := s.ResendCode(ctx, "nobody@example.vn"); errCode(err) != "no_pending_signup" {
			t.Errorf("ResendCode(unknown) = %v; want no_pending_signup", err)
		}
		if _, err := s.Verify(ctx, "nobody@example.vn", "123456"); errCode(err) != "no_pending_signup" {
			t.Errorf("Verify(unknown) = %v; want no_pending_signup", err)
		}
	})
}

func isRetryAfter(err error, want time.Duration) bool {
	d, ok := RetryAfter(err)
	return ok && d == want && apperr.KindOf(err) == apperr.KindRateLimited
}

// TestSignUpAttemptsKeepTheirPassword: when someone else signs up with your address, the
// code sent for your attempt still activates your attempt, with your password.
func TestSignUpAttemptsKeepTheirPassword(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clk := newClockedStore(d)
		const login = "owner@example.vn"
		if _, err := s.SignUp(ctx, SignUpInput{Login: login, Password: "owner-password", FullName: "Owner"}); err != nil {
			t.Fatal(err)
		}
		mine := lastCode(t, d, login)
		clk.Add(ResendInterval)
		if _, err := s.SignUp(ctx, SignUpInput{Login: login, Password: "intruder-password", FullName: "Intruder"}); err != nil {
			t.Fatal(err)
		}
		u, err := s.Verify(ctx, login, mine)
		if err != nil {
			t.Fatal(err)
		}
		if u.FullName != "Owner" {
			t.Errorf("Verify activated %q; want the owner's attempt", u.FullName)
		}
		if _, err := s.Authenticate(ctx, login, "intruder-password"); errCode(err) != "bad_credentials" {
			t.Errorf("Authenticate(intruder) = %v; want bad_credentials", err)
		}
		if _, err := s.Authenticate(ctx, login, "owner-password"); err != nil {
			t.Errorf("Authenticate(owner) = %v", err)
		}
	})
}

func TestPurgeSignUps(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clk := newClockedStore(d)
		if _, err := s.SignUp(ctx, SignUpInput{Login: "old@example.vn", Password: "hoa sen 1975", FullName: "A"}); err != nil {
			t.Fatal(err)
		}
		clk.Add(2 * time.Hour)
		if n, err := s.PurgeSignUps(ctx); err != nil || n != 1 {
			t.Errorf("PurgeSignUps after 2h = %d, %v; want the code only", n, err)
		}
		// The sign-up is still pending: a new code may be asked for; the old code has gone.
		if _, err := s.Verify(ctx, "old@example.vn", "123456"); errCode(err) != "code_expired" {
			t.Errorf("Verify(purged code) = %v; want code_expired", err)
		}
		clk.Add(SignUpTTL)
		if n, err := s.PurgeSignUps(ctx); err != nil || n != 1 {
			t.Errorf("PurgeSignUps after a day = %d, %v; want the sign-up", n, err)
		}
		if _, err := s.ResendCode(ctx, "old@example.vn"); errCode(err) != "no_pending_signup" {
			t.Errorf("ResendCode(purged) = %v; want no_pending_signup", err)
		}
	})
}

// TestSignUpExistingLogin: sign-up answers alike for a new and an existing login; the owner of
// the existing one is told, gets no code, and the attempt can never become an account.
func TestSignUpExistingLogin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clk := newClockedStore(d)
		const owner = "chu@example.vn"
		if _, err := s.SignUp(ctx, SignUpInput{Login: owner, Password: "hoa sen 1975", FullName: "Chủ Tài Khoản"}); err != nil {
			t.Fatal(err)
		}
		u, err := s.Verify(ctx, owner, lastCode(t, d, owner))
		if err != nil {
			t.Fatal(err)
		}
		clk.Add(2 * time.Minute)

		fresh, err := s.SignUp(ctx, SignUpInput{Login: "moi@example.vn", Password: "mat khau khac", FullName: "Người Mới", Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		again, err := s.SignUp(ctx, SignUpInput{Login: " Chu@Example.vn", Password: "mat khau khac", FullName: "Người Lạ", Lang: "en"})
		if err != nil {
			t.Fatalf("SignUp(existing login) = %v; want the answer of a new login", err)
		}
		if again.Login != owner || again.Channel != fresh.Channel || !again.ExpiresAt.Equal(fresh.ExpiresAt) || !again.ResendAfter.Equal(fresh.ResendAfter) {
			t.Errorf("SignUp(existing) = %+v; want the same as for a new login: %+v", again, fresh)
		}
		msgs := outbox(t, d, owner)
		last := msgs[len(msgs)-1]
		if len(msgs) != 2 || last.Template != notify.TemplateSignUpExisting || last.Channel != "email" || last.Lang != "en" || last.Data["Code"] != nil {
			t.Errorf("owner's outbox = %+v; want the code of the first sign-up, then a signup_existing notice without a code", msgs)
		}

		// No code was sent, and none can be guessed: every entry is wrong, as for a new login.
		for _, code := range []string{"000000", "123456", "999999"} {
			if _, err := s.Verify(ctx, owner, code); errCode(err) != "code_invalid" {
				t.Errorf("Verify(existing, %s) = %v; want code_invalid", code, err)
			}
		}
		if _, err := s.Authenticate(ctx, owner, "mat khau khac"); errCode(err) != "bad_credentials" {
			t.Errorf("Authenticate(attempt's password) = %v; want bad_credentials", err)
		}
		if got, err := s.Authenticate(ctx, owner, "hoa sen 1975"); err != nil || got.ID != u.ID {
			t.Errorf("Authenticate(owner) = %v, %v; want the account unchanged", got, err)
		}

		// Resending follows the same limits and sends the notice again, never a code.
		if _, err := s.ResendCode(ctx, owner); !isRetryAfter(err, time.Minute) {
			t.Errorf("ResendCode(existing, at once) = %v; want retry after 1m", err)
		}
		clk.Add(time.Minute)
		if _, err := s.ResendCode(ctx, owner); err != nil {
			t.Errorf("ResendCode(existing) = %v; want the answer of a new login", err)
		}
		for _, m := range outbox(t, d, owner)[1:] {
			if m.Template != notify.TemplateSignUpExisting {
				t.Errorf("message to the owner after the account exists = %+v; want signup_existing only", m)
			}
		}
		if n := len(outbox(t, d, owner)); n != 3 {
			t.Errorf("owner's outbox has %d messages; want 3", n)
		}
	})
}

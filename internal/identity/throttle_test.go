package identity_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
)

// clock is a settable time for a Store (WithClock).
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func auditCount(t *testing.T, d *db.DB, action string) int {
	t.Helper()
	recs, err := audit.List(context.Background(), d, audit.Filter{Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return len(recs)
}

// TestSignInThrottledPerAccount: wrong passwords for one account lock it after
// identity.AccountBurst attempts: the next attempt, even with the right password, is
// KindRateLimited with a wait, costs no audit record; the lockout is audited once and the
// holder is sent a message; after the wait the right password works again.
func TestSignInThrottledPerAccount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		clk := &clock{time.Now()}
		s := identity.NewStore(d).WithClock(clk.now)
		ctx := audit.WithRequest(context.Background(), "198.51.100.7", "")
		if _, err := s.CreateUser(ctx, identity.NewUser{Username: "an.nguyen", Password: "mat-khau-1",
			Email: "an@example.vn", Role: org.RoleCitizen}); err != nil {
			t.Fatal(err)
		}
		for i := range identity.AccountBurst {
			if _, err := s.Authenticate(ctx, "an.nguyen", "sai"); apperr.KindOf(err) != apperr.KindUnauthenticated {
				t.Fatalf("attempt %d: err = %v; want bad credentials", i+1, err)
			}
		}
		_, err := s.Authenticate(ctx, "An.Nguyen", "mat-khau-1") // same login, other case
		wait, ok := identity.RetryAfter(err)
		if apperr.KindOf(err) != apperr.KindRateLimited || !ok || wait <= 0 || wait > time.Hour {
			t.Fatalf("right password while locked: err = %v, wait %v; want rate limited with a wait", err, wait)
		}
		if n := auditCount(t, d, "auth.sign_in_failed"); n != identity.AccountBurst {
			t.Errorf("failed sign-ins audited = %d; want %d (a throttled attempt is not one)", n, identity.AccountBurst)
		}
		if n := auditCount(t, d, "auth.sign_in"); n != 0 {
			t.Errorf("successful sign-ins = %d while locked", n)
		}
		recs, err := audit.List(ctx, d, audit.Filter{Action: "auth.lockout"})
		if err != nil || len(recs) != 1 || recs[0].Actor != "an.nguyen" || recs[0].ActorID == 0 {
			t.Fatalf("lockout records = %+v, %v; want one for an.nguyen", recs, err)
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE template = 'signin_locked' AND recipient = 'an@example.vn'`).Scan(&n); err != nil || n != 1 {
			t.Errorf("lockout messages to the holder = %d, %v; want 1", n, err)
		}

		// After the wait one attempt is allowed; failing it locks the account again, longer.
		clk.t = clk.t.Add(wait)
		if _, err := s.Authenticate(ctx, "an.nguyen", "sai"); apperr.KindOf(err) != apperr.KindUnauthenticated {
			t.Fatalf("attempt after the wait: err = %v; want bad credentials", err)
		}
		_, err = s.Authenticate(ctx, "an.nguyen", "mat-khau-1")
		wait2, ok := identity.RetryAfter(err)
		if !ok || wait2 <= wait {
			t.Fatalf("second lockout wait = %v, %v; want longer than %v", wait2, err, wait)
		}
		clk.t = clk.t.Add(wait2)
		if u, err := s.Authenticate(ctx, "an.nguyen", "mat-khau-1"); err != nil || u.Username != "an.nguyen" {
			t.Fatalf("right password after the wait: %v, %v", u, err)
		}
		// A success gives the account all its attempts back.
		for i := range identity.AccountBurst {
			if _, err := s.Authenticate(ctx, "an.nguyen", "sai"); apperr.KindOf(err) != apperr.KindUnauthenticated {
				t.Fatalf("attempt %d after a success: err = %v; want bad credentials", i+1, err)
			}
		}
		if n := auditCount(t, d, "auth.lockout"); n != 3 { // the last failure above locks again
			t.Errorf("lockout records = %d; want 3", n)
		}
	})
}

// TestSignInThrottledPerAddress: one client address trying many accounts is refused within
// identity.AddressBurst+1 attempts, whatever the logins; another address is not.
func TestSignInThrottledPerAddress(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := identity.NewStore(d)
		ctx := audit.WithRequest(context.Background(), "203.0.113.9", "")
		limited := 0
		for i := range identity.AddressBurst + 1 {
			_, err := s.Authenticate(ctx, fmt.Sprintf("khach%d", i), "sai")
			if apperr.KindOf(err) == apperr.KindRateLimited {
				limited = i + 1
				break
			}
		}
		if limited == 0 {
			t.Fatalf("no 429 in %d attempts from one address across accounts", identity.AddressBurst+1)
		}
		if n := auditCount(t, d, "auth.lockout"); n != 1 {
			t.Errorf("lockout records = %d; want 1 (the address)", n)
		}
		other := audit.WithRequest(context.Background(), "203.0.113.10", "")
		if _, err := s.Authenticate(other, "khach0", "sai"); apperr.KindOf(err) != apperr.KindUnauthenticated {
			t.Errorf("another address: err = %v; want bad credentials", err)
		}
	})
}

// TestSignInBounds: an oversized login or password is refused naming the field, before any
// work: nothing goes into the audit log.
func TestSignInBounds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := identity.NewStore(d)
		ctx := context.Background()
		for _, tc := range []struct{ login, password, field string }{
			{strings.Repeat("ă", identity.MaxLoginChars+1), "sai", "username"},
			{strings.Repeat("x", 3000), "sai", "username"},
			{"an.nguyen", strings.Repeat("p", identity.MaxPasswordChars+1), "password"},
		} {
			_, err := s.Authenticate(ctx, tc.login, tc.password)
			e, ok := apperr.As(err)
			if !ok || e.Kind != apperr.KindUnprocessable || len(e.Fields) != 1 || e.Fields[0].Path != tc.field {
				t.Errorf("%d-char login, %d-char password: err = %#v; want 422 naming %s", len(tc.login), len(tc.password), err, tc.field)
			}
		}
		if n := auditCount(t, d, "auth.sign_in_failed"); n != 0 {
			t.Errorf("oversized attempts audited: %d", n)
		}
		// At the bound, an attempt is an ordinary wrong login (and is audited).
		if _, err := s.Authenticate(ctx, strings.Repeat("ă", identity.MaxLoginChars), "sai"); apperr.KindOf(err) != apperr.KindUnauthenticated {
			t.Errorf("login at the bound: err = %v; want bad credentials", err)
		}
	})
}

package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/demo"
)

// TestSignInThrottle drives the real server behind a pretend proxy (--trusted-proxy-header
// X-Forwarded-For): wrong passwords for one account through the API and through the web form
// are answered 429 with Retry-After within the first attempts, the right password too while
// locked, and it works again once the clock passes the wait; one address trying many accounts
// is answered 429; an oversized login is refused (422, or 413 past the body bound) with nothing
// in the audit log.
func TestSignInThrottle(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { signInThrottle(t, engine) })
	}
}

func signInThrottle(t *testing.T, engine string) {
	a, base := apptest.Start(t, engine, func(c *config.Config) { c.TrustedProxyHeader = "X-Forwarded-For" })
	var offset atomic.Int64
	a.Identity.WithClock(func() time.Time { return time.Now().Add(time.Duration(offset.Load())) })
	ctx := context.Background()

	api := func(addr, login, password string) *http.Response {
		t.Helper()
		b, _ := json.Marshal(map[string]string{"username": login, "password": password})
		return post(t, base+"/api/v1/auth/token", "application/json", addr, bytes.NewReader(b))
	}
	web := func(addr, login, password string) *http.Response {
		t.Helper()
		form := url.Values{"username": {login}, "password": {password}}
		return post(t, base+"/dang-nhap", "application/x-www-form-urlencoded", addr, strings.NewReader(form.Encode()))
	}
	// throttledWithin sends wrong passwords, each from another address so that only the
	// account's throttle can answer, until a 429; it returns the Retry-After.
	throttledWithin := func(name string, send func(addr, login, password string) *http.Response, login string) time.Duration {
		t.Helper()
		for i := range 30 {
			resp := send(fmt.Sprintf("192.0.2.%d", i+1), login, "sai-mat-khau")
			switch resp.StatusCode {
			case http.StatusUnauthorized:
				continue
			case http.StatusTooManyRequests:
				secs, err := strconv.Atoi(resp.Header.Get("Retry-After"))
				if err != nil || secs <= 0 {
					t.Fatalf("%s: 429 with Retry-After %q", name, resp.Header.Get("Retry-After"))
				}
				if resp := send("192.0.2.200", login, demo.Password); resp.StatusCode != http.StatusTooManyRequests {
					t.Errorf("%s: right password while locked = %d; want 429", name, resp.StatusCode)
				}
				return time.Duration(secs) * time.Second
			default:
				t.Fatalf("%s: attempt %d = %d", name, i+1, resp.StatusCode)
			}
		}
		t.Fatalf("%s: no 429 in 30 wrong sign-ins for one account", name)
		return 0
	}

	wait := throttledWithin("api", api, "tiepnhan")
	offset.Add(int64(wait))
	if resp := api("192.0.2.201", "tiepnhan", demo.Password); resp.StatusCode != http.StatusOK {
		t.Errorf("api: right password after the wait = %d; want 200", resp.StatusCode)
	}

	wait = throttledWithin("web", web, "congdan")
	offset.Add(int64(wait))
	if resp := web("192.0.2.202", "congdan", demo.Password); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("web: right password after the wait = %d; want 303", resp.StatusCode)
	}

	// One address, many accounts: the address's throttle.
	limited := false
	for i := range 30 {
		if resp := api("203.0.113.50", fmt.Sprintf("khach%d", i), "sai"); resp.StatusCode == http.StatusTooManyRequests {
			limited = resp.Header.Get("Retry-After") != ""
			break
		}
	}
	if !limited {
		t.Error("one address across accounts: no 429 with Retry-After in 30 attempts")
	}
	recs, err := audit.List(ctx, a.DB, audit.Filter{Action: "auth.lockout"})
	if err != nil || len(recs) < 3 {
		t.Errorf("lockout records = %d, %v; want one per lockout (3)", len(recs), err)
	}
	for _, r := range recs {
		if r.IP == "" {
			t.Errorf("lockout record without the client's address: %+v", r)
		}
	}

	// Oversized logins: refused before any work, nothing audited.
	before, _ := audit.List(ctx, a.DB, audit.Filter{Action: "auth.sign_in_failed"})
	if resp := api("198.51.100.1", strings.Repeat("x", 3000), "sai"); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("3,000-character login = %d; want 422", resp.StatusCode)
	}
	if resp := api("198.51.100.1", strings.Repeat("x", 30<<20), "sai"); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("30 MB login = %d; want 413", resp.StatusCode)
	}
	if resp := web("198.51.100.1", strings.Repeat("x", 3000), "sai"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("web: 3,000-character login = %d; want 400", resp.StatusCode)
	}
	after, _ := audit.List(ctx, a.DB, audit.Filter{Action: "auth.sign_in_failed"})
	if len(after) != len(before) {
		t.Errorf("oversized sign-ins audited: %d records before, %d after", len(before), len(after))
	}
}

// post sends body as a client at addr behind the proxy, without following redirects.
func post(t *testing.T, u, ct, addr string, body io.Reader) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, u, body)
	req.Header.Set("Content-Type", ct)
	req.Header.Set("X-Forwarded-For", addr)
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

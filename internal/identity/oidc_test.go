package identity

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/identity/oidctest"
	"github.com/motcua/motcua/internal/org"
)

const testRedirect = "http://motcua.test/auth/oidc/callback"

// startProvider starts a real OpenID Provider (oidctest: zitadel/oidc's provider library with
// discovery, signed ID tokens, PKCE and a username/password login page) on a local test
// server, with one confidential "web" client registered for testRedirect. It returns the
// issuer. Its user: "test-user@127.0.0.1" / "verysecure", e-mail test-user@zitadel.ch
// (verified), name Test User.
func startProvider(t *testing.T) string {
	t.Helper()
	return oidctest.Start(t, testRedirect)
}

func newTestOIDC(t *testing.T, issuer string) *OIDC {
	t.Helper()
	o, err := NewOIDC(context.Background(), OIDCConfig{Name: "vneid", Issuer: issuer, ClientID: "web", ClientSecret: "secret",
		RedirectURL: testRedirect, Scopes: []string{"openid", "profile", "email"}, ACRValues: "LoA1"})
	if err != nil {
		t.Fatalf("NewOIDC: %v", err)
	}
	return o
}

// browse plays the citizen's browser: from the AuthURL through the provider's login form to
// the redirect back to testRedirect, whose code and state it returns.
func browse(t *testing.T, authURL, username, password string) (code, state string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), testRedirect) {
			return http.ErrUseLastResponse // the relying party's callback: stop here
		}
		return nil
	}}
	resp, err := c.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/login/username" {
		t.Fatalf("GET AuthURL ended at %s with %s; want the login page", resp.Request.URL, resp.Status)
	}
	id := resp.Request.URL.Query().Get("authRequestID")
	form := url.Values{"id": {id}, "username": {username}, "password": {password}}
	loginURL := resp.Request.URL.ResolveReference(&url.URL{Path: "/login/username"})
	resp, err = c.PostForm(loginURL.String(), form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("POST login = %s at %s; want a redirect to the relying party", resp.Status, resp.Request.URL)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(loc.String(), testRedirect) {
		t.Fatalf("redirected to %q; want %s", resp.Header.Get("Location"), testRedirect)
	}
	return loc.Query().Get("code"), loc.Query().Get("state")
}

func TestOIDCAuthURL(t *testing.T) {
	o := newTestOIDC(t, startProvider(t))
	a := NewOIDCAuth()
	u, err := url.Parse(o.AuthURL(a.State, a.Nonce, a.Verifier))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	for k, want := range map[string]string{"response_type": "code", "client_id": "web", "redirect_uri": testRedirect,
		"scope": "openid profile email", "state": a.State, "nonce": a.Nonce, "code_challenge_method": "S256", "acr_values": "LoA1"} {
		if got := q.Get(k); got != want {
			t.Errorf("AuthURL %s = %q; want %q", k, got, want)
		}
	}
	if q.Get("code_challenge") == "" || strings.Contains(u.String(), a.Verifier) {
		t.Errorf("AuthURL must carry the PKCE challenge, never the verifier: %s", u)
	}
	b := NewOIDCAuth()
	if a.State == b.State || a.Nonce == b.Nonce || a.Verifier == b.Verifier || len(a.State) < 43 {
		t.Errorf("NewOIDCAuth is not fresh and random: %+v %+v", a, b)
	}
	if !CheckState(a.State, a.State) || CheckState(b.State, a.State) || CheckState("", "") {
		t.Error("CheckState")
	}
	if _, err := NewOIDC(context.Background(), OIDCConfig{Name: "x", Issuer: "http://127.0.0.1:1/", ClientID: "c", RedirectURL: "r"}); err == nil {
		t.Error("NewOIDC with an unreachable issuer succeeded")
	}
}

func TestOIDCSignIn(t *testing.T) {
	issuer := startProvider(t)
	o := newTestOIDC(t, issuer)
	ctx := context.Background()

	signIn := func(t *testing.T) *Claims {
		t.Helper()
		a := NewOIDCAuth()
		code, state := browse(t, o.AuthURL(a.State, a.Nonce, a.Verifier), "test-user@127.0.0.1", "verysecure")
		if !CheckState(state, a.State) || code == "" {
			t.Fatalf("callback state %q code %q; want state %q and a code", state, code, a.State)
		}
		c, err := o.Exchange(ctx, code, a.Verifier, a.Nonce)
		if err != nil {
			t.Fatalf("Exchange: %v", err)
		}
		return c
	}

	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s := NewStore(d)
		c := signIn(t)
		want := Claims{Provider: "vneid", Issuer: issuer, Subject: "id1", Name: "Test User", Email: "test-user@zitadel.ch", EmailVerified: true}
		if *c != want {
			t.Errorf("Exchange = %+v; want %+v", *c, want)
		}
		u, err := s.SignInExternal(ctx, o.Name(), c)
		if err != nil {
			t.Fatalf("SignInExternal: %v", err)
		}
		if u.Role != org.RoleCitizen || !u.Active || u.FullName != "Test User" || u.Email != "test-user@zitadel.ch" || u.Username != "vneid:id1" {
			t.Errorf("SignInExternal = %+v; want an active citizen vneid:id1 with the verified e-mail", u)
		}
		p, _ := s.Profile(ctx, u.ID)
		if !p.EmailVerified {
			t.Errorf("profile e-mail not verified: %+v", p)
		}
		// The second sign-in finds the same account.
		u2, err := s.SignInExternal(ctx, o.Name(), signIn(t))
		if err != nil || u2.ID != u.ID {
			t.Errorf("second SignInExternal = %+v, %v; want account %d", u2, err, u.ID)
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM user_identities WHERE issuer = ? AND subject = 'id1' AND provider = 'vneid'`, issuer).Scan(&n); err != nil || n != 1 {
			t.Errorf("user_identities rows = %d, %v; want 1", n, err)
		}
		// No password: the account signs in only through the provider.
		for _, pw := range []string{"", "verysecure"} {
			if _, err := s.Authenticate(ctx, "vneid:id1", pw); apperr.KindOf(err) != apperr.KindUnauthenticated {
				t.Errorf("Authenticate(external account, %q) = %v; want refused", pw, err)
			}
		}
	})

	// What the relying party must refuse.
	t.Run("refused", func(t *testing.T) {
		refused := func(name string, err error) {
			t.Helper()
			if e, ok := apperr.As(err); !ok || e.Code != "external_signin_failed" || e.Kind != apperr.KindUnauthenticated {
				t.Errorf("%s: Exchange = %v; want external_signin_failed", name, err)
			}
		}
		a := NewOIDCAuth()
		code, _ := browse(t, o.AuthURL(a.State, a.Nonce, a.Verifier), "test-user@127.0.0.1", "verysecure")
		_, err := o.Exchange(ctx, code, a.Verifier, NewOIDCAuth().Nonce)
		refused("wrong nonce", err)
		if err == nil || !strings.Contains(err.Error(), "nonce does not match") {
			t.Errorf("wrong nonce: Exchange = %v; want refused for the nonce", err)
		}

		a = NewOIDCAuth()
		code, _ = browse(t, o.AuthURL(a.State, a.Nonce, a.Verifier), "test-user@127.0.0.1", "verysecure")
		_, err = o.Exchange(ctx, code, NewOIDCAuth().Verifier, a.Nonce)
		refused("wrong PKCE verifier", err)

		a = NewOIDCAuth()
		code, _ = browse(t, o.AuthURL(a.State, a.Nonce, a.Verifier), "test-user@127.0.0.1", "verysecure")
		if _, err := o.Exchange(ctx, code, a.Verifier, a.Nonce); err != nil {
			t.Fatal(err)
		}
		_, err = o.Exchange(ctx, code, a.Verifier, a.Nonce)
		refused("code used twice", err)

		_, err = o.Exchange(ctx, "forged-code", a.Verifier, a.Nonce)
		refused("forged code", err)
		_, err = o.Exchange(ctx, "x", a.Verifier, "")
		refused("no nonce", err)
	})
}

// TestSignInExternalClaims covers what claims a new account takes.
func TestSignInExternalClaims(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewStore(d)
		local := newCitizen(t, s, d, "taken@example.vn")

		// A verified e-mail that already signs in to another account is not copied, nor linked.
		u, err := s.SignInExternal(ctx, "vneid", &Claims{Issuer: "https://sso.example/realms/citizen", Subject: "s-1",
			Name: "  Phạm   Văn Cường ", Email: "Taken@example.vn", EmailVerified: true, Phone: "0987654321", PhoneVerified: true})
		if err != nil {
			t.Fatal(err)
		}
		if u.ID == local.ID || u.Email != "" || u.Phone != "+84987654321" || u.FullName != "Phạm Văn Cường" {
			t.Errorf("SignInExternal = %+v; want a new account without the taken e-mail, with the phone", u)
		}
		if got, err := s.Authenticate(ctx, "0987654321", "anything"); err == nil {
			t.Errorf("Authenticate(phone of a passwordless account) = %+v; want refused", got)
		}

		// Unverified contacts are not kept; the same subject at another issuer is another person.
		u2, err := s.SignInExternal(ctx, "vneid", &Claims{Issuer: "https://other.example", Subject: "s-1", Email: "new@example.vn"})
		if err != nil {
			t.Fatal(err)
		}
		if u2.ID == u.ID || u2.Email != "" || u2.Username == u.Username {
			t.Errorf("SignInExternal(other issuer) = %+v; want another account, no unverified e-mail", u2)
		}

		// A disabled account stays out.
		if _, err := d.Exec(ctx, `UPDATE users SET active = 0 WHERE id = ?`, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SignInExternal(ctx, "vneid", &Claims{Issuer: "https://sso.example/realms/citizen", Subject: "s-1"}); errCode(err) != "account_disabled" {
			t.Errorf("SignInExternal(disabled) = %v; want account_disabled", err)
		}
		if _, err := s.SignInExternal(ctx, "vneid", &Claims{Issuer: "https://sso.example"}); apperr.KindOf(err) != apperr.KindUnauthenticated {
			t.Errorf("SignInExternal(no subject) = %v; want refused", err)
		}
		if got := externalUsername("VNeID", strings.Repeat("x", 100)); len(got) != len("vneid:")+32 {
			t.Errorf("externalUsername(long) = %q; want a hashed subject", got)
		}
	})
}

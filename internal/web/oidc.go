package web

import (
	"encoding/base64"
	"net/http"
	"net/url"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/identity"
)

// Signing in with an OpenID Connect provider (VNeID): an authorisation-code flow with PKCE.
//
//	/dang-nhap/oidc            start: fresh state, nonce and verifier, then off to the provider
//	/dang-nhap/oidc/callback   back from the provider: check, redeem, sign in
//
// Between the two, the attempt's secrets (identity.OIDCAuth) and the page to come back to live in a
// cookie of their own: HttpOnly (no script reads them), SameSite=Lax (sent on the provider's
// top-level redirect back, not on cross-site subrequests), Secure and named with the __Host-
// prefix behind HTTPS (so no other host, not even a sibling subdomain, can plant it), ten
// minutes long, and deleted at the callback, so each attempt is used once.
//
// The cookie is not signed or encrypted, deliberately. Its values are fresh random secrets
// whose only use is to be compared with what comes back: the state with the callback's, the
// nonce with the ID token's, the verifier by the provider against the challenge it was sent.
// A signature would not stop the one attack on them, a cookie planted in the victim's browser,
// since an attacker can plant a validly signed cookie of their own attempt just as well; the
// __Host- prefix is what stops planting. A key made at start-up would also break sign-ins that
// come back to another replica or after a restart. Keeping the attempt in the database would
// need a store for it in org; the cookie needs nothing.

const (
	oidcCookieTTL = 600 // seconds: long enough to sign in at the provider
	oidcPath      = "/dang-nhap/oidc"
)

// oidcCookieName is the attempt's cookie: __Host- prefixed when cookies are Secure.
func (s *Site) oidcCookieName() string {
	if s.secure {
		return "__Host-motcua_oidc"
	}
	return "motcua_oidc"
}

func (s *Site) oidcCookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: s.oidcCookieName(), Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true, Secure: s.secure,
		SameSite: http.SameSiteLaxMode}
}

// oidcStart sends the browser to the provider with a fresh attempt.
func (s *Site) oidcStart(w http.ResponseWriter, r *http.Request) {
	if s.oidc == nil {
		s.NotFound(w, r)
		return
	}
	a := identity.NewOIDCAuth()
	attempt := url.Values{"s": {a.State}, "n": {a.Nonce}, "v": {a.Verifier}, "next": {safeNext(r.URL.Query().Get("next"))}}
	http.SetCookie(w, s.oidcCookie(base64.RawURLEncoding.EncodeToString([]byte(attempt.Encode())), oidcCookieTTL))
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, s.oidc.AuthURL(a.State, a.Nonce, a.Verifier), http.StatusSeeOther)
}

// oidcCallback checks the state against the attempt's, redeems the code (identity.OIDC.Exchange
// verifies the ID token and its nonce), finds or makes the citizen's account
// (identity.Store.SignInExternal) and signs them in like the sign-in page does. Whatever fails, the
// sign-in page says so and offers to try again.
func (s *Site) oidcCallback(w http.ResponseWriter, r *http.Request) {
	if s.oidc == nil {
		s.NotFound(w, r)
		return
	}
	v := s.core.NewView(w, r)
	l := v.L
	ctx := r.Context()
	var attempt url.Values
	if c, err := r.Cookie(s.oidcCookieName()); err == nil {
		if b, err := base64.RawURLEncoding.DecodeString(c.Value); err == nil {
			attempt, _ = url.ParseQuery(string(b))
		}
	}
	http.SetCookie(w, s.oidcCookie("", -1)) // one attempt, one callback
	next := safeNext(attempt.Get("next"))
	failed := func(status int, msg string) {
		v.AddError("", msg)
		v.Data = signInData{Next: next, OIDC: true}
		s.core.Render(w, r, status, "signin", v)
	}
	q := r.URL.Query()
	switch {
	case q.Get("error") != "":
		// The person cancelled at the provider, or it refused: nothing to redeem.
		s.log.InfoContext(ctx, "web: external sign-in refused by the provider", "error", Shown(q.Get("error")))
		failed(http.StatusUnauthorized, l.T("oidc.err.cancelled"))
		return
	case attempt == nil || !identity.CheckState(q.Get("state"), attempt.Get("s")):
		failed(http.StatusBadRequest, l.T("oidc.err.expired"))
		return
	}
	claims, err := s.oidc.Exchange(ctx, q.Get("code"), attempt.Get("v"), attempt.Get("n"))
	if err != nil {
		s.log.WarnContext(ctx, "web: external sign-in failed", "err", err)
		failed(http.StatusUnauthorized, l.T("oidc.err.failed"))
		return
	}
	u, err := s.identity.SignInExternal(ctx, s.oidc.Name(), claims)
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindForbidden {
		failed(http.StatusForbidden, FieldMessage(l, apperr.FieldError{Message: e.Message, MessageEn: e.MessageEn}))
		return
	}
	if err != nil {
		s.log.WarnContext(ctx, "web: external sign-in failed", "err", err)
		failed(http.StatusUnauthorized, l.T("oidc.err.failed"))
		return
	}
	if err := s.StartSession(w, r, u); err != nil {
		s.Fail(w, r, v, err)
		return
	}
	s.log.InfoContext(ctx, "web: signed in with the identity provider", "user", u.Username, "acr", claims.ACR)
	http.Redirect(w, r, Landing(u, next), http.StatusSeeOther)
}

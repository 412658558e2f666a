package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
)

// MaxFormBytes bounds a posted form; the sign-in form needs far less.
const MaxFormBytes = 16 << 10

type signInData struct {
	Username   string
	Next       string
	OIDC       bool // offer "Đăng nhập bằng VNeID"
	Unverified bool // the password was right but the sign-up's code was never entered
}

// OIDCURL starts signing in with the identity provider, coming back to Next.
func (d signInData) OIDCURL() string {
	if d.Next == "" || d.Next == "/" {
		return oidcPath
	}
	return oidcPath + "?" + url.Values{"next": {d.Next}}.Encode()
}

// signInForm shows the sign-in form.
func (s *Site) signInForm(w http.ResponseWriter, r *http.Request) {
	v := s.core.NewView(w, r)
	v.Data = signInData{Next: safeNext(r.URL.Query().Get("next")), OIDC: s.oidc != nil}
	s.core.Render(w, r, http.StatusOK, "signin", v)
}

// signIn checks a username and password (identity.Store.Authenticate), starts a session in the
// database and sets its cookie, then sends the person on to a local next page or their own
// (Landing). A
// wrong password re-renders the form with 401 and an error summary linked to the field.
func (s *Site) signIn(w http.ResponseWriter, r *http.Request) {
	v := s.core.NewView(w, r)
	l := v.L
	ctx := r.Context()
	r.Body = http.MaxBytesReader(w, r.Body, MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		v.AddError("username", l.T("signin.err.form"))
		v.Data = signInData{OIDC: s.oidc != nil}
		s.core.Render(w, r, http.StatusBadRequest, "signin", v)
		return
	}
	username := strings.TrimSpace(r.PostForm.Get("username"))
	password := r.PostForm.Get("password")
	d := signInData{Username: Shown(username), Next: safeNext(r.PostForm.Get("next")), OIDC: s.oidc != nil}
	v.Data = d
	switch {
	case username == "":
		v.AddError("username", l.T("signin.err.username"))
	case !utf8.ValidString(username):
		v.AddError("username", l.T("signin.err.username_invalid"))
	}
	if password == "" {
		v.AddError("password", l.T("signin.err.password"))
	}
	if len(v.Errors) > 0 {
		s.core.Render(w, r, http.StatusBadRequest, "signin", v)
		return
	}
	u, err := s.identity.Authenticate(ctx, username, password)
	if e, ok := apperr.As(err); ok && e.Code == identity.ErrUnverified.Code {
		// The right password of a sign-up whose code was never entered: on to the code.
		d.Unverified = true
		v.Data = d
		v.AddError("username", l.T("signin.err.unverified"))
		s.SetSignUpCookie(w, username)
		s.core.Render(w, r, http.StatusUnauthorized, "signin", v)
		return
	}
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindRateLimited {
		// Too many failures for this login or from this address (identity/throttle.go).
		if wait, ok := identity.RetryAfter(err); ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)))
		}
		s.log.InfoContext(ctx, "web: sign-in throttled", "username", d.Username)
		msg := e.Message
		if l.EN() && e.MessageEn != "" {
			msg = e.MessageEn
		}
		v.AddError("username", msg)
		s.core.Render(w, r, http.StatusTooManyRequests, "signin", v)
		return
	}
	if e, ok := apperr.As(err); ok && e.Kind == apperr.KindUnprocessable {
		v.AddFieldErrors(e, "username", "password") // a login or password over its bound
		s.core.Render(w, r, http.StatusBadRequest, "signin", v)
		return
	}
	if apperr.KindOf(err) == apperr.KindUnauthenticated {
		s.log.InfoContext(ctx, "web: sign-in failed", "username", d.Username)
		v.AddError("username", l.T("signin.err.bad_credentials"))
		s.core.Render(w, r, http.StatusUnauthorized, "signin", v)
		return
	}
	if err != nil {
		s.Fail(w, r, v, err)
		return
	}
	// A new session for every sign-in: a session set before sign-in is never promoted.
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		if err := s.identity.DeleteSession(ctx, c.Value); err != nil {
			s.log.WarnContext(ctx, "web: end previous session", "err", err)
		}
	}
	secret, err := s.identity.CreateSession(ctx, u)
	if err != nil {
		s.Fail(w, r, v, err)
		return
	}
	http.SetCookie(w, s.sessionCookie(secret, int(identity.SessionTTL.Seconds())))
	http.Redirect(w, r, Landing(u, d.Next), http.StatusSeeOther)
}

// Landing is where u goes after signing in: next, a page of this site already passed through
// safeNext, or without one (next is "/") their own work: officers their inbox, the system
// administrator the calendar's administration, catalog administrators the publication
// decisions, editors their desk, the committee office its directives' tasks (issue 14),
// citizens their dossiers (issue 11: officers landed on the public home page).
func Landing(u *org.User, next string) string {
	if next != "/" || u == nil {
		return next
	}
	switch {
	case u.Role.Officer():
		return InboxPath
	case u.IsAdmin():
		return AdminPath
	case u.Role == org.RoleCatalogAdmin:
		return DecisionsPath
	case u.Role == org.RoleOffice:
		return DirectivesPath
	case u.Role == org.RoleAccountant:
		return "/ke-toan" // internal/web/accounts' review queue
	case u.Role == org.RoleEditor:
		return "/bien-tap" // internal/web/news's editorial desk
	case u.Role == org.RoleCitizen:
		return MyDossiersPath
	}
	return next
}

// signOut ends the session, clears its cookie and goes home.
func (s *Site) signOut(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		if err := s.identity.DeleteSession(r.Context(), c.Value); err != nil {
			s.log.ErrorContext(r.Context(), "web: sign out", "err", err)
		}
	}
	http.SetCookie(w, s.sessionCookie("", -1))
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// sessionCookie is the session cookie carrying secret; maxAge < 0 clears it.
func (s *Site) sessionCookie(secret string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: SessionCookie, Value: secret, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode}
}

// safeNext returns next when it is a path on this site, and "/" otherwise, so that the
// sign-in form cannot be used to send someone to another site.
func safeNext(next string) string {
	if next == "" || len(next) > 2000 || !strings.HasPrefix(next, "/") ||
		strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\x00\r\n\t") {
		return "/"
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") {
		return "/"
	}
	if u.Path == "/dang-nhap" || u.Path == "/dang-xuat" {
		return "/"
	}
	return next
}

// Require returns the signed-in user when allowed says they may use the page. Otherwise it
// answers: an anonymous visitor is sent to sign in and come back (to the page itself after a
// GET, to fallback after a POST), anyone else sees the 403 page saying who the page is for
// (errorData.For).
func (s *Site) Require(w http.ResponseWriter, r *http.Request, v *View, pageFor, fallback string, allowed func(*org.User) bool) (*org.User, bool) {
	u := org.UserFrom(r.Context())
	if u == nil {
		next := fallback
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			next = localURI(r.URL)
		}
		http.Redirect(w, r, "/dang-nhap?"+url.Values{"next": {next}}.Encode(), http.StatusSeeOther)
		return nil, false
	}
	if !allowed(u) {
		v.Data = errorData{Status: http.StatusForbidden, For: pageFor}
		s.core.Render(w, r, http.StatusForbidden, "error", v)
		return nil, false
	}
	return u, true
}

func IsCitizen(u *org.User) bool   { return u.Role == org.RoleCitizen }
func IsReception(u *org.User) bool { return u.Role == org.RoleReception }
func Anyone(*org.User) bool        { return true }

// SignUpPath is the sign-up page. SignUpCookie remembers, for the verification page, the e-mail
// address or phone number a code was sent to: a cookie rather than the address, so it stays out
// of logs and history.
const (
	SignUpPath   = "/dang-ky"
	SignUpCookie = "motcua_dang_ky"
)

// SetSignUpCookie remembers the login a sign-up's code went to.
func (s *Site) SetSignUpCookie(w http.ResponseWriter, login string) {
	http.SetCookie(w, &http.Cookie{Name: SignUpCookie, Value: login, Path: SignUpPath, MaxAge: int(identity.SignUpTTL.Seconds()),
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

// StartSession signs u in: a new session in the database (any session the browser had ends)
// and its cookie.
func (s *Site) StartSession(w http.ResponseWriter, r *http.Request, u *org.User) error {
	ctx := r.Context()
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		if err := s.identity.DeleteSession(ctx, c.Value); err != nil {
			s.log.WarnContext(ctx, "web: end previous session", "err", err)
		}
	}
	secret, err := s.identity.CreateSession(ctx, u)
	if err != nil {
		return err
	}
	http.SetCookie(w, s.sessionCookie(secret, int(identity.SessionTTL.Seconds())))
	return nil
}

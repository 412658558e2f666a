package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/contact"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
)

// OIDCConfig configures one OpenID Connect provider that citizens may sign in with. VNeID
// (the national e-identity, required for public services since Decree 69/2024) is one: an
// authorisation-code flow with scope=openid and acr_values such as "LoA1" (egov.md §8); its
// endpoints and client credentials come with each relying party's registration.
type OIDCConfig struct {
	Name         string // short name stored with linked identities, e.g. "vneid"
	Issuer       string // discovery at Issuer + "/.well-known/openid-configuration"
	ClientID     string
	ClientSecret string   // empty for a public client (PKCE alone)
	RedirectURL  string   // this site's callback, registered with the provider
	Scopes       []string // "openid" is always requested; add "profile", "email", "phone" if the provider offers them
	ACRValues    string   // requested assurance level(s), space-separated, sent as acr_values; Claims.ACR says what was reached
	// HTTPClient, when set, makes every call to the provider (discovery, keys, token,
	// userinfo); for proxies or private CAs.
	HTTPClient *http.Client
}

// OIDC is a configured, discovered OpenID Connect provider.
type OIDC struct {
	cfg      OIDCConfig
	provider *oidc.Provider
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// Claims is what a provider asserts about the person who signed in.
type Claims struct {
	Provider      string // OIDCConfig.Name
	Issuer        string // iss
	Subject       string // sub: the person's stable ID at the issuer
	Name          string
	Email         string
	EmailVerified bool
	Phone         string
	PhoneVerified bool
	ACR           string // assurance level reached, when the provider says
}

// NewOIDC discovers the provider at cfg.Issuer. ctx bounds discovery only.
func NewOIDC(ctx context.Context, cfg OIDCConfig) (*OIDC, error) {
	var missing []string
	for _, f := range []struct{ name, v string }{{"name", cfg.Name}, {"issuer", cfg.Issuer}, {"client ID", cfg.ClientID}, {"redirect URL", cfg.RedirectURL}} {
		if f.v == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("identity: OIDC provider %q: missing %s", cfg.Name, strings.Join(missing, ", "))
	}
	o := &OIDC{cfg: cfg}
	p, err := oidc.NewProvider(o.clientCtx(ctx), cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("identity: OIDC provider %s: discovery: %w", cfg.Name, err)
	}
	scopes := []string{oidc.ScopeOpenID}
	for _, s := range cfg.Scopes {
		if !slices.Contains(scopes, s) {
			scopes = append(scopes, s)
		}
	}
	o.provider = p
	o.oauth = oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: cfg.RedirectURL, Scopes: scopes}
	o.verifier = p.Verifier(&oidc.Config{ClientID: cfg.ClientID})
	return o, nil
}

// Name is the provider's configured name.
func (o *OIDC) Name() string { return o.cfg.Name }

func (o *OIDC) clientCtx(ctx context.Context) context.Context {
	if o.cfg.HTTPClient == nil {
		return ctx
	}
	return oidc.ClientContext(ctx, o.cfg.HTTPClient) // also read by oauth2 (same context key)
}

// OIDCAuth holds the secrets of one sign-in attempt: keep them (e.g. in a short-lived,
// HttpOnly, SameSite=Lax cookie or the session) between AuthURL and the callback.
type OIDCAuth struct {
	State    string // compare with the callback's state parameter
	Nonce    string // bound into the ID token
	Verifier string // PKCE code verifier (RFC 7636)
}

// NewOIDCAuth returns fresh random state, nonce and PKCE verifier.
func NewOIDCAuth() OIDCAuth {
	return OIDCAuth{State: randomToken(), Nonce: randomToken(), Verifier: oauth2.GenerateVerifier()}
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// AuthURL is where to send the browser to sign in: an authorisation-code request with state,
// nonce, the PKCE S256 challenge of verifier and, when configured, acr_values.
func (o *OIDC) AuthURL(state, nonce, verifier string) string {
	opts := []oauth2.AuthCodeOption{oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)}
	if o.cfg.ACRValues != "" {
		opts = append(opts, oauth2.SetAuthURLParam("acr_values", o.cfg.ACRValues))
	}
	return o.oauth.AuthCodeURL(state, opts...)
}

// CheckState compares the state a callback brought back with the one sent, in constant time.
func CheckState(got, want string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// errExternal is the one answer to any failed external sign-in; the cause is kept for logs.
func errExternal(cause error) error {
	e := apperr.New(apperr.KindUnauthenticated, "external_signin_failed",
		msgs.Text("external_signin_failed"))
	e.Err = cause
	return e
}

// Exchange redeems an authorisation code with the PKCE verifier, verifies the ID token
// (signature, issuer, audience, expiry) and that it carries nonce, then completes the claims
// from the userinfo endpoint when the ID token lacks them.
func (o *OIDC) Exchange(ctx context.Context, code, verifier, nonce string) (*Claims, error) {
	ctx = o.clientCtx(ctx)
	if code == "" || nonce == "" {
		return nil, errExternal(errors.New("oidc: missing code or nonce"))
	}
	tok, err := o.oauth.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, errExternal(fmt.Errorf("oidc %s: token: %w", o.cfg.Name, err))
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return nil, errExternal(fmt.Errorf("oidc %s: no id_token in the token response", o.cfg.Name))
	}
	idt, err := o.verifier.Verify(ctx, raw)
	if err != nil {
		return nil, errExternal(fmt.Errorf("oidc %s: id_token: %w", o.cfg.Name, err))
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		return nil, errExternal(fmt.Errorf("oidc %s: id_token nonce does not match", o.cfg.Name))
	}
	var cl rawClaims
	if err := idt.Claims(&cl); err != nil {
		return nil, errExternal(fmt.Errorf("oidc %s: id_token claims: %w", o.cfg.Name, err))
	}
	c := &Claims{Provider: o.cfg.Name, Issuer: idt.Issuer, Subject: idt.Subject, ACR: cl.ACR}
	c.merge(cl)
	if (c.Name == "" || c.Email == "" || c.Phone == "") && o.provider.UserInfoEndpoint() != "" {
		ui, err := o.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			return nil, errExternal(fmt.Errorf("oidc %s: userinfo: %w", o.cfg.Name, err))
		}
		// OpenID Connect Core §5.3.2: the userinfo sub must be the ID token's.
		if ui.Subject != idt.Subject {
			return nil, errExternal(fmt.Errorf("oidc %s: userinfo sub %q is not the id_token's", o.cfg.Name, ui.Subject))
		}
		var uc rawClaims
		if err := ui.Claims(&uc); err != nil {
			return nil, errExternal(fmt.Errorf("oidc %s: userinfo claims: %w", o.cfg.Name, err))
		}
		c.merge(uc)
	}
	return c, nil
}

// rawClaims are the standard claims we read (OpenID Connect Core §5.1).
type rawClaims struct {
	Name          string `json:"name"`
	GivenName     string `json:"given_name"`
	FamilyName    string `json:"family_name"`
	Email         string `json:"email"`
	EmailVerified any    `json:"email_verified"` // some providers send "true"
	Phone         string `json:"phone_number"`
	PhoneVerified any    `json:"phone_number_verified"`
	ACR           string `json:"acr"`
}

func claimTrue(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case string:
		return v == "true"
	}
	return false
}

// merge fills what c lacks from r.
func (c *Claims) merge(r rawClaims) {
	if c.Name == "" {
		c.Name = strings.TrimSpace(r.Name)
		if c.Name == "" {
			// Vietnamese order: family name first.
			c.Name = strings.TrimSpace(r.FamilyName + " " + r.GivenName)
		}
	}
	if c.Email == "" && r.Email != "" {
		c.Email, c.EmailVerified = r.Email, claimTrue(r.EmailVerified)
	}
	if c.Phone == "" && r.Phone != "" {
		c.Phone, c.PhoneVerified = r.Phone, claimTrue(r.PhoneVerified)
	}
}

// errDisabled refuses an account an administrator switched off. The provider has already
// proven who the person is, so saying so leaks nothing.
var errDisabled = apperr.New(apperr.KindForbidden, "account_disabled",
	msgs.Text("account_disabled"))

// SignInExternal returns the account linked to the claims' (issuer, subject), or creates an
// active citizen from them and links it. A new account takes the name, and the e-mail address
// and phone number only when the provider says they are verified and no other account signs
// in with them; an account is never linked by a matching e-mail, which the provider could
// assert for anyone. The new account has no password: it signs in through the provider.
func (s *Store) SignInExternal(ctx context.Context, provider string, c *Claims) (*org.User, error) {
	if c == nil || c.Issuer == "" || c.Subject == "" || provider == "" {
		return nil, errExternal(errors.New("identity: external sign-in without issuer, subject or provider"))
	}
	var id int64
	var err error
	// Two tries: when the same person's first sign-in races on another request, the loser's
	// insert conflicts and its second try finds the account the winner linked.
	for try := 0; try < 2; try++ {
		err = s.db.InTx(ctx, func(tx *db.Tx) error {
			var active int
			err := tx.QueryRow(ctx, `SELECT u.id, u.active FROM user_identities i JOIN users u ON u.id = i.user_id
				WHERE i.issuer = ? AND i.subject = ?`, c.Issuer, c.Subject).Scan(&id, &active)
			now := s.now().UTC()
			if err == nil {
				if active != 1 {
					return errDisabled
				}
				if _, err = tx.Exec(ctx, `UPDATE user_identities SET last_login_at = ? WHERE issuer = ? AND subject = ?`, now, c.Issuer, c.Subject); err != nil {
					return err
				}
				return audit.Append(ctx, tx, audit.Entry{ActorID: id, Actor: provider + ":" + c.Subject, Action: "auth.sign_in",
					Detail: map[string]any{"provider": provider}})
			}
			if !errors.Is(err, db.ErrNotFound) {
				return err
			}
			if id, err = s.createExternal(ctx, tx, provider, c); err != nil {
				return err
			}
			if _, err = tx.Exec(ctx, `INSERT INTO user_identities (user_id, provider, issuer, subject, created_at, last_login_at)
				VALUES (?, ?, ?, ?, ?, ?)`, id, provider, c.Issuer, c.Subject, now, now); err != nil {
				return err
			}
			return audit.Append(ctx, tx, audit.Entry{ActorID: id, Actor: provider + ":" + c.Subject, Action: "auth.sign_up",
				Detail: map[string]any{"provider": provider}})
		})
		if !errors.Is(err, db.ErrConflict) {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("identity: external sign-in %s: %w", provider, err)
	}
	return s.org.UserByID(ctx, id)
}

func (s *Store) createExternal(ctx context.Context, tx *db.Tx, provider string, c *Claims) (int64, error) {
	name := strings.Join(strings.Fields(vntext.NFC(c.Name)), " ")
	if hasControl(name) {
		name = ""
	}
	if r := []rune(name); len(r) > maxNameLen {
		name = string(r[:maxNameLen])
	}
	var email, phone string
	if c.EmailVerified {
		if e, err := contact.NormalizeEmail(c.Email); err == nil {
			if taken, err := loginTaken(ctx, tx, e); err != nil {
				return 0, err
			} else if !taken {
				email = e
			}
		}
	}
	if c.PhoneVerified {
		if p, err := contact.NormalizePhone(c.Phone); err == nil {
			if taken, err := loginTaken(ctx, tx, p); err != nil {
				return 0, err
			} else if !taken {
				phone = p
			}
		}
	}
	username := externalUsername(provider, c.Subject)
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE username = ?`, username).Scan(&n); err != nil {
		return 0, err
	}
	if n > 0 { // the same subject at another issuer configured under the same name
		username += ":" + randomToken()[:8]
	}
	id, err := db.InsertID(ctx, tx, `INSERT INTO users (username, password_hash, full_name, email, email_verified, phone, phone_verified,
		role, active, created_at) VALUES (?, '', ?, ?, ?, ?, ?, ?, 1, ?)`,
		username, name, nullStr(email), boolInt(email != ""), nullStr(phone), boolInt(phone != ""),
		string(org.RoleCitizen), s.now())
	if err != nil {
		return 0, fmt.Errorf("identity: create external user: %w", err)
	}
	return id, nil
}

// externalUsername names an account made by an external sign-in: "provider:subject", or the
// subject's SHA-256 when it is long. The colon keeps it apart from officers' usernames,
// e-mail addresses and phone numbers.
func externalUsername(provider, subject string) string {
	if len(subject) > 64 || strings.ContainsFunc(subject, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		h := sha256.Sum256([]byte(subject))
		subject = hex.EncodeToString(h[:16])
	}
	return strings.ToLower(provider) + ":" + subject
}

// LinkedProvider names the identity provider (OIDCConfig.Name, e.g. "vneid") an account signs
// in with, or "" for an account with a password only. An account made by the provider took its
// name, and its e-mail and phone when verified, from the provider's claims.
func (s *Store) LinkedProvider(ctx context.Context, userID int64) (string, error) {
	var p string
	err := s.db.QueryRow(ctx, `SELECT provider FROM user_identities WHERE user_id = ? ORDER BY id LIMIT 1`, userID).Scan(&p)
	if errors.Is(err, db.ErrNotFound) {
		return "", nil
	}
	return p, err
}

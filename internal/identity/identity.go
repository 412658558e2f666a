// Package identity is how people prove who they are: password hashing (argon2id), web
// sessions and API bearer tokens, sign-in and its audit, citizens' sign-up with one-time codes,
// profiles (CCCD, phone, commune) and OpenID Connect sign-in (VNeID-ready). The organisation
// (agencies, users, roles) is internal/org; identity builds on it, and org knows nothing of
// identity, so domain packages authorise with org without linking OIDC, SMTP or libphonenumber.
package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
)

// Store keeps credentials: passwords, sessions, API tokens, pending sign-ups and their codes,
// and identities linked from OpenID Connect providers. Users and agencies are org's.
type Store struct {
	db      *db.DB
	org     *org.Store
	now     func() time.Time
	signIns *throttle // sign-in attempts per login and address (throttle.go)
}

// NewStore returns a store on d; it reads agencies and users through an org.Store on the same d.
func NewStore(d *db.DB) *Store {
	return &Store{db: d, org: org.NewStore(d), now: time.Now, signIns: newThrottle()}
}

// WithClock makes s read the time from now (tests); it returns s.
func (s *Store) WithClock(now func() time.Time) *Store {
	s.now = now
	return s
}

// Lifetimes of credentials.
const (
	SessionTTL = 12 * time.Hour
	TokenTTL   = 24 * time.Hour
)

var errBadLogin = apperr.New(apperr.KindUnauthenticated, "bad_credentials",
	msgs.Text("bad_credentials"))

// NewUser describes a user to create.
type NewUser struct {
	Username, Password, FullName, Email, Phone string
	Role                                       org.Role
	AgencyCode                                 string
}

// CreateUser validates and stores a user with a hashed password.
func (s *Store) CreateUser(ctx context.Context, nu NewUser) (*org.User, error) {
	var fe apperr.Fields
	nu.Username = strings.TrimSpace(strings.ToLower(nu.Username))
	if !validUsername(nu.Username) {
		fe.Add("username", msgs.Text("username_must_be_3_64_characters"))
	}
	if len(nu.Password) < 4 || len(nu.Password) > 1024 {
		fe.Add("password", msgs.Text("password_must_be_4_to_1024"))
	}
	if !nu.Role.Valid() {
		fe.Add("role", msgs.Text("unknown_role"))
	}
	if nu.Role.Agency() && nu.AgencyCode == "" {
		fe.Add("agency_code", msgs.Text("officer_must_belong_to_agency"))
	}
	if err := fe.Err("invalid_user", msgs.Text("invalid_user")); err != nil {
		return nil, err
	}
	hash, err := HashPassword(nu.Password)
	if err != nil {
		return nil, err
	}
	var agency any
	if nu.AgencyCode != "" {
		a, err := s.org.Agency(ctx, nu.AgencyCode)
		if err != nil {
			return nil, apperr.Invalid("invalid_user", msgs.Text("invalid_user.unknown_agency"),
				apperr.Field("agency_code", msgs.Text("no_agency_with_code", nu.AgencyCode)))
		}
		agency = a.ID
	}
	_, err = db.InsertID(ctx, s.db, `INSERT INTO users (username, password_hash, full_name, email, phone, role, agency_id, active, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)`, nu.Username, hash, vntext.NFC(nu.FullName), nullStr(nu.Email), nullStr(nu.Phone),
		string(nu.Role), agency, s.now())
	if errors.Is(err, db.ErrConflict) {
		return nil, apperr.New(apperr.KindConflict, "username_taken", msgs.Text("username_taken"))
	}
	if err != nil {
		return nil, fmt.Errorf("identity: create user %s: %w", nu.Username, err)
	}
	return s.org.User(ctx, nu.Username)
}

func validUsername(u string) bool {
	if len(u) < 3 || len(u) > 64 {
		return false
	}
	for _, r := range u {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// Bounds of a sign-in, in characters: the longest e-mail address (RFC 5321) and a password far
// longer than any rule asks for. Longer values are refused before any work, and never reach
// the audit log.
const (
	MaxLoginChars    = 254
	MaxPasswordChars = 1024
)

// Authenticate checks a login — a username, or a verified e-mail address or phone number
// (signup.go) — and password. The right password of a sign-up not yet verified is
// ErrUnverified. It is the one sign-in of both the web form and the API:
//   - a login or password over its bound is KindUnprocessable, naming the field, before any work;
//   - attempts are throttled per login and per client address (throttle.go, the address from
//     audit.WithRequest): a refused attempt is KindRateLimited with RetryAfter, costs no
//     database read and no hash, and is not audited one by one;
//   - every attempt let through, good or bad, goes into the audit log, and so does each
//     lockout ("auth.lockout"); the holder of a locked account is told (notify).
func (s *Store) Authenticate(ctx context.Context, login, password string) (*org.User, error) {
	var fe apperr.Fields
	if !utf8.ValidString(login) || utf8.RuneCountInString(login) > MaxLoginChars {
		fe.Add("username", msgs.Text("login_is_at_most_characters", MaxLoginChars))
	}
	if !utf8.ValidString(password) || utf8.RuneCountInString(password) > MaxPasswordChars {
		fe.Add("password", msgs.Text("password_is_at_most_characters", MaxPasswordChars))
	}
	if err := fe.Err("invalid_credentials", msgs.Text("invalid_credentials")); err != nil {
		return nil, err
	}
	_, key := loginKeys(login) // the phone number in E.164 when it is one, so 09… and +849… are one key
	addr := audit.RequestIP(ctx)
	if wait := s.signIns.take(key, addr, s.now()); wait > 0 {
		secs := int((wait + time.Second - 1) / time.Second)
		e := apperr.New(apperr.KindRateLimited, "sign_in_throttled", msgs.Text("sign_in_throttled", secs))
		e.Err = rateLimited{time.Duration(secs) * time.Second}
		return nil, e
	}
	u, err := s.authenticate(ctx, login, password)
	e := audit.Entry{Actor: login, Action: "auth.sign_in"}
	if err != nil {
		e.Action = "auth.sign_in_failed"
		if k := apperr.KindOf(err); k != apperr.KindUnauthenticated {
			return nil, err // an outage, not an attempt
		}
	} else {
		e.ActorID, e.Actor = u.ID, u.Username
	}
	if aerr := audit.AppendNow(ctx, s.db, e); aerr != nil {
		return nil, aerr
	}
	if err == nil {
		s.signIns.succeeded(key, addr)
		return u, nil
	}
	for _, l := range s.signIns.failed(key, addr, s.now()) {
		if lerr := s.recordLockout(ctx, login, l); lerr != nil {
			return nil, lerr
		}
	}
	return nil, err
}

// recordLockout audits a lockout and, for a login's lockout, tells the account holder (if the
// login names an account with an e-mail address or phone number) in the same transaction.
func (s *Store) recordLockout(ctx context.Context, login string, l lockout) error {
	kind, _, _ := strings.Cut(l.key, ":")
	e := audit.Entry{Actor: login, Action: "auth.lockout",
		Detail: map[string]any{"by": kind, "until": l.until.UTC().Format(time.RFC3339)}}
	var msg *notify.Message
	if kind == "login" {
		name, phone := loginKeys(login)
		var id int64
		var email, tel sql.NullString
		err := s.db.QueryRow(ctx, `SELECT u.id, u.username, u.email, u.phone FROM users u WHERE `+loginMatch+`
			ORDER BY CASE WHEN u.username = ? THEN 0 ELSE 1 END LIMIT 1`, name, phone, name, phone, name).Scan(&id, &name, &email, &tel)
		switch {
		case errors.Is(err, db.ErrNotFound):
		case err != nil:
			return err
		default:
			e.ActorID, e.Actor = id, name
			mins := int(l.until.Sub(s.now()).Round(time.Minute) / time.Minute)
			data := map[string]any{"Username": name, "Minutes": max(1, mins)}
			if email.Valid && email.String != "" {
				msg = &notify.Message{Channel: notify.Email, Recipient: email.String, UserID: id, Template: notify.TemplateSignInLocked, Lang: "vi", Data: data}
			} else if tel.Valid && tel.String != "" {
				msg = &notify.Message{Channel: notify.SMS, Recipient: tel.String, UserID: id, Template: notify.TemplateSignInLocked, Lang: "vi", Data: data}
			}
		}
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if msg != nil {
			if err := notify.Enqueue(ctx, tx, *msg); err != nil {
				return fmt.Errorf("identity: notify lockout: %w", err)
			}
		}
		return audit.Append(ctx, tx, e)
	})
}

func (s *Store) authenticate(ctx context.Context, username, password string) (*org.User, error) {
	var hash string
	name, phone := loginKeys(username)
	u, err := org.ScanUser(s.db.QueryRow(ctx, `SELECT `+org.UserCols+`, u.password_hash FROM users u LEFT JOIN agencies a ON a.id = u.agency_id
		WHERE `+loginMatch+` ORDER BY CASE WHEN u.username = ? THEN 0 ELSE 1 END LIMIT 1`, name, phone, name, phone, name), &hash)
	if errors.Is(err, db.ErrNotFound) {
		return nil, s.authenticatePending(ctx, phone, password) // same work whether or not the user exists
	}
	if err != nil {
		return nil, err
	}
	if !CheckPassword(hash, password) || !u.Active {
		return nil, errBadLogin
	}
	return u, nil
}

// dummyHash is checked against when no account matches, so that a sign-in takes the same work
// whether or not the login exists. Computed on first use, not at package initialisation:
// argon2id costs tens of milliseconds and 64 MiB, which every start (and every command that
// links identity) would otherwise pay (issue 15).
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("motcua-timing-equaliser")
	if err != nil {
		panic("identity: hashing the timing equaliser: " + err.Error()) // only on a broken random source
	}
	return h
})

func newSecret() (secret, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	secret = base64.RawURLEncoding.EncodeToString(b)
	return secret, hashSecret(secret)
}

func hashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// CreateSession starts a web session for u and returns its cookie value.
func (s *Store) CreateSession(ctx context.Context, u *org.User) (string, error) {
	secret, hash := newSecret()
	now := s.now()
	_, err := s.db.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		hash, u.ID, now, now.Add(SessionTTL))
	return secret, err
}

// SessionUser returns the user of a live session.
func (s *Store) SessionUser(ctx context.Context, secret string) (*org.User, error) {
	return s.credentialUser(ctx, `SELECT `+org.UserCols+` FROM sessions c JOIN users u ON u.id = c.user_id
		LEFT JOIN agencies a ON a.id = u.agency_id WHERE c.token_hash = ? AND c.expires_at > ? AND u.active = 1`, secret)
}

// DeleteSession ends a session (sign-out).
func (s *Store) DeleteSession(ctx context.Context, secret string) error {
	_, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hashSecret(secret))
	return err
}

// CreateToken issues an API bearer token for u valid for ttl; only its hash is stored.
func (s *Store) CreateToken(ctx context.Context, u *org.User, name string, ttl time.Duration) (token string, expires time.Time, err error) {
	secret, hash := newSecret()
	now := s.now()
	expires = now.Add(ttl)
	_, err = s.db.Exec(ctx, `INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		hash, u.ID, name, now, expires)
	return secret, expires, err
}

// TokenUser returns the user of a live, unrevoked token.
func (s *Store) TokenUser(ctx context.Context, secret string) (*org.User, error) {
	return s.credentialUser(ctx, `SELECT `+org.UserCols+` FROM api_tokens c JOIN users u ON u.id = c.user_id
		LEFT JOIN agencies a ON a.id = u.agency_id WHERE c.token_hash = ? AND c.expires_at > ? AND c.revoked_at IS NULL AND u.active = 1`, secret)
}

// RevokeToken revokes a token; revoking an unknown or already revoked token is not an error.
func (s *Store) RevokeToken(ctx context.Context, secret string) error {
	_, err := s.db.Exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL`, s.now(), hashSecret(secret))
	return err
}

func (s *Store) credentialUser(ctx context.Context, query, secret string) (*org.User, error) {
	if secret == "" || len(secret) > 256 {
		return nil, org.ErrUnauthenticated
	}
	u, err := org.ScanUser(s.db.QueryRow(ctx, query, hashSecret(secret), s.now()))
	if errors.Is(err, db.ErrNotFound) {
		return nil, org.ErrUnauthenticated
	}
	return u, err
}

// PurgeExpired deletes expired sessions and tokens; it is a periodic job.
func (s *Store) PurgeExpired(ctx context.Context) (int64, error) {
	now := s.now()
	var total int64
	for _, q := range []string{`DELETE FROM sessions WHERE expires_at <= ?`, `DELETE FROM api_tokens WHERE expires_at <= ?`} {
		res, err := s.db.Exec(ctx, q, now)
		if err != nil {
			return total, err
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}

func nullStr(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

package org

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
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/vntext"
)

// Lifetimes of credentials.
const (
	SessionTTL = 12 * time.Hour
	TokenTTL   = 24 * time.Hour
)

// Store keeps agencies, users, sessions and tokens.
type Store struct {
	db  *db.DB
	now func() time.Time
}

// NewStore returns a store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d, now: time.Now} }

var errBadLogin = apperr.New(apperr.KindUnauthenticated, "bad_credentials",
	msgs.Text("bad_credentials"))

// ErrUnauthenticated is returned for a missing, expired or revoked credential.
var ErrUnauthenticated = apperr.New(apperr.KindUnauthenticated, "unauthenticated",
	msgs.Text("unauthenticated"))

// CreateAgency stores a new agency; its parent is named by ParentCode.
func (s *Store) CreateAgency(ctx context.Context, a *Agency) error {
	return s.createAgency(ctx, s.db, a)
}

func (s *Store) createAgency(ctx context.Context, q db.Querier, a *Agency) error {
	a.Name, a.NameEn = vntext.NFC(a.Name), vntext.NFC(a.NameEn)
	var parent any
	if a.ParentCode != "" {
		p, err := s.agency(ctx, q, `code = ?`, a.ParentCode)
		if err != nil {
			return fmt.Errorf("org: parent %s: %w", a.ParentCode, err)
		}
		parent, a.ParentID = p.ID, p.ID
	}
	id, err := db.InsertID(ctx, q, `INSERT INTO agencies (code, national_id, parent_id, kind, level, name, name_en, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.Code, nullStr(a.NationalID), parent, string(a.Kind), a.Level, a.Name, a.NameEn, s.now())
	if err != nil {
		return fmt.Errorf("org: create agency %s: %w", a.Code, err)
	}
	a.ID = id
	return nil
}

const agencyCols = `a.id, a.code, COALESCE(a.national_id, ''), COALESCE(a.parent_id, 0), COALESCE(p.code, ''), a.kind, a.level, a.name, a.name_en`

func scanAgency(sc interface{ Scan(...any) error }) (*Agency, error) {
	var a Agency
	var kind string
	err := sc.Scan(&a.ID, &a.Code, &a.NationalID, &a.ParentID, &a.ParentCode, &kind, &a.Level, &a.Name, &a.NameEn)
	a.Kind = Kind(kind)
	return &a, err
}

func (s *Store) agency(ctx context.Context, q db.Querier, where string, args ...any) (*Agency, error) {
	a, err := scanAgency(q.QueryRow(ctx, `SELECT `+agencyCols+` FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id WHERE a.`+where, args...))
	if errors.Is(err, db.ErrNotFound) {
		return nil, apperr.NotFound("agency", msgs.Text("agency_not_found"))
	}
	return a, err
}

// Agency returns the agency with the given code.
func (s *Store) Agency(ctx context.Context, code string) (*Agency, error) {
	return s.agency(ctx, s.db, `code = ?`, code)
}

// Agencies lists every agency, parents before children, then by code.
func (s *Store) Agencies(ctx context.Context) ([]*Agency, error) {
	rows, err := s.db.Query(ctx, `SELECT `+agencyCols+` FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id ORDER BY a.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Agency
	for rows.Next() {
		a, err := scanAgency(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// NewUser describes a user to create.
type NewUser struct {
	Username, Password, FullName, Email, Phone string
	Role                                       Role
	AgencyCode                                 string
}

// CreateUser validates and stores a user with a hashed password.
func (s *Store) CreateUser(ctx context.Context, nu NewUser) (*User, error) {
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
	if nu.Role.Officer() && nu.AgencyCode == "" {
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
		a, err := s.Agency(ctx, nu.AgencyCode)
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
		return nil, fmt.Errorf("org: create user %s: %w", nu.Username, err)
	}
	return s.User(ctx, nu.Username)
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

const userCols = `u.id, u.username, u.full_name, COALESCE(u.email, ''), COALESCE(u.phone, ''), u.role, COALESCE(u.agency_id, 0), COALESCE(a.code, ''), u.active, u.created_at`

func scanUser(sc interface{ Scan(...any) error }, extra ...any) (*User, error) {
	var u User
	var role string
	var active int
	dest := append([]any{&u.ID, &u.Username, &u.FullName, &u.Email, &u.Phone, &role, &u.AgencyID, &u.AgencyCode, &active, &u.CreatedAt}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	u.Role, u.Active = Role(role), active == 1
	return &u, nil
}

// User returns the user with the given username.
func (s *Store) User(ctx context.Context, username string) (*User, error) {
	u, err := scanUser(s.db.QueryRow(ctx, `SELECT `+userCols+` FROM users u LEFT JOIN agencies a ON a.id = u.agency_id WHERE u.username = ?`, username))
	if errors.Is(err, db.ErrNotFound) {
		return nil, apperr.NotFound("user", msgs.Text("user_not_found"))
	}
	return u, err
}

// Users lists the active users of an agency with a role, by name: whom a leader may assign a
// dossier to.
func (s *Store) Users(ctx context.Context, agencyCode string, role Role) ([]*User, error) {
	rows, err := s.db.Query(ctx, `SELECT `+userCols+` FROM users u JOIN agencies a ON a.id = u.agency_id
		WHERE a.code = ? AND u.role = ? AND u.active = 1 ORDER BY u.full_name, u.username`, agencyCode, string(role))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Authenticate checks a login — a username, or a verified e-mail address or phone number
// (identity.go) — and password. The right password of a sign-up not yet verified is
// ErrUnverified.
// Every attempt, good or bad, goes into the audit log.
func (s *Store) Authenticate(ctx context.Context, username, password string) (*User, error) {
	u, err := s.authenticate(ctx, username, password)
	e := audit.Entry{Actor: username, Action: "auth.sign_in"}
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
	return u, err
}

func (s *Store) authenticate(ctx context.Context, username, password string) (*User, error) {
	var hash string
	name, phone := loginKeys(username)
	u, err := scanUser(s.db.QueryRow(ctx, `SELECT `+userCols+`, u.password_hash FROM users u LEFT JOIN agencies a ON a.id = u.agency_id
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

var dummyHash, _ = HashPassword("motcua-timing-equaliser")

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
func (s *Store) CreateSession(ctx context.Context, u *User) (string, error) {
	secret, hash := newSecret()
	now := s.now()
	_, err := s.db.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		hash, u.ID, now, now.Add(SessionTTL))
	return secret, err
}

// SessionUser returns the user of a live session.
func (s *Store) SessionUser(ctx context.Context, secret string) (*User, error) {
	return s.credentialUser(ctx, `SELECT `+userCols+` FROM sessions c JOIN users u ON u.id = c.user_id
		LEFT JOIN agencies a ON a.id = u.agency_id WHERE c.token_hash = ? AND c.expires_at > ? AND u.active = 1`, secret)
}

// DeleteSession ends a session (sign-out).
func (s *Store) DeleteSession(ctx context.Context, secret string) error {
	_, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hashSecret(secret))
	return err
}

// CreateToken issues an API bearer token for u valid for ttl; only its hash is stored.
func (s *Store) CreateToken(ctx context.Context, u *User, name string, ttl time.Duration) (token string, expires time.Time, err error) {
	secret, hash := newSecret()
	now := s.now()
	expires = now.Add(ttl)
	_, err = s.db.Exec(ctx, `INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		hash, u.ID, name, now, expires)
	return secret, expires, err
}

// TokenUser returns the user of a live, unrevoked token.
func (s *Store) TokenUser(ctx context.Context, secret string) (*User, error) {
	return s.credentialUser(ctx, `SELECT `+userCols+` FROM api_tokens c JOIN users u ON u.id = c.user_id
		LEFT JOIN agencies a ON a.id = u.agency_id WHERE c.token_hash = ? AND c.expires_at > ? AND c.revoked_at IS NULL AND u.active = 1`, secret)
}

// RevokeToken revokes a token; revoking an unknown or already revoked token is not an error.
func (s *Store) RevokeToken(ctx context.Context, secret string) error {
	_, err := s.db.Exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL`, s.now(), hashSecret(secret))
	return err
}

func (s *Store) credentialUser(ctx context.Context, query, secret string) (*User, error) {
	if secret == "" || len(secret) > 256 {
		return nil, ErrUnauthenticated
	}
	u, err := scanUser(s.db.QueryRow(ctx, query, hashSecret(secret), s.now()))
	if errors.Is(err, db.ErrNotFound) {
		return nil, ErrUnauthenticated
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

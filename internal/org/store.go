package org

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/vntext"
	"github.com/motcua/motcua/internal/vntime"
)

// Store keeps agencies and users.
type Store struct {
	db  *db.DB
	now func() time.Time
}

// NewStore returns a store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d, now: time.Now} }

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

// UserCols is the select list of a User over "users u LEFT JOIN agencies a ON a.id = u.agency_id",
// in ScanUser's order; identity joins it with sessions and tokens.
const UserCols = `u.id, u.username, u.full_name, COALESCE(u.email, ''), COALESCE(u.phone, ''), u.role, COALESCE(u.agency_id, 0), COALESCE(a.code, ''), u.active, u.created_at`

// ScanUser scans a row of UserCols followed by extra columns into extra.
func ScanUser(sc interface{ Scan(...any) error }, extra ...any) (*User, error) {
	var u User
	var role string
	var active int
	dest := append([]any{&u.ID, &u.Username, &u.FullName, &u.Email, &u.Phone, &role, &u.AgencyID, &u.AgencyCode, &active, &u.CreatedAt}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	u.Role, u.Active, u.CreatedAt = Role(role), active == 1, u.CreatedAt.In(vntime.Location())
	return &u, nil
}

// User returns the user with the given username.
func (s *Store) User(ctx context.Context, username string) (*User, error) {
	u, err := ScanUser(s.db.QueryRow(ctx, `SELECT `+UserCols+` FROM users u LEFT JOIN agencies a ON a.id = u.agency_id WHERE u.username = ?`, username))
	if errors.Is(err, db.ErrNotFound) {
		return nil, apperr.NotFound("user", msgs.Text("user_not_found"))
	}
	return u, err
}

// UserByID returns the user with the given id.
func (s *Store) UserByID(ctx context.Context, id int64) (*User, error) {
	u, err := ScanUser(s.db.QueryRow(ctx, `SELECT `+UserCols+` FROM users u LEFT JOIN agencies a ON a.id = u.agency_id WHERE u.id = ?`, id))
	if errors.Is(err, db.ErrNotFound) {
		return nil, apperr.NotFound("user", msgs.Text("user_not_found"))
	}
	return u, err
}

// Users lists the active users of an agency with a role, by name: whom a leader may assign a
// dossier to.
func (s *Store) Users(ctx context.Context, agencyCode string, role Role) ([]*User, error) {
	rows, err := s.db.Query(ctx, `SELECT `+UserCols+` FROM users u JOIN agencies a ON a.id = u.agency_id
		WHERE a.code = ? AND u.role = ? AND u.active = 1 ORDER BY u.full_name, u.username`, agencyCode, string(role))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := ScanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func nullStr(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

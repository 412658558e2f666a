// Package esign signs the documents an agency issues (the electronic results of dossiers, the
// e-receipts of payments) as PAdES PDFs and keeps the registry of issued documents that anyone
// shown one can verify by its QR code or its SHA-256: authentic, not revoked, by which agency,
// when. Keys come from a PKCS#12 file or, in the demo, a test CA kept in the database (Keys).
package esign

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/workflow"
)

// Kind is what an issued document is.
type Kind string

const (
	KindResult  Kind = "result"  // the electronic result of a dossier
	KindReceipt Kind = "receipt" // the e-receipt of a payment (biên lai điện tử)
)

// Store signs and registers issued documents.
type Store struct {
	db         *db.DB
	org        *org.Store
	dossiers   *dossier.Store
	workflow   *workflow.Store
	keys       Keys
	verifyBase string
	now        func() time.Time
}

// Config holds a Store's dependencies.
type Config struct {
	DB       *db.DB
	Org      *org.Store
	Dossiers *dossier.Store
	Workflow *workflow.Store // lays out the result notice
	Keys     Keys
	// BaseURL is the portal's public URL: a document's QR code points at
	// BaseURL + "/xac-thuc/" + its serial.
	BaseURL string
}

// VerifyPath is the public verification page's path; a serial follows it.
const VerifyPath = "/xac-thuc/"

// NewStore returns a Store.
func NewStore(c Config) *Store {
	return &Store{db: c.DB, org: c.Org, dossiers: c.Dossiers, workflow: c.Workflow, keys: c.Keys,
		verifyBase: strings.TrimRight(c.BaseURL, "/") + VerifyPath, now: time.Now}
}

// WithClock makes s read the time from now (tests); it returns s.
func (s *Store) WithClock(now func() time.Time) *Store {
	s.now = now
	return s
}

// VerifyURL is the public verification page of the document with this serial.
func (s *Store) VerifyURL(serial string) string { return s.verifyBase + serial }

var serialEnc = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewSerial returns a fresh serial: 128 random bits in 26 base-32 characters (upper case and
// digits, QR's compact alphanumeric mode), unguessable so that a verification URL reveals
// nothing about other documents.
func NewSerial() string {
	b := make([]byte, 16)
	rand.Read(b)
	return serialEnc.EncodeToString(b)
}

// Document is an entry of the registry of issued documents.
type Document struct {
	Serial      string
	SHA256      string // of the signed file
	Kind        Kind
	DossierID   int64  // 0 for a receipt of a bill
	DossierCode string // "" then
	Reference   string // a receipt's payment
	AgencyID    int64
	AgencyCode  string
	AgencyName  string
	FileID      string
	IssuedAt    time.Time
	RevokedAt   *time.Time
	RevokedBy   string // username
	Reason      string // why it was revoked

	fileOwner, applicant int64 // who may read it besides the agency (Open)
	size                 int64
	contentType, name    string
}

// Size is the signed file's size in bytes.
func (d *Document) Size() int64 { return d.size }

// Name is the signed file's name.
func (d *Document) Name() string { return d.name }

// file is the document's file as the blob store knows it (by its SHA-256).
func (d *Document) file() *dossier.File {
	return &dossier.File{ID: d.FileID, SHA256: d.SHA256, Size: d.size, ContentType: d.contentType, Name: d.name, OwnerID: d.fileOwner}
}

// Revoked reports whether the document was revoked.
func (d *Document) Revoked() bool { return d.RevokedAt != nil }

// Issue is a signed document to register, in the transaction that records its file.
type Issue struct {
	Serial    string
	Kind      Kind
	DossierID int64
	Reference string
	AgencyID  int64
	File      *dossier.File
	IssuedAt  time.Time
}

// Register writes an issued document's row in tx.
func Register(ctx context.Context, tx *db.Tx, in Issue) error {
	var dossierID any
	if in.DossierID != 0 {
		dossierID = in.DossierID
	}
	_, err := tx.Exec(ctx, `INSERT INTO issued_documents (serial, sha256, kind, dossier_id, reference, agency_id, file_id, issued_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, in.Serial, in.File.SHA256, string(in.Kind), dossierID, in.Reference, in.AgencyID,
		in.File.ID, in.IssuedAt)
	return err
}

const docCols = `i.serial, i.sha256, i.kind, COALESCE(i.dossier_id, 0), COALESCE(d.code, ''), i.reference, i.agency_id,
	a.code, a.name, i.file_id, i.issued_at, i.revoked_at, COALESCE(u.username, ''), i.reason,
	f.owner_id, COALESCE(d.applicant_id, 0), f.size, f.content_type, f.name`

const docFrom = ` FROM issued_documents i JOIN agencies a ON a.id = i.agency_id LEFT JOIN dossiers d ON d.id = i.dossier_id
	LEFT JOIN users u ON u.id = i.revoked_by JOIN files f ON f.id = i.file_id `

func (s *Store) one(ctx context.Context, q db.Querier, where string, args ...any) (*Document, error) {
	var d Document
	var kind string
	var revoked *time.Time
	err := q.QueryRow(ctx, `SELECT `+docCols+docFrom+`WHERE `+where, args...).Scan(&d.Serial, &d.SHA256, &kind, &d.DossierID,
		&d.DossierCode, &d.Reference, &d.AgencyID, &d.AgencyCode, &d.AgencyName, &d.FileID, &d.IssuedAt, &revoked, &d.RevokedBy, &d.Reason,
		&d.fileOwner, &d.applicant, &d.size, &d.contentType, &d.name)
	if errors.Is(err, db.ErrNotFound) {
		return nil, errNotIssued
	}
	if err != nil {
		return nil, err
	}
	d.Kind = Kind(kind)
	d.IssuedAt = d.IssuedAt.In(vntime.Location())
	if revoked != nil {
		t := revoked.In(vntime.Location())
		d.RevokedAt = &t
	}
	return &d, nil
}

var errNotIssued = apperr.NotFound("document", msgs.Text("document_not_found"))

// BySerial returns the document with this serial; anyone may ask (the QR code's page).
func (s *Store) BySerial(ctx context.Context, serial string) (*Document, error) {
	if !validSerial(serial) {
		return nil, errNotIssued
	}
	return s.one(ctx, s.db, `i.serial = ?`, serial)
}

func validSerial(serial string) bool {
	b, err := serialEnc.DecodeString(serial)
	return err == nil && len(b) == 16
}

// Verification is the public answer about a file's SHA-256: whether motcua issued it, and if so
// whether it was revoked, by which agency, for which dossier, when.
type Verification struct {
	Authentic bool
	Document  *Document // nil unless Authentic
}

// ParseSHA256 reads a SHA-256 in hexadecimal (either case, surrounding spaces ignored), as
// people paste it.
func ParseSHA256(field, v string) (string, error) {
	v = strings.ToLower(strings.TrimSpace(v))
	if b, err := hex.DecodeString(v); err != nil || len(b) != 32 {
		// A malformed query, 400 like other malformed requests, naming the field.
		e := apperr.New(apperr.KindInvalid, "invalid_sha256", msgs.Text("invalid_sha256"))
		e.Fields = []apperr.FieldError{apperr.Field(field, msgs.Text("sha256_is_64_hex"))}
		return "", e
	}
	return v, nil
}

// Verify looks up the SHA-256 (hexadecimal) of a file: 400 when it is not one; a hash never
// issued is an answer (not authentic), not an error.
func (s *Store) Verify(ctx context.Context, sha256Hex string) (*Verification, error) {
	sum, err := ParseSHA256("sha256", sha256Hex)
	if err != nil {
		return nil, err
	}
	d, err := s.one(ctx, s.db, `i.sha256 = ?`, sum)
	if errors.Is(err, errNotIssued) {
		return &Verification{}, nil
	}
	if err != nil {
		return nil, err
	}
	return &Verification{Authentic: true, Document: d}, nil
}

// MayRevoke reports whether actor may revoke d: a leader of the issuing agency, who answers for
// what it issued, or an administrator (issue 12).
func MayRevoke(actor *org.User, d *Document) bool {
	return actor != nil && (actor.IsAdmin() || (actor.Role == org.RoleLeader && actor.AgencyID == d.AgencyID))
}

// MaxReason is the longest reason for a revocation, in characters.
const MaxReason = 2000

// Revoke marks the document with this serial revoked, with the reason, audited in the same
// transaction. A document already revoked stays as it was (409).
func (s *Store) Revoke(ctx context.Context, actor *org.User, serial, reason string) (*Document, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	reason = strings.TrimSpace(vntext.NFC(reason))
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		return nil, apperr.Invalid("invalid_revocation", msgs.Text("invalid_revocation"), apperr.Field("reason", msgs.Text("reason_required")))
	case n > MaxReason:
		return nil, apperr.Invalid("invalid_revocation", msgs.Text("invalid_revocation"), apperr.Field("reason", msgs.Text("reason_too_long", MaxReason)))
	}
	if !validSerial(serial) {
		return nil, errNotIssued
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		// The row alone is locked: PostgreSQL locks no row of an outer join's nullable side.
		var locked string
		if err := tx.QueryRow(ctx, `SELECT serial FROM issued_documents WHERE serial = ?`+tx.ForUpdate(), serial).Scan(&locked); err != nil {
			if errors.Is(err, db.ErrNotFound) {
				return errNotIssued
			}
			return err
		}
		d, err := s.one(ctx, tx, `i.serial = ?`, serial)
		if err != nil {
			return err
		}
		if !MayRevoke(actor, d) {
			// An officer of another agency learns nothing of it.
			if actor.Role.Officer() && actor.AgencyID != d.AgencyID {
				return errNotIssued
			}
			return apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("only_leaders_revoke"))
		}
		if d.Revoked() {
			return apperr.New(apperr.KindConflict, "already_revoked", msgs.Text("already_revoked"))
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `UPDATE issued_documents SET revoked_at = ?, revoked_by = ?, reason = ? WHERE serial = ?`,
			now, actor.ID, reason, serial); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: actor.ID, Actor: actor.Username, Action: "document.revoke",
			Object: serial, Detail: map[string]any{"kind": string(d.Kind), "dossier": d.DossierCode, "reference": d.Reference,
				"sha256": d.SHA256, "reason": reason}})
	})
	if err != nil {
		return nil, err
	}
	return s.BySerial(ctx, serial)
}

// Result returns the dossier's latest electronic result that is not revoked, for its owner and
// the handling agency's officers (dossier.Store.Get's visibility: anyone else gets 404); 409
// while none is issued. Open reads its content.
func (s *Store) Result(ctx context.Context, viewer *org.User, code string) (*Document, error) {
	dos, err := s.dossiers.Get(ctx, viewer, code)
	if err != nil {
		return nil, err
	}
	d, err := s.one(ctx, s.db, `i.dossier_id = ? AND i.kind = 'result' AND i.revoked_at IS NULL ORDER BY i.issued_at DESC LIMIT 1`, dos.ID)
	if errors.Is(err, errNotIssued) {
		return nil, apperr.New(apperr.KindConflict, "result_not_issued", msgs.Text("result_not_issued"))
	}
	return d, err
}

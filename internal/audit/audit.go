// Package audit is motcua's audit log (nhật ký hệ thống): an append-only, hash-chained record
// of sign-ins, catalog changes, dossier actions, payments and administration, so that
// "motcua audit verify" detects any record edited, deleted or cut off the end.
//
// # Writing
//
// A change and its record commit together: Append runs inside the transaction of the change it
// records, so a rolled-back change leaves no record and a committed one always has one.
// AppendNow is for events that write nothing else (a sign-in). Every append locks the single
// row of audit_head (the last id and hash), takes the next id and links to the last hash, so
// appends take turns and the chain never forks; ids therefore have no gaps. Call Append last in
// the transaction: on PostgreSQL the head stays locked until the transaction ends.
//
// The table is append-only: database triggers refuse UPDATE, DELETE (and, on PostgreSQL,
// TRUNCATE) of audit_log. Whoever can drop the triggers can still change rows; the chain is what
// makes that visible.
//
// # The hash
//
// Each record's hash is the lower-case hex SHA-256 of
//
//	prev_hash || enc(id, at, actor_id, actor, action, object, detail, ip, request_id)
//
// where prev_hash is the previous record's hash as its 64 ASCII hex characters (64 zeros for
// record 1), and enc concatenates, for each of the nine fields in that order, the field's
// length in bytes as an 8-byte big-endian unsigned integer followed by its UTF-8 bytes. The
// fields are text:
//
//   - id: decimal, no sign or leading zeros;
//   - at: the instant in UTC as RFC 3339 with "Z" and the fraction of a second with trailing
//     zeros removed (no fraction at all on a whole second), e.g. 2026-03-02T01:04:05.1234Z
//     (Go's time.RFC3339Nano). Times are whole microseconds, which both engines keep exactly;
//   - actor_id: decimal, or empty when NULL (anonymous or the system);
//   - actor, action, object, ip, request_id: the stored text;
//   - detail: the stored text byte for byte. Append writes it as compact JSON with the keys of
//     every object sorted and no HTML escaping, but the hash covers the text as stored, so an
//     auditor does not need to re-encode it.
//
// An auditor can re-verify with nothing but the database and a SHA-256, e.g. in Python:
//
//	def enc(*fields):
//	    return b"".join(len(f).to_bytes(8, "big") + f for f in (x.encode() for x in fields))
//	h = hashlib.sha256(prev.encode() + enc(str(id), at, "" if actor_id is None else str(actor_id),
//	                   actor, action, object, detail, ip, request_id)).hexdigest()
//
// and checks that ids run 1, 2, 3… without gaps, that each prev_hash is the previous hash, and
// that audit_head holds the last id and hash.
//
// # What the chain proves
//
// There is no secret in the hash, so someone with write access to the database could rewrite a
// record and every record after it, and the head. Verify reports the head hash; keep it
// somewhere else (a report, a ticket, a signed e-mail) and pass it back later as an anchor
// ("motcua audit verify -anchor ID:HASH") to prove that nothing up to that record has changed
// since.
package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/db"
)

// Genesis is the prev_hash of the first record.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// Entry is an event to record. The actor is given by id and username rather than as an
// *org.User so that org itself (sign-ins) can record events without an import cycle.
type Entry struct {
	ActorID   int64          // users.id of who acted; 0 for anonymous or the system (stored as NULL)
	Actor     string         // their username now; kept as written if they are renamed later
	Action    string         // what happened: "auth.sign_in", "catalog.decision", "dossier.receive", "payment.ipn"…
	Object    string         // what it happened to: a dossier code, a decision number…
	Detail    map[string]any // anything else worth keeping; stored as JSON with sorted keys
	IP        string         // the client's address
	RequestID string         // the X-Request-ID of the request, to find it in the access log
}

// Record is a stored entry.
type Record struct {
	ID        int64           `json:"id"`
	At        time.Time       `json:"at"`
	ActorID   int64           `json:"actor_id,omitempty"`
	Actor     string          `json:"actor"`
	Action    string          `json:"action"`
	Object    string          `json:"object"`
	Detail    json.RawMessage `json:"detail"`
	IP        string          `json:"ip"`
	RequestID string          `json:"request_id"`
	PrevHash  string          `json:"prev_hash"`
	Hash      string          `json:"hash"`
}

// content is what the hash covers, with actor_id's NULL kept apart from 0.
type content struct {
	id                                         int64
	at                                         time.Time
	actorID                                    sql.NullInt64
	actor, action, object, detail, ip, request string
}

// sum returns the record's hash given the previous one (see the package documentation).
func (c *content) sum(prev string) string {
	actorID := ""
	if c.actorID.Valid {
		actorID = strconv.FormatInt(c.actorID.Int64, 10)
	}
	fields := [...]string{
		strconv.FormatInt(c.id, 10),
		c.at.UTC().Format(time.RFC3339Nano),
		actorID, c.actor, c.action, c.object, c.detail, c.ip, c.request,
	}
	h := sha256.New()
	h.Write([]byte(prev))
	var n [8]byte
	for _, f := range fields {
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		h.Write(n[:])
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

type requestKey struct{}

type request struct{ ip, id string }

// WithRequest returns ctx carrying the client address and request ID of an HTTP request, so
// every record appended while serving it names them without each caller passing them on.
func WithRequest(ctx context.Context, ip, requestID string) context.Context {
	return context.WithValue(ctx, requestKey{}, request{ip, requestID})
}

// RequestIP returns the client address WithRequest put in ctx, "" when none.
func RequestIP(ctx context.Context) string {
	r, _ := ctx.Value(requestKey{}).(request)
	return r.ip
}

// Append records e in tx, the transaction of the change it records: the record commits or rolls
// back with the change. It locks the chain's head until tx ends, so call it last.
func Append(ctx context.Context, tx *db.Tx, e Entry) error {
	if r, ok := ctx.Value(requestKey{}).(request); ok {
		if e.IP == "" {
			e.IP = r.ip
		}
		if e.RequestID == "" {
			e.RequestID = r.id
		}
	}
	c, err := e.content()
	if err != nil {
		return err
	}
	lastID, lastHash, err := lockHead(ctx, tx)
	if err != nil {
		return fmt.Errorf("audit: lock head: %w", err)
	}
	c.id = lastID + 1
	// Whole microseconds: PostgreSQL keeps no more, and the hash must match what is read back.
	c.at = time.Now().UTC().Truncate(time.Microsecond)
	h := c.sum(lastHash)
	if _, err := tx.Exec(ctx, `INSERT INTO audit_log
		(id, at, actor_id, actor, action, object, detail, ip, request_id, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.id, c.at, c.actorID, c.actor, c.action, c.object, c.detail, c.ip, c.request, lastHash, h); err != nil {
		return fmt.Errorf("audit: append %s: %w", c.action, err)
	}
	if _, err := tx.Exec(ctx, `UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1`, c.id, h); err != nil {
		return fmt.Errorf("audit: move head: %w", err)
	}
	return nil
}

// AppendNow records e in a transaction of its own, for events that change nothing else, such
// as a sign-in.
func AppendNow(ctx context.Context, d *db.DB, e Entry) error {
	return d.InTx(ctx, func(tx *db.Tx) error { return Append(ctx, tx, e) })
}

// lockHead reads the head of the chain and holds it until tx ends. On PostgreSQL the row lock
// makes concurrent appenders wait for each other (each then reads the head its predecessor
// committed); on SQLite the write transaction (BEGIN IMMEDIATE, one writer) already excludes
// every other appender.
func lockHead(ctx context.Context, tx *db.Tx) (lastID int64, lastHash string, err error) {
	q := `SELECT last_id, last_hash FROM audit_head WHERE id = 1`
	if tx.Engine() == db.Postgres {
		q += ` FOR UPDATE`
	}
	err = tx.QueryRow(ctx, q).Scan(&lastID, &lastHash)
	return lastID, lastHash, err
}

// content validates e and turns it into what is stored and hashed: text made valid UTF-8
// without NUL bytes (PostgreSQL's text type takes neither), detail as canonical JSON.
func (e Entry) content() (content, error) {
	if !validAction(e.Action) {
		return content{}, fmt.Errorf("audit: action %q: want lower-case dotted words such as dossier.receive", e.Action)
	}
	detail, err := canonicalJSON(e.Detail)
	if err != nil {
		return content{}, fmt.Errorf("audit: %s detail: %w", e.Action, err)
	}
	return content{
		actorID: sql.NullInt64{Int64: e.ActorID, Valid: e.ActorID != 0},
		actor:   clean(e.Actor),
		action:  e.Action,
		object:  clean(e.Object),
		detail:  detail,
		ip:      clean(e.IP),
		request: clean(e.RequestID),
	}, nil
}

// validAction reports whether a is dotted lower-case words: [a-z][a-z0-9_]*(\.[a-z0-9_]+)+.
func validAction(a string) bool {
	parts := strings.Split(a, ".")
	if len(parts) < 2 || a[0] < 'a' || a[0] > 'z' {
		return false
	}
	for _, p := range parts {
		if p == "" {
			return false
		}
		for _, r := range p {
			if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
				return false
			}
		}
	}
	return true
}

func clean(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

// canonicalJSON encodes m compactly with the keys of every object sorted, whatever the values
// are (nested maps, structs, json.RawMessage), numbers kept as written, and no HTML escaping.
func canonicalJSON(m map[string]any) (string, error) {
	if len(m) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// Filter selects records for List. Empty fields match everything.
type Filter struct {
	Object string // exactly this object, e.g. a dossier code
	Action string // exactly this action
	Actor  string // exactly this username
	Before int64  // only records with a smaller id: the last ID of the previous page
	Limit  int    // at most this many, 50 when 0, never more than 500
}

// List returns the records that f selects, newest first. Page by passing the last record's ID
// as the next Filter's Before.
func List(ctx context.Context, d *db.DB, f Filter) ([]Record, error) {
	var where []string
	var args []any
	for _, c := range []struct{ col, v string }{{"object", f.Object}, {"action", f.Action}, {"actor", f.Actor}} {
		if c.v != "" {
			where = append(where, c.col+` = ?`)
			args = append(args, c.v)
		}
	}
	if f.Before > 0 {
		where = append(where, `id < ?`)
		args = append(args, f.Before)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	q := `SELECT ` + columns + ` FROM audit_log`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY id DESC LIMIT ?`
	rows, err := d.Query(ctx, q, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	defer rows.Close()
	var rs []Record
	for rows.Next() {
		var s stored
		if err := s.scan(rows); err != nil {
			return nil, fmt.Errorf("audit: list: %w", err)
		}
		rs = append(rs, s.record())
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit: list: %w", err)
	}
	return rs, nil
}

// Find returns record id, or db.ErrNotFound.
func Find(ctx context.Context, d *db.DB, id int64) (Record, error) {
	rows, err := d.Query(ctx, `SELECT `+columns+` FROM audit_log WHERE id = ?`, id)
	if err != nil {
		return Record{}, fmt.Errorf("audit: find %d: %w", id, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return Record{}, fmt.Errorf("audit: find %d: %w", id, err)
		}
		return Record{}, fmt.Errorf("audit: record %d: %w", id, db.ErrNotFound)
	}
	var s stored
	if err := s.scan(rows); err != nil {
		return Record{}, fmt.Errorf("audit: find %d: %w", id, err)
	}
	return s.record(), nil
}

const columns = `id, at, actor_id, actor, action, object, detail, ip, request_id, prev_hash, hash`

// stored is a row as read back, tolerant of what tampering may leave in it.
type stored struct {
	content
	rawAt          anyTime
	prevHash, hash string
}

func (s *stored) scan(rows *sql.Rows) error {
	err := rows.Scan(&s.id, &s.rawAt, &s.actorID, &s.actor, &s.action, &s.object, &s.detail,
		&s.ip, &s.request, &s.prevHash, &s.hash)
	s.at = s.rawAt.t
	return err
}

func (s *stored) record() Record {
	return Record{ID: s.id, At: s.at.UTC(), ActorID: s.actorID.Int64, Actor: s.actor, Action: s.action,
		Object: s.object, Detail: json.RawMessage(s.detail), IP: s.ip, RequestID: s.request,
		PrevHash: s.prevHash, Hash: s.hash}
}

// anyTime scans a timestamp, noting rather than failing on a value that is not one (SQLite
// keeps whatever text it is given).
type anyTime struct {
	t  time.Time
	ok bool
}

func (a *anyTime) Scan(v any) error {
	a.t, a.ok = v.(time.Time)
	return nil
}

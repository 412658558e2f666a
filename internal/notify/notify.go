// Package notify delivers notifications — e-mail over SMTP and SMS through a provider — from a
// durable outbox: a message is enqueued in the same database transaction as the change that
// causes it, so a committed change always notifies and a rolled-back one never does.
//
// Texts are templates versioned in this package (templates/{vi,en}/NAME.txt, Vietnamese
// first). Each message is delivered by one job on the job queue (internal/job), which claims
// it under a lease, retries failures with exponential backoff and gives up after eight
// attempts; Sender is that job's handler. No message is sent twice while its lease holds, and
// one recorded as sent is never sent again. Delivery is at least once: a replica that dies after
// sending but before recording it leaves the message to be sent again when the lease ends.
package notify

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/job"
)

// Channel is how a message travels.
type Channel string

const (
	Email Channel = "email"
	SMS   Channel = "sms"
)

// Message is one notification to one recipient.
type Message struct {
	Channel   Channel
	Recipient string // e-mail address, or phone number in E.164 (+84…)
	UserID    int64  // the recipient's account, if any
	Template  string // template name, e.g. "otp", "dossier_status"
	Lang      string // "vi" (default) or "en"
	Data      map[string]any
	// ExpiresAt, when set, is the moment the message stops being worth sending: an OTP that
	// arrives after its code expired only confuses. Zero means never.
	ExpiresAt time.Time
}

// ErrPermanent marks a delivery error that retrying cannot fix (the server refused the
// recipient, the template is broken); the message's job gives up at once.
var ErrPermanent = errors.New("notify: permanent failure")

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// Enqueue writes m to the outbox inside tx, with the job that delivers it after tx commits. It renders
// the template once to check it, so a missing placeholder fails the caller's transaction (and
// its tests) rather than a delivery hours later.
func Enqueue(ctx context.Context, tx *db.Tx, m Message) error {
	switch m.Channel {
	case Email:
		if a, err := mail.ParseAddress(m.Recipient); err != nil || a.Address != m.Recipient {
			return fmt.Errorf("notify: %q is not an e-mail address", m.Recipient)
		}
	case SMS:
		if !e164.MatchString(m.Recipient) {
			return fmt.Errorf("notify: %q is not a phone number in E.164 (+84…)", m.Recipient)
		}
	default:
		return fmt.Errorf("notify: unknown channel %q", m.Channel)
	}
	if m.Template == "" {
		return fmt.Errorf("notify: message without template")
	}
	if m.Lang != "en" {
		m.Lang = "vi"
	}
	data := []byte("{}")
	if m.Data != nil {
		var err error
		if data, err = json.Marshal(m.Data); err != nil {
			return fmt.Errorf("notify: data: %w", err)
		}
	}
	// Check against the data as the worker will see it, after the JSON round trip — once per
	// template, language and set of placeholders: the check runs inside the caller's write
	// transaction, on SQLite the one writer, so repeating it for every message costs every
	// submission (a sixth of the writer's time under load).
	key := renderKey(m.Template, m.Lang, m.Data)
	if _, ok := rendered.Load(key); !ok {
		decoded, err := decodeData(string(data))
		if err != nil {
			return err
		}
		if _, _, err := Render(m.Template, m.Lang, decoded); err != nil {
			return err
		}
		if _, err := RenderSMS(m.Template, m.Lang, decoded); err != nil {
			return err
		}
		rendered.Store(key, true)
	}
	var user, expires any
	if m.UserID != 0 {
		user = m.UserID
	}
	if !m.ExpiresAt.IsZero() {
		expires = dbTime(m.ExpiresAt)
	}
	jobID, err := job.Enqueue(ctx, tx, Kind, nil)
	if err != nil {
		return fmt.Errorf("notify: enqueue: %w", err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO outbox (channel, recipient, user_id, template, lang, data, created_at, expires_at, job_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(m.Channel), m.Recipient, user, m.Template, m.Lang, string(data), dbTime(time.Now()), expires, jobID)
	if err != nil {
		return fmt.Errorf("notify: enqueue: %w", err)
	}
	return nil
}

// rendered remembers the template, language and placeholder sets that render.
var rendered sync.Map

func renderKey(template, lang string, data map[string]any) string {
	keys := make([]string, 0, len(data))
	for k := range data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return template + "\x00" + lang + "\x00" + strings.Join(keys, "\x00")
}

// dbTime is t as the outbox stores it: UTC, so SQLite's textual timestamps compare in time
// order, and microseconds, PostgreSQL's precision, so both engines hold the same value.
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// decodeData keeps numbers as json.Number so a code or a count renders exactly as given.
func decodeData(s string) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("notify: data: %w", err)
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

// Statuses of a notification.
const (
	StatusPending = "pending"
	StatusSent    = "sent"
	StatusFailed  = "failed"
)

// Notification is a message in the outbox with its delivery state, which its job holds.
type Notification struct {
	ID int64
	Message
	CreatedAt time.Time
	Attempts  int
	NextAt    time.Time // next try, while pending
	SentAt    time.Time // zero until sent
	FailedAt  time.Time // zero unless given up
	LastError string
}

// Status is StatusPending, StatusSent or StatusFailed.
func (n *Notification) Status() string {
	switch {
	case !n.SentAt.IsZero():
		return StatusSent
	case !n.FailedAt.IsZero():
		return StatusFailed
	}
	return StatusPending
}

// ForUser lists the notifications addressed to a user's account, newest first, at most limit
// (100 when limit ≤ 0).
func ForUser(ctx context.Context, q db.Querier, userID int64, limit int) ([]Notification, error) {
	if limit <= 0 {
		limit = 100
	}
	// The delivery state lives in the message's job (internal/job's table, read-only here).
	rows, err := q.Query(ctx, `SELECT o.id, o.channel, o.recipient, COALESCE(o.user_id, 0), o.template, o.lang, o.data,
		o.expires_at, o.created_at, o.sent_at, j.attempts, j.run_at, j.state, j.finished_at, j.last_error
		FROM outbox o LEFT JOIN jobs j ON j.id = o.job_id WHERE o.user_id = ? ORDER BY o.id DESC LIMIT ?`, userID, limit)
	if err != nil {
		return nil, fmt.Errorf("notify: list for user %d: %w", userID, err)
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var (
			n                             Notification
			data                          string
			expires, sent, next, finished nullTime
			channel                       string
			attempts                      sql.NullInt64
			state, lastError              sql.NullString
		)
		// Plain columns, no COALESCE: SQLite returns an expression's time as text.
		if err := rows.Scan(&n.ID, &channel, &n.Recipient, &n.UserID, &n.Template, &n.Lang, &data,
			&expires, &n.CreatedAt, &sent, &attempts, &next, &state, &finished, &lastError); err != nil {
			return nil, fmt.Errorf("notify: list for user %d: %w", userID, err)
		}
		n.Channel = Channel(channel)
		if n.Data, err = decodeData(data); err != nil {
			return nil, err
		}
		n.ExpiresAt, n.SentAt, n.NextAt = expires.Time, sent.Time, next.Time
		n.Attempts, n.LastError = int(attempts.Int64), lastError.String
		if state.String == "dead" {
			n.FailedAt = finished.Time
		}
		out = append(out, n)
	}
	return out, db.WrapError(rows.Err())
}

type nullTime struct{ Time time.Time }

// Scan leaves the zero time for NULL, which is what Notification's fields mean by "not yet".
func (t *nullTime) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		t.Time = time.Time{}
	case time.Time:
		t.Time = v
	default:
		return fmt.Errorf("notify: timestamp of type %T", v)
	}
	return nil
}

// Purge deletes notifications sent or given up before the cutoff (and those whose job was
// purged); it is a periodic job that keeps the outbox from growing without end.
func Purge(ctx context.Context, d *db.DB, before time.Time) (int64, error) {
	before = dbTime(before)
	res, err := d.Exec(ctx, `DELETE FROM outbox WHERE sent_at < ? OR (job_id IS NULL AND created_at < ?)
		OR job_id IN (SELECT id FROM jobs WHERE state = 'dead' AND finished_at < ?)`, before, before, before)
	if err != nil {
		return 0, fmt.Errorf("notify: purge: %w", err)
	}
	return res.RowsAffected()
}

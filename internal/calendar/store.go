package calendar

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/vntext"
)

// Store keeps administrators' overrides in the database and serves the Calendar in force:
// the built-in rules and schedules with every override applied. Each replica rebuilds its
// Calendar when the overrides change (checked at most once per Staleness).
type Store struct {
	db    *db.DB
	audit Auditor
	opts  []Option
	now   func() time.Time

	// saturday lists the agencies whose counters receive on Saturday mornings; they get a
	// calendar of their own (WithSaturdayMornings).
	saturday map[string]bool

	mu      sync.Mutex
	cal     *Calendar // the calendar in force
	satCal  *Calendar // the same with Saturday mornings open
	gen     [2]int64  // newest override id, number of overrides
	checked time.Time
	// Staleness is how long a replica may use its Calendar before checking for overrides
	// added by another replica.
	Staleness time.Duration
}

// Actor is who changes the calendar: the signed-in user reduced to what calendar needs, so
// that calendar depends on neither the organisation nor the audit log.
type Actor struct {
	ID       int64  // users.id; 0 when the actor is not a stored user
	Username string // empty for an anonymous caller
	Admin    bool   // a system administrator, the only role that may change the calendar
}

// Auditor appends a record of a change to the audit log inside tx, the transaction that makes
// the change, so that both commit or neither does. The wiring passes a function over
// audit.Append.
type Auditor func(ctx context.Context, tx *db.Tx, by Actor, action, object string, detail map[string]any) error

// NewStore returns a store on d; opts (office hours, cut-off, …) apply to every Calendar it
// builds. audit records every override; a store without one (nil) serves the calendar but
// refuses to change it.
func NewStore(d *db.DB, audit Auditor, opts ...Option) *Store {
	return &Store{db: d, audit: audit, opts: opts, now: time.Now, Staleness: time.Second}
}

// OpenSaturdays names the agencies (by code) whose counters receive on Saturday mornings, a
// local arrangement each city configures.
func (s *Store) OpenSaturdays(agencies ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saturday = map[string]bool{}
	for _, a := range agencies {
		s.saturday[a] = true
	}
	s.cal = nil
}

// CalendarFor returns the calendar of one agency: the calendar in force, with Saturday mornings
// open where that agency's counter receives then.
func (s *Store) CalendarFor(ctx context.Context, agency string) (*Calendar, error) {
	cal, err := s.Calendar(ctx)
	if err != nil || !s.saturday[agency] {
		return cal, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.satCal, nil
}

// StoredOverride is an override with who recorded it and when.
type StoredOverride struct {
	Override
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Calendar returns the calendar in force.
func (s *Store) Calendar(ctx context.Context) (*Calendar, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cal != nil && s.now().Sub(s.checked) < s.Staleness {
		return s.cal, nil
	}
	var gen [2]int64
	if err := s.db.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0), COUNT(*) FROM calendar_overrides`).Scan(&gen[0], &gen[1]); err != nil {
		return nil, err
	}
	s.checked = s.now()
	if s.cal != nil && gen == s.gen {
		return s.cal, nil
	}
	list, err := s.Overrides(ctx)
	if err != nil {
		return nil, err
	}
	plain := make([]Override, len(list))
	for i, o := range list {
		plain[i] = o.Override
	}
	opts := append(append([]Option{}, s.opts...), WithOverrides(plain...))
	cal, err := New(opts...)
	if err != nil {
		return nil, fmt.Errorf("calendar: build with overrides: %w", err)
	}
	sat, err := New(append(opts, WithSaturdayMornings())...)
	if err != nil {
		return nil, fmt.Errorf("calendar: build with Saturday mornings: %w", err)
	}
	s.cal, s.satCal, s.gen = cal, sat, gen
	return cal, nil
}

// Overrides lists every override by date.
func (s *Store) Overrides(ctx context.Context) ([]StoredOverride, error) {
	rows, err := s.db.Query(ctx, `SELECT o.day, o.kind, o.name, COALESCE(u.username, ''), o.created_at
		FROM calendar_overrides o LEFT JOIN users u ON u.id = o.created_by ORDER BY o.day`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StoredOverride
	for rows.Next() {
		var o StoredOverride
		var day, kind string
		if err := rows.Scan(&day, &kind, &o.Name, &o.CreatedBy, &o.CreatedAt); err != nil {
			return nil, err
		}
		if o.Date, err = ParseDate(day); err != nil {
			return nil, err
		}
		o.Kind, o.CreatedAt = OverrideKind(kind), o.CreatedAt.In(vietnam)
		out = append(out, o)
	}
	return out, rows.Err()
}

// OverrideInput is an override as a person or a client submits it.
type OverrideInput struct {
	Date string `json:"date"` // YYYY-MM-DD
	Kind string `json:"kind"` // day_off | working_day
	Name string `json:"name"` // the reason, e.g. the announcement's number
}

// SetOverride records an official change to one day, replacing any earlier override of that
// day. Only system administrators may change the calendar; due dates honour it at once on
// this replica and within Staleness on the others. The change and its audit record commit in
// one transaction.
func (s *Store) SetOverride(ctx context.Context, actor Actor, in OverrideInput) (*StoredOverride, error) {
	if actor.Username == "" {
		return nil, errUnauthenticated
	}
	if !actor.Admin {
		return nil, apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("forbidden"))
	}
	o := Override{Kind: OverrideKind(in.Kind), Name: strings.TrimSpace(vntext.NFC(in.Name))}
	var fe apperr.Fields
	var err error
	if in.Date == "" {
		fe.Add("date", msgs.Text("date_yyyy_mm_dd_is_required"))
	} else if o.Date, err = ParseDate(in.Date); err != nil {
		fe.Append("", fieldErrors(err))
	} else if err := o.Date.check("date"); err != nil {
		fe.Append("", fieldErrors(err))
	}
	if o.Kind != OverrideDayOff && o.Kind != OverrideWorkingDay {
		fe.Add("kind", msgs.Text("kind_must_be_day_off_or_working_day"))
	}
	if o.Name == "" || utf8.RuneCountInString(o.Name) > 300 {
		fe.Add("name", msgs.Text("name_or_reason_at_most_300"))
	}
	if err := fe.Err("invalid_override", msgs.Text("invalid_override")); err != nil {
		return nil, err
	}
	if s.audit == nil {
		return nil, errors.New("calendar: no audit log to record the override in")
	}
	now := s.now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO calendar_overrides (day, kind, name, created_by, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name, created_by = excluded.created_by,
			created_at = excluded.created_at`, o.Date.String(), string(o.Kind), o.Name, nullID(actor.ID), now)
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, actor, "calendar.override", o.Date.String(), map[string]any{"kind": string(o.Kind), "name": o.Name})
	})
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.cal = nil // rebuild on next use
	s.mu.Unlock()
	return &StoredOverride{Override: o, CreatedBy: actor.Username, CreatedAt: now.In(vietnam)}, nil
}

// errUnauthenticated is org.ErrUnauthenticated's kind and code, kept here so that calendar does
// not import org.
var errUnauthenticated = apperr.New(apperr.KindUnauthenticated, "unauthenticated", msgs.Text("unauthenticated"))

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// AsAppError turns a calendar input error into the shared error kinds: a bad or out-of-range
// parameter is a 400 naming it, a paused clock a conflict. Other errors pass through.
func AsAppError(err error) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	kind := apperr.KindInvalid
	if errors.Is(err, ErrPaused) {
		kind = apperr.KindConflict
	}
	out := apperr.New(kind, "invalid_parameter", msgs.Text("invalid_parameter"))
	out.Fields = fieldErrors(err)
	return out
}

func fieldErrors(err error) []apperr.FieldError {
	var e *Error
	if !errors.As(err, &e) {
		return []apperr.FieldError{apperr.Field("", msgs.Text("reader_said", err.Error()))}
	}
	return []apperr.FieldError{apperr.Field(e.Field, e.Msg)}
}

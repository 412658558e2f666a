package stats

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/motcua/motcua/internal/db"
)

// snapshotColumns are what a Snapshot is read from: the dossiers table's columns, its live fee
// invoice (at most one: invoices_live_ref) and its evaluation (at most one per dossier).
const snapshotColumns = `id, agency_id, procedure_code, channel, status, submitted_at, due_at, finished_at, supplements,
	digitised, reused,
	(SELECT CASE WHEN i.status IN ('paid', 'refunded') AND i.payment_id IS NOT NULL THEN 2 ELSE 1 END FROM invoices i
		WHERE i.kind = 'fee' AND i.ref = dossiers.code AND i.status <> 'cancelled'),
	(SELECT e.scores FROM evaluations e WHERE e.dossier_id = dossiers.id)`

type scanner interface{ Scan(dest ...any) error }

func scanSnapshot(r scanner) (Snapshot, error) {
	var s Snapshot
	var due, fin sql.NullTime
	var digitised, reused int
	var fee sql.NullInt64
	var scores sql.NullString
	if err := r.Scan(&s.ID, &s.AgencyID, &s.Procedure, &s.Channel, &s.Status, &s.SubmittedAt, &due, &fin, &s.Supplements,
		&digitised, &reused, &fee, &scores); err != nil {
		return s, err
	}
	s.Digitised, s.Reused = digitised == 1, reused == 1
	s.Fee, s.PaidOnline = fee.Valid, fee.Int64 == 2
	if scores.Valid {
		var m map[string]int
		if err := json.Unmarshal([]byte(scores.String), &m); err != nil {
			return s, fmt.Errorf("evaluation of dossier %d: %w", s.ID, err)
		}
		s.Evaluated, s.Satisfied = true, !Unhappy(m)
	}
	if due.Valid {
		t := due.Time
		s.DueAt = &t
	}
	if fin.Valid {
		t := fin.Time
		s.FinishedAt = &t
	}
	return s, nil
}

// Read reads dossier id's snapshot in tx, locking its row on PostgreSQL; a missing dossier is
// (nil, nil).
func Read(ctx context.Context, tx *db.Tx, id int64) (*Snapshot, error) {
	s, err := scanSnapshot(tx.QueryRow(ctx, `SELECT `+snapshotColumns+` FROM dossiers WHERE id = ?`+tx.ForUpdate(), id))
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("stats: read dossier %d: %w", id, err)
	}
	return &s, nil
}

// Track runs write, a change of dossier id's row in tx, and adds the change it makes to the
// dossier's contribution to the aggregates in the same transaction. Every write of a dossier
// row goes through it (internal/dossier), so the tables never miss one.
func Track(ctx context.Context, tx *db.Tx, id int64, write func() error) error {
	before, err := Read(ctx, tx, id)
	if err != nil {
		return err
	}
	if err := write(); err != nil {
		return err
	}
	after, err := Read(ctx, tx, id)
	if err != nil {
		return err
	}
	d := NewTables()
	if after != nil {
		d.Add(Contribution(*after), 1)
	}
	if before != nil {
		d.Add(Contribution(*before), -1)
	}
	return apply(ctx, tx, d)
}

// TrackCode is Track for the dossier with code, for a write of a table a Snapshot reads
// (a fee invoice, by its ref; an evaluation): a code no dossier has runs write alone.
func TrackCode(ctx context.Context, tx *db.Tx, code string, write func() error) error {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM dossiers WHERE code = ?`, code).Scan(&id)
	if errors.Is(err, db.ErrNotFound) {
		return write()
	}
	if err != nil {
		return fmt.Errorf("stats: dossier %s: %w", code, err)
	}
	return Track(ctx, tx, id, write)
}

// Created adds a newly inserted dossier's contribution to the aggregates, in the transaction
// that inserted it.
func Created(ctx context.Context, tx *db.Tx, id int64) error {
	s, err := Read(ctx, tx, id)
	if err != nil {
		return err
	}
	if s == nil {
		return fmt.Errorf("stats: dossier %d not found", id)
	}
	return apply(ctx, tx, Contribution(*s))
}

// pendingKey names the transaction's pending additions to the tables (db.Tx.Defer).
type pendingKey struct{}

// apply adds d to the stored tables when tx commits. The additions of the whole transaction
// are summed and written last, just before COMMIT (db.Tx.Defer): on PostgreSQL an upsert
// holds its row's lock until the transaction ends, and one agency's rows are shared by every
// dossier it receives, so written where the change happens they would make all of an
// office's submissions queue behind each other's whole transactions (issue 15). Written last
// they are held only through the commit, and in a transaction that appends to the audit log
// (every submission does) after the chain's head, which serialises those commits anyway, so
// they add no wait of their own. Nothing reads the tables in the transaction that writes them.
func apply(_ context.Context, tx *db.Tx, d Tables) error {
	p := tx.Defer(pendingKey{}, func() any { return NewTables() }, func(ctx context.Context, p any) error {
		return write(ctx, tx, p.(Tables))
	}).(Tables)
	p.Add(d, 1)
	return nil
}

// write adds d to the stored tables, one upsert per row, in key order: two transactions
// touching the same rows lock them in the same order (no deadlock on PostgreSQL).
func write(ctx context.Context, tx *db.Tx, d Tables) error {
	for _, k := range d.dayKeys() {
		if err := upsertCounts(ctx, tx, "stats_agency_day", k.Agency, k.Day, d.Days[k]); err != nil {
			return err
		}
	}
	for _, k := range d.agencyMonthKeys() {
		if err := upsertCounts(ctx, tx, "stats_agency_month", k.Agency, k.Month, d.AgencyMonths[k]); err != nil {
			return err
		}
	}
	for _, k := range d.monthKeys() {
		if _, err := tx.Exec(ctx, upsertProcedureMonth, append([]any{k.Agency, k.Procedure, k.Month}, d.Months[k].args()...)...); err != nil {
			return fmt.Errorf("stats: procedure month: %w", err)
		}
	}
	return nil
}

// The counters of each table, in the order of their struct's fields (args, scan).
const (
	rateColumns  = `digitised, reused, fees, paid_online, evaluated, satisfied`
	countColumns = `received, online, counter, post, settled, on_time, late, finished, overdue_delta, ` + rateColumns // stats_agency_day, _month
	monthColumns = `received, online, settled, on_time, late, finished, ` + rateColumns                               // stats_procedure_month
)

func (r *Rates) fields() []any {
	return []any{&r.Digitised, &r.Reused, &r.Fees, &r.PaidOnline, &r.Evaluated, &r.Satisfied}
}

// fields are pointers to c's counters, in countColumns' order.
func (c *DayCounts) fields() []any {
	return append([]any{&c.Received, &c.Online, &c.Counter, &c.Post, &c.Settled, &c.OnTime, &c.Late, &c.Finished, &c.OverdueDelta},
		c.Rates.fields()...)
}

// fields are pointers to c's counters, in monthColumns' order.
func (c *MonthCounts) fields() []any {
	return append([]any{&c.Received, &c.Online, &c.Settled, &c.OnTime, &c.Late, &c.Finished}, c.Rates.fields()...)
}

func (c DayCounts) args() []any   { return values(c.fields()) }
func (c MonthCounts) args() []any { return values(c.fields()) }

// values dereferences counters' pointers.
func values(ptrs []any) []any {
	out := make([]any, len(ptrs))
	for i, p := range ptrs {
		out[i] = *p.(*int64)
	}
	return out
}

// placeholders is one ? per column of a comma-separated list.
func placeholders(columns string) string {
	return strings.Repeat("?, ", strings.Count(columns, ",")) + "?"
}

// addExcluded is the SET list of an upsert adding the excluded row's counters to table's.
func addExcluded(table, columns string) string {
	var b strings.Builder
	for i, col := range strings.Split(columns, ", ") {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(col + " = " + table + "." + col + " + excluded." + col)
	}
	return b.String()
}

// The upserts apply runs, written once.
var (
	upsertProcedureMonth = `INSERT INTO stats_procedure_month (agency_id, procedure_code, month, ` + monthColumns + `)
		VALUES (?, ?, ?, ` + placeholders(monthColumns) + `) ON CONFLICT (agency_id, procedure_code, month) DO UPDATE SET ` +
		addExcluded("stats_procedure_month", monthColumns)
	upsertPeriod = map[string]string{"stats_agency_day": upsertCountsSQL("stats_agency_day", "day"),
		"stats_agency_month": upsertCountsSQL("stats_agency_month", "month")}
)

// upsertCountsSQL adds a row's counters to table's row (agency, period).
func upsertCountsSQL(table, period string) string {
	return `INSERT INTO ` + table + ` (agency_id, ` + period + `, ` + countColumns + `) VALUES (?, ?, ` + placeholders(countColumns) + `)
		ON CONFLICT (agency_id, ` + period + `) DO UPDATE SET ` + addExcluded(table, countColumns)
}

// upsertCounts adds c to the row (agency, period) of table (stats_agency_day or
// stats_agency_month).
func upsertCounts(ctx context.Context, tx *db.Tx, table string, agency int64, key string, c DayCounts) error {
	_, err := tx.Exec(ctx, upsertPeriod[table], append([]any{agency, key}, c.args()...)...)
	if err != nil {
		return fmt.Errorf("stats: %s: %w", table, err)
	}
	return nil
}

func (t Tables) agencyMonthKeys() []AgencyMonthKey {
	keys := make([]AgencyMonthKey, 0, len(t.AgencyMonths))
	for k := range t.AgencyMonths {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b AgencyMonthKey) int {
		if a.Agency != b.Agency {
			return cmp.Compare(a.Agency, b.Agency)
		}
		return cmp.Compare(a.Month, b.Month)
	})
	return keys
}

func (t Tables) dayKeys() []DayKey {
	keys := make([]DayKey, 0, len(t.Days))
	for k := range t.Days {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b DayKey) int {
		if a.Agency != b.Agency {
			return cmp.Compare(a.Agency, b.Agency)
		}
		return cmp.Compare(a.Day, b.Day)
	})
	return keys
}

func (t Tables) monthKeys() []MonthKey {
	keys := make([]MonthKey, 0, len(t.Months))
	for k := range t.Months {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b MonthKey) int {
		if a.Agency != b.Agency {
			return cmp.Compare(a.Agency, b.Agency)
		}
		if a.Procedure != b.Procedure {
			return cmp.Compare(a.Procedure, b.Procedure)
		}
		return cmp.Compare(a.Month, b.Month)
	})
	return keys
}

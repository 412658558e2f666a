package stats

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/motcua/motcua/internal/db"
)

// snapshotColumns are the columns of the dossiers table a Snapshot is read from.
const snapshotColumns = `id, agency_id, procedure_code, channel, status, submitted_at, due_at, finished_at, supplements`

type scanner interface{ Scan(dest ...any) error }

func scanSnapshot(r scanner) (Snapshot, error) {
	var s Snapshot
	var due, fin sql.NullTime
	if err := r.Scan(&s.ID, &s.AgencyID, &s.Procedure, &s.Channel, &s.Status, &s.SubmittedAt, &due, &fin, &s.Supplements); err != nil {
		return s, err
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

// apply adds d to the stored tables, one upsert per row, in key order: two transactions
// touching the same rows lock them in the same order (no deadlock on PostgreSQL).
func apply(ctx context.Context, tx *db.Tx, d Tables) error {
	for _, k := range d.dayKeys() {
		if err := upsertCounts(ctx, tx, "stats_agency_day", "day", k.Agency, k.Day, d.Days[k]); err != nil {
			return err
		}
	}
	for _, k := range d.agencyMonthKeys() {
		if err := upsertCounts(ctx, tx, "stats_agency_month", "month", k.Agency, k.Month, d.AgencyMonths[k]); err != nil {
			return err
		}
	}
	for _, k := range d.monthKeys() {
		c := d.Months[k]
		if _, err := tx.Exec(ctx, `INSERT INTO stats_procedure_month (agency_id, procedure_code, month, received, online, settled,
			on_time, late, finished) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (agency_id, procedure_code, month) DO UPDATE SET
			received = stats_procedure_month.received + excluded.received, online = stats_procedure_month.online + excluded.online,
			settled = stats_procedure_month.settled + excluded.settled, on_time = stats_procedure_month.on_time + excluded.on_time,
			late = stats_procedure_month.late + excluded.late, finished = stats_procedure_month.finished + excluded.finished`,
			k.Agency, k.Procedure, k.Month, c.Received, c.Online, c.Settled, c.OnTime, c.Late, c.Finished); err != nil {
			return fmt.Errorf("stats: procedure month: %w", err)
		}
	}
	return nil
}

// countColumns are the counters of stats_agency_day and stats_agency_month, in DayCounts' order.
const countColumns = `received, online, counter, post, settled, on_time, late, finished, overdue_delta`

func (c DayCounts) args() []any {
	return []any{c.Received, c.Online, c.Counter, c.Post, c.Settled, c.OnTime, c.Late, c.Finished, c.OverdueDelta}
}

// upsertCounts adds c to the row (agency, period) of table (stats_agency_day or
// stats_agency_month, whose period column is named period).
func upsertCounts(ctx context.Context, tx *db.Tx, table, period string, agency int64, key string, c DayCounts) error {
	set := ""
	for i, col := range strings.Split(countColumns, ", ") {
		if i > 0 {
			set += ", "
		}
		set += col + " = " + table + "." + col + " + excluded." + col
	}
	_, err := tx.Exec(ctx, `INSERT INTO `+table+` (agency_id, `+period+`, `+countColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (agency_id, `+period+`) DO UPDATE SET `+set, append([]any{agency, key}, c.args()...)...)
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

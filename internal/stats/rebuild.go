package stats

import (
	"context"
	"fmt"
	"strings"

	"github.com/motcua/motcua/internal/db"
)

// batch is how many dossiers Recount and Rebuild read per query, and rows per INSERT.
const (
	readBatch   = 50_000
	insertBatch = 500
)

// Recount computes the aggregate tables from the dossiers table, writing nothing.
func Recount(ctx context.Context, d *db.DB) (Tables, error) {
	return recount(ctx, d)
}

func recount(ctx context.Context, q db.Querier) (Tables, error) {
	t := NewTables()
	var after int64
	for {
		rows, err := q.Query(ctx, `SELECT `+snapshotColumns+` FROM dossiers WHERE id > ? ORDER BY id LIMIT ?`, after, readBatch)
		if err != nil {
			return t, fmt.Errorf("stats: recount: %w", err)
		}
		n := 0
		for rows.Next() {
			s, err := scanSnapshot(rows)
			if err != nil {
				rows.Close()
				return t, fmt.Errorf("stats: recount: %w", err)
			}
			t.Add(Contribution(s), 1)
			after = s.ID
			n++
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return t, fmt.Errorf("stats: recount: %w", err)
		}
		if n < readBatch {
			return t, nil
		}
	}
}

// Rebuild replaces the aggregate tables with a recount of the dossiers table, in one
// transaction, and marks them built. On PostgreSQL it locks the tables first: a concurrent
// write waits to add its change until the rebuilt tables are in place, and a write committed
// before is in the recount; on SQLite the transaction holds the only writer.
func Rebuild(ctx context.Context, d *db.DB) error {
	_, err := rebuild(ctx, d, false)
	return err
}

// rebuild is Rebuild; unlessBuilt skips it when, once the tables are locked, they are built
// already (another replica starting at the same moment rebuilt them), and it reports whether
// it rebuilt.
func rebuild(ctx context.Context, d *db.DB, unlessBuilt bool) (bool, error) {
	done := false
	err := d.InTx(ctx, func(tx *db.Tx) error {
		if d.Engine == db.Postgres {
			if _, err := tx.Exec(ctx, `LOCK TABLE stats_agency_day, stats_agency_month, stats_procedure_month IN EXCLUSIVE MODE`); err != nil {
				return err
			}
		}
		if unlessBuilt {
			var built int
			if err := tx.QueryRow(ctx, `SELECT built FROM stats_state WHERE id = 1`).Scan(&built); err != nil || built == 1 {
				return err
			}
		}
		done = true
		t, err := recount(ctx, tx)
		if err != nil {
			return err
		}
		for _, table := range []string{"stats_agency_day", "stats_agency_month", "stats_procedure_month"} {
			if _, err := tx.Exec(ctx, `DELETE FROM `+table); err != nil {
				return err
			}
		}
		days := make([]AgencyMonthKey, 0, len(t.Days)) // a day's key as (agency, period)
		for _, k := range t.dayKeys() {
			days = append(days, AgencyMonthKey{k.Agency, k.Day})
		}
		if err := insertCounts(ctx, tx, "stats_agency_day", "day", days,
			func(k AgencyMonthKey) DayCounts { return t.Days[DayKey{k.Agency, k.Month}] }); err != nil {
			return err
		}
		if err := insertCounts(ctx, tx, "stats_agency_month", "month", t.agencyMonthKeys(),
			func(k AgencyMonthKey) DayCounts { return t.AgencyMonths[k] }); err != nil {
			return err
		}
		if err := insertMonths(ctx, tx, t); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE stats_state SET built = 1 WHERE id = 1`)
		return err
	})
	return done && err == nil, err
}

// Built reports whether the tables hold every dossier's figures.
func Built(ctx context.Context, d *db.DB) (bool, error) {
	var built int
	if err := d.QueryRow(ctx, `SELECT built FROM stats_state WHERE id = 1`).Scan(&built); err != nil {
		return false, fmt.Errorf("stats: state: %w", err)
	}
	return built == 1, nil
}

// EnsureBuilt rebuilds the tables when they are not built (a database upgraded with dossiers
// to the version that brought them), once however many replicas start together, and reports
// whether it did. The application calls it
// when it opens the database.
func EnsureBuilt(ctx context.Context, d *db.DB) (bool, error) {
	built, err := Built(ctx, d)
	if err != nil || built {
		return false, err
	}
	return rebuild(ctx, d, true)
}

// insertCounts writes rows of stats_agency_day or stats_agency_month (period: day or month).
func insertCounts(ctx context.Context, tx *db.Tx, table, period string, keys []AgencyMonthKey, counts func(AgencyMonthKey) DayCounts) error {
	for len(keys) > 0 {
		n := min(len(keys), insertBatch)
		var b strings.Builder
		b.WriteString(`INSERT INTO ` + table + ` (agency_id, ` + period + `, ` + countColumns + `) VALUES `)
		var args []any
		for i, k := range keys[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, " + placeholders(countColumns) + ")")
			args = append(append(args, k.Agency, k.Month), counts(k).args()...)
		}
		if _, err := tx.Exec(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("stats: rebuild %s: %w", table, err)
		}
		keys = keys[n:]
	}
	return nil
}

func insertMonths(ctx context.Context, tx *db.Tx, t Tables) error {
	keys := t.monthKeys()
	for len(keys) > 0 {
		n := min(len(keys), insertBatch)
		var b strings.Builder
		b.WriteString(`INSERT INTO stats_procedure_month (agency_id, procedure_code, month, ` + monthColumns + `) VALUES `)
		var args []any
		for i, k := range keys[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, " + placeholders(monthColumns) + ")")
			args = append(append(args, k.Agency, k.Procedure, k.Month), t.Months[k].args()...)
		}
		if _, err := tx.Exec(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("stats: rebuild procedure months: %w", err)
		}
		keys = keys[n:]
	}
	return nil
}

// Dump reads the stored tables, leaving out rows whose counters are all zero (a row can come
// back to zero as dossiers move), so that Dump and Recount compare equal when the tables are
// true.
func (s *Store) Dump(ctx context.Context) (Tables, error) {
	t := NewTables()
	for _, table := range []struct{ name, period string }{{"stats_agency_day", "day"}, {"stats_agency_month", "month"}} {
		rows, err := s.d.Query(ctx, `SELECT agency_id, `+table.period+`, `+countColumns+` FROM `+table.name)
		if err != nil {
			return t, err
		}
		for rows.Next() {
			var a int64
			var p string
			var c DayCounts
			if err := rows.Scan(append([]any{&a, &p}, c.fields()...)...); err != nil {
				rows.Close()
				return t, err
			}
			switch {
			case c == (DayCounts{}):
			case table.period == "day":
				t.Days[DayKey{a, p}] = c
			default:
				t.AgencyMonths[AgencyMonthKey{a, p}] = c
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return t, err
		}
	}
	rows, err := s.d.Query(ctx, `SELECT agency_id, procedure_code, month, `+monthColumns+` FROM stats_procedure_month`)
	if err != nil {
		return t, err
	}
	defer rows.Close()
	for rows.Next() {
		var k MonthKey
		var c MonthCounts
		if err := rows.Scan(append([]any{&k.Agency, &k.Procedure, &k.Month}, c.fields()...)...); err != nil {
			return t, err
		}
		if c != (MonthCounts{}) {
			t.Months[k] = c
		}
	}
	return t, rows.Err()
}

package job

import (
	"context"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/db"
)

// schedule enqueues one job for each periodic kind among names whose period has come. A kind's
// row in job_schedule says when its next period starts; the replica whose UPDATE moves next_at
// on enqueues the run in the same transaction. On PostgreSQL a second replica's UPDATE waits
// for the first to commit and then finds next_at in the future; on SQLite the single writer
// serialises them. So each kind runs once per period, whatever the number of replicas.
func (q *Queue) schedule(ctx context.Context, names []string) error {
	var periodic []Kind
	for _, n := range names {
		if k, ok := q.Kind(n); ok && k.Every > 0 {
			periodic = append(periodic, k)
		}
	}
	if len(periodic) == 0 {
		return nil
	}
	now := q.now()
	if err := q.ensureSchedule(ctx, now); err != nil {
		return err
	}
	// Most polls find nothing due: ask the read pool before taking the writer.
	args := []any{now}
	for _, k := range periodic {
		args = append(args, k.Name)
	}
	rows, err := q.DB.Query(ctx, `SELECT kind FROM job_schedule WHERE next_at <= ? AND kind IN (`+placeholders(len(periodic))+`)`, args...)
	if err != nil {
		return fmt.Errorf("job: schedule: %w", err)
	}
	var due []string
	for rows.Next() {
		var kind string
		if err := rows.Scan(&kind); err != nil {
			rows.Close()
			return fmt.Errorf("job: schedule: %w", err)
		}
		due = append(due, kind)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("job: schedule: %w", err)
	}
	for _, kind := range due {
		k, _ := q.Kind(kind)
		err := q.DB.InTx(ctx, func(tx *db.Tx) error {
			res, err := tx.Exec(ctx, `UPDATE job_schedule SET next_at = ? WHERE kind = ? AND next_at <= ?`,
				dbTime(now.Add(k.Every)), kind, now)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return err // another replica took this period
			}
			// A run still queued (retrying, or waiting for a worker) covers this period too:
			// runs of a periodic job do not pile up while it fails or the cluster is down.
			var queued int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE kind = ? AND state = 'queued'`, kind).Scan(&queued); err != nil {
				return err
			}
			if queued > 0 {
				return nil
			}
			_, err = enqueue(ctx, tx, kind, nil, now)
			return err
		})
		if err != nil {
			return fmt.Errorf("job: schedule %s: %w", kind, err)
		}
	}
	return nil
}

// ensureSchedule gives each periodic kind its row, due at once when new (a fresh install runs
// its periodic jobs at first start), and keeps the cadence in step with the code.
func (q *Queue) ensureSchedule(ctx context.Context, now time.Time) error {
	q.mu.Lock()
	done := q.scheduled
	q.mu.Unlock()
	if done {
		return nil
	}
	err := q.DB.InTx(ctx, func(tx *db.Tx) error {
		for _, k := range q.Kinds() {
			if k.Every <= 0 {
				continue
			}
			secs := max(int64(k.Every/time.Second), 1)
			if _, err := tx.Exec(ctx, `INSERT INTO job_schedule (kind, every_seconds, next_at) VALUES (?, ?, ?)
				ON CONFLICT (kind) DO UPDATE SET every_seconds = excluded.every_seconds
				WHERE job_schedule.every_seconds <> excluded.every_seconds`, k.Name, secs, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("job: schedule: %w", err)
	}
	q.mu.Lock()
	q.scheduled = true
	q.mu.Unlock()
	return nil
}

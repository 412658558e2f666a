package job

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
)

// KindStats is the state of one kind of job, as `motcua jobs` and the admin page show it.
type KindStats struct {
	Kind      string
	Every     time.Duration // the period of a periodic kind; zero otherwise
	Queued    int           // waiting for their time or a worker
	Running   int           // claimed under a live lease
	Retrying  int           // queued again after a failed attempt (counted in Queued too)
	Dead      int           // out of attempts, waiting for an administrator
	LastRun   time.Time     // when the newest finished run ended; zero if none
	LastState string        // "done" or "dead", the outcome of that run
	LastError string        // its error, if it failed
	// NextRun is, for a periodic kind, when the next period's run is enqueued: now when no
	// replica has scheduled the kind yet, as the first poll of any replica runs it.
	NextRun time.Time
}

// Stats reports each registered kind, by name.
func (q *Queue) Stats(ctx context.Context) ([]KindStats, error) {
	now := q.now()
	var out []KindStats
	for _, k := range q.Kinds() {
		s := KindStats{Kind: k.Name, Every: k.Every}
		var total int
		err := q.DB.QueryRow(ctx, `SELECT COUNT(*),
			COALESCE(SUM(CASE WHEN locked_until > ? THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), 0)
			FROM jobs WHERE kind = ? AND state = 'queued'`, now, k.Name).Scan(&total, &s.Running, &s.Retrying)
		if err != nil {
			return nil, fmt.Errorf("job: stats %s: %w", k.Name, err)
		}
		s.Queued = total - s.Running
		if err := q.DB.QueryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE kind = ? AND state = 'dead'`, k.Name).Scan(&s.Dead); err != nil {
			return nil, fmt.Errorf("job: stats %s: %w", k.Name, err)
		}
		err = q.DB.QueryRow(ctx, `SELECT state, finished_at, last_error FROM jobs
			WHERE kind = ? AND finished_at IS NOT NULL ORDER BY finished_at DESC LIMIT 1`, k.Name).Scan(&s.LastState, &s.LastRun, &s.LastError)
		if err != nil && !errors.Is(err, db.ErrNotFound) {
			return nil, fmt.Errorf("job: stats %s: %w", k.Name, err)
		}
		if k.Every > 0 {
			var next sql.NullTime
			err := q.DB.QueryRow(ctx, `SELECT next_at FROM job_schedule WHERE kind = ?`, k.Name).Scan(&next)
			if err != nil && !errors.Is(err, db.ErrNotFound) {
				return nil, fmt.Errorf("job: stats %s: %w", k.Name, err)
			}
			s.NextRun = next.Time
			if !next.Valid {
				s.NextRun = now
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// Record is a job as stored, for an administrator's list.
type Record struct {
	ID         int64
	Kind       string
	Args       string // JSON
	State      string // "queued", "done" or "dead"
	Attempts   int
	CreatedAt  time.Time
	FinishedAt time.Time // zero unless done or dead
	LastError  string
}

// Dead lists the dead jobs, newest first, at most limit (100 when limit ≤ 0).
func (q *Queue) Dead(ctx context.Context, limit int) ([]Record, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := q.DB.Query(ctx, `SELECT id, kind, args, state, attempts, created_at, finished_at, last_error
		FROM jobs WHERE state = 'dead' ORDER BY finished_at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("job: list dead: %w", err)
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		var (
			r        Record
			finished sql.NullTime
		)
		if err := rows.Scan(&r.ID, &r.Kind, &r.Args, &r.State, &r.Attempts, &r.CreatedAt, &finished, &r.LastError); err != nil {
			return nil, fmt.Errorf("job: list dead: %w", err)
		}
		r.FinishedAt = finished.Time
		out = append(out, r)
	}
	return out, db.WrapError(rows.Err())
}

// Retry puts a dead job back in the queue, due now and with all its attempts ahead of it. Only
// administrators may call it; the edges (web, command line) check that.
func (q *Queue) Retry(ctx context.Context, id int64) error {
	res, err := q.DB.Exec(ctx, `UPDATE jobs SET state = 'queued', attempts = 0, run_at = ?, finished_at = NULL,
		locked_until = NULL, locked_by = NULL WHERE id = ? AND state = 'dead'`, q.now(), id)
	if err != nil {
		return fmt.Errorf("job: retry %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("job: retry %d: %w", id, err)
	} else if n == 1 {
		return nil
	}
	var state string
	err = q.DB.QueryRow(ctx, `SELECT state FROM jobs WHERE id = ?`, id).Scan(&state)
	if errors.Is(err, db.ErrNotFound) {
		return apperr.New(apperr.KindNotFound, "job_not_found", msgs.Text("job_not_found"))
	} else if err != nil {
		return fmt.Errorf("job: retry %d: %w", id, err)
	}
	return apperr.New(apperr.KindConflict, "job_not_dead", msgs.Text("job_not_dead"))
}

// Purge deletes the jobs finished (done or dead) before the cutoff, keeping each kind's newest
// finished run so its last run stays known. It is itself a periodic job.
func (q *Queue) Purge(ctx context.Context, before time.Time) (int64, error) {
	res, err := q.DB.Exec(ctx, `DELETE FROM jobs WHERE state IN ('done', 'dead') AND finished_at < ?
		AND id NOT IN (SELECT MAX(id) FROM jobs WHERE finished_at IS NOT NULL GROUP BY kind)`, dbTime(before))
	if err != nil {
		return 0, fmt.Errorf("job: purge: %w", err)
	}
	return res.RowsAffected()
}

// Package job is motcua's durable queue for every kind of background work, on SQLite and
// PostgreSQL alike. A job is a row in the jobs table, enqueued in the transaction of the change
// that causes it, so a committed change always gets its work done and a rolled-back one never
// does. A Queue (one per replica) claims due jobs — FOR UPDATE SKIP LOCKED on PostgreSQL, the
// single writer on SQLite — and holds them for a lease, runs each with the handler of its kind,
// retries failures with exponential backoff and jitter, and marks a job dead after its last
// attempt; an administrator can see dead jobs and retry them. Periodic kinds are scheduled
// through the job_schedule table so that each runs once per period across all replicas.
//
// Delivery is at least once: a replica that dies after a handler's side effect but before
// recording it leaves the job to run again when the lease ends, so handlers are idempotent.
package job

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/db"
)

// Job is one claimed unit of work, as its handler sees it.
type Job struct {
	ID      int64
	Kind    string
	Args    json.RawMessage
	Attempt int // this run's number, from 1
}

// Decode unmarshals the job's arguments into v.
func (j *Job) Decode(v any) error {
	if err := json.Unmarshal(j.Args, v); err != nil {
		return fmt.Errorf("%w: job %d args: %w", ErrPermanent, j.ID, err)
	}
	return nil
}

// Handler does one job. A nil error marks it done; an error wrapping ErrPermanent kills it at
// once; any other error retries it after a backoff until the kind's attempts run out. The
// context ends at the kind's Timeout, or when the replica shuts down.
type Handler func(ctx context.Context, j *Job) error

// Kind is one kind of job: its name, its handler and how it is run.
type Kind struct {
	Name   string
	Handle Handler
	// Every, when positive, makes the kind periodic: one job is enqueued per period across all
	// replicas. Zero means jobs are only enqueued by the changes that need them.
	Every       time.Duration
	MaxAttempts int           // runs before the job is dead; 8 (about an hour of backoff)
	Timeout     time.Duration // bound on one run; 1 minute
}

const (
	defaultMaxAttempts = 8
	defaultTimeout     = time.Minute
	backoffBase        = 30 * time.Second
	backoffCap         = time.Hour
	maxErrorLen        = 1000
)

func (k Kind) maxAttempts() int       { return cmpOr(k.MaxAttempts, defaultMaxAttempts) }
func (k Kind) timeout() time.Duration { return cmpOr(k.Timeout, defaultTimeout) }

// ErrPermanent marks a failure that retrying cannot fix (bad arguments, a recipient refused);
// the job is dead at once.
var ErrPermanent = errors.New("job: permanent failure")

// Backoff is the base delay before retrying after the given number of failed attempts (1 for
// the first failure): 30s, 1m, 2m, 4m … at most 1h. The queue adds up to 10% jitter so that
// jobs that failed together (an outage) do not all retry together.
func Backoff(failures int) time.Duration {
	d := backoffBase
	for i := 1; i < failures && d < backoffCap; i++ {
		d *= 2
	}
	return min(d, backoffCap)
}

// Enqueue adds a job of the named kind inside tx; it becomes due when tx commits. args is
// marshalled to JSON (nil means {}). It returns the job's id.
func Enqueue(ctx context.Context, tx *db.Tx, kind string, args any) (int64, error) {
	return enqueue(ctx, tx, kind, args, dbTime(time.Now()))
}

// EnqueueAt is Enqueue for a job due no earlier than at: a call to an outside system that must
// wait (the VNPay sandbox's delayed callbacks).
func EnqueueAt(ctx context.Context, tx *db.Tx, kind string, args any, at time.Time) (int64, error) {
	return enqueueAt(ctx, tx, kind, args, dbTime(time.Now()), dbTime(at))
}

func enqueue(ctx context.Context, q db.Querier, kind string, args any, now time.Time) (int64, error) {
	return enqueueAt(ctx, q, kind, args, now, now)
}

func enqueueAt(ctx context.Context, q db.Querier, kind string, args any, now, runAt time.Time) (int64, error) {
	if kind == "" {
		return 0, errors.New("job: enqueue without a kind")
	}
	data := []byte("{}")
	if args != nil {
		var err error
		if data, err = json.Marshal(args); err != nil {
			return 0, fmt.Errorf("job: enqueue %s: %w", kind, err)
		}
	}
	id, err := db.InsertID(ctx, q, `INSERT INTO jobs (kind, args, run_at, created_at) VALUES (?, ?, ?, ?)`,
		kind, string(data), runAt, now)
	if err != nil {
		return 0, fmt.Errorf("job: enqueue %s: %w", kind, err)
	}
	return id, nil
}

// dbTime is t as the jobs table stores it: UTC, so SQLite's textual timestamps compare in time
// order, and microseconds, PostgreSQL's precision, so both engines hold the same value.
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func cmpOr[T int | time.Duration](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

// Permanent marks err as a failure that retrying cannot fix, keeping its message: the job is
// dead at once.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanent{err}
}

type permanent struct{ error }

func (p permanent) Unwrap() error        { return p.error }
func (p permanent) Is(target error) bool { return target == ErrPermanent }

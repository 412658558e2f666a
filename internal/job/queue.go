package job

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/motcua/motcua/internal/db"
)

// Queue claims and runs the jobs of its registered kinds. Run one per replica; they share the
// work through the database. The zero values of the tuning fields mean the defaults beside them.
type Queue struct {
	DB     *db.DB
	Logger *slog.Logger

	BatchSize    int           // jobs claimed at once; 50
	PollInterval time.Duration // pause between polls when nothing is due; 2s
	// Lease is how long a claim holds its jobs; a replica that dies mid-batch leaves them to
	// others when it ends. 10 minutes, and never less than twice the longest kind's Timeout.
	// Leases are reckoned by each replica's clock, so replicas' clocks must agree to well
	// within it.
	Lease time.Duration
	// Now is the clock, injectable for tests; time.Now when nil.
	Now func() time.Time

	mu        sync.Mutex
	kinds     map[string]Kind
	scheduled bool         // the job_schedule rows of the periodic kinds exist
	idle      atomic.Int64 // times Run has found nothing more due and paused
}

// New returns a queue on d with no kinds registered.
func New(d *db.DB, log *slog.Logger) *Queue {
	return &Queue{DB: d, Logger: log, kinds: map[string]Kind{}}
}

// Register adds a kind. Registering a name twice, or without a name or handler, is a
// programming error and panics.
func (q *Queue) Register(k Kind) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if k.Name == "" || k.Handle == nil {
		panic("job: Register needs a name and a handler")
	}
	if q.kinds == nil {
		q.kinds = map[string]Kind{}
	}
	if _, dup := q.kinds[k.Name]; dup {
		panic("job: kind " + k.Name + " registered twice")
	}
	q.kinds[k.Name] = k
	q.scheduled = false
}

// Kinds returns the registered kinds by name.
func (q *Queue) Kinds() []Kind {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make([]Kind, 0, len(q.kinds))
	for _, k := range q.kinds {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b Kind) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

// Kind returns the registered kind of that name.
func (q *Queue) Kind(name string) (Kind, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	k, ok := q.kinds[name]
	return k, ok
}

func (q *Queue) now() time.Time {
	if q.Now != nil {
		return dbTime(q.Now())
	}
	return dbTime(time.Now())
}

func (q *Queue) log() *slog.Logger {
	if q.Logger != nil {
		return q.Logger
	}
	return slog.New(slog.DiscardHandler)
}

func (q *Queue) batchSize() int { return cmpOr(q.BatchSize, 50) }

func (q *Queue) lease() time.Duration {
	var longest time.Duration
	for _, k := range q.Kinds() {
		longest = max(longest, k.timeout())
	}
	return max(cmpOr(q.Lease, 10*time.Minute), 2*longest)
}

// Run works until ctx ends: a poll every PollInterval, and at once again while batches come
// back full. Errors are logged, not returned: a database that is briefly away must not stop
// the background work for good.
func (q *Queue) Run(ctx context.Context) {
	poll := cmpOr(q.PollInterval, 2*time.Second)
	for {
		_, claimed, err := q.work(ctx, nil)
		if err != nil && ctx.Err() == nil {
			q.log().ErrorContext(ctx, "job: queue", "err", err)
		}
		if err == nil && claimed == q.batchSize() {
			continue
		}
		q.idle.Add(1)
		select {
		case <-ctx.Done():
			return
		case <-time.After(poll):
		}
	}
}

// Idle is how many times Run has paused with nothing more due: a test that runs jobs itself
// waits for the first pause, after which a long PollInterval keeps Run out of its way.
func (q *Queue) Idle() int64 { return q.idle.Load() }

// Work schedules the periodic kinds that are due, then claims one batch of due jobs and runs
// them; it returns how many succeeded. With kinds named, only those are scheduled and run.
// Handler failures are recorded on the jobs, not returned; the error is a database failure.
func (q *Queue) Work(ctx context.Context, kinds ...string) (done int, err error) {
	done, _, err = q.work(ctx, kinds)
	return done, err
}

// claimed is a job this queue holds.
type claimed struct {
	id       int64
	kind     string
	args     string
	attempts int
}

// names are the registered kinds, or those of only that are registered: a queue never claims
// a job it has no handler for (a newer replica's kind, during a rolling upgrade).
func (q *Queue) names(only []string) []string {
	var names []string
	for _, k := range q.Kinds() {
		if len(only) == 0 || slices.Contains(only, k.Name) {
			names = append(names, k.Name)
		}
	}
	return names
}

// work also reports how many jobs it claimed, so Run knows whether more are waiting.
func (q *Queue) work(ctx context.Context, only []string) (done, n int, err error) {
	names := q.names(only)
	if len(names) == 0 {
		return 0, 0, nil
	}
	if err := q.schedule(ctx, names); err != nil {
		return 0, 0, err
	}
	token, err := newToken()
	if err != nil {
		return 0, 0, err
	}
	now := q.now()
	leaseEnd := now.Add(q.lease())
	batch, err := q.claim(ctx, token, now, leaseEnd, names)
	if err != nil {
		return 0, 0, err
	}
	for i, c := range batch {
		k, _ := q.Kind(c.kind)
		// Stop while the lease still covers a whole run: past it, another replica may have
		// claimed the rest, and running them here too would run them twice.
		if ctx.Err() != nil || q.now().Add(k.timeout()).After(leaseEnd) {
			return done, len(batch), q.release(ctx, token, batch[i:])
		}
		herr, err := q.run(ctx, token, c)
		if err != nil {
			return done, len(batch), errors.Join(err, q.release(ctx, token, batch[i+1:]))
		}
		if herr == nil {
			done++
		}
	}
	return done, len(batch), nil
}

// RunNow runs one job of the named kind at once in this process, through the queue's records
// (so it counts as the kind's last run), and returns the handler's error. It is how
// `motcua job NAME` runs a periodic job once; a failed run is retried by the queue as usual.
func (q *Queue) RunNow(ctx context.Context, kind string) error {
	if _, ok := q.Kind(kind); !ok {
		return fmt.Errorf("job: unknown kind %q", kind)
	}
	token, err := newToken()
	if err != nil {
		return err
	}
	now := q.now()
	// Born claimed, so no other replica takes it while it runs here.
	id, err := db.InsertID(ctx, q.DB, `INSERT INTO jobs (kind, args, run_at, created_at, locked_until, locked_by)
		VALUES (?, '{}', ?, ?, ?, ?)`, kind, now, now, now.Add(q.lease()), token)
	if err != nil {
		return fmt.Errorf("job: run %s: %w", kind, err)
	}
	herr, err := q.run(ctx, token, claimed{id: id, kind: kind, args: "{}"})
	return errors.Join(herr, err)
}

// lockClause is the one difference between the engines. PostgreSQL replicas race for the same
// rows, so the claim locks the rows it picks and skips those another replica is claiming;
// SQLite has a single writer, so the UPDATE alone is atomic and needs no row locks.
func lockClause(e db.Engine) string {
	if e == db.Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

func placeholders(n int) string { return "?" + strings.Repeat(", ?", n-1) }

// claim marks up to one batch of due jobs of the named kinds as held by token until leaseEnd,
// in one short transaction, and returns them.
func (q *Queue) claim(ctx context.Context, token string, now, leaseEnd time.Time, names []string) ([]claimed, error) {
	due := `state = 'queued' AND run_at <= ? AND (locked_until IS NULL OR locked_until <= ?)
		AND kind IN (` + placeholders(len(names)) + `)`
	args := []any{now, now}
	for _, n := range names {
		args = append(args, n)
	}
	// Most polls find nothing: ask the read pool first rather than take the writer (on SQLite,
	// the one writer every request's transaction waits for).
	var one int
	err := q.DB.QueryRow(ctx, `SELECT 1 FROM jobs WHERE `+due+` LIMIT 1`, args...).Scan(&one)
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("job: claim: %w", err)
	}
	var batch []claimed
	err = q.DB.InTx(ctx, func(tx *db.Tx) error {
		rows, err := tx.Query(ctx, `UPDATE jobs SET locked_until = ?, locked_by = ?
			WHERE id IN (SELECT id FROM jobs WHERE `+due+` ORDER BY run_at, id LIMIT ?`+lockClause(tx.Engine())+`)
			RETURNING id, kind, args, attempts`, append(append([]any{leaseEnd, token}, args...), q.batchSize())...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c claimed
			if err := rows.Scan(&c.id, &c.kind, &c.args, &c.attempts); err != nil {
				return err
			}
			batch = append(batch, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("job: claim: %w", err)
	}
	// RETURNING promises no order; run the oldest first.
	slices.SortFunc(batch, func(a, b claimed) int { return cmp.Compare(a.id, b.id) })
	return batch, nil
}

// release gives back jobs this queue claimed but did not run, without counting an attempt.
func (q *Queue) release(ctx context.Context, token string, rest []claimed) error {
	if len(rest) == 0 {
		return nil
	}
	args := make([]any, 0, len(rest)+1)
	args = append(args, token)
	for _, c := range rest {
		args = append(args, c.id)
	}
	// Release even when ctx ended (shutdown), or the jobs wait out the lease.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	_, err := q.DB.Exec(ctx, `UPDATE jobs SET locked_until = NULL, locked_by = NULL
		WHERE locked_by = ? AND id IN (`+placeholders(len(rest))+`)`, args...)
	if err != nil {
		return fmt.Errorf("job: release: %w", err)
	}
	return nil
}

// run runs one claimed job and records the outcome: herr is the handler's error, err a failure
// to record it.
func (q *Queue) run(ctx context.Context, token string, c claimed) (herr, err error) {
	k, _ := q.Kind(c.kind)
	log := q.log().With("job_id", c.id, "kind", c.kind)
	j := &Job{ID: c.id, Kind: c.kind, Args: json.RawMessage(c.args), Attempt: c.attempts + 1}
	jctx, cancel := context.WithTimeout(ctx, k.timeout())
	herr = call(jctx, k.Handle, j)
	cancel()
	if herr != nil && ctx.Err() != nil {
		// Shutting down mid-run is not the job's fault: give it back untouched.
		return herr, q.release(ctx, token, []claimed{c})
	}
	// Record even if ctx ends now: the run happened.
	rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer rcancel()
	now := q.now()
	attempts := c.attempts + 1
	if herr == nil {
		res, err := q.DB.Exec(rctx, `UPDATE jobs SET state = 'done', attempts = ?, finished_at = ?, last_error = '',
			locked_until = NULL, locked_by = NULL WHERE id = ? AND locked_by = ?`, attempts, now, c.id, token)
		if err != nil {
			return nil, fmt.Errorf("job: record done %d: %w", c.id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			log.WarnContext(ctx, "job: finished after its claim's lease ended; it may have run twice")
		}
		return nil, nil
	}

	msg := herr.Error()
	if len(msg) > maxErrorLen {
		msg = strings.ToValidUTF8(msg[:maxErrorLen], "")
	}
	if errors.Is(herr, ErrPermanent) || attempts >= k.maxAttempts() {
		log.ErrorContext(ctx, "job: dead", "attempts", attempts, "err", herr)
		_, err = q.DB.Exec(rctx, `UPDATE jobs SET state = 'dead', attempts = ?, finished_at = ?, last_error = ?,
			locked_until = NULL, locked_by = NULL WHERE id = ? AND locked_by = ?`, attempts, now, msg, c.id, token)
	} else {
		delay := Backoff(attempts)
		delay += mrand.N(delay/10 + 1)
		log.WarnContext(ctx, "job: will retry", "attempts", attempts, "in", delay, "err", herr)
		_, err = q.DB.Exec(rctx, `UPDATE jobs SET run_at = ?, attempts = ?, last_error = ?,
			locked_until = NULL, locked_by = NULL WHERE id = ? AND locked_by = ?`, dbTime(now.Add(delay)), attempts, msg, c.id, token)
	}
	if err != nil {
		return herr, fmt.Errorf("job: record failure %d: %w", c.id, err)
	}
	return herr, nil
}

// call runs the handler, turning a panic into the job's error so one bad job cannot stop the
// replica's background work.
func call(ctx context.Context, h Handler, j *Job) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("job: %s %d panicked: %v", j.Kind, j.ID, p)
		}
	}()
	return h(ctx, j)
}

// newToken names one claim, so a queue can only record results for jobs it still holds.
func newToken() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

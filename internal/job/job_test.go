package job

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
)

// clock is a settable clock for Queue.Now: tests move time instead of sleeping.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

// newClock starts a second ahead, so jobs enqueued (at time.Now) after it are already due.
func newClock() *clock { return &clock{t: time.Now().Add(time.Second)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func newQueue(d *db.DB, clk *clock, kinds ...Kind) *Queue {
	q := New(d, nil)
	if clk != nil {
		q.Now = clk.Now
	}
	for _, k := range kinds {
		q.Register(k)
	}
	return q
}

func work(t *testing.T, q *Queue, kinds ...string) int {
	t.Helper()
	n, err := q.Work(context.Background(), kinds...)
	if err != nil {
		t.Fatalf("Work: %v", err)
	}
	return n
}

func enqueueOne(t *testing.T, d *db.DB, kind string, args any) int64 {
	t.Helper()
	var id int64
	err := d.InTx(context.Background(), func(tx *db.Tx) error {
		var err error
		id, err = Enqueue(context.Background(), tx, kind, args)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// row is a job as stored.
type row struct {
	State     string
	Attempts  int
	RunAt     time.Time
	LastError string
	LockedBy  string
}

func load(t *testing.T, d *db.DB, id int64) row {
	t.Helper()
	var r row
	if err := d.QueryRow(context.Background(), `SELECT state, attempts, run_at, last_error, COALESCE(locked_by, '')
		FROM jobs WHERE id = ?`, id).Scan(&r.State, &r.Attempts, &r.RunAt, &r.LastError, &r.LockedBy); err != nil {
		t.Fatalf("load job %d: %v", id, err)
	}
	return r
}

// TestEnqueueInTx: a job enqueued in a transaction that rolls back never runs; one that commits
// runs once with its arguments.
func TestEnqueueInTx(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		type args struct{ Code string }
		var got []string
		q := newQueue(d, nil, Kind{Name: "echo", Handle: func(ctx context.Context, j *Job) error {
			var a args
			if err := j.Decode(&a); err != nil {
				return err
			}
			got = append(got, fmt.Sprintf("%s#%d", a.Code, j.Attempt))
			return nil
		}})
		errRollback := errors.New("rolled back")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := Enqueue(ctx, tx, "echo", args{"rolled-back"}); err != nil {
				return err
			}
			return errRollback
		})
		if !errors.Is(err, errRollback) {
			t.Fatalf("InTx = %v; want the rollback", err)
		}
		id := enqueueOne(t, d, "echo", args{"H26.22-250612-0042"})
		if n := work(t, q); n != 1 {
			t.Errorf("Work ran %d; want 1", n)
		}
		if n := work(t, q); n != 0 {
			t.Errorf("second Work ran %d; want 0", n)
		}
		if len(got) != 1 || got[0] != "H26.22-250612-0042#1" {
			t.Errorf("handler saw %q; want only the committed job, attempt 1", got)
		}
		if r := load(t, d, id); r.State != "done" || r.Attempts != 1 || r.LockedBy != "" {
			t.Errorf("job after its run = %+v; want done after 1 attempt, unlocked", r)
		}
		var total int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM jobs`).Scan(&total); err != nil || total != 1 {
			t.Errorf("jobs holds %d rows (%v); want 1", total, err)
		}
	})
}

// TestRetryBackoffDeadAndAdminRetry: a failing job is retried after a growing, jittered
// backoff, is dead after its last attempt, shows in Stats and Dead, and runs again when an
// administrator retries it.
func TestRetryBackoffDeadAndAdminRetry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := newClock()
		var calls, failUntil atomic.Int64
		failUntil.Store(1 << 30)
		q := newQueue(d, clk, Kind{Name: "flaky", MaxAttempts: 3, Handle: func(ctx context.Context, j *Job) error {
			if calls.Add(1) <= failUntil.Load() {
				return fmt.Errorf("421 try again later (%d)", j.Attempt)
			}
			return nil
		}})
		id := enqueueOne(t, d, "flaky", nil)

		for attempt := 1; attempt <= 2; attempt++ {
			start := clk.Now()
			if n := work(t, q); n != 0 {
				t.Fatalf("attempt %d: Work = %d; want 0", attempt, n)
			}
			r := load(t, d, id)
			if r.State != "queued" || r.Attempts != attempt || !strings.Contains(r.LastError, "421") {
				t.Fatalf("after attempt %d: %+v", attempt, r)
			}
			base := Backoff(attempt)
			if d := r.RunAt.Sub(start); d < base || d > base+base/10+time.Millisecond {
				t.Errorf("after attempt %d: next try in %v; want %v plus up to 10%% jitter", attempt, d, base)
			}
			clk.Set(r.RunAt.Add(-time.Second))
			work(t, q)
			if c := calls.Load(); c != int64(attempt) {
				t.Fatalf("handler called %d times before the backoff ended; want %d", c, attempt)
			}
			clk.Set(r.RunAt)
		}
		work(t, q)
		if r := load(t, d, id); r.State != "dead" || r.Attempts != 3 || r.LastError != "421 try again later (3)" {
			t.Fatalf("after the last attempt: %+v; want dead after 3", r)
		}
		clk.Add(24 * time.Hour)
		work(t, q)
		if c := calls.Load(); c != 3 {
			t.Errorf("a dead job ran again (%d calls)", c)
		}

		stats, err := q.Stats(ctx)
		if err != nil || len(stats) != 1 {
			t.Fatalf("Stats = %+v, %v", stats, err)
		}
		if s := stats[0]; s.Kind != "flaky" || s.Dead != 1 || s.Queued != 0 || s.LastState != "dead" || s.LastRun.IsZero() || !strings.Contains(s.LastError, "421") {
			t.Errorf("Stats = %+v; want one dead flaky job as its last run", s)
		}
		dead, err := q.Dead(ctx, 0)
		if err != nil || len(dead) != 1 || dead[0].ID != id || dead[0].Attempts != 3 || dead[0].FinishedAt.IsZero() {
			t.Fatalf("Dead = %+v, %v; want job %d", dead, err, id)
		}

		// Retrying something not dead is refused with the right kind.
		other := enqueueOne(t, d, "flaky", nil)
		if err := q.Retry(ctx, other); apperr.KindOf(err) != apperr.KindConflict {
			t.Errorf("Retry(queued job) = %v; want a conflict", err)
		}
		if err := q.Retry(ctx, 999999); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("Retry(no such job) = %v; want not found", err)
		}
		if _, err := d.Exec(ctx, `DELETE FROM jobs WHERE id = ?`, other); err != nil {
			t.Fatal(err)
		}

		failUntil.Store(0)
		if err := q.Retry(ctx, id); err != nil {
			t.Fatalf("Retry: %v", err)
		}
		if r := load(t, d, id); r.State != "queued" || r.Attempts != 0 {
			t.Errorf("after Retry: %+v; want queued with its attempts ahead", r)
		}
		if n := work(t, q); n != 1 {
			t.Fatalf("after Retry Work = %d; want 1", n)
		}
		if r := load(t, d, id); r.State != "done" || r.LastError != "" {
			t.Errorf("after the retried run: %+v; want done", r)
		}
	})
}

func TestBackoff(t *testing.T) {
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute,
		16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i, w := range want {
		if got := Backoff(i + 1); got != w {
			t.Errorf("Backoff(%d) = %v; want %v", i+1, got, w)
		}
	}
	if got := Backoff(1000); got != time.Hour {
		t.Errorf("Backoff(1000) = %v; want 1h", got)
	}
}

// TestPermanentAndPanic: a permanent failure is dead at once, and so is nothing else: a panic
// is an ordinary failure that is retried.
func TestPermanentAndPanic(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		q := newQueue(d, newClock(),
			Kind{Name: "refused", Handle: func(ctx context.Context, j *Job) error {
				return Permanent(errors.New("550 no such user"))
			}},
			Kind{Name: "badargs", Handle: func(ctx context.Context, j *Job) error {
				var n int
				return j.Decode(&n)
			}},
			Kind{Name: "panics", Handle: func(ctx context.Context, j *Job) error { panic("boom") }})
		refused := enqueueOne(t, d, "refused", nil)
		badargs := enqueueOne(t, d, "badargs", map[string]string{"not": "an int"})
		panics := enqueueOne(t, d, "panics", nil)
		work(t, q)
		if r := load(t, d, refused); r.State != "dead" || r.Attempts != 1 || r.LastError != "550 no such user" {
			t.Errorf("permanent failure: %+v; want dead at once with its message", r)
		}
		if r := load(t, d, badargs); r.State != "dead" || r.Attempts != 1 {
			t.Errorf("undecodable args: %+v; want dead at once", r)
		}
		if r := load(t, d, panics); r.State != "queued" || r.Attempts != 1 || !strings.Contains(r.LastError, "boom") {
			t.Errorf("panic: %+v; want queued for a retry with the panic as its error", r)
		}
	})
}

// TestLeaseExpiry: a queue that claimed a job and stalled past its lease loses it to another
// queue, and its late result is not recorded over the other's.
func TestLeaseExpiry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := newClock()
		var runs atomic.Int64
		k := Kind{Name: "send", Handle: func(ctx context.Context, j *Job) error { runs.Add(1); return nil }}
		stalled, other := newQueue(d, clk, k), newQueue(d, clk, k)
		id := enqueueOne(t, d, "send", nil)
		now := stalled.now()
		batch, err := stalled.claim(ctx, "stalled", now, now.Add(stalled.lease()), []string{"send"})
		if err != nil || len(batch) != 1 {
			t.Fatalf("claim = %d jobs, %v; want 1", len(batch), err)
		}
		if s, _ := other.Stats(ctx); len(s) != 1 || s[0].Running != 1 || s[0].Queued != 0 {
			t.Errorf("Stats under a live lease = %+v; want 1 running", s)
		}

		clk.Set(now.Add(stalled.lease() - time.Second))
		if n := work(t, other); n != 0 || runs.Load() != 0 {
			t.Fatalf("another queue ran a job under a live lease")
		}
		clk.Set(now.Add(stalled.lease()))
		if n := work(t, other); n != 1 {
			t.Fatalf("after the lease ended another queue ran %d; want 1", n)
		}
		done := load(t, d, id)

		// The stalled queue wakes up and records a failure: it must not touch the row.
		stalled.kinds["send"] = Kind{Name: "send", Handle: func(ctx context.Context, j *Job) error { return errors.New("late") }}
		if _, err := stalled.run(ctx, "stalled", batch[0]); err != nil {
			t.Fatal(err)
		}
		if got := load(t, d, id); got != done {
			t.Errorf("a queue without the lease changed the job: %+v; want %+v", got, done)
		}
	})
}

// TestShutdownReleases: a run cut short by shutdown neither counts as an attempt nor keeps the
// job locked for the rest of the lease.
func TestShutdownReleases(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		q := newQueue(d, nil, Kind{Name: "slow", Handle: func(ctx context.Context, j *Job) error {
			cancel()
			<-ctx.Done()
			return ctx.Err()
		}})
		id := enqueueOne(t, d, "slow", nil)
		if n, err := q.Work(ctx); n != 0 || err != nil {
			t.Fatalf("Work = %d, %v; want 0, nil", n, err)
		}
		if r := load(t, d, id); r.State != "queued" || r.Attempts != 0 || r.LockedBy != "" {
			t.Errorf("after shutdown: %+v; want queued, no attempt counted, unlocked", r)
		}
	})
}

// TestPeriodicOncePerPeriod runs two queues with their own connections, as two replicas would,
// on one database, polling as fast as they can: each periodic kind runs once per period, each
// on its own cadence.
func TestPeriodicOncePerPeriod(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			d1, d2 := openTwice(t, engine)
			clk := newClock()
			var sweeps, purges atomic.Int64
			kinds := []Kind{
				{Name: "sweep", Every: 10 * time.Minute, Handle: func(context.Context, *Job) error { sweeps.Add(1); return nil }},
				{Name: "purge", Every: time.Hour, Handle: func(context.Context, *Job) error { purges.Add(1); return nil }},
			}
			queues := []*Queue{newQueue(d1, clk, kinds...), newQueue(d2, clk, kinds...)}
			// Six 10-minute periods; in each, both queues poll several times at once.
			for period := range 6 {
				var wg sync.WaitGroup
				for _, q := range queues {
					wg.Go(func() {
						for range 5 {
							if _, err := q.Work(context.Background()); err != nil {
								t.Errorf("Work: %v", err)
							}
						}
					})
				}
				wg.Wait()
				if got, want := sweeps.Load(), int64(period+1); got != want {
					t.Fatalf("period %d: sweep ran %d times; want %d", period, got, want)
				}
				if got := purges.Load(); got != 1 {
					t.Fatalf("period %d: hourly purge ran %d times; want 1", period, got)
				}
				clk.Add(10 * time.Minute)
			}
			stats, err := queues[1].Stats(context.Background())
			if err != nil || len(stats) != 2 {
				t.Fatalf("Stats = %+v, %v", stats, err)
			}
			for _, s := range stats {
				if s.NextRun.IsZero() || s.LastRun.IsZero() || s.LastState != "done" || s.Every == 0 {
					t.Errorf("Stats(%s) = %+v; want last and next run", s.Kind, s)
				}
			}
		})
	}
}

func openTwice(t *testing.T, engine string) (*db.DB, *db.DB) {
	t.Helper()
	open := func(url, dir string) *db.DB {
		d, err := db.Open(context.Background(), url, dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		if _, err := d.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		return d
	}
	if engine == "sqlite" {
		dir := t.TempDir()
		return open("", dir), open("", dir)
	}
	base := dbtest.PostgresURL(t)
	url := dbtest.WithSchema(t, base, dbtest.NewSchema(t, base))
	return open(url, ""), open(url, "")
}

// TestConcurrentQueues: two replicas draining one queue run every job exactly once.
func TestConcurrentQueues(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			d1, d2 := openTwice(t, engine)
			const total = 100
			var mu sync.Mutex
			seen := map[int64]int{}
			k := Kind{Name: "count", Handle: func(ctx context.Context, j *Job) error {
				mu.Lock()
				seen[j.ID]++
				mu.Unlock()
				return nil
			}}
			err := d1.InTx(context.Background(), func(tx *db.Tx) error {
				for range total {
					if _, err := Enqueue(context.Background(), tx, "count", nil); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			for _, d := range []*db.DB{d1, d2} {
				q := newQueue(d, nil, k)
				q.BatchSize = 7
				wg.Go(func() {
					for {
						n, err := q.Work(context.Background())
						if err != nil {
							t.Errorf("Work: %v", err)
							return
						}
						if n == 0 {
							var left int
							if err := d.QueryRow(context.Background(), `SELECT COUNT(*) FROM jobs WHERE state = 'queued'`).Scan(&left); err != nil || left == 0 {
								return
							}
						}
					}
				})
			}
			wg.Wait()
			if len(seen) != total {
				t.Errorf("%d jobs ran; want %d", len(seen), total)
			}
			for id, n := range seen {
				if n != 1 {
					t.Errorf("job %d ran %d times; want 1", id, n)
				}
			}
		})
	}
}

func TestRunNowAndPurge(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clk := newClock()
		var runs atomic.Int64
		q := newQueue(d, clk, Kind{Name: "sweep", Every: time.Hour, Handle: func(context.Context, *Job) error {
			if runs.Add(1) == 2 {
				return errors.New("database away")
			}
			return nil
		}})
		if err := q.RunNow(ctx, "sweep"); err != nil {
			t.Fatalf("RunNow: %v", err)
		}
		if err := q.RunNow(ctx, "sweep"); err == nil || err.Error() != "database away" {
			t.Errorf("RunNow of a failing run = %v; want its error", err)
		}
		if err := q.RunNow(ctx, "nope"); err == nil {
			t.Error("RunNow of an unknown kind succeeded")
		}
		s, err := q.Stats(ctx)
		if err != nil || len(s) != 1 || s[0].LastState != "done" || s[0].Retrying != 1 {
			t.Errorf("Stats after two manual runs = %+v, %v; want the first done and the second retrying", s, err)
		}

		clk.Add(time.Minute)
		if _, err := d.Exec(ctx, `DELETE FROM jobs WHERE state = 'queued'`); err != nil {
			t.Fatal(err)
		}
		if err := q.RunNow(ctx, "sweep"); err != nil {
			t.Fatal(err)
		}
		// Both finished runs are older than now+1h; the newest is kept as the last run.
		n, err := q.Purge(ctx, clk.Now().Add(time.Hour))
		if err != nil || n != 1 {
			t.Errorf("Purge = %d, %v; want 1 (the newest run kept)", n, err)
		}
		if s, _ := q.Stats(ctx); len(s) != 1 || s[0].LastRun.IsZero() {
			t.Errorf("Stats after Purge = %+v; want the last run kept", s)
		}
	})
}

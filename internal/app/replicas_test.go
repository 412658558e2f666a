package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/notify"
)

// testClock is one settable clock shared by both replicas' queues, so a test moves time past
// a period or a lease instead of waiting for it.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// countingMailer counts what both replicas send to each recipient.
type countingMailer struct {
	mu   sync.Mutex
	sent map[string]int
}

func (m *countingMailer) Send(ctx context.Context, to, subject, body string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent[to]++
	return nil
}

func (m *countingMailer) count(to string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sent[to]
}

// replica is one motcua serve on the shared database.
type replica struct {
	app  *App
	stop context.CancelFunc
	done chan error
}

// eventually waits for cond, polling; it fails the test if cond never holds. It bounds a wait
// for background work, it does not assert on time.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 3000 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("never happened: %s", what)
}

// TestTwoReplicas runs two `motcua serve` on one database: a periodic job runs once per period
// across both, a notification is delivered once, and a job whose replica dies mid-run is left
// to the other after its lease.
func TestTwoReplicas(t *testing.T) {
	for _, engine := range []string{"postgres", "sqlite"} {
		t.Run(engine, func(t *testing.T) { testTwoReplicas(t, engine) })
	}
}

func testTwoReplicas(t *testing.T, engine string) {
	cfg := config.Default()
	cfg.Demo = true
	cfg.Data = t.TempDir()
	if engine == "postgres" {
		base := dbtest.PostgresURL(t)
		cfg.DB = dbtest.WithSchema(t, base, dbtest.NewSchema(t, base))
	}
	clk := &testClock{t: time.Now().Add(time.Second)}
	mailer := &countingMailer{sent: map[string]int{}}
	var ticks atomic.Int64
	// The first run of "hang" hangs, as a replica that died mid-job would: it never returns by
	// itself and ignores its context. Later runs succeed and say which replica ran them.
	var (
		hangs     atomic.Int64
		hungOn    = make(chan int, 1)
		unhang    = make(chan struct{})
		unhangOne sync.Once
		doneOn    = make(chan int, 1)
	)
	defer unhangOne.Do(func() { close(unhang) })

	var replicas []*replica
	for i := range 2 {
		ctx, cancel := context.WithCancel(context.Background())
		a, err := Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			cancel()
			t.Fatal(err)
		}
		a.Queue.Now, a.Notify.Now = clk.Now, clk.Now
		a.Queue.PollInterval = 5 * time.Millisecond
		a.Notify.Mailer = mailer
		a.Queue.Register(job.Kind{Name: "tick", Every: time.Hour, Handle: func(context.Context, *job.Job) error {
			ticks.Add(1)
			return nil
		}})
		a.Queue.Register(job.Kind{Name: "hang", Handle: func(ctx context.Context, j *job.Job) error {
			if hangs.Add(1) == 1 {
				hungOn <- i
				<-unhang
				return errors.New("killed")
			}
			doneOn <- i
			return nil
		}})
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		r := &replica{app: a, stop: cancel, done: make(chan error, 1)}
		go func() { r.done <- a.Serve(ctx, ln) }()
		replicas = append(replicas, r)
	}
	defer func() {
		unhangOne.Do(func() { close(unhang) })
		for _, r := range replicas {
			r.stop()
			if err := <-r.done; err != nil {
				t.Errorf("Serve: %v", err)
			}
			r.app.Close()
		}
	}()
	// extraPolls makes each replica poll once more, beside its own loop.
	extraPolls := func() {
		for _, r := range replicas {
			if _, err := r.app.Queue.Work(context.Background()); err != nil {
				t.Fatalf("Work: %v", err)
			}
		}
	}

	// A periodic job: once per period across both replicas.
	for period := int64(1); period <= 3; period++ {
		eventually(t, "the periodic job runs", func() bool { return ticks.Load() >= period })
		extraPolls()
		if got := ticks.Load(); got != period {
			t.Fatalf("period %d: the hourly job ran %d times across two replicas; want %d", period, got, period)
		}
		clk.Add(time.Hour)
	}

	// A notification, enqueued with the change that causes it: delivered once.
	const to = "hai.ban.sao@example.vn"
	a := replicas[0].app
	err := a.DB.InTx(context.Background(), func(tx *db.Tx) error {
		return notify.Enqueue(context.Background(), tx, notify.Message{Channel: notify.Email, Recipient: to,
			Template: notify.TemplateOTP, Data: map[string]any{"Code": "048213", "Minutes": 10}})
	})
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "the notification is sent", func() bool { return mailer.count(to) > 0 })
	extraPolls()
	if n := mailer.count(to); n != 1 {
		t.Errorf("the notification was sent %d times; want 1", n)
	}

	// A replica dies mid-job: the other takes the job over when the lease ends, not before.
	var id int64
	err = a.DB.InTx(context.Background(), func(tx *db.Tx) error {
		var err error
		id, err = job.Enqueue(context.Background(), tx, "hang", nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	dead := <-hungOn
	replicas[dead].stop() // its Serve cannot return while the handler hangs: it is gone, not shut down
	other := replicas[1-dead].app
	if _, err := other.Queue.Work(context.Background(), "hang"); err != nil {
		t.Fatal(err)
	}
	select {
	case i := <-doneOn:
		t.Fatalf("replica %d ran the job while replica %d's lease held", i, dead)
	default:
	}
	clk.Add(10*time.Minute + time.Second) // past the default lease
	select {
	case i := <-doneOn:
		if i == dead {
			t.Fatalf("the dead replica ran the job again")
		}
	case <-time.After(time.Minute):
		t.Fatal("the other replica did not take the job over after the lease")
	}
	stateOf := func() (state string, attempts int) {
		if err := other.DB.QueryRow(context.Background(), `SELECT state, attempts FROM jobs WHERE id = ?`, id).Scan(&state, &attempts); err != nil {
			t.Fatal(err)
		}
		return state, attempts
	}
	eventually(t, "the job is recorded done", func() bool { s, _ := stateOf(); return s == "done" })
	// The dead replica comes back to life and reports its failure: fenced off, nothing changes.
	unhangOne.Do(func() { close(unhang) })
	if err := <-replicas[dead].done; err != nil {
		t.Errorf("Serve of the dead replica: %v", err)
	}
	replicas[dead].done <- nil // for the deferred clean-up
	if s, n := stateOf(); s != "done" || n != 1 {
		t.Errorf("after the dead replica's late report the job is %s after %d attempts; want done after 1", s, n)
	}
}

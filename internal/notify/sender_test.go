package notify

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/job"
)

// clock is a settable clock for the queue's and the sender's Now: tests move time instead of sleeping.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Now()} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// fakeMailer records what it sends and fails as long as fail says so.
type fakeMailer struct {
	mu    sync.Mutex
	calls int
	sent  []string // recipients, in order
	fail  func(call int) error
	delay time.Duration // up to this long per send, to interleave concurrent workers
}

func (m *fakeMailer) Send(ctx context.Context, to, subject, body string) error {
	m.mu.Lock()
	m.calls++
	call := m.calls
	m.mu.Unlock()
	if m.delay > 0 {
		time.Sleep(rand.N(m.delay))
	}
	if m.fail != nil {
		if err := m.fail(call); err != nil {
			return err
		}
	}
	m.mu.Lock()
	m.sent = append(m.sent, to)
	m.mu.Unlock()
	return nil
}

func (m *fakeMailer) Calls() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls
}

// fakeSMS records the texts it sends.
type fakeSMS struct {
	mu   sync.Mutex
	sent [][2]string
}

func (s *fakeSMS) Send(ctx context.Context, phone, text string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, [2]string{phone, text})
	return nil
}

// newUser inserts a citizen for the outbox's user_id foreign key.
func newUser(t *testing.T, d *db.DB, name string) int64 {
	t.Helper()
	id, err := db.InsertID(context.Background(), d, `INSERT INTO users (username, password_hash, full_name, role, created_at)
		VALUES (?, 'x', ?, 'citizen', ?)`, name, name, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func enqueue(t *testing.T, d *db.DB, msgs ...Message) {
	t.Helper()
	err := d.InTx(context.Background(), func(tx *db.Tx) error {
		for _, m := range msgs {
			if err := Enqueue(context.Background(), tx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// only returns the one notification of user.
func only(t *testing.T, d *db.DB, user int64) Notification {
	t.Helper()
	ns, err := ForUser(context.Background(), d, user, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 1 {
		t.Fatalf("ForUser(%d) returned %d notifications; want 1", user, len(ns))
	}
	return ns[0]
}

func otpMessage(user int64) Message {
	return Message{Channel: Email, Recipient: "cong.dan@example.vn", UserID: user, Template: TemplateOTP,
		Data: map[string]any{"Code": "048213", "Minutes": 10}}
}

// worker is the job queue with the notification kind alone, as a replica runs it.
type worker struct {
	*job.Queue
	sender *Sender
}

func newWorker(d *db.DB, mailer Mailer, sms SMSSender, now func() time.Time) worker {
	s := &Sender{DB: d, Mailer: mailer, SMS: sms, Now: now}
	q := job.New(d, nil)
	q.Now = now
	q.Register(s.Kind())
	return worker{q, s}
}

func runOnce(t *testing.T, w worker) int {
	t.Helper()
	n, err := w.Work(context.Background())
	if err != nil {
		t.Fatalf("Work: %v", err)
	}
	return n
}

// TestOutboxDeliversOverSMTP is the whole path: messages enqueued in transactions, the worker,
// the SMTP client, a real SMTP server process, and what arrives.
func TestOutboxDeliversOverSMTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		srv := startSMTPD(t, "-user", "motcua", "-pass", "secret")
		user := newUser(t, d, "nguyenvana")

		data := sample(TemplateDossierStatus, "vi")
		// Text typed on some systems arrives decomposed; what is sent must be NFC.
		data["Procedure"] = norm.NFD.String(data["Procedure"].(string))
		status := Message{Channel: Email, Recipient: "nguyen.van.a@example.vn", UserID: user,
			Template: TemplateDossierStatus, Lang: "vi", Data: data}
		otp := Message{Channel: SMS, Recipient: "+84912345678", UserID: user, Template: TemplateOTP,
			Data: map[string]any{"Code": "048213", "Minutes": 10}}
		enqueue(t, d, status, otp)

		// A change that rolls back takes its notification with it.
		errRollback := errors.New("rolled back")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			m := status
			m.Recipient = "rolled.back@example.vn"
			if err := Enqueue(ctx, tx, m); err != nil {
				return err
			}
			return errRollback
		})
		if !errors.Is(err, errRollback) {
			t.Fatalf("InTx = %v; want the rollback", err)
		}

		sms := &fakeSMS{}
		w := newWorker(d, &SMTPMailer{Addr: srv.Addr, From: "Trung tâm Phục vụ hành chính công <noreply@dichvucong.example.vn>",
			Username: "motcua", Password: "secret", TLS: TLSNone}, sms, nil)
		if n := runOnce(t, w); n != 2 {
			t.Errorf("Work sent %d; want 2", n)
		}
		if n := runOnce(t, w); n != 0 {
			t.Errorf("second Work sent %d; want 0 (nothing sent twice)", n)
		}

		msgs := srv.Messages(t)
		if len(msgs) != 1 {
			t.Fatalf("SMTP server received %d messages; want 1 (the rolled-back one never sent)", len(msgs))
		}
		got := msgs[0]
		wantSubject, wantBody, err := Render(TemplateDossierStatus, "vi", sample(TemplateDossierStatus, "vi"))
		if err != nil {
			t.Fatal(err)
		}
		if got.Subject != wantSubject || got.Subject != "Hồ sơ H26.22-250612-0042: Yêu cầu bổ sung hồ sơ" {
			t.Errorf("Subject = %q; want %q", got.Subject, wantSubject)
		}
		if diff := cmp.Diff(wantBody, got.Body); diff != "" {
			t.Errorf("body mismatch (-want +got):\n%s", diff)
		}
		if !norm.NFC.IsNormalString(got.Body) || !strings.Contains(got.Body, "Cấp Giấy chứng nhận đăng ký hộ kinh doanh") {
			t.Errorf("body is not NFC or lacks the procedure:\n%s", got.Body)
		}
		if rcpt := got.Header.Get("X-Smtpd-Rcpt-To"); rcpt != "nguyen.van.a@example.vn" {
			t.Errorf("delivered to %q; want nguyen.van.a@example.vn", rcpt)
		}

		wantSMS, _ := RenderSMS(TemplateOTP, "vi", map[string]any{"Code": "048213", "Minutes": 10})
		if len(sms.sent) != 1 || sms.sent[0] != [2]string{"+84912345678", wantSMS} {
			t.Errorf("SMS sent %q; want one %q to +84912345678", sms.sent, wantSMS)
		}

		ns, err := ForUser(ctx, d, user, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(ns) != 2 {
			t.Fatalf("ForUser returned %d notifications; want 2", len(ns))
		}
		for _, n := range ns {
			if n.Status() != StatusSent || n.Attempts != 1 || n.SentAt.IsZero() || n.LastError != "" {
				t.Errorf("notification %d: status %s, attempts %d, sent at %v, error %q; want sent on the first attempt",
					n.ID, n.Status(), n.Attempts, n.SentAt, n.LastError)
			}
		}
		var total int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM outbox`).Scan(&total); err != nil || total != 2 {
			t.Errorf("outbox holds %d rows (%v); want 2", total, err)
		}
	})
}

func TestRetryWithBackoff(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		user := newUser(t, d, "retry")
		enqueue(t, d, otpMessage(user))
		clk := newClock()
		mailer := &fakeMailer{fail: func(call int) error {
			if call <= 2 {
				return fmt.Errorf("421 try again later (%d)", call)
			}
			return nil
		}}
		w := newWorker(d, mailer, nil, clk.Now)

		for attempt := 1; attempt <= 2; attempt++ {
			start := clk.Now()
			if n := runOnce(t, w); n != 0 {
				t.Fatalf("attempt %d: sent %d; want 0", attempt, n)
			}
			n := only(t, d, user)
			if n.Status() != StatusPending || n.Attempts != attempt || !strings.Contains(n.LastError, "421") {
				t.Fatalf("after attempt %d: status %s, attempts %d, error %q", attempt, n.Status(), n.Attempts, n.LastError)
			}
			base := job.Backoff(attempt)
			if d := n.NextAt.Sub(start); d < base || d > base+base/10+time.Millisecond {
				t.Errorf("after attempt %d: next try in %v; want %v plus up to 10%% jitter", attempt, d, base)
			}
			// Not due a moment before next_at: the mailer is not even called.
			clk.Set(n.NextAt.Add(-time.Second))
			runOnce(t, w)
			if c := mailer.Calls(); c != attempt {
				t.Fatalf("mailer called %d times before the backoff ended; want %d", c, attempt)
			}
			clk.Set(n.NextAt)
		}
		if n := runOnce(t, w); n != 1 {
			t.Fatalf("third attempt sent %d; want 1", n)
		}
		n := only(t, d, user)
		if n.Status() != StatusSent || n.Attempts != 3 || n.LastError != "" || !n.SentAt.Equal(dbTime(clk.Now())) {
			t.Errorf("after success: status %s, attempts %d, error %q, sent at %v; want sent on attempt 3 at %v",
				n.Status(), n.Attempts, n.LastError, n.SentAt, clk.Now())
		}
	})
}

const maxAttempts = 8

func TestGiveUpAfterMaxAttempts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		user := newUser(t, d, "giveup")
		enqueue(t, d, otpMessage(user))
		clk := newClock()
		mailer := &fakeMailer{fail: func(int) error { return errors.New("connection refused") }}
		w := newWorker(d, mailer, nil, clk.Now)

		for i := 0; i < 20; i++ {
			runOnce(t, w)
			n := only(t, d, user)
			if n.Status() != StatusPending {
				break
			}
			clk.Set(n.NextAt)
		}
		n := only(t, d, user)
		if n.Status() != StatusFailed || n.Attempts != maxAttempts || n.FailedAt.IsZero() || n.LastError != "connection refused" {
			t.Errorf("status %s, attempts %d, failed at %v, error %q; want failed after %d attempts",
				n.Status(), n.Attempts, n.FailedAt, n.LastError, maxAttempts)
		}
		if c := mailer.Calls(); c != maxAttempts {
			t.Errorf("mailer called %d times; want %d", c, maxAttempts)
		}
		clk.Set(clk.Now().Add(24 * time.Hour))
		runOnce(t, w)
		if c := mailer.Calls(); c != maxAttempts {
			t.Errorf("a failed message was tried again (%d calls)", c)
		}

		// An administrator retries the dead job: the message is pending again, then sent.
		dead, err := w.Dead(context.Background(), 0)
		if err != nil || len(dead) != 1 || dead[0].Kind != Kind {
			t.Fatalf("Dead = %+v, %v; want the notification's job", dead, err)
		}
		if err := w.Retry(context.Background(), dead[0].ID); err != nil {
			t.Fatal(err)
		}
		if n := only(t, d, user); n.Status() != StatusPending || n.Attempts != 0 {
			t.Errorf("after Retry: status %s, attempts %d; want pending, attempts reset", n.Status(), n.Attempts)
		}
		mailer.fail = nil
		if n := runOnce(t, w); n != 1 {
			t.Fatalf("after Retry sent %d; want 1", n)
		}
		if n := only(t, d, user); n.Status() != StatusSent {
			t.Errorf("after the retried delivery: status %s; want sent", n.Status())
		}
	})
}

func TestPermanentFailures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		refused := newUser(t, d, "refused")
		expired := newUser(t, d, "expired")
		broken := newUser(t, d, "broken")
		enqueue(t, d, otpMessage(refused))
		m := otpMessage(expired)
		m.ExpiresAt = time.Now().Add(5 * time.Minute)
		enqueue(t, d, m)
		// A template removed since the message was queued: written directly, as Enqueue refuses it.
		err := d.InTx(ctx, func(tx *db.Tx) error {
			id, err := job.Enqueue(ctx, tx, Kind, nil)
			if err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `INSERT INTO outbox (channel, recipient, user_id, template, lang, data, created_at, job_id)
				VALUES ('email', 'x@example.vn', ?, 'removed', 'vi', '{}', ?, ?)`, broken, dbTime(time.Now()), id)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}

		clk := newClock()
		clk.Set(clk.Now().Add(10 * time.Minute)) // the OTP has expired
		mailer := &fakeMailer{fail: func(int) error { return fmt.Errorf("%w: 550 no such user", ErrPermanent) }}
		w := newWorker(d, mailer, nil, clk.Now)
		runOnce(t, w)

		for _, tt := range []struct {
			user    int64
			errPart string
		}{{refused, "550"}, {expired, "expired"}, {broken, "no template"}} {
			n := only(t, d, tt.user)
			if n.Status() != StatusFailed || n.Attempts != 1 || !strings.Contains(n.LastError, tt.errPart) {
				t.Errorf("user %d: status %s, attempts %d, error %q; want failed at once with %q",
					tt.user, n.Status(), n.Attempts, n.LastError, tt.errPart)
			}
		}
		if c := mailer.Calls(); c != 1 {
			t.Errorf("mailer called %d times; want 1 (the expired and broken messages are never sent)", c)
		}
	})
}

// TestSentNotSentAgain: a job that runs again after its message was sent (its replica died
// before recording the run) does not send the message twice. Lease fencing itself is the job
// queue's, tested there.
func TestSentNotSentAgain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		user := newUser(t, d, "again")
		enqueue(t, d, otpMessage(user))
		mailer := &fakeMailer{}
		s := &Sender{DB: d, Mailer: mailer}
		var id int64
		if err := d.QueryRow(ctx, `SELECT job_id FROM outbox WHERE user_id = ?`, user).Scan(&id); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := s.Handle(ctx, &job.Job{ID: id, Kind: Kind, Args: []byte("{}")}); err != nil {
				t.Fatalf("Handle: %v", err)
			}
		}
		if c := mailer.Calls(); c != 1 {
			t.Errorf("mailer called %d times; want 1", c)
		}
		if n := only(t, d, user); n.SentAt.IsZero() {
			t.Errorf("SentAt is zero after the send")
		}
	})
}

// TestConcurrentWorkers runs two workers with their own connections, as two replicas would,
// on one database: every message is sent exactly once.
func TestConcurrentWorkers(t *testing.T) {
	openTwice := map[string]func(t *testing.T) (*db.DB, *db.DB){
		"sqlite": func(t *testing.T) (*db.DB, *db.DB) {
			dir := t.TempDir()
			return openMigrated(t, "", dir), openMigrated(t, "", dir)
		},
		"postgres": func(t *testing.T) (*db.DB, *db.DB) {
			base := dbtest.PostgresURL(t)
			url := dbtest.WithSchema(t, base, dbtest.NewSchema(t, base))
			return openMigrated(t, url, ""), openMigrated(t, url, "")
		},
	}
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			d1, d2 := openTwice[engine](t)
			const total = 120
			var msgs []Message
			for i := range total {
				m := otpMessage(0)
				m.Recipient = fmt.Sprintf("user%03d@example.vn", i)
				msgs = append(msgs, m)
			}
			enqueue(t, d1, msgs...)

			mailer := &fakeMailer{delay: 2 * time.Millisecond}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			var wg sync.WaitGroup
			perWorker := make([]int, 2)
			for i, d := range []*db.DB{d1, d2} {
				w := newWorker(d, mailer, nil, nil)
				w.BatchSize = 7
				wg.Go(func() {
					for ctx.Err() == nil {
						n, err := w.Work(ctx)
						if err != nil {
							t.Errorf("worker %d: %v", i, err)
							return
						}
						perWorker[i] += n
						if pendingCount(t, d) == 0 {
							return
						}
					}
				})
			}
			wg.Wait()
			t.Logf("sent per worker: %v", perWorker)

			seen := map[string]int{}
			for _, to := range mailer.sent {
				seen[to]++
			}
			if len(mailer.sent) != total || len(seen) != total {
				t.Errorf("mailer sent %d messages to %d recipients; want %d each once", len(mailer.sent), len(seen), total)
			}
			for to, n := range seen {
				if n != 1 {
					t.Errorf("%s got %d copies; want 1", to, n)
				}
			}
		})
	}
}

func openMigrated(t *testing.T, url, dir string) *db.DB {
	t.Helper()
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

func pendingCount(t *testing.T, d *db.DB) int {
	var n int
	if err := d.QueryRow(context.Background(), `SELECT COUNT(*) FROM outbox o JOIN jobs j ON j.id = o.job_id
		WHERE o.sent_at IS NULL AND j.state = 'queued'`).Scan(&n); err != nil {
		t.Error(err)
	}
	return n
}

func TestRunUntilCancelled(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		got := make(chan string, 10)
		mailer := mailerFunc(func(ctx context.Context, to, subject, body string) error {
			got <- to
			return nil
		})
		w := newWorker(d, mailer, nil, nil)
		w.PollInterval = 10 * time.Millisecond
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { w.Run(ctx); close(done) }()

		enqueue(t, d, otpMessage(0))
		select {
		case to := <-got:
			if to != "cong.dan@example.vn" {
				t.Errorf("sent to %q", to)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("Run did not send the message")
		}
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Fatal("Run did not return after its context ended")
		}
	})
}

type mailerFunc func(ctx context.Context, to, subject, body string) error

func (f mailerFunc) Send(ctx context.Context, to, subject, body string) error {
	return f(ctx, to, subject, body)
}

// TestShutdownReleases: a send cut short by shutdown neither counts as an attempt nor keeps
// the message locked for the rest of the lease.
func TestShutdownReleases(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		user := newUser(t, d, "shutdown")
		enqueue(t, d, otpMessage(user))
		ctx, cancel := context.WithCancel(context.Background())
		w := newWorker(d, mailerFunc(func(ctx context.Context, to, subject, body string) error {
			cancel()
			<-ctx.Done()
			return ctx.Err()
		}), nil, nil)
		if n, err := w.Work(ctx); n != 0 || err != nil {
			t.Fatalf("Work = %d, %v; want 0, nil", n, err)
		}
		n := only(t, d, user)
		if n.Status() != StatusPending || n.Attempts != 0 {
			t.Errorf("status %s, attempts %d; want pending with no attempt counted", n.Status(), n.Attempts)
		}
		var locked int
		if err := d.QueryRow(context.Background(), `SELECT COUNT(*) FROM jobs WHERE locked_by IS NOT NULL`).Scan(&locked); err != nil || locked != 0 {
			t.Errorf("%d messages still locked (%v); want 0", locked, err)
		}
	})
}

func TestEnqueueValidates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ok := otpMessage(0)
		bad := func(f func(m *Message)) Message {
			m := ok
			m.Data = map[string]any{"Code": "048213", "Minutes": 10}
			f(&m)
			return m
		}
		tests := map[string]Message{
			"unknown channel":     bad(func(m *Message) { m.Channel = "fax" }),
			"bad e-mail":          bad(func(m *Message) { m.Recipient = "not an address" }),
			"e-mail with name":    bad(func(m *Message) { m.Recipient = "A <a@example.vn>" }),
			"local phone":         bad(func(m *Message) { m.Channel, m.Recipient = SMS, "0912345678" }),
			"no template":         bad(func(m *Message) { m.Template = "" }),
			"unknown template":    bad(func(m *Message) { m.Template = "nope" }),
			"missing placeholder": bad(func(m *Message) { delete(m.Data, "Minutes") }),
		}
		for name, m := range tests {
			err := d.InTx(context.Background(), func(tx *db.Tx) error { return Enqueue(context.Background(), tx, m) })
			if err == nil {
				t.Errorf("%s: Enqueue(%+v) = nil; want an error", name, m)
			}
		}
		if n := pendingCount(t, d); n != 0 {
			t.Errorf("%d messages queued; want 0", n)
		}
		// Unknown languages fall back to Vietnamese; numbers keep their form.
		user := newUser(t, d, "lang")
		m := otpMessage(user)
		m.Lang = "fr"
		m.Data["Code"] = 123456
		enqueue(t, d, m)
		n := only(t, d, user)
		if n.Lang != "vi" || fmt.Sprint(n.Data["Code"]) != "123456" {
			t.Errorf("stored lang %q, code %v; want vi, 123456", n.Lang, n.Data["Code"])
		}
	})
}

func TestForUserAndPurge(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a, b := newUser(t, d, "a"), newUser(t, d, "b")
		first := otpMessage(a)
		second := Message{Channel: SMS, Recipient: "+84912345678", UserID: a, Template: TemplateDossierReceived, Lang: "en",
			Data: sample(TemplateDossierReceived, "en")}
		enqueue(t, d, first)
		enqueue(t, d, second, otpMessage(b))

		ns, err := ForUser(ctx, d, a, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []Message
		for _, n := range ns {
			// Data comes back from JSON: compare the values as they render.
			for k, v := range n.Data {
				n.Data[k] = fmt.Sprint(v)
			}
			got = append(got, n.Message)
			if n.Status() != StatusPending || n.CreatedAt.IsZero() || n.NextAt.IsZero() {
				t.Errorf("notification %d: status %s, created %v, next %v", n.ID, n.Status(), n.CreatedAt, n.NextAt)
			}
		}
		first.Lang = "vi"
		first.Data = map[string]any{"Code": "048213", "Minutes": "10"}
		if diff := cmp.Diff([]Message{second, first}, got); diff != "" {
			t.Errorf("ForUser(a) mismatch, newest first (-want +got):\n%s", diff)
		}
		if ns, _ := ForUser(ctx, d, a, 1); len(ns) != 1 || ns[0].Template != TemplateDossierReceived {
			t.Errorf("ForUser(a, limit 1) = %v; want the newest only", ns)
		}

		clk := newClock()
		w := newWorker(d, &fakeMailer{}, &fakeSMS{}, clk.Now)
		if n := runOnce(t, w); n != 3 {
			t.Fatalf("sent %d; want 3", n)
		}
		if n, err := Purge(ctx, d, clk.Now()); err != nil || n != 0 {
			t.Errorf("Purge(now) = %d, %v; want 0 (sent at now, not before)", n, err)
		}
		if n, err := Purge(ctx, d, clk.Now().Add(time.Second)); err != nil || n != 3 {
			t.Errorf("Purge(now+1s) = %d, %v; want 3", n, err)
		}
	})
}

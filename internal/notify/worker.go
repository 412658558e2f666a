package notify

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/db"
)

// Worker delivers due messages from the outbox. Run one per replica; they share the work.
// The zero values of the tuning fields mean the defaults given beside them.
type Worker struct {
	DB     *db.DB
	Mailer Mailer    // required for e-mail; LogMailer in development
	SMS    SMSSender // required for SMS; LogSMS in development
	Logger *slog.Logger

	MaxAttempts  int           // tries before giving up; 8 (about an hour of backoff)
	BatchSize    int           // messages claimed at once; 50
	PollInterval time.Duration // pause between polls when the outbox is drained; 2s
	SendTimeout  time.Duration // bound on one delivery; 1 minute
	// Lease is how long a claim holds its messages; a worker that dies mid-batch leaves them
	// to others when it ends. 10 minutes, and never less than twice SendTimeout. Leases are
	// reckoned by each replica's clock, so replicas' clocks must agree to well within it.
	Lease time.Duration
	// Now is the clock, injectable for tests; time.Now when nil.
	Now func() time.Time
}

const (
	defaultMaxAttempts = 8
	backoffBase        = 30 * time.Second
	backoffCap         = time.Hour
	maxErrorLen        = 1000
)

// Backoff is the base delay before retrying after the given number of failed attempts (1 for
// the first failure): 30s, 1m, 2m, 4m … at most 1h. The worker adds up to 10% jitter so that
// messages that failed together (a server outage) do not all retry together.
func Backoff(failures int) time.Duration {
	d := backoffBase
	for i := 1; i < failures && d < backoffCap; i++ {
		d *= 2
	}
	return min(d, backoffCap)
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return dbTime(w.Now())
	}
	return dbTime(time.Now())
}

func (w *Worker) batchSize() int   { return cmpOr(w.BatchSize, 50) }
func (w *Worker) maxAttempts() int { return cmpOr(w.MaxAttempts, defaultMaxAttempts) }
func (w *Worker) sendTimeout() time.Duration {
	return cmpOr(w.SendTimeout, time.Minute)
}
func (w *Worker) lease() time.Duration {
	return max(cmpOr(w.Lease, 10*time.Minute), 2*w.sendTimeout())
}

func cmpOr[T int | time.Duration](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

// Run delivers messages until ctx ends: a poll every PollInterval, and at once again while
// batches come back full. Errors are logged, not returned: a database that is briefly away
// must not stop the notifications for good.
func (w *Worker) Run(ctx context.Context) {
	log := logger(w.Logger)
	poll := cmpOr(w.PollInterval, 2*time.Second)
	for {
		_, claimed, err := w.runOnce(ctx)
		if err != nil && ctx.Err() == nil {
			log.ErrorContext(ctx, "notify: worker", "err", err)
		}
		if err == nil && claimed == w.batchSize() {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(poll):
		}
	}
}

// RunOnce claims one batch of due messages and tries to deliver each; it returns how many were
// sent. Delivery failures are recorded on the messages, not returned; the error is a database
// failure.
func (w *Worker) RunOnce(ctx context.Context) (sent int, err error) {
	sent, _, err = w.runOnce(ctx)
	return sent, err
}

// claimed is a message this worker holds.
type claimed struct {
	id                                 int64
	channel, recipient, template, lang string
	data                               string
	attempts                           int
	expired                            bool
}

// runOnce also reports how many messages it claimed, so Run knows whether more are waiting.
func (w *Worker) runOnce(ctx context.Context) (sent, n int, err error) {
	token, err := newToken()
	if err != nil {
		return 0, 0, err
	}
	now := w.now()
	leaseEnd := now.Add(w.lease())
	batch, err := w.claim(ctx, token, now, leaseEnd)
	if err != nil {
		return 0, 0, err
	}
	for i, m := range batch {
		// Stop while the lease still covers a whole delivery: past it, another worker may have
		// claimed the rest, and sending them here too would send them twice.
		if ctx.Err() != nil || w.now().Add(w.sendTimeout()).After(leaseEnd) {
			return sent, len(batch), w.release(ctx, token, batch[i:])
		}
		ok, err := w.deliver(ctx, token, m)
		if err != nil {
			return sent, len(batch), errors.Join(err, w.release(ctx, token, batch[i+1:]))
		}
		if ok {
			sent++
		}
	}
	return sent, len(batch), nil
}

// lockClause is the one difference between the engines. PostgreSQL replicas race for the same
// rows, so the claim locks the rows it picks and skips those another worker is claiming; SQLite
// has a single writer, so the UPDATE alone is atomic and needs no row locks.
func lockClause(e db.Engine) string {
	if e == db.Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// claim marks up to one batch of due messages as held by token until leaseEnd, in one short
// transaction, and returns them.
func (w *Worker) claim(ctx context.Context, token string, now, leaseEnd time.Time) ([]claimed, error) {
	var batch []claimed
	err := w.DB.InTx(ctx, func(tx *db.Tx) error {
		rows, err := tx.Query(ctx, `UPDATE outbox SET locked_until = ?, locked_by = ?
			WHERE id IN (SELECT id FROM outbox
				WHERE sent_at IS NULL AND failed_at IS NULL AND next_at <= ?
				AND (locked_until IS NULL OR locked_until <= ?)
				ORDER BY next_at, id LIMIT ?`+lockClause(tx.Engine())+`)
			RETURNING id, channel, recipient, template, lang, data, attempts,
				CASE WHEN expires_at IS NOT NULL AND expires_at <= ? THEN 1 ELSE 0 END`,
			leaseEnd, token, now, now, w.batchSize(), now)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				m       claimed
				expired int
			)
			if err := rows.Scan(&m.id, &m.channel, &m.recipient, &m.template, &m.lang, &m.data, &m.attempts, &expired); err != nil {
				return err
			}
			m.expired = expired == 1
			batch = append(batch, m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("notify: claim: %w", err)
	}
	// RETURNING promises no order; send the oldest first.
	slices.SortFunc(batch, func(a, b claimed) int { return cmp.Compare(a.id, b.id) })
	return batch, nil
}

// release gives back messages this worker claimed but did not try, without counting an attempt.
func (w *Worker) release(ctx context.Context, token string, rest []claimed) error {
	if len(rest) == 0 {
		return nil
	}
	ids := make([]any, 0, len(rest)+1)
	ids = append(ids, token)
	for _, m := range rest {
		ids = append(ids, m.id)
	}
	// Release even when ctx ended (shutdown), or the messages wait out the lease.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	_, err := w.DB.Exec(ctx, `UPDATE outbox SET locked_until = NULL, locked_by = NULL
		WHERE locked_by = ? AND id IN (?`+strings.Repeat(", ?", len(rest)-1)+`)`, ids...)
	if err != nil {
		return fmt.Errorf("notify: release: %w", err)
	}
	return nil
}

// deliver renders and sends one message and records the outcome. It reports whether the
// message was sent; the error is a failure to record.
func (w *Worker) deliver(ctx context.Context, token string, m claimed) (bool, error) {
	log := logger(w.Logger).With("outbox_id", m.id, "channel", m.channel, "template", m.template)
	var err error
	if m.expired {
		err = fmt.Errorf("%w: expired before it could be sent", ErrPermanent)
	} else {
		sctx, cancel := context.WithTimeout(ctx, w.sendTimeout())
		err = w.send(sctx, m)
		cancel()
	}
	if ctx.Err() != nil && err != nil {
		// Shutting down mid-send is not the message's fault: give it back untouched.
		return false, w.release(ctx, token, []claimed{m})
	}
	// Record even if ctx ends now: the send happened.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	now := w.now()
	if err == nil {
		res, dberr := w.DB.Exec(rctx, `UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = '',
			locked_until = NULL, locked_by = NULL WHERE id = ? AND locked_by = ?`, now, m.id, token)
		if dberr != nil {
			return true, fmt.Errorf("notify: record sent %d: %w", m.id, dberr)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			log.WarnContext(ctx, "notify: sent after the claim's lease ended; it may have been sent twice")
		}
		return true, nil
	}

	attempts := m.attempts + 1
	msg := err.Error()
	if len(msg) > maxErrorLen {
		msg = strings.ToValidUTF8(msg[:maxErrorLen], "")
	}
	var dberr error
	if errors.Is(err, ErrPermanent) || attempts >= w.maxAttempts() {
		log.ErrorContext(ctx, "notify: giving up", "attempts", attempts, "err", err)
		_, dberr = w.DB.Exec(rctx, `UPDATE outbox SET failed_at = ?, attempts = ?, last_error = ?,
			locked_until = NULL, locked_by = NULL WHERE id = ? AND locked_by = ?`, now, attempts, msg, m.id, token)
	} else {
		delay := Backoff(attempts)
		delay += mrand.N(delay/10 + 1)
		log.WarnContext(ctx, "notify: will retry", "attempts", attempts, "in", delay, "err", err)
		_, dberr = w.DB.Exec(rctx, `UPDATE outbox SET next_at = ?, attempts = ?, last_error = ?,
			locked_until = NULL, locked_by = NULL WHERE id = ? AND locked_by = ?`, dbTime(now.Add(delay)), attempts, msg, m.id, token)
	}
	if dberr != nil {
		return false, fmt.Errorf("notify: record failure %d: %w", m.id, dberr)
	}
	return false, nil
}

func (w *Worker) send(ctx context.Context, m claimed) error {
	data, err := decodeData(m.data)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrPermanent, err)
	}
	switch Channel(m.channel) {
	case Email:
		subject, body, err := Render(m.template, m.lang, data)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrPermanent, err)
		}
		if w.Mailer == nil {
			return errors.New("notify: no mailer configured")
		}
		return w.Mailer.Send(ctx, m.recipient, subject, body)
	case SMS:
		text, err := RenderSMS(m.template, m.lang, data)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrPermanent, err)
		}
		if w.SMS == nil {
			return errors.New("notify: no SMS sender configured")
		}
		return w.SMS.Send(ctx, m.recipient, text)
	}
	return fmt.Errorf("%w: unknown channel %q", ErrPermanent, m.channel)
}

// newToken names one claim, so a worker can only record results for messages it still holds.
func newToken() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/job"
)

// Kind is the job kind that delivers one notification; Enqueue adds one job of it per message.
const Kind = "notification"

// Sender delivers notifications: it is the handler of Kind on the job queue, which claims,
// leases, retries with backoff and gives up (the job is dead) after the kind's attempts.
type Sender struct {
	DB     *db.DB
	Mailer Mailer    // required for e-mail; LogMailer in development
	SMS    SMSSender // required for SMS; LogSMS in development
	Logger *slog.Logger
	// Now is the clock that decides whether a message expired, injectable for tests;
	// time.Now when nil.
	Now func() time.Time
}

// Kind is the job kind to register on the queue: eight attempts (about an hour of backoff),
// one minute per delivery.
func (s *Sender) Kind() job.Kind {
	return job.Kind{Name: Kind, Handle: s.Handle, MaxAttempts: 8, Timeout: time.Minute}
}

func (s *Sender) now() time.Time {
	if s.Now != nil {
		return dbTime(s.Now())
	}
	return dbTime(time.Now())
}

// Handle delivers the message of job j and records when it was sent. A message already sent
// (the job ran again after a replica died before recording its run) is not sent again.
func (s *Sender) Handle(ctx context.Context, j *job.Job) error {
	var (
		id                                 int64
		channel, recipient, template, lang string
		data                               string
		expired                            int
		sent                               bool
	)
	now := s.now()
	err := s.DB.QueryRow(ctx, `SELECT id, channel, recipient, template, lang, data,
		CASE WHEN expires_at IS NOT NULL AND expires_at <= ? THEN 1 ELSE 0 END, sent_at IS NOT NULL
		FROM outbox WHERE job_id = ?`, now, j.ID).Scan(&id, &channel, &recipient, &template, &lang, &data, &expired, &sent)
	if errors.Is(err, db.ErrNotFound) {
		return job.Permanent(fmt.Errorf("%w: no message for job %d (purged?)", ErrPermanent, j.ID))
	} else if err != nil {
		return fmt.Errorf("notify: load job %d: %w", j.ID, err)
	}
	if sent {
		return nil
	}
	if expired == 1 {
		return job.Permanent(fmt.Errorf("%w: expired before it could be sent", ErrPermanent))
	}
	if err := s.send(ctx, channel, recipient, template, lang, data); err != nil {
		if errors.Is(err, ErrPermanent) {
			return job.Permanent(err)
		}
		return err
	}
	// Record even if ctx ends now: the send happened.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if _, err := s.DB.Exec(rctx, `UPDATE outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL`, s.now(), id); err != nil {
		return fmt.Errorf("notify: record sent %d: %w", id, err)
	}
	return nil
}

func (s *Sender) send(ctx context.Context, channel, recipient, template, lang, raw string) error {
	data, err := decodeData(raw)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrPermanent, err)
	}
	switch Channel(channel) {
	case Email:
		subject, body, err := Render(template, lang, data)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrPermanent, err)
		}
		if s.Mailer == nil {
			return errors.New("notify: no mailer configured")
		}
		return s.Mailer.Send(ctx, recipient, subject, body)
	case SMS:
		text, err := RenderSMS(template, lang, data)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrPermanent, err)
		}
		if s.SMS == nil {
			return errors.New("notify: no SMS sender configured")
		}
		return s.SMS.Send(ctx, recipient, text)
	}
	return fmt.Errorf("%w: unknown channel %q", ErrPermanent, channel)
}

// Package refund carries out the ledger's refunds (issue 12: "refunds with their reason"). The
// ledger (internal/payment) records a refund pending, and for a VNPay payment queues a
// payment.RefundKind job: Job sends it to VNPay's refund API through a Gateway, retried by the
// queue while the gateway cannot be reached, records the answer as a ledger event and closes the
// refund done or rejected with VNPay's code. A VietQR refund is a bank transfer the accountant
// makes by hand and then marks done or rejected with a note (Close). Each closing is audited in
// its transaction, and a refund closes once.
package refund

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/vntext"
)

//go:embed messages
var messagesFS embed.FS

var msgs = i18n.MustLoad(messagesFS, "messages")

// Refund statuses (the refunds table's).
const (
	Pending  = "pending"
	Done     = "done"
	Rejected = "rejected"
)

// Order is one refund as the gateway is asked it.
type Order struct {
	PaymentID     string    // the paid attempt (VNPay's vnp_TxnRef)
	AmountVND     int64     // what goes back
	PaidVND       int64     // what the attempt paid: a smaller refund is partial
	TransactionNo string    // VNPay's number for the payment
	PaidCreatedAt time.Time // the attempt's creation (vnp_TransactionDate)
	CreateBy      string    // who asked (a login), or "motcua" for the ledger's own refunds
}

// Answer is the gateway's verified answer.
type Answer struct {
	Code  string // VNPay's vnp_ResponseCode
	Taken bool   // the gateway took the refund
	Raw   string // the answer as received, kept in the ledger
}

// Gateway sends a refund to the payment gateway (VNPay's refund API); the app adapts the VNPay
// client to it. An error means no answer (the queue asks again later).
type Gateway interface {
	Refund(ctx context.Context, o Order) (Answer, error)
}

// Store carries out refunds.
type Store struct {
	db  *db.DB
	pay *payment.Store
	now func() time.Time
}

// New returns the refunds' store over the ledger's.
func New(d *db.DB, pay *payment.Store) *Store { return &Store{db: d, pay: pay, now: time.Now} }

// WithClock returns a copy of s that reads the time from now, for tests.
func (s *Store) WithClock(now func() time.Time) *Store {
	c := *s
	c.now = now
	return &c
}

// Job is the kind that sends queued VNPay refunds through gw (nil: no gateway configured, the
// job fails and is retried, then waits among the dead for an administrator).
func (s *Store) Job(gw Gateway) job.Kind {
	return job.Kind{Name: payment.RefundKind, Timeout: time.Minute, Handle: func(ctx context.Context, j *job.Job) error {
		var args payment.RefundArgs
		if err := j.Decode(&args); err != nil || args.Payment == "" {
			return job.Permanent(fmt.Errorf("refund: bad arguments: %v", err))
		}
		return s.Send(ctx, gw, args.Payment)
	}}
}

// Send sends a payment's pending VNPay refund to gw and records the answer: the event in the
// ledger (source "query": the refund API is the query's endpoint) and the refund done (VNPay's
// 00, or 94, a refund of it asked before: a retry whose first answer was lost) or rejected,
// with the code. A closed refund, or one not by VNPay, is left alone.
func (s *Store) Send(ctx context.Context, gw Gateway, paymentID string) error {
	var o Order
	var method, status string
	var txnNo sql.NullString
	err := s.db.QueryRow(ctx, `SELECT p.method, p.amount_vnd, p.gateway_txn, p.created_at, f.amount_vnd, f.status,
		COALESCE(u.username, '') FROM refunds f JOIN payments p ON p.id = f.payment_id
		LEFT JOIN users u ON u.id = f.requested_by WHERE f.payment_id = ?`, paymentID).
		Scan(&method, &o.PaidVND, &txnNo, &o.PaidCreatedAt, &o.AmountVND, &status, &o.CreateBy)
	switch {
	case errors.Is(err, db.ErrNotFound):
		return job.Permanent(fmt.Errorf("refund: no refund of %s", paymentID))
	case err != nil:
		return err
	case status != Pending || method != payment.MethodVNPay:
		return nil
	case o.AmountVND > o.PaidVND:
		// Never asked of the gateway: a refund is at most what was paid.
		return job.Permanent(fmt.Errorf("refund: %s: %d đồng exceeds the %d paid", paymentID, o.AmountVND, o.PaidVND))
	case gw == nil:
		return errors.New("refund: no VNPay gateway configured")
	}
	o.PaymentID, o.TransactionNo = paymentID, txnNo.String
	if o.CreateBy == "" {
		o.CreateBy = "motcua"
	}
	a, err := gw.Refund(ctx, o)
	if err != nil {
		return fmt.Errorf("refund: %s: %w", paymentID, err) // retried with backoff
	}
	to := Rejected
	if a.Taken {
		to = Done
	}
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := payment.RecordEvent(ctx, tx, now, payment.SourceQuery, paymentID, true, "refund "+a.Code, a.Raw); err != nil {
			return err
		}
		n, err := s.close(ctx, tx, paymentID, to, a.Code, nil, now)
		if err != nil || n == 0 {
			return err // closed meanwhile: the event alone is kept
		}
		return audit.Append(ctx, tx, audit.Entry{Action: "payment.refund_" + to, Object: paymentID,
			Detail: map[string]any{"amount_vnd": o.AmountVND, "response_code": a.Code, "source": "vnpay"}})
	})
}

// close moves a pending refund to status to, once; it returns how many rows moved.
func (s *Store) close(ctx context.Context, tx *db.Tx, paymentID, to, outcome string, by any, now time.Time) (int64, error) {
	res, err := tx.Exec(ctx, `UPDATE refunds SET status = ?, outcome = ?, closed_by = ?, done_at = ?
		WHERE payment_id = ? AND status = 'pending'`, to, outcome, by, now, paymentID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// CloseInput is the accountant's word on a VietQR refund.
type CloseInput struct {
	Status string `json:"status"` // done: the money was transferred back; rejected: it will not be
	Note   string `json:"note"`   // e.g. the bank's reference of the transfer, or why not
}

var (
	errNotFound  = apperr.NotFound("refund", msgs.Text("refund_not_found"))
	errClosed    = apperr.New(apperr.KindConflict, "refund_closed", msgs.Text("refund_closed"))
	errByGateway = apperr.New(apperr.KindConflict, "refund_by_gateway", msgs.Text("refund_by_gateway"))
)

// Close marks a payment's pending VietQR refund done or rejected with a note, for whoever keeps
// the accounts of its agency (payment.Store.AccountPayment decides), audited. A refund closes
// once (409 refund_closed); a VNPay refund is closed by VNPay's answer only (409).
func (s *Store) Close(ctx context.Context, actor *org.User, paymentID string, in CloseInput) (*payment.Refund, error) {
	in.Note = strings.TrimSpace(vntext.NFC(in.Note))
	var fields []apperr.FieldError
	if in.Status != Done && in.Status != Rejected {
		fields = append(fields, apperr.Field("status", msgs.Text("close_must_be")))
	}
	if in.Note == "" || utf8.RuneCountInString(in.Note) > payment.MaxNote {
		fields = append(fields, apperr.Field("note", msgs.Text("note_required", payment.MaxNote)))
	}
	if len(fields) > 0 {
		return nil, apperr.Invalid("invalid_close", msgs.Text("invalid_close"), fields...)
	}
	d, err := s.pay.AccountPayment(ctx, actor, paymentID)
	if err != nil {
		return nil, err
	}
	if len(d.Refunds) == 0 {
		return nil, errNotFound
	}
	if d.Method == payment.MethodVNPay {
		return nil, errByGateway
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		n, err := s.close(ctx, tx, paymentID, in.Status, in.Note, actor.ID, s.now())
		if err != nil {
			return err
		}
		if n == 0 {
			return errClosed
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: actor.ID, Actor: actor.Username, Action: "payment.refund_" + in.Status,
			Object: paymentID, Detail: map[string]any{"amount_vnd": d.Refunds[0].AmountVND, "note": in.Note, "source": "manual"}})
	})
	if err != nil {
		return nil, err
	}
	rs, err := s.pay.Refunds(ctx, paymentID)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	return &rs[0], nil
}

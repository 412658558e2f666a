package payment

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vnpay"
)

// Sources of ledger events.
const (
	SourceIPN    = "ipn"
	SourceReturn = "return"
	SourceQuery  = "query"
)

// maxEventData bounds what an event keeps of a query string or a gateway's answer.
const maxEventData = 4000

// Result is what the gateway says of an attempt, from a verified IPN or a transaction query.
type Result struct {
	Paid bool
	// Pending: the gateway has not finished (vnpay.Payment.Pending); the event is recorded and
	// the attempt waits. Suspected: its debit is held as suspected fraud, for review.
	Pending, Suspected bool
	AmountVND          int64
	TransactionNo      string
	BankCode           string
	ResponseCode       string
}

// event appends one row to the ledger of gateway events.
func event(ctx context.Context, q db.Querier, at time.Time, source, paymentID string, verified bool, outcome, data string) error {
	if len(paymentID) > vnpay.MaxTxnRef {
		paymentID = paymentID[:vnpay.MaxTxnRef]
	}
	if len(data) > maxEventData {
		data = data[:maxEventData]
	}
	v := 0
	if verified {
		v = 1
	}
	_, err := q.Exec(ctx, `INSERT INTO payment_events (at, source, payment_id, verified, outcome, data) VALUES (?, ?, ?, ?, ?, ?)`,
		at, source, paymentID, v, outcome, data)
	return err
}

// RecordEvent appends one gateway event to the ledger inside tx (the refund job's answers).
func RecordEvent(ctx context.Context, tx *db.Tx, at time.Time, source, paymentID string, verified bool, outcome, data string) error {
	return event(ctx, tx, at, source, paymentID, verified, outcome, data)
}

// settle records the gateway's result for attempt id inside tx, once: the attempt, its event,
// its invoice, the payee's Paid and the audit entry. A paid attempt is vnpay.ErrAlreadyConfirmed
// whatever the result says, and so is a failed one unless the result is a success: the money
// moved after all (a reordered or corrected notification), so the attempt becomes paid. A
// pending result records the event only. A successful attempt of an invoice that another attempt
// paid (or that was cancelled) is recorded, not counted, and queued for refund and review.
func (s *Store) settle(ctx context.Context, tx *db.Tx, id string, r Result, source, outcome, data string) error {
	a, err := s.attempt(ctx, tx, id, tx.ForUpdate())
	if err != nil {
		return err
	}
	if a.Status == StatusPaid || a.Status == StatusFailed && !r.Paid {
		return vnpay.ErrAlreadyConfirmed
	}
	now := s.now()
	if err := event(ctx, tx, now, source, id, true, outcome, data); err != nil {
		return err
	}
	if r.Pending {
		if r.Suspected {
			return s.openReview(ctx, tx, "gateway_mismatch", a, fmt.Sprintf(
				"Cổng thanh toán tạm giữ giao dịch %s (mã 07, nghi ngờ gian lận): tiền đã bị trừ, chờ xác nhận hoặc từ chối.", id), now)
		}
		return nil
	}
	// The invoice is read under its lock first, so that the attempt's one update also says
	// whether it is the one that pays the invoice.
	inv, err := s.invoice(ctx, tx, a.InvoiceID, tx.ForUpdate())
	if err != nil {
		return err
	}
	to, counted, from := StatusFailed, 0, `'pending', 'expired'`
	if r.Paid {
		to, from = StatusPaid, `'pending', 'expired', 'failed'`
		if inv.Status == InvoiceUnpaid {
			counted = 1
		}
	}
	res, err := tx.Exec(ctx, `UPDATE payments SET status = ?, counted = ?, settled_at = ?, gateway_txn = ?, bank_code = ?,
		response_code = ? WHERE id = ? AND status IN (`+from+`)`, to, counted, now, r.TransactionNo, r.BankCode,
		r.ResponseCode, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return vnpay.ErrAlreadyConfirmed
	}
	entry := audit.Entry{Action: "payment." + to, Object: id, Detail: map[string]any{"invoice": a.InvoiceID,
		"amount_vnd": a.AmountVND, "source": source, "transaction_no": r.TransactionNo, "response_code": r.ResponseCode}}
	if !r.Paid {
		return audit.Append(ctx, tx, entry)
	}
	if counted == 0 {
		// Money taken twice (or for a cancelled invoice): give it back.
		reason := fmt.Sprintf("Hóa đơn %s đã được thanh toán bởi giao dịch %s; giao dịch %s thu trùng.", inv.ID, inv.PaymentID, id)
		if inv.Status == InvoiceCancelled {
			reason = fmt.Sprintf("Hóa đơn %s đã bị hủy; giao dịch %s cần hoàn tiền.", inv.ID, id)
		}
		if err := insertRefund(ctx, tx, a, reason, nil, now); err != nil {
			return err
		}
		if err := s.openReview(ctx, tx, "duplicate", a, reason, now); err != nil {
			return err
		}
		entry.Action, entry.Detail["refund_reason"] = "payment.duplicate", reason
		return audit.Append(ctx, tx, entry)
	}
	if err := trackFee(ctx, tx, inv, func() error {
		_, err := tx.Exec(ctx, `UPDATE invoices SET status = 'paid', paid_at = ?, payment_id = ? WHERE id = ? AND status = 'unpaid'`,
			now, id, inv.ID)
		return err
	}); err != nil {
		return err
	}
	p := s.payablesOf(inv.Kind)
	if p == nil {
		return fmt.Errorf("payment: no payables of kind %q for invoice %s", inv.Kind, inv.ID)
	}
	if err := p.Paid(ctx, tx, inv.Ref, id, now); err != nil {
		return err
	}
	if err := s.numberReceipt(ctx, tx, inv, id, now); err != nil {
		return err
	}
	return audit.Append(ctx, tx, entry)
}

// IPN answers VNPay's server-to-server notification in VNPay's order of checks (97, 01, 04, 02,
// 00; 99), recording it in the ledger whatever the answer: a result that moves money is written
// with its event in one transaction; a refused one is written with the reply given.
func (s *Store) IPN(ctx context.Context, q url.Values) vnpay.Reply {
	if s.merchant == nil {
		return vnpay.ReplyUnknownError
	}
	p, verr := s.merchant.VerifyIPN(q)
	l := &ipnLedger{s: s, data: q.Encode()}
	reply := vnpay.Answer(ctx, p, verr, l)
	if l.recorded {
		return reply
	}
	ref := p.TxnRef
	if verr != nil {
		ref = q.Get("vnp_TxnRef")
	}
	if err := event(ctx, s.db, s.now(), SourceIPN, ref, verr == nil, reply.RspCode, l.data); err != nil {
		return vnpay.ReplyUnknownError // unrecorded: let VNPay try again
	}
	if verr == nil && reply == vnpay.ReplyAlreadyConfirmed && p.TransactionStatus == "04" {
		if err := s.reversed(ctx, p.TxnRef); err != nil {
			return vnpay.ReplyUnknownError
		}
	}
	return reply
}

// reversed asks an accountant to review a paid attempt that VNPay then reports reversed
// (vnp_TransactionStatus 04: the bank gives the money back), since the invoice is counted paid
// with money the agency will not receive. Reversals of attempts not paid are plain failures.
func (s *Store) reversed(ctx context.Context, id string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := s.attempt(ctx, tx, id, tx.ForUpdate())
		if err != nil || a.Status != StatusPaid {
			return err
		}
		return s.openReview(ctx, tx, "gateway_mismatch", a, fmt.Sprintf(
			"Cổng thanh toán báo giao dịch %s bị đảo (mã 04) sau khi đã ghi nhận thanh toán thành công.", id), s.now())
	})
}

// ipnLedger is the vnpay.Ledger over the payments table.
type ipnLedger struct {
	s        *Store
	data     string
	recorded bool
}

func (l *ipnLedger) Order(ctx context.Context, txnRef string) (vnpay.OrderState, error) {
	var amount int64
	var status string
	err := l.s.db.QueryRow(ctx, `SELECT amount_vnd, status FROM payments WHERE id = ? AND method = 'vnpay'`, txnRef).Scan(&amount, &status)
	if errors.Is(err, db.ErrNotFound) {
		return vnpay.OrderState{}, vnpay.ErrOrderNotFound
	}
	if err != nil {
		return vnpay.OrderState{}, err
	}
	return vnpay.OrderState{AmountVND: amount, Paid: status == StatusPaid, Failed: status == StatusFailed}, nil
}

func (l *ipnLedger) Record(ctx context.Context, p vnpay.Payment) error {
	err := l.s.db.InTx(ctx, func(tx *db.Tx) error {
		return l.s.settle(ctx, tx, p.TxnRef, Result{Paid: p.Paid(), Pending: p.Pending(), Suspected: p.Suspected(),
			AmountVND: p.AmountVND, TransactionNo: p.TransactionNo,
			BankCode: p.BankCode, ResponseCode: p.ResponseCode}, SourceIPN, vnpay.ReplyConfirmed.RspCode, l.data)
	})
	if err == nil {
		l.recorded = true
	}
	return err
}

var errBadReturn = apperr.New(apperr.KindInvalid, "invalid_signature", msgs.Text("invalid_return"))

// Return reads the query the payer's browser brings back from VNPay, records the visit, and
// returns the attempt as the ledger knows it: the URL's own result is never trusted.
func (s *Store) Return(ctx context.Context, actor *org.User, q url.Values) (*Attempt, error) {
	if s.merchant == nil {
		return nil, errPaymentNotFound
	}
	p, verr := s.merchant.VerifyReturn(q)
	ref := p.TxnRef
	if verr != nil {
		ref = q.Get("vnp_TxnRef")
	}
	if err := event(ctx, s.db, s.now(), SourceReturn, ref, verr == nil, p.ResponseCode, q.Encode()); err != nil {
		return nil, err
	}
	if verr != nil {
		return nil, errBadReturn
	}
	return s.Payment(ctx, actor, p.TxnRef)
}

// Event is one row of the ledger of gateway events.
type Event struct {
	ID        int64
	At        time.Time
	Source    string
	PaymentID string
	Verified  bool
	Outcome   string
	Data      string
}

// Events lists the ledger's events about one attempt id (as the events named it), oldest first.
func (s *Store) Events(ctx context.Context, paymentID string) ([]Event, error) {
	rows, err := s.db.Query(ctx, `SELECT id, at, source, payment_id, verified, outcome, data FROM payment_events
		WHERE payment_id = ? ORDER BY id`, paymentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var v int
		if err := rows.Scan(&e.ID, &e.At, &e.Source, &e.PaymentID, &v, &e.Outcome, &e.Data); err != nil {
			return nil, err
		}
		e.Verified, e.At = v == 1, local(e.At)
		out = append(out, e)
	}
	return out, rows.Err()
}

// openReview opens a review of kind about attempt a in tx, unless one is open already.
func (s *Store) openReview(ctx context.Context, tx *db.Tx, kind string, a *Attempt, detail string, now time.Time) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM payment_reviews WHERE kind = ? AND payment_id = ? AND resolved_at IS NULL`,
		kind, a.ID).Scan(&n); err != nil || n > 0 {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO payment_reviews (kind, payment_id, invoice_id, detail, created_at) VALUES (?, ?, ?, ?, ?)`,
		kind, a.ID, a.InvoiceID, detail, now)
	return err
}

package payment

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vnpay"
	"github.com/motcua/motcua/internal/vntext"
)

// How an accountant resolves a review.
const (
	ResolveAccept = "accept" // the money pays the invoice
	ResolveRefund = "refund" // the money goes back to the payer
	ResolveIgnore = "ignore" // nothing to do (a test transfer, a difference explained)
)

// MaxNote bounds a resolution's note and a refund's reason.
const MaxNote = 500

var (
	errReviewNotFound = apperr.NotFound("review", msgs.Text("review_not_found"))
	errReviewResolved = apperr.New(apperr.KindConflict, "review_resolved", msgs.Text("review_resolved"))
)

// Review is one item of the accountant's review queue.
type Review struct {
	ID         int64      `json:"id"`
	Kind       string     `json:"kind"` // duplicate | amount_mismatch | unmatched | gateway_mismatch
	AgencyCode string     `json:"agency,omitempty"`
	PaymentID  string     `json:"payment_id,omitempty"`
	InvoiceID  string     `json:"invoice_id,omitempty"`
	Detail     string     `json:"detail"`
	Credit     *Credit    `json:"credit,omitempty"` // the bank's credit it is about
	CreatedAt  time.Time  `json:"created_at"`
	ResolvedAt *time.Time `json:"resolved_at,omitempty"`
	ResolvedBy string     `json:"resolved_by,omitempty"`
	Resolution string     `json:"resolution,omitempty"`
	Note       string     `json:"note,omitempty"`
}

const reviewFrom = ` FROM payment_reviews r LEFT JOIN invoices i ON i.id = r.invoice_id
	LEFT JOIN agencies ag ON ag.id = COALESCE(r.agency_id, i.agency_id) LEFT JOIN bank_credits c ON c.id = r.credit_id
	LEFT JOIN users u ON u.id = r.resolved_by`

const reviewCols = `r.id, r.kind, COALESCE(ag.code, ''), COALESCE(ag.id, 0), r.payment_id, r.invoice_id, r.detail, r.created_at,
	r.resolved_at, COALESCE(u.username, ''), r.resolution, r.note, COALESCE(c.bank_txn, ''), c.booked_at, COALESCE(c.amount_vnd, 0),
	COALESCE(c.description, '')`

func scanReview(sc interface{ Scan(...any) error }) (*Review, int64, error) {
	var r Review
	var agencyID int64
	var resolved, booked sql.NullTime
	var c Credit
	if err := sc.Scan(&r.ID, &r.Kind, &r.AgencyCode, &agencyID, &r.PaymentID, &r.InvoiceID, &r.Detail, &r.CreatedAt, &resolved,
		&r.ResolvedBy, &r.Resolution, &r.Note, &c.BankTxn, &booked, &c.AmountVND, &c.Description); err != nil {
		return nil, 0, err
	}
	r.CreatedAt, r.ResolvedAt = local(r.CreatedAt), nil
	if resolved.Valid {
		r.ResolvedAt = localp(&resolved.Time)
	}
	if booked.Valid {
		c.BookedAt = local(booked.Time)
		r.Credit = &c
	}
	return &r, agencyID, nil
}

// Reviews lists the review queue of an agency (an administrator: agencyCode, or every agency
// and the bills when empty; an accountant: their own), open ones or resolved ones, newest first.
func (s *Store) Reviews(ctx context.Context, actor *org.User, agencyCode string, resolved bool, limit int) ([]Review, error) {
	if err := mayAccountAny(actor); err != nil {
		return nil, err
	}
	where, args := ` WHERE r.resolved_at IS NULL`, []any{}
	if resolved {
		where = ` WHERE r.resolved_at IS NOT NULL`
	}
	if !actor.IsAdmin() || agencyCode != "" {
		ag, err := s.accountsOf(ctx, actor, agencyCode)
		if err != nil {
			return nil, err
		}
		where += ` AND COALESCE(r.agency_id, i.agency_id) = ?`
		args = append(args, ag.ID)
	}
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	rows, err := s.db.Query(ctx, `SELECT `+reviewCols+reviewFrom+where+` ORDER BY r.created_at DESC, r.id DESC LIMIT ?`,
		append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Review{}
	for rows.Next() {
		r, _, err := scanReview(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// ReviewByID returns one review to whoever keeps its agency's accounts.
func (s *Store) ReviewByID(ctx context.Context, actor *org.User, id int64) (*Review, error) {
	r, _, err := s.review(ctx, s.db, actor, id, "")
	return r, err
}

func (s *Store) review(ctx context.Context, q db.Querier, actor *org.User, id int64, lock string) (*Review, int64, error) {
	if actor == nil {
		return nil, 0, org.ErrUnauthenticated
	}
	r, agencyID, err := scanReview(q.QueryRow(ctx, `SELECT `+reviewCols+reviewFrom+` WHERE r.id = ?`+lock, id))
	if errors.Is(err, db.ErrNotFound) {
		return nil, 0, errReviewNotFound
	}
	if err != nil {
		return nil, 0, err
	}
	if !MayAccount(actor, agencyID) {
		return nil, 0, errReviewNotFound // another agency's queue does not exist for the caller
	}
	return r, agencyID, nil
}

// Resolution is how an accountant resolves a review.
type Resolution struct {
	Resolution string `json:"resolution"`        // accept | refund | ignore
	Note       string `json:"note"`              // why; required
	Invoice    string `json:"invoice,omitempty"` // accept: the invoice an unmatched credit pays
}

// Resolve resolves an open review, audited, in one transaction: accept makes the credit pay the
// invoice through the ledger's settlement (the review's invoice, or the one given for a credit
// whose reference was lost), or settles the attempt the gateway reported; refund records the
// refund of the attempt with the note as its reason (an unmatched credit with no attempt is
// given back by the accountant's own transfer, recorded on the review); ignore only closes it.
func (s *Store) Resolve(ctx context.Context, actor *org.User, id int64, in Resolution) (*Review, error) {
	in.Note, in.Invoice = strings.TrimSpace(vntext.NFC(in.Note)), strings.TrimSpace(in.Invoice)
	var fe apperr.Fields
	if in.Resolution != ResolveAccept && in.Resolution != ResolveRefund && in.Resolution != ResolveIgnore {
		fe.Add("resolution", msgs.Text("resolution_must_be"))
	}
	if in.Note == "" || utf8.RuneCountInString(in.Note) > MaxNote {
		fe.Add("note", msgs.Text("note_required", MaxNote))
	}
	if err := fe.Err("invalid_resolution", msgs.Text("invalid_resolution")); err != nil {
		return nil, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, agencyID, err := s.review(ctx, tx, actor, id, "")
		if err != nil {
			return err
		}
		if r.ResolvedAt != nil {
			return errReviewResolved
		}
		res, err := tx.Exec(ctx, `UPDATE payment_reviews SET resolved_at = ?, resolved_by = ?, resolution = ?, note = ?
			WHERE id = ? AND resolved_at IS NULL`, s.now(), actor.ID, in.Resolution, in.Note, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errReviewResolved
		}
		detail := map[string]any{"resolution": in.Resolution, "note": in.Note, "kind": r.Kind}
		switch in.Resolution {
		case ResolveAccept:
			paid, err := s.accept(ctx, tx, r, agencyID, in)
			if err != nil {
				return err
			}
			detail["payment"] = paid
		case ResolveRefund:
			// The attempt's own refund when its money is what is given back (a second payment of
			// an invoice); a credit that paid nothing goes back by the accountant's transfer,
			// recorded here, and never refunds the attempt an earlier credit paid.
			if r.PaymentID == "" {
				break
			}
			a, err := s.attempt(ctx, tx, r.PaymentID, "")
			if err != nil {
				return err
			}
			if a.Status == StatusPaid && (!a.Counted || r.Credit == nil) {
				if err := s.refund(ctx, tx, actor, r.PaymentID, in.Note); err != nil {
					return err
				}
				detail["refund_of"] = a.ID
			}
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: actor.ID, Actor: actor.Username, Action: "payment.review_resolve",
			Object: fmt.Sprint(id), Detail: detail})
	})
	if err != nil {
		return nil, err
	}
	return s.ReviewByID(ctx, actor, id)
}

var errAcceptNeedsInvoice = apperr.Invalid("invalid_resolution", msgs.Text("invalid_resolution"),
	apperr.Field("invoice", msgs.Text("accept_needs_invoice")))

// accept makes a review's money count, returning the attempt that paid.
func (s *Store) accept(ctx context.Context, tx *db.Tx, r *Review, agencyID int64, in Resolution) (string, error) {
	if r.Credit == nil {
		// A gateway's report (VNPay): its attempt, still pending or expired, is settled as paid.
		if r.PaymentID == "" {
			return "", errAcceptNeedsInvoice
		}
		a, err := s.attempt(ctx, tx, r.PaymentID, "")
		if err != nil {
			return "", err
		}
		err = s.settle(ctx, tx, a.ID, Result{Paid: true, AmountVND: a.AmountVND, ResponseCode: "00"}, SourceReconcile, "accepted", in.Note)
		if errors.Is(err, vnpay.ErrAlreadyConfirmed) {
			return "", errReviewResolved
		}
		return a.ID, err
	}
	invID := in.Invoice
	if invID == "" {
		invID = r.InvoiceID
	}
	if invID == "" {
		return "", errAcceptNeedsInvoice
	}
	inv, err := s.invoice(ctx, tx, invID, tx.ForUpdate())
	if err != nil {
		return "", err
	}
	if inv.AgencyID != agencyID {
		return "", errInvoiceNotFound
	}
	if inv.Status != InvoiceUnpaid {
		return "", errInvoicePaid
	}
	if r.Credit.AmountVND < inv.AmountVND {
		return "", apperr.Invalid("invalid_resolution", msgs.Text("invalid_resolution"),
			apperr.Field("invoice", msgs.Text("accept_short", vntext.Thousands(r.Credit.AmountVND), vntext.Thousands(inv.AmountVND))))
	}
	// A new VietQR attempt for the credit, settled through the one settlement path.
	now := s.now()
	id := newRef("TT")
	if _, err := tx.Exec(ctx, `INSERT INTO payments (id, invoice_id, method, amount_vnd, payer_id, status, created_at, expires_at)
		VALUES (?, ?, 'vietqr', ?, ?, 'pending', ?, ?)`, id, inv.ID, inv.AmountVND, nullID(inv.PayerID), now, now); err != nil {
		return "", err
	}
	if err := s.settle(ctx, tx, id, Result{Paid: true, AmountVND: inv.AmountVND, TransactionNo: r.Credit.BankTxn, ResponseCode: "00"},
		SourceStatement, "accepted", in.Note); err != nil {
		return "", err
	}
	if _, err := tx.Exec(ctx, `UPDATE bank_credits SET outcome = 'settled', payment_id = ? WHERE agency_id = ? AND bank_txn = ?`,
		id, agencyID, r.Credit.BankTxn); err != nil {
		return "", err
	}
	if surplus := r.Credit.AmountVND - inv.AmountVND; surplus > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO refunds (payment_id, amount_vnd, reason, status, created_at) VALUES (?, ?, ?, 'pending', ?)`,
			id, surplus, msgs.Text("surplus_refund", vntext.Thousands(surplus))[0], now); err != nil {
			return "", err
		}
	}
	return id, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Refund is money given back for an attempt, with its reason.
type Refund struct {
	ID          int64      `json:"id"`
	PaymentID   string     `json:"payment_id"`
	AmountVND   int64      `json:"amount_vnd"`
	Reason      string     `json:"reason"`
	Status      string     `json:"status"` // pending: asked (of VNPay's refund API, or the accountant's transfer); done; rejected
	RequestedBy string     `json:"requested_by,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	DoneAt      *time.Time `json:"done_at,omitempty"` // when it was closed, done or rejected
	Outcome     string     `json:"outcome,omitempty"` // VNPay's answer code, or the accountant's note
	ClosedBy    string     `json:"closed_by,omitempty"`
}

// RefundKind is the job that sends a VNPay refund to VNPay's refund API (internal/payment/refund
// handles it); one is queued with each VNPay refund recorded.
const RefundKind = "payment-refund"

// RefundArgs are a RefundKind job's arguments.
type RefundArgs struct {
	Payment string `json:"payment"`
}

// insertRefund records the refund of attempt a inside tx, and for VNPay queues its request to
// the gateway (a VietQR refund is the accountant's transfer, marked by hand).
func insertRefund(ctx context.Context, tx *db.Tx, a *Attempt, reason string, by any, now time.Time) error {
	if _, err := tx.Exec(ctx, `INSERT INTO refunds (payment_id, amount_vnd, reason, status, created_at, requested_by)
		VALUES (?, ?, ?, 'pending', ?, ?)`, a.ID, a.AmountVND, reason, now, by); err != nil {
		return err
	}
	if a.Method != MethodVNPay {
		return nil
	}
	_, err := job.Enqueue(ctx, tx, RefundKind, RefundArgs{Payment: a.ID})
	return err
}

// RefundInput asks for a refund of a paid attempt.
type RefundInput struct {
	Reason string `json:"reason"`
}

// RequestRefund records the refund of a paid attempt with its reason, audited: for VNPay it is
// the request to VNPay's refund API (a RefundKind job sends it), for VietQR the accountant's
// transfer back, marked done by hand (refund.Store.Close). The attempt that paid an invoice leaves it refunded.
func (s *Store) RequestRefund(ctx context.Context, actor *org.User, paymentID string, in RefundInput) (*Refund, error) {
	in.Reason = strings.TrimSpace(vntext.NFC(in.Reason))
	if in.Reason == "" || utf8.RuneCountInString(in.Reason) > MaxNote {
		return nil, apperr.Invalid("invalid_refund", msgs.Text("invalid_refund"), apperr.Field("reason", msgs.Text("note_required", MaxNote)))
	}
	if _, err := s.AccountPayment(ctx, actor, paymentID); err != nil {
		return nil, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.refund(ctx, tx, actor, paymentID, in.Reason); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: actor.ID, Actor: actor.Username, Action: "payment.refund",
			Object: paymentID, Detail: map[string]any{"reason": in.Reason}})
	})
	if err != nil {
		return nil, err
	}
	rs, err := s.Refunds(ctx, paymentID)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	return &rs[0], nil
}

var errNotPaid = apperr.New(apperr.KindConflict, "payment_not_paid", msgs.Text("payment_not_paid"))

// refund records, inside tx, the refund of a paid attempt (once: a refund the ledger queued
// itself gains who asked and why).
func (s *Store) refund(ctx context.Context, tx *db.Tx, actor *org.User, paymentID, reason string) error {
	a, err := s.attempt(ctx, tx, paymentID, tx.ForUpdate())
	if err != nil {
		return err
	}
	if a.Status != StatusPaid {
		return errNotPaid
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM refunds WHERE payment_id = ?`, paymentID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		_, err = tx.Exec(ctx, `UPDATE refunds SET requested_by = ?, reason = reason || ' — ' || ? WHERE payment_id = ?`,
			actor.ID, reason, paymentID)
		return err
	}
	if err := insertRefund(ctx, tx, a, reason, actor.ID, s.now()); err != nil {
		return err
	}
	if a.Counted {
		// Not through trackFee: a refunded fee still counts as paid online.
		_, err = tx.Exec(ctx, `UPDATE invoices SET status = 'refunded' WHERE id = ? AND payment_id = ?`, a.InvoiceID, a.ID)
	}
	return err
}

// Refunds lists an attempt's refunds.
func (s *Store) Refunds(ctx context.Context, paymentID string) ([]Refund, error) {
	rows, err := s.db.Query(ctx, `SELECT f.id, f.payment_id, f.amount_vnd, f.reason, f.status, COALESCE(u.username, ''), f.created_at,
		f.done_at, f.outcome, COALESCE(c.username, '') FROM refunds f LEFT JOIN users u ON u.id = f.requested_by
		LEFT JOIN users c ON c.id = f.closed_by WHERE f.payment_id = ? ORDER BY f.id`, paymentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Refund{}
	for rows.Next() {
		var f Refund
		var done sql.NullTime
		if err := rows.Scan(&f.ID, &f.PaymentID, &f.AmountVND, &f.Reason, &f.Status, &f.RequestedBy, &f.CreatedAt, &done,
			&f.Outcome, &f.ClosedBy); err != nil {
			return nil, err
		}
		f.CreatedAt = local(f.CreatedAt)
		if done.Valid {
			f.DoneAt = localp(&done.Time)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// PaymentDetail is an attempt as its agency's accountant sees it: with its ledger events and
// refunds.
type PaymentDetail struct {
	Attempt
	AgencyCode string
	Events     []Event
	Refunds    []Refund
}

// AccountPayment returns an attempt, its events and refunds to whoever keeps the accounts of
// its invoice's agency (an administrator for bills); others: not found.
func (s *Store) AccountPayment(ctx context.Context, actor *org.User, id string) (*PaymentDetail, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	a, err := s.attempt(ctx, s.db, id, "")
	if err != nil {
		return nil, err
	}
	var agencyID int64
	var code string
	if err := s.db.QueryRow(ctx, `SELECT COALESCE(i.agency_id, 0), COALESCE(ag.code, '') FROM invoices i
		LEFT JOIN agencies ag ON ag.id = i.agency_id WHERE i.id = ?`, a.InvoiceID).Scan(&agencyID, &code); err != nil {
		return nil, err
	}
	if !MayAccount(actor, agencyID) && !actor.IsAdmin() {
		return nil, errPaymentNotFound
	}
	d := &PaymentDetail{Attempt: *a, AgencyCode: code}
	if d.Events, err = s.Events(ctx, id); err != nil {
		return nil, err
	}
	if d.Refunds, err = s.Refunds(ctx, id); err != nil {
		return nil, err
	}
	return d, nil
}

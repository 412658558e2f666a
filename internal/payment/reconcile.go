package payment

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/vnpay"
)

// Gateway asks the payment gateway what became of an attempt (VNPay's transaction query,
// querydr); the app adapts the VNPay client to it.
type Gateway interface {
	Query(ctx context.Context, a Attempt) (GatewayResult, error)
}

// What a gateway's query says of an attempt.
const (
	GatewayPaid    = "paid"    // the money was taken
	GatewayFailed  = "failed"  // the payment failed or was cancelled
	GatewayPending = "pending" // not finished, or unknown to the gateway
)

// GatewayResult is a gateway's answer about one attempt.
type GatewayResult struct {
	Status        string // GatewayPaid, GatewayFailed or GatewayPending
	AmountVND     int64
	TransactionNo string
	BankCode      string
	ResponseCode  string
	Raw           string // the answer as received, kept in the ledger
}

// ReconcileReport counts what a reconciliation run did.
type ReconcileReport struct {
	Checked, Paid, Failed, Expired, Mismatched, Errors int
}

// ReconcileKind is the name of the periodic reconciliation job.
const ReconcileKind = "payment-reconcile"

// ReconcileEvery is how often the reconciliation runs.
const ReconcileEvery = 5 * time.Minute

// Job is the periodic job kind that reconciles pending attempts with gw.
func (s *Store) Job(gw Gateway) job.Kind {
	return job.Kind{Name: ReconcileKind, Every: ReconcileEvery, Timeout: 4 * time.Minute, MaxAttempts: 1,
		Handle: func(ctx context.Context, _ *job.Job) error {
			_, err := s.Reconcile(ctx, gw)
			return err
		}}
}

// Reconcile settles or expires what is left pending, so nothing stays in limbo: each pending
// VNPay attempt is asked of the gateway; paid ones are settled as an IPN would (event source
// "query": the repair of a confirmation the IPN never delivered), failed ones fail, and
// unfinished ones past their expiry expire. A gateway error leaves the attempt pending for the
// next run. VietQR attempts past expiry expire (a late transfer still settles an expired one).
func (s *Store) Reconcile(ctx context.Context, gw Gateway) (ReconcileReport, error) {
	var rep ReconcileReport
	rows, err := s.db.Query(ctx, `SELECT p.id FROM payments p WHERE p.status = 'pending' ORDER BY p.created_at LIMIT 1000`)
	if err != nil {
		return rep, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return rep, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		a, err := s.attempt(ctx, s.db, id, "")
		if err != nil {
			return rep, err
		}
		rep.Checked++
		if err := s.reconcileOne(ctx, gw, a, &rep); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

func (s *Store) reconcileOne(ctx context.Context, gw Gateway, a *Attempt, rep *ReconcileReport) error {
	now := s.now()
	r := GatewayResult{Status: GatewayPending}
	if a.Method == MethodVNPay {
		if gw == nil {
			rep.Errors++
			return nil
		}
		var err error
		if r, err = gw.Query(ctx, *a); err != nil {
			rep.Errors++ // gateway down: stays pending for the next run
			return nil
		}
	}
	var err error
	switch r.Status {
	case GatewayPaid, GatewayFailed:
		paid := r.Status == GatewayPaid
		if paid && r.AmountVND != a.AmountVND {
			rep.Mismatched++
			return s.mismatch(ctx, a, r, now)
		}
		err = s.db.InTx(ctx, func(tx *db.Tx) error {
			return s.settle(ctx, tx, a.ID, Result{Paid: paid, AmountVND: r.AmountVND, TransactionNo: r.TransactionNo,
				BankCode: r.BankCode, ResponseCode: r.ResponseCode}, SourceQuery, r.Status, r.Raw)
		})
		switch {
		case errors.Is(err, vnpay.ErrAlreadyConfirmed):
			return nil // an IPN settled it meanwhile
		case err != nil:
			return err
		case paid:
			rep.Paid++
		default:
			rep.Failed++
		}
		return nil
	}
	if !now.After(a.ExpiresAt) {
		return nil
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE payments SET status = 'expired', settled_at = ? WHERE id = ? AND status = 'pending'`, now, a.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			rep.Expired++
			return event(ctx, tx, now, SourceQuery, a.ID, a.Method == MethodVNPay, StatusExpired, r.Raw)
		}
		return nil
	})
}

// mismatch records a gateway's paid answer whose amount differs from the attempt's: nothing is
// settled, an accountant reviews it.
func (s *Store) mismatch(ctx context.Context, a *Attempt, r GatewayResult, now time.Time) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := event(ctx, tx, now, SourceQuery, a.ID, true, "amount_mismatch", r.Raw); err != nil {
			return err
		}
		return s.openReview(ctx, tx, "amount_mismatch", a,
			fmt.Sprintf("Cổng thanh toán báo đã thu %d đồng; giao dịch là %d đồng.", r.AmountVND, a.AmountVND), now)
	})
}

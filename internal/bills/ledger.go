package bills

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/org"
)

// ConfirmKind is the job that tells the biller of a payment made through motcua.
const ConfirmKind = "bill-confirm"

// confirmArgs are a ConfirmKind job's arguments.
type confirmArgs struct {
	Bill    string `json:"bill"`
	Payment string `json:"payment"`
}

// Owed is what payer owes for ref (a bill's id): whole đồng, the payee's code (the biller
// code) and a description. An unknown ref, or no payer, is not found; a paid bill is a
// conflict. The ledger calls it when a payment is created.
func (s *Store) Owed(ctx context.Context, payer *org.User, ref string) (amountVND int64, payee, description string, err error) {
	if payer == nil {
		return 0, "", "", apperr.NotFound("bill", msgs.Text("bill_not_found"))
	}
	b, err := s.bill(ctx, s.db, ref)
	if err != nil {
		return 0, "", "", err
	}
	if b.Status != Unpaid {
		return 0, "", "", apperr.New(apperr.KindConflict, "bill_already_paid", msgs.Text("bill_already_paid"))
	}
	return b.AmountVND, b.Biller, fmt.Sprintf("%s — %s %s", b.Description, b.Biller, b.Customer), nil
}

// Paid records, inside the ledger's transaction tx, that ref was paid by paymentID at at, and
// queues the confirmation to the biller in the same transaction. Recording the same payment
// again changes nothing; another payment of a paid bill is a conflict, which the ledger
// refunds.
func (s *Store) Paid(ctx context.Context, tx *db.Tx, ref, paymentID string, at time.Time) error {
	if paymentID == "" {
		return errors.New("bills: Paid without a payment id")
	}
	b, err := s.bill(ctx, tx, ref)
	if err != nil {
		return err
	}
	if b.Status == Paid {
		if b.PaidBy == paymentID {
			return nil
		}
		return apperr.New(apperr.KindConflict, "bill_already_paid", msgs.Text("bill_already_paid"))
	}
	// The status in the WHERE is the lock: of two payments racing, one updates the row and the
	// other, on PostgreSQL after waiting for it, updates nothing.
	res, err := tx.Exec(ctx, `UPDATE bills SET status = 'paid', paid_by = ?, paid_at = ? WHERE id = ? AND status = 'unpaid'`,
		paymentID, at, ref)
	if errors.Is(err, db.ErrConflict) { // the payment already paid another bill
		return apperr.New(apperr.KindConflict, "payment_pays_another_bill", msgs.Text("payment_pays_another_bill"))
	} else if err != nil {
		return fmt.Errorf("bills: paid %s: %w", ref, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		// Lost a race: the same payment recorded by the winner is no change.
		if again, err := s.bill(ctx, tx, ref); err == nil && again.PaidBy == paymentID {
			return nil
		}
		return apperr.New(apperr.KindConflict, "bill_already_paid", msgs.Text("bill_already_paid"))
	}
	if _, err := job.Enqueue(ctx, tx, ConfirmKind, confirmArgs{Bill: ref, Payment: paymentID}); err != nil {
		return err
	}
	return nil
}

// Kind is the job kind that confirms payments to the billers; the app registers it on the
// queue. A biller that fails is retried with the queue's backoff; a bill no longer paid by
// the job's payment, or a biller gone from the registry, is a permanent failure.
func (s *Store) Kind() job.Kind {
	return job.Kind{Name: ConfirmKind, Timeout: 30 * time.Second, Handle: s.confirm}
}

func (s *Store) confirm(ctx context.Context, j *job.Job) error {
	var a confirmArgs
	if err := j.Decode(&a); err != nil {
		return err
	}
	b, err := s.bill(ctx, s.db, a.Bill)
	if err != nil {
		if apperr.KindOf(err) == apperr.KindNotFound {
			return job.Permanent(fmt.Errorf("bills: confirm: no bill %s", a.Bill))
		}
		return err
	}
	if b.PaidBy != a.Payment {
		return job.Permanent(fmt.Errorf("bills: confirm: bill %s is paid by %q, not %s", a.Bill, b.PaidBy, a.Payment))
	}
	if b.ConfirmedAt != nil {
		return nil
	}
	bl, ok := s.reg.Biller(b.Biller)
	if !ok {
		return job.Permanent(fmt.Errorf("bills: confirm: biller %s is not registered", b.Biller))
	}
	receipt, err := bl.Pay(ctx, Payment{Ref: a.Payment, BillID: b.BillerBillID, Customer: b.Customer, AmountVND: b.AmountVND, PaidAt: *b.PaidAt})
	if err != nil {
		return fmt.Errorf("bills: confirm %s to %s: %w", a.Payment, b.Biller, err)
	}
	_, err = s.db.Exec(ctx, `UPDATE bills SET confirmed_at = ?, biller_receipt = ? WHERE id = ? AND paid_by = ?`,
		s.now(), receipt, b.ID, a.Payment)
	return err
}

package workflow

import (
	"context"
	"errors"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/dossier"
)

// Fees is what the payment ledger does for dossiers; the app wires it (Store.Fees), so that the
// workflow needs no payment package and payment may build on dossier.
type Fees interface {
	// Charge raises the invoice of a fee-bearing dossier inside tx and puts the dossier at
	// awaiting_payment, reporting whether a fee is owed; a dossier already paid owes nothing.
	Charge(ctx context.Context, tx *db.Tx, d *dossier.Dossier) (owed bool, err error)
	// Unpaid reports whether the dossier has an invoice not yet paid.
	Unpaid(ctx context.Context, q db.Querier, code string) (bool, error)
	// Cancel cancels the dossier's unpaid invoices inside tx: it closed without its result.
	Cancel(ctx context.Context, tx *db.Tx, code string) error
}

// errPaymentPending is the 409 of an officer's action on a dossier whose fee is unpaid.
var errPaymentPending = apperr.New(apperr.KindConflict, "payment_pending", msgs.Text("payment_pending"))

// Submitted is dossier.Store.OnSubmit: in the submission's transaction, a process that raises
// its fee at submission (the default) charges the new dossier; it returns the dossier's status.
func (s *Store) Submitted(ctx context.Context, tx *db.Tx, d *dossier.Dossier) (dossier.Status, error) {
	if s.Fees == nil {
		return "", nil
	}
	def, err := s.latest(ctx, tx, d.ProcedureCode)
	if err != nil {
		return "", err
	}
	if def.feeAtReturn() {
		return "", nil
	}
	owed, err := s.Fees.Charge(ctx, tx, d)
	if err != nil || !owed {
		return "", err
	}
	return dossier.StatusPayment, nil
}

// latest is the process a new dossier of the procedure will run under, without binding it.
func (s *Store) latest(ctx context.Context, q db.Querier, procedure string) (*Definition, error) {
	for _, code := range []string{procedure, ""} {
		var id int64
		err := q.QueryRow(ctx, `SELECT id FROM process_definitions WHERE procedure_code = ? ORDER BY version DESC LIMIT 1`, code).Scan(&id)
		if err == nil {
			return s.definition(ctx, q, id)
		}
		if !errors.Is(err, db.ErrNotFound) {
			return nil, err
		}
	}
	return Default(), nil
}

// chargeAtApproval raises the fee of a process that takes it before the result is returned,
// once the dossier is decided.
func (a *act) chargeAtApproval(ctx context.Context) error {
	if a.s.Fees == nil || !a.def.feeAtReturn() {
		return nil
	}
	owed, err := a.s.Fees.Charge(ctx, a.tx, a.d)
	if err != nil || !owed {
		return err
	}
	a.d.Status = dossier.StatusPayment
	// The applicant learns the result waits for the fee.
	return a.s.dossiers.NotifyStatus(ctx, a.tx, a.d, dossier.StatusPayment, "")
}

// unpaid is the 409 for an action that needs the fee paid: a dossier at awaiting_payment, or
// returning the result of one with an unpaid invoice.
func (s *Store) unpaid(ctx context.Context, d *dossier.Dossier, action string) error {
	if d.Status == dossier.StatusPayment {
		return errPaymentPending
	}
	if action != ReturnResult || s.Fees == nil {
		return nil
	}
	owed, err := s.Fees.Unpaid(ctx, s.db, d.Code)
	if err != nil {
		return err
	}
	if owed {
		return errPaymentPending
	}
	return nil
}

// cancelFees cancels what a dossier closed without its result (rejected, refused, withdrawn)
// still owes: nothing is to be paid for it any more.
func (a *act) cancelFees(ctx context.Context, to dossier.Status) error {
	if a.s.Fees == nil || to == dossier.StatusReturned {
		return nil
	}
	return a.s.Fees.Cancel(ctx, a.tx, a.d.Code)
}

package payment

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/stats"
)

var (
	errInvoiceNotFound = apperr.NotFound("invoice", msgs.Text("invoice_not_found"))
	errPaymentNotFound = apperr.NotFound("payment", msgs.Text("payment_not_found"))
	errInvoicePaid     = apperr.New(apperr.KindConflict, "invoice_paid", msgs.Text("invoice_paid"))
	errInvoiceCanceled = apperr.New(apperr.KindConflict, "invoice_cancelled", msgs.Text("invoice_cancelled"))
)

const invoiceCols = `id, kind, ref, COALESCE(agency_id, 0), payee, COALESCE(payer_id, 0), description, amount_vnd, lines, status,
	COALESCE(payment_id, ''), created_at, paid_at`

func scanInvoice(sc interface{ Scan(...any) error }) (*Invoice, error) {
	var inv Invoice
	var lines string
	var paid sql.NullTime
	if err := sc.Scan(&inv.ID, &inv.Kind, &inv.Ref, &inv.AgencyID, &inv.Payee, &inv.PayerID, &inv.Description, &inv.AmountVND,
		&lines, &inv.Status, &inv.PaymentID, &inv.CreatedAt, &paid); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(lines), &inv.Lines); err != nil {
		return nil, fmt.Errorf("payment: invoice %s lines: %w", inv.ID, err)
	}
	inv.CreatedAt = local(inv.CreatedAt)
	if paid.Valid {
		inv.PaidAt = localp(&paid.Time)
	}
	return &inv, nil
}

func (s *Store) invoice(ctx context.Context, q db.Querier, id string, lock string) (*Invoice, error) {
	inv, err := scanInvoice(q.QueryRow(ctx, `SELECT `+invoiceCols+` FROM invoices WHERE id = ?`+lock, id))
	if errors.Is(err, db.ErrNotFound) {
		return nil, errInvoiceNotFound
	}
	return inv, err
}

// live is the invoice of a dossier or bill that is not cancelled, nil when none.
func (s *Store) live(ctx context.Context, q db.Querier, kind, ref string) (*Invoice, error) {
	inv, err := scanInvoice(q.QueryRow(ctx, `SELECT `+invoiceCols+` FROM invoices WHERE kind = ? AND ref = ? AND status <> 'cancelled'`,
		kind, ref))
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	}
	return inv, err
}

func (s *Store) insertInvoice(ctx context.Context, tx *db.Tx, inv *Invoice) error {
	lines, err := json.Marshal(inv.Lines)
	if err != nil {
		return err
	}
	var agency, payer any
	if inv.AgencyID != 0 {
		agency = inv.AgencyID
	}
	if inv.PayerID != 0 {
		payer = inv.PayerID
	}
	return trackFee(ctx, tx, inv, func() error {
		_, err := tx.Exec(ctx, `INSERT INTO invoices (id, kind, ref, agency_id, payee, payer_id, description, amount_vnd, lines, status,
			created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'unpaid', ?)`, inv.ID, inv.Kind, inv.Ref, agency, inv.Payee, payer,
			inv.Description, inv.AmountVND, string(lines), inv.CreatedAt)
		return err
	})
}

// trackFee runs write, a change of inv in tx; a fee invoice's change goes through stats.Track,
// since a dossier's figures count its fee and whether it was paid online (internal/stats,
// rules.go). Every insert and status change of an invoice goes through it, but paid → refunded,
// which leaves those figures as they are (paid online, then refunded, still counts).
func trackFee(ctx context.Context, tx *db.Tx, inv *Invoice, write func() error) error {
	if inv.Kind != KindFee {
		return write()
	}
	return stats.TrackCode(ctx, tx, inv.Ref, write)
}

// Charge raises the fee invoice of a dossier of a fee-bearing procedure inside tx and puts the
// dossier at awaiting_payment (workflow.Fees). A dossier with a paid invoice owes nothing; one
// with an unpaid invoice already is charged again only in its status.
func (s *Store) Charge(ctx context.Context, tx *db.Tx, d *dossier.Dossier) (bool, error) {
	inv, err := s.live(ctx, tx, KindFee, d.Code)
	if err != nil {
		return false, err
	}
	if inv == nil {
		p, err := s.catalog.Current(ctx, d.ProcedureCode)
		if err != nil {
			return false, err
		}
		q := p.Quote(catalog.FeeInput{Online: d.Channel == dossier.ChannelOnline})
		if q.TotalVND <= 0 {
			return false, nil
		}
		inv = &Invoice{ID: newRef("HD"), Kind: KindFee, Ref: d.Code, AgencyID: d.AgencyID, Payee: d.AgencyCode,
			PayerID: d.Applicant.UserID, Description: p.Name, AmountVND: q.TotalVND, Status: InvoiceUnpaid, CreatedAt: s.now()}
		for _, l := range q.Lines {
			inv.Lines = append(inv.Lines, Line{Name: l.Name, AmountVND: l.AmountVND, Basis: l.Basis})
		}
		if err := s.insertInvoice(ctx, tx, inv); err != nil {
			return false, err
		}
	}
	if inv.Status != InvoiceUnpaid {
		return false, nil
	}
	return true, dossier.AwaitPayment(ctx, tx, d.ID, d.Status, s.now())
}

// Unpaid reports whether a dossier has an unpaid fee invoice (workflow.Fees).
func (s *Store) Unpaid(ctx context.Context, q db.Querier, code string) (bool, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM invoices WHERE kind = 'fee' AND ref = ? AND status = 'unpaid'`, code).Scan(&n)
	return n > 0, err
}

// Cancel cancels a dossier's unpaid fee invoices inside tx (workflow.Fees): the dossier closed
// without its result. An attempt paid later is recorded and refunded.
func (s *Store) Cancel(ctx context.Context, tx *db.Tx, code string) error {
	return trackFee(ctx, tx, &Invoice{Kind: KindFee, Ref: code}, func() error {
		_, err := tx.Exec(ctx, `UPDATE invoices SET status = 'cancelled' WHERE kind = 'fee' AND ref = ? AND status = 'unpaid'`, code)
		return err
	})
}

// DossierInvoices lists the fee invoices of a dossier viewer may see (dossier.Store.Get's rule:
// the applicant and the handling agency), oldest first.
func (s *Store) DossierInvoices(ctx context.Context, viewer *org.User, code string) ([]Invoice, error) {
	if viewer == nil {
		return nil, org.ErrUnauthenticated
	}
	if _, err := s.dossiers.Get(ctx, viewer, code); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT `+invoiceCols+` FROM invoices WHERE kind = 'fee' AND ref = ? ORDER BY created_at, id`, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Invoice{}
	for rows.Next() {
		inv, err := scanInvoice(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *inv)
	}
	return out, rows.Err()
}

// CollectionAccount is where an agency receives VietQR transfers.
type CollectionAccount struct {
	BIN     string // the bank's six-digit BIN
	Account string
	Holder  string
}

// SetCollectionAccount records an agency's VietQR collection account.
func (s *Store) SetCollectionAccount(ctx context.Context, agencyCode string, a CollectionAccount) error {
	ag, err := s.org.Agency(ctx, agencyCode)
	if err != nil {
		return err
	}
	_, err = s.db.Exec(ctx, `INSERT INTO collection_accounts (agency_id, bank_bin, account, holder, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (agency_id) DO UPDATE SET bank_bin = excluded.bank_bin, account = excluded.account, holder = excluded.holder,
		updated_at = excluded.updated_at`, ag.ID, a.BIN, a.Account, a.Holder, s.now())
	return err
}

func (s *Store) collectionAccount(ctx context.Context, agencyID int64) (*CollectionAccount, error) {
	var a CollectionAccount
	err := s.db.QueryRow(ctx, `SELECT bank_bin, account, holder FROM collection_accounts WHERE agency_id = ?`, agencyID).
		Scan(&a.BIN, &a.Account, &a.Holder)
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	}
	return &a, err
}

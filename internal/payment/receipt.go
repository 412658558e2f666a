package payment

import (
	"context"
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
	"github.com/motcua/motcua/internal/vntext"
)

// ReceiptKind is the job kind that issues a settled payment's e-receipt; the app registers its
// handler (ReceiptJob), which signs outside any transaction.
const ReceiptKind = "payment-receipt"

// The placeholder series of an issuer that registered none: the template and symbol esign
// prints when given none (esign.DefaultReceiptTemplate, "MC" + year + "E").
const (
	DefaultReceiptTemplate = "01BLP0-001"
	DefaultReceiptSymbol   = "MCYYE"
)

// Series is the receipt template (ký hiệu mẫu) and symbol (ký hiệu) an issuer registered with
// its tax authority (Circular 78/2021/TT-BTC Art. 6). "YY" in Symbol is the year's last two
// digits, so each year is a new symbol and its numbering starts again at 1.
type Series struct {
	Template string
	Symbol   string
}

// maxSeriesText bounds a template or symbol (the registered ones are about ten characters).
const maxSeriesText = 20

// IssuerOf is whose series numbers an invoice's receipts: the payee agency's code for a fee,
// "bill:" and the biller's code for a bill.
func IssuerOf(kind, payee string) string {
	if kind == KindBill {
		return "bill:" + payee
	}
	return payee
}

// SetReceiptSeries records the series issuer uses from now on (IssuerOf: an agency's code, or
// "bill:" and a biller's), audited with actor (an operator's name); receipts already numbered
// keep theirs.
func (s *Store) SetReceiptSeries(ctx context.Context, actor, issuer string, se Series) error {
	var fe apperr.Fields
	se.Template, se.Symbol = strings.TrimSpace(vntext.NFC(se.Template)), strings.TrimSpace(vntext.NFC(se.Symbol))
	for _, f := range []struct{ name, v string }{{"template", se.Template}, {"symbol", se.Symbol}} {
		if n := utf8.RuneCountInString(f.v); n == 0 || n > maxSeriesText {
			fe.Add(f.name, msgs.Text("series_text", maxSeriesText))
		}
	}
	if biller, ok := strings.CutPrefix(issuer, "bill:"); ok {
		if biller == "" {
			fe.Add("issuer", msgs.Text("series_issuer"))
		}
	} else if _, err := s.org.Agency(ctx, issuer); err != nil {
		if apperr.KindOf(err) != apperr.KindNotFound {
			return err
		}
		fe.Add("issuer", msgs.Text("series_issuer"))
	}
	if fe.Len() > 0 {
		return fe.Err("invalid_receipt_series", msgs.Text("invalid_receipt_series"))
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO receipt_series (issuer, template, symbol, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (issuer) DO UPDATE SET template = excluded.template, symbol = excluded.symbol, updated_at = excluded.updated_at`,
			issuer, se.Template, se.Symbol, s.now()); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{Actor: actor, Action: "payment.receipt_series", Object: issuer,
			Detail: map[string]any{"template": se.Template, "symbol": se.Symbol}})
	})
}

// IssuerSeries is an issuer's registered series.
type IssuerSeries struct {
	Issuer string
	Series
	UpdatedAt time.Time
}

// ReceiptSeries lists the registered series by issuer; issuers not listed use the defaults.
func (s *Store) ReceiptSeries(ctx context.Context) ([]IssuerSeries, error) {
	rows, err := s.db.Query(ctx, `SELECT issuer, template, symbol, updated_at FROM receipt_series ORDER BY issuer`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []IssuerSeries
	for rows.Next() {
		var is IssuerSeries
		if err := rows.Scan(&is.Issuer, &is.Template, &is.Symbol, &is.UpdatedAt); err != nil {
			return nil, err
		}
		is.UpdatedAt = local(is.UpdatedAt)
		out = append(out, is)
	}
	return out, rows.Err()
}

// numberReceipt gives the payment that paid inv the next receipt number of its issuer's series
// and queues the receipt, inside the settlement's transaction. The counter row's upsert holds
// its lock until the commit, so concurrent settlements on any replica and engine take
// consecutive numbers, and a rolled-back settlement returns its number: no gap, no duplicate
// (Decree 123/2020/NĐ-CP Art. 10(3), which the receipt's number follows (Art. 32): numbered
// consecutively from 1 within one template and symbol, the symbol's year restarting it).
func (s *Store) numberReceipt(ctx context.Context, tx *db.Tx, inv *Invoice, paymentID string, at time.Time) error {
	issuer := IssuerOf(inv.Kind, inv.Payee)
	se := Series{Template: DefaultReceiptTemplate, Symbol: DefaultReceiptSymbol}
	err := tx.QueryRow(ctx, `SELECT template, symbol FROM receipt_series WHERE issuer = ?`, issuer).Scan(&se.Template, &se.Symbol)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return err
	}
	symbol := strings.ReplaceAll(se.Symbol, "YY", fmt.Sprintf("%02d", local(at).Year()%100))
	var n int64
	if err := tx.QueryRow(ctx, `INSERT INTO receipt_counters (issuer, template, symbol, last) VALUES (?, ?, ?, 1)
		ON CONFLICT (issuer, template, symbol) DO UPDATE SET last = receipt_counters.last + 1 RETURNING last`,
		issuer, se.Template, symbol).Scan(&n); err != nil {
		return fmt.Errorf("payment: receipt number: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO payment_receipts (payment_id, issuer, template, symbol, number, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, paymentID, issuer, se.Template, symbol, n, at); err != nil {
		return err
	}
	_, err = job.Enqueue(ctx, tx, ReceiptKind, receiptArgs{Payment: paymentID})
	return err
}

type receiptArgs struct {
	Payment string `json:"payment"`
}

// Receipt is what a settled payment's e-receipt states, as the ledger knows it.
type Receipt struct {
	PaymentID   string
	Reference   string // the gateway's transaction number; "" for a transfer
	Kind        string // fee | bill
	Issuer      string // IssuerOf
	AgencyCode  string // the agency that signs: the payee agency of a fee, the hub's (the organisation's root) for a bill
	DossierCode string // the dossier of a fee
	Template    string
	Symbol      string // the year put in
	Number      int64
	PayerID     int64
	PayerName   string
	PayerAddr   string
	Lines       []Line // what was collected, each reduction netted into the fee it reduces (receiptLines)
	TotalVND    int64
	Method      string // MethodVNPay or MethodVietQR
	PaidAt      time.Time
}

var errNoReceipt = apperr.New(apperr.KindConflict, "receipt_not_issued", msgs.Text("receipt_not_issued"))

// ErrReceiptNotIssued is the answer for a payment whose receipt is not (yet) issued: 409
// receipt_not_issued. A payment that did not pay its invoice never gets one.
func ErrReceiptNotIssued() error { return errNoReceipt }

// Receipt returns the receipt of a payment that paid its invoice; ErrReceiptNotIssued when it
// did not (yet).
func (s *Store) Receipt(ctx context.Context, paymentID string) (*Receipt, error) {
	a, err := s.attempt(ctx, s.db, paymentID, "")
	if err != nil {
		return nil, err
	}
	inv, err := s.invoice(ctx, s.db, a.InvoiceID, "")
	if err != nil {
		return nil, err
	}
	r := &Receipt{PaymentID: a.ID, Reference: a.GatewayTxn, Kind: inv.Kind, PayerID: a.PayerID, Lines: receiptLines(inv.Lines),
		TotalVND: a.AmountVND, Method: a.Method}
	err = s.db.QueryRow(ctx, `SELECT issuer, template, symbol, number FROM payment_receipts WHERE payment_id = ?`, a.ID).
		Scan(&r.Issuer, &r.Template, &r.Symbol, &r.Number)
	if errors.Is(err, db.ErrNotFound) {
		return nil, errNoReceipt
	}
	if err != nil {
		return nil, err
	}
	if a.SettledAt != nil {
		r.PaidAt = *a.SettledAt
	}
	switch inv.Kind {
	case KindFee:
		r.AgencyCode, r.DossierCode = inv.Payee, inv.Ref
		d, err := s.dossiers.Get(ctx, &org.User{ID: inv.PayerID}, inv.Ref)
		if err != nil {
			return nil, fmt.Errorf("payment: receipt %s: dossier %s: %w", a.ID, inv.Ref, err)
		}
		r.PayerName, r.PayerAddr = d.Applicant.Name, d.Applicant.Address
		if r.PayerName != "" {
			break
		}
		fallthrough // a receipt names its payer (Decree 123/2020 Art. 32): the account's name then
	default:
		if r.AgencyCode == "" {
			root, err := s.root(ctx)
			if err != nil {
				return nil, err
			}
			r.AgencyCode = root
		}
		if err := s.db.QueryRow(ctx, `SELECT COALESCE(NULLIF(full_name, ''), username) FROM users WHERE id = ?`, a.PayerID).
			Scan(&r.PayerName); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// receiptLines are an invoice's lines as a receipt lists them: what was collected. A
// reduction (a negative line) is netted into the fee before it, its name and basis added to
// that fee's basis; a fee reduced to nothing is left out.
func receiptLines(lines []Line) []Line {
	var out []Line
	for _, l := range lines {
		if l.AmountVND >= 0 || len(out) == 0 {
			out = append(out, l)
			continue
		}
		last := &out[len(out)-1]
		last.AmountVND += l.AmountVND
		note := fmt.Sprintf("%s %s đ", l.Name, vntext.Thousands(l.AmountVND))
		if l.Basis != "" {
			note += " (" + l.Basis + ")"
		}
		if last.Basis != "" {
			note = last.Basis + "; " + note
		}
		last.Basis = note
	}
	kept := out[:0]
	for _, l := range out {
		if l.AmountVND > 0 {
			kept = append(kept, l)
		}
	}
	return kept
}

// root is the code of the organisation's root agency, the one that runs the bill hub.
func (s *Store) root(ctx context.Context) (string, error) {
	as, err := s.org.Agencies(ctx)
	if err != nil {
		return "", err
	}
	for _, a := range as {
		if a.ParentCode == "" {
			return a.Code, nil
		}
	}
	return "", errors.New("payment: no root agency to issue bills' receipts")
}

// ReceiptJob is the kind that issues receipts: issue signs and stores one (esign, wired by the
// app) and must be idempotent, since a job may run twice.
func (s *Store) ReceiptJob(issue func(ctx context.Context, r *Receipt) error) job.Kind {
	return job.Kind{Name: ReceiptKind, Timeout: time.Minute, Handle: func(ctx context.Context, j *job.Job) error {
		var a receiptArgs
		if err := j.Decode(&a); err != nil {
			return job.Permanent(err)
		}
		r, err := s.Receipt(ctx, a.Payment)
		if apperr.KindOf(err) == apperr.KindNotFound || errors.Is(err, errNoReceipt) {
			return job.Permanent(fmt.Errorf("payment: receipt of %s: %w", a.Payment, err))
		}
		if err != nil {
			return err
		}
		return issue(ctx, r)
	}}
}

// Receipted returns a payment whose receipt viewer may download: its payer, the payee agency's
// officers and administrators (others: not found); ErrReceiptNotIssued when it paid nothing.
func (s *Store) Receipted(ctx context.Context, viewer *org.User, id string) (*Attempt, error) {
	if viewer == nil {
		return nil, org.ErrUnauthenticated
	}
	a, err := s.attempt(ctx, s.db, id, "")
	if err != nil {
		return nil, err
	}
	if a.PayerID != viewer.ID && !viewer.IsAdmin() {
		inv, err := s.invoice(ctx, s.db, a.InvoiceID, "")
		if err != nil {
			return nil, err
		}
		if !viewer.Role.Officer() || inv.AgencyID == 0 || viewer.AgencyID != inv.AgencyID {
			return nil, errPaymentNotFound
		}
	}
	if a.Status != StatusPaid || !a.Counted {
		return nil, errNoReceipt
	}
	return a, nil
}

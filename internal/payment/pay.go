package payment

import (
	"context"
	"database/sql"
	"errors"
	"net"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vietqr"
	"github.com/motcua/motcua/internal/vnpay"
)

// PayInput asks to pay an invoice, or a bill (found or raised through its Payables), by a method.
type PayInput struct {
	Invoice string `json:"invoice,omitempty"`
	Bill    string `json:"bill,omitempty"`
	Method  string `json:"method"`
}

// Started is a new attempt: where to send the payer (VNPay) or the transfer to make (VietQR).
type Started struct {
	ID          string `json:"id"`
	Status      string `json:"status"`
	InvoiceID   string `json:"invoice"`
	AmountVND   int64  `json:"amount_vnd"`
	RedirectURL string `json:"redirect_url,omitempty"`
	QRPayload   string `json:"qr_payload,omitempty"`
}

// Pay starts an attempt at paying for actor (a signed-in payer): the invoice must be theirs and
// unpaid; a bill's invoice is raised on its first payment. clientIP is sent to VNPay
// (vnp_IpAddr), locale "vn" or "en".
func (s *Store) Pay(ctx context.Context, actor *org.User, in PayInput, clientIP, locale string) (*Started, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	var fe apperr.Fields
	in.Invoice, in.Bill = strings.TrimSpace(in.Invoice), strings.TrimSpace(in.Bill)
	if (in.Invoice == "") == (in.Bill == "") {
		fe.Add("invoice", msgs.Text("give_invoice_or_bill"))
	}
	if in.Method != MethodVNPay && in.Method != MethodVietQR {
		fe.Add("method", msgs.Text("method_must_be"))
	}
	if in.Bill != "" && in.Method == MethodVietQR {
		fe.Add("method", msgs.Text("vietqr_not_for_bills"))
	}
	if fe.Len() > 0 {
		return nil, fe.Err("invalid_payment", msgs.Text("invalid_payment"))
	}
	var inv *Invoice
	var err error
	if in.Bill != "" {
		inv, err = s.billInvoice(ctx, actor, in.Bill)
	} else {
		inv, err = s.invoice(ctx, s.db, in.Invoice, "")
		if err == nil && inv.PayerID != actor.ID {
			err = errInvoiceNotFound // someone else's invoice does not exist for the caller
		}
	}
	if err != nil {
		return nil, err
	}
	switch inv.Status {
	case InvoiceUnpaid:
	case InvoiceCancelled:
		return nil, errInvoiceCanceled
	default:
		return nil, errInvoicePaid
	}
	now := s.now()
	a := &Attempt{ID: newRef("TT"), InvoiceID: inv.ID, Kind: inv.Kind, Ref: inv.Ref, Method: in.Method, AmountVND: inv.AmountVND,
		PayerID: actor.ID, Status: StatusPending, CreatedAt: now, ExpiresAt: now.Add(s.expiry)}
	out := &Started{ID: a.ID, Status: a.Status, InvoiceID: inv.ID, AmountVND: inv.AmountVND}
	switch in.Method {
	case MethodVNPay:
		if s.merchant == nil {
			return nil, apperr.New(apperr.KindConflict, "gateway_not_configured", msgs.Text("gateway_not_configured"))
		}
		if net.ParseIP(clientIP) == nil {
			clientIP = "127.0.0.1"
		}
		if locale != "en" {
			locale = "vn"
		}
		out.RedirectURL, err = s.merchant.PaymentURL(vnpay.Order{TxnRef: a.ID, AmountVND: a.AmountVND,
			Info: "Thanh toan " + inv.ID, ReturnURL: s.returnURL, IPAddr: clientIP, Locale: locale, CreateAt: now,
			ExpireAt: a.ExpiresAt})
		if err != nil {
			return nil, err
		}
	case MethodVietQR:
		if out.QRPayload, _, err = s.qr(ctx, inv.AgencyID, a.AmountVND, a.ID); err != nil {
			return nil, err
		}
	}
	_, err = s.db.Exec(ctx, `INSERT INTO payments (id, invoice_id, method, amount_vnd, payer_id, status, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`, a.ID, a.InvoiceID, a.Method, a.AmountVND, actor.ID, a.CreatedAt, a.ExpiresAt)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// qr is the dynamic VietQR payload of a transfer of amount to the agency's collection account,
// the attempt's id as its purpose: statements are matched by it and the amount.
func (s *Store) qr(ctx context.Context, agencyID, amount int64, id string) (string, *CollectionAccount, error) {
	acct, err := s.collectionAccount(ctx, agencyID)
	if err != nil {
		return "", nil, err
	}
	if acct == nil {
		return "", nil, apperr.New(apperr.KindConflict, "no_collection_account", msgs.Text("no_collection_account"))
	}
	payload, err := vietqr.Encode(vietqr.Payment{BIN: acct.BIN, Account: acct.Account, Dynamic: true, Amount: amount, Purpose: id})
	return payload, acct, err
}

// Transfer is what a VietQR attempt asks its payer to transfer.
type Transfer struct {
	Payload string // the VietQR payload, to show as a QR code
	Account CollectionAccount
}

// Transfer returns the transfer of one of actor's VietQR attempts (others: not found).
func (s *Store) Transfer(ctx context.Context, actor *org.User, id string) (*Transfer, error) {
	a, err := s.Payment(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if a.Method != MethodVietQR {
		return nil, errPaymentNotFound
	}
	inv, err := s.invoice(ctx, s.db, a.InvoiceID, "")
	if err != nil {
		return nil, err
	}
	payload, acct, err := s.qr(ctx, inv.AgencyID, a.AmountVND, a.ID)
	if err != nil {
		return nil, err
	}
	return &Transfer{Payload: payload, Account: *acct}, nil
}

// billInvoice finds or raises the invoice of a bill through the "bill" Payables.
func (s *Store) billInvoice(ctx context.Context, actor *org.User, bill string) (*Invoice, error) {
	p := s.payablesOf(KindBill)
	if p == nil {
		return nil, apperr.NotFound("bill", msgs.Text("bill_not_payable"))
	}
	if inv, err := s.live(ctx, s.db, KindBill, bill); inv != nil || err != nil {
		if err == nil && inv.Status == InvoiceUnpaid {
			_, _, _, err = p.Owed(ctx, actor, bill) // the payer may still see it
		}
		return inv, err
	}
	amount, payee, desc, err := p.Owed(ctx, actor, bill)
	if err != nil {
		return nil, err
	}
	if amount <= 0 {
		return nil, apperr.New(apperr.KindConflict, "bill_not_payable", msgs.Text("bill_not_payable"))
	}
	inv := &Invoice{ID: newRef("HD"), Kind: KindBill, Ref: bill, Payee: payee, PayerID: actor.ID, Description: desc,
		AmountVND: amount, Lines: []Line{{Name: desc, AmountVND: amount}}, Status: InvoiceUnpaid, CreatedAt: s.now()}
	err = s.db.InTx(ctx, func(tx *db.Tx) error { return s.insertInvoice(ctx, tx, inv) })
	if errors.Is(err, db.ErrConflict) {
		// A concurrent first payment raised it: use that one.
		return s.live(ctx, s.db, KindBill, bill)
	}
	return inv, err
}

const attemptCols = `p.id, p.invoice_id, i.kind, i.ref, p.method, p.amount_vnd, COALESCE(p.payer_id, 0), p.status, p.counted,
	p.created_at, p.expires_at, p.settled_at, p.gateway_txn, p.bank_code, p.response_code, i.description`

func scanAttempt(sc interface{ Scan(...any) error }) (*Attempt, error) {
	var a Attempt
	var settled sql.NullTime
	var counted int
	if err := sc.Scan(&a.ID, &a.InvoiceID, &a.Kind, &a.Ref, &a.Method, &a.AmountVND, &a.PayerID, &a.Status, &counted,
		&a.CreatedAt, &a.ExpiresAt, &settled, &a.GatewayTxn, &a.BankCode, &a.ResponseCode, &a.Description); err != nil {
		return nil, err
	}
	a.Counted = counted == 1
	a.CreatedAt, a.ExpiresAt = local(a.CreatedAt), local(a.ExpiresAt)
	if settled.Valid {
		a.SettledAt = localp(&settled.Time)
	}
	return &a, nil
}

func (s *Store) attempt(ctx context.Context, q db.Querier, id, lock string) (*Attempt, error) {
	a, err := scanAttempt(q.QueryRow(ctx, `SELECT `+attemptCols+` FROM payments p JOIN invoices i ON i.id = p.invoice_id
		WHERE p.id = ?`+lock, id))
	if errors.Is(err, db.ErrNotFound) {
		return nil, errPaymentNotFound
	}
	return a, err
}

// Payment returns one attempt to its payer (others: not found).
func (s *Store) Payment(ctx context.Context, actor *org.User, id string) (*Attempt, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	a, err := s.attempt(ctx, s.db, id, "")
	if err != nil {
		return nil, err
	}
	if a.PayerID != actor.ID {
		return nil, errPaymentNotFound
	}
	return a, nil
}

// Mine lists the actor's own attempts, fees and bills, newest first, with their total.
func (s *Store) Mine(ctx context.Context, actor *org.User, page, perPage int) ([]Attempt, int, error) {
	if actor == nil {
		return nil, 0, org.ErrUnauthenticated
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM payments WHERE payer_id = ?`, actor.ID).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Query(ctx, `SELECT `+attemptCols+` FROM payments p JOIN invoices i ON i.id = p.invoice_id
		WHERE p.payer_id = ? ORDER BY p.created_at DESC, p.id LIMIT ? OFFSET ?`, actor.ID, perPage, (page-1)*perPage)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Attempt{}
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *a)
	}
	return out, total, rows.Err()
}

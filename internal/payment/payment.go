// Package payment is the money core of motcua: invoices for dossier fees and bills, payment
// attempts by VNPay or VietQR, the append-only ledger of gateway events, the VNPay IPN answered
// exactly once, refunds and the accountant's review queue, and the reconciliation that settles
// or expires what is left pending. Money is whole đồng (int64).
//
// Exactly once: an attempt moves from pending (or expired) to paid or failed, or from failed to
// paid when the gateway's success comes after its failure, in one transaction that also writes
// its event, its invoice, the payee's Paid and the audit entry, under the attempt's row lock; a
// pending result (not finished at the gateway) is an event only. An invoice is counted paid by
// one attempt at most (a partial unique index), and any later successful attempt is recorded and
// queued for refund.
package payment

import (
	"context"
	"crypto/rand"
	"errors"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vnpay"
	"github.com/motcua/motcua/internal/vntext"
	"github.com/motcua/motcua/internal/vntime"
)

// Kinds of invoice.
const (
	KindFee  = "fee"  // a dossier's fees and charges; ref is the dossier code
	KindBill = "bill" // an everyday bill; ref is the bill id
)

// Invoice statuses.
const (
	InvoiceUnpaid    = "unpaid"
	InvoicePaid      = "paid"
	InvoiceCancelled = "cancelled"
	InvoiceRefunded  = "refunded"
)

// Attempt statuses.
const (
	StatusPending = "pending"
	StatusPaid    = "paid"
	StatusFailed  = "failed"
	StatusExpired = "expired"
)

// Methods of payment.
const (
	MethodVNPay  = "vnpay"
	MethodVietQR = "vietqr"
)

// DefaultExpiry is how long an attempt stays payable.
const DefaultExpiry = 15 * time.Minute

// Payables are what invoices of one kind are raised for (dossier fees, bills).
type Payables interface {
	// Owed is what payer owes for ref: whole đồng, the payee's code and a description.
	// A ref the payer may not see is apperr not found.
	Owed(ctx context.Context, payer *org.User, ref string) (amountVND int64, payee, description string, err error)
	// Paid records, inside the ledger's transaction, that ref was paid by paymentID.
	Paid(ctx context.Context, tx *db.Tx, ref, paymentID string, at time.Time) error
}

// Line is one line of an invoice: a fee, a charge or a reduction, with its legal basis.
type Line struct {
	Name      string `json:"name"`
	AmountVND int64  `json:"amount_vnd"`
	Basis     string `json:"basis,omitempty"`
}

// Invoice is what is owed for a dossier or a bill.
type Invoice struct {
	ID          string
	Kind        string
	Ref         string
	AgencyID    int64
	Payee       string
	PayerID     int64
	Description string
	AmountVND   int64
	Lines       []Line
	Status      string
	PaymentID   string
	CreatedAt   time.Time
	PaidAt      *time.Time
}

// Attempt is one try at paying an invoice.
type Attempt struct {
	ID           string
	InvoiceID    string
	Kind, Ref    string // the invoice's
	Method       string
	AmountVND    int64
	PayerID      int64
	Status       string
	Counted      bool // the attempt that paid its invoice
	CreatedAt    time.Time
	ExpiresAt    time.Time
	SettledAt    *time.Time
	GatewayTxn   string
	BankCode     string
	ResponseCode string
	Description  string // the invoice's
}

// Store keeps invoices, attempts and the ledger.
type Store struct {
	db        *db.DB
	dossiers  *dossier.Store
	catalog   *catalog.Store
	org       *org.Store
	cal       *calendar.Store
	merchant  *vnpay.Merchant
	links     dossier.Links
	returnURL string
	expiry    time.Duration
	now       func() time.Time

	mu          sync.RWMutex
	payables    map[string]Payables
	bankSecrets map[string]string // the banks' webhook secrets by BIN, "*" for any
}

// Config holds a Store's dependencies.
type Config struct {
	DB       *db.DB
	Dossiers *dossier.Store
	Catalog  *catalog.Store
	Org      *org.Store
	Calendar *calendar.Store // agencies' working calendars: a paid dossier's reception restarts
	// Merchant is the VNPay terminal; nil means VNPay is not offered.
	Merchant *vnpay.Merchant
	// Links are the portal's links put in the applicant's messages (the tracking page).
	Links dossier.Links
	// ReturnURL is the absolute URL of the page the payer's browser comes back to.
	ReturnURL string
	Expiry    time.Duration // DefaultExpiry when 0
}

// NewStore returns a payment store; dossier fees are registered as the "fee" kind.
func NewStore(c Config) *Store {
	if c.Expiry <= 0 {
		c.Expiry = DefaultExpiry
	}
	s := &Store{db: c.DB, dossiers: c.Dossiers, catalog: c.Catalog, org: c.Org, cal: c.Calendar, merchant: c.Merchant, links: c.Links, returnURL: c.ReturnURL,
		expiry: c.Expiry, now: time.Now, payables: map[string]Payables{}}
	s.payables[KindFee] = fees{s}
	return s
}

// WithClock makes s read the time from now (tests); it returns s.
func (s *Store) WithClock(now func() time.Time) *Store {
	s.now = now
	return s
}

// Register makes p the payables of invoices of kind ("bill").
func (s *Store) Register(kind string, p Payables) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.payables[kind] = p
}

// SetMerchant replaces the VNPay terminal (the app wires the sandbox's when none is configured).
func (s *Store) SetMerchant(m *vnpay.Merchant) { s.merchant = m }

// Merchant is the VNPay terminal in use, nil when none.
func (s *Store) Merchant() *vnpay.Merchant { return s.merchant }

func (s *Store) payablesOf(kind string) Payables {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.payables[kind]
}

// fees are the payables of dossier fees: invoices are raised by Charge, and a paid one moves the
// dossier on.
type fees struct{ s *Store }

func (fees) Owed(ctx context.Context, payer *org.User, ref string) (int64, string, string, error) {
	return 0, "", "", errInvoiceNotFound // fee invoices are raised at the process's fee point, never on demand
}

// Paid moves the dossier on; back at reception, its reception step has its time again from the
// payment (the payee of a fee is the receiving agency).
func (f fees) Paid(ctx context.Context, tx *db.Tx, ref, paymentID string, at time.Time) error {
	var agency string
	var payer, amount int64
	if err := tx.QueryRow(ctx, `SELECT payee, COALESCE(payer_id, 0), amount_vnd FROM invoices WHERE kind = 'fee' AND ref = ? AND payment_id = ?`,
		ref, paymentID).Scan(&agency, &payer, &amount); err != nil {
		return err
	}
	if f.s.cal == nil {
		return errors.New("payment: no calendar (Config.Calendar) to restart a paid dossier's reception")
	}
	cal, err := f.s.cal.CalendarFor(ctx, agency)
	if err != nil {
		return err
	}
	due, err := dossier.ReceptionDue(cal, at)
	if err != nil {
		return err
	}
	if _, err = dossier.PaymentReceived(ctx, tx, ref, at, due); err != nil {
		return err
	}
	if payer == 0 {
		return nil // paid for no account: nobody to tell online
	}
	// The applicant hears that the fee was received, in the payment's transaction (issue 12).
	d, err := f.s.dossiers.Lock(ctx, tx, &org.User{ID: payer}, ref)
	if err != nil {
		return err
	}
	return f.s.dossiers.NotifyTemplate(ctx, tx, d, notify.TemplateFeeReceived, map[string]any{"Code": d.Code,
		"Procedure": d.ProcedureName, "Amount": vntext.Thousands(amount) + " đ", "Reference": paymentID, "TrackURL": f.s.links.TrackURL(d.Code)})
}

// refAlphabet has no 0/O or 1/I/L, so a reference read aloud or typed from a receipt survives.
const refAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// newRef returns prefix and 14 random characters: letters and digits only, so it is a valid
// vnp_TxnRef and a VietQR purpose (at most 25 characters, no diacritics).
func newRef(prefix string) string {
	b := make([]byte, 14)
	if _, err := rand.Read(b); err != nil {
		panic("payment: crypto/rand: " + err.Error())
	}
	for i := range b {
		b[i] = refAlphabet[int(b[i])%len(refAlphabet)]
	}
	return prefix + string(b)
}

func local(t time.Time) time.Time { return t.In(vntime.Location()) }

func localp(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := local(*t)
	return &v
}

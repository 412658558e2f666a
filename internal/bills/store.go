package bills

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/ratelimit"
	"github.com/motcua/motcua/internal/vntime"
)

// Status is a stored bill's state.
type Status string

const (
	Unpaid Status = "unpaid"
	Paid   Status = "paid" // through motcua (PaidBy set) or at the biller
)

// Bill is a bill as motcua keeps it.
type Bill struct {
	ID            string // random; the ledger's reference
	Biller        string
	Customer      string
	BillerBillID  string
	Period        string
	Description   string
	AmountVND     int64
	DueOn         string // YYYY-MM-DD
	Status        Status
	PaidBy        string // the ledger's payment id, "" when paid elsewhere or unpaid
	PaidAt        *time.Time
	ConfirmedAt   *time.Time // the biller acknowledged our payment
	BillerReceipt string
}

// Store keeps bills, saved customer codes and complaints, and reaches the billers of its
// registry.
type Store struct {
	db  *db.DB
	reg *Registry
	now func() time.Time
	// lookups bounds each user's look-ups of customer codes: a bill shows a household's
	// consumption, and anyone signed in may look any code up, as at a BBPS counter.
	lookups *ratelimit.Limiter
}

// Look-ups of customer codes allowed per user: a burst, then a steady rate a minute.
const (
	LookupBurst     = 30
	LookupPerMinute = 30
)

// NewStore returns the store on d with the billers of reg (nil: none).
func NewStore(d *db.DB, reg *Registry) *Store {
	if reg == nil {
		reg, _ = NewRegistry()
	}
	return &Store{db: d, reg: reg, now: time.Now, lookups: ratelimit.New(LookupPerMinute, LookupBurst)}
}

// Registry is the store's billers.
func (s *Store) Registry() *Registry { return s.reg }

// fetchShown bounds the bills Fetch returns, newest period first.
const fetchShown = 24

// signedIn refuses an anonymous caller.
func signedIn(u *org.User) error {
	if u == nil {
		return apperr.New(apperr.KindUnauthenticated, "unauthenticated", msgs.Text("unauthenticated"))
	}
	return nil
}

// customerCode checks biller and a customer code typed for it, returning the biller and the
// normalised code: an unknown biller is 404, a malformed code 422 naming field.
func (s *Store) customerCode(biller, customer, field string) (Biller, string, error) {
	b, ok := s.reg.Biller(biller)
	if !ok {
		return nil, "", apperr.NotFound("biller", msgs.Text("biller_not_found", biller))
	}
	in := b.Info()
	c := Normalize(customer)
	if c == "" || len([]rune(customer)) > MaxCustomerLen || !in.Pattern.MatchString(c) {
		return nil, "", apperr.Invalid("invalid_customer", msgs.Text("invalid_customer"),
			apperr.Field(field, msgs.TextFunc("customer_pattern", func(l i18n.Lang) []any {
				return []any{in.CustomerLabel.In(l), in.CustomerHint.In(l)}
			})))
	}
	return b, c, nil
}

// lookup counts one look-up of a customer code by u, refusing one too many.
func (s *Store) lookup(u *org.User) error {
	if !s.lookups.Allow(strconv.FormatInt(u.ID, 10)) {
		return apperr.New(apperr.KindRateLimited, "too_many_lookups", msgs.Text("too_many_lookups"))
	}
	return nil
}

// Fetch asks the biller for the customer's bills, records them and returns what motcua holds
// for the customer, newest period first. Refetching never un-pays a bill: a bill paid here
// stays paid whatever the biller answers; one the biller holds paid becomes paid.
func (s *Store) Fetch(ctx context.Context, u *org.User, biller, customer string) ([]Bill, error) {
	if err := signedIn(u); err != nil {
		return nil, err
	}
	b, c, err := s.customerCode(biller, customer, "customer")
	if err != nil {
		return nil, err
	}
	if err := s.lookup(u); err != nil {
		return nil, err
	}
	sts, err := b.Fetch(ctx, c)
	if errors.Is(err, ErrUnknownCustomer) {
		return nil, apperr.NotFound("customer", msgs.Text("customer_not_found", c))
	} else if err != nil {
		return nil, fmt.Errorf("bills: fetch %s %s: %w", biller, c, err)
	}
	now := s.now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, st := range sts {
			if st.ID == "" || st.AmountVND <= 0 {
				return fmt.Errorf("bills: biller %s gave a bill without an id or amount (%q, %d)", biller, st.ID, st.AmountVND)
			}
			status := Unpaid
			if st.Paid {
				status = Paid
			}
			// The WHERE of the update keeps a paid bill as it was paid: amount, status, all.
			if _, err := tx.Exec(ctx, `INSERT INTO bills (id, biller, customer, biller_bill_id, period, description, amount_vnd, due_on, status, fetched_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (biller, biller_bill_id) DO UPDATE SET period = excluded.period, description = excluded.description,
					amount_vnd = excluded.amount_vnd, due_on = excluded.due_on, status = excluded.status, fetched_at = excluded.fetched_at
				WHERE bills.status = 'unpaid'`,
				newID(), biller, c, st.ID, st.Period, st.Description, st.AmountVND, st.DueOn, string(status), now); err != nil {
				return fmt.Errorf("bills: record %s %s: %w", biller, st.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.list(ctx, biller, c)
}

const billColumns = `id, biller, customer, biller_bill_id, period, description, amount_vnd, due_on, status,
	COALESCE(paid_by, ''), paid_at, confirmed_at, biller_receipt`

func (s *Store) list(ctx context.Context, biller, customer string) ([]Bill, error) {
	rows, err := s.db.Query(ctx, `SELECT `+billColumns+` FROM bills WHERE biller = ? AND customer = ?
		ORDER BY period DESC, due_on DESC, biller_bill_id LIMIT ?`, biller, customer, fetchShown)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Bill
	for rows.Next() {
		b, err := scanBill(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *b)
	}
	return out, rows.Err()
}

type scanner interface{ Scan(...any) error }

func scanBill(r scanner) (*Bill, error) {
	var b Bill
	var status string
	var paidAt, confirmedAt sql.NullTime
	if err := r.Scan(&b.ID, &b.Biller, &b.Customer, &b.BillerBillID, &b.Period, &b.Description, &b.AmountVND, &b.DueOn,
		&status, &b.PaidBy, &paidAt, &confirmedAt, &b.BillerReceipt); err != nil {
		return nil, db.WrapError(err)
	}
	b.Status, b.PaidAt, b.ConfirmedAt = Status(status), inVietnam(paidAt), inVietnam(confirmedAt)
	return &b, nil
}

// Bill returns the bill of that id to a signed-in user. Anyone may pay anyone's bill, as at a
// BBPS counter; the id is random, so knowing it means having fetched the bill.
func (s *Store) Bill(ctx context.Context, u *org.User, id string) (*Bill, error) {
	if err := signedIn(u); err != nil {
		return nil, err
	}
	return s.bill(ctx, s.db, id)
}

func (s *Store) bill(ctx context.Context, q db.Querier, id string) (*Bill, error) {
	if len(id) != idLen {
		return nil, apperr.NotFound("bill", msgs.Text("bill_not_found"))
	}
	b, err := scanBill(q.QueryRow(ctx, `SELECT `+billColumns+` FROM bills WHERE id = ?`, id))
	if errors.Is(err, db.ErrNotFound) {
		return nil, apperr.NotFound("bill", msgs.Text("bill_not_found"))
	}
	return b, err
}

// idLen is the length of a bill's id: 16 hex digits, 64 random bits.
const idLen = 16

func newID() string {
	b := make([]byte, idLen/2)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Samples returns, for each biller with demo samples, the first sample customer none of
// whose bills was paid through motcua, so that it still has an unpaid bill (CONTRACT.md
// sample_customer). Billers without samples are left out.
func (s *Store) Samples(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	for _, in := range s.reg.Billers() {
		for _, c := range in.Samples {
			var n int
			if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM bills WHERE biller = ? AND customer = ? AND status = 'paid' AND paid_by IS NOT NULL`,
				in.Code, c).Scan(&n); err != nil {
				return nil, err
			}
			if n == 0 {
				out[in.Code] = c
				break
			}
		}
	}
	return out, nil
}

func inVietnam(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time.In(vntime.Location())
	return &v
}

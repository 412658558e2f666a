package bills

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
)

// Bounds of what a citizen keeps.
const (
	MaxSaved        = 20   // saved customer codes per citizen
	MaxLabel        = 60   // characters of a saved code's label
	MaxComplaint    = 2000 // characters of a complaint
	MaxBillComplain = 5    // complaints per citizen about one bill
)

// Saved is a customer code a citizen keeps, to pay again without typing it.
type Saved struct {
	Biller    string
	Customer  string
	Label     string
	CreatedAt time.Time
}

// Saved lists u's saved customer codes, oldest first.
func (s *Store) Saved(ctx context.Context, u *org.User) ([]Saved, error) {
	if err := signedIn(u); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT biller, customer, label, created_at FROM bill_customers WHERE user_id = ?
		ORDER BY created_at, biller, customer`, u.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Saved
	for rows.Next() {
		var v Saved
		if err := rows.Scan(&v.Biller, &v.Customer, &v.Label, &v.CreatedAt); err != nil {
			return nil, err
		}
		v.CreatedAt = v.CreatedAt.In(time.UTC)
		out = append(out, v)
	}
	return out, rows.Err()
}

// Save keeps a customer code for u with a label (saving it again changes the label). The
// code must be well formed and known to the biller; a citizen keeps at most MaxSaved.
func (s *Store) Save(ctx context.Context, u *org.User, biller, customer, label string) (*Saved, error) {
	if err := signedIn(u); err != nil {
		return nil, err
	}
	b, c, err := s.customerCode(biller, customer, "customer")
	if err != nil {
		return nil, err
	}
	label = norm.NFC.String(strings.TrimSpace(label))
	if utf8.RuneCountInString(label) > MaxLabel {
		return nil, apperr.Invalid("invalid_label", msgs.Text("invalid_label"), apperr.Field("label", msgs.Text("label_too_long", MaxLabel)))
	}
	if err := s.lookup(u); err != nil {
		return nil, err
	}
	if _, err := b.Fetch(ctx, c); errors.Is(err, ErrUnknownCustomer) {
		return nil, apperr.NotFound("customer", msgs.Text("customer_not_found", c))
	} else if err != nil {
		return nil, fmt.Errorf("bills: check %s %s: %w", biller, c, err)
	}
	v := &Saved{Biller: biller, Customer: c, Label: label, CreatedAt: s.now().UTC().Truncate(time.Microsecond)}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var n, same int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN biller = ? AND customer = ? THEN 1 ELSE 0 END), 0)
			FROM bill_customers WHERE user_id = ?`, biller, c, u.ID).Scan(&n, &same); err != nil {
			return err
		}
		if same == 0 && n >= MaxSaved {
			return apperr.Invalid("too_many_saved", msgs.Text("too_many_saved", MaxSaved))
		}
		_, err := tx.Exec(ctx, `INSERT INTO bill_customers (user_id, biller, customer, label, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (user_id, biller, customer) DO UPDATE SET label = excluded.label`, u.ID, biller, c, label, v.CreatedAt)
		return err
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// Forget removes one of u's saved codes; one u does not have is not found.
func (s *Store) Forget(ctx context.Context, u *org.User, biller, customer string) error {
	if err := signedIn(u); err != nil {
		return err
	}
	res, err := s.db.Exec(ctx, `DELETE FROM bill_customers WHERE user_id = ? AND biller = ? AND customer = ?`, u.ID, biller, Normalize(customer))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return apperr.NotFound("saved_customer", msgs.Text("saved_customer_not_found"))
	}
	return nil
}

// Ticket is a complaint as filed.
type Ticket struct {
	ID        int64
	Bill      string
	Ticket    string // the biller's ticket
	Status    string // open | resolved
	CreatedAt time.Time
}

// Complain files u's complaint about a bill (or its payment) with the biller and records it
// with the biller's ticket.
func (s *Store) Complain(ctx context.Context, u *org.User, billID, text string) (*Ticket, error) {
	b, err := s.Bill(ctx, u, billID)
	if err != nil {
		return nil, err
	}
	text = norm.NFC.String(strings.TrimSpace(text))
	switch n := utf8.RuneCountInString(text); {
	case n == 0:
		return nil, apperr.Invalid("invalid_complaint", msgs.Text("invalid_complaint"), apperr.Field("text", msgs.Text("complaint_required")))
	case n > MaxComplaint:
		return nil, apperr.Invalid("invalid_complaint", msgs.Text("invalid_complaint"), apperr.Field("text", msgs.Text("complaint_too_long", MaxComplaint)))
	}
	var n int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM bill_complaints WHERE bill_id = ? AND user_id = ?`, b.ID, u.ID).Scan(&n); err != nil {
		return nil, err
	}
	if n >= MaxBillComplain {
		return nil, apperr.Invalid("too_many_complaints", msgs.Text("too_many_complaints", MaxBillComplain))
	}
	bl, ok := s.reg.Biller(b.Biller)
	if !ok {
		return nil, apperr.NotFound("biller", msgs.Text("biller_not_found", b.Biller))
	}
	ticket, err := bl.Complain(ctx, Complaint{BillID: b.BillerBillID, Customer: b.Customer, PaymentRef: b.PaidBy, Text: text})
	if err != nil {
		return nil, fmt.Errorf("bills: complain to %s: %w", b.Biller, err)
	}
	t := &Ticket{Bill: b.ID, Ticket: ticket, Status: "open", CreatedAt: s.now().UTC().Truncate(time.Microsecond)}
	var payment any
	if b.PaidBy != "" {
		payment = b.PaidBy
	}
	t.ID, err = db.InsertID(ctx, s.db, `INSERT INTO bill_complaints (bill_id, user_id, payment_id, body, status, ticket, created_at)
		VALUES (?, ?, ?, ?, 'open', ?, ?)`, b.ID, u.ID, payment, text, ticket, t.CreatedAt)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// Package bills is the bill-payment hub (issue 12): a registry of billers behind one interface
// — fetch bills by customer code, pay, a payment's status, complaints — modelled on India's
// Bharat Bill Payment System (BBPS), and the Store of what motcua keeps: bills as fetched, who
// paid them through the ledger, the customer codes citizens save and their complaints.
//
// The ledger (internal/payment) reaches a bill through Store.Owed and Store.Paid, with the
// bill's id as its reference (kind "bill"); Paid queues the confirmation to the biller on the
// durable job queue, in the ledger's transaction.
package bills

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/i18n"
)

// Category is a kind of biller, as the pages group them.
type Category string

// The categories of CONTRACT.md "Bills".
const (
	Electricity Category = "electricity"
	Water       Category = "water"
	Telecom     Category = "telecom"
	Parking     Category = "parking"
	SchoolFee   Category = "school_fee"
)

// Categories lists every category in the order the pages show them.
var Categories = []Category{Electricity, Water, Telecom, Parking, SchoolFee}

// Valid reports whether c is a known category.
func (c Category) Valid() bool {
	for _, x := range Categories {
		if c == x {
			return true
		}
	}
	return false
}

// Info describes a biller.
type Info struct {
	Code     string // the registry's key, e.g. "EVNHANOI"
	Name     string // in Vietnamese, a proper name
	Category Category
	// CustomerLabel is what the biller calls the customer code ("Mã khách hàng"), and
	// CustomerHint where to find it and how it looks.
	CustomerLabel, CustomerHint i18n.Text
	// Pattern is what a customer code looks like once normalised (Normalize).
	Pattern *regexp.Regexp
	// Samples are customer codes that have bills, for demo billers only (CONTRACT.md:
	// sample_customer); real billers leave it empty.
	Samples []string
}

// Statement is one bill as the biller gives it.
type Statement struct {
	ID          string // the biller's id of the bill, unique for the biller
	Period      string // YYYY-MM, or a school term
	Description string // in Vietnamese
	AmountVND   int64
	DueOn       string // YYYY-MM-DD
	Paid        bool   // the biller already holds it paid (at a counter, by another channel)
}

// Payment is a payment made through motcua that the biller is told of.
type Payment struct {
	Ref       string // the ledger's payment id: Pay is idempotent by it
	BillID    string // the biller's id of the bill
	Customer  string
	AmountVND int64
	PaidAt    time.Time
}

// PaymentState is what a biller knows of a payment.
type PaymentState string

const (
	StateConfirmed PaymentState = "confirmed"
	StateUnknown   PaymentState = "unknown"
)

// Complaint is a complaint a citizen files about a bill or its payment.
type Complaint struct {
	BillID     string // the biller's id of the bill
	Customer   string
	PaymentRef string // the ledger's payment id, when the bill was paid through motcua
	Text       string
}

// ErrUnknownCustomer is what Fetch returns for a customer code the biller does not know.
var ErrUnknownCustomer = errors.New("bills: unknown customer")

// Biller is one biller behind the hub (BBPS's biller operating unit). Its methods talk to the
// biller's system and may fail; the Store retries Pay on the job queue.
type Biller interface {
	Info() Info
	// Fetch returns the customer's recent bills; ErrUnknownCustomer for an unknown code.
	Fetch(ctx context.Context, customer string) ([]Statement, error)
	// Pay confirms a payment to the biller and returns the biller's receipt reference. It is
	// idempotent by p.Ref: confirming the same payment again returns the same receipt.
	Pay(ctx context.Context, p Payment) (receipt string, err error)
	// Status is what the biller knows of the payment ref.
	Status(ctx context.Context, ref string) (PaymentState, string, error)
	// Complain files a complaint and returns the biller's ticket.
	Complain(ctx context.Context, c Complaint) (ticket string, err error)
}

// Registry holds the billers by code, in the order they were given.
type Registry struct {
	list []Biller
	by   map[string]Biller
}

// NewRegistry checks each biller's Info and returns the registry of them; a code given twice
// is an error.
func NewRegistry(billers ...Biller) (*Registry, error) {
	r := &Registry{by: map[string]Biller{}}
	for _, b := range billers {
		in := b.Info()
		switch {
		case in.Code == "" || in.Code != strings.ToUpper(in.Code) || strings.ContainsAny(in.Code, " /?#"):
			return nil, fmt.Errorf("bills: biller code %q is not an upper-case code", in.Code)
		case in.Name == "" || !in.Category.Valid() || in.Pattern == nil:
			return nil, fmt.Errorf("bills: biller %s needs a name, a known category and a pattern", in.Code)
		case r.by[in.Code] != nil:
			return nil, fmt.Errorf("bills: biller %s registered twice", in.Code)
		}
		r.list, r.by[in.Code] = append(r.list, b), b
	}
	return r, nil
}

// Billers returns every biller's Info in order.
func (r *Registry) Billers() []Info {
	if r == nil {
		return nil
	}
	out := make([]Info, len(r.list))
	for i, b := range r.list {
		out[i] = b.Info()
	}
	return out
}

// Biller returns the biller of that code.
func (r *Registry) Biller(code string) (Biller, bool) {
	if r == nil {
		return nil, false
	}
	b, ok := r.by[code]
	return b, ok
}

// MaxCustomerLen bounds a customer code as typed, before normalising.
const MaxCustomerLen = 64

// Normalize is a customer code as billers match it: NFC, upper case, without the spaces, dots
// and dashes people type in phone numbers and number plates ("30A-123.45" is "30A12345").
func Normalize(customer string) string {
	s := strings.ToUpper(norm.NFC.String(strings.TrimSpace(customer)))
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '-', '\t':
			return -1
		}
		return r
	}, s)
}

package vnpay

import (
	"context"
	"crypto/hmac"
	"encoding/hex"
	"errors"
	"net/url"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/vntime"
)

// Payment is what VNPay reports of one attempt, read from a verified IPN or return URL.
type Payment struct {
	TmnCode           string
	TxnRef            string
	AmountVND         int64 // vnp_Amount / 100; 0 when vnp_Amount is not a positive whole number of đồng × 100
	ResponseCode      string
	TransactionStatus string
	TransactionNo     string // VNPay's own number for the transaction
	BankCode          string
	BankTranNo        string
	CardType          string
	OrderInfo         string
	PayDate           time.Time // zero when absent or malformed
}

// Paid reports whether VNPay says the money was taken: both codes "00".
func (p Payment) Paid() bool { return p.ResponseCode == "00" && p.TransactionStatus == "00" }

// Pending reports whether VNPay says the transaction is not finished, so that its result is
// not final (standards.md §2): vnp_TransactionStatus 01 (pending), or the debit held as
// suspected fraud (vnp_ResponseCode or vnp_TransactionStatus 07: the money is taken, and VNPay
// or the merchant still accepts or rejects it). Any other result that is not Paid is a failure:
// 02 (error), 04 (reversed: the bank gives the money back), and the payer's or bank's refusals
// (24 cancelled, 11 timeout, 51 insufficient funds, ...).
func (p Payment) Pending() bool {
	if p.Paid() {
		return false
	}
	return p.TransactionStatus == "01" || p.Suspected()
}

// Suspected reports a debit VNPay holds as suspected fraud (code 07), for the merchant to review.
func (p Payment) Suspected() bool { return p.ResponseCode == "07" || p.TransactionStatus == "07" }

// Why a query fails verification.
type Reason string

const (
	ReasonNoHash    Reason = "no_hash"         // vnp_SecureHash missing
	ReasonBadHash   Reason = "malformed_hash"  // not 128 hex digits
	ReasonDuplicate Reason = "duplicate_field" // a vnp_ field given twice
	ReasonMismatch  Reason = "hash_mismatch"   // signed with another secret, or a field changed
)

// SignatureError is why a callback is not VNPay's; its IPN reply is 97.
type SignatureError struct{ Reason Reason }

func (e *SignatureError) Error() string { return "vnpay: bad signature: " + string(e.Reason) }

// VerifyIPN checks the signature of VNPay's server-to-server call and reads its fields; the error
// is a *SignatureError. A verified IPN is the only thing that may change a payment's state.
func (m *Merchant) VerifyIPN(q url.Values) (Payment, error) { return verify(m.cfg.HashSecret, q) }

// VerifyReturn checks the query the payer's browser brings back. It is for display only:
// the browser's word changes nothing, the IPN does.
func (m *Merchant) VerifyReturn(q url.Values) (Payment, error) { return verify(m.cfg.HashSecret, q) }

func verify(secret string, q url.Values) (Payment, error) {
	if err := checkQuery(secret, q); err != nil {
		return Payment{}, err
	}
	return parse(q), nil
}

// checkQuery checks the vnp_SecureHash of a signed query (a pay URL, an IPN, a return URL).
func checkQuery(secret string, q url.Values) error {
	hs := q[fieldHash]
	if len(hs) > 1 {
		return &SignatureError{ReasonDuplicate}
	}
	var h string
	if len(hs) == 1 {
		h = hs[0]
	}
	c, err := Canonical(q)
	if err != nil {
		return &SignatureError{ReasonDuplicate}
	}
	return checkHash(secret, c, h)
}

// checkHash compares a received hex signature with the HMAC of the signed text, in constant
// time and in either case.
func checkHash(secret, signed, hash string) error {
	if hash == "" {
		return &SignatureError{ReasonNoHash}
	}
	got, err := hex.DecodeString(hash)
	if err != nil || len(got) != 64 {
		return &SignatureError{ReasonBadHash}
	}
	want, _ := hex.DecodeString(Sign(secret, signed))
	if !hmac.Equal(got, want) {
		return &SignatureError{ReasonMismatch}
	}
	return nil
}

func parse(q url.Values) Payment {
	p := Payment{
		TmnCode:           q.Get("vnp_TmnCode"),
		TxnRef:            q.Get("vnp_TxnRef"),
		AmountVND:         amountVND(q.Get("vnp_Amount")),
		ResponseCode:      q.Get("vnp_ResponseCode"),
		TransactionStatus: q.Get("vnp_TransactionStatus"),
		TransactionNo:     q.Get("vnp_TransactionNo"),
		BankCode:          q.Get("vnp_BankCode"),
		BankTranNo:        q.Get("vnp_BankTranNo"),
		CardType:          q.Get("vnp_CardType"),
		OrderInfo:         q.Get("vnp_OrderInfo"),
	}
	if t, err := time.ParseInLocation(DateLayout, q.Get("vnp_PayDate"), vntime.Location()); err == nil {
		p.PayDate = t
	}
	return p
}

// amountVND reads vnp_Amount: digits only, a whole number of đồng × 100.
func amountVND(s string) int64 {
	if s == "" || len(s) > 19 {
		return 0
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n%100 != 0 {
		return 0
	}
	return n / 100
}

// Reply is the JSON body the IPN endpoint answers VNPay with.
type Reply struct {
	RspCode string `json:"RspCode"`
	Message string `json:"Message"`
}

// The IPN replies (VNPay's sample code; standards.md §2). VNPay retries on anything but 00 and 02.
var (
	ReplyConfirmed        = Reply{"00", "Confirm Success"}
	ReplyOrderNotFound    = Reply{"01", "Order not found"}
	ReplyAlreadyConfirmed = Reply{"02", "Order already confirmed"}
	ReplyInvalidAmount    = Reply{"04", "Invalid amount"}
	ReplyInvalidSignature = Reply{"97", "Invalid signature"}
	ReplyUnknownError     = Reply{"99", "Unknown error"}
)

// Errors a Ledger returns for the replies they stand for; any other error replies 99.
var (
	ErrOrderNotFound    = errors.New("vnpay: order not found")
	ErrAlreadyConfirmed = errors.New("vnpay: order already confirmed")
)

// OrderState is what the merchant knows of an order when its IPN arrives.
type OrderState struct {
	AmountVND int64
	Paid      bool // a success is recorded: every later IPN is a repeat (02)
	// Failed: a failure is recorded. A later success still counts, since the money moved (a
	// reordered or corrected notification); any other later IPN is a repeat (02).
	Failed bool
}

// Ledger is where the merchant keeps its orders. Record records a result, final or pending
// (Payment.Pending: the event only, the order stays open); it must itself refuse with
// ErrAlreadyConfirmed what the state it finds under its lock makes a repeat, since two IPNs may
// pass the Order check together.
type Ledger interface {
	Order(ctx context.Context, txnRef string) (OrderState, error)
	Record(ctx context.Context, p Payment) error
}

// Repeat reports whether an IPN saying p is a repeat for an order in state o: anything after a
// success, anything but a success after a failure.
func (o OrderState) Repeat(p Payment) bool { return o.Paid || o.Failed && !p.Paid() }

// AnswerIPN runs the IPN's checks in VNPay's order and records the result: 97 bad signature,
// 01 unknown order, 04 amount differs, 02 already confirmed (OrderState.Repeat), then Record
// (paid, failed or pending) and 00; 99 when the ledger fails.
func (m *Merchant) AnswerIPN(ctx context.Context, q url.Values, l Ledger) Reply {
	p, err := m.VerifyIPN(q)
	return Answer(ctx, p, err, l)
}

// Answer is AnswerIPN on VerifyIPN's result.
func Answer(ctx context.Context, p Payment, verifyErr error, l Ledger) Reply {
	if verifyErr != nil {
		return ReplyInvalidSignature
	}
	if p.TxnRef == "" {
		return ReplyOrderNotFound
	}
	o, err := l.Order(ctx, p.TxnRef)
	switch {
	case errors.Is(err, ErrOrderNotFound):
		return ReplyOrderNotFound
	case err != nil:
		return ReplyUnknownError
	}
	if p.AmountVND <= 0 || p.AmountVND != o.AmountVND {
		return ReplyInvalidAmount
	}
	if o.Repeat(p) {
		return ReplyAlreadyConfirmed
	}
	switch err := l.Record(ctx, p); {
	case errors.Is(err, ErrAlreadyConfirmed):
		return ReplyAlreadyConfirmed
	case err != nil:
		return ReplyUnknownError
	}
	return ReplyConfirmed
}

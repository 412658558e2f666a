package vnpay

import (
	"net/url"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/vntime"
)

// Gateway is VNPay's side of the protocol for one terminal: it checks the pay URLs merchants
// send payers to, and signs what it reports back (the IPN, the return URL, querydr's answer).
// The built-in sandbox is its one user; the signatures are the merchant side's, not a copy.
type Gateway struct{ cfg Config }

// NewGateway returns the gateway side of a valid terminal configuration.
func NewGateway(cfg Config) (*Gateway, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Gateway{cfg: cfg}, nil
}

// TmnCode is the terminal the gateway serves.
func (g *Gateway) TmnCode() string { return g.cfg.TmnCode }

// String describes the terminal without its secret.
func (g *Gateway) String() string { return g.cfg.String() }

// GoString is String for %#v.
func (g *Gateway) GoString() string { return g.cfg.String() }

// PayRequest is a verified pay URL, as the gateway reads it.
type PayRequest struct {
	TmnCode    string
	TxnRef     string
	AmountVND  int64
	OrderInfo  string
	OrderType  string
	ReturnURL  string
	IPAddr     string
	Locale     string
	BankCode   string    // the payment method the merchant chose, if any
	CreateDate string    // vnp_CreateDate as sent: querydr names the attempt by it
	CreateAt   time.Time // vnp_CreateDate read in GMT+7
	ExpireAt   time.Time // vnp_ExpireDate read in GMT+7
}

// ErrWrongTerminal is VerifyPay's and ReadQuery's error for a request signed for another
// terminal: VNPay's "website not found" on the pay page, querydr's 02.
var ErrWrongTerminal = &InputError{Fields: []FieldError{{"TmnCode", "unknown_terminal"}}}

// VerifyPay checks a pay URL's query as VNPay does before showing its page: the signature (a
// *SignatureError), the terminal (ErrWrongTerminal), then every field (an *InputError naming
// the vnp_ fields), and that the payer is not past vnp_ExpireDate at now (field
// vnp_ExpireDate, code "expired"). A zero now skips that last check, for a gateway that
// records a late confirmation as timed out (11) rather than refusing it.
func (g *Gateway) VerifyPay(q url.Values, now time.Time) (PayRequest, error) {
	if err := checkQuery(g.cfg.HashSecret, q); err != nil {
		return PayRequest{}, err
	}
	if q.Get("vnp_TmnCode") != g.cfg.TmnCode {
		return PayRequest{}, ErrWrongTerminal
	}
	loc := vntime.Location()
	p := PayRequest{
		TmnCode:    g.cfg.TmnCode,
		TxnRef:     q.Get("vnp_TxnRef"),
		AmountVND:  amountVND(q.Get("vnp_Amount")),
		OrderInfo:  q.Get("vnp_OrderInfo"),
		OrderType:  q.Get("vnp_OrderType"),
		ReturnURL:  q.Get("vnp_ReturnUrl"),
		IPAddr:     q.Get("vnp_IpAddr"),
		Locale:     q.Get("vnp_Locale"),
		BankCode:   q.Get("vnp_BankCode"),
		CreateDate: q.Get("vnp_CreateDate"),
	}
	var f fields
	if q.Get("vnp_Version") != Version {
		f.add("vnp_Version", "not_2.1.0")
	}
	if q.Get("vnp_Command") != CommandPay {
		f.add("vnp_Command", "not_pay")
	}
	if q.Get("vnp_CurrCode") != CurrVND {
		f.add("vnp_CurrCode", "not_vnd")
	}
	// Order.validate holds the merchant to the same bounds; the gateway reads them back.
	o := Order{TxnRef: p.TxnRef, AmountVND: p.AmountVND, Info: p.OrderInfo, OrderType: p.OrderType,
		ReturnURL: p.ReturnURL, IPAddr: p.IPAddr, Locale: p.Locale, BankCode: p.BankCode}
	if p.AmountVND <= 0 {
		f.add("vnp_Amount", "not_whole_dong_x100") // missing, not digits, zero or with cents
	}
	var err error
	if p.CreateAt, err = time.ParseInLocation(DateLayout, p.CreateDate, loc); err != nil {
		f.add("vnp_CreateDate", "malformed")
	}
	o.CreateAt = p.CreateAt
	if p.ExpireAt, err = time.ParseInLocation(DateLayout, q.Get("vnp_ExpireDate"), loc); err != nil {
		f.add("vnp_ExpireDate", "malformed")
	} else {
		o.ExpireAt = p.ExpireAt
	}
	if e, ok := o.validate().(*InputError); ok {
		for _, fe := range e.Fields {
			if name, ok := orderField[fe.Field]; ok && !f.has(name) {
				f.add(name, fe.Code)
			}
		}
	}
	if len(f) == 0 && !now.Before(p.ExpireAt) {
		f.add("vnp_ExpireDate", "expired")
	}
	if err := f.err(); err != nil {
		return PayRequest{}, err
	}
	return p, nil
}

// orderField names an Order field by the vnp_ field it is sent as.
var orderField = map[string]string{
	"TxnRef": "vnp_TxnRef", "AmountVND": "vnp_Amount", "Info": "vnp_OrderInfo",
	"OrderType": "vnp_OrderType", "ReturnURL": "vnp_ReturnUrl", "IPAddr": "vnp_IpAddr",
	"Locale": "vnp_Locale", "BankCode": "vnp_BankCode", "ExpireAt": "vnp_ExpireDate",
}

// Notification returns the signed query of the IPN (and of the return URL, which carries the
// same fields) reporting p: vnp_Amount in đồng × 100, vnp_PayDate in GMT+7, empty fields left
// out, vnp_SecureHash last.
func (g *Gateway) Notification(p Payment) url.Values {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("vnp_TmnCode", g.cfg.TmnCode)
	set("vnp_TxnRef", p.TxnRef)
	if p.AmountVND > 0 {
		set("vnp_Amount", strconv.FormatInt(p.AmountVND*100, 10))
	}
	set("vnp_OrderInfo", p.OrderInfo)
	set("vnp_ResponseCode", p.ResponseCode)
	set("vnp_TransactionStatus", p.TransactionStatus)
	set("vnp_TransactionNo", p.TransactionNo)
	set("vnp_BankCode", p.BankCode)
	set("vnp_BankTranNo", p.BankTranNo)
	set("vnp_CardType", p.CardType)
	if !p.PayDate.IsZero() {
		set("vnp_PayDate", p.PayDate.In(vntime.Location()).Format(DateLayout))
	}
	c, _ := Canonical(q) // each field set once
	q.Set(fieldHash, Sign(g.cfg.HashSecret, c))
	return q
}

package vnpay

import (
	"math"
	"net"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/vntime"
)

// Bounds of an order's fields (VNPay's field lengths; amounts in whole đồng).
const (
	MaxTxnRef    = 100
	MaxOrderInfo = 255
	MaxReturnURL = 255
	// MaxAmountVND keeps vnp_Amount (đồng × 100) within an int64.
	MaxAmountVND = math.MaxInt64 / 100
	// DefaultExpiry is how long the payer has when an order sets no ExpireAt.
	DefaultExpiry = 15 * time.Minute
)

// Order is one payment attempt to send the payer to VNPay for.
type Order struct {
	TxnRef    string    // vnp_TxnRef: unique per attempt; letters, digits, . _ -
	AmountVND int64     // whole đồng; sent as vnp_Amount = AmountVND × 100
	Info      string    // vnp_OrderInfo: no diacritics, only letters, digits, space and . : _ -
	OrderType string    // vnp_OrderType; "other" when empty
	ReturnURL string    // vnp_ReturnUrl: absolute http(s) URL the payer's browser returns to
	IPAddr    string    // vnp_IpAddr: the payer's IP address
	Locale    string    // vnp_Locale: "vn" (default) or "en"
	BankCode  string    // vnp_BankCode: optional (VNPAYQR, VNBANK, INTCARD, NCB, …)
	CreateAt  time.Time // vnp_CreateDate, written in Asia/Ho_Chi_Minh
	ExpireAt  time.Time // vnp_ExpireDate; CreateAt + DefaultExpiry when zero
}

// Query returns the order's signed fields, vnp_SecureHash excluded; an *InputError lists every
// bad field.
func (m *Merchant) Query(o Order) (url.Values, error) {
	if o.OrderType == "" {
		o.OrderType = "other"
	}
	if o.Locale == "" {
		o.Locale = "vn"
	}
	if o.ExpireAt.IsZero() && !o.CreateAt.IsZero() {
		o.ExpireAt = o.CreateAt.Add(DefaultExpiry)
	}
	if err := o.validate(); err != nil {
		return nil, err
	}
	loc := vntime.Location()
	q := url.Values{
		"vnp_Version":    {Version},
		"vnp_Command":    {CommandPay},
		"vnp_TmnCode":    {m.cfg.TmnCode},
		"vnp_Amount":     {strconv.FormatInt(o.AmountVND*100, 10)},
		"vnp_CurrCode":   {CurrVND},
		"vnp_TxnRef":     {o.TxnRef},
		"vnp_OrderInfo":  {o.Info},
		"vnp_OrderType":  {o.OrderType},
		"vnp_Locale":     {o.Locale},
		"vnp_ReturnUrl":  {o.ReturnURL},
		"vnp_IpAddr":     {o.IPAddr},
		"vnp_CreateDate": {o.CreateAt.In(loc).Format(DateLayout)},
		"vnp_ExpireDate": {o.ExpireAt.In(loc).Format(DateLayout)},
	}
	if o.BankCode != "" {
		q.Set("vnp_BankCode", o.BankCode)
	}
	return q, nil
}

// PaymentURL returns the signed URL of the gateway's pay page for o.
func (m *Merchant) PaymentURL(o Order) (string, error) {
	q, err := m.Query(o)
	if err != nil {
		return "", err
	}
	c, err := Canonical(q)
	if err != nil {
		return "", err // unreachable: Query sets each field once
	}
	// url.Values.Encode sorts and form-encodes alike, and no value is empty: the query is the
	// canonical text itself.
	return m.cfg.URL + "?" + c + "&" + fieldHash + "=" + Sign(m.cfg.HashSecret, c), nil
}

func (o Order) validate() error {
	var f fields
	if o.TxnRef == "" || len(o.TxnRef) > MaxTxnRef || !onlyChars(o.TxnRef, "._-") {
		f.add("TxnRef", "invalid_ref")
	}
	switch {
	case o.AmountVND <= 0:
		f.add("AmountVND", "not_positive")
	case o.AmountVND > MaxAmountVND:
		f.add("AmountVND", "too_large")
	}
	// Encoders disagree on ~ and * (standards.md §2), and VNPay wants no diacritics.
	if o.Info == "" || len(o.Info) > MaxOrderInfo || !onlyChars(o.Info, " .:_-") {
		f.add("Info", "invalid_info")
	}
	if len(o.OrderType) > 20 || !onlyChars(o.OrderType, "_") {
		f.add("OrderType", "invalid_type")
	}
	if u, err := url.Parse(o.ReturnURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") ||
		u.Host == "" || len(o.ReturnURL) > MaxReturnURL || !utf8.ValidString(o.ReturnURL) {
		f.add("ReturnURL", "not_http_url")
	}
	if net.ParseIP(o.IPAddr) == nil {
		f.add("IPAddr", "invalid_ip")
	}
	if o.Locale != "vn" && o.Locale != "en" {
		f.add("Locale", "not_vn_or_en")
	}
	if o.BankCode != "" && (len(o.BankCode) > 20 || !onlyChars(o.BankCode, "")) {
		f.add("BankCode", "invalid_bank")
	}
	if o.CreateAt.IsZero() {
		f.add("CreateAt", "required")
	} else if !o.ExpireAt.After(o.CreateAt) {
		f.add("ExpireAt", "not_after_create")
	}
	return f.err()
}

// onlyChars: s is ASCII letters and digits and the extra bytes only.
func onlyChars(s, extra string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
		for j := 0; !ok && j < len(extra); j++ {
			ok = c == extra[j]
		}
		if !ok {
			return false
		}
	}
	return true
}

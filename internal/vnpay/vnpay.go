// Package vnpay speaks VNPay's payment gateway protocol, version 2.1.0: the merchant's
// configuration, the HMAC-SHA512 signature over the sorted vnp_ fields, the signed payment URL,
// and the verification of the IPN and the return URL, with the IPN's reply codes in VNPay's order
// of checks.
//
// Sources: VNPay's docs, sandbox.vnpayment.vn/apis/docs/thanh-toan-pay/pay.html (parameters,
// IPN, reply codes) and …/chuyen-doi-thuat-toan/changeTypeHash.html (2.1.0: HMAC-SHA512,
// vnp_SecureHashType no longer sent), as summarised with test vectors in the project's
// shared/domain/standards.md §2.
//
// It is a leaf: the standard library and vntime only. It records nothing; the ledger plugs into
// the IPN's checks through the Ledger interface.
package vnpay

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"net/url"
	"sort"
	"strings"
)

// Protocol constants of VNPay 2.1.0.
const (
	Version    = "2.1.0"
	CommandPay = "pay"
	CurrVND    = "VND"
	// SandboxURL is VNPay's test gateway.
	SandboxURL = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
	// DateLayout is vnp_CreateDate, vnp_ExpireDate and vnp_PayDate: yyyyMMddHHmmss, GMT+7.
	DateLayout = "20060102150405"
)

const (
	fieldHash     = "vnp_SecureHash"
	fieldHashType = "vnp_SecureHashType"
)

// Config is a merchant's terminal at VNPay.
type Config struct {
	TmnCode    string // vnp_TmnCode, 8 letters or digits issued by VNPay
	HashSecret string // the secret VNPay issues with the terminal
	URL        string // the gateway's pay page: https://…/vpcpay.html, or a path for a local stand-in
}

// FieldError names one bad input field (the Go field's name, e.g. "AmountVND") and a stable
// code for why; the caller turns it into a message for people.
type FieldError struct {
	Field string
	Code  string
}

// InputError lists every bad field of a Config or an Order.
type InputError struct{ Fields []FieldError }

func (e *InputError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Code
	}
	return "vnpay: invalid input: " + strings.Join(parts, "; ")
}

type fields []FieldError

func (f *fields) add(field, code string) { *f = append(*f, FieldError{field, code}) }

func (f fields) has(field string) bool {
	for _, e := range f {
		if e.Field == field {
			return true
		}
	}
	return false
}

func (f fields) err() error {
	if len(f) == 0 {
		return nil
	}
	return &InputError{Fields: f}
}

// Validate checks the configuration; it returns an *InputError.
func (c Config) Validate() error {
	var f fields
	if !isAlnum(c.TmnCode) || len(c.TmnCode) != 8 {
		f.add("TmnCode", "not_8_alnum")
	}
	if c.HashSecret == "" {
		f.add("HashSecret", "required")
	} else if strings.TrimSpace(c.HashSecret) != c.HashSecret {
		f.add("HashSecret", "surrounding_space")
	}
	if code := checkGatewayURL(c.URL); code != "" {
		f.add("URL", code)
	}
	return f.err()
}

// checkGatewayURL accepts an absolute http(s) URL with a host, or a rooted path (the built-in
// sandbox on the same server), without query, fragment or credentials.
func checkGatewayURL(s string) string {
	if s == "" {
		return "required"
	}
	u, err := url.Parse(s)
	if err != nil {
		return "malformed"
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil || u.Opaque != "" {
		return "query_fragment_or_credentials"
	}
	if u.Scheme == "" && u.Host == "" && strings.HasPrefix(u.Path, "/") && !strings.HasPrefix(u.Path, "//") {
		return ""
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "not_http_url"
	}
	return ""
}

// Merchant signs payment URLs and verifies VNPay's callbacks for one terminal.
type Merchant struct{ cfg Config }

// New returns the merchant for a valid configuration.
func New(cfg Config) (*Merchant, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Merchant{cfg: cfg}, nil
}

// ErrDuplicateField is Canonical's error for a vnp_ field given more than once: VNPay sends each
// once, and servers disagree on which of two values counts, so such a query is refused.
var ErrDuplicateField = errors.New("vnpay: a vnp_ field is repeated")

// Canonical is the text VNPay signs: every vnp_ field but vnp_SecureHash and
// vnp_SecureHashType, empty values dropped, keys sorted bytewise, each written
// urlencode(key)=urlencode(value) with form encoding (space as +) and joined with &.
func Canonical(q url.Values) (string, error) {
	keys := make([]string, 0, len(q))
	for k, vs := range q {
		if !strings.HasPrefix(k, "vnp_") || k == fieldHash || k == fieldHashType {
			continue
		}
		if len(vs) > 1 {
			return "", ErrDuplicateField
		}
		if len(vs) == 0 || vs[0] == "" {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(k))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(q[k][0]))
	}
	return b.String(), nil
}

// Sign returns the lower-case hex HMAC-SHA512 of the canonical text under secret.
func Sign(secret, canonical string) string {
	m := hmac.New(sha512.New, []byte(secret))
	m.Write([]byte(canonical))
	return hex.EncodeToString(m.Sum(nil))
}

// SignQuery signs q's vnp_ fields; it fails only on a repeated vnp_ field.
func SignQuery(secret string, q url.Values) (string, error) {
	c, err := Canonical(q)
	if err != nil {
		return "", err
	}
	return Sign(secret, c), nil
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// String describes the terminal without its secret, so that a logged Config leaks nothing.
func (c Config) String() string {
	return "vnpay.Config{TmnCode: " + c.TmnCode + ", HashSecret: ***, URL: " + c.URL + "}"
}

// GoString is String for %#v.
func (c Config) GoString() string { return c.String() }

// String is the Config's String: a printed Merchant leaks no secret either.
func (m *Merchant) String() string { return m.cfg.String() }

// GoString is String for %#v.
func (m *Merchant) GoString() string { return m.cfg.String() }

// Package vietqr builds and reads VietQR payloads: the NAPAS 247 QR format for a transfer to
// a bank account or card, on the EMVCo Merchant-Presented Mode (MPM) data objects. Sources:
// NAPAS, Technical Specifications on NAPAS QR Switching, Part IV: QR Code Format, v1.5.2
// (2021); EMVCo QR Code Specification for Payment Systems, MPM, v1.1; the vectors and notes of
// shared/domain/standards.md §1. It is a leaf: standard library and the QR encoder only.
package vietqr

import (
	"strconv"
	"strings"
)

// Service is the NAPAS service code, object 38.02.
type Service string

// The transfer services of NAPAS Part IV: to an account (QRIBFTTA) or to a card (QRIBFTTC).
const (
	ToAccount Service = "QRIBFTTA"
	ToCard    Service = "QRIBFTTC"
)

// NAPAS's application identifier, object 38.00.
const napasGUID = "A000000727"

// Limits of the EMVCo MPM data objects and of what VietQR implementations accept.
const (
	MaxAccount      = 19 // 38.01.01, account or card number (NAPAS Part IV)
	MaxAmountDigits = 13 // 54, transaction amount (EMVCo MPM: up to 13 characters)
	MaxPurpose      = 25 // 62.08 and 62.01: EMVCo's ans..25; subiz and giautm cap the memo alike
	MaxMerchantName = 25 // 59 (EMVCo MPM)
	MaxMerchantCity = 15 // 60 (EMVCo MPM)
	MaxPayload      = 512
)

// Payment is what a VietQR code asks the payer's bank to do: transfer to Account (or card) at
// the bank BIN, optionally a fixed Amount in đồng, with Purpose as the transfer memo.
type Payment struct {
	BIN     string  // acquirer BIN, six digits (SBV list, e.g. 970436 Vietcombank)
	Account string  // account number, or card number 9704… when Service is ToCard
	Service Service // ToAccount when empty
	Dynamic bool    // point of initiation 12 (one payment) instead of 11 (reusable)
	Amount  int64   // integer đồng; 0 = the payer types it (static codes only)
	Bill    string  // 62.01 bill number, optional
	Purpose string  // 62.08 purpose of transaction: the reference a statement is matched by
	// Merchant name and city (59, 60), optional: NAPAS transfer codes leave them out.
	MerchantName string
	MerchantCity string
}

// Error is a bad input or a malformed payload: which field and why.
type Error struct {
	Field  string // a Payment field (bin, account, …) or a payload object ID path (38.01.00)
	Reason string
}

func (e *Error) Error() string { return "vietqr: " + e.Field + ": " + e.Reason }

func errf(field, reason string) *Error { return &Error{Field: field, Reason: reason} }

// Encode returns the payload of p with its CRC, objects in ascending ID order as NAPAS's
// examples (Part IV §6.1.2–6.1.4) and EMVCo MPM recommend.
func Encode(p Payment) (string, error) {
	if err := p.check(); err != nil {
		return "", err
	}
	svc := p.Service
	if svc == "" {
		svc = ToAccount
	}
	var b strings.Builder
	b.WriteString(tlv("00", "01")) // payload format indicator (M)
	if p.Dynamic {
		b.WriteString(tlv("01", "12"))
	} else {
		b.WriteString(tlv("01", "11"))
	}
	// 38: NAPAS's merchant account information (EMVCo IDs 26–51), GUID, beneficiary, service.
	b.WriteString(tlv("38", tlv("00", napasGUID)+tlv("01", tlv("00", p.BIN)+tlv("01", p.Account))+tlv("02", string(svc))))
	b.WriteString(tlv("53", "704")) // ISO 4217 VND
	if p.Amount > 0 {
		b.WriteString(tlv("54", strconv.FormatInt(p.Amount, 10)))
	}
	b.WriteString(tlv("58", "VN"))
	if p.MerchantName != "" {
		b.WriteString(tlv("59", p.MerchantName))
	}
	if p.MerchantCity != "" {
		b.WriteString(tlv("60", p.MerchantCity))
	}
	if add := tlvIf("01", p.Bill) + tlvIf("08", p.Purpose); add != "" {
		b.WriteString(tlv("62", add))
	}
	// The field bounds keep every object under 100 characters and the whole under 230, within
	// EMVCo's 512 (TestLongest); Parse enforces the 512 on what it reads.
	b.WriteString("6304")
	return b.String() + CRC(b.String()), nil
}

// check validates p by the rules Encode and Parse share.
func (p Payment) check() error {
	if !digits(p.BIN) || len(p.BIN) != 6 {
		return errf("bin", "want 6 digits")
	}
	switch p.Service {
	case "", ToAccount:
		if p.Account == "" || len(p.Account) > MaxAccount {
			return errf("account", "want 1 to "+strconv.Itoa(MaxAccount)+" characters")
		}
		for _, c := range []byte(p.Account) {
			if !isDigit(c) && (c < 'A' || c > 'Z') {
				return errf("account", "want only digits and capital letters A-Z")
			}
		}
	case ToCard:
		// NAPAS cards: domestic BIN 9704, 16 or 19 digits.
		if !digits(p.Account) || !strings.HasPrefix(p.Account, "9704") || (len(p.Account) != 16 && len(p.Account) != 19) {
			return errf("account", "a card number is 16 or 19 digits starting 9704")
		}
	default:
		return errf("service", "want QRIBFTTA or QRIBFTTC")
	}
	switch {
	case p.Amount < 0:
		return errf("amount", "negative")
	case p.Amount == 0 && p.Dynamic:
		return errf("amount", "a dynamic code needs an amount above 0")
	case len(strconv.FormatInt(p.Amount, 10)) > MaxAmountDigits:
		return errf("amount", "more than "+strconv.Itoa(MaxAmountDigits)+" digits")
	}
	for _, f := range []struct {
		name, v string
		max     int
	}{
		{"bill", p.Bill, MaxPurpose},
		{"purpose", p.Purpose, MaxPurpose},
		{"merchant_name", p.MerchantName, MaxMerchantName},
		{"merchant_city", p.MerchantCity, MaxMerchantCity},
	} {
		if err := checkText(f.name, f.v, f.max); err != nil {
			return err
		}
	}
	return nil
}

// checkText holds a text to EMVCo's "ans" set, printable ASCII: a Vietnamese memo must have
// its diacritics removed first (vntext), as banks do, since lengths count characters.
func checkText(field, v string, max int) error {
	if len(v) > max {
		return errf(field, "longer than "+strconv.Itoa(max)+" characters")
	}
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 || v[i] > 0x7e {
			return errf(field, "only printable ASCII (remove diacritics) at byte "+strconv.Itoa(i))
		}
	}
	if v != "" && strings.TrimSpace(v) == "" {
		return errf(field, "only spaces")
	}
	return nil
}

// tlv is one data object: ID, two-digit length, value (EMVCo MPM data organisation).
func tlv(id, v string) string {
	if len(v) > 99 {
		panic("vietqr: object " + id + " longer than 99") // check bounds every value
	}
	return id + strconv.Itoa(len(v)/10) + strconv.Itoa(len(v)%10) + v
}

func tlvIf(id, v string) string {
	if v == "" {
		return ""
	}
	return tlv(id, v)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

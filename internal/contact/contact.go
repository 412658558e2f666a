// Package contact checks and normalises the ways to reach a person in Vietnam: e-mail
// addresses and phone numbers (by libphonenumber's rules for region VN). It is a leaf apart
// from identity so that packages which only record a contact (dossier's applicants) do not
// link sign-in, sessions or OpenID Connect.
package contact

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"

	"github.com/motcua/motcua/internal/apperr"
)

var errPhone = apperr.Invalid("invalid_phone",
	msgs.Text("invalid_phone"))

// NormalizePhone returns a Vietnamese mobile or fixed-line number in E.164 (+84…), by the
// libphonenumber rules for region VN: 0912345678, 0912 345 678, +84912345678 and 84912345678
// are all +84912345678. Old 11-digit mobiles, unassigned prefixes, foreign numbers and
// service numbers (1800 toll-free, 1900 premium) are refused.
func NormalizePhone(s string) (string, error) {
	e164, _, err := ParsePhone(s)
	return e164, err
}

// ParsePhone is NormalizePhone that also tells a mobile number, the only kind that receives
// SMS, from a landline.
func ParsePhone(s string) (e164 string, mobile bool, err error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 32 {
		return "", false, errPhone
	}
	// libphonenumber forgives stray letters ("0912345678x"); a form field should not.
	for i, r := range s {
		if !(r >= '0' && r <= '9' || r == ' ' || r == '.' || r == '-' || r == '(' || r == ')' || r == '+' && i == 0) {
			return "", false, errPhone
		}
	}
	n, err := phonenumbers.Parse(s, "VN")
	if err != nil || !phonenumbers.IsValidNumberForRegion(n, "VN") {
		return "", false, errPhone
	}
	switch phonenumbers.GetNumberType(n) {
	case phonenumbers.MOBILE:
		mobile = true
	case phonenumbers.FIXED_LINE, phonenumbers.FIXED_LINE_OR_MOBILE:
	default:
		return "", false, errPhone
	}
	return phonenumbers.Format(n, phonenumbers.E164), mobile, nil
}

// National writes a Vietnamese number as people read it on paper ("0912 345 678"); a number
// that does not parse is returned as given.
func National(s string) string {
	n, err := phonenumbers.Parse(s, "VN")
	if err != nil || !phonenumbers.IsValidNumberForRegion(n, "VN") {
		return s
	}
	return phonenumbers.Format(n, phonenumbers.NATIONAL)
}

// Local writes a Vietnamese number with its leading 0 and no spaces ("0912345678"), the form
// the application forms' fields ask for; of a number that does not parse only the digits stay.
func Local(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, National(s))
}

var errEmail = apperr.Invalid("invalid_email", msgs.Text("invalid_email"))

// NormalizeEmail returns a bare e-mail address in lower case. It must parse as an RFC 5322
// address without a display name or comments, be at most 254 bytes with a local part of at
// most 64, and have a domain of dot-separated labels with a dot in it.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) > 254 || !utf8.ValidString(s) {
		return "", errEmail
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return "", errEmail
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || len(local) > 64 || strings.ContainsAny(s, " \t\"\\") || strings.Count(s, "@") != 1 {
		return "", errEmail
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return "", errEmail
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return "", errEmail
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r > utf8.RuneSelf) {
				return "", errEmail
			}
		}
	}
	return s, nil
}

package web

import (
	"html/template"
	"net/http"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
)

// Lang is a page's interface language with the message catalog of the pages that speak it.
// Vietnamese is the default; English is complete, chosen with ?lang=en or by Accept-Language
// on a first visit. A procedure's form shows its English ("x-en") on English pages; the rest of
// its content stays Vietnamese, marked lang="vi": it is the legal text.
type Lang struct {
	i18n.Lang
	msg *i18n.Catalog
}

// In is the same catalog in language other.
func (l Lang) In(other i18n.Lang) Lang { return Lang{other, l.msg} }

// EN reports whether the language is English.
func (l Lang) EN() bool { return l.Lang == i18n.EN }

// T returns the message key, formatted with args when there are any. A missing key shows as
// [key]: the tests make sure none is.
func (l Lang) T(key string, args ...any) string {
	if l.msg == nil { // a Lang made without a catalog, for what needs no message
		return "[" + key + "]"
	}
	return l.msg.T(l.Lang, key, args...)
}

// N returns key.one or key.other by n, formatted with n as a number of l.
func (l Lang) N(key string, n int) string {
	if n == 1 {
		return l.T(key+".one", number(n))
	}
	return l.T(key+".other", number(n))
}

// Has reports whether the catalog has key.
func (l Lang) Has(key string) bool { return l.msg != nil && l.msg.Has(key) }

// langCookie remembers the language chosen with ?lang=.
const langCookie = "lang"

// language picks the interface language: ?lang=vi|en (remembered in the lang cookie), then the
// cookie, then on a first visit the first of Vietnamese and English that Accept-Language
// names (by quality), then Vietnamese. A person on a phone set to English who wants
// Vietnamese switches once and the cookie keeps it.
func (s *Site) language(w http.ResponseWriter, r *http.Request) i18n.Lang {
	if q := r.URL.Query().Get("lang"); q == "vi" || q == "en" {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: q, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
		return i18n.Parse(q)
	}
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == "vi" || c.Value == "en") {
		return i18n.Parse(c.Value)
	}
	l, _ := i18n.FromAcceptLanguage(r.Header.Get("Accept-Language"))
	return l
}

// funcs are the template functions for language l.
func (s *Site) funcs(l Lang) template.FuncMap {
	return template.FuncMap{
		"t":        l.T,
		"tn":       l.N,
		"num":      number,
		"money":    money,
		"fee":      func(v *int64) string { return fee(l, v) },
		"date":     func(v any) string { return date(l, v) },
		"dateTime": func(v any) string { return when(l, v) },
		"size":     func(n int64) string { return fileSize(l, n) },
		"status":   func(s dossier.Status) string { return s.Label(l.Lang) },
		"calKind":  func(v any) string { return EnumLabel(l, "cal.kind.", v) },
		"override": func(v any) string { return EnumLabel(l, "override.", v) },
		"ptime":    func(p any) string { return processingTime(l, p) },
		"online":   func(v any) string { return EnumLabel(l, "online.", v) },
		"level":    func(v any) string { return EnumLabel(l, "level.", v) },
		"change":   func(v any) string { return EnumLabel(l, "change.", v) },
		"channel":  func(v any) string { return EnumLabel(l, "channel.", v) },
		"delivery": func(v dossier.Delivery) string { return v.Label(l.Lang) },
		"formats":  formatList,
		"isURL":    isURL,
		"static":   s.staticURL,
		"codeList": func(label string, codes []string) codeList {
			return codeList{Label: label, Codes: codes}
		},
	}
}

// codeList is a labelled list of procedure codes, for the decision_codes template.
type codeList struct {
	Label string
	Codes []string
}

// Text returns key in every language, each formatted with args: for a message made here that
// travels as a domain error's text.
func (l Lang) Text(key string, args ...any) i18n.Text { return l.msg.Text(key, args...) }

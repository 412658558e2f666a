// Package vntext handles Vietnamese text: NFC normalisation, folding for search (no
// diacritics, no case, đ → d) and sorting by Vietnamese collation.
package vntext

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode normalisation form C, the form motcua stores.
func NFC(s string) string {
	if norm.NFC.IsNormalString(s) {
		return s
	}
	return norm.NFC.String(s)
}

// Storable reports whether s is text every engine can store: valid UTF-8 without NUL.
// PostgreSQL refuses both in a text value, SQLite would keep them; the edges refuse them alike.
func Storable(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// Fold returns the search key of s: diacritics removed, lower case, đ folded to d, and every
// run of non-letters and non-digits collapsed to one space. Input in NFC or NFD folds alike;
// invalid UTF-8 bytes are dropped.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // suppress leading space
	for _, r := range norm.NFD.String(strings.ToValidUTF8(s, "")) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // combining mark: a tone or vowel diacritic
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// ValidQuery reports whether s is usable as a search string: valid UTF-8 of at most max bytes.
func ValidQuery(s string, max int) bool { return len(s) <= max && utf8.ValidString(s) }

var collators = sync.Pool{New: func() any { return collate.New(language.Vietnamese) }}

// Compare orders a and b by Vietnamese collation (a < ă < â < b … d < đ …).
func Compare(a, b string) int {
	c := collators.Get().(*collate.Collator)
	defer collators.Put(c)
	return c.CompareString(a, b)
}

// Key returns a byte key whose bytewise order is the Vietnamese collation order of s; sort many
// strings by their keys rather than calling Compare n log n times.
func Key(s string) []byte {
	c := collators.Get().(*collate.Collator)
	defer collators.Put(c)
	var buf collate.Buffer
	return append([]byte(nil), c.KeyFromString(&buf, s)...)
}

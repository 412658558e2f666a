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

// Words returns the search words of s: Fold's words, with the i/y spelling variants of a
// closed syllable made one ("kí" and "ký" both give "ki", "qui" and "quy" give "qui"), since
// both spellings are in use (Decision 240/QĐ of 1984 left "i" and "y" to usage).
func Words(s string) []string {
	ws := strings.Fields(Fold(s))
	for i, w := range ws {
		ws[i] = spellIY(w)
	}
	return ws
}

// spellIY writes a final "y" after one consonant (ky, ly, my, sy, ty, hy, vy) or after "qu" as
// "i".
func spellIY(w string) string {
	switch {
	case len(w) == 2 && w[1] == 'y' && strings.IndexByte("bdhklmnstv", w[0]) >= 0:
		return w[:1] + "i"
	case w == "quy":
		return "qui"
	}
	return w
}

// Untelex returns the folded word a person meant when their keyboard left Telex keys in it
// ("keets" for "kết", "thuowng" for "thương", "ddawng" for "đăng"): after the first vowel, the
// tone keys s, f, r, x, j and the hook key w are dropped (none ends a Vietnamese syllable), and
// the doubled aa, ee, oo, dd are made single. w must be folded; ok is false when nothing changed.
func Untelex(w string) (out string, ok bool) {
	var b []byte
	seenVowel := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		vowel := strings.IndexByte("aeiouy", c) >= 0
		switch {
		case seenVowel && strings.IndexByte("sfrxjw", c) >= 0:
			continue
		case (c == 'a' || c == 'e' || c == 'o' || c == 'd') && len(b) > 0 && b[len(b)-1] == c:
			continue
		}
		seenVowel = seenVowel || vowel
		b = append(b, c)
	}
	return string(b), string(b) != w
}

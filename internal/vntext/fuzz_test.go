package vntext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzFold: any input, however broken, folds to valid UTF-8 with no upper case, no leading or
// trailing space and no double space, and folding again changes nothing.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"", "Đăng ký khai sinh", "Ðăng  KÝ\u0300", "\xff\xfe a", "a\x00b", "  ệ ệ  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) = %q: invalid UTF-8", s, got)
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Fatalf("Fold(%q) = %q: stray spaces", s, got)
		}
		if again := Fold(got); again != got {
			t.Fatalf("Fold(Fold(%q)) = %q; want %q", s, again, got)
		}
	})
}

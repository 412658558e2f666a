package vntext

import (
	"strconv"
	"strings"
)

var digitWords = [...]string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// NumberWords reads a whole number in Vietnamese words, as amounts are written "bằng chữ" on
// receipts and invoices: 1 250 000 is "một triệu hai trăm năm mươi nghìn". The usual readings
// apply: "mươi"/"mười", "mốt" (21), "tư" (24), "lăm" (15, 25), "linh" for a zero ten within a
// group (105, "một trăm linh năm"), "không trăm" for an inner group under a hundred.
func NumberWords(n int64) string {
	if n == 0 {
		return digitWords[0]
	}
	u := uint64(n)
	if n < 0 {
		return "âm " + strings.Join(readWords(-u, false), " ")
	}
	return strings.Join(readWords(u, false), " ")
}

// readWords reads u > 0; inner says a higher group was read before it.
func readWords(u uint64, inner bool) []string {
	if u >= 1e9 {
		w := append(readWords(u/1e9, inner), "tỷ")
		if r := u % 1e9; r > 0 {
			w = append(w, readWords(r, true)...)
		}
		return w
	}
	var w []string
	for _, p := range []struct {
		v     uint64
		scale string
	}{{u / 1e6, "triệu"}, {u / 1e3 % 1000, "nghìn"}, {u % 1000, ""}} {
		if p.v == 0 {
			continue
		}
		w = append(w, groupWords(int(p.v), inner)...)
		if p.scale != "" {
			w = append(w, p.scale)
		}
		inner = true
	}
	return w
}

// groupWords reads 1–999; inner says a higher group precedes it (then "không trăm", "linh").
func groupWords(g int, inner bool) []string {
	h, t, u := g/100, g/10%10, g%10
	var w []string
	if h > 0 || inner {
		w = append(w, digitWords[h], "trăm")
	}
	switch {
	case t == 0 && u == 0:
	case t == 0:
		if len(w) > 0 {
			w = append(w, "linh")
		}
		w = append(w, digitWords[u])
	case t == 1:
		w = append(w, "mười")
		if u > 0 {
			w = append(w, unitWord(u, false))
		}
	default:
		w = append(w, digitWords[t], "mươi")
		if u > 0 {
			w = append(w, unitWord(u, true))
		}
	}
	return w
}

// unitWord is the last digit after a ten: 5 is "lăm"; after "mươi" 1 is "mốt" and 4 is "tư".
func unitWord(u int, tens bool) string {
	switch {
	case u == 5:
		return "lăm"
	case u == 1 && tens:
		return "mốt"
	case u == 4 && tens:
		return "tư"
	}
	return digitWords[u]
}

// Thousands writes n in figures as Vietnamese documents and prices do, a dot between groups of
// three digits: 1.250.000, -5.000.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	digits := strings.TrimPrefix(s, "-")
	var b strings.Builder
	b.WriteString(s[:len(s)-len(digits)])
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteByte(digits[i])
	}
	return b.String()
}

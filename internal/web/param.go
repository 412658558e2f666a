package web

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/catalog"
)

// PerPage is the number of items on one page of a list; MaxPage bounds the page parameter well
// past any real list.
const (
	PerPage = 20
	MaxPage = 10_000
)

// ProcedureCodeRe is a national procedure code (d.dddddd).
var ProcedureCodeRe = regexp.MustCompile(`^[0-9]\.[0-9]{6}$`)

// PageParam reads a page number; empty is page 1.
func PageParam(s string) (int, bool) {
	if s == "" {
		return 1, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxPage {
		return 1, false
	}
	return n, true
}

// Shown makes a query parameter safe and short enough to show again in a form.
func Shown(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	const max = 2 * catalog.MaxQueryLen
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

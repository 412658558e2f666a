package news

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/motcua/motcua/internal/vntext"
)

// SpamRules are the spam filter's limits, as data: a comment that breaks any is held in the
// moderation queue marked with the rules' names (it is never shown before an editor approves
// it anyway; the marks put it last in the queue and tell the editor why).
type SpamRules struct {
	MaxLinks   int      // more links than this is "links"
	Banned     []string // folded words or phrases ("banned"), matched on word boundaries
	MaxRepeat  int      // a character repeated more times in a row than this is "repeated"
	CapsLetter int      // at least this many letters, all of them capitals, is "caps"
}

// DefaultSpam is the portal's filter: two links, the usual betting, loan and pharmacy
// advertising words, nine repeats, twenty letters all in capitals.
var DefaultSpam = SpamRules{
	MaxLinks:   2,
	Banned:     []string{"casino", "ca cuoc", "danh bac", "no hu", "lo de", "vay tien nhanh", "viagra", "cialis", "kiem tien online", "forex"},
	MaxRepeat:  9,
	CapsLetter: 20,
}

var linkRE = regexp.MustCompile(`(?i)(https?://|www\.|\[url|<a\s)`)

// Check returns the names of the rules body breaks, in a fixed order: links, banned,
// repeated, caps; duplicate is added by the store when the article already has the same
// comment.
func (r SpamRules) Check(body string) []string {
	var hit []string
	if len(linkRE.FindAllStringIndex(body, -1)) > r.MaxLinks {
		hit = append(hit, "links")
	}
	folded := " " + vntext.Fold(body) + " "
	for _, w := range r.Banned {
		if strings.Contains(folded, " "+w+" ") {
			hit = append(hit, "banned")
			break
		}
	}
	if repeats(body) > r.MaxRepeat {
		hit = append(hit, "repeated")
	}
	letters, upper := 0, 0
	for _, c := range body {
		if unicode.IsLetter(c) {
			letters++
			if unicode.IsUpper(c) {
				upper++
			}
		}
	}
	if letters >= r.CapsLetter && upper == letters {
		hit = append(hit, "caps")
	}
	return hit
}

// repeats is the longest run of one character in s, spaces aside.
func repeats(s string) int {
	best, run := 0, 0
	var prev rune
	for _, c := range s {
		if c == prev && !unicode.IsSpace(c) {
			run++
		} else {
			run = 1
		}
		prev = c
		best = max(best, run)
	}
	return best
}

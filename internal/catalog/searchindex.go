package catalog

import (
	"bytes"
	"math"
	"slices"
	"strings"

	"github.com/motcua/motcua/internal/vntext"
)

// index is an immutable snapshot of the catalog prepared for search: an inverted index of the
// words of each procedure's name and body, the vocabulary for correcting typos, and the synonyms.
type index struct {
	gen     generation
	entries []entry // sorted by Vietnamese collation of the name
	fields  []FieldCount
	byCode  map[string]*Procedure

	words map[string][]posting // each word → the entries holding it, ascending
	named map[string]int       // each word → how many names hold it
	near  map[string][]string  // a word with one letter deleted → the words it comes from
	syn   map[string][]synRule // by the first word of the phrase
	known map[string]bool      // words of synonym phrases, which typo correction leaves alone
}

type generation struct{ maxID, count, synonyms int64 }

type entry struct {
	p      *Procedure
	name   string // search words joined by spaces, with a space at each end
	nwords int    // words of the name
	field  string // folded
}

// posting is one entry holding a word, in its name or only in its body.
type posting struct {
	entry  int32
	inName bool
}

// synRule is a synonym compiled to search words; means is empty for a phrase that asks nothing.
type synRule struct{ phrase, means []string }

func buildIndex(ps []*Procedure, syns []Synonym, gen generation) *index {
	type keyed struct {
		p   *Procedure
		key []byte
	}
	ks := make([]keyed, 0, len(ps))
	fieldCount := map[string]int{}
	for _, p := range ps {
		ks = append(ks, keyed{p, vntext.Key(p.Name)})
		if p.Status == StatusActive {
			fieldCount[p.Field]++
		}
	}
	slices.SortFunc(ks, func(a, b keyed) int { return bytes.Compare(a.key, b.key) })
	ix := &index{gen: gen, entries: make([]entry, len(ks)), byCode: make(map[string]*Procedure, len(ks)),
		words: map[string][]posting{}, named: map[string]int{}, syn: map[string][]synRule{}, known: map[string]bool{}}
	inName := map[string]bool{}
	for i, k := range ks {
		p := k.p
		name := vntext.Words(p.Name)
		ix.entries[i] = entry{p: p, name: " " + strings.Join(name, " ") + " ", nwords: len(name), field: vntext.Fold(p.Field)}
		ix.byCode[p.Code] = p
		clear(inName)
		for _, w := range name {
			inName[w] = true
		}
		seen := map[string]bool{}
		add := func(w string) {
			if !seen[w] {
				seen[w] = true
				ix.words[w] = append(ix.words[w], posting{int32(i), inName[w]})
			}
		}
		for _, w := range name {
			if !seen[w] {
				ix.named[w]++
			}
			add(w)
		}
		for _, s := range body(p) {
			for _, w := range vntext.Words(s) {
				add(w)
			}
		}
	}
	for f, n := range fieldCount {
		ix.fields = append(ix.fields, FieldCount{f, n})
	}
	slices.SortFunc(ix.fields, func(a, b FieldCount) int { return vntext.Compare(a.Name, b.Name) })
	ix.near = make(map[string][]string, len(ix.words)*6)
	for w := range ix.words {
		if len(w) < 2 || len(w) > 12 {
			continue
		}
		for i := range len(w) {
			d := w[:i] + w[i+1:]
			if !slices.Contains(ix.near[d], w) {
				ix.near[d] = append(ix.near[d], w)
			}
		}
	}
	for _, s := range syns {
		r := synRule{vntext.Words(s.Phrase), vntext.Words(s.Means)}
		if len(r.phrase) == 0 {
			continue
		}
		ix.syn[r.phrase[0]] = append(ix.syn[r.phrase[0]], r)
		for _, w := range r.phrase {
			ix.known[w] = true
		}
	}
	return ix
}

// body is the text of a procedure that is not its name: code, field, agencies, components,
// result, conditions, steps, legal bases.
func body(p *Procedure) []string {
	out := []string{p.Code, p.LocalCode, p.Field, p.ImplementingAgency, p.DecidingAgency, p.Result, p.Conditions}
	for _, c := range p.Components {
		out = append(out, c.Name)
	}
	out = append(out, p.Steps...)
	return append(out, p.LegalBases...)
}

// idf is how much finding w says about a procedure (BM25's inverse document frequency): a word
// in nearly every procedure says almost nothing, a rare one much; a word no procedure holds
// weighs the most.
func (ix *index) idf(w string) float64 { return bm25idf(len(ix.entries), len(ix.words[w])) }

// nameIDF is idf among names: "hộ chiếu", in most bodies' lists of papers, names one procedure.
func (ix *index) nameIDF(w string) float64 { return bm25idf(len(ix.entries), ix.named[w]) }

func bm25idf(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// correct returns the word of the catalog a person most likely meant by w, which the catalog
// does not hold: Telex keys left in it, or one slip of a phone keyboard (a neighbouring key, a
// letter dropped, doubled or swapped). A word that some procedure's name holds beside the
// query's previous or next word wins ("khai snh" is "khai sinh"); then the likelier slip; then
// the commoner word.
func (ix *index) correct(w, prev, next string) (string, bool) {
	if u, ok := vntext.Untelex(w); ok && ix.words[u] != nil {
		return u, true
	}
	if len(w) < 2 || len(w) > 12 {
		return "", false
	}
	best, bestCost := "", 2.0
	try := func(c string, cost float64) {
		if ix.besides(prev, c, next) {
			cost -= 1
		}
		if cost < bestCost || cost == bestCost && (len(ix.words[c]) > len(ix.words[best]) ||
			len(ix.words[c]) == len(ix.words[best]) && c < best) {
			best, bestCost = c, cost
		}
	}
	if len(w) >= 3 {
		for _, c := range ix.near[w] { // a letter dropped
			try(c, 0.8)
		}
	}
	for i := range len(w) {
		d := w[:i] + w[i+1:]
		if len(w) >= 4 && ix.words[d] != nil { // a letter too many
			try(d, 0.8)
		}
		for _, c := range ix.near[d] { // a letter replaced or two swapped
			if cost := slip(w, c); cost > 0 && (len(w) >= 3 || cost < 0.6) {
				try(c, cost)
			}
		}
	}
	return best, best != ""
}

// besides reports whether some procedure's name holds "prev w" or "w next".
func (ix *index) besides(prev, w, next string) bool {
	for _, p := range ix.words[w] {
		if !p.inName {
			continue
		}
		name := ix.entries[p.entry].name
		if prev != "" && strings.Contains(name, " "+prev+" "+w+" ") || next != "" && strings.Contains(name, " "+w+" "+next+" ") {
			return true
		}
	}
	return false
}

// slip is the cost of typing c as w when both have the same length: 0.5 for a neighbouring key,
// 0.6 for two letters swapped, 1 for another letter, 0 when they differ in more.
func slip(w, c string) float64 {
	if len(w) != len(c) {
		return 0
	}
	var diff []int
	for i := range len(w) {
		if w[i] != c[i] {
			diff = append(diff, i)
		}
	}
	switch {
	case len(diff) == 1 && neighbours(w[diff[0]], c[diff[0]]):
		return 0.5
	case len(diff) == 1:
		return 1
	case len(diff) == 2 && diff[1] == diff[0]+1 && w[diff[0]] == c[diff[1]] && w[diff[1]] == c[diff[0]]:
		return 0.6
	}
	return 0
}

var keyRows = [3]string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}

// neighbours reports whether a and b are next to each other on a phone's QWERTY keyboard, whose
// rows are offset by half a key and a key and a half.
func neighbours(a, b byte) bool {
	pos := func(c byte) (float64, float64, bool) {
		for r, row := range keyRows {
			if i := strings.IndexByte(row, c); i >= 0 {
				return float64(i) + []float64{0, 0.5, 1.5}[r], float64(r), true
			}
		}
		return 0, 0, false
	}
	ax, ay, ok1 := pos(a)
	bx, by, ok2 := pos(b)
	if !ok1 || !ok2 || a == b {
		return false
	}
	dx, dy := math.Abs(ax-bx), math.Abs(ay-by)
	return dy == 0 && dx == 1 || dy == 1 && dx <= 1
}

package catalog

import (
	"cmp"
	"math/bits"
	"slices"
	"strings"
	"sync"

	"github.com/motcua/motcua/internal/vntext"
)

// How search ranks and where it stops. A query is read as slots: a word (a typo corrected), or
// a phrase of the synonym list with its meanings as alternatives. Each slot weighs its heaviest
// alternative's BM25 idf. A procedure scores, for each slot, its best alternative's share of
// that weight: a word in the name counts three times its idf among names, a word in the body
// once its idf; the score grows by up to 100% as the query's words stand side by side in the
// name, and by up to 30% as they cover more of the name. Coverage is the share of the query's
// weight a procedure holds, a slot found only in its body counting half, and the score is
// multiplied by its square. A word in most procedures may be missing without breaking a slot.
// Kept: procedures covering at least half the query, down to half the best score; then, when
// some of those name most of the query, the ones that only mention it in their body go.
const (
	nameWeight     = 3.0
	bodyWeight     = 1.0
	adjacentWeight = 1.0
	tightWeight    = 0.3
	cutOff         = 0.5
	minCover       = 0.5
	bodyCover      = 0.5 // the share of a slot's weight it covers when found only in the body
	commonDF       = 0.5 // a word in more than this share of procedures may be missing from a match
	maxQueryWords  = 12  // words of a query read; the rest are ignored
	maxTerms       = 32  // distinct words with alternatives, one bit each
)

type slot struct {
	alts   [][]int // term numbers: the words as typed first, then each meaning
	weight float64 // the heaviest alternative's weight
}

type compiled struct {
	terms  []string
	idf    []float64
	nidf   []float64 // idf among names, for a word found in a name
	common []bool
	slots  []slot
	total  float64
}

// compile reads text as slots; nil when it holds no word.
func (ix *index) compile(text string) *compiled {
	ws := vntext.Words(text)
	if len(ws) == 0 {
		return nil
	}
	if len(ws) > maxQueryWords {
		ws = ws[:maxQueryWords]
	}
	for i, w := range ws {
		if ix.words[w] == nil && !ix.known[w] {
			var prev, next string
			if i > 0 {
				prev = ws[i-1]
			}
			if i+1 < len(ws) {
				next = ws[i+1]
			}
			if c, ok := ix.correct(w, prev, next); ok {
				ws[i] = c
			}
		}
	}
	c := &compiled{}
	term := func(w string) int {
		if k := slices.Index(c.terms, w); k >= 0 {
			return k
		}
		if len(c.terms) == maxTerms {
			return -1
		}
		c.terms = append(c.terms, w)
		c.idf = append(c.idf, ix.idf(w))
		c.nidf = append(c.nidf, max(ix.idf(w), ix.nameIDF(w)))
		df, n := float64(len(ix.words[w])), float64(len(ix.entries))
		c.common = append(c.common, df > commonDF*n)
		return len(c.terms) - 1
	}
	alt := func(ws []string) ([]int, bool) {
		a := make([]int, 0, len(ws))
		for _, w := range ws {
			k := term(w)
			if k < 0 {
				return nil, false
			}
			a = append(a, k)
		}
		return a, true
	}
	for i := 0; i < len(ws); {
		n, rules := 1, []synRule(nil)
		for _, r := range ix.syn[ws[i]] { // the longest phrase here, with all its meanings
			if len(r.phrase) < n || i+len(r.phrase) > len(ws) || !slices.Equal(r.phrase, ws[i:i+len(r.phrase)]) {
				continue
			}
			if len(r.phrase) > n || rules == nil {
				n, rules = len(r.phrase), rules[:0]
			}
			rules = append(rules, r)
		}
		s := slot{}
		if a, ok := alt(ws[i : i+n]); ok {
			s.alts = append(s.alts, a)
		}
		for _, r := range rules {
			if a, ok := alt(r.means); ok {
				s.alts = append(s.alts, a)
			}
		}
		for _, a := range s.alts {
			w := 0.0
			for _, k := range a {
				w += c.idf[k]
			}
			s.weight = max(s.weight, w)
		}
		if len(s.alts) > 0 {
			c.slots = append(c.slots, s)
			c.total += s.weight
		}
		i += n
	}
	return c
}

// score rates entry e, whose name holds the terms of nameM and whose name or body those of
// anyM: its score, the share of the query's weight it holds, and whether its name holds most
// of the query as e reads it best.
func (c *compiled) score(e *entry, anyM, nameM uint32) (score, cover float64, named bool) {
	var buf [maxTerms]int
	seq := buf[:0]
	var inName, read float64
	for _, s := range c.slots {
		best, bestScore, bestCov := 0, -1.0, false
		for ai, a := range s.alts {
			sc, w, cov := 0.0, 0.0, true
			for _, k := range a {
				w += c.idf[k]
				switch {
				case nameM&(1<<k) != 0:
					sc += nameWeight * c.nidf[k]
				case anyM&(1<<k) != 0:
					sc += bodyWeight * c.idf[k]
				case !c.common[k]:
					cov = false
				}
			}
			if w > 0 { // each alternative scores its share of the slot's weight
				sc *= s.weight / w
			}
			if cov && !bestCov || cov == bestCov && sc > bestScore {
				best, bestScore, bestCov = ai, sc, cov
			}
		}
		score += bestScore
		var r, n float64
		for _, k := range s.alts[best] {
			r += c.idf[k]
			if nameM&(1<<k) != 0 {
				n += c.idf[k]
			}
		}
		if bestCov {
			// A slot found only in the body covers half as much: a rare word met in passing
			// ("muộn" in one procedure's steps) must not outweigh the name.
			cover += s.weight * (bodyCover + (1-bodyCover)*n/max(r, 1e-9))
		}
		read, inName = read+r, inName+n
		if len(seq)+len(s.alts[best]) <= len(buf) {
			seq = append(seq, s.alts[best]...)
		}
	}
	if len(seq) > 1 {
		pairs := 0
		for j := 1; j < len(seq); j++ {
			a, b := seq[j-1], seq[j]
			if nameM&(1<<a) != 0 && nameM&(1<<b) != 0 && strings.Contains(e.name, " "+c.terms[a]+" "+c.terms[b]+" ") {
				pairs++
			}
		}
		score *= 1 + adjacentWeight*float64(pairs)/float64(len(seq)-1)
	}
	score *= 1 + tightWeight*min(1, float64(bits.OnesCount32(nameM))/float64(max(1, e.nwords)))
	cover /= max(c.total, 1e-9)
	return score * cover * cover, cover, read > 0 && inName >= read/2
}

type scratch struct {
	any, name []uint32
	touched   []int32
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

type scored struct {
	i            int
	score, cover float64
	named        bool
}

// search returns the entries q finds, best first.
func (ix *index) search(q *Query, field string) []int {
	c := ix.compile(q.Text)
	if c == nil {
		hits := make([]int, 0, 64)
		for i := range ix.entries {
			if ix.entries[i].keep(q, field) {
				hits = append(hits, i)
			}
		}
		return hits
	}
	sc := scratches.Get().(*scratch)
	defer scratches.Put(sc)
	if len(sc.any) < len(ix.entries) {
		sc.any, sc.name = make([]uint32, len(ix.entries)), make([]uint32, len(ix.entries))
	}
	sc.touched = sc.touched[:0]
	for k, t := range c.terms {
		for _, p := range ix.words[t] {
			if sc.any[p.entry] == 0 {
				sc.touched = append(sc.touched, p.entry)
			}
			sc.any[p.entry] |= 1 << k
			if p.inName {
				sc.name[p.entry] |= 1 << k
			}
		}
	}
	var found []scored
	best := 0.0
	for _, i := range sc.touched {
		e := &ix.entries[i]
		anyM, nameM := sc.any[i], sc.name[i]
		sc.any[i], sc.name[i] = 0, 0
		if !e.keep(q, field) {
			continue
		}
		s := scored{i: int(i)}
		s.score, s.cover, s.named = c.score(e, anyM, nameM)
		if s.cover >= minCover {
			found = append(found, s)
			best = max(best, s.score)
		}
	}
	found = slices.DeleteFunc(found, func(s scored) bool { return s.score < cutOff*best })
	// Names over bodies: when some of the best name most of the query, those that only
	// mention it in their body go.
	if slices.ContainsFunc(found, func(s scored) bool { return s.named }) {
		found = slices.DeleteFunc(found, func(s scored) bool { return !s.named })
	}
	slices.SortFunc(found, func(a, b scored) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		if la, lb := len(ix.entries[a.i].name), len(ix.entries[b.i].name); la != lb {
			return la - lb
		}
		return a.i - b.i
	})
	hits := make([]int, len(found))
	for i, s := range found {
		hits[i] = s.i
	}
	return hits
}

package catalog

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
)

// Query is a catalog search. Empty fields do not filter.
type Query struct {
	Text    string      // free text; matched ignoring diacritics, case and normalisation
	Field   string      // lĩnh vực, compared folded
	Level   Level       // province | commune
	Online  OnlineLevel // full | partial | none
	Agency  *org.Agency // keeps the procedures this agency receives (Receives)
	Status  string      // "" or "active" (default), "abolished", "all"
	Page    int         // from 1
	PerPage int
}

// Receives reports whether agency a takes dossiers of procedure p: the agencies the procedure
// lists, or, when it lists none, every agency of its level. Search, the application and counter
// pages and submission all ask this.
func Receives(p *Procedure, a *org.Agency) bool {
	if len(p.AgencyCodes) > 0 {
		return slices.Contains(p.AgencyCodes, a.Code)
	}
	return string(p.Level) == a.Level
}

// Result is one page of search results and the total number of matches.
type Result struct {
	Items []*Procedure `json:"items"`
	Total int          `json:"total"`
}

// MaxQueryLen bounds the search text, in bytes.
const MaxQueryLen = 500

// Ranks: a name match beats a body match, an exact phrase beats scattered words.
const (
	rankNameExact  = 6
	rankNamePrefix = 5
	rankNamePhrase = 4
	rankNameWords  = 3
	rankBodyPhrase = 2
	rankWords      = 1
)

// index is an immutable snapshot of the catalog prepared for search.
type index struct {
	gen     generation
	entries []entry // sorted by Vietnamese collation of the name
	fields  []FieldCount
	byCode  map[string]*Procedure
}

type generation struct{ maxID, count int64 }

type entry struct {
	p        *Procedure
	name     string // folded
	body     string // folded: code, field, agency, components, result, legal bases, steps
	field    string // folded
	agencies []string
}

// FieldCount is a field (lĩnh vực) and how many procedures in force it holds.
type FieldCount struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

func buildIndex(ps []*Procedure, gen generation) *index {
	type keyed struct {
		e   entry
		key []byte
	}
	ks := make([]keyed, 0, len(ps))
	fieldCount := map[string]int{}
	for _, p := range ps {
		var body strings.Builder
		add := func(s string) { body.WriteString(vntext.Fold(s)); body.WriteString(" | ") }
		add(p.Code)
		add(p.LocalCode)
		add(p.Field)
		add(p.ImplementingAgency)
		add(p.DecidingAgency)
		add(p.Result)
		add(p.Conditions)
		for _, c := range p.Components {
			add(c.Name)
		}
		for _, s := range p.Steps {
			add(s)
		}
		for _, s := range p.LegalBases {
			add(s)
		}
		ks = append(ks, keyed{entry{p: p, name: vntext.Fold(p.Name), body: body.String(), field: vntext.Fold(p.Field),
			agencies: p.AgencyCodes}, vntext.Key(p.Name)})
		if p.Status == StatusActive {
			fieldCount[p.Field]++
		}
	}
	slices.SortFunc(ks, func(a, b keyed) int { return bytes.Compare(a.key, b.key) })
	ix := &index{gen: gen, entries: make([]entry, len(ks)), byCode: make(map[string]*Procedure, len(ks))}
	for i, k := range ks {
		ix.entries[i] = k.e
		ix.byCode[k.e.p.Code] = k.e.p
	}
	for f, n := range fieldCount {
		ix.fields = append(ix.fields, FieldCount{f, n})
	}
	slices.SortFunc(ix.fields, func(a, b FieldCount) int { return vntext.Compare(a.Name, b.Name) })
	return ix
}

// rank scores e against the folded query q and its words; 0 means no match.
func (e *entry) rank(q string, words []string) int {
	switch {
	case e.name == q:
		return rankNameExact
	case strings.HasPrefix(e.name, q) && (len(e.name) == len(q) || e.name[len(q)] == ' '):
		return rankNamePrefix
	case strings.Contains(e.name, q):
		return rankNamePhrase
	}
	inName := true
	for _, w := range words {
		if !strings.Contains(e.name, w) {
			inName = false
			break
		}
	}
	if inName {
		return rankNameWords
	}
	if strings.Contains(e.body, q) {
		return rankBodyPhrase
	}
	for _, w := range words {
		if !strings.Contains(e.name, w) && !strings.Contains(e.body, w) {
			return 0
		}
	}
	return rankWords
}

func (e *entry) keep(q *Query, field string) bool {
	p := e.p
	switch q.Status {
	case "", string(StatusActive):
		if p.Status != StatusActive {
			return false
		}
	case string(StatusAbolished):
		if p.Status != StatusAbolished {
			return false
		}
	}
	if field != "" && e.field != field {
		return false
	}
	if q.Level != "" && p.Level != q.Level {
		return false
	}
	if q.Online != "" && p.OnlineLevel != q.Online {
		return false
	}
	return q.Agency == nil || Receives(p, q.Agency)
}

// check validates the query's parameters, naming each bad one.
func (q *Query) check() error {
	var fe apperr.Fields
	if !utf8.ValidString(q.Text) {
		fe.Add("q", msgs.Text("search_text_is_not_valid_utf"))
	} else if len(q.Text) > MaxQueryLen {
		fe.Add("q", msgs.Text("search_text_is_too_long_at"))
	}
	if !utf8.ValidString(q.Field) || len(q.Field) > 200 {
		fe.Add("field", msgs.Text("invalid_field"))
	}
	if q.Level != "" && q.Level != LevelProvince && q.Level != LevelCommune {
		fe.Add("level", msgs.Text("level_must_be_province_or_commune"))
	}
	if q.Online != "" && q.Online != OnlineFull && q.Online != OnlinePartial && q.Online != OnlineNone {
		fe.Add("online_level", msgs.Text("online_level_must_be_full_partial_or"))
	}
	if q.Page < 0 || q.Page > 100_000 {
		fe.Add("page", msgs.Text("page_must_be_1_to_100"))
	}
	if q.PerPage < 0 || q.PerPage > 1000 {
		fe.Add("per_page", msgs.Text("per_page_must_be_1_to_1000"))
	}
	switch q.Status {
	case "", "active", "abolished", "all":
	default:
		fe.Add("status", msgs.Text("status_must_be_active_abolished_or"))
	}
	if fe.Len() == 0 {
		return nil
	}
	err := apperr.Invalid("invalid_query", msgs.Text("invalid_query"), fe.List()...)
	err.Kind = apperr.KindInvalid
	return err
}

// Search finds procedures matching q, best match first and then by Vietnamese collation of
// the name, one page at a time.
func (s *Store) Search(ctx context.Context, q Query) (*Result, error) {
	if err := q.check(); err != nil {
		return nil, err
	}
	ix, err := s.index(ctx)
	if err != nil {
		return nil, err
	}
	if q.Page < 1 {
		q.Page = 1
	}
	if q.PerPage < 1 {
		q.PerPage = 20
	}
	text := vntext.Fold(q.Text)
	words := strings.Fields(text)
	field := vntext.Fold(q.Field)

	// Entries are in collation order, so a stable sort by rank keeps names in order within a rank.
	type hit struct {
		i, rank int
	}
	hits := make([]hit, 0, 64)
	for i := range ix.entries {
		e := &ix.entries[i]
		if !e.keep(&q, field) {
			continue
		}
		r := 1
		if text != "" {
			if r = e.rank(text, words); r == 0 {
				continue
			}
		}
		hits = append(hits, hit{i, r})
	}
	if text != "" {
		// Within a rank the tighter match wins: "Đăng ký khai sinh" before a long liên thông
		// procedure that mentions it; equal lengths keep collation order.
		slices.SortStableFunc(hits, func(a, b hit) int {
			if a.rank != b.rank {
				return b.rank - a.rank
			}
			return len(ix.entries[a.i].name) - len(ix.entries[b.i].name)
		})
	}
	res := &Result{Total: len(hits), Items: []*Procedure{}}
	from := (q.Page - 1) * q.PerPage
	for i := from; i < len(hits) && i < from+q.PerPage; i++ {
		res.Items = append(res.Items, ix.entries[hits[i].i].p)
	}
	return res, nil
}

// Current returns the version of a procedure in force now, from the index: the hot path of a
// submission reads no catalog row. The index follows decisions within Staleness.
func (s *Store) Current(ctx context.Context, code string) (*Procedure, error) {
	ix, err := s.index(ctx)
	if err != nil {
		return nil, err
	}
	p, ok := ix.byCode[code]
	if !ok {
		return nil, errNotFound
	}
	return p, nil
}

// Fields lists the fields (lĩnh vực) of procedures in force, in Vietnamese order, with counts.
func (s *Store) Fields(ctx context.Context) ([]FieldCount, error) {
	ix, err := s.index(ctx)
	if err != nil {
		return nil, err
	}
	return ix.fields, nil
}

// index returns the current snapshot, rebuilding it when another replica has applied a
// decision since the last check (at most once per Staleness).
func (s *Store) index(ctx context.Context) (*index, error) {
	ix := s.idx.Load()
	if ix != nil && time.Since(time.Unix(0, s.checked.Load())) < s.Staleness {
		return ix, nil
	}
	gen, err := s.generation(ctx)
	if err != nil {
		return nil, err
	}
	s.checked.Store(time.Now().UnixNano())
	if ix != nil && ix.gen == gen {
		return ix, nil
	}
	return s.rebuild(ctx)
}

func (s *Store) generation(ctx context.Context) (generation, error) {
	var g generation
	err := s.db.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0), COUNT(*) FROM decisions`).Scan(&g.maxID, &g.count)
	return g, err
}

func (s *Store) rebuild(ctx context.Context) (*index, error) {
	s.refreshMu.Lock()
	defer s.refreshMu.Unlock()
	gen, err := s.generation(ctx)
	if err != nil {
		return nil, err
	}
	if ix := s.idx.Load(); ix != nil && ix.gen == gen {
		return ix, nil
	}
	ps, err := s.All(ctx)
	if err != nil {
		return nil, err
	}
	ix := buildIndex(ps, gen)
	s.idx.Store(ix)
	return ix, nil
}

// Refresh rebuilds the search index now if the catalog changed.
func (s *Store) Refresh(ctx context.Context) error {
	s.checked.Store(0)
	_, err := s.index(ctx)
	return err
}

// ServiceLevels counts the procedures in force by online level (Decree 42/2022 Art. 11), for
// the steering committee's dashboards; with agency set, only those that agency receives.
type ServiceLevels struct {
	Total       int     `json:"total"`
	Full        int     `json:"full"`
	Partial     int     `json:"partial"`
	None        int     `json:"none"`
	OnlineRatio float64 `json:"online_ratio"` // (full + partial) / total
	FullRatio   float64 `json:"full_ratio"`   // full / total
}

// Levels computes ServiceLevels over the procedures in force; with agency (not nil), over those
// it receives.
func (s *Store) Levels(ctx context.Context, agency *org.Agency) (*ServiceLevels, error) {
	ix, err := s.index(ctx)
	if err != nil {
		return nil, err
	}
	q := Query{Agency: agency}
	var sl ServiceLevels
	for i := range ix.entries {
		e := &ix.entries[i]
		if !e.keep(&q, "") {
			continue
		}
		sl.Total++
		switch e.p.OnlineLevel {
		case OnlineFull:
			sl.Full++
		case OnlinePartial:
			sl.Partial++
		default:
			sl.None++
		}
	}
	if sl.Total > 0 {
		sl.OnlineRatio = float64(sl.Full+sl.Partial) / float64(sl.Total)
		sl.FullRatio = float64(sl.Full) / float64(sl.Total)
	}
	return &sl, nil
}

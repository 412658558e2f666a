package catalog

import (
	"context"
	"fmt"
	"slices"
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
	// Gen is the generation of the index the items were read from (as Snapshot's): what is
	// derived from the items alone may be kept under it.
	Gen string `json:"-"`
}

// MaxQueryLen bounds the search text, in bytes.
const MaxQueryLen = 500

// FieldCount is a field (lĩnh vực) and how many procedures in force it holds.
type FieldCount struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
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

// Search finds procedures matching q, best match first (see rank.go), one page at a time;
// without text, every procedure the filters keep, in Vietnamese collation order.
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
	field := vntext.Fold(q.Field)
	hits := ix.search(&q, field)
	res := &Result{Total: len(hits), Items: []*Procedure{}, Gen: ix.gen.String()}
	from := (q.Page - 1) * q.PerPage
	for i := from; i < len(hits) && i < from+q.PerPage; i++ {
		res.Items = append(res.Items, ix.entries[hits[i]].p)
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

// index returns the current snapshot. Once it holds one, a request never waits on the
// database for it: when the last check is older than Staleness, one background check looks
// for another replica's decision while every request goes on with the snapshot it has. A
// request inside a write transaction (a submission's fee, its procedure) would otherwise take
// a second connection from the pool while holding one, and a burst of them on PostgreSQL held
// every connection waiting for another (issue 15), besides all stale requests checking at
// once. Staleness 0 checks on every call, synchronously (tests of replicas).
func (s *Store) index(ctx context.Context) (*index, error) {
	ix := s.idx.Load()
	if ix == nil || s.Staleness <= 0 {
		return s.refresh(ctx)
	}
	if time.Since(time.Unix(0, s.checked.Load())) >= s.Staleness && s.checking.CompareAndSwap(false, true) {
		go func() {
			defer s.checking.Store(false)
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
			defer cancel()
			s.refresh(ctx) // a failure is tried again after Staleness; the snapshot stands
		}()
	}
	return ix, nil
}

// refresh checks the catalog's generation now and rebuilds the snapshot when it changed.
func (s *Store) refresh(ctx context.Context) (*index, error) {
	gen, err := s.generation(ctx)
	if err != nil {
		return nil, err
	}
	s.checked.Store(time.Now().UnixNano())
	if ix := s.idx.Load(); ix != nil && ix.gen == gen {
		return ix, nil
	}
	return s.rebuild(ctx)
}

// Snapshot returns a procedure (in force or abolished) as this replica's index holds it, with
// the index's generation, which changes with every decision: what is derived from the
// procedure alone (its API answer) may be kept under that generation. The index follows a
// decision of this replica at once and another's within Staleness. The procedure is shared
// with every reader: callers must not change it.
func (s *Store) Snapshot(ctx context.Context, code string) (*Procedure, string, error) {
	ix, err := s.index(ctx)
	if err != nil {
		return nil, "", err
	}
	p := ix.byCode[code]
	if p == nil {
		return nil, "", errNotFound
	}
	return p, ix.gen.String(), nil
}

// Generation is the generation of this replica's index, as Snapshot and Search give it: what is
// derived from the catalog alone (the fields and their counts, a page of search results) may be kept
// under it. It follows a decision of this replica at once and another's within Staleness.
func (s *Store) Generation(ctx context.Context) (string, error) {
	ix, err := s.index(ctx)
	if err != nil {
		return "", err
	}
	return ix.gen.String(), nil
}

// String names the generation: the newest decision, the number of decisions and the synonym
// list's version.
func (g generation) String() string {
	return fmt.Sprintf("%d-%d-%d", g.maxID, g.count, g.synonyms)
}

// generation names the catalog's state: its decisions and the synonym list's version.
func (s *Store) generation(ctx context.Context) (generation, error) {
	var g generation
	err := s.db.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0), COUNT(*), (SELECT COALESCE(MAX(id), 0) FROM search_synonyms)
		FROM decisions`).Scan(&g.maxID, &g.count, &g.synonyms)
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
	syn, err := s.synonyms(ctx, s.db)
	if err != nil {
		return nil, err
	}
	ix := buildIndex(ps, syn.Items, gen)
	s.idx.Store(ix)
	return ix, nil
}

// Refresh rebuilds the search index now if the catalog or the synonyms changed.
func (s *Store) Refresh(ctx context.Context) error {
	_, err := s.refresh(ctx)
	return err
}

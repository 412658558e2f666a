package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
)

// Synonym is a phrase people say and the catalog's words it means: "CMND" means "căn cước",
// "sổ đỏ" means "giấy chứng nhận quyền sử dụng đất". Search matches a query's phrase as typed or
// as its meaning, whichever fits a procedure better. An empty Means marks a phrase that asks
// nothing of a procedure ("thủ tục", "làm"): it counts when found, and is not required.
type Synonym struct {
	Phrase string `json:"phrase"`
	Means  string `json:"means"`
}

// Synonyms is the list in force: each replacement is a new version, kept as history.
type Synonyms struct {
	Version   int64     `json:"version"` // 0 before the first list
	Items     []Synonym `json:"items"`
	Total     int       `json:"total"`
	UpdatedBy string    `json:"updated_by,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// Bounds of the synonym list, so that a query's expansion stays small.
const (
	MaxSynonyms      = 2000
	maxSynonymLen    = 200 // characters of a phrase or a meaning
	maxSynonymWords  = 8   // words of a phrase or a meaning
	maxMeaningsOfOne = 4   // meanings of one phrase
)

func forbidSynonyms(actor *org.User) error {
	if actor == nil {
		return org.ErrUnauthenticated
	}
	if !actor.CanManageCatalog() {
		return apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("forbidden.only_catalog_administrators_may_edit_synonyms"))
	}
	return nil
}

// Synonyms returns the list in force; catalog administrators only.
func (s *Store) Synonyms(ctx context.Context, actor *org.User) (*Synonyms, error) {
	if err := forbidSynonyms(actor); err != nil {
		return nil, err
	}
	return s.synonyms(ctx, s.db)
}

type querier interface {
	QueryRow(ctx context.Context, query string, args ...any) *db.Row
}

func (s *Store) synonyms(ctx context.Context, q querier) (*Synonyms, error) {
	out := &Synonyms{Items: []Synonym{}}
	var entries string
	err := q.QueryRow(ctx, `SELECT s.id, s.entries, COALESCE(u.username, ''), s.created_at FROM search_synonyms s
		LEFT JOIN users u ON u.id = s.created_by ORDER BY s.id DESC LIMIT 1`).Scan(&out.Version, &entries, &out.UpdatedBy, &out.UpdatedAt)
	if errors.Is(err, db.ErrNotFound) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(entries), &out.Items); err != nil {
		return nil, fmt.Errorf("catalog: decode synonyms %d: %w", out.Version, err)
	}
	out.Total, out.UpdatedAt = len(out.Items), out.UpdatedAt.In(vnZone)
	return out, nil
}

// ReplaceSynonyms validates items and makes them the list in force, audited; every replica's
// search index follows within Staleness, this one at once.
func (s *Store) ReplaceSynonyms(ctx context.Context, actor *org.User, items []Synonym) (*Synonyms, error) {
	if err := forbidSynonyms(actor); err != nil {
		return nil, err
	}
	items, err := checkSynonyms(items)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(items)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out *Synonyms
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		prev, err := s.synonyms(ctx, tx)
		if err != nil {
			return err
		}
		var by any
		if actor.ID != 0 {
			by = actor.ID
		}
		id, err := db.InsertID(ctx, tx, `INSERT INTO search_synonyms (entries, created_by, created_at) VALUES (?, ?, ?)`, string(b), by, now)
		if err != nil {
			return err
		}
		added, removed := diffSynonyms(prev.Items, items)
		out = &Synonyms{Version: id, Items: items, Total: len(items), UpdatedBy: actor.Username, UpdatedAt: now.In(vnZone)}
		return audit.Append(ctx, tx, audit.Entry{ActorID: actor.ID, Actor: actor.Username, Action: "catalog.synonyms",
			Object: fmt.Sprint(id), Detail: map[string]any{"count": len(items), "added": added, "removed": removed}})
	})
	if err != nil {
		return nil, err
	}
	s.Refresh(ctx)
	return out, nil
}

// checkSynonyms cleans the items (NFC, trimmed) and reports every bad one with its path.
func checkSynonyms(items []Synonym) ([]Synonym, error) {
	var fe apperr.Fields
	if len(items) > MaxSynonyms {
		fe.Add("items", msgs.Text("at_most_synonyms", MaxSynonyms))
		return nil, fe.Err("invalid_synonyms", msgs.Text("invalid_synonyms"))
	}
	out := make([]Synonym, len(items))
	seen := map[string]int{}
	meanings := map[string]int{}
	for i, it := range items {
		path := fmt.Sprintf("items[%d]", i)
		it.Phrase = strings.TrimSpace(vntext.NFC(it.Phrase))
		it.Means = strings.TrimSpace(vntext.NFC(it.Means))
		phrase, means := vntext.Words(it.Phrase), vntext.Words(it.Means)
		switch {
		case !vntext.Storable(it.Phrase) || len(phrase) == 0:
			fe.Add(path+".phrase", msgs.Text("synonym_phrase_required"))
		case utf8.RuneCountInString(it.Phrase) > maxSynonymLen || len(phrase) > maxSynonymWords:
			fe.Add(path+".phrase", msgs.Text("synonym_too_long", maxSynonymWords))
		}
		switch {
		case !vntext.Storable(it.Means):
			fe.Add(path+".means", msgs.Text("synonym_means_invalid"))
		case utf8.RuneCountInString(it.Means) > maxSynonymLen || len(means) > maxSynonymWords:
			fe.Add(path+".means", msgs.Text("synonym_too_long", maxSynonymWords))
		case it.Means != "" && len(means) == 0:
			fe.Add(path+".means", msgs.Text("synonym_means_invalid"))
		case len(phrase) > 0 && strings.Join(phrase, " ") == strings.Join(means, " "):
			fe.Add(path+".means", msgs.Text("synonym_means_itself"))
		}
		key := strings.Join(phrase, " ") + "\x00" + strings.Join(means, " ")
		if j, ok := seen[key]; ok {
			fe.Add(path, msgs.Text("synonym_repeats", j))
		}
		seen[key] = i
		if meanings[strings.Join(phrase, " ")]++; meanings[strings.Join(phrase, " ")] == maxMeaningsOfOne+1 {
			fe.Add(path+".phrase", msgs.Text("synonym_too_many_meanings", maxMeaningsOfOne))
		}
		out[i] = it
	}
	if err := fe.Err("invalid_synonyms", msgs.Text("invalid_synonyms")); err != nil {
		return nil, err
	}
	return out, nil
}

// diffSynonyms lists, for the audit log, the pairs added and removed as "phrase → means".
func diffSynonyms(prev, next []Synonym) (added, removed []string) {
	str := func(s Synonym) string { return s.Phrase + " → " + s.Means }
	was, is := map[string]bool{}, map[string]bool{}
	for _, s := range prev {
		was[str(s)] = true
	}
	for _, s := range next {
		is[str(s)] = true
		if !was[str(s)] {
			added = append(added, str(s))
		}
	}
	for _, s := range prev {
		if !is[str(s)] {
			removed = append(removed, str(s))
		}
	}
	return added, removed
}

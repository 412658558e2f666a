package indicators

import (
	"context"
	"embed"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntime"
)

//go:embed messages
var messagesFS embed.FS

var msgs = i18n.MustLoad(messagesFS, "messages")

var vnZone = vntime.Location()

// KindCompute is the periodic job that scores every agency's current and previous month.
const KindCompute = "indicators-compute"

// Grace is how long after a month ends its scores are still recomputed (late settlements,
// evaluations and payments of the month are recorded by then); after it they are frozen.
// [U] three days: the decision publishes a month's figures early in the next.
const Grace = 3 * 24 * time.Hour

// Store computes, stores and reads the indicators.
type Store struct {
	db  *db.DB
	org *org.Store
	now func() time.Time
}

// NewStore returns the store; now is the clock (nil: time.Now).
func NewStore(d *db.DB, o *org.Store, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: d, org: o, now: now}
}

// Indicator is one indicator's figures for an agency and month.
type Indicator struct {
	Code        string   `json:"code"`
	Group       string   `json:"group"`
	Name        string   `json:"name"`
	NameEn      string   `json:"name_en"`
	Score       *float64 `json:"score"` // nil: not computed
	MaxScore    float64  `json:"max_score"`
	Value       *float64 `json:"value,omitempty"` // a rate 0..1, or days for 2.2; nil without data
	Unit        string   `json:"unit,omitempty"`
	Numerator   int      `json:"numerator"`
	Denominator int      `json:"denominator"`
	Source      string   `json:"source"`
	Computed    bool     `json:"computed"`
	Reason      string   `json:"reason,omitempty"`
	ReasonEn    string   `json:"reason_en,omitempty"`
	Formula     string   `json:"formula"`
	FormulaEn   string   `json:"formula_en"`
	Threshold   float64  `json:"threshold,omitempty"`
}

// Scorecard is an agency's indicators for a month.
type Scorecard struct {
	Agency     string      `json:"agency"`
	AgencyName string      `json:"agency_name"`
	Month      string      `json:"month"`
	Indicators []Indicator `json:"indicators"`
	TotalScore float64     `json:"total_score"`
	MaxTotal   float64     `json:"max_total"` // the points the computed indicators can earn
	ComputedAt time.Time   `json:"computed_at"`
}

// Rank is one agency's place in a month's ranking.
type Rank struct {
	Rank       int     `json:"rank"`
	Agency     string  `json:"agency"`
	AgencyName string  `json:"agency_name"`
	TotalScore float64 `json:"total_score"`
	MaxTotal   float64 `json:"max_total"`
	// Values are the indicators' values by code (nil without data).
	Values map[string]*float64 `json:"values"`
}

// Ranking is a month's agencies, best first.
type Ranking struct {
	Month string `json:"month"`
	Items []Rank `json:"items"`
}

// Page is one page of the items behind a figure.
type Page struct {
	Agency  string   `json:"agency"`
	Month   string   `json:"month"`
	Code    string   `json:"code"`
	List    string   `json:"list"` // numerator or denominator
	Kind    string   `json:"kind"` // dossier or procedure
	Items   []string `json:"items"`
	Total   int      `json:"total"`
	Page    int      `json:"page"`
	PerPage int      `json:"per_page"`
}

// CheckMonth validates a YYYY-MM month, not after the current one.
func (s *Store) CheckMonth(month string) error {
	from, _, err := monthBounds(month)
	if err != nil || from.After(s.now()) {
		return apperr.Invalid("invalid_query", msgs.Text("invalid_query"), apperr.Field("month", msgs.Text("month_invalid")))
	}
	return nil
}

// CurrentMonth is the month now, local time.
func (s *Store) CurrentMonth() string { return s.now().In(vnZone).Format("2006-01") }

// visible returns the agencies the actor may see: system administrators all of them, an
// officer (reception, specialist, leader) their own agency and those below it.
func (s *Store) visible(ctx context.Context, actor *org.User) ([]*org.Agency, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	if !actor.IsAdmin() && !actor.Role.Officer() {
		return nil, apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("officers_only"))
	}
	all, err := s.org.Agencies(ctx)
	if err != nil {
		return nil, err
	}
	if actor.IsAdmin() {
		return all, nil
	}
	in := map[int64]bool{actor.AgencyID: true}
	var out []*org.Agency
	for changed := true; changed; { // agencies are few; walk down until no new child appears
		changed = false
		for _, a := range all {
			if !in[a.ID] && in[a.ParentID] {
				in[a.ID], changed = true, true
			}
		}
	}
	for _, a := range all {
		if in[a.ID] {
			out = append(out, a)
		}
	}
	return out, nil
}

// agency resolves the agency code for the actor: empty means the actor's own agency; an
// unknown code is 404, one the actor may not see 403.
func (s *Store) agency(ctx context.Context, actor *org.User, code string) (*org.Agency, error) {
	vis, err := s.visible(ctx, actor)
	if err != nil {
		return nil, err
	}
	if code == "" {
		if actor.AgencyCode == "" {
			return nil, apperr.Invalid("invalid_query", msgs.Text("invalid_query"), apperr.Field("agency", msgs.Text("agency_required")))
		}
		code = actor.AgencyCode
	}
	for _, a := range vis {
		if a.Code == code {
			return a, nil
		}
	}
	if _, err := s.org.Agency(ctx, code); err != nil {
		return nil, &apperr.Error{Kind: apperr.KindNotFound, Code: "agency_not_found", Message: msgs.Text("agency_not_found")[i18n.VI],
			MessageEn: msgs.Text("agency_not_found")[i18n.EN], Fields: []apperr.FieldError{apperr.Field("agency", msgs.Text("agency_not_found"))}}
	}
	return nil, apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("forbidden"))
}

// Compute scores one agency's month from the records and stores the scores.
func (s *Store) Compute(ctx context.Context, ag *org.Agency, month string) error {
	return s.compute(ctx, ag, month, nil)
}

func (s *Store) compute(ctx context.Context, ag *org.Agency, month string, cache procCache) error {
	f, err := s.gather(ctx, ag, month, cache)
	if err != nil {
		return fmt.Errorf("indicators: %s %s: %w", ag.Code, month, err)
	}
	at := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM indicator_scores WHERE agency_id = ? AND month = ?`, ag.ID, month); err != nil {
			return err
		}
		for _, fg := range f.figures() {
			if _, err := tx.Exec(ctx, `INSERT INTO indicator_scores (agency_id, month, code, numerator, denominator, value, score, max_score, computed_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, ag.ID, month, fg.def.Code, len(fg.numerator), len(fg.denominator), fg.value,
				fg.score, fg.def.MaxScore, at); err != nil {
				return err
			}
		}
		return nil
	})
}

type stored struct {
	num, den   int
	value      *float64
	score, max float64
	at         time.Time
}

func (s *Store) load(ctx context.Context, agencyID int64, month string) (map[string]stored, error) {
	rows, err := s.db.Query(ctx, `SELECT code, numerator, denominator, value, score, max_score, computed_at FROM indicator_scores
		WHERE agency_id = ? AND month = ?`, agencyID, month)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]stored{}
	for rows.Next() {
		var code string
		var r stored
		if err := rows.Scan(&code, &r.num, &r.den, &r.value, &r.score, &r.max, &r.at); err != nil {
			return nil, err
		}
		out[code] = r
	}
	return out, rows.Err()
}

// scores returns the stored scores of the agency's month, computing them first when none are.
func (s *Store) scores(ctx context.Context, ag *org.Agency, month string, cache procCache) (map[string]stored, error) {
	m, err := s.load(ctx, ag.ID, month)
	if err != nil || len(m) > 0 {
		return m, err
	}
	if err := s.compute(ctx, ag, month, cache); err != nil {
		return nil, err
	}
	return s.load(ctx, ag.ID, month)
}

// Scorecard returns an agency's indicators for a month (the actor's agency when code is empty).
func (s *Store) Scorecard(ctx context.Context, actor *org.User, code, month string) (*Scorecard, error) {
	ag, err := s.agency(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	if err := s.CheckMonth(month); err != nil {
		return nil, err
	}
	m, err := s.scores(ctx, ag, month, nil)
	if err != nil {
		return nil, err
	}
	sc := &Scorecard{Agency: ag.Code, AgencyName: ag.Name, Month: month, Indicators: []Indicator{}}
	for _, d := range Table {
		in := Indicator{Code: d.Code, Group: d.Group, Name: d.NameVi, NameEn: d.NameEn, Source: d.Source, Computed: d.Computed,
			Reason: d.ReasonVi, ReasonEn: d.ReasonEn, Formula: d.FormulaVi, FormulaEn: d.FormulaEn, Unit: d.Unit, Threshold: d.Threshold}
		if r, ok := m[d.Code]; ok && d.Computed {
			sc := r.score
			in.Score, in.MaxScore, in.Value, in.Numerator, in.Denominator = &sc, r.max, r.value, r.num, r.den
		}
		if in.Score != nil {
			sc.TotalScore += *in.Score
			sc.MaxTotal += in.MaxScore
			sc.ComputedAt = r0(m[d.Code].at, sc.ComputedAt)
		}
		sc.Indicators = append(sc.Indicators, in)
	}
	sc.TotalScore = round2(sc.TotalScore)
	sc.MaxTotal = round2(sc.MaxTotal)
	sc.ComputedAt = sc.ComputedAt.In(vnZone)
	return sc, nil
}

func r0(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func round2(v float64) float64 { return float64(int64(v*100+0.5)) / 100 }

// Ranking ranks the agencies the actor may see for a month by total score (highest first; a
// tie shares the rank, then by code). An agency not yet scored for the month is scored now.
func (s *Store) Ranking(ctx context.Context, actor *org.User, month string) (*Ranking, error) {
	vis, err := s.visible(ctx, actor)
	if err != nil {
		return nil, err
	}
	if err := s.CheckMonth(month); err != nil {
		return nil, err
	}
	out := &Ranking{Month: month, Items: []Rank{}}
	cache := procCache{}
	for _, ag := range vis {
		m, err := s.scores(ctx, ag, month, cache)
		if err != nil {
			return nil, err
		}
		r := Rank{Agency: ag.Code, AgencyName: ag.Name, Values: map[string]*float64{}}
		for code, v := range m {
			r.TotalScore += v.score
			r.MaxTotal += v.max
			r.Values[code] = v.value
		}
		r.TotalScore, r.MaxTotal = round2(r.TotalScore), round2(r.MaxTotal)
		out.Items = append(out.Items, r)
	}
	sort.SliceStable(out.Items, func(i, j int) bool {
		a, b := out.Items[i], out.Items[j]
		if a.TotalScore != b.TotalScore {
			return a.TotalScore > b.TotalScore
		}
		return a.Agency < b.Agency
	})
	for i := range out.Items {
		out.Items[i].Rank = i + 1
		if i > 0 && out.Items[i].TotalScore == out.Items[i-1].TotalScore {
			out.Items[i].Rank = out.Items[i-1].Rank
		}
	}
	return out, nil
}

// Items lists the dossiers (or procedures, for 3.1 and 3.2) behind an indicator's numerator
// or denominator for an agency's month, a page at a time (page from 1, per_page up to 200). They
// are recomputed from the records (perPage 0: the whole list, for downloads), so they match the stored figures while the month is open
// and the frozen ones unless records of a closed month were changed since.
func (s *Store) Items(ctx context.Context, actor *org.User, agencyCode, month, code, list string, page, perPage int) (*Page, error) {
	ag, err := s.agency(ctx, actor, agencyCode)
	if err != nil {
		return nil, err
	}
	if err := s.CheckMonth(month); err != nil {
		return nil, err
	}
	d, ok := Lookup(code)
	if !ok || !d.Computed {
		return nil, apperr.New(apperr.KindNotFound, "indicator_not_found", msgs.Text("indicator_not_found"))
	}
	if list == "" {
		list = "numerator"
	}
	if list != "numerator" && list != "denominator" {
		return nil, apperr.Invalid("invalid_query", msgs.Text("invalid_query"), apperr.Field("list", msgs.Text("list_invalid")))
	}
	page = max(page, 1)
	if perPage <= 0 {
		perPage = math.MaxInt32
	} else {
		perPage = min(perPage, 200)
	}
	f, err := s.gather(ctx, ag, month, nil)
	if err != nil {
		return nil, err
	}
	out := &Page{Agency: ag.Code, Month: month, Code: code, List: list, Page: page, PerPage: perPage, Items: []string{}}
	for _, fg := range f.figures() {
		if fg.def.Code != code {
			continue
		}
		items := fg.numerator
		if list == "denominator" {
			items = fg.denominator
		}
		out.Kind, out.Total = fg.kind, len(items)
		if fg.kind == "fee" {
			out.Kind = "dossier"
		}
		if lo := (page - 1) * perPage; lo < len(items) {
			out.Items = slices.Clone(items[lo:min(lo+perPage, len(items))])
		}
	}
	return out, nil
}

// Job is the periodic kind that scores every agency's current month and, until it is frozen
// (computed after the month's end plus Grace), the previous one. Its Timeout of 5 minutes keeps
// the queue's lease at its 10 minutes (the lease is at least twice the longest Timeout, and a
// longer lease would leave a dead replica's jobs waiting longer); a pass reads one agency-month at
// a time through indexes (not measured at 10 million dossiers).
func (s *Store) Job() job.Kind {
	return job.Kind{Name: KindCompute, Every: time.Hour, Timeout: 5 * time.Minute, Handle: func(ctx context.Context, _ *job.Job) error {
		return s.Run(ctx)
	}}
}

// Run does one pass of the job (also `motcua jobs run`).
func (s *Store) Run(ctx context.Context) error {
	all, err := s.org.Agencies(ctx)
	if err != nil {
		return err
	}
	now := s.now().In(vnZone)
	cur, _, _ := monthBounds(now.Format("2006-01"))
	prev := cur.AddDate(0, -1, 0).Format("2006-01")
	freezeAt := cur.Add(Grace) // the previous month ends when the current one starts
	cache := procCache{}
	for _, ag := range all {
		if err := s.compute(ctx, ag, cur.Format("2006-01"), cache); err != nil {
			return err
		}
		m, err := s.load(ctx, ag.ID, prev)
		if err != nil {
			return err
		}
		frozen := len(m) > 0
		for _, r := range m {
			frozen = frozen && !r.at.Before(freezeAt)
		}
		if !frozen {
			if err := s.compute(ctx, ag, prev, cache); err != nil {
				return err
			}
		}
	}
	return nil
}

package workflow

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/stats"
	"github.com/motcua/motcua/internal/vntext"
)

// Indicator is one of the nine criteria of Circular 01/2018/TT-VPCP Art. 13, each scored 0, 1
// or 2. Some the applicant judges; the rest follow from the dossier's own record.
type Indicator struct {
	Key     string
	Citizen bool // scored by the applicant
}

// Name is the criterion's name, from the catalog's indicator.KEY.
func (ind Indicator) Name() i18n.Text { return msgs.Text("indicator." + ind.Key) }

// Indicators are the criteria of Circular 01/2018 Art. 13 (egov.md §2).
var Indicators = []Indicator{
	{"total_time", false},
	{"unit_time", false},
	{"contacts", false},
	{"agencies", true},
	{"one_stop", false},
	{"publicity", true},
	{"attitude", true},
	{"feedback", true},
	{"online", false},
}

// Evaluation is an applicant's evaluation of a settled dossier.
type Evaluation struct {
	Code      string         `json:"code"`
	Scores    map[string]int `json:"scores"`
	Total     int            `json:"total"` // out of 18
	Comment   string         `json:"comment,omitempty"`
	CreatedAt time.Time      `json:"created_at"`
}

// EvaluationInput is what the applicant scores.
type EvaluationInput struct {
	Scores  map[string]int `json:"scores"`
	Comment string         `json:"comment"`
}

// Evaluate records the applicant's evaluation once the result is returned (or the dossier is
// refused): the applicant scores the criteria they judge, and the system scores the others from
// the record — on time or late, per-step lateness, supplement requests (0 requests = 2, 1 = 1,
// more = 0), the channel, and whether the service was online (Circular 01/2018 Art. 13).
func (s *Store) Evaluate(ctx context.Context, actor *org.User, code string, in EvaluationInput) (*Evaluation, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	d, err := s.dossiers.Get(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	if d.Applicant.UserID != actor.ID {
		return nil, apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("forbidden.only_applicant_evaluates"))
	}
	if d.Status != dossier.StatusReturned && d.Status != dossier.StatusRefused {
		return nil, apperr.New(apperr.KindConflict, "not_settled", msgs.Text("not_settled"))
	}
	var fe apperr.Fields
	scores := map[string]int{}
	for _, ind := range Indicators {
		if !ind.Citizen {
			continue
		}
		v, ok := in.Scores[ind.Key]
		switch {
		case !ok:
			name := ind.Name()
			fe.Add("scores."+ind.Key, msgs.TextFunc("score_missing", func(l i18n.Lang) []any { return []any{name.In(l)} }))
		case v < 0 || v > 2:
			fe.Add("scores."+ind.Key, msgs.Text("score_must_be_0_1_or"))
		}
		scores[ind.Key] = v
	}
	for k := range in.Scores {
		if !citizenKey(k) {
			fe.Add("scores."+k, msgs.Text("criterion_is_scored_by_system_or"))
		}
	}
	in.Comment = strings.TrimSpace(vntext.NFC(in.Comment))
	if utf8.RuneCountInString(in.Comment) > 2000 {
		fe.Add("comment", msgs.Text("at_most_2_000_characters"))
	}
	if err := fe.Err("invalid_evaluation", msgs.Text("invalid_evaluation")); err != nil {
		return nil, err
	}
	if err := s.systemScores(ctx, d, scores); err != nil {
		return nil, err
	}
	e := &Evaluation{Code: d.Code, Scores: scores, Comment: in.Comment, CreatedAt: s.now().In(vnZone)}
	for _, v := range scores {
		e.Total += v
	}
	b, _ := json.Marshal(scores)
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		// The dossier's figures count its evaluation (internal/stats, rules.go).
		if err := stats.Track(ctx, tx, d.ID, func() error {
			_, err := tx.Exec(ctx, `INSERT INTO evaluations (dossier_id, user_id, scores, comment, created_at) VALUES (?, ?, ?, ?, ?)`,
				d.ID, actor.ID, string(b), e.Comment, e.CreatedAt)
			return err
		}); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: actor.ID, Actor: actor.Username, Action: "dossier.evaluate",
			Object: d.Code, Detail: map[string]any{"total": e.Total}})
	})
	if errors.Is(err, db.ErrConflict) {
		return nil, apperr.New(apperr.KindConflict, "already_evaluated", msgs.Text("already_evaluated"))
	}
	if err != nil {
		return nil, err
	}
	return e, nil
}

func citizenKey(k string) bool {
	for _, ind := range Indicators {
		if ind.Key == k {
			return ind.Citizen
		}
	}
	return false
}

func (s *Store) systemScores(ctx context.Context, d *dossier.Dossier, scores map[string]int) error {
	var supplements, lateSteps int
	if err := s.db.QueryRow(ctx, `SELECT supplements, (SELECT COUNT(*) FROM dossier_steps WHERE dossier_id = ? AND late = 1)
		FROM dossiers WHERE id = ?`, d.ID, d.ID).Scan(&supplements, &lateSteps); err != nil {
		return err
	}
	scores["total_time"] = 2
	if d.DueAt != nil && d.FinishedAt != nil && d.FinishedAt.After(*d.DueAt) {
		scores["total_time"] = 0
	}
	scores["unit_time"] = 2
	if lateSteps > 0 {
		scores["unit_time"] = 0
	}
	scores["contacts"] = max(0, 2-supplements)
	scores["one_stop"] = 2
	scores["online"] = 0
	if d.Channel == dossier.ChannelOnline {
		scores["online"] = 2
	}
	return nil
}

// Evaluation returns a dossier's evaluation to whoever may see the dossier.
func (s *Store) Evaluation(ctx context.Context, actor *org.User, code string) (*Evaluation, error) {
	d, err := s.dossiers.Get(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	var scores string
	e := &Evaluation{Code: d.Code}
	err = s.db.QueryRow(ctx, `SELECT scores, comment, created_at FROM evaluations WHERE dossier_id = ?`, d.ID).Scan(&scores, &e.Comment, &e.CreatedAt)
	if errors.Is(err, db.ErrNotFound) {
		return nil, apperr.NotFound("evaluation", msgs.Text("evaluation_not_found"))
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(scores), &e.Scores); err != nil {
		return nil, err
	}
	for _, v := range e.Scores {
		e.Total += v
	}
	e.CreatedAt = e.CreatedAt.In(vnZone)
	return e, nil
}

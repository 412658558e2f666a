package report

import (
	"context"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
)

// Target is one of the city's service-level targets, kept as data (table report_targets) so
// that the committee can change it when its plan changes. Ratio is what Measure should reach,
// 0–1: Hà Nội's plan aimed at 100% of services at level 3–4 (online, Measure "online_ratio")
// and at least 30% at level 4 (fully online, "full_ratio"); Basis cites the plan.
type Target struct {
	Key       string    `json:"key"`
	Measure   string    `json:"measure"`
	Ratio     float64   `json:"ratio"`
	Name      string    `json:"name"`
	NameEn    string    `json:"name_en"`
	Basis     string    `json:"basis"`
	UpdatedBy string    `json:"updated_by,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// TargetInput changes a target: its ratio, and optionally the basis for it.
type TargetInput struct {
	Ratio *float64 `json:"ratio"`
	Basis *string  `json:"basis,omitempty"`
}

// Measures are the ratios of Levels a target may aim at.
var Measures = []string{"online_ratio", "full_ratio"}

// ratioScale: ratios are stored as whole hundredths of a per cent (basis points), an integer on
// both engines, so a stored 0.3 reads back as exactly 0.3.
const ratioScale = 10000

// Targets lists the city's targets, by key.
func (s *Service) Targets(ctx context.Context) ([]Target, error) {
	rows, err := s.db.Query(ctx, `SELECT t.key, t.measure, t.ratio_bp, t.name, t.name_en, t.basis, COALESCE(u.username, ''), t.updated_at
		FROM report_targets t LEFT JOIN users u ON u.id = t.updated_by ORDER BY t.key`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Target{}
	for rows.Next() {
		var t Target
		var bp int64
		if err := rows.Scan(&t.Key, &t.Measure, &bp, &t.Name, &t.NameEn, &t.Basis, &t.UpdatedBy, &t.UpdatedAt); err != nil {
			return nil, err
		}
		t.Ratio = float64(bp) / ratioScale
		t.UpdatedAt = t.UpdatedAt.In(vnZone)
		out = append(out, t)
	}
	return out, rows.Err()
}

// Target returns one target; an unknown key is a not-found error.
func (s *Service) Target(ctx context.Context, key string) (*Target, error) {
	all, err := s.Targets(ctx)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].Key == key {
			return &all[i], nil
		}
	}
	return nil, apperr.NotFound("target", msgs.Text("target_not_found"))
}

// SetTarget changes target key to in, for a system administrator only; the change and its
// audit record (action "report.target") commit together. A ratio outside 0–1 or with more than
// four decimals of precision, or a basis longer than 1,000 characters, is refused naming the
// field.
func (s *Service) SetTarget(ctx context.Context, actor *org.User, key string, in TargetInput) (*Target, error) {
	if actor == nil {
		return nil, apperr.New(apperr.KindUnauthenticated, "unauthenticated", msgs.Text("unauthenticated"))
	}
	if !actor.IsAdmin() {
		return nil, apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("forbidden"))
	}
	cur, err := s.Target(ctx, key)
	if err != nil {
		return nil, err
	}
	var fe apperr.Fields
	var bp int64
	switch {
	case in.Ratio == nil:
		fe.Add("ratio", msgs.Text("ratio_is_required"))
	case math.IsNaN(*in.Ratio) || *in.Ratio < 0 || *in.Ratio > 1:
		fe.Add("ratio", msgs.Text("ratio_must_be_between_0_and_1"))
	default:
		f := *in.Ratio * ratioScale
		bp = int64(math.Round(f))
		if math.Abs(f-float64(bp)) > 1e-6 {
			fe.Add("ratio", msgs.Text("ratio_at_most_four_decimals"))
		}
	}
	basis := cur.Basis
	if in.Basis != nil {
		basis = strings.TrimSpace(vntext.NFC(*in.Basis))
		if basis == "" || !utf8.ValidString(basis) || utf8.RuneCountInString(basis) > 1000 {
			fe.Add("basis", msgs.Text("basis_is_required_at_most_1000"))
		}
	}
	if err := fe.Err("invalid_target", msgs.Text("invalid_target")); err != nil {
		return nil, err
	}
	now := s.now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE report_targets SET ratio_bp = ?, basis = ?, updated_by = ?, updated_at = ? WHERE key = ?`,
			bp, basis, actorID(actor), now, key)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.NotFound("target", msgs.Text("target_not_found"))
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: actor.ID, Actor: actor.Username, Action: "report.target", Object: key,
			Detail: map[string]any{"ratio": float64(bp) / ratioScale, "previous_ratio": cur.Ratio, "basis": basis}})
	})
	if err != nil {
		return nil, err
	}
	return s.Target(ctx, key)
}

func actorID(u *org.User) any {
	if u == nil || u.ID == 0 {
		return nil
	}
	return u.ID
}

// targetStatus sets each target against l.
func (s *Service) targetStatus(ctx context.Context, l *Levels, lang i18n.Lang) ([]TargetStatus, error) {
	ts, err := s.Targets(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]TargetStatus, 0, len(ts))
	for _, t := range ts {
		st := TargetStatus{Key: t.Key, Measure: t.Measure, Target: t.Ratio, Name: t.Name}
		if lang == i18n.EN && t.NameEn != "" {
			st.Name = t.NameEn
		}
		switch t.Measure {
		case "online_ratio":
			st.Actual = l.OnlineRatio
		case "full_ratio":
			st.Actual = l.FullRatio
		}
		st.Met = st.Actual >= t.Ratio
		out = append(out, st)
	}
	return out, nil
}

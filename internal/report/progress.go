package report

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
)

// MonthLevels is the service levels in force at the end of a month (At, its last day; today
// for the month in progress).
type MonthLevels struct {
	Month string `json:"month"` // YYYY-MM
	At    string `json:"at"`    // YYYY-MM-DD
	Levels
}

// MaxMonths bounds Progress.
const MaxMonths = 120

// Progress returns the service levels at the end of each of the last months months, oldest
// first, the month in progress last (at today), city-wide or for one agency. Each is computed
// from the catalog's version history: the version of each procedure in force on that day is
// the latest one made by a decision effective by then (decisions.effective_on), counted when it
// is active — not from today's state, so a procedure raised to fully online this year counts as
// partial in last year's months.
func (s *Service) Progress(ctx context.Context, agencyCode string, months int) ([]MonthLevels, error) {
	if months < 1 || months > MaxMonths {
		return nil, apperr.Invalid("invalid_months", msgs.Text("invalid_months"), apperr.Field("months", msgs.Text("months_between_1_and_120")))
	}
	a, err := s.agency(ctx, agencyCode)
	if err != nil {
		return nil, err
	}
	hist, err := s.history(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now().In(vnZone)
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, vnZone)
	out := make([]MonthLevels, 0, months)
	for i := months - 1; i >= 0; i-- {
		start := first.AddDate(0, -i, 0)
		at := start.AddDate(0, 1, -1)
		if i == 0 {
			at = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, vnZone)
		}
		day := at.Format(time.DateOnly)
		m := MonthLevels{Month: start.Format("2006-01"), At: day}
		for _, versions := range hist {
			v := inForce(versions, day)
			if v == nil || v.status != catalog.StatusActive || (a != nil && !catalog.Receives(&v.p, a)) {
				continue
			}
			m.add(v.p.OnlineLevel, v.p.LegacyLevel)
		}
		m.finish()
		out = append(out, m)
	}
	return out, nil
}

// version is one stored version of a procedure with the day its decision took effect.
type version struct {
	effective string // YYYY-MM-DD
	number    int
	status    catalog.Status
	p         catalog.Procedure
}

// inForce returns the version in force on day: the latest effective by then (the higher
// version number between two of the same day), or nil before the first.
func inForce(vs []version, day string) *version {
	var best *version
	for i := range vs {
		v := &vs[i]
		if v.effective > day {
			continue
		}
		if best == nil || v.effective > best.effective || (v.effective == best.effective && v.number > best.number) {
			best = v
		}
	}
	return best
}

// history reads every procedure's versions, by code.
func (s *Service) history(ctx context.Context) (map[string][]version, error) {
	rows, err := s.db.Query(ctx, `SELECT v.code, v.version, v.status, d.effective_on, v.doc
		FROM procedure_versions v JOIN decisions d ON d.id = v.decision_id`)
	if err != nil {
		return nil, fmt.Errorf("report: procedure history: %w", err)
	}
	defer rows.Close()
	out := map[string][]version{}
	for rows.Next() {
		var v version
		var code, status, doc string
		if err := rows.Scan(&code, &v.number, &status, &v.effective, &doc); err != nil {
			return nil, fmt.Errorf("report: procedure history: %w", err)
		}
		if err := json.Unmarshal([]byte(doc), &v.p); err != nil {
			return nil, fmt.Errorf("report: procedure %s/%d: %w", code, v.number, err)
		}
		v.p.Code, v.status = code, catalog.Status(status)
		out[code] = append(out[code], v)
	}
	return out, rows.Err()
}

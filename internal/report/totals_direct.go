package report

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/stats"
)

// totals returns the counts of each agency (by id) with any dossier figure over the local days
// [from, end), the state figures at moment: the one source of the agency figures. It reads the
// incremental aggregates of internal/stats, which never scan the dossiers; without them (a
// Service built with no Stats) it counts the period's dossiers directly, which the tests keep
// as the aggregates' oracle.
func (s *Service) totals(ctx context.Context, from, end, moment time.Time, agencyIDs []int64) (map[int64]counts, error) {
	if s.stats != nil {
		m, err := s.stats.Totals(ctx, stats.Query{From: from, To: end.AddDate(0, 0, -1), Agencies: agencyIDs, Now: moment})
		if err != nil {
			return nil, err
		}
		out := make(map[int64]counts, len(m))
		for id, t := range m {
			if t == (stats.Totals{}) {
				continue // an agency asked for with nothing: as the direct count, no row
			}
			out[id] = counts{Received: t.Received, Online: t.Online, Counter: t.Counter, Post: t.Post,
				Settled: t.Settled, OnTime: t.OnTime, Late: t.Late, InProgress: t.InProgress, Overdue: t.Overdue}
		}
		return out, nil
	}
	byKey, err := s.countDirect(ctx, "agency_id", from, end, moment, agencyIDs)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]counts, len(byKey))
	for k, c := range byKey {
		id, err := strconv.ParseInt(k, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("report: agency id %q: %w", k, err)
		}
		out[id] = c
	}
	return out, nil
}

// settledSQL is a dossier whose result was issued (stats.Settled): an end of processing, and
// not withdrawn, rejected at reception or stopped without a result.
const settledSQL = `(finished_at IS NOT NULL AND status NOT IN ('withdrawn','rejected','stopped'))`

// onTimeSQL is a settled dossier finished by its due time (none counts as on time) with at most
// one supplement request: Decision 766 indicator 2.1 (egov.md §5 [S]).
const onTimeSQL = `((due_at IS NULL OR finished_at <= due_at) AND supplements <= 1)`

// countDirect counts the dossiers over [from, end) with the state at moment, grouped by the
// column group (agency_id, procedure_code or channel), optionally of some agencies only. It
// reads every dossier of the period: the oracle, not the dashboards' path.
func (s *Service) countDirect(ctx context.Context, group string, from, end, moment time.Time, agencyIDs []int64) (map[string]counts, error) {
	switch group {
	case "agency_id", "procedure_code", "channel":
	default:
		return nil, fmt.Errorf("report: cannot group by %q", group)
	}
	inProgress := `(submitted_at < ? AND (finished_at IS NULL OR finished_at >= ?))`
	q := `SELECT ` + group + `,
		SUM(CASE WHEN submitted_at >= ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN submitted_at >= ? AND channel = 'online' THEN 1 ELSE 0 END),
		SUM(CASE WHEN submitted_at >= ? AND channel = 'counter' THEN 1 ELSE 0 END),
		SUM(CASE WHEN submitted_at >= ? AND channel = 'post' THEN 1 ELSE 0 END),
		SUM(CASE WHEN ` + settledSQL + ` AND finished_at >= ? AND finished_at < ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN ` + settledSQL + ` AND finished_at >= ? AND finished_at < ? AND ` + onTimeSQL + ` THEN 1 ELSE 0 END),
		SUM(CASE WHEN ` + inProgress + ` THEN 1 ELSE 0 END),
		SUM(CASE WHEN ` + inProgress + ` AND due_at < ? AND status NOT IN ('supplement_requested','awaiting_payment') THEN 1 ELSE 0 END)
		FROM dossiers
		WHERE submitted_at < ? AND (submitted_at >= ? OR finished_at IS NULL OR finished_at >= ?)`
	args := []any{from, from, from, from, from, end, from, end, moment, moment, moment, moment, moment, end, from, from}
	if len(agencyIDs) > 0 {
		q += ` AND agency_id IN (?` + strings.Repeat(", ?", len(agencyIDs)-1) + `)`
		for _, id := range agencyIDs {
			args = append(args, id)
		}
	}
	q += ` GROUP BY ` + group
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("report: count dossiers: %w", err)
	}
	defer rows.Close()
	out := map[string]counts{}
	for rows.Next() {
		var k string
		var c counts
		if err := rows.Scan(&k, &c.Received, &c.Online, &c.Counter, &c.Post, &c.Settled, &c.OnTime, &c.InProgress, &c.Overdue); err != nil {
			return nil, fmt.Errorf("report: count dossiers: %w", err)
		}
		c.Late = c.Settled - c.OnTime
		if c != (counts{}) {
			out[k] = c
		}
	}
	return out, rows.Err()
}

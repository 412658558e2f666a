package report

import (
	"context"
	"encoding/json"
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
			out[id] = counts(t)
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
	// A dossier's live fee invoice (at most one, invoices_live_ref), paid online or not.
	fee := `EXISTS (SELECT 1 FROM invoices i WHERE i.kind = 'fee' AND i.ref = dossiers.code AND i.status <> 'cancelled'`
	q := `SELECT ` + group + `,
		SUM(CASE WHEN submitted_at >= ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN submitted_at >= ? AND channel = 'online' THEN 1 ELSE 0 END),
		SUM(CASE WHEN submitted_at >= ? AND channel = 'counter' THEN 1 ELSE 0 END),
		SUM(CASE WHEN submitted_at >= ? AND channel = 'post' THEN 1 ELSE 0 END),
		SUM(CASE WHEN ` + settledSQL + ` AND finished_at >= ? AND finished_at < ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN ` + settledSQL + ` AND finished_at >= ? AND finished_at < ? AND ` + onTimeSQL + ` THEN 1 ELSE 0 END),
		SUM(CASE WHEN ` + inProgress + ` THEN 1 ELSE 0 END),
		SUM(CASE WHEN ` + inProgress + ` AND due_at < ? AND status NOT IN ('supplement_requested','awaiting_payment') THEN 1 ELSE 0 END),
		SUM(CASE WHEN submitted_at >= ? AND digitised = 1 THEN 1 ELSE 0 END),
		SUM(CASE WHEN submitted_at >= ? AND reused = 1 THEN 1 ELSE 0 END),
		SUM(CASE WHEN submitted_at >= ? AND ` + fee + `) THEN 1 ELSE 0 END),
		SUM(CASE WHEN submitted_at >= ? AND ` + fee + ` AND i.status IN ('paid', 'refunded') AND i.payment_id IS NOT NULL) THEN 1 ELSE 0 END)
		FROM dossiers
		WHERE submitted_at < ? AND (submitted_at >= ? OR finished_at IS NULL OR finished_at >= ?)`
	args := []any{from, from, from, from, from, end, from, end, moment, moment, moment, moment, moment, from, from, from, from, end, from, from}
	cond, condArgs := "", []any(nil)
	if len(agencyIDs) > 0 {
		cond = ` AND agency_id IN (?` + strings.Repeat(", ?", len(agencyIDs)-1) + `)`
		for _, id := range agencyIDs {
			condArgs = append(condArgs, id)
		}
	}
	rows, err := s.db.Query(ctx, q+cond+` GROUP BY `+group, append(args, condArgs...)...)
	if err != nil {
		return nil, fmt.Errorf("report: count dossiers: %w", err)
	}
	defer rows.Close()
	out := map[string]counts{}
	for rows.Next() {
		var k string
		var c counts
		if err := rows.Scan(&k, &c.Received, &c.Online, &c.Counter, &c.Post, &c.Settled, &c.OnTime, &c.InProgress, &c.Overdue,
			&c.Digitised, &c.Reused, &c.Fees, &c.PaidOnline); err != nil {
			return nil, fmt.Errorf("report: count dossiers: %w", err)
		}
		c.Late = c.Settled - c.OnTime
		out[k] = c
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	// Evaluations of the dossiers settled in the period: satisfied unless a criterion is scored
	// 0 (stats.Unhappy), which is read in Go.
	erows, err := s.db.Query(ctx, `SELECT `+group+`, e.scores FROM dossiers JOIN evaluations e ON e.dossier_id = dossiers.id
		WHERE `+settledSQL+` AND finished_at >= ? AND finished_at < ?`+cond, append([]any{from, end}, condArgs...)...)
	if err != nil {
		return nil, fmt.Errorf("report: count evaluations: %w", err)
	}
	defer erows.Close()
	for erows.Next() {
		var k, scores string
		if err := erows.Scan(&k, &scores); err != nil {
			return nil, err
		}
		var m map[string]int
		if err := json.Unmarshal([]byte(scores), &m); err != nil {
			return nil, fmt.Errorf("report: evaluation scores: %w", err)
		}
		c := out[k]
		c.Evaluated++
		if !stats.Unhappy(m) {
			c.Satisfied++
		}
		out[k] = c
	}
	if err := erows.Err(); err != nil {
		return nil, err
	}
	for k, c := range out {
		if c == (counts{}) {
			delete(out, k)
		}
	}
	return out, nil
}

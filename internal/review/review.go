// Package review is the process review (rà soát, cắt giảm thời gian giải quyết thủ tục hành
// chính): for one procedure over a period, how long each step of its process really takes
// against the step's budget, how long whole dossiers take against the legal time, the steps
// that overrun their budgets most (the bottleneck list), and what cutting a step's budget or
// removing a step would have changed, replayed on the finished dossiers of the period.
//
// Times are office time on the agency's working calendar (calendar.WorkingTime: office hours,
// weekends and holidays excluded), reported in working hours. Percentiles are nearest-rank:
// of n values sorted ascending, the p-th percentile is the value at rank ⌈p/100·n⌉ (so the
// median of an even count is the lower middle value). Everything is computed on demand from
// dossiers and dossier_steps, bounded to MaxDays per request.
package review

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/workflow"
)

// MaxDays bounds a request's period (from and to inclusive): a review replays every dossier of
// the period on demand, so one request reads at most a year of one procedure (or, for the
// bottleneck list, of one agency or the city).
const MaxDays = 366

// Store computes process reviews.
type Store struct {
	db      *db.DB
	cal     *calendar.Store
	catalog *catalog.Store
	org     *org.Store
	wf      *workflow.Store
}

// Config holds a Store's dependencies.
type Config struct {
	DB       *db.DB
	Calendar *calendar.Store
	Catalog  *catalog.Store
	Org      *org.Store
	Workflow *workflow.Store
}

// NewStore returns a review store.
func NewStore(c Config) *Store {
	return &Store{db: c.DB, cal: c.Calendar, catalog: c.Catalog, org: c.Org, wf: c.Workflow}
}

// Query selects the dossiers reviewed: those of Procedure (required except for the bottleneck
// list) submitted from From to To inclusive (YYYY-MM-DD, Asia/Ho_Chi_Minh), at Agency (a code;
// empty means every agency the actor may review).
type Query struct {
	Procedure string
	From, To  string
	Agency    string
}

// MayReview says who reads process reviews: leaders (their own agency's dossiers), catalog
// administrators, who rework procedures, and system administrators (any agency, or the city).
// Reception officers, specialists and accountants do not: the review judges their work.
func MayReview(u *org.User) bool {
	return u != nil && (u.Role == org.RoleLeader || u.Role == org.RoleCatalogAdmin || u.IsAdmin())
}

var errForbidden = apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("only_reviewers"))

// scope is the agency a query reads (nil: every agency) after checking who asks.
func (s *Store) scope(ctx context.Context, actor *org.User, code string) (*org.Agency, error) {
	switch {
	case actor == nil:
		return nil, org.ErrUnauthenticated
	case !MayReview(actor):
		return nil, errForbidden
	}
	if actor.Role == org.RoleLeader {
		if code != "" && code != actor.AgencyCode {
			return nil, errForbidden
		}
		code = actor.AgencyCode
	}
	if code == "" {
		return nil, nil
	}
	ag, err := s.org.Agency(ctx, code)
	if errors.Is(err, db.ErrNotFound) || apperr.KindOf(err) == apperr.KindNotFound {
		return nil, apperr.Invalid("invalid_agency", msgs.Text("invalid_query"), apperr.Field("agency", msgs.Text("unknown_agency", code)))
	}
	return ag, err
}

// period parses from and to into [start, end) instants, checking the bound.
func period(from, to string) (time.Time, time.Time, error) {
	var fe apperr.Fields
	start, err1 := time.ParseInLocation(time.DateOnly, from, vntime.Location())
	if err1 != nil {
		fe.Add("from", msgs.Text("give_date"))
	}
	end, err2 := time.ParseInLocation(time.DateOnly, to, vntime.Location())
	if err2 != nil {
		fe.Add("to", msgs.Text("give_date"))
	}
	if err1 == nil && err2 == nil {
		days := int(end.Sub(start)/(24*time.Hour)) + 1
		switch {
		case days < 1:
			fe.Add("to", msgs.Text("to_before_from"))
		case days > MaxDays:
			fe.Add("to", msgs.Text("period_too_long", MaxDays))
		}
	}
	if fe.Len() > 0 {
		return time.Time{}, time.Time{}, fe.Err("invalid_query", msgs.Text("invalid_query"))
	}
	return start, end.AddDate(0, 0, 1), nil
}

// pass is one passage of a dossier through a step that has ended.
type pass struct {
	step    string
	minutes int  // working minutes spent
	late    bool // past the step's due time when it ended
	counted bool // started at or after the dossier's (latest) receipt: part of its total time
}

// record is one dossier of the period with its ended passes.
type record struct {
	procedure string
	finished  bool // settled (result returned or refused) with a receipt and a legal due time
	total     int  // working minutes from receipt to settlement (finished only)
	legal     int  // working minutes from receipt to the legal due time (finished only)
	onTime    bool // settled by its due time (finished only)
	passes    []pass
}

// load reads the dossiers of the period (of one procedure when given) with their passes; the
// reads go through dossiers_procedure_submitted, dossiers_agency_submitted or
// dossiers_submitted (0024_review.sql), then dossier_steps_dossier.
func (s *Store) load(ctx context.Context, procedure string, ag *org.Agency, start, end time.Time) ([]*record, error) {
	where, args := `d.submitted_at >= ? AND d.submitted_at < ?`, []any{start, end}
	if procedure != "" {
		where, args = `d.procedure_code = ? AND `+where, append([]any{procedure}, args...)
	}
	if ag != nil {
		where, args = `d.agency_id = ? AND `+where, append([]any{ag.ID}, args...)
	}
	rows, err := s.db.Query(ctx, `SELECT d.id, d.procedure_code, a.code, d.status, d.received_at, d.due_at, d.finished_at,
		s.step, s.started_at, s.ended_at, COALESCE(s.late, 0)
		FROM dossiers d JOIN agencies a ON a.id = d.agency_id LEFT JOIN dossier_steps s ON s.dossier_id = d.id
		WHERE `+where+` ORDER BY d.id, s.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cals := map[string]*calendar.Calendar{}
	var out []*record
	var cur *record
	var curID int64
	var cal *calendar.Calendar
	var received, due sql.NullTime
	for rows.Next() {
		var id int64
		var proc, agency, status string
		var finished, started, ended sql.NullTime
		var step sql.NullString
		var late int
		if err := rows.Scan(&id, &proc, &agency, &status, &received, &due, &finished, &step, &started, &ended, &late); err != nil {
			return nil, err
		}
		if cur == nil || id != curID {
			if cal = cals[agency]; cal == nil {
				if cal, err = s.cal.CalendarFor(ctx, agency); err != nil {
					return nil, err
				}
				cals[agency] = cal
			}
			cur, curID = &record{procedure: proc}, id
			out = append(out, cur)
			settled := status == string(dossier.StatusReturned) || status == string(dossier.StatusRefused)
			if settled && received.Valid && due.Valid && finished.Valid {
				cur.finished = true
				if cur.total, err = minutes(cal, received.Time, finished.Time); err != nil {
					return nil, err
				}
				if cur.legal, err = minutes(cal, received.Time, due.Time); err != nil {
					return nil, err
				}
				cur.onTime = !finished.Time.After(due.Time)
			}
		}
		if !step.Valid || !ended.Valid {
			continue
		}
		m, err := minutes(cal, started.Time, ended.Time)
		if err != nil {
			return nil, err
		}
		cur.passes = append(cur.passes, pass{step: step.String, minutes: m, late: late != 0,
			counted: received.Valid && !started.Time.Before(received.Time)})
	}
	return out, rows.Err()
}

// minutes is the office time between two instants in whole minutes (0 when to precedes from).
func minutes(cal *calendar.Calendar, from, to time.Time) (int, error) {
	d, err := cal.WorkingTime(from, to)
	if err != nil || d < 0 {
		return 0, err
	}
	return int(d / time.Minute), nil
}

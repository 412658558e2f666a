package workflow

import (
	"context"
	"database/sql"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/notify"
)

// SLA states of an open dossier.
const (
	SLAOK      = "ok"
	SLADueSoon = "due_soon" // less than one working day left
	SLAOverdue = "overdue"
)

// Deadlines is the rule of a dossier's deadline state at one moment, on its agency's calendar:
// overdue once now is past the nearer of its step's deadline (step_due_at) and its whole
// processing time (due_at), due soon with less than one working day of office time left
// before it, ok otherwise. Every read computes the state from the due times with it — State in
// Go, SQL in queries, comparing the columns with the same two instants — so no stored state
// lags behind the clock.
type Deadlines struct {
	now  time.Time // before it: overdue
	soon time.Time // before it: due soon (one working day of office time after now)
}

// DeadlinesAt returns the rule at now on cal.
func DeadlinesAt(cal *calendar.Calendar, now time.Time) (Deadlines, error) {
	soon, err := cal.DueHours(now, cal.DayLength())
	return Deadlines{now: now, soon: soon}, err
}

// deadlines returns the rule now on the agency's calendar.
func (s *Store) deadlines(ctx context.Context, agency string) (Deadlines, error) {
	cal, err := s.cal.CalendarFor(ctx, agency)
	if err != nil {
		return Deadlines{}, err
	}
	return DeadlinesAt(cal, s.now())
}

// State is the state of a dossier waiting at a step due at stepDue whose processing time ends
// at due (either nil when not set).
func (k Deadlines) State(stepDue, due *time.Time) string {
	before := func(t *time.Time, edge time.Time) bool { return t != nil && t.Before(edge) }
	switch {
	case before(stepDue, k.now) || before(due, k.now):
		return SLAOverdue
	case before(stepDue, k.soon) || before(due, k.soon):
		return SLADueSoon
	}
	return SLAOK
}

// SQL is State over the dossier d of a query (a NULL due time compares as nothing), with its
// arguments; a dossier at no step (closed, or waiting for the applicant's supplement) or waiting
// for the applicant's fee is ok.
func (k Deadlines) SQL() (string, []any) {
	return `CASE WHEN d.step_role = '' OR d.status = 'awaiting_payment' THEN 'ok' WHEN d.step_due_at < ? OR d.due_at < ? THEN 'overdue'
		WHEN d.step_due_at < ? OR d.due_at < ? THEN 'due_soon' ELSE 'ok' END`, []any{k.now, k.now, k.soon, k.soon}
}

// SweepReport says what a sweep changed.
type SweepReport struct {
	Checked   int `json:"checked"`
	DueSoon   int `json:"due_soon"`
	Overdue   int `json:"overdue"`
	Escalated int `json:"escalated"`
	LateSteps int `json:"late_steps"`
}

// Sweep tells the assigned officer (the agency's leaders when nobody is assigned) when an open
// dossier becomes due soon or overdue (Deadlines), once per state and step, escalates overdue
// ones to the leaders once, and marks as late the open step that overran its budget, so
// lateness is attributed to the step that caused it. It is a periodic job; it changes no
// state that reads show, which is computed when read.
func (s *Store) Sweep(ctx context.Context) (SweepReport, error) {
	now := s.now()
	var rep SweepReport
	// Only dossiers whose step or whole time ends within a working day: the only ones not ok.
	// The calendar in force gives the latest such edge (an agency open on Saturday mornings
	// has more office time, so an earlier edge); the partial indexes on due_at and step_due_at
	// keep the query small however many dossiers are closed.
	cal, err := s.cal.Calendar(ctx)
	if err != nil {
		return rep, err
	}
	edge, err := DeadlinesAt(cal, now)
	if err != nil {
		return rep, err
	}
	rows, err := s.db.Query(ctx, `SELECT d.id, d.code, d.procedure_code, d.agency_id, a.code, d.due_at, d.step_due_at,
		d.sla_notified, d.step, COALESCE(d.assignee_id, 0), d.escalated_at, d.status FROM dossiers d
		JOIN agencies a ON a.id = d.agency_id WHERE d.step_role <> '' AND d.status <> 'awaiting_payment'
		AND (d.due_at < ? OR d.step_due_at < ?)`,
		edge.soon, edge.soon)
	if err != nil {
		return rep, err
	}
	type item struct {
		id, agencyID, assignee int64
		code, proc, agency     string
		due, stepDue           sql.NullTime
		sla, step, status      string
		escalated              sql.NullTime
	}
	var items []item
	for rows.Next() {
		var it item
		if err := rows.Scan(&it.id, &it.code, &it.proc, &it.agencyID, &it.agency, &it.due, &it.stepDue, &it.sla, &it.step,
			&it.assignee, &it.escalated, &it.status); err != nil {
			rows.Close()
			return rep, err
		}
		items = append(items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return rep, err
	}
	for _, it := range items {
		rep.Checked++
		k, err := s.deadlines(ctx, it.agency)
		if err != nil {
			return rep, err
		}
		due, stepDue := localPtr(it.due), localPtr(it.stepDue)
		state := k.State(stepDue, due)
		if state == it.sla && (state != SLAOverdue || it.escalated.Valid) {
			continue
		}
		near := due
		if near == nil || stepDue != nil && stepDue.Before(*near) {
			near = stepDue
		}
		err = s.db.InTx(ctx, func(tx *db.Tx) error {
			escalate := state == SLAOverdue && !it.escalated.Valid
			var escalatedAt *time.Time
			if escalate {
				escalatedAt = &now
				rep.Escalated++
			}
			if err := dossier.MarkNotified(ctx, tx, it.id, state, escalatedAt); err != nil {
				return err
			}
			if state == SLAOK || state == it.sla && !escalate {
				return nil
			}
			if state == SLADueSoon {
				rep.DueSoon++
			} else {
				rep.Overdue++
			}
			return s.warnOfficers(ctx, tx, it.id, it.code, it.proc, it.agencyID, it.assignee, it.step, dossier.Status(it.status), state, *near, escalate)
		})
		if err != nil {
			return rep, err
		}
	}
	// Attribute lateness: the open step whose own deadline has passed.
	res, err := s.db.Exec(ctx, `UPDATE dossier_steps SET late = 1 WHERE ended_at IS NULL AND late = 0 AND due_at IS NOT NULL AND due_at < ?`, now)
	if err != nil {
		return rep, err
	}
	n, _ := res.RowsAffected()
	rep.LateSteps = int(n)
	return rep, nil
}

// warnOfficers tells the assigned officer and, when escalating, the agency's leaders.
func (s *Store) warnOfficers(ctx context.Context, tx *db.Tx, id int64, code, proc string, agencyID, assignee int64,
	step string, status dossier.Status, state string, due time.Time, escalate bool) error {
	label := map[string]string{SLADueSoon: "sắp đến hạn", SLAOverdue: "đã quá hạn"}[state]
	procName := proc
	if p, err := s.catalog.Current(ctx, proc); err == nil {
		procName = p.Name
	}
	stepName := step
	note := "Hồ sơ " + label
	if escalate {
		note = "Hồ sơ quá hạn; đã báo lãnh đạo đơn vị"
	}
	// Only an overdue dossier's history records it; "due soon" is a warning to the officers.
	if state == SLAOverdue {
		if err := dossier.AppendEvent(ctx, tx, id, 0, "sla_"+state, status, status, note, s.now()); err != nil {
			return err
		}
	}
	q := `SELECT id, full_name, COALESCE(email, '') FROM users WHERE active = 1 AND (id = ?`
	args := []any{assignee}
	if escalate || assignee == 0 {
		q += ` OR (role = 'leader' AND agency_id = ?)`
		args = append(args, agencyID)
	}
	rows, err := tx.Query(ctx, q+`)`, args...)
	if err != nil {
		return err
	}
	type officer struct {
		id          int64
		name, email string
	}
	var list []officer
	for rows.Next() {
		var o officer
		if err := rows.Scan(&o.id, &o.name, &o.email); err != nil {
			rows.Close()
			return err
		}
		list = append(list, o)
	}
	rows.Close()
	for _, o := range list {
		if o.email == "" {
			continue
		}
		if err := notify.Enqueue(ctx, tx, notify.Message{Channel: notify.Email, Recipient: o.email, UserID: o.id,
			Template: notify.TemplateDossierDeadline, Data: map[string]any{"Officer": o.name, "Code": code, "Procedure": procName,
				"Step": stepName, "State": label, "DueAt": due.In(vnZone).Format("15:04 02/01/2006"),
				"URL": s.links.OfficerURL(code)}}); err != nil {
			return err
		}
	}
	return nil
}

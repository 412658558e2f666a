package workflow

import (
	"context"
	"database/sql"
	"time"

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

// SweepReport says what a sweep changed.
type SweepReport struct {
	Checked   int `json:"checked"`
	DueSoon   int `json:"due_soon"`
	Overdue   int `json:"overdue"`
	Escalated int `json:"escalated"`
	LateSteps int `json:"late_steps"`
}

// Sweep marks open dossiers due soon (under one working day left) or overdue, tells the
// assigned officer and the agency's leader when a dossier changes state, escalates overdue
// ones to the leader once, and marks as late the open step that overran its budget, so
// lateness is attributed to the step that caused it. It is a periodic job.
func (s *Store) Sweep(ctx context.Context) (SweepReport, error) {
	now := s.now()
	var rep SweepReport
	// Only dossiers whose state can change: due within a few days, or already marked. The
	// partial index on due_at keeps this small however many dossiers are closed.
	rows, err := s.db.Query(ctx, `SELECT d.id, d.code, d.procedure_code, d.agency_id, a.code, d.due_at, d.sla, d.step,
		COALESCE(d.assignee_id, 0), d.escalated_at, d.status FROM dossiers d JOIN agencies a ON a.id = d.agency_id
		WHERE d.step_role <> '' AND d.due_at IS NOT NULL AND d.due_at < ?`, now.AddDate(0, 0, 5))
	if err != nil {
		return rep, err
	}
	type item struct {
		id, agencyID, assignee int64
		code, proc, agency     string
		due                    time.Time
		sla, step, status      string
		escalated              sql.NullTime
	}
	var items []item
	for rows.Next() {
		var it item
		if err := rows.Scan(&it.id, &it.code, &it.proc, &it.agencyID, &it.agency, &it.due, &it.sla, &it.step, &it.assignee, &it.escalated, &it.status); err != nil {
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
		cal, err := s.cal.CalendarFor(ctx, it.agency)
		if err != nil {
			return rep, err
		}
		rem, err := cal.Remaining(now, it.due)
		if err != nil {
			return rep, err
		}
		state := SLAOK
		switch {
		case rem.Overdue:
			state = SLAOverdue
		case rem.Hours < 8*time.Hour:
			state = SLADueSoon
		}
		if state == it.sla && (state != SLAOverdue || it.escalated.Valid) {
			continue
		}
		err = s.db.InTx(ctx, func(tx *db.Tx) error {
			escalate := state == SLAOverdue && !it.escalated.Valid
			var escalatedAt *time.Time
			if escalate {
				escalatedAt = &now
				rep.Escalated++
			}
			if err := dossier.MarkSLA(ctx, tx, it.id, state, escalatedAt); err != nil {
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
			return s.warnOfficers(ctx, tx, it.id, it.code, it.proc, it.agencyID, it.assignee, it.step, dossier.Status(it.status), state, it.due, escalate)
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

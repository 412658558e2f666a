package workflow

import (
	"context"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
)

// How each action moves the dossier: due dates, steps and their budgets, assignment.

// calendar is the working calendar of the dossier's agency.
func (a *act) calendar(ctx context.Context) (*calendar.Calendar, error) {
	return a.s.cal.CalendarFor(ctx, a.d.AgencyCode)
}

// legalDue computes the appointment for a dossier received (or completed) at from, from the
// procedure's published time: working days, working hours, or calendar days (Civil Code Art.
// 148: a period ending on a day off ends on the next working day). No published time, no due.
func (a *act) legalDue(ctx context.Context, from time.Time) (*time.Time, *int, error) {
	p, err := a.s.catalog.Current(ctx, a.d.ProcedureCode)
	if err != nil {
		return nil, nil, err
	}
	due, err := a.s.LegalDue(ctx, p, a.d.AgencyCode, from)
	if err != nil {
		return nil, nil, err
	}
	return due, p.ProcessingDays, nil
}

// LegalDue is the appointment for a dossier of procedure p that agency receives at from, by
// the agency's working calendar; nil when p publishes no processing time. Reception sets it as
// the dossier's due date; the applicant's check-your-answers page shows it as the expected date.
func (s *Store) LegalDue(ctx context.Context, p *catalog.Procedure, agency string, from time.Time) (*time.Time, error) {
	cal, err := s.cal.CalendarFor(ctx, agency)
	if err != nil {
		return nil, err
	}
	var due time.Time
	switch {
	case p.ProcessingDays != nil:
		due, err = cal.Due(from, *p.ProcessingDays)
	case p.ProcessingHours != nil:
		due, err = cal.DueHours(from, time.Duration(*p.ProcessingHours)*time.Hour)
	case p.ProcessingCalendarDays != nil:
		var start time.Time
		if start, err = cal.ClockStart(from); err != nil {
			return nil, err
		}
		day := calendar.DateOf(start).AddDays(*p.ProcessingCalendarDays)
		for ok, _ := cal.IsWorkingDay(day); !ok; ok, _ = cal.IsWorkingDay(day) {
			day = day.AddDays(1)
		}
		due = cal.EndOfDay(day)
	default:
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &due, nil
}

func (a *act) receive(ctx context.Context) error {
	due, days, err := a.legalDue(ctx, a.now)
	if err != nil {
		return err
	}
	a.d.DueAt = due
	if err := a.endStep(ctx); err != nil {
		return err
	}
	a.to = dossier.StatusReceived
	if err := dossier.Receive(ctx, a.tx, a.d.ID, a.to, a.now, due, days); err != nil {
		return err
	}
	if err := dossier.AppendEvent(ctx, a.tx, a.d.ID, a.actor.ID, Receive, a.d.Status, a.to, a.in.Note, a.now); err != nil {
		return err
	}
	a.d.Status = a.to
	a.d.ReceivedAt = &a.now
	data := map[string]any{"Code": a.d.Code, "DueAt": "", "TrackURL": a.s.links.TrackURL(a.d.Code)}
	if due != nil {
		data["DueAt"] = due.In(vnZone).Format("15:04 02/01/2006")
	}
	if err := a.s.dossiers.NotifyTemplate(ctx, a.tx, a.d, "dossier_received", data); err != nil {
		return err
	}
	_, t := a.def.transition(a.st.step, Receive, a.actor.Role)
	return a.enter(ctx, t.To, 0)
}

// enter moves the dossier into a step: its status, its role's queue, its deadline (the step's
// budget counted from receipt, so the budgets add up to the legal time), and its assignee.
func (a *act) enter(ctx context.Context, stepID string, assignee int64) error {
	step := a.def.Step(stepID)
	if step == nil {
		return fmt.Errorf("workflow: no step %s", stepID)
	}
	stepDue, err := a.stepDue(ctx, stepID)
	if err != nil {
		return err
	}
	// The step being left ends now (late if past its budget), whatever the action.
	if err := a.endStep(ctx); err != nil {
		return err
	}
	a.to = step.Status
	if step.Role != org.RoleSpecialist {
		assignee = 0
	} else if assignee == 0 {
		assignee = a.st.assignee
	}
	err = dossier.EnterStep(ctx, a.tx, a.d.ID, dossier.Step{ID: step.ID, Role: string(step.Role), Status: a.to, DueAt: stepDue,
		Assignee: assignee}, a.now)
	if err != nil {
		return err
	}
	if _, err := a.tx.Exec(ctx, `INSERT INTO dossier_steps (dossier_id, step, agency_id, assignee_id, started_at, due_at)
		VALUES (?, ?, ?, ?, ?, ?)`, a.d.ID, step.ID, a.d.AgencyID, nullID(assignee), a.now, stepDue); err != nil {
		return err
	}
	a.st.step, a.st.assignee = step.ID, assignee
	if step.Role == org.RoleSpecialist && assignee == 0 {
		// The automatic assignment is the event that moves the dossier on.
		ok, err := a.autoAssign(ctx)
		if err != nil || ok {
			return err
		}
	}
	return a.record(ctx)
}

// autoAssign assigns the dossier to the least-loaded specialist as the step's event, reporting
// whether anyone was available.
func (a *act) autoAssign(ctx context.Context) (bool, error) {
	if err := a.assign(ctx, ""); err != nil {
		return false, err
	}
	if a.st.assignee == 0 {
		return false, nil
	}
	from := a.d.Status
	a.d.Status = a.to
	if from == a.to {
		return true, nil
	}
	return true, a.s.dossiers.NotifyStatus(ctx, a.tx, a.d, a.to, "")
}

// stepDue is when the step must be done: receipt plus the budgets of the steps up to and
// including it. Without a legal time (or before receipt) a step gets the reception step's
// time (dossier.ReceptionDue). Every clock starts at calendar.ClockStart: a step entered, or
// a dossier received, out of office hours counts from the next office session.
func (a *act) stepDue(ctx context.Context, stepID string) (time.Time, error) {
	cal, err := a.calendar(ctx)
	if err != nil {
		return time.Time{}, err
	}
	if a.d.DueAt == nil || a.d.ReceivedAt == nil {
		return dossier.ReceptionDue(cal, a.now)
	}
	total, err := cal.WorkingTime(*a.d.ReceivedAt, *a.d.DueAt)
	if err != nil {
		return time.Time{}, err
	}
	weights := make([]int, len(a.def.Steps))
	upto := 0
	for i, s := range a.def.Steps {
		weights[i] = s.BudgetPercent
		if s.ID == stepID {
			upto = i
		}
	}
	minutes := int(total / time.Minute)
	parts, err := calendar.SplitBudget(minutes, weights)
	if err != nil || minutes <= 0 {
		return *a.d.DueAt, nil
	}
	sum := 0
	for i := 0; i <= upto; i++ {
		sum += parts[i]
	}
	if upto == len(parts)-1 || sum >= minutes {
		return *a.d.DueAt, nil
	}
	return cal.DueHours(*a.d.ReceivedAt, time.Duration(sum)*time.Minute)
}

// endStep closes the open step of the log, marking it late when it overran its budget; the
// sweeper and the reports attribute lateness to it.
func (a *act) endStep(ctx context.Context) error {
	_, err := a.tx.Exec(ctx, `UPDATE dossier_steps SET ended_at = ?, late = CASE WHEN due_at IS NOT NULL AND due_at < ? THEN 1 ELSE 0 END
		WHERE dossier_id = ? AND ended_at IS NULL`, a.now, a.now, a.d.ID)
	return err
}

// close ends the dossier with a final status.
func (a *act) close(ctx context.Context, to dossier.Status) error {
	if err := a.endStep(ctx); err != nil {
		return err
	}
	a.to = to
	if err := dossier.Close(ctx, a.tx, a.d.ID, to, a.now); err != nil {
		return err
	}
	if err := a.cancelFees(ctx, to); err != nil {
		return err
	}
	return a.record(ctx)
}

// supplement takes the applicant's completed dossier back to the step that asked for it; the
// processing time starts again (Decree 61/2018 Art. 19: the time limit restarts when the
// complete dossier arrives).
func (a *act) supplement(ctx context.Context) error {
	if len(a.in.Attachments) == 0 && a.in.Note == "" {
		return apperr.Invalid("invalid_action", msgs.Text("invalid_action.send_missing_documents_or_explanation"),
			apperr.Field("attachments", msgs.Text("attach_missing_documents")))
	}
	if err := a.attach(ctx, "supplement"); err != nil {
		return err
	}
	if a.d.ReceivedAt != nil {
		due, _, err := a.legalDue(ctx, a.now)
		if err != nil {
			return err
		}
		a.d.DueAt = due
		if err := dossier.Restart(ctx, a.tx, a.d.ID, a.now, due); err != nil {
			return err
		}
		a.d.ReceivedAt = &a.now
	}
	resume := a.st.resumeStep
	if resume == "" {
		resume = a.def.Start
	}
	return a.enter(ctx, resume, a.st.assignee)
}

// assign gives the dossier to a specialist of the agency: the one named, or the active
// specialist with the fewest open dossiers (the unit's workload; ties to the longest-serving).
func (a *act) assign(ctx context.Context, username string) error {
	var id int64
	if username != "" {
		err := a.tx.QueryRow(ctx, `SELECT id FROM users WHERE username = ? AND role = 'specialist' AND agency_id = ? AND active = 1`,
			username, a.d.AgencyID).Scan(&id)
		if err != nil {
			return apperr.Invalid("invalid_action", msgs.Text("invalid_action.dossier_could_not_be_assigned"),
				apperr.Field("assignee", msgs.Text("no_active_specialist_at_agency", username)))
		}
	} else {
		err := a.tx.QueryRow(ctx, `SELECT u.id FROM users u WHERE u.role = 'specialist' AND u.agency_id = ? AND u.active = 1
			ORDER BY (SELECT COUNT(*) FROM dossiers d WHERE d.assignee_id = u.id AND d.step_role <> ''), u.id LIMIT 1`,
			a.d.AgencyID).Scan(&id)
		if err == db.ErrNotFound {
			return nil // nobody to assign to: the leader assigns by hand
		}
		if err != nil {
			return err
		}
	}
	a.st.assignee = id
	if err := dossier.Assign(ctx, a.tx, a.d.ID, id, a.now); err != nil {
		return err
	}
	if _, err := a.tx.Exec(ctx, `UPDATE dossier_steps SET assignee_id = ? WHERE dossier_id = ? AND ended_at IS NULL`, id, a.d.ID); err != nil {
		return err
	}
	var name string
	a.tx.QueryRow(ctx, `SELECT full_name FROM users WHERE id = ?`, id).Scan(&name)
	note := "Giao cho " + name
	if a.in.Note != "" && a.in.Action == Assign {
		note += ": " + a.in.Note
	}
	actor, to := a.actor.ID, a.d.Status
	if a.in.Action != Assign {
		actor = 0 // automatic, as part of entering the step
		if a.to != "" {
			to = a.to
		}
	}
	return dossier.AppendEvent(ctx, a.tx, a.d.ID, actor, Assign, a.d.Status, to, note, a.now)
}

// extend moves the return date once, with an apology (Mẫu 04).
func (a *act) extend(ctx context.Context) error {
	if err := a.needNote(msgs.Text("give_reason_for_delay_and_apology")); err != nil {
		return err
	}
	cal, err := a.calendar(ctx)
	if err != nil {
		return err
	}
	newDue, err := parseDue(cal, a.in.NewDue)
	if err != nil || !newDue.After(*a.d.DueAt) {
		return apperr.Invalid("invalid_action", msgs.Text("invalid_action.invalid_new_date"),
			apperr.Field("new_due", msgs.TextFunc("new_due_after", func(l i18n.Lang) []any {
				return []any{a.d.DueAt.In(vnZone).Format(msgs.T(l, "date_layout"))}
			})))
	}
	a.to = a.d.Status
	if err := dossier.Extend(ctx, a.tx, a.d.ID, newDue, a.now); err != nil {
		return err
	}
	a.d.DueAt = &newDue
	return a.record(ctx)
}

// parseDue reads a new due moment, or a date meaning the end of its office hours.
func parseDue(cal *calendar.Calendar, s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		return time.Time{}, err
	}
	return cal.EndOfDay(d), nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

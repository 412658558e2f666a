package workflow

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
)

// ActionInput is one workflow step as an officer or a citizen asks for it.
type ActionInput struct {
	Action      string                    `json:"action"`
	Note        string                    `json:"note"`               // the reason, where one is needed
	Assignee    string                    `json:"assignee,omitempty"` // assign: a username; automatic when empty
	Attachments []dossier.AttachmentInput `json:"attachments,omitempty"`
	NewDue      string                    `json:"new_due,omitempty"` // extend: RFC 3339 or YYYY-MM-DD
}

// state is what the workflow keeps on a dossier besides its public fields.
type state struct {
	step, stepRole, resumeStep string
	assignee                   int64
	supplements, extended      int
	processingDays             sql.NullInt64
	stepDue, pausedAt          sql.NullTime
}

func loadState(ctx context.Context, q db.Querier, id int64) (*state, error) {
	var st state
	err := q.QueryRow(ctx, `SELECT step, step_role, resume_step, COALESCE(assignee_id, 0), supplements, extended,
		processing_days, step_due_at, paused_at FROM dossiers WHERE id = ?`, id).Scan(&st.step, &st.stepRole, &st.resumeStep,
		&st.assignee, &st.supplements, &st.extended, &st.processingDays, &st.stepDue, &st.pausedAt)
	return &st, err
}

var (
	errClosed = apperr.New(apperr.KindConflict, "dossier_closed", msgs.Text("dossier_closed"))
)

func conflict(msg i18n.Text) error {
	return apperr.New(apperr.KindConflict, "action_not_allowed", msg)
}

func forbidden(action string) error {
	return apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("forbidden", action))
}

var closed = map[dossier.Status]bool{dossier.StatusRejected: true, dossier.StatusRefused: true, dossier.StatusReturned: true,
	dossier.StatusWithdrawn: true, dossier.StatusStopped: true}

// check says whether actor may take action on d now: nil, a 403 (the role never takes it) or a
// 409 (not in this state). Input-dependent rules (a reason, a valid new date) come later.
func (s *Store) check(ctx context.Context, actor *org.User, d *dossier.Dossier, st *state, def *Definition, action string) error {
	if !slices.Contains(def.RoleActions(actor.Role), action) {
		return forbidden(action)
	}
	if closed[d.Status] {
		return errClosed
	}
	applicant := d.Applicant.UserID != 0 && d.Applicant.UserID == actor.ID
	switch action {
	case Supplement:
		if !applicant {
			return forbidden(action)
		}
		if d.Status != dossier.StatusSupplement {
			return conflict(msgs.Text("dossier_is_not_waiting_for_supplement"))
		}
		return nil
	case Withdraw:
		if !applicant {
			return forbidden(action)
		}
		if d.Status == dossier.StatusDone {
			return conflict(msgs.Text("dossier_has_been_decided_it_cannot"))
		}
		return nil
	}
	if !actor.Role.Officer() || actor.AgencyID != d.AgencyID {
		return forbidden(action)
	}
	if d.Status == dossier.StatusSupplement {
		return conflict(msgs.Text("dossier_is_waiting_for_applicant_supplement"))
	}
	step, t := def.transition(st.step, action, actor.Role)
	if step == nil || t == nil {
		return conflict(msgs.Text("is_not_possible_at_current_step", action))
	}
	switch action {
	case Forward, RequestSupplement:
		// In processing, only the specialist the dossier is assigned to acts on it.
		if actor.Role == org.RoleSpecialist && st.assignee != 0 && st.assignee != actor.ID {
			return conflict(msgs.Text("dossier_is_assigned_to_another_specialist"))
		}
	}
	switch action {
	case RequestSupplement:
		// Decree 61/2018 Art. 15: guide the applicant to supplement once, completely.
		if st.supplements > 0 {
			return conflict(msgs.Text("supplement_may_be_requested_once_completely"))
		}
		// Art. 19: a dossier that does not qualify is returned within 3 working days of receipt.
		if d.ReceivedAt != nil {
			cal, err := s.cal.CalendarFor(ctx, d.AgencyCode)
			if err != nil {
				return err
			}
			limit, err := cal.Due(*d.ReceivedAt, 3)
			if err != nil {
				return err
			}
			if s.now().After(limit) {
				return conflict(msgs.Text("more_than_3_working_days_since"))
			}
		}
	case Extend:
		// Art. 19(9): the apology and new date go out at least one working day before the due
		// date, and the date is moved at most once.
		if st.extended > 0 {
			return conflict(msgs.Text("return_date_may_be_moved_only"))
		}
		if d.DueAt == nil {
			return conflict(msgs.Text("dossier_has_no_return_date_yet"))
		}
		cal, err := s.cal.CalendarFor(ctx, d.AgencyCode)
		if err != nil {
			return err
		}
		rem, err := cal.Remaining(s.now(), *d.DueAt)
		if err != nil {
			return err
		}
		if rem.Days < 1 {
			return conflict(msgs.Text("apology_and_new_date_must_be"))
		}
	}
	return nil
}

// Allowed lists the actions actor may take on d now.
func (s *Store) Allowed(ctx context.Context, actor *org.User, d *dossier.Dossier) ([]string, error) {
	out := []string{}
	if actor == nil {
		return out, nil
	}
	st, err := loadState(ctx, s.db, d.ID)
	if err != nil {
		return nil, err
	}
	def, _, err := s.processOf(ctx, s.db, d)
	if err != nil {
		return nil, err
	}
	for _, a := range append(append([]string{}, officerActions...), Supplement, Withdraw) {
		if s.check(ctx, actor, d, st, def, a) == nil {
			out = append(out, a)
		}
	}
	return out, nil
}

// Get returns a dossier with the actions the caller may take; officers also see where it
// stands in its process, and the applicant sees the history without internal hand-overs.
func (s *Store) Get(ctx context.Context, actor *org.User, code string) (*dossier.Dossier, error) {
	d, err := s.dossiers.Get(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	if d.AllowedActions, err = s.Allowed(ctx, actor, d); err != nil {
		return nil, err
	}
	if actor.Role.Officer() || actor.IsAdmin() {
		return d, s.progress(ctx, d)
	}
	d.History = publicHistory(d.History)
	return d, nil
}

func (s *Store) progress(ctx context.Context, d *dossier.Dossier) error {
	p := &dossier.Progress{}
	var due sql.NullTime
	err := s.db.QueryRow(ctx, `SELECT d.step, d.step_due_at, COALESCE(u.username, ''), COALESCE(u.full_name, ''), d.sla
		FROM dossiers d LEFT JOIN users u ON u.id = d.assignee_id WHERE d.id = ?`, d.ID).Scan(&p.Step, &due, &p.Assignee, &p.AssigneeName, &p.SLA)
	if err != nil {
		return err
	}
	p.StepDueAt = localPtr(due)
	p.StepName = p.Step
	if def, _, err := s.processOf(ctx, s.db, d); err == nil {
		if st := def.Step(p.Step); st != nil {
			p.StepName = st.Name
		}
	}
	d.Progress = p
	return nil
}

// internal are history events that stay within the agency: hand-overs, assignments,
// consultations and deadline warnings. The applicant sees every change of status.
var internal = map[string]bool{Assign: true, Forward: true, "consult": true, "consult_answer": true,
	"sla_" + SLADueSoon: true, "sla_" + SLAOverdue: true}

func publicHistory(events []dossier.Event) []dossier.Event {
	out := make([]dossier.Event, 0, len(events))
	for _, e := range events {
		if internal[e.Action] && e.From == e.To {
			continue
		}
		if internal[e.Action] {
			e.Note, e.Actor, e.ActorName = "", "", ""
		}
		out = append(out, e)
	}
	return out
}

// Act takes one workflow step on a dossier: it checks who may (a dossier the caller may not see
// does not exist, 404; a role that never takes the action, 403; an action the state does not
// allow, 409), then changes the dossier, its history, its step log and the applicant's
// notification in one transaction.
func (s *Store) Act(ctx context.Context, actor *org.User, code string, in ActionInput) (*dossier.Dossier, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	in.Note = strings.TrimSpace(vntext.NFC(in.Note))
	if len(in.Note) > 4000 {
		return nil, apperr.Invalid("invalid_action", msgs.Text("invalid_action"),
			apperr.Field("note", msgs.Text("at_most_4_000_characters")))
	}
	known := slices.Contains(officerActions, in.Action) || in.Action == Supplement || in.Action == Withdraw
	if !known {
		return nil, apperr.Invalid("invalid_action", msgs.Text("invalid_action.unknown_action"),
			apperr.Field("action", msgs.Text("action_must_be_one_of", strings.Join(append(officerActions, Supplement, Withdraw), ", "))))
	}
	// The result document is rendered and its bytes stored before the transaction (SQLite has
	// one writer; a PDF must not hold it); its row is written with the action or not at all.
	var result *dossier.File
	if in.Action == Approve && s.Result != nil {
		d, err := s.dossiers.Get(ctx, actor, code)
		if err != nil {
			return nil, err
		}
		name, content, err := s.Result(ctx, d)
		if err != nil {
			return nil, fmt.Errorf("workflow: result document: %w", err)
		}
		if result, err = s.dossiers.Prepare(ctx, actor, name, bytes.NewReader(content)); err != nil {
			return nil, err
		}
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var id int64
		if err := tx.QueryRow(ctx, `SELECT id FROM dossiers WHERE code = ?`+tx.ForUpdate(), code).Scan(&id); err != nil {
			if apperr.KindOf(err) == apperr.KindNotFound || err == db.ErrNotFound {
				return apperr.NotFound("dossier", msgs.Text("dossier_not_found"))
			}
			return err
		}
		d, err := s.dossiers.Load(ctx, tx, code)
		if err != nil {
			return err
		}
		if !dossier.CanSee(actor, d) {
			return apperr.NotFound("dossier", msgs.Text("dossier_not_found"))
		}
		st, err := loadState(ctx, tx, d.ID)
		if err != nil {
			return err
		}
		def, _, err := s.processOf(ctx, tx, d)
		if err != nil {
			return err
		}
		if err := s.check(ctx, actor, d, st, def, in.Action); err != nil {
			return err
		}
		a := &act{s: s, tx: tx, actor: actor, d: d, st: st, def: def, in: in, now: s.now(), result: result}
		if result != nil {
			if err := s.dossiers.Record(ctx, tx, result); err != nil {
				return err
			}
		}
		if err := a.run(ctx); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: actor.ID, Actor: actor.Username, Action: "dossier." + in.Action,
			Object: d.Code, Detail: map[string]any{"note": in.Note, "status": string(a.d.Status)}})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, actor, code)
}

// act is one action being applied inside its transaction.
type act struct {
	s      *Store
	tx     *db.Tx
	actor  *org.User
	d      *dossier.Dossier
	st     *state
	def    *Definition
	in     ActionInput
	now    time.Time
	to     dossier.Status
	result *dossier.File
}

func (a *act) needNote(msg i18n.Text) error {
	if a.in.Note == "" {
		return apperr.Invalid("invalid_action", msgs.Text("invalid_action.reason_is_required"), apperr.Field("note", msg))
	}
	return nil
}

func (a *act) run(ctx context.Context) error {
	d, st := a.d, a.st
	switch a.in.Action {
	case Receive:
		return a.receive(ctx)
	case RejectReception:
		if err := a.needNote(msgs.Text("give_reason_for_refusing_reception_form")); err != nil {
			return err
		}
		return a.close(ctx, dossier.StatusRejected)
	case RequestSupplement:
		if err := a.needNote(msgs.Text("list_once_and_completely_what_must")); err != nil {
			return err
		}
		if err := a.endStep(ctx); err != nil {
			return err
		}
		a.to = dossier.StatusSupplement
		_, err := a.tx.Exec(ctx, `UPDATE dossiers SET status = ?, status_code = ?, resume_step = step, step_role = '',
			supplements = supplements + 1, paused_at = ?, updated_at = ? WHERE id = ?`,
			string(a.to), a.to.Code(), a.now, a.now, d.ID)
		if err != nil {
			return err
		}
		return a.record(ctx)
	case Supplement:
		return a.supplement(ctx)
	case Assign:
		return a.assign(ctx, a.in.Assignee)
	case Forward, Approve, ReturnResult:
		_, t := a.def.transition(st.step, a.in.Action, a.actor.Role)
		if err := a.attach(ctx, attachmentKind(a.in.Action)); err != nil {
			return err
		}
		if a.result != nil {
			if _, err := a.tx.Exec(ctx, `INSERT INTO dossier_attachments (dossier_id, component, file_id, kind, added_by, added_at)
				VALUES (?, 'ket-qua', ?, 'result', ?, ?)`, d.ID, a.result.ID, a.actor.ID, a.now); err != nil {
				return err
			}
		}
		if t.To == ToReturned {
			return a.close(ctx, dossier.StatusReturned)
		}
		if err := a.enter(ctx, t.To, 0); err != nil {
			return err
		}
		if a.in.Action == Approve {
			_, err := a.tx.Exec(ctx, `UPDATE dossiers SET finished_at = ? WHERE id = ?`, a.now, d.ID)
			return err
		}
		return nil
	case Refuse:
		if err := a.needNote(msgs.Text("give_reasons_for_refusing_form_03")); err != nil {
			return err
		}
		return a.close(ctx, dossier.StatusRefused)
	case Withdraw:
		return a.close(ctx, dossier.StatusWithdrawn)
	case Extend:
		return a.extend(ctx)
	}
	return fmt.Errorf("workflow: action %s not implemented", a.in.Action)
}

func attachmentKind(action string) string {
	if action == ReturnResult || action == Approve {
		return "result"
	}
	return "internal"
}

// attach links the files given with an action to the dossier.
func (a *act) attach(ctx context.Context, kind string) error {
	for i, f := range a.in.Attachments {
		if _, err := a.s.dossiers.File(ctx, a.actor, f.File); err != nil {
			return apperr.New(apperr.KindNotFound, "file_not_found", msgs.Text("file_not_found", i))
		}
		comp := f.Component
		if comp == "" {
			comp = kind
		}
		if _, err := a.tx.Exec(ctx, `INSERT INTO dossier_attachments (dossier_id, component, file_id, kind, added_by, added_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, a.d.ID, comp, f.File, kind, a.actor.ID, a.now); err != nil {
			return err
		}
	}
	return nil
}

// record appends the history event and notifies the applicant.
func (a *act) record(ctx context.Context) error {
	if err := dossier.AppendEvent(ctx, a.tx, a.d.ID, a.actor.ID, a.in.Action, a.d.Status, a.to, a.in.Note, a.now); err != nil {
		return err
	}
	from := a.d.Status
	a.d.Status = a.to
	if from == a.to && a.in.Action != Extend {
		return nil // an internal hand-over; the applicant's status did not change
	}
	return a.s.dossiers.NotifyStatus(ctx, a.tx, a.d, a.to, a.in.Note)
}

// calendarFor is the working calendar of the dossier's agency.
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
	cal, err := a.calendar(ctx)
	if err != nil {
		return nil, nil, err
	}
	var due time.Time
	switch {
	case p.ProcessingDays != nil:
		due, err = cal.Due(from, *p.ProcessingDays)
	case p.ProcessingHours != nil:
		due, err = cal.DueHours(from, time.Duration(*p.ProcessingHours)*time.Hour)
	case p.ProcessingCalendarDays != nil:
		day := calendar.DateOf(from).AddDays(*p.ProcessingCalendarDays)
		for ok, _ := cal.IsWorkingDay(day); !ok; ok, _ = cal.IsWorkingDay(day) {
			day = day.AddDays(1)
		}
		due = day.At(17 * time.Hour)
	default:
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return &due, p.ProcessingDays, nil
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
	_, err = a.tx.Exec(ctx, `UPDATE dossiers SET status = ?, status_code = ?, received_at = ?, due_at = ?, processing_days = ?,
		updated_at = ? WHERE id = ?`, string(a.to), a.to.Code(), a.now, nullTime(due), nullInt(days), a.now, a.d.ID)
	if err != nil {
		return err
	}
	if err := dossier.AppendEvent(ctx, a.tx, a.d.ID, a.actor.ID, Receive, a.d.Status, a.to, a.in.Note, a.now); err != nil {
		return err
	}
	a.d.Status = a.to
	a.d.ReceivedAt = &a.now
	data := map[string]any{"Code": a.d.Code, "DueAt": "", "TrackURL": a.s.dossiers.TrackURL(a.d.Code)}
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
	_, err = a.tx.Exec(ctx, `UPDATE dossiers SET status = ?, status_code = ?, step = ?, step_role = ?, step_due_at = ?,
		assignee_id = ?, updated_at = ? WHERE id = ?`, string(a.to), a.to.Code(), step.ID, string(step.Role), stepDue,
		nullID(assignee), a.now, a.d.ID)
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
// including it. Without a legal time (or before receipt) a step gets one working day.
func (a *act) stepDue(ctx context.Context, stepID string) (time.Time, error) {
	cal, err := a.calendar(ctx)
	if err != nil {
		return time.Time{}, err
	}
	if a.d.DueAt == nil || a.d.ReceivedAt == nil {
		return cal.Due(a.now, 1)
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
	_, err := a.tx.Exec(ctx, `UPDATE dossiers SET status = ?, status_code = ?, step = 'closed', step_role = '', assignee_id = NULL,
		finished_at = COALESCE(finished_at, ?), updated_at = ? WHERE id = ?`, string(to), to.Code(), a.now, a.now, a.d.ID)
	if err != nil {
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
		if _, err := a.tx.Exec(ctx, `UPDATE dossiers SET due_at = ?, received_at = ?, paused_at = NULL WHERE id = ?`,
			nullTime(due), a.now, a.d.ID); err != nil {
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
	if _, err := a.tx.Exec(ctx, `UPDATE dossiers SET assignee_id = ?, updated_at = ? WHERE id = ?`, id, a.now, a.d.ID); err != nil {
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
	newDue, err := parseDue(a.in.NewDue)
	if err != nil || !newDue.After(*a.d.DueAt) {
		return apperr.Invalid("invalid_action", msgs.Text("invalid_action.invalid_new_date"),
			apperr.Field("new_due", msgs.TextFunc("new_due_after", func(l i18n.Lang) []any {
				return []any{a.d.DueAt.Format(msgs.T(l, "date_layout"))}
			})))
	}
	a.to = a.d.Status
	if _, err := a.tx.Exec(ctx, `UPDATE dossiers SET original_due_at = due_at, due_at = ?, extended = 1, sla = 'ok', updated_at = ?
		WHERE id = ?`, newDue, a.now, a.d.ID); err != nil {
		return err
	}
	a.d.DueAt = &newDue
	return a.record(ctx)
}

func parseDue(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		return time.Time{}, err
	}
	return d.At(17 * time.Hour), nil
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

func nullInt(n *int) any {
	if n == nil {
		return nil
	}
	return *n
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

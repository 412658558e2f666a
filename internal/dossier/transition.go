package dossier

import (
	"context"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/stats"
)

// The dossiers table has one writer: this package. Submission inserts the row (create); every
// later change is one of the functions below, each one statement run in the caller's
// transaction, so that the workflow changes a dossier, its history, its step log and its
// notifications together or not at all. Every change goes through set, which keeps the
// dashboard aggregates (internal/stats) true in the same transaction.

// set changes dossier id's row (UPDATE dossiers SET assignments WHERE id = ?) and adds the
// change it makes to the aggregates (stats.Track). It is the only UPDATE of the dossiers table
// (TestOneUpdate).
func set(ctx context.Context, tx *db.Tx, id int64, assignments string, args ...any) error {
	return stats.Track(ctx, tx, id, func() error {
		_, err := tx.Exec(ctx, `UPDATE dossiers SET `+assignments+` WHERE id = ?`, append(args, id)...)
		return err
	})
}

// BindProcess records the process version a dossier runs under, once, when it is first acted on.
func BindProcess(ctx context.Context, tx *db.Tx, id, processID int64) error {
	return set(ctx, tx, id, `process_id = ?`, processID)
}

// Receive records the reception of a dossier at at: its status, and the due date computed from
// the procedure's legal time (days, nil when none is published).
func Receive(ctx context.Context, tx *db.Tx, id int64, to Status, at time.Time, due *time.Time, days *int) error {
	return set(ctx, tx, id, `status = ?, status_code = ?, received_at = ?, due_at = ?, processing_days = ?,
		updated_at = ?`, string(to), to.Code(), at, nullTime(due), nullInt(days), at)
}

// Step is where a dossier enters in its process.
type Step struct {
	ID, Role string
	Status   Status
	DueAt    time.Time
	Assignee int64 // 0: nobody
}

// EnterStep moves a dossier into a step of its process: its status, the role whose queue it
// joins, the step's deadline and its assignee. The step's officers have not been warned of
// its deadline yet.
func EnterStep(ctx context.Context, tx *db.Tx, id int64, s Step, at time.Time) error {
	return set(ctx, tx, id, `status = ?, status_code = ?, step = ?, step_role = ?, step_due_at = ?,
		sla_notified = 'ok', assignee_id = ?, updated_at = ?`, string(s.Status), s.Status.Code(), s.ID, s.Role, s.DueAt,
		nullID(s.Assignee), at)
}

// Assign gives a dossier to an officer without moving it.
func Assign(ctx context.Context, tx *db.Tx, id, assignee int64, at time.Time) error {
	return set(ctx, tx, id, `assignee_id = ?, updated_at = ?`, nullID(assignee), at)
}

// PauseForSupplement stops a dossier's clock while the applicant supplements it, remembering
// the step to resume and counting the request (Decree 61/2018 Art. 15 allows one).
func PauseForSupplement(ctx context.Context, tx *db.Tx, id int64, at time.Time) error {
	return set(ctx, tx, id, `status = ?, status_code = ?, resume_step = step, step_role = '',
		supplements = supplements + 1, paused_at = ?, updated_at = ?`,
		string(StatusSupplement), StatusSupplement.Code(), at, at)
}

// Restart starts a supplemented dossier's processing time again from at (Decree 61/2018
// Art. 19: the time limit restarts when the complete dossier arrives), with its new due date.
func Restart(ctx context.Context, tx *db.Tx, id int64, at time.Time, due *time.Time) error {
	return set(ctx, tx, id, `due_at = ?, received_at = ?, paused_at = NULL`, nullTime(due), at)
}

// Decide records when a dossier's result was decided (approved).
func Decide(ctx context.Context, tx *db.Tx, id int64, at time.Time) error {
	return set(ctx, tx, id, `finished_at = ?`, at)
}

// Close ends a dossier with a final status; a decision time already set is kept.
func Close(ctx context.Context, tx *db.Tx, id int64, to Status, at time.Time) error {
	return set(ctx, tx, id, `status = ?, status_code = ?, step = 'closed', step_role = '', assignee_id = NULL,
		finished_at = COALESCE(finished_at, ?), updated_at = ?`, string(to), to.Code(), at, at)
}

// Extend moves a dossier's due date, keeping the original for the apology (Mẫu 04).
func Extend(ctx context.Context, tx *db.Tx, id int64, due, at time.Time) error {
	return set(ctx, tx, id, `original_due_at = due_at, due_at = ?, extended = 1, sla_notified = 'ok', updated_at = ?`, due, at)
}

// MarkNotified records the deadline state (ok, due_soon, overdue) the officers were last told
// of, so that the sweeper tells them once; escalatedAt, when not nil, records that it was
// escalated to the agency's leaders. The state a dossier is in is never read from here: it is
// computed from its due times when read (workflow.Deadlines).
func MarkNotified(ctx context.Context, tx *db.Tx, id int64, state string, escalatedAt *time.Time) error {
	if escalatedAt != nil {
		return set(ctx, tx, id, `sla_notified = ?, escalated_at = ?`, state, *escalatedAt)
	}
	return set(ctx, tx, id, `sla_notified = ?`, state)
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

// AwaitPayment puts a dossier at awaiting_payment (national code 6, "Yêu cầu thực hiện nghĩa
// vụ tài chính") while its fee is owed, recording the step in its history; from is where it was.
func AwaitPayment(ctx context.Context, tx *db.Tx, id int64, from Status, at time.Time) error {
	if err := set(ctx, tx, id, `status = ?, status_code = ?, updated_at = ?`,
		string(StatusPayment), StatusPayment.Code(), at); err != nil {
		return err
	}
	return AppendEvent(ctx, tx, id, 0, "await_payment", from, StatusPayment, "", at)
}

// PaymentReceived moves a dossier on once its fee is paid: back to submitted for reception when
// the fee was owed at submission (no decision yet), its reception step due at receptionDue (the
// application is complete only once paid), or to done when it was owed before the result is
// returned (decided). A dossier not awaiting payment (withdrawn meanwhile) is left as it is; it
// reports the status the dossier is in.
func PaymentReceived(ctx context.Context, tx *db.Tx, code string, at, receptionDue time.Time) (Status, error) {
	var id int64
	var status string
	var decided bool
	err := tx.QueryRow(ctx, `SELECT id, status, finished_at IS NOT NULL FROM dossiers WHERE code = ?`+tx.ForUpdate(), code).
		Scan(&id, &status, &decided)
	if err != nil {
		return "", err
	}
	if Status(status) != StatusPayment {
		return Status(status), nil
	}
	to := StatusDone
	if !decided {
		to = StatusSubmitted
		if err := set(ctx, tx, id, `step_due_at = ?`, receptionDue); err != nil {
			return "", err
		}
	}
	if err := set(ctx, tx, id, `status = ?, status_code = ?, updated_at = ?`,
		string(to), to.Code(), at); err != nil {
		return "", err
	}
	return to, AppendEvent(ctx, tx, id, 0, "payment", StatusPayment, to, "", at)
}

package directive

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/vntime"
)

// Events a task's messages tell (notify.TemplateDirectiveTask's Event).
const (
	eventAssigned  = "assigned"
	eventDueSoon   = "due_soon"
	eventOverdue   = "overdue"
	eventEscalated = "escalated"
)

// SweepReport says what a sweep did.
type SweepReport struct {
	Checked   int `json:"checked"`
	DueSoon   int `json:"due_soon"`
	Overdue   int `json:"overdue"`
	Escalated int `json:"escalated"`
}

// Sweep reminds each open task's agency leaders when it falls due within DueSoonDays calendar
// days and again when it is overdue, once per state (directive_tasks.notified), and escalates
// an overdue task to the committee office once (escalated_at), as the dossiers' deadline
// sweeper does (workflow.Sweep). It is the directive-sweep job; the states it reads are
// StateOf's, computed from the dates, so a missed run loses nothing but a reminder's timing.
func (s *Store) Sweep(ctx context.Context) (SweepReport, error) {
	now := s.now()
	today := Today(now)
	soon := now.In(vntime.Location()).AddDate(0, 0, DueSoonDays).Format(time.DateOnly)
	var rep SweepReport
	// Open tasks due within the window, through directive_tasks_open.
	rows, err := s.db.Query(ctx, `SELECT t.id, t.due_on, t.notified, t.escalated_at IS NOT NULL FROM directive_tasks t
		WHERE t.done_on IS NULL AND t.due_on < ? ORDER BY t.due_on, t.id`, soon)
	if err != nil {
		return rep, err
	}
	type item struct {
		id            int64
		due, notified string
		escalated     bool
	}
	var items []item
	for rows.Next() {
		var it item
		if err := rows.Scan(&it.id, &it.due, &it.notified, &it.escalated); err != nil {
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
		state := eventDueSoon
		if it.due < today {
			state = eventOverdue
		}
		escalate := state == eventOverdue && !it.escalated
		if state == it.notified && !escalate {
			continue
		}
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			// Recheck under the lock: another replica's sweep may have told them already.
			var notified string
			var escalated bool
			var done *string
			if err := tx.QueryRow(ctx, `SELECT notified, escalated_at IS NOT NULL, done_on FROM directive_tasks WHERE id = ?`+tx.ForUpdate(),
				it.id).Scan(&notified, &escalated, &done); err != nil {
				return err
			}
			if done != nil {
				return nil
			}
			t, err := scanTask(tx.QueryRow(ctx, `SELECT `+taskCols+fromTasks+` WHERE t.id = ?`, it.id), today)
			if err != nil {
				return err
			}
			if notified != state {
				if _, err := tx.Exec(ctx, `UPDATE directive_tasks SET notified = ? WHERE id = ?`, state, it.id); err != nil {
					return err
				}
				if err := s.tell(ctx, tx, t, state); err != nil {
					return err
				}
				if state == eventDueSoon {
					rep.DueSoon++
				} else {
					rep.Overdue++
				}
			}
			if state == eventOverdue && !escalated {
				if _, err := tx.Exec(ctx, `UPDATE directive_tasks SET escalated_at = ? WHERE id = ?`, now, it.id); err != nil {
					return err
				}
				rep.Escalated++
				return s.tell(ctx, tx, t, eventEscalated)
			}
			return nil
		})
		if err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// tell sends event about task t by e-mail: an escalation to the committee office, anything
// else to the leaders of the task's agency; each in their own language.
func (s *Store) tell(ctx context.Context, tx *db.Tx, t *Task, event string) error {
	q := `SELECT u.id, COALESCE(NULLIF(u.full_name, ''), u.username), u.email, u.lang FROM users u JOIN agencies a ON a.id = u.agency_id
		WHERE u.active = 1 AND u.email IS NOT NULL AND u.email <> '' AND `
	var args []any
	if event == eventEscalated {
		q += `u.role = 'office'`
	} else {
		q, args = q+`u.role = 'leader' AND a.code = ?`, []any{t.AgencyCode}
	}
	rows, err := tx.Query(ctx, q+` ORDER BY u.id`, args...)
	if err != nil {
		return err
	}
	type person struct {
		id                int64
		name, email, lang string
	}
	var list []person
	for rows.Next() {
		var p person
		if err := rows.Scan(&p.id, &p.name, &p.email, &p.lang); err != nil {
			rows.Close()
			return err
		}
		list = append(list, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	due, _ := date(t.DueOn)
	for _, p := range list {
		err := notify.Enqueue(ctx, tx, notify.Message{Channel: notify.Email, Recipient: p.email, UserID: p.id, Lang: p.lang,
			Template: notify.TemplateDirectiveTask, Data: map[string]any{"Name": p.name, "Event": event, "Number": t.Number,
				"Task": t.Title, "Agency": t.AgencyName, "DueOn": due.Format("02/01/2006"), "URL": s.TaskURL(t.ID)}})
		if err != nil {
			return err
		}
	}
	return nil
}

// TaskURL is the link to task id's page in messages.
func (s *Store) TaskURL(id int64) string {
	return strings.ReplaceAll(s.taskURL, "{id}", strconv.FormatInt(id, 10))
}

package workflow

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
)

// InboxFilter narrows an officer's inbox.
type InboxFilter struct {
	Status    dossier.Status // one status
	Procedure string         // one procedure code
	Due       string         // "" | "due_soon" | "overdue"
	Page      int
	PerPage   int
}

// InboxItem is a dossier awaiting the officer.
type InboxItem struct {
	Code          string         `json:"code"`
	ProcedureCode string         `json:"procedure_code"`
	ProcedureName string         `json:"procedure_name"`
	Applicant     string         `json:"applicant_name"`
	Channel       string         `json:"channel"`
	Status        dossier.Status `json:"status"`
	StatusCode    int            `json:"status_code"`
	StatusLabel   string         `json:"status_label"`
	Step          string         `json:"step"`
	SubmittedAt   time.Time      `json:"submitted_at"`
	DueAt         *time.Time     `json:"due_at"`
	StepDueAt     *time.Time     `json:"step_due_at"`
	SLA           string         `json:"sla"` // ok | due_soon | overdue: Deadlines, at the time of reading
	Assignee      string         `json:"assignee,omitempty"`
}

// Inbox is one page of an officer's inbox with the counts of each filter.
type Inbox struct {
	Items  []InboxItem    `json:"items"`
	Total  int            `json:"total"`
	Counts map[string]int `json:"counts"` // all, due_soon, overdue
}

// Inbox lists the dossiers of the officer's agency waiting at a step of the officer's role —
// for a specialist, those assigned to them or to nobody — soonest step deadline first. The
// agency and role are conditions of the query itself, so no other dossier can leak in.
func (s *Store) Inbox(ctx context.Context, actor *org.User, f InboxFilter) (*Inbox, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	if !actor.Role.Officer() {
		return nil, apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("forbidden.inbox_is_for_officers"))
	}
	var fe apperr.Fields
	if f.Status != "" && f.Status.Code() == 0 {
		fe.Add("status", msgs.Text("unknown_status.bare"))
	}
	switch f.Due {
	case "", "due_soon", "overdue":
	default:
		fe.Add("due", msgs.Text("due_must_be_due_soon_or_overdue"))
	}
	if fe.Len() > 0 {
		e := apperr.Invalid("invalid_query", msgs.Text("invalid_query"), fe.List()...)
		e.Kind = apperr.KindInvalid
		return nil, e
	}
	if f.Page < 1 {
		f.Page = 1
	}
	if f.PerPage < 1 || f.PerPage > 100 {
		f.PerPage = 20
	}
	// step_role <> '' repeats the partial index's condition so SQLite's planner can use it with a
	// bound step_role (it cannot prove "= ?" implies "<> ''").
	where := []string{"d.agency_id = ?", "d.step_role = ?", "d.step_role <> ''"}
	args := []any{actor.AgencyID, string(actor.Role)}
	if actor.Role == org.RoleSpecialist {
		where = append(where, "(d.assignee_id = ? OR d.assignee_id IS NULL)")
		args = append(args, actor.ID)
	}
	base := strings.Join(where, " AND ")
	baseArgs := append([]any{}, args...)
	if f.Status != "" {
		where = append(where, "d.status = ?")
		args = append(args, string(f.Status))
	}
	if f.Procedure != "" {
		where = append(where, "d.procedure_code = ?")
		args = append(args, f.Procedure)
	}
	k, err := s.deadlines(ctx, actor.AgencyCode)
	if err != nil {
		return nil, err
	}
	sla, slaArgs := k.SQL()
	if f.Due != "" {
		where = append(where, "("+sla+") = ?")
		args = append(append(args, slaArgs...), f.Due)
	}
	cond := strings.Join(where, " AND ")
	res := &Inbox{Items: []InboxItem{}, Counts: map[string]int{}}
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM dossiers d WHERE `+cond, args...).Scan(&res.Total); err != nil {
		return nil, err
	}
	// Counts for the filter links, on the officer's whole queue.
	var all, soon, late int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN (`+sla+`) = 'due_soon' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN (`+sla+`) = 'overdue' THEN 1 ELSE 0 END), 0) FROM dossiers d WHERE `+base,
		append(append(slaArgs, slaArgs...), baseArgs...)...).Scan(&all, &soon, &late); err != nil {
		return nil, err
	}
	res.Counts["all"], res.Counts["due_soon"], res.Counts["overdue"] = all, soon, late
	rows, err := s.db.Query(ctx, `SELECT d.code, d.procedure_code, d.applicant_name, d.channel, d.status, d.status_code, d.step,
		d.submitted_at, d.due_at, d.step_due_at, `+sla+`, COALESCE(u.username, '')
		FROM dossiers d LEFT JOIN users u ON u.id = d.assignee_id WHERE `+cond+`
		ORDER BY d.step_due_at, d.id LIMIT ? OFFSET ?`, append(append(slaArgs, args...), f.PerPage, (f.Page-1)*f.PerPage)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var it InboxItem
		var due, stepDue sql.NullTime
		var st string
		if err := rows.Scan(&it.Code, &it.ProcedureCode, &it.Applicant, &it.Channel, &st, &it.StatusCode, &it.Step,
			&it.SubmittedAt, &due, &stepDue, &it.SLA, &it.Assignee); err != nil {
			return nil, err
		}
		it.Status = dossier.Status(st)
		it.StatusLabel = it.Status.Label(i18n.VI)
		it.SubmittedAt = it.SubmittedAt.In(vnZone)
		it.DueAt, it.StepDueAt = localPtr(due), localPtr(stepDue)
		if p, err := s.catalog.Current(ctx, it.ProcedureCode); err == nil {
			it.ProcedureName = p.Name
		}
		res.Items = append(res.Items, it)
	}
	return res, rows.Err()
}

func localPtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time.In(vnZone)
	return &v
}

// Package directive is the committee's directives (văn bản chỉ đạo, điều hành) and the tasks
// (nhiệm vụ) they assign to agencies with deadlines: the committee office records a directive,
// each agency's leader reports its tasks' progress with notes and documents, and the office
// follows every task by state, per agency and per directive (egov.md §10: the Government
// Office's tracking of the tasks the Prime Minister assigns reports tasks due, done, done late
// and overdue). The state of a task is computed when read (State, stateSQL), never stored, so
// every list, count and export agree at every moment.
package directive

import (
	"time"

	"github.com/motcua/motcua/internal/vntime"
)

// State is where a task stands at one moment.
type State string

// A task's states: the office's four columns.
const (
	DoneOnTime State = "done_on_time"
	DoneLate   State = "done_late"
	InProgress State = "in_progress"
	Overdue    State = "overdue"
)

// States lists the states in the order the office reads them.
var States = []State{DoneOnTime, DoneLate, InProgress, Overdue}

// Progress is what the agency last reported: nothing yet (assigned), in progress, or done.
type Progress string

const (
	Assigned       Progress = "assigned"
	ProgressActive Progress = "in_progress"
	ProgressDone   Progress = "done"
)

// DueSoonDays is how many calendar days before its deadline an open task's leader is reminded
// (the committee's practice; no legal text sets it).
const DueSoonDays = 3

// Today is the calendar date of now in Hà Nội's time zone, as YYYY-MM-DD.
func Today(now time.Time) string { return now.In(vntime.Location()).Format(time.DateOnly) }

// StateOf is the rule of a task's state. A task's deadline is a calendar date, counted in
// calendar days, not working days: a directive sets "trước ngày …" and the whole day counts.
// This is the committee's practice, the way the Government Office's tracking reports tasks due,
// done, done late and overdue (egov.md §10); the domain notes cite no legal text fixing it. A
// task done (doneOn, the date of the report that said so, "" while open) on or before its due
// date is done on time, after it done late; an open task is overdue from the day after its due
// date, in progress until then.
func StateOf(dueOn, doneOn, today string) State {
	switch {
	case doneOn != "" && doneOn <= dueOn:
		return DoneOnTime
	case doneOn != "":
		return DoneLate
	case dueOn < today:
		return Overdue
	}
	return InProgress
}

// stateSQL is StateOf over the task t of a query, with its argument (today); dates are
// YYYY-MM-DD text, which compare as dates on both engines.
func stateSQL(today string) (string, []any) {
	return `CASE WHEN t.done_on IS NOT NULL AND t.done_on <= t.due_on THEN 'done_on_time'
		WHEN t.done_on IS NOT NULL THEN 'done_late' WHEN t.due_on < ? THEN 'overdue' ELSE 'in_progress' END`, []any{today}
}

// Directive is a directive document and its tasks.
type Directive struct {
	ID         int64     `json:"id"`
	Number     string    `json:"number"`    // số ký hiệu, e.g. 12/CT-UBND
	SignedOn   string    `json:"signed_on"` // YYYY-MM-DD
	Signer     string    `json:"signer"`
	Title      string    `json:"title"`
	Summary    string    `json:"summary"`
	Document   string    `json:"document,omitempty"` // the signed PDF's file id
	Slug       string    `json:"slug,omitempty"`     // its article on the portal
	AgencyCode string    `json:"agency_code"`        // who issued it
	CreatedAt  time.Time `json:"created_at"`
	Tasks      []*Task   `json:"tasks"`
}

// Task is one task of a directive, assigned to one agency.
type Task struct {
	ID          int64      `json:"id"`
	DirectiveID int64      `json:"directive_id"`
	Number      string     `json:"directive_number"`
	Directive   string     `json:"directive_title"`
	Seq         int        `json:"seq"` // its place in the directive, from 1
	AgencyCode  string     `json:"agency_code"`
	AgencyName  string     `json:"agency_name"`
	Title       string     `json:"title"`
	DueOn       string     `json:"due_on"`
	Progress    Progress   `json:"progress"`
	DoneAt      *time.Time `json:"done_at,omitempty"`
	DoneOn      string     `json:"done_on,omitempty"`
	ReportedAt  *time.Time `json:"reported_at,omitempty"`
	State       State      `json:"status"`
	Reports     []*Report  `json:"reports,omitempty"`
}

// Report is one progress report of a task by its agency's leader.
type Report struct {
	ID     int64      `json:"id"`
	Status Progress   `json:"status"`
	Note   string     `json:"note"`
	Author string     `json:"author"`
	At     time.Time  `json:"at"`
	Files  []FileLink `json:"files"`
}

// FileLink names a document attached to a report.
type FileLink struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Counts are the office's figures over a set of tasks.
type Counts struct {
	Total      int `json:"total"`
	Done       int `json:"done"`
	DoneOnTime int `json:"done_on_time"`
	DoneLate   int `json:"done_late"`
	InProgress int `json:"in_progress"`
	Overdue    int `json:"overdue"`
}

// Of is the count of tasks in state s.
func (c Counts) Of(s State) int {
	switch s {
	case DoneOnTime:
		return c.DoneOnTime
	case DoneLate:
		return c.DoneLate
	case InProgress:
		return c.InProgress
	case Overdue:
		return c.Overdue
	}
	return 0
}

// DoneShare is the share of the tasks due by today (done, or overdue) that are done, the
// Government Office's headline figure (2,501 of 2,723 due: 91.8%); 0 when none is due.
func (c Counts) DoneShare() float64 {
	due := c.Done + c.Overdue
	if due == 0 {
		return 0
	}
	return float64(c.Done) / float64(due)
}

package directive

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
	"github.com/motcua/motcua/internal/vntime"
)

// Bounds of a directive and of a report, the same the API documents.
const (
	MaxTasks    = 100
	MaxTitle    = 500
	MaxSummary  = 4000
	MaxNumber   = 50
	MaxNote     = 4000
	MaxFiles    = 10
	maxPerPage  = 100
	defaultPage = 20
)

// Publisher publishes a directive on the portal inside the transaction that records it, as the
// office's officer who records it (by), and returns its article's slug; the portal's news
// package supplies it. d has its id and its tasks with theirs; an error undoes the recording.
type Publisher func(ctx context.Context, tx *db.Tx, by *org.User, d *Directive) (slug string, err error)

// Config holds a Store's dependencies.
type Config struct {
	DB    *db.DB
	Org   *org.Store
	Files *dossier.Store // the uploaded documents (the directive's PDF, reports' attachments)
	// Publish, when set, publishes each new directive on the portal (category
	// chi-dao-dieu-hanh) in the transaction that records it; nil publishes nothing.
	Publish Publisher
	// TaskURL is the link to a task's page in messages, with {id} for the task's id.
	TaskURL string
	Now     func() time.Time // nil: time.Now
}

// Store records directives, their tasks and the agencies' reports.
type Store struct {
	db      *db.DB
	org     *org.Store
	files   *dossier.Store
	publish Publisher
	taskURL string
	now     func() time.Time
}

// NewStore returns a directive store.
func NewStore(c Config) *Store {
	if c.Now == nil {
		c.Now = time.Now
	}
	return &Store{db: c.DB, org: c.Org, files: c.Files, publish: c.Publish, taskURL: c.TaskURL, now: c.Now}
}

// MayRecord says who records directives: the committee office, whose agency issues them.
func MayRecord(u *org.User) bool { return u != nil && u.Role == org.RoleOffice && u.AgencyID != 0 }

// MayFollow says who follows every agency's tasks: the committee office and system administrators.
func MayFollow(u *org.User) bool { return u != nil && (u.Role == org.RoleOffice || u.IsAdmin()) }

// MaySeeTasks says who reads tasks at all: those who follow them all and agencies' officers
// (their own agency's).
func MaySeeTasks(u *org.User) bool { return MayFollow(u) || u != nil && u.Role.Officer() }

// MayReport says whether u reports progress on task t: a leader of the task's agency.
func MayReport(u *org.User, t *Task) bool {
	return u != nil && u.Role == org.RoleLeader && u.AgencyCode == t.AgencyCode
}

var (
	errForbidden = apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("forbidden"))
	errNotFound  = apperr.NotFound("directive_task", msgs.Text("task_not_found"))
	errDirective = apperr.NotFound("directive", msgs.Text("directive_not_found"))
)

// Input is a directive as recorded by the office (the API's body).
type Input struct {
	Number   string      `json:"number"`
	SignedOn string      `json:"signed_on"`
	Signer   string      `json:"signer,omitempty"`
	Title    string      `json:"title"`
	Summary  string      `json:"summary"`
	Document string      `json:"document,omitempty"` // an uploaded PDF's file id
	Tasks    []TaskInput `json:"tasks"`
}

// TaskInput is one task of a directive.
type TaskInput struct {
	AgencyCode string `json:"agency_code"`
	Title      string `json:"title"`
	DueOn      string `json:"due_on"`
}

func clean(s string) string { return strings.TrimSpace(vntext.NFC(s)) }

func date(s string) (time.Time, bool) {
	t, err := time.ParseInLocation(time.DateOnly, s, vntime.Location())
	return t, err == nil
}

// text checks a required or optional text and its bound.
func text(fe *apperr.Fields, path, v string, required bool, max int) {
	switch {
	case required && v == "":
		fe.Add(path, msgs.Text("required"))
	case utf8.RuneCountInString(v) > max:
		fe.Add(path, msgs.Text("too_long", max))
	}
}

// Record records a directive with its tasks, each assigned to an agency with a due date on or
// after the directive's date, publishes it on the portal (Publish) and tells each agency's
// leaders of their task, all in one transaction. Problems are 422 naming each field
// (tasks[1].agency_code, tasks[0].due_on); a number already recorded is 409.
func (s *Store) Record(ctx context.Context, actor *org.User, in Input) (*Directive, error) {
	switch {
	case actor == nil:
		return nil, org.ErrUnauthenticated
	case !MayRecord(actor):
		return nil, errForbidden
	}
	d := &Directive{Number: clean(in.Number), SignedOn: clean(in.SignedOn), Signer: clean(in.Signer), Title: clean(in.Title),
		Summary: clean(in.Summary), Document: clean(in.Document), AgencyCode: actor.AgencyCode, CreatedAt: s.now().In(vntime.Location())}
	var fe apperr.Fields
	text(&fe, "number", d.Number, true, MaxNumber)
	text(&fe, "title", d.Title, true, MaxTitle)
	text(&fe, "summary", d.Summary, false, MaxSummary)
	text(&fe, "signer", d.Signer, false, MaxTitle)
	signed, okSigned := date(d.SignedOn)
	switch {
	case d.SignedOn == "":
		fe.Add("signed_on", msgs.Text("required"))
	case !okSigned:
		fe.Add("signed_on", msgs.Text("give_date"))
	case d.SignedOn > Today(d.CreatedAt):
		fe.Add("signed_on", msgs.Text("signed_in_future"))
	}
	if d.Document != "" {
		if err := s.ownPDF(ctx, actor, d.Document); err != nil {
			fe.Add("document", msgs.Text("document_pdf"))
		}
	}
	switch {
	case len(in.Tasks) == 0:
		fe.Add("tasks", msgs.Text("no_tasks"))
	case len(in.Tasks) > MaxTasks:
		fe.Add("tasks", msgs.Text("too_many_tasks", MaxTasks))
	}
	agencies := map[string]*org.Agency{}
	for i, ti := range in.Tasks {
		p := "tasks[" + strconv.Itoa(i) + "]."
		t := &Task{Seq: i + 1, AgencyCode: clean(ti.AgencyCode), Title: clean(ti.Title), DueOn: clean(ti.DueOn), Progress: Assigned}
		d.Tasks = append(d.Tasks, t)
		if t.AgencyCode == "" {
			fe.Add(p+"agency_code", msgs.Text("required"))
		} else if ag, ok := agencies[t.AgencyCode]; ok {
			t.AgencyName = ag.Name
		} else if ag, err := s.org.Agency(ctx, t.AgencyCode); err == nil {
			agencies[t.AgencyCode], t.AgencyName = ag, ag.Name
		} else if errors.Is(err, db.ErrNotFound) || apperr.KindOf(err) == apperr.KindNotFound {
			fe.Add(p+"agency_code", msgs.Text("unknown_agency", t.AgencyCode))
		} else {
			return nil, err
		}
		text(&fe, p+"title", t.Title, true, MaxTitle)
		switch _, ok := date(t.DueOn); {
		case t.DueOn == "":
			fe.Add(p+"due_on", msgs.Text("required"))
		case !ok:
			fe.Add(p+"due_on", msgs.Text("give_date"))
		case okSigned && t.DueOn < d.SignedOn:
			fe.Add(p+"due_on", msgs.Text("due_before_signed", signed.Format("02/01/2006")))
		}
	}
	if err := fe.Err("invalid_directive", msgs.Text("invalid_directive")); err != nil {
		return nil, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var doc any
		if d.Document != "" {
			doc = d.Document
		}
		if err := tx.ExecRow(ctx, `INSERT INTO directives (number, signed_on, signer, title, summary, document_id, agency_id, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, d.Number, d.SignedOn, d.Signer, d.Title, d.Summary, doc, actor.AgencyID,
			actor.ID, d.CreatedAt).Scan(&d.ID); err != nil {
			return err
		}
		for _, t := range d.Tasks {
			t.DirectiveID, t.Number, t.Directive = d.ID, d.Number, d.Title
			t.State = StateOf(t.DueOn, "", Today(d.CreatedAt))
			if err := tx.ExecRow(ctx, `INSERT INTO directive_tasks (directive_id, seq, agency_id, title, due_on) VALUES (?, ?, ?, ?, ?) RETURNING id`,
				d.ID, t.Seq, agencies[t.AgencyCode].ID, t.Title, t.DueOn).Scan(&t.ID); err != nil {
				return err
			}
			if err := s.tell(ctx, tx, t, eventAssigned); err != nil {
				return err
			}
		}
		err := audit.Append(ctx, tx, audit.Entry{ActorID: actor.ID, Actor: actor.Username, Action: "directive.record", Object: d.Number,
			Detail: map[string]any{"id": d.ID, "tasks": len(d.Tasks)}})
		if err != nil || s.publish == nil {
			return err
		}
		slug, err := s.publish(ctx, tx, actor, d)
		if err != nil {
			return err
		}
		d.Slug = slug
		_, err = tx.Exec(ctx, `UPDATE directives SET slug = ? WHERE id = ?`, slug, d.ID)
		return err
	})
	if errors.Is(err, db.ErrConflict) {
		return nil, apperr.New(apperr.KindConflict, "directive_exists", msgs.Text("directive_exists", d.Number))
	}
	if err != nil {
		return nil, err
	}
	return d, nil
}

// ownPDF checks that file id is a PDF the actor uploaded.
func (s *Store) ownPDF(ctx context.Context, actor *org.User, id string) error {
	var ct string
	err := s.db.QueryRow(ctx, `SELECT content_type FROM files WHERE id = ? AND owner_id = ?`, id, actor.ID).Scan(&ct)
	if err == nil && ct != dossier.TypePDF {
		err = db.ErrNotFound
	}
	return err
}

// Filter selects tasks: of one agency (a code), one directive, in one state ("done" is both
// done states); a page of PerPage from Page (1).
type Filter struct {
	Agency    string
	Directive int64
	Status    string
	Page      int
	PerPage   int
}

const taskCols = `t.id, t.directive_id, d.number, d.title, t.seq, a.code, a.name, t.title, t.due_on, t.progress, t.done_at,
	COALESCE(t.done_on, ''), t.reported_at`

func scanTask(sc interface{ Scan(...any) error }, today string) (*Task, error) {
	t := &Task{}
	var done, reported sql.NullTime
	if err := sc.Scan(&t.ID, &t.DirectiveID, &t.Number, &t.Directive, &t.Seq, &t.AgencyCode, &t.AgencyName, &t.Title, &t.DueOn,
		&t.Progress, &done, &t.DoneOn, &reported); err != nil {
		return nil, err
	}
	if done.Valid {
		at := done.Time.In(vntime.Location())
		t.DoneAt = &at
	}
	if reported.Valid {
		at := reported.Time.In(vntime.Location())
		t.ReportedAt = &at
	}
	t.State = StateOf(t.DueOn, t.DoneOn, today)
	return t, nil
}

// where is the condition selecting the tasks f names that actor may see, with its arguments;
// none is false when the actor may see none of them (an officer asking for another agency).
func (s *Store) where(ctx context.Context, actor *org.User, f Filter, today string) (string, []any, bool, error) {
	switch {
	case actor == nil:
		return "", nil, false, org.ErrUnauthenticated
	case !MaySeeTasks(actor):
		return "", nil, false, errForbidden
	}
	conds, args := []string{"1 = 1"}, []any{}
	var fe apperr.Fields
	agency := strings.TrimSpace(f.Agency)
	if !MayFollow(actor) {
		if agency != "" && agency != actor.AgencyCode {
			return "", nil, true, nil // others' tasks: an empty list (CONTRACT.md)
		}
		agency = actor.AgencyCode
	}
	if agency != "" {
		if _, err := s.org.Agency(ctx, agency); err != nil {
			if !errors.Is(err, db.ErrNotFound) && apperr.KindOf(err) != apperr.KindNotFound {
				return "", nil, false, err
			}
			fe.Add("agency", msgs.Text("unknown_agency", agency))
		}
		conds, args = append(conds, "a.code = ?"), append(args, agency)
	}
	if f.Directive != 0 {
		conds, args = append(conds, "t.directive_id = ?"), append(args, f.Directive)
	}
	state, sargs := stateSQL(today)
	switch f.Status {
	case "":
	case "done":
		conds = append(conds, "t.done_on IS NOT NULL")
	case string(DoneOnTime), string(DoneLate), string(InProgress), string(Overdue):
		conds, args = append(conds, "("+state+") = ?"), append(append(args, sargs...), f.Status)
	default:
		fe.Add("status", msgs.Text("unknown_status"))
	}
	if err := fe.Err("invalid_query", msgs.Text("invalid_query")); err != nil {
		return "", nil, false, err
	}
	return strings.Join(conds, " AND "), args, false, nil
}

const fromTasks = ` FROM directive_tasks t JOIN directives d ON d.id = t.directive_id JOIN agencies a ON a.id = t.agency_id`

// Tasks lists the tasks f selects that actor may see, soonest due first, and their total: the
// office every agency's, an agency's officers their own (another agency's: none).
func (s *Store) Tasks(ctx context.Context, actor *org.User, f Filter) ([]*Task, int, error) {
	today := Today(s.now())
	where, args, none, err := s.where(ctx, actor, f, today)
	if err != nil || none {
		return nil, 0, err
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*)`+fromTasks+` WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.PerPage < 1 || f.PerPage > maxPerPage {
		f.PerPage = defaultPage
	}
	if f.Page < 1 {
		f.Page = 1
	}
	rows, err := s.db.Query(ctx, `SELECT `+taskCols+fromTasks+` WHERE `+where+` ORDER BY t.due_on, t.directive_id, t.seq LIMIT ? OFFSET ?`,
		append(args, f.PerPage, (f.Page-1)*f.PerPage)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*Task
	for rows.Next() {
		t, err := scanTask(rows, today)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, t)
	}
	return out, total, rows.Err()
}

// Task returns one task with its reports, for the office and the task's agency's officers;
// anyone else gets not found.
func (s *Store) Task(ctx context.Context, actor *org.User, id int64) (*Task, error) {
	t, err := s.task(ctx, s.db, actor, id, "")
	if err != nil {
		return nil, err
	}
	t.Reports, err = s.reports(ctx, t.ID)
	return t, err
}

func (s *Store) task(ctx context.Context, q db.Querier, actor *org.User, id int64, lock string) (*Task, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	t, err := scanTask(q.QueryRow(ctx, `SELECT `+taskCols+fromTasks+` WHERE t.id = ?`+lock, id), Today(s.now()))
	if errors.Is(err, db.ErrNotFound) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	if !MayFollow(actor) && !(actor.Role.Officer() && actor.AgencyCode == t.AgencyCode) {
		return nil, errNotFound
	}
	return t, nil
}

func (s *Store) reports(ctx context.Context, task int64) ([]*Report, error) {
	rows, err := s.db.Query(ctx, `SELECT r.id, r.status, r.note, COALESCE(NULLIF(u.full_name, ''), u.username), r.at, COALESCE(f.id, ''),
		COALESCE(f.name, '') FROM directive_reports r JOIN users u ON u.id = r.author_id
		LEFT JOIN directive_report_files rf ON rf.report_id = r.id LEFT JOIN files f ON f.id = rf.file_id
		WHERE r.task_id = ? ORDER BY r.id, f.name, f.id`, task)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Report
	for rows.Next() {
		r := &Report{}
		var fid, fname string
		if err := rows.Scan(&r.ID, &r.Status, &r.Note, &r.Author, &r.At, &fid, &fname); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].ID == r.ID {
			r = out[n-1]
		} else {
			r.At = r.At.In(vntime.Location())
			r.Files = []FileLink{}
			out = append(out, r)
		}
		if fid != "" {
			r.Files = append(r.Files, FileLink{ID: fid, Name: fname})
		}
	}
	return out, rows.Err()
}

// ReportInput is a leader's progress report (the API's body).
type ReportInput struct {
	Status string   `json:"status"` // in_progress | done
	Note   string   `json:"note"`
	Files  []string `json:"files,omitempty"` // uploaded files' ids, the reporter's own
}

// Report records a progress report on task id by a leader of its agency and returns the task
// as it now stands. A task reported done is closed: done on the report's date (Hà Nội), and
// later reports are 409. Someone who may not see the task gets 404, one who sees it but is not
// its agency's leader 403.
func (s *Store) Report(ctx context.Context, actor *org.User, id int64, in ReportInput) (*Task, error) {
	if _, err := s.task(ctx, s.db, actor, id, ""); err != nil {
		return nil, err
	}
	note := clean(in.Note)
	var fe apperr.Fields
	status := Progress(in.Status)
	if status != ProgressActive && status != ProgressDone {
		fe.Add("status", msgs.Text("report_status"))
	}
	text(&fe, "note", note, true, MaxNote)
	if len(in.Files) > MaxFiles {
		fe.Add("files", msgs.Text("too_many_files", MaxFiles))
	}
	for i, f := range in.Files {
		var n int
		if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM files WHERE id = ? AND owner_id = ?`, f, actor.ID).Scan(&n); err != nil {
			return nil, err
		}
		if n == 0 || slices.Index(in.Files, f) < i { // not the reporter's, or given twice
			fe.Add("files["+strconv.Itoa(i)+"]", msgs.Text("unknown_file"))
		}
	}
	now := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		t, err := s.task(ctx, tx, actor, id, tx.ForUpdate())
		if err != nil {
			return err
		}
		if !MayReport(actor, t) {
			return apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("only_leader"))
		}
		if err := fe.Err("invalid_report", msgs.Text("invalid_report")); err != nil {
			return err
		}
		if t.Progress == ProgressDone {
			return apperr.New(apperr.KindConflict, "task_done", msgs.Text("task_done"))
		}
		var rid int64
		if err := tx.ExecRow(ctx, `INSERT INTO directive_reports (task_id, status, note, author_id, at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			id, string(status), note, actor.ID, now).Scan(&rid); err != nil {
			return err
		}
		for _, f := range in.Files {
			if _, err := tx.Exec(ctx, `INSERT INTO directive_report_files (report_id, file_id) VALUES (?, ?)`, rid, f); err != nil {
				return err
			}
		}
		err = audit.Append(ctx, tx, audit.Entry{ActorID: actor.ID, Actor: actor.Username, Action: "directive.report",
			Object: strconv.FormatInt(id, 10), Detail: map[string]any{"directive": t.Number, "status": string(status), "files": len(in.Files)}})
		if err != nil {
			return err
		}
		if status == ProgressDone {
			_, err = tx.Exec(ctx, `UPDATE directive_tasks SET progress = ?, reported_at = ?, done_at = ?, done_on = ? WHERE id = ?`,
				string(status), now, now, Today(now), id)
		} else {
			_, err = tx.Exec(ctx, `UPDATE directive_tasks SET progress = ?, reported_at = ? WHERE id = ?`, string(status), now, id)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Task(ctx, actor, id)
}

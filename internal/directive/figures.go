package directive

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntime"
)

// Directive returns a directive with the tasks actor may see (the office all, an agency's
// officers their own agency's).
func (s *Store) Directive(ctx context.Context, actor *org.User, id int64) (*Directive, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	if !MaySeeTasks(actor) {
		return nil, errForbidden
	}
	d := &Directive{}
	var doc sql.NullString
	err := s.db.QueryRow(ctx, `SELECT d.id, d.number, d.signed_on, d.signer, d.title, d.summary, d.document_id, d.slug, a.code, d.created_at
		FROM directives d JOIN agencies a ON a.id = d.agency_id WHERE d.id = ?`, id).Scan(&d.ID, &d.Number, &d.SignedOn, &d.Signer,
		&d.Title, &d.Summary, &doc, &d.Slug, &d.AgencyCode, &d.CreatedAt)
	if errors.Is(err, db.ErrNotFound) {
		return nil, errDirective
	}
	if err != nil {
		return nil, err
	}
	d.Document, d.CreatedAt = doc.String, d.CreatedAt.In(vntime.Location())
	d.Tasks, _, err = s.Tasks(ctx, actor, Filter{Directive: id, PerPage: maxPerPage})
	if err == nil && d.Tasks == nil {
		d.Tasks = []*Task{}
	}
	return d, err
}

// Row is one line of the office's summary: an agency's or a directive's tasks by state.
type Row struct {
	Key    string `json:"key"` // the agency's code, or the directive's id
	Name   string `json:"name"`
	Number string `json:"number,omitempty"` // a directive's number
	Counts
}

// Summary counts the tasks f selects that actor may see by state (Status and paging ignored):
// the office any agency's or all, an agency's officers their own (asking for another's is 403).
func (s *Store) Summary(ctx context.Context, actor *org.User, f Filter) (Counts, error) {
	if actor != nil && !MayFollow(actor) && f.Agency != "" && f.Agency != actor.AgencyCode {
		return Counts{}, errForbidden
	}
	rows, err := s.group(ctx, actor, f, "''", "''", "''")
	if err != nil || len(rows) == 0 {
		return Counts{}, err
	}
	return rows[0].Counts, nil
}

// ByAgency is Summary per agency, agencies with tasks only, in code order.
func (s *Store) ByAgency(ctx context.Context, actor *org.User, f Filter) ([]Row, error) {
	return s.group(ctx, actor, f, "a.code", "a.name", "''")
}

// ByDirective is Summary per directive, newest signed first.
func (s *Store) ByDirective(ctx context.Context, actor *org.User, f Filter) ([]Row, error) {
	rows, err := s.group(ctx, actor, f, "d.id", "d.title", "d.number")
	// Newest first: the ids grow with recording, the signing dates need not.
	for i, j := 0, len(rows)-1; i < j; i, j = i+1, j-1 {
		rows[i], rows[j] = rows[j], rows[i]
	}
	return rows, err
}

// group counts the selected tasks by state, grouped by key (one row overall when key is ”).
func (s *Store) group(ctx context.Context, actor *org.User, f Filter, key, name, number string) ([]Row, error) {
	today := Today(s.now())
	f.Status = ""
	where, args, none, err := s.where(ctx, actor, f, today)
	if err != nil || none {
		return nil, err
	}
	state, sargs := stateSQL(today)
	var sums []string
	var all []any // the state's arguments in each sum, then the condition's
	for _, st := range States {
		sums = append(sums, `COALESCE(SUM(CASE WHEN (`+state+`) = '`+string(st)+`' THEN 1 ELSE 0 END), 0)`)
		all = append(all, sargs...)
	}
	args = append(all, args...)
	q := `SELECT ` + key + `, ` + name + `, ` + number + `, COUNT(*), ` + strings.Join(sums, ", ") + fromTasks + ` WHERE ` + where
	if key != "''" {
		by := key + `, ` + name
		if number != "''" {
			by += `, ` + number // PostgreSQL refuses a constant in GROUP BY
		}
		q += ` GROUP BY ` + by + ` ORDER BY ` + key
	}
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		var r Row
		if err := rows.Scan(&r.Key, &r.Name, &r.Number, &r.Total, &r.DoneOnTime, &r.DoneLate, &r.InProgress, &r.Overdue); err != nil {
			return nil, err
		}
		r.Done = r.DoneOnTime + r.DoneLate
		out = append(out, r)
	}
	return out, rows.Err()
}

// Directives lists the directives, newest recorded first, with their total.
func (s *Store) Directives(ctx context.Context, actor *org.User, page, perPage int) ([]*Directive, int, error) {
	switch {
	case actor == nil:
		return nil, 0, org.ErrUnauthenticated
	case !MaySeeTasks(actor):
		return nil, 0, errForbidden
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM directives`).Scan(&total); err != nil {
		return nil, 0, err
	}
	if perPage < 1 || perPage > maxPerPage {
		perPage = defaultPage
	}
	if page < 1 {
		page = 1
	}
	rows, err := s.db.Query(ctx, `SELECT d.id, d.number, d.signed_on, d.signer, d.title, d.summary, COALESCE(d.document_id, ''), d.slug,
		a.code, d.created_at FROM directives d JOIN agencies a ON a.id = d.agency_id ORDER BY d.id DESC LIMIT ? OFFSET ?`, perPage, (page-1)*perPage)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*Directive
	for rows.Next() {
		d := &Directive{}
		if err := rows.Scan(&d.ID, &d.Number, &d.SignedOn, &d.Signer, &d.Title, &d.Summary, &d.Document, &d.Slug, &d.AgencyCode,
			&d.CreatedAt); err != nil {
			return nil, 0, err
		}
		d.CreatedAt = d.CreatedAt.In(vntime.Location())
		out = append(out, d)
	}
	return out, total, rows.Err()
}

// File returns a document of the directives' work that actor may read: a directive's signed
// PDF (published, so anyone signed in) or a report's attachment (who may see its task).
func (s *Store) File(ctx context.Context, actor *org.User, id string) (*dossier.File, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	var n int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM directives WHERE document_id = ?`, id).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		var task int64
		err := s.db.QueryRow(ctx, `SELECT r.task_id FROM directive_report_files rf JOIN directive_reports r ON r.id = rf.report_id
			WHERE rf.file_id = ?`, id).Scan(&task)
		if errors.Is(err, db.ErrNotFound) {
			return nil, apperr.NotFound("file", msgs.Text("file_not_found"))
		}
		if err != nil {
			return nil, err
		}
		if _, err := s.task(ctx, s.db, actor, task, ""); err != nil {
			return nil, apperr.NotFound("file", msgs.Text("file_not_found"))
		}
	}
	f := &dossier.File{}
	err := s.db.QueryRow(ctx, `SELECT id, sha256, size, content_type, name, created_at, owner_id FROM files WHERE id = ?`, id).Scan(
		&f.ID, &f.SHA256, &f.Size, &f.ContentType, &f.Name, &f.CreatedAt, &f.OwnerID)
	return f, err
}

// Open returns a file's content (one File allowed).
func (s *Store) Open(ctx context.Context, f *dossier.File) (io.ReadCloser, error) {
	return s.files.OpenFile(ctx, f)
}

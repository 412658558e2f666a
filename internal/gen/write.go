package gen

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/db"
)

// Columns written per table.
var (
	userCols = []string{"id", "username", "password_hash", "full_name", "email", "phone", "role", "agency_id", "active",
		"created_at", "email_verified", "phone_verified", "id_number", "birth_date", "unit_code", "address_line", "lang"}
	fileCols    = []string{"id", "owner_id", "sha256", "size", "content_type", "name", "created_at"}
	dossierCols = []string{"id", "code", "procedure_code", "procedure_version", "agency_id", "applicant_id", "applicant_name",
		"applicant_id_number", "applicant_phone", "applicant_email", "applicant_address", "channel", "status", "status_code",
		"form", "submitted_at", "received_at", "due_at", "finished_at", "created_by", "updated_at", "process_id", "step",
		"step_role", "step_due_at", "assignee_id", "resume_step", "supplements", "extended", "sla_notified", "paused_at", "processing_days",
		"escalated_at", "original_due_at", "result_delivery", "digitised", "reused"}
	attachmentCols = []string{"dossier_id", "component", "file_id", "kind", "added_by", "added_at"}
	eventCols      = []string{"dossier_id", "at", "actor_id", "action", "from_status", "to_status", "status_code", "note"}
	stepCols       = []string{"dossier_id", "step", "agency_id", "assignee_id", "started_at", "due_at", "ended_at", "late"}
	sequenceCols   = []string{"agency_id", "day", "last"}
)

// bit is a flag column's value.
func bit(v bool) int {
	if v {
		return 1
	}
	return 0
}

// maxParams keeps a statement under SQLite's limit of 32,766 bound parameters (PostgreSQL
// allows 65,535).
const maxParams = 30_000

// inserter buffers rows of one table and writes them as multi-row INSERT statements of up to
// 500 rows. The SQL text of a full statement is built once; db rebinds its placeholders for
// PostgreSQL, and pgx caches the prepared statement by its text.
type inserter struct {
	d      *db.DB
	table  string
	cols   []string
	suffix string // e.g. ON CONFLICT …
	per    int
	full   string
	args   []any
	n      int
}

func newInserter(d *db.DB, table string, cols []string) *inserter {
	per := min(500, maxParams/len(cols))
	in := &inserter{d: d, table: table, cols: cols, per: per}
	return in
}

func (in *inserter) sql(rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(in.table)
	b.WriteString(" (")
	b.WriteString(strings.Join(in.cols, ", "))
	b.WriteString(") VALUES ")
	row := "(" + strings.Repeat("?, ", len(in.cols)-1) + "?)"
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	b.WriteString(in.suffix)
	return b.String()
}

// add buffers one row, writing a statement when the buffer is full.
func (in *inserter) add(ctx context.Context, tx *db.Tx, vals ...any) error {
	in.args = append(in.args, vals...)
	in.n++
	if in.n == in.per {
		return in.flush(ctx, tx)
	}
	return nil
}

// flush writes the buffered rows.
func (in *inserter) flush(ctx context.Context, tx *db.Tx) error {
	if in.n == 0 {
		return nil
	}
	var q string
	if in.n == in.per {
		if in.full == "" {
			in.full = in.sql(in.per)
		}
		q = in.full
	} else {
		q = in.sql(in.n)
	}
	_, err := tx.Exec(ctx, q, in.args...)
	clear(in.args)
	in.args, in.n = in.args[:0], 0
	if err != nil {
		return fmt.Errorf("insert into %s: %w", in.table, err)
	}
	return nil
}

// ts is a nullable instant, stored in UTC: SQLite keeps TIMESTAMP as text, and text sorts as
// time only when every value has the same offset.
func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// ref is a nullable id.
func ref(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// writer writes chunks, each in one transaction, parents before children.
type writer struct {
	d                                   *db.DB
	process                             int64
	dossiers, atts, events, steps, seqs *inserter
}

func newWriter(d *db.DB, process int64) *writer {
	w := &writer{d: d, process: process, dossiers: newInserter(d, "dossiers", dossierCols),
		atts: newInserter(d, "dossier_attachments", attachmentCols), events: newInserter(d, "dossier_events", eventCols),
		steps: newInserter(d, "dossier_steps", stepCols), seqs: newInserter(d, "dossier_sequences", sequenceCols)}
	w.seqs.suffix = " ON CONFLICT (agency_id, day) DO UPDATE SET last = excluded.last"
	return w
}

func (w *writer) write(ctx context.Context, c *chunk) error {
	return w.d.InTx(ctx, func(tx *db.Tx) error {
		for _, x := range c.recs {
			var applicant, process, days any
			if x.account {
				applicant = x.app.id
			}
			if x.bound {
				// The workflow binds the process at a dossier's first action.
				process = w.process
			}
			if !x.received.IsZero() && x.proc.p.ProcessingDays != nil {
				days = *x.proc.p.ProcessingDays
			}
			if err := w.dossiers.add(ctx, tx, x.id, x.code, x.proc.p.Code, x.proc.p.Version, x.ag.id, applicant, x.app.name,
				x.app.idNumber, x.app.phone, x.app.email, x.app.address, string(x.channel), string(x.status), x.status.Code(),
				x.form, ts(x.submitted), ts(x.received), ts(x.due), ts(x.finished), ref(x.createdBy), ts(x.updated), process,
				x.step, x.role, ts(x.stepDue), ref(x.assignee), x.resume, x.supplements, x.extended, x.sla, ts(x.paused),
				days, ts(x.escalated), ts(x.originalDue), string(x.channel), // the result goes back the way it came
				bit(x.digitised), bit(x.reused)); err != nil {
				return err
			}
		}
		if err := w.dossiers.flush(ctx, tx); err != nil {
			return err
		}
		for _, x := range c.recs {
			for _, a := range x.atts {
				if err := w.atts.add(ctx, tx, x.id, a.component, a.file, a.kind, ref(a.by), ts(a.at)); err != nil {
					return err
				}
			}
		}
		if err := w.atts.flush(ctx, tx); err != nil {
			return err
		}
		for _, x := range c.recs {
			for _, e := range x.events {
				if err := w.events.add(ctx, tx, x.id, ts(e.at), ref(e.actor), e.action, string(e.from), string(e.to),
					e.to.Code(), e.note); err != nil {
					return err
				}
			}
		}
		if err := w.events.flush(ctx, tx); err != nil {
			return err
		}
		for _, x := range c.recs {
			for _, s := range x.steps {
				if err := w.steps.add(ctx, tx, x.id, s.step, x.ag.id, ref(s.assignee), ts(s.started), ts(s.due),
					ts(s.ended), boolInt(s.late)); err != nil {
					return err
				}
			}
		}
		if err := w.steps.flush(ctx, tx); err != nil {
			return err
		}
		keys := make([]seqKey, 0, len(c.seqs))
		for k := range c.seqs {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			if keys[i].agency != keys[j].agency {
				return keys[i].agency < keys[j].agency
			}
			return keys[i].day < keys[j].day
		})
		for _, k := range keys {
			if err := w.seqs.add(ctx, tx, k.agency, k.day, c.seqs[k]); err != nil {
				return err
			}
		}
		return w.seqs.flush(ctx, tx)
	})
}

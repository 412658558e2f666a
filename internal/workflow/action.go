package workflow

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
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

// Act takes one workflow step on a dossier: it checks who may (a dossier the caller may not see
// does not exist, 404; a role that never takes the action, 403; an action the state does not
// allow, 409), then changes the dossier, its history, its step log and the applicant's
// notification in one transaction.
func (s *Store) Act(ctx context.Context, actor *org.User, code string, in ActionInput) (*dossier.Dossier, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	in.Note = strings.TrimSpace(vntext.NFC(in.Note))
	if utf8.RuneCountInString(in.Note) > 4000 {
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
	var doc *ResultDocument
	if in.Action == Approve && s.Result != nil {
		d, err := s.dossiers.Get(ctx, actor, code)
		if err != nil {
			return nil, err
		}
		if doc, err = s.Result(ctx, d); err != nil {
			return nil, fmt.Errorf("workflow: result document: %w", err)
		}
		if result, err = s.dossiers.Prepare(ctx, actor, doc.Name, bytes.NewReader(doc.Content)); err != nil {
			return nil, err
		}
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		d, err := s.dossiers.Lock(ctx, tx, actor, code)
		if err != nil {
			return err
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
			if doc.Issue != nil {
				if err := doc.Issue(ctx, tx, result); err != nil {
					return err
				}
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
		if err := dossier.PauseForSupplement(ctx, a.tx, d.ID, a.now); err != nil {
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
			if err := dossier.Decide(ctx, a.tx, d.ID, a.now); err != nil {
				return err
			}
			return a.chargeAtApproval(ctx)
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

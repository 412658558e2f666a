package dossier

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
)

// Reading dossiers: who may see one, and what of it.

// dossierCols selects a dossier with its procedure name and agency.
const dossierCols = `d.id, d.code, d.procedure_code, d.procedure_version, d.agency_id, a.code, a.name, d.channel, d.status,
	d.status_code, COALESCE(d.applicant_id, 0), d.applicant_name, d.applicant_id_number, d.applicant_phone, d.applicant_email,
	d.applicant_address, d.form, d.submitted_at, d.received_at, d.due_at, d.finished_at, d.updated_at, COALESCE(d.created_by, 0),
	d.original_due_at, d.result_delivery, d.delivery_address`

func scanDossier(sc interface{ Scan(...any) error }) (*Dossier, error) {
	var d Dossier
	var ch, st, form, delivery string
	var recv, due, fin, orig sql.NullTime
	err := sc.Scan(&d.ID, &d.Code, &d.ProcedureCode, &d.ProcedureVersion, &d.AgencyID, &d.AgencyCode, &d.AgencyName, &ch, &st,
		&d.StatusCode, &d.Applicant.UserID, &d.Applicant.Name, &d.Applicant.IDNumber, &d.Applicant.Phone, &d.Applicant.Email,
		&d.Applicant.Address, &form, &d.SubmittedAt, &recv, &due, &fin, &d.UpdatedAt, &d.CreatedBy, &orig,
		&delivery, &d.DeliveryAddress)
	if err != nil {
		return nil, err
	}
	d.Channel, d.Status, d.Form, d.Delivery = Channel(ch), Status(st), json.RawMessage(form), Delivery(delivery)
	d.ReceivedAt, d.DueAt, d.FinishedAt, d.OriginalDueAt = timeOrNil(recv), timeOrNil(due), timeOrNil(fin), timeOrNil(orig)
	d.AllowedActions = []string{}
	return &d, nil
}

// timeOrNil is n's time, or nil when NULL.
func timeOrNil(n sql.NullTime) *time.Time {
	if !n.Valid {
		return nil
	}
	return &n.Time
}

// CanSee reports whether actor may see d: its applicant, an officer of the handling agency
// (who registered it, if it came by the counter or post), or an administrator. Everyone else is
// told it does not exist.
func CanSee(actor *org.User, d *Dossier) bool {
	switch {
	case actor == nil:
		return false
	case d.Applicant.UserID != 0 && d.Applicant.UserID == actor.ID:
		return true
	case actor.Role.Officer():
		return actor.AgencyID == d.AgencyID
	case actor.IsAdmin():
		return true
	}
	return false
}

// Whole reports whether viewer sees d whole, internal notes, hand-overs and working files
// included: the handling agency's officers and administrators. The applicant sees the rest.
func Whole(viewer *org.User, d *Dossier) bool {
	if viewer == nil {
		return false
	}
	return viewer.Role.Officer() && viewer.AgencyID == d.AgencyID || viewer.IsAdmin()
}

// internalEvents are the history events that stay within the agency: assignments, hand-overs
// between officers, consultations of other agencies and deadline warnings.
var internalEvents = map[string]bool{"assign": true, "forward": true, "consult": true, "consult_answer": true,
	"sla_due_soon": true, "sla_overdue": true}

// InternalEvent reports whether events of action stay within the agency.
func InternalEvent(action string) bool { return internalEvents[action] }

// AttachmentInternal is the kind of a working file officers attach for one another.
const AttachmentInternal = "internal"

// forApplicant removes what stays within the agency: working files, and internal events. An
// internal event that changed the status (the automatic assignment that starts processing)
// stays as the change of status, without its note or its officer.
func (d *Dossier) forApplicant() {
	atts := d.Attachments[:0]
	for _, a := range d.Attachments {
		if a.Kind != AttachmentInternal {
			atts = append(atts, a)
		}
	}
	d.Attachments = atts
	events := make([]Event, 0, len(d.History))
	for _, e := range d.History {
		if internalEvents[e.Action] {
			if e.From == e.To {
				continue
			}
			e.Note, e.Actor, e.ActorName = "", "", ""
		}
		events = append(events, e)
	}
	d.History = events
}

// Get is the one way to read a dossier: with its attachments and history as viewer may see
// them (the applicant never sees internal notes, hand-overs or working files). To anyone who
// may not see it, it does not exist (404).
func (s *Store) Get(ctx context.Context, viewer *org.User, code string) (*Dossier, error) {
	if viewer == nil {
		return nil, org.ErrUnauthenticated
	}
	d, err := s.load(ctx, s.db, code)
	if err != nil {
		return nil, err
	}
	if !CanSee(viewer, d) {
		return nil, errNotFound
	}
	if err := s.fill(ctx, d); err != nil {
		return nil, err
	}
	if !Whole(viewer, d) {
		d.forApplicant()
	}
	return d, nil
}

// Lock reads a dossier inside tx for a change by actor, holding its row until tx ends; to an
// actor who may not see it, it does not exist. Its attachments and history are not read.
func (s *Store) Lock(ctx context.Context, tx *db.Tx, actor *org.User, code string) (*Dossier, error) {
	var id int64
	if err := tx.QueryRow(ctx, `SELECT id FROM dossiers WHERE code = ?`+tx.ForUpdate(), code).Scan(&id); err != nil {
		if errors.Is(err, db.ErrNotFound) {
			return nil, errNotFound
		}
		return nil, err
	}
	d, err := s.load(ctx, tx, code)
	if err != nil {
		return nil, err
	}
	if !CanSee(actor, d) {
		return nil, errNotFound
	}
	return d, nil
}

func (s *Store) load(ctx context.Context, q db.Querier, code string) (*Dossier, error) {
	d, err := scanDossier(q.QueryRow(ctx, `SELECT `+dossierCols+` FROM dossiers d JOIN agencies a ON a.id = d.agency_id WHERE d.code = ?`, code))
	if errors.Is(err, db.ErrNotFound) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	if p, err := s.catalog.Current(ctx, d.ProcedureCode); err == nil {
		d.ProcedureName = p.Name
	}
	d.localize()
	return d, nil
}

// fill loads attachments and history.
func (s *Store) fill(ctx context.Context, d *Dossier) error {
	rows, err := s.db.Query(ctx, `SELECT a.component, a.file_id, f.name, f.size, f.content_type, a.kind, a.added_at
		FROM dossier_attachments a JOIN files f ON f.id = a.file_id WHERE a.dossier_id = ? ORDER BY a.added_at, a.component`, d.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	d.Attachments = []Attachment{}
	for rows.Next() {
		var a Attachment
		if err := rows.Scan(&a.Component, &a.File, &a.Name, &a.Size, &a.Type, &a.Kind, &a.AddedAt); err != nil {
			return err
		}
		d.Attachments = append(d.Attachments, a)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	d.History, err = s.history(ctx, d.ID)
	d.localize()
	return err
}

// history lists a dossier's events, oldest first.
func (s *Store) history(ctx context.Context, dossierID int64) ([]Event, error) {
	rows, err := s.db.Query(ctx, `SELECT e.at, COALESCE(u.username, ''), COALESCE(u.full_name, ''), e.action, e.from_status,
		e.to_status, e.status_code, e.note FROM dossier_events e LEFT JOIN users u ON u.id = e.actor_id
		WHERE e.dossier_id = ? ORDER BY e.id`, dossierID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		var e Event
		var from, to string
		if err := rows.Scan(&e.At, &e.Actor, &e.ActorName, &e.Action, &from, &to, &e.StatusCode, &e.Note); err != nil {
			return nil, err
		}
		e.From, e.To, e.At = Status(from), Status(to), e.At.In(vnZone)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Mine lists the caller's own dossiers, newest first.
func (s *Store) Mine(ctx context.Context, actor *org.User, page, perPage int) ([]*Dossier, int, error) {
	if actor == nil {
		return nil, 0, org.ErrUnauthenticated
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM dossiers WHERE applicant_id = ?`, actor.ID).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Query(ctx, `SELECT `+dossierCols+` FROM dossiers d JOIN agencies a ON a.id = d.agency_id
		WHERE d.applicant_id = ? ORDER BY d.submitted_at DESC, d.id DESC LIMIT ? OFFSET ?`, actor.ID, perPage, (page-1)*perPage)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []*Dossier{}
	for rows.Next() {
		d, err := scanDossier(rows)
		if err != nil {
			return nil, 0, err
		}
		d.Form = nil
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	for _, d := range out {
		if p, err := s.catalog.Current(ctx, d.ProcedureCode); err == nil {
			d.ProcedureName = p.Name
		}
		d.localize()
	}
	return out, total, nil
}

package dossier

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
)

// Draft is an application saved before submission, kept on the server so it can be resumed on
// another device.
type Draft struct {
	ID            string            `json:"id"`
	ProcedureCode string            `json:"procedure_code"`
	AgencyCode    string            `json:"agency_code"`
	Form          json.RawMessage   `json:"form"`
	Attachments   []AttachmentInput `json:"attachments"`
	// How the result is to be received, as chosen so far ("" not yet).
	Delivery        Delivery  `json:"result_delivery"`
	DeliveryAddress string    `json:"delivery_address"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

var errDraftNotFound = apperr.NotFound("draft", msgs.Text("draft_not_found"))

// Bounds on drafts (issue 10: one citizen had stored a 30 MB draft and 110 drafts). A form is
// a few kilobytes of typed answers; files are uploaded apart and only referenced.
const (
	MaxDraftForm      = 256 << 10 // bytes of a draft's form JSON; more is 413
	MaxDrafts         = 20        // drafts kept per citizen; another is 422
	maxDraftAgency    = 64        // characters of agency_code
	maxDraftComponent = 128       // characters of an attachment's component
)

// SaveDraft creates (id "") or replaces one of the caller's drafts. A draft may be incomplete:
// only its procedure, the shape of its form and the ownership of its files are checked.
func (s *Store) SaveDraft(ctx context.Context, actor *org.User, id string, in SubmitInput) (*Draft, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	var fe apperr.Fields
	if _, err := s.catalog.Current(ctx, in.ProcedureCode); err != nil {
		if apperr.KindOf(err) != apperr.KindNotFound {
			return nil, err
		}
		fe.Add("procedure_code", msgs.Text("no_procedure_with_code", in.ProcedureCode))
	}
	form := bytes.TrimSpace(in.Form)
	if len(form) == 0 {
		form = []byte("{}")
	}
	var obj map[string]any
	if json.Unmarshal(form, &obj) != nil {
		fe.Add("form", msgs.Text("form_must_be_json_object"))
	}
	if len(form) > MaxDraftForm {
		return nil, apperr.New(apperr.KindTooLarge, "draft_too_large", msgs.Text("draft_too_large", MaxDraftForm>>10))
	}
	if utf8.RuneCountInString(in.AgencyCode) > maxDraftAgency {
		fe.Add("agency_code", msgs.Text("at_most_characters", maxDraftAgency))
	}
	for i, a := range in.Attachments {
		if utf8.RuneCountInString(a.Component) > maxDraftComponent {
			fe.Add(fmt.Sprintf("attachments[%d].component", i), msgs.Text("at_most_characters", maxDraftComponent))
		}
	}
	checkDraftDelivery(in.Delivery, in.DeliveryAddress, &fe)
	if err := s.checkAttachments(ctx, actor, nil, in.Attachments, false, &fe); err != nil {
		return nil, err
	}
	if err := fe.Err("invalid_draft", msgs.Text("invalid_draft")); err != nil {
		return nil, err
	}
	atts := in.Attachments
	if atts == nil {
		atts = []AttachmentInput{}
	}
	ab, _ := json.Marshal(atts)
	now := s.now().In(vnZone)
	d := &Draft{ID: id, ProcedureCode: in.ProcedureCode, AgencyCode: in.AgencyCode, Form: json.RawMessage(vntext.NFC(string(form))),
		Attachments: atts, Delivery: in.Delivery, DeliveryAddress: vntext.NFC(in.DeliveryAddress), CreatedAt: now, UpdatedAt: now}
	if id == "" {
		d.ID = newID()
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			// The owner's row is locked so that two saves at once cannot both pass the count.
			var n int
			if err := tx.QueryRow(ctx, `SELECT id FROM users WHERE id = ?`+tx.ForUpdate(), actor.ID).Scan(&n); err != nil {
				return err
			}
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM drafts WHERE owner_id = ?`, actor.ID).Scan(&n); err != nil {
				return err
			}
			if n >= MaxDrafts {
				return apperr.New(apperr.KindUnprocessable, "too_many_drafts", msgs.Text("too_many_drafts", MaxDrafts))
			}
			_, err := tx.Exec(ctx, `INSERT INTO drafts (id, owner_id, procedure_code, agency_code, form, attachments, result_delivery,
				delivery_address, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.ID, actor.ID, d.ProcedureCode,
				d.AgencyCode, string(d.Form), string(ab), string(d.Delivery), d.DeliveryAddress, now, now)
			return err
		})
		if err != nil {
			return nil, err
		}
		return d, nil
	}
	res, err := s.db.Exec(ctx, `UPDATE drafts SET procedure_code = ?, agency_code = ?, form = ?, attachments = ?, result_delivery = ?,
		delivery_address = ?, updated_at = ? WHERE id = ? AND owner_id = ?`, d.ProcedureCode, d.AgencyCode, string(d.Form), string(ab),
		string(d.Delivery), d.DeliveryAddress, now, id, actor.ID)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, errDraftNotFound
	}
	return s.Draft(ctx, actor, id)
}

// Draft returns one of the caller's drafts.
func (s *Store) Draft(ctx context.Context, actor *org.User, id string) (*Draft, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	var d Draft
	var form, atts, delivery string
	err := s.db.QueryRow(ctx, `SELECT id, procedure_code, agency_code, form, attachments, result_delivery, delivery_address,
		created_at, updated_at FROM drafts WHERE id = ? AND owner_id = ?`, id, actor.ID).Scan(&d.ID, &d.ProcedureCode, &d.AgencyCode,
		&form, &atts, &delivery, &d.DeliveryAddress, &d.CreatedAt, &d.UpdatedAt)
	if errors.Is(err, db.ErrNotFound) {
		return nil, errDraftNotFound
	}
	if err != nil {
		return nil, err
	}
	d.Form, d.Delivery = json.RawMessage(form), Delivery(delivery)
	if err := json.Unmarshal([]byte(atts), &d.Attachments); err != nil {
		return nil, err
	}
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.In(vnZone), d.UpdatedAt.In(vnZone)
	return &d, nil
}

// Drafts lists the caller's drafts, most recently saved first.
func (s *Store) Drafts(ctx context.Context, actor *org.User) ([]*Draft, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	rows, err := s.db.Query(ctx, `SELECT id FROM drafts WHERE owner_id = ? ORDER BY updated_at DESC LIMIT 100`, actor.ID)
	if err != nil {
		return nil, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := []*Draft{}
	for _, id := range ids {
		d, err := s.Draft(ctx, actor, id)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// DeleteDraft removes one of the caller's drafts (after submission, or when abandoned).
func (s *Store) DeleteDraft(ctx context.Context, actor *org.User, id string) error {
	if actor == nil {
		return org.ErrUnauthenticated
	}
	res, err := s.db.Exec(ctx, `DELETE FROM drafts WHERE id = ? AND owner_id = ?`, id, actor.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errDraftNotFound
	}
	return nil
}

// Document is an entry of the citizen's document store: a file they uploaded or one attached
// to their dossiers (results included), ready to attach again without uploading (once-only,
// Decree 45/2020).
type Document struct {
	File
	Component string `json:"component,omitempty"` // what it was given as, most recently
	Dossier   string `json:"dossier,omitempty"`   // the dossier it came from
	Kind      string `json:"kind,omitempty"`      // upload | submission | result
}

// Documents lists the caller's documents, newest first.
func (s *Store) Documents(ctx context.Context, actor *org.User) ([]Document, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	rows, err := s.db.Query(ctx, `SELECT `+fileCols+`, COALESCE(x.component, ''), COALESCE(x.code, ''), COALESCE(x.kind, 'upload')
		FROM files f LEFT JOIN (
			SELECT a.file_id, a.component, d.code, a.kind FROM dossier_attachments a JOIN dossiers d ON d.id = a.dossier_id
			WHERE d.applicant_id = ? AND a.kind <> 'internal') x ON x.file_id = f.id
		WHERE f.owner_id = ? OR x.file_id IS NOT NULL ORDER BY f.created_at DESC LIMIT 500`, actor.ID, actor.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Document{}
	seen := map[string]bool{}
	for rows.Next() {
		var d Document
		f, err := scanFile(scanAppend(rows, &d.Component, &d.Dossier, &d.Kind))
		if err != nil {
			return nil, err
		}
		if seen[f.ID] {
			continue
		}
		seen[f.ID] = true
		d.File = *f
		d.CreatedAt = d.CreatedAt.In(vnZone)
		out = append(out, d)
	}
	return out, rows.Err()
}

// scanAppend lets a row scanner fill extra columns after the ones a scan function reads.
type appendScanner struct {
	sc    interface{ Scan(...any) error }
	extra []any
}

func (a appendScanner) Scan(dest ...any) error { return a.sc.Scan(append(dest, a.extra...)...) }

func scanAppend(sc interface{ Scan(...any) error }, extra ...any) appendScanner {
	return appendScanner{sc, extra}
}

package workflow

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
)

// Consultation is a request for another agency's opinion on a dossier (lấy ý kiến), with its
// own deadline; electronic dossiers go to every consulted agency at once (Decree 61/2018 Art.
// 19(2)).
type Consultation struct {
	ID         int64      `json:"id"`
	Dossier    string     `json:"dossier"`
	Procedure  string     `json:"procedure_name"`
	From       string     `json:"from_agency"`
	Agency     string     `json:"agency_code"`
	AgencyName string     `json:"agency_name"`
	Question   string     `json:"question"`
	AskedBy    string     `json:"asked_by"`
	AskedAt    time.Time  `json:"asked_at"`
	DueAt      time.Time  `json:"due_at"`
	Answer     string     `json:"answer,omitempty"`
	AnsweredBy string     `json:"answered_by,omitempty"`
	AnsweredAt *time.Time `json:"answered_at,omitempty"`
	Overdue    bool       `json:"overdue"`
}

// ConsultInput asks an agency for its opinion within a number of working days.
type ConsultInput struct {
	Agency      string `json:"agency_code"`
	Question    string `json:"question"`
	WorkingDays int    `json:"working_days"`
}

// Consult sends a consultation from the specialist or leader handling an open dossier.
func (s *Store) Consult(ctx context.Context, actor *org.User, code string, in ConsultInput) (*Consultation, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	d, err := s.dossiers.Get(ctx, actor, code)
	if err != nil {
		return nil, err
	}
	if actor.Role != org.RoleSpecialist && actor.Role != org.RoleLeader {
		return nil, apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("forbidden.only_specialist_or_leader_handling_dossier"))
	}
	if closed[d.Status] || d.ReceivedAt == nil {
		return nil, conflict(msgs.Text("consult_only_while_dossier_is_being"))
	}
	in.Question = strings.TrimSpace(vntext.NFC(in.Question))
	var fe apperr.Fields
	target, err := s.org.Agency(ctx, in.Agency)
	switch {
	case err != nil:
		fe.Add("agency_code", msgs.Text("no_agency", in.Agency))
	case target.ID == d.AgencyID:
		fe.Add("agency_code", msgs.Text("agency_does_not_consult_itself"))
	}
	if in.Question == "" || utf8.RuneCountInString(in.Question) > 4000 {
		fe.Add("question", msgs.Text("state_question_at_most_4_000"))
	}
	if in.WorkingDays < 1 || in.WorkingDays > 30 {
		fe.Add("working_days", msgs.Text("answer_is_due_in_1_to"))
	}
	if err := fe.Err("invalid_consultation", msgs.Text("invalid_consultation")); err != nil {
		return nil, err
	}
	cal, err := s.cal.CalendarFor(ctx, target.Code)
	if err != nil {
		return nil, err
	}
	now := s.now()
	due, err := cal.Due(now, in.WorkingDays)
	if err != nil {
		return nil, err
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		id, err = db.InsertID(ctx, tx, `INSERT INTO consultations (dossier_id, agency_id, question, asked_by, asked_at, due_at)
			VALUES (?, ?, ?, ?, ?, ?)`, d.ID, target.ID, in.Question, actor.ID, now, due)
		if err != nil {
			return err
		}
		if err := dossier.AppendEvent(ctx, tx, d.ID, actor.ID, "consult", d.Status, d.Status, "Lấy ý kiến "+target.Name, now); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: actor.ID, Actor: actor.Username, Action: "dossier.consult",
			Object: d.Code, Detail: map[string]any{"agency": target.Code}})
	})
	if err != nil {
		return nil, err
	}
	return s.consultation(ctx, id)
}

// Answer records the consulted agency's opinion; any officer of that agency may answer, once.
func (s *Store) Answer(ctx context.Context, actor *org.User, id int64, answer string) (*Consultation, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	if !actor.Role.Officer() {
		return nil, apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("forbidden.only_officers_of_consulted_agency_answer"))
	}
	c, err := s.consultation(ctx, id)
	if err != nil {
		return nil, err
	}
	if actor.AgencyCode != c.Agency {
		return nil, errConsultationNotFound // another agency's request does not exist for this officer
	}
	if c.AnsweredAt != nil {
		return nil, conflict(msgs.Text("consultation_has_been_answered"))
	}
	answer = strings.TrimSpace(vntext.NFC(answer))
	if answer == "" || utf8.RuneCountInString(answer) > 8000 {
		return nil, apperr.Invalid("invalid_answer", msgs.Text("invalid_answer"),
			apperr.Field("answer", msgs.Text("give_opinion_at_most_8_000")))
	}
	now := s.now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE consultations SET answer = ?, answered_by = ?, answered_at = ? WHERE id = ? AND answered_at IS NULL`,
			answer, actor.ID, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return conflict(msgs.Text("consultation_has_been_answered"))
		}
		var did int64
		var st string
		if err := tx.QueryRow(ctx, `SELECT id, status FROM dossiers WHERE code = ?`, c.Dossier).Scan(&did, &st); err != nil {
			return err
		}
		if err := dossier.AppendEvent(ctx, tx, did, actor.ID, "consult_answer", dossier.Status(st), dossier.Status(st),
			"Ý kiến của "+c.AgencyName, now); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{ActorID: actor.ID, Actor: actor.Username, Action: "dossier.consult_answer",
			Object: c.Dossier, Detail: map[string]any{"consultation": id}})
	})
	if err != nil {
		return nil, err
	}
	return s.consultation(ctx, id)
}

var errConsultationNotFound = apperr.NotFound("consultation", msgs.Text("consultation_not_found"))

const consultCols = `c.id, d.code, d.procedure_code, fa.name, a.code, a.name, c.question, COALESCE(u.username, ''), c.asked_at,
	c.due_at, c.answer, COALESCE(v.username, ''), c.answered_at`

const consultFrom = ` FROM consultations c JOIN dossiers d ON d.id = c.dossier_id JOIN agencies a ON a.id = c.agency_id
	JOIN agencies fa ON fa.id = d.agency_id LEFT JOIN users u ON u.id = c.asked_by LEFT JOIN users v ON v.id = c.answered_by`

func (s *Store) scanConsultation(sc interface{ Scan(...any) error }) (*Consultation, error) {
	var c Consultation
	var proc string
	var answered sql.NullTime
	if err := sc.Scan(&c.ID, &c.Dossier, &proc, &c.From, &c.Agency, &c.AgencyName, &c.Question, &c.AskedBy, &c.AskedAt,
		&c.DueAt, &c.Answer, &c.AnsweredBy, &answered); err != nil {
		return nil, err
	}
	c.Procedure = proc
	if p, err := s.catalog.Current(context.Background(), proc); err == nil {
		c.Procedure = p.Name
	}
	c.AskedAt, c.DueAt = c.AskedAt.In(vnZone), c.DueAt.In(vnZone)
	if answered.Valid {
		t := answered.Time.In(vnZone)
		c.AnsweredAt = &t
	}
	c.Overdue = c.AnsweredAt == nil && s.now().After(c.DueAt)
	return &c, nil
}

func (s *Store) consultation(ctx context.Context, id int64) (*Consultation, error) {
	c, err := s.scanConsultation(s.db.QueryRow(ctx, `SELECT `+consultCols+consultFrom+` WHERE c.id = ?`, id))
	if errors.Is(err, db.ErrNotFound) {
		return nil, errConsultationNotFound
	}
	return c, err
}

// Consultations lists the open requests addressed to the officer's agency, soonest due first,
// and those of a dossier when code is given (for its handling officers).
func (s *Store) Consultations(ctx context.Context, actor *org.User, code string) ([]*Consultation, error) {
	if actor == nil {
		return nil, org.ErrUnauthenticated
	}
	q, args := ` WHERE c.agency_id = ? AND c.answered_at IS NULL ORDER BY c.due_at`, []any{actor.AgencyID}
	if code != "" {
		d, err := s.dossiers.Get(ctx, actor, code)
		if err != nil {
			return nil, err
		}
		if !dossier.Whole(actor, d) {
			return []*Consultation{}, nil // consultations stay within the agencies
		}
		q, args = ` WHERE c.dossier_id = ? ORDER BY c.id`, []any{d.ID}
	} else if !actor.Role.Officer() {
		return nil, apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("forbidden.for_officers_only"))
	}
	rows, err := s.db.Query(ctx, `SELECT `+consultCols+consultFrom+q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Consultation{}
	for rows.Next() {
		c, err := s.scanConsultation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

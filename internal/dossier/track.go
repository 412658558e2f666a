package dossier

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
)

// Tracking is what anyone with a dossier code may see: status and dates, no personal data.
type Tracking struct {
	Code        string
	Procedure   string
	Agency      string
	Status      Status
	StatusCode  int
	SubmittedAt time.Time
	ReceivedAt  *time.Time
	DueAt       *time.Time
	FinishedAt  *time.Time
	// Details are shown only once the visitor proves to be the applicant.
	Details *Dossier
}

// Track returns a dossier's public status by code. With proof — the applicant's phone number
// or ID number (CCCD), as recorded or as given in the application — it adds the dossier's
// details and history. A wrong proof is answered like a missing one, so the page reveals
// nothing by it.
func (s *Store) Track(ctx context.Context, code, proof string) (*Tracking, error) {
	code = strings.TrimSpace(code)
	if code == "" || len(code) > 64 {
		return nil, apperr.Invalid("invalid_code", msgs.Text("invalid_code"),
			apperr.Field("code", msgs.Text("enter_dossier_code_printed_on_receipt")))
	}
	proof = normalizeProof(proof)
	var d *Dossier
	var err error
	if proof == "" {
		d, err = s.loadStatus(ctx, code)
	} else {
		d, err = s.load(ctx, s.db, code)
	}
	if err != nil {
		return nil, err
	}
	t := &Tracking{Code: d.Code, Procedure: d.ProcedureName, Agency: d.AgencyName, Status: d.Status, StatusCode: d.StatusCode,
		SubmittedAt: d.SubmittedAt, ReceivedAt: d.ReceivedAt, DueAt: d.DueAt, FinishedAt: d.FinishedAt}
	if proof != "" && slices.Contains(proofs(d), proof) {
		if err := s.fill(ctx, d); err != nil {
			return nil, err
		}
		d.forApplicant()
		t.Details = d
	}
	return t, nil
}

// loadStatus reads what Track shows anyone of the dossier code: its status and dates, without
// the application's form and the applicant (issue 15: the busy day's look-ups by code, most of
// them from a receipt's QR code without proof, read only the columns they show).
func (s *Store) loadStatus(ctx context.Context, code string) (*Dossier, error) {
	var d Dossier
	var st string
	var recv, due, fin sql.NullTime
	err := s.db.QueryRow(ctx, `SELECT d.code, d.procedure_code, a.name, d.status, d.status_code, d.submitted_at,
		d.received_at, d.due_at, d.finished_at FROM dossiers d JOIN agencies a ON a.id = d.agency_id WHERE d.code = ?`, code).
		Scan(&d.Code, &d.ProcedureCode, &d.AgencyName, &st, &d.StatusCode, &d.SubmittedAt, &recv, &due, &fin)
	if errors.Is(err, db.ErrNotFound) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	d.Status = Status(st)
	d.ReceivedAt, d.DueAt, d.FinishedAt = timeOrNil(recv), timeOrNil(due), timeOrNil(fin)
	if p, err := s.catalog.Current(ctx, d.ProcedureCode); err == nil {
		d.ProcedureName = p.Name
	}
	d.localize()
	return &d, nil
}

// proofs are what proves a visitor to be d's applicant: the phone and ID number recorded for
// the applicant, and those typed into the application's own details (formschema.ApplicantValues).
func proofs(d *Dossier) []string {
	return append([]string{normalizeProof(d.Applicant.Phone), normalizeProof(d.Applicant.IDNumber)}, formProofs(d.Form)...)
}

// normalizeProof lets "0912 345 678", "+84912345678" and "84912345678" match one another.
func normalizeProof(p string) string {
	p = strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, p)
	if strings.HasPrefix(p, "84") && len(p) == 11 {
		p = "0" + p[2:]
	}
	return p
}

package esign

import (
	"context"
	"fmt"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/workflow"
)

// ResultDocument is the workflow's Result hook for signed results: at approval it lays out the
// result notice with a QR code to its verification page, signs it with the agency's key (both
// before the approval's transaction, as the workflow does with every generated document), and
// registers it in that transaction once the file's row is written. The result is attached to
// the dossier as kind "result", which puts it in the citizen's document store.
func (s *Store) ResultDocument(ctx context.Context, d *dossier.Dossier) (*workflow.ResultDocument, error) {
	serial := NewSerial()
	name, pdf, err := s.workflow.ResultNoticePDF(ctx, d, s.VerifyURL(serial))
	if err != nil {
		return nil, err
	}
	agency, err := s.org.Agency(ctx, d.AgencyCode)
	if err != nil {
		return nil, err
	}
	at := s.now()
	signed, err := s.Seal(ctx, agency, pdf, SignInfo{Name: agency.Name, Reason: "Kết quả giải quyết hồ sơ " + d.Code,
		Location: s.place(ctx, agency.Code), Contact: s.VerifyURL(serial)}, at)
	if err != nil {
		return nil, fmt.Errorf("esign: result of %s: %w", d.Code, err)
	}
	return &workflow.ResultDocument{Name: name, Content: signed, Issue: func(ctx context.Context, tx *db.Tx, f *dossier.File) error {
		return Register(ctx, tx, Issue{Serial: serial, Kind: KindResult, DossierID: d.ID, AgencyID: agency.ID, File: f, IssuedAt: at})
	}}, nil
}

package dossier_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
)

// TestSubmitAlternatives: a required "one of" group is satisfied by any one member. Khai tử
// (1.000656) takes the death notice or, for a death long ago, the documents proving it.
func TestSubmitAlternatives(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		p, err := f.cat.Current(ctx, "1.000656")
		if err != nil {
			t.Fatal(err)
		}
		form, err := demo.SampleForm(p, false)
		if err != nil {
			t.Fatal(err)
		}
		with := func(ids ...string) dossier.SubmitInput {
			in := dossier.SubmitInput{ProcedureCode: p.Code, AgencyCode: "00070", Form: form}
			for _, id := range ids {
				in.Attachments = append(in.Attachments, dossier.AttachmentInput{Component: id, File: f.upload(t, f.citizen, id+".pdf", pdf).ID})
			}
			return in
		}
		if _, err := f.s.Submit(ctx, f.citizen, with("giay-to-tuy-than"), ""); apperr.KindOf(err) != apperr.KindUnprocessable {
			t.Errorf("neither the death notice nor its alternative: %v; want unprocessable", err)
		}
		if _, err := f.s.Submit(ctx, f.citizen, with("giay-to-tuy-than", "giay-to-chung-minh-su-kien-chet"), ""); err != nil {
			t.Errorf("the alternative to the death notice: %v", err)
		}
		if _, err := f.s.Submit(ctx, f.citizen, with("giay-to-tuy-than", "giay-bao-tu"), ""); err != nil {
			t.Errorf("the death notice: %v", err)
		}
	})
}

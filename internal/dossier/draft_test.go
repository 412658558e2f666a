package dossier_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/dossier"
)

// TestSubmitDraft checks that submitting a draft and deleting it are one transaction: a
// submission that fails keeps the draft, one that succeeds removes it, and the draft cannot
// be submitted twice, even at once.
func TestSubmitDraft(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		count := func() int {
			var n int
			if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM dossiers WHERE applicant_id = ?`, f.citizen.ID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		in := f.application(t, f.citizen)
		bad := in
		bad.Form = json.RawMessage(`{}`)
		draft, err := f.s.SaveDraft(ctx, f.citizen, "", bad)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SubmitDraft(ctx, f.citizen, draft.ID, ""); apperr.KindOf(err) != apperr.KindUnprocessable {
			t.Fatalf("SubmitDraft(incomplete) = %v; want 422", err)
		}
		if _, err := f.s.Draft(ctx, f.citizen, draft.ID); err != nil {
			t.Fatalf("after a failed submission the draft is gone: %v", err)
		}
		if _, err := f.s.SubmitDraft(ctx, f.other, draft.ID, ""); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("SubmitDraft(someone else's) = %v; want not found", err)
		}
		if _, err := f.s.SaveDraft(ctx, f.citizen, draft.ID, in); err != nil {
			t.Fatal(err)
		}
		out, err := f.s.SubmitDraft(ctx, f.citizen, draft.ID, "draft-key")
		if err != nil {
			t.Fatalf("SubmitDraft = %v", err)
		}
		if _, err := f.s.Draft(ctx, f.citizen, draft.ID); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("after submission Draft = %v; want not found", err)
		}
		if _, err := f.s.Get(ctx, f.citizen, out.Code); err != nil {
			t.Errorf("the submitted dossier: %v", err)
		}
		if _, err := f.s.SubmitDraft(ctx, f.citizen, draft.ID, "another-key"); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("second SubmitDraft = %v; want not found", err)
		}
		if n := count(); n != 1 {
			t.Errorf("the citizen has %d dossiers; want 1", n)
		}

		// Two submissions of one draft at once, with different keys: the draft's deletion is
		// in each transaction, so the one that finds it gone creates nothing.
		twin, err := f.s.SaveDraft(ctx, f.citizen, "", in)
		if err != nil {
			t.Fatal(err)
		}
		errs := make(chan error, 2)
		for _, key := range []string{"twin-1", "twin-2"} {
			go func() {
				_, err := f.s.SubmitDraft(ctx, f.citizen, twin.ID, key)
				errs <- err
			}()
		}
		ok := 0
		for range 2 {
			switch err := <-errs; {
			case err == nil:
				ok++
			case apperr.KindOf(err) != apperr.KindNotFound:
				t.Errorf("concurrent SubmitDraft = %v; want success or not found", err)
			}
		}
		if n := count(); ok != 1 || n != 2 {
			t.Errorf("concurrent submissions of one draft: %d succeeded, %d dossiers; want 1 and 2", ok, n)
		}
	})
}

// TestDraftBounds: a draft's form is bounded (413) and so is the number of drafts a citizen
// keeps (422); issue 10 found a 30 MB draft and 110 drafts of one citizen.
func TestDraftBounds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		in := f.application(t, f.citizen)
		big := in
		big.Form = json.RawMessage(`{"x":"` + strings.Repeat("a", dossier.MaxDraftForm) + `"}`)
		if _, err := f.s.SaveDraft(ctx, f.citizen, "", big); apperr.KindOf(err) != apperr.KindTooLarge {
			t.Fatalf("SaveDraft(%d KB form) = %v; want 413", len(big.Form)>>10, err)
		}
		long := in
		long.AgencyCode = strings.Repeat("1", 65)
		if _, err := f.s.SaveDraft(ctx, f.citizen, "", long); apperr.KindOf(err) != apperr.KindUnprocessable {
			t.Fatalf("SaveDraft(65-character agency) = %v; want 422", err)
		}
		var first *dossier.Draft
		for i := range dossier.MaxDrafts {
			dr, err := f.s.SaveDraft(ctx, f.citizen, "", in)
			if err != nil {
				t.Fatalf("SaveDraft #%d: %v", i+1, err)
			}
			if first == nil {
				first = dr
			}
		}
		if _, err := f.s.SaveDraft(ctx, f.citizen, "", in); apperr.KindOf(err) != apperr.KindUnprocessable {
			t.Fatalf("SaveDraft #%d = %v; want 422", dossier.MaxDrafts+1, err)
		}
		// Replacing a kept draft is still allowed, and another citizen is not counted against.
		if _, err := f.s.SaveDraft(ctx, f.citizen, first.ID, in); err != nil {
			t.Fatalf("SaveDraft(replace) = %v", err)
		}
		if _, err := f.s.SaveDraft(ctx, f.other, "", f.application(t, f.other)); err != nil {
			t.Fatalf("SaveDraft(other citizen) = %v", err)
		}
		if err := f.s.DeleteDraft(ctx, f.citizen, first.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SaveDraft(ctx, f.citizen, "", in); err != nil {
			t.Fatalf("SaveDraft after a delete = %v", err)
		}
	})
}

// TestSubmissionsAudited: a citizen's online submission, directly or from a draft, is in the
// audit log, written in the submission's transaction (issue 10 finding 13: it was not).
func TestSubmissionsAudited(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		direct, err := f.s.Submit(ctx, f.citizen, f.application(t, f.citizen), "")
		if err != nil {
			t.Fatal(err)
		}
		draft, err := f.s.SaveDraft(ctx, f.citizen, "", f.application(t, f.citizen))
		if err != nil {
			t.Fatal(err)
		}
		fromDraft, err := f.s.SubmitDraft(ctx, f.citizen, draft.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, code := range []string{direct.Code, fromDraft.Code} {
			recs, err := audit.List(ctx, d, audit.Filter{Object: code, Action: "dossier.submit"})
			if err != nil || len(recs) != 1 || recs[0].Actor != f.citizen.Username {
				t.Fatalf("audit dossier.submit of %s = %+v, %v; want one by %s", code, recs, err, f.citizen.Username)
			}
		}
		recs, _ := audit.List(ctx, d, audit.Filter{Object: fromDraft.Code})
		if !strings.Contains(string(recs[0].Detail), draft.ID) {
			t.Errorf("audit detail %s does not name draft %s", recs[0].Detail, draft.ID)
		}
		if rep, err := audit.Verify(ctx, d); err != nil || !rep.Intact() {
			t.Errorf("audit verify = %+v, %v", rep, err)
		}
	})
}

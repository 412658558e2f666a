package workflow_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/workflow"
)

// TestInternalEvents checks that the workflow's internal events are the ones the dossier hides
// from applicants.
func TestInternalEvents(t *testing.T) {
	for _, a := range []string{workflow.Assign, workflow.Forward, "consult", "consult_answer", "sla_" + workflow.SLADueSoon, "sla_" + workflow.SLAOverdue} {
		if !dossier.InternalEvent(a) {
			t.Errorf("InternalEvent(%q) = false; want true", a)
		}
	}
	for _, a := range []string{workflow.Receive, workflow.RequestSupplement, workflow.Approve, workflow.Refuse, workflow.Extend} {
		if dossier.InternalEvent(a) {
			t.Errorf("InternalEvent(%q) = true; want false", a)
		}
	}
}

// TestApplicantSees forwards a dossier with a note and a working file, then reads it as its
// applicant (signed in, and by tracking with the phone number) and as the officer.
func TestApplicantSees(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		code := f.submit(t)
		f.act(t, "tiepnhan", code, workflow.ActionInput{Action: workflow.Receive})
		file, err := f.ds.Upload(ctx, f.users["chuyenvien"], "to-trinh.pdf", bytes.NewReader(pdf))
		if err != nil {
			t.Fatal(err)
		}
		const note = "Ghi chú nội bộ"
		f.act(t, "chuyenvien", code, workflow.ActionInput{Action: workflow.Forward, Note: note,
			Attachments: []dossier.AttachmentInput{{File: file.ID}}})

		leaks := func(d *dossier.Dossier) []string {
			var out []string
			for _, e := range d.History {
				if e.Action == workflow.Forward || strings.Contains(e.Note, note) || strings.HasPrefix(e.Note, "Giao cho") {
					out = append(out, "event "+e.Action+": "+e.Note)
				}
			}
			for _, a := range d.Attachments {
				if a.File == file.ID {
					out = append(out, "working file")
				}
			}
			return out
		}
		officer, err := f.wf.Get(ctx, f.users["chuyenvien"], code)
		if err != nil {
			t.Fatal(err)
		}
		if len(leaks(officer)) == 0 {
			t.Fatal("the officer does not see the hand-over")
		}
		mine, err := f.wf.Get(ctx, f.users["congdan"], code)
		if err != nil {
			t.Fatal(err)
		}
		if l := leaks(mine); len(l) > 0 {
			t.Errorf("the applicant sees %v", l)
		}
		if _, err := f.ds.File(ctx, f.users["congdan"], file.ID); err == nil {
			t.Error("the applicant may read the working file")
		}
		if _, err := f.ds.File(ctx, f.users["tiepnhan"], file.ID); err != nil {
			t.Errorf("an officer of the agency may not read the working file: %v", err)
		}
		if cs, err := f.wf.Consultations(ctx, f.users["congdan"], code); err != nil || len(cs) != 0 {
			t.Errorf("the applicant's consultations = %v, %v", cs, err)
		}
		if _, err := f.wf.ControlSlipPDF(ctx, f.users["congdan"], code); err == nil {
			t.Error("the applicant may print the control slip")
		}
		docs, err := f.ds.Documents(ctx, f.users["congdan"])
		if err != nil {
			t.Fatal(err)
		}
		for _, doc := range docs {
			if doc.ID == file.ID {
				t.Error("the working file is in the applicant's documents")
			}
		}
	})
}

// TestTrackerSees checks the tracking path: proof by phone shows the details without what
// stays within the agency.
func TestTrackerSees(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		p, _ := f.cat.Current(ctx, "1.001193")
		form, _ := demo.SampleForm(p, false)
		out, err := f.ds.Register(ctx, f.users["tiepnhan"], dossier.RegisterInput{
			SubmitInput: dossier.SubmitInput{ProcedureCode: p.Code, AgencyCode: "00070", Form: form},
			Applicant:   dossier.ApplicantInput{Name: "Lê Văn Cường", Phone: "0912 345 678"}}, "")
		if err != nil {
			t.Fatal(err)
		}
		f.act(t, "tiepnhan", out.Code, workflow.ActionInput{Action: workflow.Receive})
		f.act(t, "chuyenvien", out.Code, workflow.ActionInput{Action: workflow.Forward, Note: "Ghi chú nội bộ"})
		tr, err := f.ds.Track(ctx, out.Code, "0912345678")
		if err != nil || tr.Details == nil {
			t.Fatalf("Track with proof = %+v, %v", tr, err)
		}
		for _, e := range tr.Details.History {
			if e.Action == workflow.Forward || e.Note == "Ghi chú nội bộ" || e.ActorName != "" && e.Action == workflow.Assign {
				t.Errorf("tracking shows the internal event %+v", e)
			}
		}
	})
}

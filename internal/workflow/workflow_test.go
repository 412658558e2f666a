package workflow_test

import (
	"bytes"
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/workflow"
)

type fixture struct {
	d     *db.DB
	ds    *dossier.Store
	wf    *workflow.Store
	cat   *catalog.Store
	users map[string]*org.User
	clock time.Time
}

var pdf = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	os, cs := org.NewStore(d), catalog.NewStore(d)
	if err := demo.Seed(ctx, slog.New(slog.DiscardHandler), os, identity.NewStore(d), cs); err != nil {
		t.Fatal(err)
	}
	f := &fixture{d: d, cat: cs, users: map[string]*org.User{}}
	cal := calendar.NewStore(d, nil)
	f.ds = dossier.NewStore(dossier.Config{DB: d, Catalog: cs, Org: os, Calendar: cal, Blobs: dossier.DiskStore{Dir: t.TempDir()}, Links: dossier.Links{Track: "https://x/tra-cuu?ma={code}"}})
	f.wf = workflow.NewStore(workflow.Config{DB: d, Dossiers: f.ds, Catalog: cs, Org: os, Calendar: cal})
	for _, a := range demo.Accounts {
		u, err := os.User(ctx, a.Username)
		if err != nil {
			t.Fatal(err)
		}
		f.users[a.Username] = u
	}
	return f
}

// submit files a khai sinh application for congdan at Hoàn Kiếm.
func (f *fixture) submit(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	u := f.users["congdan"]
	p, _ := f.cat.Current(ctx, "1.001193")
	form, _ := demo.SampleForm(p, false)
	in := dossier.SubmitInput{ProcedureCode: p.Code, AgencyCode: "00070", Form: form}
	for _, c := range p.Components {
		if c.Required && !dossier.FormOnly(c) {
			file, err := f.ds.Upload(ctx, u, c.ID+".pdf", bytes.NewReader(pdf))
			if err != nil {
				t.Fatal(err)
			}
			in.Attachments = append(in.Attachments, dossier.AttachmentInput{Component: c.ID, File: file.ID})
		}
	}
	out, err := f.ds.Submit(ctx, u, in, "")
	if err != nil {
		t.Fatal(err)
	}
	return out.Code
}

func (f *fixture) act(t *testing.T, who, code string, in workflow.ActionInput) *dossier.Dossier {
	t.Helper()
	d, err := f.wf.Act(context.Background(), f.users[who], code, in)
	if err != nil {
		t.Fatalf("%s %s: %v", who, in.Action, err)
	}
	return d
}

func (f *fixture) refused(t *testing.T, who, code string, in workflow.ActionInput, want apperr.Kind) {
	t.Helper()
	var u *org.User
	if who != "" {
		u = f.users[who]
	}
	_, err := f.wf.Act(context.Background(), u, code, in)
	if apperr.KindOf(err) != want {
		t.Errorf("%s %s: %v; want kind %d", who, in.Action, err, want)
	}
}

func (f *fixture) allowed(t *testing.T, who, code string) []string {
	t.Helper()
	d, err := f.wf.Get(context.Background(), f.users[who], code)
	if err != nil {
		t.Fatalf("Get as %s: %v", who, err)
	}
	return d.AllowedActions
}

func TestHappyPath(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		code := f.submit(t)
		if got := f.allowed(t, "tiepnhan", code); !slices.Equal(got, []string{"receive", "reject_reception", "request_supplement"}) {
			t.Errorf("reception allowed = %v", got)
		}
		if got := f.allowed(t, "congdan", code); !slices.Equal(got, []string{"withdraw"}) {
			t.Errorf("applicant allowed = %v", got)
		}
		// Who may not: 403 for a role that never receives, 404 for another agency's officer.
		f.refused(t, "congdan", code, workflow.ActionInput{Action: "receive"}, apperr.KindForbidden)
		f.refused(t, "lanhdao", code, workflow.ActionInput{Action: "receive"}, apperr.KindForbidden)
		f.refused(t, "tiepnhan2", code, workflow.ActionInput{Action: "receive"}, apperr.KindNotFound)
		f.refused(t, "congdan2", code, workflow.ActionInput{Action: "withdraw"}, apperr.KindNotFound)
		f.refused(t, "", code, workflow.ActionInput{Action: "receive"}, apperr.KindUnauthenticated)
		// Not now: 409.
		f.refused(t, "tiepnhan", code, workflow.ActionInput{Action: "return_result"}, apperr.KindConflict)

		dd := f.act(t, "tiepnhan", code, workflow.ActionInput{Action: "receive"})
		if dd.Status != dossier.StatusProcessing || dd.StatusCode != 4 || dd.DueAt == nil || dd.ReceivedAt == nil {
			t.Fatalf("after receive: %s %d due %v", dd.Status, dd.StatusCode, dd.DueAt)
		}
		f.refused(t, "tiepnhan", code, workflow.ActionInput{Action: "receive"}, apperr.KindConflict)
		if got := f.allowed(t, "chuyenvien", code); !slices.Contains(got, "forward") {
			t.Errorf("specialist allowed = %v", got)
		}
		f.act(t, "chuyenvien", code, workflow.ActionInput{Action: "forward", Note: "Đủ điều kiện, đề nghị phê duyệt"})
		dd = f.act(t, "lanhdao", code, workflow.ActionInput{Action: "approve"})
		if dd.Status != dossier.StatusDone || dd.StatusCode != 9 || dd.FinishedAt == nil {
			t.Fatalf("after approve: %s", dd.Status)
		}
		f.refused(t, "congdan", code, workflow.ActionInput{Action: "withdraw"}, apperr.KindConflict)
		dd = f.act(t, "tiepnhan", code, workflow.ActionInput{Action: "return_result"})
		if dd.Status != dossier.StatusReturned || dd.StatusCode != 10 {
			t.Fatalf("after return: %s", dd.Status)
		}
		var actions []string
		for _, e := range dd.History {
			actions = append(actions, e.Action+":"+string(e.To))
		}
		want := "submit:submitted receive:received assign:processing forward:processing approve:done return_result:returned"
		if got := strings.Join(actions, " "); got != want {
			t.Errorf("history = %s; want %s", got, want)
		}
		f.refused(t, "tiepnhan", code, workflow.ActionInput{Action: "return_result"}, apperr.KindConflict)
		// The applicant sees every change of status, not the agency's internal hand-overs.
		mine, err := f.wf.Get(context.Background(), f.users["congdan"], code)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range mine.History {
			if e.Action == "forward" || strings.Contains(e.Note, "Giao cho") {
				t.Errorf("the applicant sees an internal event: %+v", e)
			}
		}
		if mine.Progress != nil || dd.Progress == nil || dd.Progress.Step != "closed" {
			t.Errorf("progress: applicant %+v, officer %+v", mine.Progress, dd.Progress)
		}
		isPDF(t, "Mẫu 05")(f.wf.ControlSlipPDF(context.Background(), f.users["tiepnhan"], code))
		if xlsx, err := f.wf.ControlSlipXLSX(context.Background(), f.users["tiepnhan"], code); err != nil || !bytes.HasPrefix(xlsx, []byte("PK")) {
			t.Errorf("control slip XLSX: %v", err)
		}
		now := time.Now()
		isPDF(t, "Mẫu 06")(f.wf.Register(context.Background(), f.users["tiepnhan"], now.AddDate(0, 0, -1), now, "pdf"))
		if xlsx, err := f.wf.Register(context.Background(), f.users["tiepnhan"], now.AddDate(0, 0, -1), now, "xlsx"); err != nil || !bytes.HasPrefix(xlsx, []byte("PK")) {
			t.Errorf("register XLSX: %v", err)
		}
		// The applicant was told of each change (submitted, received, done, returned) by e-mail/SMS where known.
		if pdf, err := f.wf.ReceiptPDF(context.Background(), f.users["congdan"], code); err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
			t.Errorf("receipt: %v", err)
		}
		// Every action, the online submission included, is in the audit chain, which verifies intact.
		recs, err := audit.List(context.Background(), d, audit.Filter{Object: code})
		if err != nil || len(recs) != 5 {
			t.Errorf("audit records for %s = %d, %v; want 5", code, len(recs), err)
		}
		if rep, err := audit.Verify(context.Background(), d); err != nil || !rep.Intact() {
			t.Errorf("audit verify = %+v, %v", rep, err)
		}
	})
}

func TestSupplementRefusalWithdrawalExtension(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()

		// Supplement: once, with its reason; the citizen's supplement restarts the clock.
		code := f.submit(t)
		f.act(t, "tiepnhan", code, workflow.ActionInput{Action: "receive"})
		f.refused(t, "chuyenvien", code, workflow.ActionInput{Action: "request_supplement"}, apperr.KindUnprocessable)
		dd := f.act(t, "chuyenvien", code, workflow.ActionInput{Action: "request_supplement", Note: "Bổ sung bản sao giấy chứng sinh có chứng thực"})
		if dd.Status != dossier.StatusSupplement || dd.StatusCode != 5 {
			t.Fatalf("after request_supplement: %s", dd.Status)
		}
		isPDF(t, "Mẫu 02")(f.wf.SupplementPDF(ctx, f.users["congdan"], code))
		if _, err := f.wf.RefusalPDF(ctx, f.users["congdan"], code); apperr.KindOf(err) != apperr.KindConflict {
			t.Errorf("refusal of a dossier not refused: %v; want conflict", err)
		}
		if got := f.allowed(t, "congdan", code); !slices.Contains(got, "supplement") {
			t.Errorf("applicant allowed = %v; want supplement", got)
		}
		f.refused(t, "chuyenvien", code, workflow.ActionInput{Action: "forward"}, apperr.KindConflict)
		file, _ := f.ds.Upload(ctx, f.users["congdan"], "bo-sung.pdf", bytes.NewReader(pdf))
		dd = f.act(t, "congdan", code, workflow.ActionInput{Action: "supplement", Note: "Đã bổ sung",
			Attachments: []dossier.AttachmentInput{{Component: "giay-chung-sinh", File: file.ID}}})
		if dd.Status != dossier.StatusProcessing {
			t.Fatalf("after supplement: %s", dd.Status)
		}
		f.refused(t, "chuyenvien", code, workflow.ActionInput{Action: "request_supplement", Note: "lần hai"}, apperr.KindConflict)

		// Refusal: needs reasons, ends the dossier.
		f.act(t, "chuyenvien", code, workflow.ActionInput{Action: "forward"})
		f.refused(t, "lanhdao", code, workflow.ActionInput{Action: "refuse"}, apperr.KindUnprocessable)
		dd = f.act(t, "lanhdao", code, workflow.ActionInput{Action: "refuse", Note: "Giấy chứng sinh không hợp lệ"})
		if dd.Status != dossier.StatusRefused || dd.StatusCode != 8 {
			t.Fatalf("after refuse: %s", dd.Status)
		}
		isPDF(t, "Mẫu 03")(f.wf.RefusalPDF(ctx, f.users["congdan"], code))
		f.refused(t, "lanhdao", code, workflow.ActionInput{Action: "approve"}, apperr.KindConflict)

		// Withdrawal by the applicant before a decision.
		code = f.submit(t)
		f.act(t, "tiepnhan", code, workflow.ActionInput{Action: "receive"})
		dd = f.act(t, "congdan", code, workflow.ActionInput{Action: "withdraw", Note: "Không còn nhu cầu"})
		if dd.Status != dossier.StatusWithdrawn || dd.StatusCode != 7 {
			t.Fatalf("after withdraw: %s", dd.Status)
		}

		// Reception refusal (Mẫu 03) before receipt.
		code = f.submit(t)
		dd = f.act(t, "tiepnhan", code, workflow.ActionInput{Action: "reject_reception", Note: "Không thuộc thẩm quyền"})
		if dd.Status != dossier.StatusRejected || dd.StatusCode != 3 {
			t.Fatalf("after reject_reception: %s", dd.Status)
		}

		// Extension: once, at least a working day before the due date, to a later date. Khai
		// sinh is a same-day procedure, so use marriage registration… which has no published
		// time; give the dossier a far due date directly.
		code = f.submit(t)
		f.act(t, "tiepnhan", code, workflow.ActionInput{Action: "receive"})
		far := time.Now().AddDate(0, 0, 20)
		if _, err := d.Exec(ctx, `UPDATE dossiers SET due_at = ? WHERE code = ?`, far, code); err != nil {
			t.Fatal(err)
		}
		f.refused(t, "chuyenvien", code, workflow.ActionInput{Action: "extend", Note: "Cần xác minh", NewDue: "2020-01-01"}, apperr.KindUnprocessable)
		// The refusal names the current date as people read it, dd/mm/yyyy in both languages.
		_, err := f.wf.Act(ctx, f.users["chuyenvien"], code, workflow.ActionInput{Action: "extend", Note: "Cần xác minh", NewDue: "2020-01-01"})
		if e, ok := apperr.As(err); !ok || len(e.Fields) != 1 || !strings.Contains(e.Fields[0].MessageEn, "("+far.In(vntime.Location()).Format("02/01/2006")+")") ||
			!strings.Contains(e.Fields[0].Message, "("+far.In(vntime.Location()).Format("02/01/2006")+")") {
			t.Errorf("extend to an earlier date: %v; want the current date as dd/mm/yyyy", err)
		}
		newDue := far.AddDate(0, 0, 5).Format("2006-01-02")
		dd = f.act(t, "chuyenvien", code, workflow.ActionInput{Action: "extend", Note: "Cần xác minh thêm với cơ quan khác", NewDue: newDue})
		if dd.DueAt == nil || dd.DueAt.Format("2006-01-02") != newDue {
			t.Errorf("due after extend = %v; want %s", dd.DueAt, newDue)
		}
		isPDF(t, "Mẫu 04")(f.wf.ApologyPDF(ctx, f.users["congdan"], code))
		f.refused(t, "chuyenvien", code, workflow.ActionInput{Action: "extend", Note: "lần hai", NewDue: far.AddDate(0, 1, 0).Format("2006-01-02")}, apperr.KindConflict)
		// Too late to apologise: due within the next working day.
		code = f.submit(t)
		f.act(t, "tiepnhan", code, workflow.ActionInput{Action: "receive"})
		// Due one office hour from now, whatever the hour the test runs at (out of office hours,
		// a minute from now would lie before the next session).
		cal, err := calendar.NewStore(d, nil).CalendarFor(ctx, "00070")
		if err != nil {
			t.Fatal(err)
		}
		soon, err := cal.DueHours(time.Now(), time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `UPDATE dossiers SET due_at = ? WHERE code = ?`, soon, code); err != nil {
			t.Fatal(err)
		}
		f.refused(t, "chuyenvien", code, workflow.ActionInput{Action: "extend", Note: "x", NewDue: far.Format("2006-01-02")}, apperr.KindConflict)
	})
}

func TestInbox(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		a, b := f.submit(t), f.submit(t)
		in, err := f.wf.Inbox(ctx, f.users["tiepnhan"], workflow.InboxFilter{})
		if err != nil || in.Total != 2 || in.Items[0].Code != a || in.Counts["all"] != 2 {
			t.Fatalf("reception inbox = %+v, %v", in, err)
		}
		if in, _ := f.wf.Inbox(ctx, f.users["tiepnhan2"], workflow.InboxFilter{}); in.Total != 0 {
			t.Errorf("another ward's reception sees %d", in.Total)
		}
		f.act(t, "tiepnhan", b, workflow.ActionInput{Action: "receive"})
		in, _ = f.wf.Inbox(ctx, f.users["chuyenvien"], workflow.InboxFilter{})
		if in.Total != 1 || in.Items[0].Code != b || in.Items[0].Assignee != "chuyenvien" {
			t.Errorf("specialist inbox = %+v", in)
		}
		if _, err := f.wf.Inbox(ctx, f.users["congdan"], workflow.InboxFilter{}); apperr.KindOf(err) != apperr.KindForbidden {
			t.Errorf("citizen inbox: %v; want forbidden", err)
		}
		if _, err := f.wf.Inbox(ctx, f.users["tiepnhan"], workflow.InboxFilter{Due: "soon"}); apperr.KindOf(err) != apperr.KindInvalid {
			t.Errorf("bad filter: %v; want invalid", err)
		}
	})
}

func TestDefinitionValidation(t *testing.T) {
	if err := workflow.Default().Validate(); err != nil {
		t.Fatalf("default process: %v", err)
	}
	tests := []struct {
		name string
		edit func(d *workflow.Definition)
		path string
	}{
		{"budgets", func(d *workflow.Definition) { d.Steps[0].BudgetPercent = 50 }, "steps"},
		{"unknown target", func(d *workflow.Definition) { d.Steps[1].Actions[0].To = "nowhere" }, "steps[1].actions[0].to"},
		{"unreachable step", func(d *workflow.Definition) {
			d.Steps = append(d.Steps, workflow.Step{ID: "orphan", Name: "x", Role: org.RoleLeader, Status: dossier.StatusProcessing,
				Actions: []workflow.Transition{{Action: "approve", To: "#returned"}}})
		}, "steps[4]"},
		{"no way out", func(d *workflow.Definition) { d.Steps[3].Actions = nil }, "steps[3]"},
		{"bad role", func(d *workflow.Definition) { d.Steps[0].Role = org.RoleCitizen }, "steps[0].role"},
		{"bad action", func(d *workflow.Definition) { d.Steps[0].Actions[0].Action = "teleport" }, "steps[0].actions[0].action"},
		// Issue 10 finding 4: targets that exist but the engine cannot run.
		{"receive to an end", func(d *workflow.Definition) { d.Steps[0].Actions[0].To = "#returned" }, "steps[0].actions[0].to"},
		{"forward to supplement", func(d *workflow.Definition) { d.Steps[1].Actions[0].To = "#supplement" }, "steps[1].actions[0].to"},
		{"reject to a step", func(d *workflow.Definition) { d.Steps[0].Actions[1].To = "processing" }, "steps[0].actions[1].to"},
		{"refuse to returned", func(d *workflow.Definition) { d.Steps[2].Actions[1].To = "#returned" }, "steps[2].actions[1].to"},
		{"supplement to a step", func(d *workflow.Definition) { d.Steps[0].Actions[2].To = "processing" }, "steps[0].actions[2].to"},
		{"assign to an end", func(d *workflow.Definition) { d.Steps[1].Actions[2].To = "#returned" }, "steps[1].actions[2].to"},
		{"only assign out", func(d *workflow.Definition) { d.Steps[1].Actions = d.Steps[1].Actions[2:] }, "steps[1]"},
		{"extend elsewhere", func(d *workflow.Definition) { d.Steps[2].Actions[3].To = "#refused" }, "steps[2].actions[3].to"},
		{"start elsewhere", func(d *workflow.Definition) { d.Start = "processing" }, "start"},
	}
	for _, tt := range tests {
		d := workflow.Default()
		tt.edit(d)
		e, ok := apperr.As(d.Validate())
		if !ok {
			t.Errorf("%s: valid; want an error at %s", tt.name, tt.path)
			continue
		}
		found := false
		for _, fe := range e.Fields {
			found = found || fe.Path == tt.path
		}
		if !found {
			t.Errorf("%s: fields %v; want %s", tt.name, e.Fields, tt.path)
		}
	}
}

// TestPublishValidated: a process the engine cannot run is refused before it is stored (issue
// 10 finding 4: a receive leading to "#returned" was stored, then every receive answered
// 500), and replacing the default process needs "default": true.
func TestPublishValidated(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		admin := f.users["catalog"]
		bad := workflow.Default()
		bad.Steps[0].Actions[0].To = "#returned"
		if _, err := f.wf.Publish(ctx, admin, bad); !hasField(err, "steps[0].actions[0].to") {
			t.Fatalf("Publish(receive to #returned) = %v; want invalid at steps[0].actions[0].to", err)
		}
		implicit := workflow.Default()
		implicit.Default = false
		if _, err := f.wf.Publish(ctx, admin, implicit); !hasField(err, "default") {
			t.Fatalf("Publish(no procedure, no default) = %v; want invalid at default", err)
		}
		both := workflow.Default()
		both.ProcedureCode = "1.001193"
		if _, err := f.wf.Publish(ctx, admin, both); !hasField(err, "default") {
			t.Fatalf("Publish(procedure and default) = %v; want invalid at default", err)
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM process_definitions`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("stored processes = %d, %v; want 0", n, err)
		}
		// The engine still runs: a dossier is received under the default process.
		code := f.submit(t)
		f.act(t, "tiepnhan", code, workflow.ActionInput{Action: "receive"})
		own := workflow.Default()
		own.Default, own.ProcedureCode = false, "1.001193"
		if _, err := f.wf.Publish(ctx, admin, own); err != nil {
			t.Fatalf("Publish(procedure's own) = %v", err)
		}
		if _, err := f.wf.Publish(ctx, admin, workflow.Default()); err != nil {
			t.Fatalf("Publish(default: true) = %v", err)
		}
	})
}

func hasField(err error, path string) bool {
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.KindUnprocessable {
		return false
	}
	for _, fe := range e.Fields {
		if fe.Path == path {
			return true
		}
	}
	return false
}

func TestSweep(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		if _, err := d.Exec(ctx, `UPDATE users SET email = 'cv@example.vn' WHERE username = 'chuyenvien'`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `UPDATE users SET email = 'ld@example.vn' WHERE username = 'lanhdao'`); err != nil {
			t.Fatal(err)
		}
		late, soon, fine := f.submit(t), f.submit(t), f.submit(t)
		for _, c := range []string{late, soon, fine} {
			f.act(t, "tiepnhan", c, workflow.ActionInput{Action: "receive"})
		}
		now := time.Now()
		set := func(code string, due time.Time) {
			if _, err := d.Exec(ctx, `UPDATE dossiers SET due_at = ?, step_due_at = ? WHERE code = ?`, due, due, code); err != nil {
				t.Fatal(err)
			}
			if _, err := d.Exec(ctx, `UPDATE dossier_steps SET due_at = ? WHERE ended_at IS NULL AND dossier_id = (SELECT id FROM dossiers WHERE code = ?)`, due, code); err != nil {
				t.Fatal(err)
			}
		}
		set(late, now.Add(-48*time.Hour))
		set(soon, now.Add(2*time.Hour))
		set(fine, now.AddDate(0, 0, 30))
		rep, err := f.wf.Sweep(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Overdue != 1 || rep.Escalated != 1 || rep.DueSoon != 1 || rep.LateSteps < 1 {
			t.Errorf("sweep = %+v; want 1 overdue escalated, 1 due soon, a late step", rep)
		}
		in, _ := f.wf.Inbox(ctx, f.users["chuyenvien"], workflow.InboxFilter{Due: "overdue"})
		if in.Total != 1 || in.Items[0].Code != late || in.Counts["due_soon"] != 1 {
			t.Errorf("overdue inbox = %+v", in)
		}
		// The officer and, for the escalation, the leader were told.
		var n int
		d.QueryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE template = 'dossier_deadline'`).Scan(&n)
		if n != 3 {
			t.Errorf("%d deadline notices; want 3 (officer ×2, leader ×1)", n)
		}
		// A second sweep changes nothing.
		if rep, _ := f.wf.Sweep(ctx); rep.Overdue+rep.DueSoon+rep.Escalated != 0 {
			t.Errorf("second sweep = %+v; want no changes", rep)
		}
	})
}

func TestEvaluationAndConsultation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		code := f.submit(t)
		f.act(t, "tiepnhan", code, workflow.ActionInput{Action: "receive"})

		// Consultation of the Department of Justice, answered by its officer.
		c, err := f.wf.Consult(ctx, f.users["chuyenvien"], code, workflow.ConsultInput{Agency: "STP", Question: "Đề nghị cho ý kiến về giấy tờ nước ngoài", WorkingDays: 3})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.wf.Consult(ctx, f.users["chuyenvien"], code, workflow.ConsultInput{Agency: "00070", WorkingDays: 0}); apperr.KindOf(err) != apperr.KindUnprocessable {
			t.Errorf("bad consultation: %v; want 422", err)
		}
		stp, err := identity.NewStore(d).CreateUser(ctx, identity.NewUser{Username: "cv.stp", Password: "demo1234", Role: org.RoleSpecialist, AgencyCode: "STP"})
		if err != nil {
			t.Fatal(err)
		}
		open, _ := f.wf.Consultations(ctx, stp, "")
		if len(open) != 1 || open[0].ID != c.ID {
			t.Fatalf("STP's open consultations = %+v", open)
		}
		if _, err := f.wf.Answer(ctx, f.users["tiepnhan2"], c.ID, "x"); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("answer by another agency: %v; want not found", err)
		}
		if _, err := f.wf.Answer(ctx, stp, c.ID, "Đồng ý"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.wf.Answer(ctx, stp, c.ID, "Lần hai"); apperr.KindOf(err) != apperr.KindConflict {
			t.Errorf("second answer: %v; want conflict", err)
		}

		// Evaluation only after the result is returned, once, by the applicant.
		eval := workflow.EvaluationInput{Scores: map[string]int{"agencies": 2, "publicity": 2, "attitude": 1, "feedback": 2}, Comment: "Cán bộ nhiệt tình"}
		if _, err := f.wf.Evaluate(ctx, f.users["congdan"], code, eval); apperr.KindOf(err) != apperr.KindConflict {
			t.Errorf("early evaluation: %v; want conflict", err)
		}
		f.act(t, "chuyenvien", code, workflow.ActionInput{Action: "forward"})
		f.act(t, "lanhdao", code, workflow.ActionInput{Action: "approve"})
		f.act(t, "tiepnhan", code, workflow.ActionInput{Action: "return_result"})
		if _, err := f.wf.Evaluate(ctx, f.users["congdan"], code, workflow.EvaluationInput{Scores: map[string]int{"attitude": 3, "total_time": 2}}); apperr.KindOf(err) != apperr.KindUnprocessable {
			t.Errorf("bad scores: %v; want 422", err)
		}
		e, err := f.wf.Evaluate(ctx, f.users["congdan"], code, eval)
		if err != nil {
			t.Fatal(err)
		}
		if len(e.Scores) != 9 || e.Scores["online"] != 2 || e.Scores["contacts"] != 2 || e.Total != 17 {
			t.Errorf("evaluation = %+v", e)
		}
		if _, err := f.wf.Evaluate(ctx, f.users["congdan"], code, eval); apperr.KindOf(err) != apperr.KindConflict {
			t.Errorf("second evaluation: %v; want conflict", err)
		}
		if got, err := f.wf.Evaluation(ctx, f.users["tiepnhan"], code); err != nil || got.Total != 17 {
			t.Errorf("officer reading the evaluation = %+v, %v", got, err)
		}
	})
}

// isPDF checks a form came out as a PDF.
func isPDF(t *testing.T, name string) func([]byte, error) {
	t.Helper()
	return func(b []byte, err error) {
		t.Helper()
		if err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

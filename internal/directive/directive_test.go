package directive_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/directive"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntime"
)

func TestStateOf(t *testing.T) {
	for _, c := range []struct {
		due, done, today string
		want             directive.State
	}{
		{"2026-12-15", "", "2026-12-15", directive.InProgress}, // the whole due day counts
		{"2026-12-15", "", "2026-12-16", directive.Overdue},
		{"2026-12-15", "2026-12-15", "2027-01-01", directive.DoneOnTime},
		{"2026-12-15", "2026-12-16", "2026-12-16", directive.DoneLate},
		{"2026-12-15", "2026-12-01", "2026-12-01", directive.DoneOnTime},
	} {
		if got := directive.StateOf(c.due, c.done, c.today); got != c.want {
			t.Errorf("StateOf(%q, %q, %q) = %s; want %s", c.due, c.done, c.today, got, c.want)
		}
	}
}

func TestToday(t *testing.T) {
	// 17:30 UTC on 14 December is already 15 December in Hà Nội.
	if got := directive.Today(time.Date(2026, 12, 14, 17, 30, 0, 0, time.UTC)); got != "2026-12-15" {
		t.Errorf("Today = %s; want 2026-12-15", got)
	}
}

// fixture is a city committee with its office, two wards with their leaders and a specialist,
// and a directive store whose clock reads now.
type fixture struct {
	d     *db.DB
	s     *directive.Store
	files *dossier.Store
	now   time.Time
	users map[string]*org.User
	slugs []string // what the fake portal published
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	o := org.NewStore(d)
	for _, a := range []*org.Agency{
		{Code: "UBND-HN", Kind: org.KindCity, Level: "province", Name: "Ủy ban nhân dân Thành phố Hà Nội"},
		{Code: "00070", Kind: org.KindWard, Level: "commune", Name: "Phường Hoàn Kiếm"},
		{Code: "00004", Kind: org.KindWard, Level: "commune", Name: "Phường Ba Đình"},
	} {
		if err := o.CreateAgency(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	ids := identity.NewStore(d)
	f := &fixture{d: d, now: time.Date(2026, 12, 1, 9, 0, 0, 0, vntime.Location()), users: map[string]*org.User{}}
	for _, nu := range []identity.NewUser{
		{Username: "vanphong", Role: org.RoleOffice, AgencyCode: "UBND-HN", Email: "vanphong@example.vn"},
		{Username: "lanhdao", Role: org.RoleLeader, AgencyCode: "00070", Email: "lanhdao@example.vn"},
		{Username: "chuyenvien", Role: org.RoleSpecialist, AgencyCode: "00070", Email: "cv@example.vn"},
		{Username: "lanhdao2", Role: org.RoleLeader, AgencyCode: "00004", Email: "lanhdao2@example.vn"},
		{Username: "congdan", Role: org.RoleCitizen},
	} {
		nu.Password, nu.FullName = "demo-password", "Người "+nu.Username
		u, err := ids.CreateUser(ctx, nu)
		if err != nil {
			t.Fatal(err)
		}
		f.users[nu.Username] = u
	}
	f.files = dossier.NewStore(dossier.Config{DB: d, Org: o, Blobs: dossier.DiskStore{Dir: t.TempDir()}})
	f.s = directive.NewStore(directive.Config{DB: d, Org: o, Files: f.files, TaskURL: "https://example.vn/chi-dao/nhiem-vu/{id}",
		Now: func() time.Time { return f.now },
		Publish: func(ctx context.Context, tx *db.Tx, by *org.User, dv *directive.Directive) (string, error) {
			if by == nil || by.Username != "vanphong" {
				return "", errors.New("published by someone else than the office's officer")
			}
			// A real portal writes its article in the same transaction: so does the fake.
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM directives WHERE id = ?`, dv.ID).Scan(&n); err != nil || n != 1 {
				return "", errors.New("the directive is not visible in the publishing transaction")
			}
			if strings.Contains(dv.Title, "lỗi cổng") {
				return "", errors.New("portal down")
			}
			slug := "chi-dao-" + strings.ReplaceAll(strings.ToLower(dv.Number), "/", "-")
			f.slugs = append(f.slugs, slug)
			return slug, nil
		}})
	return f
}

func (f *fixture) record(t *testing.T, in directive.Input) *directive.Directive {
	t.Helper()
	dv, err := f.s.Record(context.Background(), f.users["vanphong"], in)
	if err != nil {
		t.Fatal(err)
	}
	return dv
}

func sample(number string) directive.Input {
	return directive.Input{Number: number, SignedOn: "2026-11-30", Signer: "Chủ tịch", Title: "Về đẩy mạnh dịch vụ công trực tuyến",
		Summary: "Giao các phường triển khai.", Tasks: []directive.TaskInput{
			{AgencyCode: "00070", Title: "Rà soát thủ tục", DueOn: "2026-12-10"},
			{AgencyCode: "00004", Title: "Tập huấn cán bộ", DueOn: "2026-12-03"},
			{AgencyCode: "00070", Title: "Báo cáo kết quả", DueOn: "2026-12-20"},
		}}
}

func fields(err error) []string {
	e, ok := apperr.As(err)
	if !ok {
		return []string{"not an apperr: " + err.Error()}
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Path)
	}
	return out
}

func TestRecord(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		dv := f.record(t, sample("25/CT-UBND"))
		if dv.ID == 0 || len(dv.Tasks) != 3 || dv.Tasks[2].ID == 0 || dv.Slug != "chi-dao-25-ct-ubnd" {
			t.Fatalf("Record = %+v; want an id, three tasks with ids and the portal's slug", dv)
		}
		got, err := f.s.Directive(ctx, f.users["vanphong"], dv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Slug != dv.Slug || got.Title != dv.Title || len(got.Tasks) != 3 || got.AgencyCode != "UBND-HN" {
			t.Errorf("Directive = %+v; want what was recorded", got)
		}
		// Each agency's leader was told of its task, in the recording's transaction.
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE template = 'directive_task' AND recipient = 'lanhdao@example.vn'`).Scan(&n); err != nil || n != 2 {
			t.Errorf("messages to lanhdao = %d, %v; want 2 (two tasks)", n, err)
		}

		bad := sample("26/CT-UBND")
		bad.Tasks[1].AgencyCode = "99999"
		bad.Tasks[0].DueOn = "2026-11-29"
		bad.Tasks[2].DueOn = "31/12/2026"
		_, err = f.s.Record(ctx, f.users["vanphong"], bad)
		if diff := cmp.Diff([]string{"tasks[0].due_on", "tasks[1].agency_code", "tasks[2].due_on"}, fields(err)); diff != "" || apperr.KindOf(err) != apperr.KindUnprocessable {
			t.Errorf("Record(bad) fields (-want +got):\n%s%v", diff, err)
		}
		if _, err := f.s.Record(ctx, f.users["vanphong"], directive.Input{}); apperr.KindOf(err) != apperr.KindUnprocessable ||
			!cmp.Equal(fields(err), []string{"number", "title", "signed_on", "tasks"}) {
			t.Errorf("Record(empty) = %v; want 422 naming number, title, signed_on, tasks", fields(err))
		}
		if _, err := f.s.Record(ctx, f.users["vanphong"], sample("25/CT-UBND")); apperr.KindOf(err) != apperr.KindConflict {
			t.Errorf("Record(same number) = %v; want a conflict", err)
		}
		for _, who := range []string{"lanhdao", "congdan"} {
			if _, err := f.s.Record(ctx, f.users[who], sample("27/CT-UBND")); apperr.KindOf(err) != apperr.KindForbidden {
				t.Errorf("Record by %s = %v; want forbidden", who, err)
			}
		}
		// The portal failing rolls the directive back: nothing half-recorded.
		failing := sample("28/CT-UBND")
		failing.Title = "Thử lỗi cổng"
		if _, err := f.s.Record(ctx, f.users["vanphong"], failing); err == nil {
			t.Error("Record with the portal down succeeded")
		}
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM directives`).Scan(&n); err != nil || n != 1 {
			t.Errorf("directives = %d, %v; want 1", n, err)
		}
	})
}

func TestTasksAndReports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		dv := f.record(t, sample("25/CT-UBND"))
		hk, bd, hk2 := dv.Tasks[0].ID, dv.Tasks[1].ID, dv.Tasks[2].ID

		list := func(who string, flt directive.Filter) []int64 {
			t.Helper()
			tasks, total, err := f.s.Tasks(ctx, f.users[who], flt)
			if err != nil {
				t.Fatalf("Tasks(%s, %+v): %v", who, flt, err)
			}
			if total != len(tasks) {
				t.Errorf("Tasks(%s, %+v) total = %d; want %d", who, flt, total, len(tasks))
			}
			var ids []int64
			for _, x := range tasks {
				ids = append(ids, x.ID)
			}
			return ids
		}
		if got := list("vanphong", directive.Filter{}); !cmp.Equal(got, []int64{bd, hk, hk2}) {
			t.Errorf("office's tasks = %v; want all, soonest due first", got)
		}
		if got := list("chuyenvien", directive.Filter{}); !cmp.Equal(got, []int64{hk, hk2}) {
			t.Errorf("Hoàn Kiếm's tasks = %v; want its own", got)
		}
		if got := list("lanhdao", directive.Filter{Agency: "00004"}); got != nil {
			t.Errorf("another agency's tasks = %v; want none", got)
		}
		if _, _, err := f.s.Tasks(ctx, f.users["congdan"], directive.Filter{}); apperr.KindOf(err) != apperr.KindForbidden {
			t.Errorf("citizen's Tasks = %v; want forbidden", err)
		}
		if _, _, err := f.s.Tasks(ctx, f.users["vanphong"], directive.Filter{Status: "late"}); !cmp.Equal(fields(err), []string{"status"}) {
			t.Errorf("Tasks(status=late) = %v; want 422 on status", err)
		}

		report := func(who string, id int64, status string) (*directive.Task, error) {
			return f.s.Report(ctx, f.users[who], id, directive.ReportInput{Status: status, Note: "Đã triển khai."})
		}
		for _, c := range []struct {
			who  string
			kind apperr.Kind
		}{{"lanhdao2", apperr.KindNotFound}, {"congdan", apperr.KindNotFound}, {"chuyenvien", apperr.KindForbidden}, {"vanphong", apperr.KindForbidden}} {
			if _, err := report(c.who, hk, "done"); apperr.KindOf(err) != c.kind {
				t.Errorf("Report by %s = %v; want kind %d", c.who, err, c.kind)
			}
		}
		if _, err := f.s.Report(ctx, f.users["lanhdao"], hk, directive.ReportInput{Status: "finished"}); !cmp.Equal(fields(err), []string{"status", "note"}) {
			t.Errorf("Report(bad) = %v; want 422 on status and note", err)
		}
		if tk, err := report("lanhdao", hk, "in_progress"); err != nil || tk.State != directive.InProgress || tk.Progress != directive.ProgressActive {
			t.Fatalf("Report(in_progress) = %+v, %v", tk, err)
		}
		// A document with the report: the leader's upload, readable by the office, not by another ward.
		file, err := f.files.Upload(ctx, f.users["lanhdao"], "bao-cao.pdf", strings.NewReader("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Report(ctx, f.users["lanhdao"], hk, directive.ReportInput{Status: "done", Note: "Xong", Files: []string{file.ID, "khong-co"}}); !cmp.Equal(fields(err), []string{"files[1]"}) {
			t.Errorf("Report with an unknown file = %v; want 422 on files[1]", err)
		}
		f.now = time.Date(2026, 12, 10, 16, 0, 0, 0, vntime.Location()) // the due day itself
		tk, err := f.s.Report(ctx, f.users["lanhdao"], hk, directive.ReportInput{Status: "done", Note: "Đã rà soát 120 thủ tục.", Files: []string{file.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if tk.State != directive.DoneOnTime || tk.DoneOn != "2026-12-10" || len(tk.Reports) != 2 || len(tk.Reports[1].Files) != 1 {
			t.Errorf("after done: %+v; want done on time on 2026-12-10 with two reports, the second with its file", tk)
		}
		if _, err := report("lanhdao", hk, "in_progress"); apperr.KindOf(err) != apperr.KindConflict {
			t.Errorf("Report after done = %v; want a conflict", err)
		}
		var audited int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action IN ('directive.record', 'directive.report')`).Scan(&audited); err != nil || audited != 3 {
			t.Errorf("audit entries = %d, %v; want the recording and two reports", audited, err)
		}
		if _, err := f.s.File(ctx, f.users["vanphong"], file.ID); err != nil {
			t.Errorf("office reads the report's file: %v", err)
		}
		if _, err := f.s.File(ctx, f.users["lanhdao2"], file.ID); apperr.KindOf(err) != apperr.KindNotFound {
			t.Errorf("another ward reads the report's file: %v; want not found", err)
		}

		// Now 10 December: Ba Đình's task (due 3 December) is overdue, Hoàn Kiếm's second in progress.
		want := directive.Counts{Total: 3, Done: 1, DoneOnTime: 1, InProgress: 1, Overdue: 1}
		if got, err := f.s.Summary(ctx, f.users["vanphong"], directive.Filter{}); err != nil || got != want {
			t.Errorf("Summary = %+v, %v; want %+v", got, err, want)
		}
		if got := list("vanphong", directive.Filter{Status: "overdue"}); !cmp.Equal(got, []int64{bd}) {
			t.Errorf("overdue = %v; want Ba Đình's", got)
		}
		if got := list("vanphong", directive.Filter{Status: "done"}); !cmp.Equal(got, []int64{hk}) {
			t.Errorf("done = %v; want Hoàn Kiếm's first", got)
		}
		// Ba Đình reports done late.
		if tk, err := report("lanhdao2", bd, "done"); err != nil || tk.State != directive.DoneLate {
			t.Errorf("late report = %+v, %v; want done late", tk, err)
		}
		rows, err := f.s.ByAgency(ctx, f.users["vanphong"], directive.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		wantRows := []directive.Row{
			{Key: "00004", Name: "Phường Ba Đình", Counts: directive.Counts{Total: 1, Done: 1, DoneLate: 1}},
			{Key: "00070", Name: "Phường Hoàn Kiếm", Counts: directive.Counts{Total: 2, Done: 1, DoneOnTime: 1, InProgress: 1}},
		}
		if diff := cmp.Diff(wantRows, rows); diff != "" {
			t.Errorf("ByAgency (-want +got):\n%s", diff)
		}
		if got, err := f.s.Summary(ctx, f.users["lanhdao"], directive.Filter{}); err != nil || got != wantRows[1].Counts {
			t.Errorf("Hoàn Kiếm's Summary = %+v, %v; want its own", got, err)
		}
		if _, err := f.s.Summary(ctx, f.users["lanhdao"], directive.Filter{Agency: "00004"}); apperr.KindOf(err) != apperr.KindForbidden {
			t.Errorf("another agency's Summary = %v; want forbidden", err)
		}
		byDir, err := f.s.ByDirective(ctx, f.users["vanphong"], directive.Filter{})
		if err != nil || len(byDir) != 1 || byDir[0].Number != "25/CT-UBND" || byDir[0].Total != 3 {
			t.Errorf("ByDirective = %+v, %v", byDir, err)
		}

		var buf bytes.Buffer
		if err := f.s.WriteXLSX(ctx, &buf, f.users["vanphong"], directive.Filter{}, i18n.VI); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		tasks, err := x.GetRows("Nhiệm vụ")
		if err != nil || len(tasks) != 4 || tasks[1][8] != "Hoàn thành quá hạn" {
			t.Errorf("XLSX tasks sheet = %v, %v; want a header and three tasks, Ba Đình's done late first", tasks, err)
		}
	})
}

func TestSweep(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		f.record(t, sample("25/CT-UBND"))
		count := func(to string) int {
			t.Helper()
			var n int
			if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE template = 'directive_task' AND recipient = ?`, to).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		base := map[string]int{"lanhdao2@example.vn": count("lanhdao2@example.vn"), "vanphong@example.vn": 0}
		// 1 December: Ba Đình's task (due 3 December) is due soon.
		rep, err := f.s.Sweep(ctx)
		if err != nil || rep.DueSoon != 1 || rep.Overdue != 0 {
			t.Fatalf("Sweep = %+v, %v; want one due soon", rep, err)
		}
		if rep, _ := f.s.Sweep(ctx); rep.DueSoon+rep.Overdue+rep.Escalated != 0 {
			t.Errorf("second Sweep = %+v; want nothing told twice", rep)
		}
		// 4 December: overdue, told once to the leader and escalated once to the office.
		f.now = time.Date(2026, 12, 4, 8, 0, 0, 0, vntime.Location())
		for range 2 {
			if _, err := f.s.Sweep(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if got := count("lanhdao2@example.vn") - base["lanhdao2@example.vn"]; got != 2 {
			t.Errorf("messages to Ba Đình's leader = %d; want 2 (due soon, overdue)", got)
		}
		if got := count("vanphong@example.vn"); got != 1 {
			t.Errorf("escalations to the office = %d; want 1", got)
		}
		if got := count("cv@example.vn"); got != 0 {
			t.Errorf("messages to a specialist = %d; want 0", got)
		}
	})
}

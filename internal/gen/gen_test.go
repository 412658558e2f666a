package gen_test

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/gen"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/stats"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/workflow"
)

// city is a seeded demo city with the stores the checks use.
type city struct {
	d   *db.DB
	org *org.Store
	cat *catalog.Store
	cal *calendar.Store
	wf  *workflow.Store
}

func newCity(t testing.TB, d *db.DB) *city {
	t.Helper()
	ctx := context.Background()
	c := &city{d: d, org: org.NewStore(d), cat: catalog.NewStore(d), cal: calendar.NewStore(d, nil)}
	if err := demo.Seed(ctx, slog.New(slog.DiscardHandler), c.org, identity.NewStore(d), c.cat); err != nil {
		t.Fatal(err)
	}
	ds := dossier.NewStore(dossier.Config{DB: d, Catalog: c.cat, Org: c.org, Calendar: c.cal, Blobs: dossier.DiskStore{Dir: t.TempDir()}, Links: dossier.Links{Track: "https://x/tra-cuu?ma={code}"}})
	c.wf = workflow.NewStore(workflow.Config{DB: d, Dossiers: ds, Catalog: c.cat, Org: c.org, Calendar: c.cal})
	return c
}

func (c *city) user(t testing.TB, username string) *org.User {
	t.Helper()
	u, err := c.org.User(context.Background(), username)
	if err != nil {
		t.Fatalf("User(%s): %v", username, err)
	}
	return u
}

func TestGenerate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := newCity(t, d)
		// An evening: online filings of the afternoon wait for the morning.
		asOf := time.Date(2025, 12, 30, 20, 30, 0, 0, vntime.Location())
		st, err := gen.Generate(ctx, d, gen.Options{Dossiers: 2000, Year: 2025, Seed: 1, AsOf: asOf, Calendar: c.cal})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%d dossiers, %d events, %d steps, %d attachments, %d officers, %d citizens in %v: %.0f rows/s; statuses %v",
			st.Dossiers, st.Events, st.Steps, st.Attachments, st.Officers, st.Citizens, st.Elapsed, st.RowsPerSecond(), st.ByStatus)
		if st.Dossiers != 2000 {
			t.Errorf("Dossiers = %d; want 2000", st.Dossiers)
		}
		check(t, c, 2000, asOf)
		// A second run adds to the first: codes and sequences carry on, officers are reused.
		st2, err := gen.Generate(ctx, d, gen.Options{Dossiers: 500, Year: 2025, Seed: 2, AsOf: asOf, Calendar: c.cal})
		if err != nil {
			t.Fatal(err)
		}
		if st2.Officers != 0 {
			t.Errorf("second run created %d officers; want 0", st2.Officers)
		}
		check(t, c, 2500, asOf)
		act(t, c)
		// The dashboard aggregates, rebuilt after each load and kept by the actions since,
		// equal a recount and hold every dossier once.
		stored, err := stats.NewStore(d).Dump(ctx)
		if err != nil {
			t.Fatal(err)
		}
		recount, err := stats.Recount(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		var received int64
		for _, c := range stored.Days {
			received += c.Received
		}
		if !reflect.DeepEqual(stored, recount) || received != 2500 || st2.Aggregates <= 0 {
			t.Errorf("aggregates after generating and acting: %d received (want 2500), equal to the recount: %v, rebuilt in %v",
				received, reflect.DeepEqual(stored, recount), st2.Aggregates)
		}
	})
}

// row is what the checks read of a dossier.
type row struct {
	id                                  int64
	code, status, step, role, sla, proc string
	agency                              int64
	statusCode, supplements             int
	assignee                            sql.NullInt64
	submitted                           time.Time
	received, due, finished, stepDue    sql.NullTime
	paused                              sql.NullTime
	form                                string
}

func load(t *testing.T, d *db.DB) []row {
	t.Helper()
	rows, err := d.Query(context.Background(), `SELECT id, code, status, step, step_role, sla_notified, procedure_code, agency_id, status_code,
		supplements, assignee_id, submitted_at, received_at, due_at, finished_at, step_due_at, paused_at, form FROM dossiers ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.code, &r.status, &r.step, &r.role, &r.sla, &r.proc, &r.agency, &r.statusCode, &r.supplements,
			&r.assignee, &r.submitted, &r.received, &r.due, &r.finished, &r.stepDue, &r.paused, &r.form); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var closed = map[dossier.Status]bool{dossier.StatusRejected: true, dossier.StatusRefused: true, dossier.StatusReturned: true,
	dossier.StatusWithdrawn: true}

// check verifies what the workflow relies on, for every dossier.
func check(t *testing.T, c *city, want int, asOf time.Time) {
	t.Helper()
	ctx := context.Background()
	ds := load(t, c.d)
	if len(ds) != want {
		t.Fatalf("%d dossiers; want %d", len(ds), want)
	}
	agencies, err := c.org.Agencies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	national := map[int64]string{}
	for _, a := range agencies {
		national[a.ID] = a.NationalID
	}
	// Codes: unique, <agency ID>-YYMMDD-NNNN with the day of submission in Hà Nội; the numbers of
	// an agency's day run 1…last of its sequence row.
	codeRe := regexp.MustCompile(`^(.+)-(\d{6})-(\d{4,})$`)
	seen := map[string]bool{}
	numbers := map[string][]int{}
	for _, r := range ds {
		m := codeRe.FindStringSubmatch(r.code)
		if m == nil || m[1] != national[r.agency] {
			t.Fatalf("code %s: not <%s>-YYMMDD-NNNN", r.code, national[r.agency])
		}
		if day := r.submitted.In(vntime.Location()).Format("060102"); m[2] != day {
			t.Errorf("code %s: day %s; submitted %s", r.code, m[2], day)
		}
		if seen[r.code] {
			t.Errorf("code %s twice", r.code)
		}
		seen[r.code] = true
		n, _ := strconv.Atoi(m[3])
		k := fmt.Sprint(r.agency, "/", m[2])
		numbers[k] = append(numbers[k], n)
	}
	rows, err := c.d.Query(ctx, `SELECT agency_id, day, last FROM dossier_sequences`)
	if err != nil {
		t.Fatal(err)
	}
	seqs := map[string]int{}
	for rows.Next() {
		var a int64
		var day string
		var last int
		if err := rows.Scan(&a, &day, &last); err != nil {
			t.Fatal(err)
		}
		seqs[fmt.Sprint(a, "/", day)] = last
	}
	rows.Close()
	if len(seqs) != len(numbers) {
		t.Errorf("%d sequence rows; dossiers use %d agency-days", len(seqs), len(numbers))
	}
	for k, ns := range numbers {
		slices.Sort(ns)
		if ns[0] != 1 || ns[len(ns)-1] != len(ns) || seqs[k] != len(ns) {
			t.Errorf("agency-day %s: numbers %v, sequence last %d", k, ns, seqs[k])
		}
	}

	// History: every dossier starts with submit and its last event leads to its status.
	events := map[int64][]struct {
		action, from, to string
		code             int
	}{}
	rows, err = c.d.Query(ctx, `SELECT dossier_id, action, from_status, to_status, status_code FROM dossier_events ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var e struct {
			action, from, to string
			code             int
		}
		if err := rows.Scan(&id, &e.action, &e.from, &e.to, &e.code); err != nil {
			t.Fatal(err)
		}
		events[id] = append(events[id], e)
	}
	rows.Close()
	procs := map[string]*catalog.Procedure{}
	open, overdue := 0, 0
	for i, r := range ds {
		st := dossier.Status(r.status)
		if st.Code() == 0 || r.statusCode != st.Code() {
			t.Errorf("%s: status %s with code %d", r.code, r.status, r.statusCode)
		}
		es := events[r.id]
		if len(es) == 0 || es[0].action != "submit" || es[len(es)-1].to != r.status {
			t.Errorf("%s (%s): history %v", r.code, r.status, es)
			continue
		}
		for j, e := range es {
			if e.code != dossier.Status(e.to).Code() || (j > 0 && e.from != es[j-1].to) {
				t.Errorf("%s: event %d %+v does not follow %+v", r.code, j, e, es[max(j-1, 0)])
			}
		}
		switch {
		case closed[st]:
			if r.role != "" || r.step != "closed" || !r.finished.Valid || r.assignee.Valid {
				t.Errorf("%s: closed (%s) with step %q role %q finished %v assignee %v", r.code, r.status, r.step, r.role, r.finished, r.assignee)
			}
		case st == dossier.StatusSupplement:
			if r.role != "" || !r.paused.Valid || r.supplements != 1 {
				t.Errorf("%s: waiting for a supplement with role %q paused %v supplements %d", r.code, r.role, r.paused, r.supplements)
			}
		default:
			open++
			if r.role == "" || !r.stepDue.Valid {
				t.Errorf("%s: open (%s) with role %q step due %v", r.code, r.status, r.role, r.stepDue)
			}
			if (r.role == "specialist") != r.assignee.Valid {
				t.Errorf("%s: role %s with assignee %v", r.code, r.role, r.assignee)
			}
			if r.sla == "overdue" {
				overdue++
			}
		}
		if st != dossier.StatusSubmitted && st != dossier.StatusRejected && st != dossier.StatusWithdrawn &&
			st != dossier.StatusSupplement && !r.received.Valid {
			t.Errorf("%s: %s but never received", r.code, r.status)
		}
		if (st == dossier.StatusDone || st == dossier.StatusReturned) && !r.finished.Valid {
			t.Errorf("%s: %s without finished_at", r.code, r.status)
		}
		if i%10 == 0 {
			// The form satisfies the procedure's schema.
			p := procs[r.proc]
			if p == nil {
				if p, err = c.cat.Current(ctx, r.proc); err != nil {
					t.Fatal(err)
				}
				procs[r.proc] = p
			}
			problems, err := catalog.ValidateForm(p, []byte(r.form))
			if err != nil || len(problems) > 0 {
				t.Errorf("%s: form %s: %v %v", r.code, r.form, problems, err)
			}
		}
	}
	if open == 0 {
		t.Error("no dossier is open at the end of the year")
	}
	t.Logf("%d open dossiers, %d overdue", open, overdue)

	// Attachments: one to three filed documents (none for a procedure without components),
	// every one a file that exists; the step log matches the steps taken.
	var orphans, noFiles int
	if err := c.d.QueryRow(ctx, `SELECT COUNT(*) FROM dossier_attachments a LEFT JOIN files f ON f.id = a.file_id WHERE f.id IS NULL`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if err := c.d.QueryRow(ctx, `SELECT COUNT(*) FROM dossiers d WHERE d.procedure_code <> '3.000467' AND NOT EXISTS
		(SELECT 1 FROM dossier_attachments a WHERE a.dossier_id = d.id AND a.kind = 'submission')`).Scan(&noFiles); err != nil {
		t.Fatal(err)
	}
	if orphans > 0 || noFiles > 0 {
		t.Errorf("%d attachments without a file; %d dossiers without a filed document", orphans, noFiles)
	}
	// What the simulated sweeps told (sla_notified): overdue means past the appointment and
	// escalated once, with its event; an extension keeps the first date.
	for _, q := range []struct{ what, sql string }{
		{"overdue flags not past due", `SELECT COUNT(*) FROM dossiers WHERE sla_notified = 'overdue' AND step_role <> '' AND due_at > ?`},
		{"open dossiers past due by a day not flagged", `SELECT COUNT(*) FROM dossiers WHERE step_role <> '' AND sla_notified <> 'overdue' AND due_at < ?`},
		{"escalations without their event", `SELECT COUNT(*) FROM dossiers d WHERE escalated_at IS NOT NULL AND NOT EXISTS
			(SELECT 1 FROM dossier_events e WHERE e.dossier_id = d.id AND e.action = 'sla_overdue' AND e.note LIKE '%lãnh đạo%')`},
		{"overdue events without escalation", `SELECT COUNT(*) FROM dossiers d WHERE escalated_at IS NULL AND EXISTS
			(SELECT 1 FROM dossier_events e WHERE e.dossier_id = d.id AND e.action = 'sla_overdue')`},
		{"extensions without the first date", `SELECT COUNT(*) FROM dossiers WHERE (extended = 1) <> (original_due_at IS NOT NULL AND original_due_at < due_at)`},
	} {
		var n int
		var args []any
		switch {
		case strings.Contains(q.what, "by a day"):
			args = append(args, asOf.AddDate(0, 0, -1))
		case strings.Contains(q.sql, "?"):
			args = append(args, asOf)
		}
		if err := c.d.QueryRow(ctx, q.sql, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q.what, err)
		}
		if n > 0 {
			t.Errorf("%d %s", n, q.what)
		}
	}
	var badSteps int
	if err := c.d.QueryRow(ctx, `SELECT COUNT(*) FROM dossiers d WHERE d.step <> 'closed' AND d.step_role <> '' AND NOT EXISTS
		(SELECT 1 FROM dossier_steps s WHERE s.dossier_id = d.id AND s.step = d.step AND s.ended_at IS NULL)
		AND d.status <> 'submitted'`).Scan(&badSteps); err != nil {
		t.Fatal(err)
	}
	if badSteps > 0 {
		t.Errorf("%d open dossiers without an open step row for their step", badSteps)
	}

	// Every open dossier is in the inbox of an officer of its agency and role (the assignee,
	// for a specialist), and the reception officer of its agency can open it.
	checked := 0
	for _, r := range ds {
		if r.role == "" || checked >= 40 || r.id%7 != 0 {
			continue
		}
		checked++
		var username string
		if r.assignee.Valid {
			if err := c.d.QueryRow(ctx, `SELECT username FROM users WHERE id = ?`, r.assignee.Int64).Scan(&username); err != nil {
				t.Fatal(err)
			}
		} else if err := c.d.QueryRow(ctx, `SELECT username FROM users WHERE agency_id = ? AND role = ? AND username LIKE '%.%' ORDER BY id LIMIT 1`,
			r.agency, r.role).Scan(&username); err != nil {
			t.Fatal(err)
		}
		u := c.user(t, username)
		in, err := c.wf.Inbox(ctx, u, workflow.InboxFilter{PerPage: 100})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for page := 1; !found && (page-1)*100 < in.Total; page++ {
			if page > 1 {
				if in, err = c.wf.Inbox(ctx, u, workflow.InboxFilter{PerPage: 100, Page: page}); err != nil {
					t.Fatal(err)
				}
			}
			found = slices.ContainsFunc(in.Items, func(it workflow.InboxItem) bool { return it.Code == r.code })
		}
		if !found {
			t.Errorf("%s (%s at %s) not in %s's inbox of %d", r.code, r.status, r.step, username, in.Total)
		}
		reception := receptionOf(t, c, r.agency)
		got, err := c.wf.Get(ctx, reception, r.code)
		if err != nil {
			t.Fatalf("Get(%s) as %s: %v", r.code, reception.Username, err)
		}
		if len(got.History) != len(events[r.id]) || got.Status != dossier.Status(r.status) {
			t.Errorf("Get(%s): %d events, status %s; want %d, %s", r.code, len(got.History), got.Status, len(events[r.id]), r.status)
		}
		if r.role == "reception" && r.status == string(dossier.StatusSubmitted) && !slices.Contains(got.AllowedActions, workflow.Receive) {
			t.Errorf("Get(%s) as reception: allowed %v; want receive", r.code, got.AllowedActions)
		}
	}
	if checked == 0 {
		t.Error("no open dossier checked")
	}
	in, err := c.wf.Inbox(ctx, c.user(t, "tn.00070"), workflow.InboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("tn.00070 inbox: %d (counts %v)", in.Total, in.Counts)
}

func receptionOf(t *testing.T, c *city, agency int64) *org.User {
	t.Helper()
	var username string
	if err := c.d.QueryRow(context.Background(), `SELECT username FROM users WHERE agency_id = ? AND role = 'reception' AND username LIKE 'tn.%'`,
		agency).Scan(&username); err != nil {
		t.Fatal(err)
	}
	return c.user(t, username)
}

// act takes the next step on a dossier waiting at each step, through the workflow itself:
// generated dossiers must be workable.
func act(t *testing.T, c *city) {
	ctx := context.Background()
	for _, x := range []struct {
		step, action string
	}{{"reception", workflow.Receive}, {"processing", workflow.Forward}, {"approval", workflow.Approve}, {"return", workflow.ReturnResult}} {
		var code string
		var agency int64
		var assignee sql.NullInt64
		err := c.d.QueryRow(ctx, `SELECT code, agency_id, assignee_id FROM dossiers WHERE step = ? AND step_role <> '' ORDER BY id DESC LIMIT 1`,
			x.step).Scan(&code, &agency, &assignee)
		if err != nil {
			t.Logf("no dossier at %s: %v", x.step, err)
			continue
		}
		role := map[string]string{"reception": "reception", "processing": "specialist", "approval": "leader", "return": "reception"}[x.step]
		var username string
		q, args := `SELECT username FROM users WHERE agency_id = ? AND role = ? ORDER BY id DESC LIMIT 1`, []any{agency, role}
		if assignee.Valid {
			q, args = `SELECT username FROM users WHERE id = ?`, []any{assignee.Int64}
		}
		if err := c.d.QueryRow(ctx, q, args...).Scan(&username); err != nil {
			t.Fatal(err)
		}
		d, err := c.wf.Act(ctx, c.user(t, username), code, workflow.ActionInput{Action: x.action})
		if err != nil {
			t.Errorf("%s %s on %s at %s: %v", username, x.action, code, x.step, err)
			continue
		}
		if last := d.History[len(d.History)-1]; !strings.Contains(last.Action, x.action) && last.Action != workflow.Assign {
			t.Errorf("%s on %s: last event %s", x.action, code, last.Action)
		}
	}
}

// TestDeterministic: the same seed on the same database state gives the same dossiers.
func TestDeterministic(t *testing.T) {
	digest := func() string {
		d := dbtest.SQLite(t)
		newCity(t, d)
		if _, err := gen.Generate(context.Background(), d, gen.Options{Dossiers: 300, Year: 2025, Seed: 7}); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, r := range load(t, d) {
			fmt.Fprintln(&b, r.code, r.status, r.step, r.submitted.UTC(), r.form)
		}
		return b.String()
	}
	if a, b := digest(), digest(); a != b {
		t.Error("two runs with the same seed differ")
	}
}

package workflow_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/workflow"
)

// clock is a settable test clock shared by the dossier and workflow stores.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func (f *fixture) withClock(c *clock) {
	f.ds.WithClock(c.now)
	f.wf.WithClock(c.now)
}

// submitProc files an application for procedure code at Hoàn Kiếm as congdan.
func (f *fixture) submitProc(t *testing.T, code string) string {
	t.Helper()
	ctx := context.Background()
	u := f.users["congdan"]
	p, err := f.cat.Current(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
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
		t.Fatalf("submit %s: %v", code, err)
	}
	return out.Code
}

func vn(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, vntime.Location())
}

// A dossier filed online before office hours is not due before the office opens: its
// reception step counts from the next office session, as the result's appointment does.
func TestReceptionDueFromOfficeSession(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		clk := &clock{vn(2026, time.December, 7, 4, 58)} // a Monday
		f.withClock(clk)
		code := f.submit(t)
		in, err := f.wf.Inbox(ctx, f.users["tiepnhan"], workflow.InboxFilter{})
		if err != nil || len(in.Items) != 1 {
			t.Fatalf("inbox = %+v, %v", in, err)
		}
		due := in.Items[0].StepDueAt
		open := vn(2026, time.December, 7, 8, 0)
		if due == nil || !due.After(open) {
			t.Fatalf("reception step of a dossier filed at 04:58 due %v; want after the office opens at %v", due, open)
		}
		// One working day from the session it counts from: Tuesday at the end of office hours.
		if want := vn(2026, time.December, 8, 17, 0); !due.Equal(want) {
			t.Errorf("reception step due %v; want %v", due, want)
		}
		if in.Items[0].SLA != workflow.SLAOK {
			t.Errorf("sla = %q at submission; want ok", in.Items[0].SLA)
		}
		dd, err := f.wf.Get(ctx, f.users["tiepnhan"], code)
		if err != nil || dd.Progress == nil || dd.Progress.StepDueAt == nil || !dd.Progress.StepDueAt.Equal(*due) {
			t.Errorf("dossier's step due %+v, %v; want %v as in the inbox", dd.Progress, err, due)
		}
	})
}

// A dossier received after office hours gets the appointment it would get at the next
// office session, for a procedure in working days and a same-day one alike.
func TestReceiptOutOfHours(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		clk := &clock{vn(2026, time.December, 7, 16, 0)}
		f.withClock(clk)
		for _, proc := range []string{"1.004194", "1.001193"} {
			late, early := f.submitProc(t, proc), f.submitProc(t, proc)
			clk.t = vn(2026, time.December, 7, 18, 30) // Monday evening
			a := f.act(t, "tiepnhan", late, workflow.ActionInput{Action: "receive"})
			clk.t = vn(2026, time.December, 8, 8, 0) // Tuesday's first session
			b := f.act(t, "tiepnhan", early, workflow.ActionInput{Action: "receive"})
			if a.DueAt == nil || b.DueAt == nil || !a.DueAt.Equal(*b.DueAt) {
				t.Errorf("%s received Monday 18:30 due %v; at Tuesday 08:00 %v; want the same", proc, a.DueAt, b.DueAt)
			}
			clk.t = vn(2026, time.December, 7, 16, 0)
		}
	})
}

// Without any sweep, a step whose deadline has passed reads as overdue everywhere: the
// dossier's sla, the inbox row, the inbox's filter and its counts.
func TestOverdueWithoutSweep(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		clk := &clock{vn(2026, time.December, 7, 9, 0)}
		f.withClock(clk)
		code := f.submitProc(t, "1.004194")
		f.act(t, "tiepnhan", code, workflow.ActionInput{Action: "receive"})
		dd, err := f.wf.Get(ctx, f.users["chuyenvien"], code)
		if err != nil || dd.Progress == nil || dd.Progress.StepDueAt == nil {
			t.Fatalf("progress = %+v, %v", dd, err)
		}
		clk.t = dd.Progress.StepDueAt.Add(time.Minute)
		dd, _ = f.wf.Get(ctx, f.users["chuyenvien"], code)
		if dd.Progress.SLA != workflow.SLAOverdue {
			t.Errorf("sla = %q a minute after step_due_at %v; want overdue", dd.Progress.SLA, dd.Progress.StepDueAt)
		}
		in, err := f.wf.Inbox(ctx, f.users["chuyenvien"], workflow.InboxFilter{})
		if err != nil || len(in.Items) != 1 || in.Items[0].SLA != workflow.SLAOverdue || in.Counts["overdue"] != 1 {
			t.Errorf("inbox = %+v, %v; want the dossier overdue, counted", in, err)
		}
		in, _ = f.wf.Inbox(ctx, f.users["chuyenvien"], workflow.InboxFilter{Due: workflow.SLAOverdue})
		if in.Total != 1 {
			t.Errorf("overdue filter finds %d; want 1", in.Total)
		}
	})
}

// For random submission instants and a clock advanced through days, every read (inbox rows,
// counts and filters of each officer, the dossier's sla) agrees with step_due_at and due_at,
// before and after the sweeper runs.
func TestDeadlineReadsAgree(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		r := rand.New(rand.NewPCG(seed, 11))
		cal, err := calendar.NewStore(d, nil).CalendarFor(ctx, "00070")
		if err != nil {
			t.Fatal(err)
		}
		day, err := cal.WorkingTime(vn(2026, time.December, 8, 0, 0), vn(2026, time.December, 9, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		// The rule, from the due times alone: overdue once now is past the nearer of the step's
		// and the dossier's deadline, due soon with less than a working day of office time left.
		want := func(now time.Time, stepDue, due *time.Time) string {
			var near *time.Time
			for _, x := range []*time.Time{stepDue, due} {
				if x != nil && (near == nil || x.Before(*near)) {
					near = x
				}
			}
			if near == nil {
				return workflow.SLAOK
			}
			if now.After(*near) {
				return workflow.SLAOverdue
			}
			left, err := cal.WorkingTime(now, *near)
			if err != nil {
				t.Fatal(err)
			}
			if left < day {
				return workflow.SLADueSoon
			}
			return workflow.SLAOK
		}
		start := vn(2026, time.November, 27, 0, 0).Add(time.Duration(r.IntN(7*24*60)) * time.Minute)
		var subs []time.Time
		for range 6 {
			subs = append(subs, start.Add(time.Duration(r.IntN(5*24*60))*time.Minute))
		}
		sort.Slice(subs, func(i, j int) bool { return subs[i].Before(subs[j]) })
		clk := &clock{subs[0]}
		f.withClock(clk)
		procs := []string{"1.001193", "1.004194", "1.004222", "1.000894"}
		var codes []string
		seen := map[string]int{}
		check := func() {
			t.Helper()
			now := clk.t
			for _, who := range []string{"tiepnhan", "chuyenvien", "lanhdao"} {
				in, err := f.wf.Inbox(ctx, f.users[who], workflow.InboxFilter{PerPage: 100})
				if err != nil {
					t.Fatal(err)
				}
				got := map[string]int{"all": len(in.Items)}
				for _, it := range in.Items {
					if w := want(now, it.StepDueAt, it.DueAt); it.SLA != w {
						t.Errorf("%v %s's inbox: %s sla %q; step due %v, due %v: want %q", now, who, it.Code, it.SLA, it.StepDueAt, it.DueAt, w)
					}
					got[it.SLA]++
					seen[it.SLA]++
				}
				for _, k := range []string{"all", workflow.SLADueSoon, workflow.SLAOverdue} {
					if in.Counts[k] != got[k] {
						t.Errorf("%v %s's inbox counts %s = %d; the rows say %d", now, who, k, in.Counts[k], got[k])
					}
				}
				for _, k := range []string{workflow.SLADueSoon, workflow.SLAOverdue} {
					fin, err := f.wf.Inbox(ctx, f.users[who], workflow.InboxFilter{Due: k, PerPage: 100})
					if err != nil {
						t.Fatal(err)
					}
					if fin.Total != got[k] {
						t.Errorf("%v %s's inbox filtered %s has %d; the rows say %d", now, who, k, fin.Total, got[k])
					}
					for _, it := range fin.Items {
						if it.SLA != k {
							t.Errorf("%v %s's %s filter lists %s as %q", now, who, k, it.Code, it.SLA)
						}
					}
				}
			}
			for _, c := range codes {
				dd, err := f.wf.Get(ctx, f.users["lanhdao"], c)
				if err != nil || dd.Progress == nil {
					t.Fatalf("get %s: %v", c, err)
				}
				w := workflow.SLAOK
				if dd.Progress.StepDueAt != nil && dd.Status != dossier.StatusSupplement && dd.Progress.Step != "closed" {
					w = want(now, dd.Progress.StepDueAt, dd.DueAt)
				}
				if dd.Progress.SLA != w {
					t.Errorf("%v dossier %s (%s) sla %q; step due %v, due %v: want %q", now, c, dd.Status, dd.Progress.SLA,
						dd.Progress.StepDueAt, dd.DueAt, w)
				}
			}
		}
		next := 0
		end := subs[len(subs)-1].AddDate(0, 0, 12)
		for clk.t.Before(end) {
			for next < len(subs) && !subs[next].After(clk.t) {
				codes = append(codes, f.submitProc(t, procs[r.IntN(len(procs))]))
				next++
			}
			// Officers act now and then, at any hour.
			if len(codes) > 0 && r.IntN(4) == 0 {
				c := codes[r.IntN(len(codes))]
				for _, who := range []string{"tiepnhan", "chuyenvien"} {
					allowed := f.allowed(t, who, c)
					for _, a := range []string{"receive", "forward"} {
						for _, x := range allowed {
							if x == a {
								f.act(t, who, c, workflow.ActionInput{Action: a, Note: "Đủ điều kiện"})
							}
						}
					}
				}
			}
			check()
			if r.IntN(3) == 0 {
				if _, err := f.wf.Sweep(ctx); err != nil {
					t.Fatal(err)
				}
				check()
			}
			if t.Failed() {
				return
			}
			clk.t = clk.t.Add(time.Duration(20+r.IntN(400)) * time.Minute)
		}
		// The walk must have met every state, or it proved little.
		if seen[workflow.SLAOK] == 0 || seen[workflow.SLADueSoon] == 0 || seen[workflow.SLAOverdue] == 0 {
			t.Errorf("inbox rows by state %v; want each state met", seen)
		}
	})
}

// The sweeper tells the officers of each step once per state, from the same rule as the reads:
// a dossier still waiting at reception past its deadline is overdue (the leaders are told, as
// nobody is assigned), and a step entered afterwards is warned of again.
func TestSweepOncePerStep(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		if _, err := d.Exec(ctx, `UPDATE users SET email = username || '@example.vn' WHERE username IN ('chuyenvien', 'lanhdao')`); err != nil {
			t.Fatal(err)
		}
		notices := func() int {
			var n int
			if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE template = 'dossier_deadline'`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		clk := &clock{vn(2026, time.December, 7, 9, 0)}
		f.withClock(clk)
		code := f.submitProc(t, "1.004194")
		dd, _ := f.wf.Get(ctx, f.users["lanhdao"], code)
		clk.t = dd.Progress.StepDueAt.Add(time.Hour)
		rep, err := f.wf.Sweep(ctx)
		if err != nil || rep.Overdue != 1 || rep.Escalated != 1 || notices() != 1 {
			t.Fatalf("sweep past the reception step's deadline = %+v, %v, %d notices; want overdue, escalated, the leader told",
				rep, err, notices())
		}
		if rep, _ := f.wf.Sweep(ctx); rep.Overdue+rep.DueSoon+rep.Escalated != 0 {
			t.Errorf("second sweep = %+v; want nothing new", rep)
		}
		f.act(t, "tiepnhan", code, workflow.ActionInput{Action: "receive"})
		dd, _ = f.wf.Get(ctx, f.users["lanhdao"], code)
		if dd.Progress.SLA != workflow.SLAOK {
			t.Fatalf("received, at its new step: sla %q; want ok", dd.Progress.SLA)
		}
		clk.t = dd.Progress.StepDueAt.Add(-time.Hour)
		rep, err = f.wf.Sweep(ctx)
		if err != nil || rep.DueSoon != 1 || rep.Escalated != 0 || notices() != 2 {
			t.Errorf("sweep an hour before the new step's deadline = %+v, %v, %d notices; want due soon, the specialist told",
				rep, err, notices())
		}
		if in, _ := f.wf.Inbox(ctx, f.users["chuyenvien"], workflow.InboxFilter{}); in.Counts[workflow.SLADueSoon] != 1 {
			t.Errorf("specialist's counts %v; want 1 due soon", in.Counts)
		}
	})
}

package review

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
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

// The procedure reviewed: khai sinh, run under the default process (reception 10%, processing
// 60%, approval 20%, return 10% of the legal time).
const proc = "1.001193"

// at is an instant of March 2026 in Hà Nội. March 2–6 and 9–10 are ordinary working days
// (office hours 8:00–12:00 and 13:00–17:00).
func at(day, hour, minute int) time.Time {
	return time.Date(2026, 3, day, hour, minute, 0, 0, vntime.Location())
}

type stepRow struct {
	step       string
	start, end time.Time
	open       bool
	late       bool
}

type fixture struct {
	d     *db.DB
	s     *Store
	users map[string]*org.User
	n     int
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	os, cs := org.NewStore(d), catalog.NewStore(d)
	if err := demo.Seed(ctx, slog.New(slog.DiscardHandler), os, identity.NewStore(d), cs); err != nil {
		t.Fatal(err)
	}
	cal := calendar.NewStore(d, nil)
	ds := dossier.NewStore(dossier.Config{DB: d, Catalog: cs, Org: os, Calendar: cal, Blobs: dossier.DiskStore{Dir: t.TempDir()}})
	wf := workflow.NewStore(workflow.Config{DB: d, Dossiers: ds, Catalog: cs, Org: os, Calendar: cal})
	f := &fixture{d: d, s: NewStore(Config{DB: d, Calendar: cal, Catalog: cs, Org: os, Workflow: wf}), users: map[string]*org.User{}}
	for _, name := range []string{"admin", "catalog", "lanhdao", "chuyenvien", "ketoan"} {
		u, err := os.User(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		f.users[name] = u
	}
	return f
}

// dossier inserts a dossier of proc at agency, submitted and received at received, with its
// step log; finished (returned) when finished is not zero.
func (f *fixture) dossier(t *testing.T, agency string, received, due, finished time.Time, steps ...stepRow) {
	t.Helper()
	ctx := context.Background()
	f.n++
	var agencyID int64
	if err := f.d.QueryRow(ctx, `SELECT id FROM agencies WHERE code = ?`, agency).Scan(&agencyID); err != nil {
		t.Fatal(err)
	}
	status, code := "processing", 4
	var fin any
	if !finished.IsZero() {
		status, code, fin = "returned", 10, finished
	}
	id, err := db.InsertID(ctx, f.d, `INSERT INTO dossiers (code, procedure_code, procedure_version, agency_id, applicant_name,
		channel, status, status_code, form, submitted_at, received_at, due_at, finished_at, updated_at)
		VALUES (?, ?, 1, ?, 'Nguyễn Văn A', 'online', ?, ?, '{}', ?, ?, ?, ?, ?)`,
		fmt.Sprintf("T-%04d", f.n), proc, agencyID, status, code, received, received, due, fin, received)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range steps {
		var end any
		if !s.open {
			end = s.end
		}
		late := 0
		if s.late {
			late = 1
		}
		if _, err := f.d.Exec(ctx, `INSERT INTO dossier_steps (dossier_id, step, agency_id, started_at, ended_at, late)
			VALUES (?, ?, ?, ?, ?, ?)`, id, s.step, agencyID, s.start, end, late); err != nil {
			t.Fatal(err)
		}
	}
}

// history builds the dossiers every test reads. Each legal time is 5 working days, 40 working
// hours; the step budgets are 4, 24, 8 and 4 hours. Times spent (working hours):
//
//	dossier  reception processing approval return  total  settled
//	A        2         13         2        1       18     on time
//	B        1         37 late    5 late   2 late  45     late
//	C        0.5       27.5       14 late  1       43     late
//	D        4         (open)                            not settled
//	E        1 — submitted 20 March, outside the period
//	F (Ba Đình) 1      7          2        1       11     on time
func (f *fixture) history(t *testing.T) {
	f.dossier(t, "00070", at(2, 8, 0), at(6, 17, 0), at(4, 10, 0),
		stepRow{step: "reception", start: at(2, 8, 0), end: at(2, 10, 0)},
		stepRow{step: "processing", start: at(2, 10, 0), end: at(3, 16, 0)},
		stepRow{step: "approval", start: at(3, 16, 0), end: at(4, 9, 0)},
		stepRow{step: "return", start: at(4, 9, 0), end: at(4, 10, 0)})
	f.dossier(t, "00070", at(2, 8, 0), at(6, 17, 0), at(9, 14, 0),
		stepRow{step: "reception", start: at(2, 8, 0), end: at(2, 9, 0)},
		stepRow{step: "processing", start: at(2, 9, 0), end: at(6, 15, 0), late: true},
		stepRow{step: "approval", start: at(6, 15, 0), end: at(9, 11, 0), late: true},
		stepRow{step: "return", start: at(9, 11, 0), end: at(9, 14, 0), late: true})
	f.dossier(t, "00070", at(3, 8, 0), at(9, 17, 0), at(10, 11, 0),
		stepRow{step: "reception", start: at(3, 8, 0), end: at(3, 8, 30)},
		stepRow{step: "processing", start: at(3, 8, 30), end: at(6, 12, 0)},
		stepRow{step: "approval", start: at(6, 12, 0), end: at(10, 10, 0), late: true},
		stepRow{step: "return", start: at(10, 10, 0), end: at(10, 11, 0)})
	f.dossier(t, "00070", at(4, 8, 0), at(10, 17, 0), time.Time{},
		stepRow{step: "reception", start: at(4, 8, 0), end: at(4, 12, 0)},
		stepRow{step: "processing", start: at(4, 12, 0), open: true})
	f.dossier(t, "00070", at(20, 8, 0), at(26, 17, 0), time.Time{},
		stepRow{step: "reception", start: at(20, 8, 0), end: at(20, 9, 0)})
	f.dossier(t, "00004", at(2, 8, 0), at(6, 17, 0), at(3, 11, 0),
		stepRow{step: "reception", start: at(2, 8, 0), end: at(2, 9, 0)},
		stepRow{step: "processing", start: at(2, 9, 0), end: at(2, 17, 0)},
		stepRow{step: "approval", start: at(3, 8, 0), end: at(3, 10, 0)},
		stepRow{step: "return", start: at(3, 10, 0), end: at(3, 11, 0)})
}

var march = Query{Procedure: proc, From: "2026-03-01", To: "2026-03-10"}

func TestReview(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.history(t)
		ctx := context.Background()
		// The leader of Hoàn Kiếm reads Hoàn Kiếm's dossiers A–D (E is outside the period).
		got, err := f.s.Review(ctx, f.users["lanhdao"], march)
		if err != nil {
			t.Fatal(err)
		}
		// Nearest rank: of n sorted values the median is at ⌈n/2⌉, P90 at ⌈0.9n⌉.
		want := []StepStat{
			// reception 0.5, 1, 2, 4: median rank 2, P90 rank 4; budget 10% of 40 h.
			{Step: "reception", BudgetPercent: 10, BudgetHours: 4, Passes: 4, MedianHours: 1, P90Hours: 4, Ratio: 1},
			// processing 13, 27.5, 37: median rank 2, P90 rank 3; 37/24 = 1.5417.
			{Step: "processing", BudgetPercent: 60, BudgetHours: 24, Passes: 3, MedianHours: 27.5, P90Hours: 37, Late: 1, LateShare: 0.3333, Ratio: 1.54},
			// approval 2, 5, 14: 14/8.
			{Step: "approval", BudgetPercent: 20, BudgetHours: 8, Passes: 3, MedianHours: 5, P90Hours: 14, Late: 2, LateShare: 0.6667, Ratio: 1.75},
			// return 1, 1, 2: 2/4.
			{Step: "return", BudgetPercent: 10, BudgetHours: 4, Passes: 3, MedianHours: 1, P90Hours: 2, Late: 1, LateShare: 0.3333, Ratio: 0.5},
		}
		for i := range got.Steps {
			got.Steps[i].Name = ""
		}
		if diff := cmp.Diff(want, got.Steps); diff != "" {
			t.Errorf("Review steps (-want +got):\n%s", diff)
		}
		// Settled A, B, C: 18, 43, 45 hours; legal 40; A alone on time.
		wantTotal := Total{Dossiers: 3, LegalHours: 40, MedianHours: 43, P90Hours: 45, OnTime: 1, OnTimeShare: 0.3333}
		if got.Total != wantTotal || got.Agency != "00070" || got.TimeUnit != WorkingHours {
			t.Errorf("Review total = %+v, agency %q, unit %q; want %+v at 00070 in working hours", got.Total, got.Agency, got.TimeUnit, wantTotal)
		}

		// An administrator reads the city: F joins (11 hours, on time): 11, 18, 43, 45.
		city, err := f.s.Review(ctx, f.users["admin"], march)
		if err != nil {
			t.Fatal(err)
		}
		wantCity := Total{Dossiers: 4, LegalHours: 40, MedianHours: 18, P90Hours: 45, OnTime: 2, OnTimeShare: 0.5}
		if city.Total != wantCity || city.Agency != "" {
			t.Errorf("city Review total = %+v (agency %q); want %+v", city.Total, city.Agency, wantCity)
		}
		if rec := city.Steps[0]; rec.Passes != 5 || rec.MedianHours != 1 {
			t.Errorf("city reception = %+v; want 5 passes (0.5, 1, 1, 2, 4), median 1", rec)
		}
	})
}

func TestBottlenecks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.history(t)
		got, err := f.s.Bottlenecks(context.Background(), f.users["catalog"], Query{From: "2026-03-01", To: "2026-03-10", Agency: "00070"})
		if err != nil {
			t.Fatal(err)
		}
		var order []string
		var ratios []float64
		for _, b := range got.Items {
			order = append(order, b.Procedure+"/"+b.Step)
			ratios = append(ratios, b.Ratio)
		}
		// P90/budget: approval 14/8, processing 37/24, reception 4/4, return 2/4.
		wantOrder := []string{proc + "/approval", proc + "/processing", proc + "/reception", proc + "/return"}
		if !cmp.Equal(order, wantOrder) || !cmp.Equal(ratios, []float64{1.75, 1.54, 1, 0.5}) {
			t.Errorf("Bottlenecks = %v %v; want %v [1.75 1.54 1 0.5]", order, ratios, wantOrder)
		}
	})
}

func TestSimulate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		f.history(t)
		ctx := context.Background()
		hours := func(n int) *int { return &n }
		before := Outcome{OnTime: 1, OnTimeShare: 0.3333, MedianHours: 43}
		for _, tc := range []struct {
			name   string
			change Change
			after  Outcome
			moved  int
		}{
			// Without approval: A 18−2 = 16, B 45−5 = 40 ≤ 40 on time, C 43−14 = 29 on time.
			{"remove approval", Change{Step: "approval", Remove: true}, Outcome{OnTime: 3, OnTimeShare: 1, MedianHours: 29}, 2},
			// Approval within 6 h: A (2) and B (5) unchanged; C loses 14−6 = 8: 35 ≤ 40.
			{"approval in 6 h", Change{Step: "approval", BudgetHours: hours(6)}, Outcome{OnTime: 2, OnTimeShare: 0.6667, MedianHours: 35}, 1},
			// Processing within 30 h: B loses 37−30 = 7: 38 ≤ 40; A and C unchanged (13, 27.5).
			{"processing in 30 h", Change{Step: "processing", BudgetHours: hours(30)}, Outcome{OnTime: 2, OnTimeShare: 0.6667, MedianHours: 38}, 1},
		} {
			got, err := f.s.Simulate(ctx, f.users["lanhdao"], march, tc.change)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if got.Dossiers != 3 || got.Before != before || got.After != tc.after || got.LateToOnTime != tc.moved {
				t.Errorf("%s: Simulate = %d dossiers, before %+v, after %+v, %d late to on time; want 3, %+v, %+v, %d",
					tc.name, got.Dossiers, got.Before, got.After, got.LateToOnTime, before, tc.after, tc.moved)
			}
		}
	})
}

func TestInvalidAndForbidden(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		six := 6
		for _, tc := range []struct {
			name  string
			q     Query
			c     Change
			field string
		}{
			{"no procedure", Query{From: "2026-03-01", To: "2026-03-10"}, Change{Step: "approval", Remove: true}, "procedure"},
			{"unknown procedure", Query{Procedure: "9.999999", From: "2026-03-01", To: "2026-03-10"}, Change{Step: "approval", Remove: true}, "procedure"},
			{"bad from", Query{Procedure: proc, From: "01/03/2026", To: "2026-03-10"}, Change{Step: "approval", Remove: true}, "from"},
			// 2025-01-01 to 2026-01-01 is 366 days, to 2026-01-02 is 367.
			{"367 days", Query{Procedure: proc, From: "2025-01-01", To: "2026-01-02"}, Change{Step: "approval", Remove: true}, "to"},
			{"to before from", Query{Procedure: proc, From: "2026-03-10", To: "2026-03-09"}, Change{Step: "approval", Remove: true}, "to"},
			{"unknown step", march, Change{Step: "nap-tien", Remove: true}, "step"},
			{"both", march, Change{Step: "approval", Remove: true, BudgetHours: &six}, "budget_hours"},
			{"neither", march, Change{Step: "approval"}, "budget_hours"},
		} {
			_, err := f.s.Simulate(ctx, f.users["admin"], tc.q, tc.c)
			e, ok := apperr.As(err)
			if !ok || e.Kind != apperr.KindUnprocessable || len(e.Fields) == 0 || e.Fields[0].Path != tc.field {
				t.Errorf("%s: Simulate error = %v; want invalid naming %s", tc.name, err, tc.field)
			}
		}
		if _, err := f.s.Review(ctx, f.users["admin"], Query{Procedure: proc, From: "2025-01-01", To: "2026-01-01"}); err != nil {
			t.Errorf("Review of 366 days: %v", err)
		}
		for _, tc := range []struct {
			user, agency string
		}{{"chuyenvien", ""}, {"ketoan", ""}, {"lanhdao", "00004"}} {
			_, err := f.s.Review(ctx, f.users[tc.user], Query{Procedure: proc, From: "2026-03-01", To: "2026-03-10", Agency: tc.agency})
			if apperr.KindOf(err) != apperr.KindForbidden {
				t.Errorf("Review by %s at %q: %v; want forbidden", tc.user, tc.agency, err)
			}
		}
		if _, err := f.s.Review(ctx, nil, march); apperr.KindOf(err) != apperr.KindUnauthenticated {
			t.Errorf("Review by nobody: %v; want unauthenticated", err)
		}
	})
}

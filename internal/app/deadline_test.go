package app_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/vntime"
)

// The API answers a dossier's deadlines as the clock stands: a dossier filed at 04:58 on a
// Monday has its reception step due after the office opens, and once that passes the inbox's
// row, its counts, its filter and the dossier all say overdue, with no sweep in between.
func TestDeadlinesThroughAPI(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			var now atomic.Int64
			set := func(t time.Time) { now.Store(t.UnixNano()) }
			clock := func() time.Time { return time.Unix(0, now.Load()).In(vntime.Location()) }
			set(time.Date(2026, time.December, 7, 4, 58, 0, 0, vntime.Location())) // a Monday
			a, base := apptest.StartWith(t, engine, func(a *app.App) {
				a.Dossiers.WithClock(clock)
				a.Workflow.WithClock(clock)
			})
			cit := login(t, base, "congdan")
			var sub struct{ Code string }
			cit.json("POST", "/api/v1/dossiers", khaiSinh(t, a, cit), 201, &sub)

			type inbox struct {
				Items []struct {
					Code      string
					StepDueAt time.Time `json:"step_due_at"`
					SLA       string
				}
				Total  int
				Counts map[string]int
			}
			type dossierOut struct {
				Progress struct {
					StepDueAt time.Time `json:"step_due_at"`
					SLA       string
				}
			}
			tn := login(t, base, "tiepnhan")
			var in inbox
			tn.json("GET", "/api/v1/inbox", nil, 200, &in)
			if len(in.Items) != 1 || in.Items[0].Code != sub.Code {
				t.Fatalf("inbox = %+v", in)
			}
			due := in.Items[0].StepDueAt
			if open := time.Date(2026, time.December, 7, 8, 0, 0, 0, vntime.Location()); !due.After(open) || in.Items[0].SLA != "ok" {
				t.Errorf("filed at 04:58: step due %v, sla %q; want after the office opens at %v, ok", due, in.Items[0].SLA, open)
			}

			set(due.Add(time.Minute))
			tn.json("GET", "/api/v1/inbox", nil, 200, &in)
			if len(in.Items) != 1 || in.Items[0].SLA != "overdue" || in.Counts["overdue"] != 1 {
				t.Errorf("a minute after step_due_at %v the inbox says %+v; want overdue, counted", due, in)
			}
			tn.json("GET", "/api/v1/inbox?due=overdue", nil, 200, &in)
			if in.Total != 1 {
				t.Errorf("inbox?due=overdue has %d; want 1", in.Total)
			}
			var d dossierOut
			tn.json("GET", "/api/v1/dossiers/"+sub.Code, nil, 200, &d)
			if d.Progress.SLA != "overdue" || !d.Progress.StepDueAt.Equal(due) {
				t.Errorf("dossier progress = %+v; want overdue, due %v", d.Progress, due)
			}
		})
	}
}

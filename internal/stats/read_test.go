package stats_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/stats"
	"github.com/motcua/motcua/internal/vntime"
)

// TestTotalsAtMoments checks the read API on four dossiers set up directly (then rebuilt), with
// figures computed by hand: the period's counts, in progress and overdue at a past day's end,
// at the end of today and now (a dossier due later today is not overdue yet), and the agency
// filter.
func TestTotalsAtMoments(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		os := org.NewStore(d)
		ids := map[string]int64{}
		for _, code := range []string{"A", "B"} {
			a := &org.Agency{Code: code, Kind: org.KindCity, Level: "province", Name: "Cơ quan " + code}
			if err := os.CreateAgency(ctx, a); err != nil {
				t.Fatal(err)
			}
			got, err := os.Agency(ctx, code)
			if err != nil {
				t.Fatal(err)
			}
			ids[code] = got.ID
		}
		A, B := ids["A"], ids["B"]
		at := func(s string) any {
			if s == "" {
				return nil
			}
			v, err := time.ParseInLocation("2006-01-02 15:04", s, vntime.Location())
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		for i, r := range []struct {
			agency                   int64
			channel, status          string
			submitted, due, finished string
		}{
			{A, "online", "processing", "2026-06-01 09:00", "2026-06-10 10:00", ""},           // overdue since this morning
			{A, "counter", "processing", "2026-06-02 09:00", "2026-06-10 17:00", ""},          // due later today
			{A, "post", "supplement_requested", "2026-06-03 09:00", "2026-06-05 17:00", ""},   // paused
			{B, "online", "done", "2026-06-04 09:00", "2026-06-08 17:00", "2026-06-09 08:00"}, // late by a day
		} {
			if _, err := d.Exec(ctx, `INSERT INTO dossiers (code, procedure_code, procedure_version, agency_id, applicant_name, channel,
				status, status_code, form, submitted_at, updated_at, due_at, finished_at) VALUES (?, 'p', 1, ?, 'X', ?, ?, 4, '{}', ?, ?, ?, ?)`,
				"D"+string(rune('0'+i)), r.agency, r.channel, r.status, at(r.submitted), at(r.submitted), at(r.due), at(r.finished)); err != nil {
				t.Fatal(err)
			}
		}
		if err := stats.Rebuild(ctx, d); err != nil {
			t.Fatal(err)
		}
		s := stats.NewStore(d)
		day := func(s string) time.Time { return at(s + " 00:00").(time.Time) }
		now := at("2026-06-10 14:00").(time.Time)
		for _, c := range []struct {
			name string
			q    stats.Query
			want map[int64]stats.Totals
		}{
			{"the period up to now", stats.Query{From: day("2026-06-01"), To: day("2026-06-10"), Now: now}, map[int64]stats.Totals{
				A: {Received: 3, Online: 1, Counter: 1, Post: 1, InProgress: 3, Overdue: 1},
				B: {Received: 1, Online: 1, Settled: 1, Late: 1, Finished: 1}}},
			{"the end of 8 June", stats.Query{From: day("2026-06-08"), To: day("2026-06-08"), Now: now}, map[int64]stats.Totals{
				A: {InProgress: 3}, B: {InProgress: 1, Overdue: 1}}},
			{"the end of 10 June, seen the next morning", stats.Query{From: day("2026-06-10"), To: day("2026-06-10"),
				Now: at("2026-06-11 09:00").(time.Time)}, map[int64]stats.Totals{A: {InProgress: 3, Overdue: 2}, B: {}}},
			{"B alone, and an agency without dossiers", stats.Query{From: day("2026-06-01"), To: day("2026-06-30"), Now: now,
				Agencies: []int64{B, 999}}, map[int64]stats.Totals{B: {Received: 1, Online: 1, Settled: 1, Late: 1, Finished: 1}, 999: {}}},
			{"since the beginning, from May", stats.Query{To: day("2026-06-10"), Now: now}, map[int64]stats.Totals{
				A: {Received: 3, Online: 1, Counter: 1, Post: 1, InProgress: 3, Overdue: 1},
				B: {Received: 1, Online: 1, Settled: 1, Late: 1, Finished: 1}}},
		} {
			got, err := s.Totals(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("%s: Totals = %+v; want %+v", c.name, got, c.want)
			}
		}
		// By procedure, June: both agencies' one procedure.
		got, err := s.ByProcedure(ctx, stats.Query{From: day("2026-06-01"), To: day("2026-06-30"), Now: now})
		if err != nil {
			t.Fatal(err)
		}
		want := []stats.ProcedureTotals{{AgencyID: A, Procedure: "p", MonthCounts: stats.MonthCounts{Received: 3, Online: 1}},
			{AgencyID: B, Procedure: "p", MonthCounts: stats.MonthCounts{Received: 1, Online: 1, Settled: 1, Late: 1, Finished: 1}}}
		if A > B {
			want[0], want[1] = want[1], want[0]
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ByProcedure = %+v; want %+v", got, want)
		}
	})
}

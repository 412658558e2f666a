package stats_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/stats"
	"github.com/motcua/motcua/internal/vntime"
)

// BenchmarkDashboard times the city-wide dashboard's queries on generated databases (issue 13:
// at 10 million dossiers within 2× of the time at 100,000). Each of MOTCUA_BENCH_SQLITE_SMALL,
// MOTCUA_BENCH_SQLITE_LARGE, MOTCUA_BENCH_PG_SMALL and MOTCUA_BENCH_PG_LARGE names a data
// directory (SQLite) or a postgres:// URL; those unset are skipped. Each database is migrated
// and its aggregates rebuilt if not built (timed), then each query's median of rounds is
// printed, and the large/small ratio per engine when both are given; the rounds of the
// databases alternate. Generate one with
//
//	go run ./cmd/motcua generate --data /tmp/x --dossiers 100000 --year 2025
//
// "Now" is the evening of the last day with submissions, so that "today" has figures.
func BenchmarkDashboard(b *testing.B) {
	const rounds = 21
	ctx := context.Background()
	type query struct {
		name string
		run  func(s *stats.Store, now time.Time) error
	}
	queries := []query{
		{"totals-month", func(s *stats.Store, now time.Time) error {
			_, err := s.Totals(ctx, stats.Query{From: now.AddDate(0, -1, 1), To: now, Now: now})
			return err
		}},
		{"totals-year", func(s *stats.Store, now time.Time) error {
			_, err := s.Totals(ctx, stats.Query{From: time.Date(now.Year(), 1, 1, 0, 0, 0, 0, vntime.Location()), To: now, Now: now})
			return err
		}},
		{"totals-today", func(s *stats.Store, now time.Time) error {
			_, err := s.Totals(ctx, stats.Query{From: now, To: now, Now: now})
			return err
		}},
		{"series-months", func(s *stats.Store, now time.Time) error {
			_, err := s.Series(ctx, stats.Query{From: time.Date(now.Year(), 1, 1, 0, 0, 0, 0, vntime.Location()), To: now, Now: now}, stats.ByMonth)
			return err
		}},
		{"by-procedure-month", func(s *stats.Store, now time.Time) error {
			_, err := s.ByProcedure(ctx, stats.Query{From: now, To: now, Now: now})
			return err
		}},
	}
	type target struct {
		env   string
		store *stats.Store
		now   time.Time
		times map[string][]time.Duration
	}
	var targets []*target
	for _, env := range []string{"MOTCUA_BENCH_SQLITE_SMALL", "MOTCUA_BENCH_SQLITE_LARGE", "MOTCUA_BENCH_PG_SMALL", "MOTCUA_BENCH_PG_LARGE"} {
		where := os.Getenv(env)
		if where == "" {
			continue
		}
		url, dir := where, ""
		if !strings.HasPrefix(where, "postgres://") && !strings.HasPrefix(where, "postgresql://") {
			url, dir = "", where
		}
		d, err := db.Open(ctx, url, dir)
		if err != nil {
			b.Fatalf("%s: %v", env, err)
		}
		defer d.Close()
		began := time.Now()
		if n, err := d.Migrate(ctx); err != nil {
			b.Fatalf("%s: migrate: %v", env, err)
		} else if n > 0 {
			fmt.Printf("%-26s %d migrations applied in %v\n", env, n, time.Since(began).Round(time.Millisecond))
		}
		began = time.Now()
		rebuilt, err := stats.EnsureBuilt(ctx, d)
		if err != nil {
			b.Fatalf("%s: rebuild: %v", env, err)
		}
		if rebuilt {
			fmt.Printf("%-26s aggregates rebuilt in %v\n", env, time.Since(began).Round(time.Millisecond))
		}
		var last string
		if err := d.QueryRow(ctx, `SELECT COALESCE(MAX(day), '') FROM stats_agency_day WHERE received > 0`).Scan(&last); err != nil || last == "" {
			b.Fatalf("%s: no dossiers (%v)", env, err)
		}
		day, _ := time.ParseInLocation(time.DateOnly, last, vntime.Location())
		targets = append(targets, &target{env: env, store: stats.NewStore(d), now: day.Add(16 * time.Hour), times: map[string][]time.Duration{}})
	}
	if len(targets) == 0 {
		b.Skip("set MOTCUA_BENCH_SQLITE_SMALL/LARGE or MOTCUA_BENCH_PG_SMALL/LARGE to a data dir or postgres URL")
	}
	// Rounds alternate between the databases, so that a change in the machine's load falls on
	// both sizes alike.
	for _, q := range queries {
		for range rounds {
			for _, t := range targets {
				t0 := time.Now()
				if err := q.run(t.store, t.now); err != nil {
					b.Fatalf("%s %s: %v", t.env, q.name, err)
				}
				t.times[q.name] = append(t.times[q.name], time.Since(t0))
			}
		}
	}
	median := map[string]time.Duration{}
	for _, t := range targets {
		for _, q := range queries {
			ts := t.times[q.name]
			slices.Sort(ts)
			median[t.env+" "+q.name] = ts[len(ts)/2]
			fmt.Printf("%-26s %-20s median %v of %d\n", t.env, q.name, ts[len(ts)/2].Round(time.Microsecond), rounds)
		}
	}
	for _, engine := range []string{"SQLITE", "PG"} {
		small, large := "MOTCUA_BENCH_"+engine+"_SMALL", "MOTCUA_BENCH_"+engine+"_LARGE"
		for _, q := range queries {
			s, okS := median[small+" "+q.name]
			l, okL := median[large+" "+q.name]
			if okS && okL {
				fmt.Printf("%-6s %-20s large/small %.2f (issue 13: at most 2)\n", engine, q.name, float64(l)/float64(max(s, 1)))
			}
		}
	}
	for b.Loop() {
	}
}

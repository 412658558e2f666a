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
// printed, and the large/small ratio per engine when both are given. Generate one with
//
//	go run ./cmd/motcua generate --data /tmp/x --dossiers 100000 --year 2025
//
// "Now" is the evening of the last day with submissions, so that "today" has figures.
func BenchmarkDashboard(b *testing.B) {
	const rounds = 21
	ctx := context.Background()
	type result struct{ medians map[string]time.Duration }
	results := map[string]result{}
	var names []string
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
		if _, err := d.Migrate(ctx); err != nil {
			b.Fatalf("%s: migrate: %v", env, err)
		}
		began := time.Now()
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
		now := day.Add(16 * time.Hour)
		s := stats.NewStore(d)
		queries := []struct {
			name string
			run  func() error
		}{
			{"totals-month", func() error {
				_, err := s.Totals(ctx, stats.Query{From: now.AddDate(0, -1, 1), To: now, Now: now})
				return err
			}},
			{"totals-year", func() error {
				_, err := s.Totals(ctx, stats.Query{From: time.Date(now.Year(), 1, 1, 0, 0, 0, 0, vntime.Location()), To: now, Now: now})
				return err
			}},
			{"totals-today", func() error {
				_, err := s.Totals(ctx, stats.Query{From: now, To: now, Now: now})
				return err
			}},
			{"series-months", func() error {
				_, err := s.Series(ctx, stats.Query{From: time.Date(now.Year(), 1, 1, 0, 0, 0, 0, vntime.Location()), To: now, Now: now}, stats.ByMonth)
				return err
			}},
			{"by-procedure-month", func() error {
				_, err := s.ByProcedure(ctx, stats.Query{From: now, To: now, Now: now})
				return err
			}},
		}
		r := result{medians: map[string]time.Duration{}}
		for _, q := range queries {
			times := make([]time.Duration, 0, rounds)
			for range rounds {
				t0 := time.Now()
				if err := q.run(); err != nil {
					b.Fatalf("%s %s: %v", env, q.name, err)
				}
				times = append(times, time.Since(t0))
			}
			slices.Sort(times)
			r.medians[q.name] = times[rounds/2]
			fmt.Printf("%-26s %-20s median %v of %d\n", env, q.name, times[rounds/2].Round(time.Microsecond), rounds)
		}
		results[env] = r
		names = append(names, env)
	}
	if len(names) == 0 {
		b.Skip("set MOTCUA_BENCH_SQLITE_SMALL/LARGE or MOTCUA_BENCH_PG_SMALL/LARGE to a data dir or postgres URL")
	}
	for _, engine := range []string{"SQLITE", "PG"} {
		small, okS := results["MOTCUA_BENCH_"+engine+"_SMALL"]
		large, okL := results["MOTCUA_BENCH_"+engine+"_LARGE"]
		if !okS || !okL {
			continue
		}
		for _, q := range []string{"totals-month", "totals-year", "totals-today", "series-months", "by-procedure-month"} {
			fmt.Printf("%-6s %-20s large/small %.2f (issue 13: at most 2)\n", engine, q,
				float64(large.medians[q])/float64(max(small.medians[q], 1)))
		}
	}
	for b.Loop() {
	}
}

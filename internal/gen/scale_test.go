package gen_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/gen"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/workflow"
)

// BenchmarkScale checks that what an officer waits for does not grow with the size of the
// database. On each engine it times an officer's first inbox page and a dossier page in Hà
// Nội's busiest ward on 31 December 2025 at 16:00, first with 24,000 dossiers filed since
// 29 December (the city's volume of those days), then with the whole year — 2.4 million
// dossiers (egov.md §9) — and fails when a median more than doubles. Both states hold the
// same recent work at the same moment, so only the history differs; the page and the queue
// an officer sees are about the same. For comparison it also times a database holding 24,000
// dossiers spread over the whole year, where the officer's inbox is almost empty. It prints the
// query plans of the inbox, to show they use the index rather than scan the dossiers.
//
// It takes several minutes per engine, so it runs only with MOTCUA_SCALE=1:
//
//	MOTCUA_SCALE=1 MOTCUA_TEST_POSTGRES=postgres://… go test ./internal/gen -run '^$' -bench Scale -benchtime 1x -timeout 3h
//
// MOTCUA_SCALE_SMALL and MOTCUA_SCALE_LARGE change the two sizes.
func BenchmarkScale(b *testing.B) {
	if os.Getenv("MOTCUA_SCALE") != "1" {
		b.Skip("set MOTCUA_SCALE=1 to generate 2.4 million dossiers per engine (several minutes each)")
	}
	small, large := envInt(b, "MOTCUA_SCALE_SMALL", 24_000), envInt(b, "MOTCUA_SCALE_LARGE", 2_400_000)
	b.Run("sqlite", func(b *testing.B) { scale(b, dbtest.SQLite, small, large) })
	b.Run("postgres", func(b *testing.B) { scale(b, dbtest.Postgres, small, large) })
}

func envInt(b *testing.B, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		b.Fatalf("%s=%q: %v", name, s, err)
	}
	return n
}

// measurement is the median and 90th percentile of one operation.
type measurement struct {
	name         string
	median, p90  time.Duration
	items, total int
}

func (m measurement) String() string {
	return fmt.Sprintf("%8v (p90 %8v, %3d of %4d)", m.median.Round(time.Microsecond), m.p90.Round(time.Microsecond), m.items, m.total)
}

func scale(b *testing.B, open func(testing.TB) *db.DB, small, large int) {
	ctx := context.Background()
	loc := vntime.Location()
	cut := time.Date(2025, 12, 29, 0, 0, 0, 0, loc)
	grow := func(c *city, o gen.Options, what string) {
		o.Year, o.Calendar = 2025, c.cal
		if testing.Verbose() {
			next := 0
			o.Progress = func(s gen.Stats) {
				if s.Dossiers >= next {
					fmt.Printf("  %s: %d / %d dossiers, %.0f rows/s\n", c.d.Engine, s.Dossiers, o.Dossiers, s.RowsPerSecond())
					next = s.Dossiers + o.Dossiers/10
				}
			}
		}
		st, err := gen.Generate(ctx, c.d, o)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: generated %s: %d dossiers, %d events, %d steps, %d attachments, %d users, in %.1f s: %.0f rows/s; %d open, %d overdue",
			c.d.Engine, what, st.Dossiers, st.Events, st.Steps, st.Attachments, st.Officers+st.Citizens, st.Elapsed.Seconds(),
			st.RowsPerSecond(), st.Open, st.Overdue)
	}
	// The small database: the last three days of the year. The same seed on an empty database
	// gives the same dossiers, so the large one starts as its copy, then gets the rest of the
	// year. For comparison, a small city: as many dossiers spread over the whole year.
	ref, big, sparse := newCity(b, open(b)), newCity(b, open(b)), newCity(b, open(b))
	grow(ref, gen.Options{Dossiers: small, Seed: 1, From: cut}, count(small)+" filed 29–31 Dec")
	grow(sparse, gen.Options{Dossiers: small, Seed: 1}, count(small)+" over the year")
	grow(big, gen.Options{Dossiers: small, Seed: 1, From: cut}, count(small)+" filed 29–31 Dec")
	grow(big, gen.Options{Dossiers: large - small, Seed: 2, To: cut}, count(large-small)+" filed 1 Jan–28 Dec")
	explain(b, ref)
	explain(b, big)
	var size int64
	if big.d.Engine == db.Postgres {
		big.d.QueryRow(ctx, `SELECT pg_database_size(current_database())`).Scan(&size)
	} else {
		var pages, pageSize int64
		big.d.QueryRow(ctx, `PRAGMA page_count`).Scan(&pages)
		big.d.QueryRow(ctx, `PRAGMA page_size`).Scan(&pageSize)
		size = pages * pageSize
	}
	b.Logf("%s: database %.1f GiB", big.d.Engine, float64(size)/(1<<30))

	// Time the three databases call by call, so that other load on the machine falls on all.
	ops := [][]op{operations(b, ref, nil), operations(b, big, ref), operations(b, sparse, nil)}
	fail := false
	for i := range ops[0] {
		m := compare(ops[0][i], ops[1][i], ops[2][i])
		ratio := float64(m[1].median) / float64(m[0].median)
		b.Logf("%s %-31s | %s since 29 Dec %s | %s year %s | %.2f× (target ≤ 2×) | %s over the year %s",
			big.d.Engine, ops[0][i].name, count(small), m[0], count(large), m[1], ratio, count(small), m[2])
		b.ReportMetric(ratio, strings.NewReplacer(" ", "_", "(", "", ")", "", "=", "_").Replace(ops[0][i].name)+"-ratio")
		if ratio > 2 {
			fail = true
		}
	}
	if fail {
		b.Errorf("%s: an operation is more than twice as slow with %s dossiers as with %s", big.d.Engine, count(large), count(small))
	}
}

// op is one timed operation; it returns how many items it showed, of how many.
type op struct {
	name string
	fn   func() (int, int)
}

// compare times the operations in turn, 301 rounds after a warm-up of 30 (fewer when a round
// takes long: at most about two minutes, and at least 21 rounds), and returns the median and
// 90th percentile of each.
func compare(ops ...op) []measurement {
	start := time.Now()
	for i := 0; i < 30 && (i < 3 || time.Since(start) < 20*time.Second); i++ {
		for _, o := range ops {
			o.fn()
		}
	}
	ts := make([][]time.Duration, len(ops))
	ms := make([]measurement, len(ops))
	start = time.Now()
	for round := 0; round < 301 && (round < 21 || time.Since(start) < 2*time.Minute); round++ {
		for i, o := range ops {
			t := time.Now()
			ms[i].items, ms[i].total = o.fn()
			ts[i] = append(ts[i], time.Since(t))
		}
	}
	for i := range ops {
		slices.Sort(ts[i])
		ms[i].median, ms[i].p90 = ts[i][len(ts[i])/2], ts[i][len(ts[i])*9/10]
	}
	return ms
}

func count(n int) string {
	switch {
	case n >= 1_000_000 && n%100_000 == 0:
		return strconv.FormatFloat(float64(n)/1e6, 'f', -1, 64) + "M"
	case n >= 1000 && n%1000 == 0:
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

// operations are what an officer of the busiest ward, Hoàn Kiếm (00070), waits for: the
// first page of the inbox of each role, and dossier pages. The dossier pages are a hundred of
// the ward's dossiers spread over the period, open and closed, in turn; the same ones as in
// like (the database this one was grown from) when given.
func operations(b *testing.B, c *city, like *city) []op {
	ctx := context.Background()
	tn, cv, ld := c.user(b, "tn.00070"), c.user(b, "cv.00070.1"), c.user(b, "ld.00070")
	inbox := func(u *org.User, f workflow.InboxFilter) func() (int, int) {
		return func() (int, int) {
			in, err := c.wf.Inbox(ctx, u, f)
			if err != nil {
				b.Fatal(err)
			}
			return len(in.Items), in.Total
		}
	}
	from := c
	if like != nil {
		from = like
	}
	rows, err := from.d.Query(ctx, `SELECT code FROM dossiers WHERE agency_id = ? ORDER BY id`, tn.AgencyID)
	if err != nil {
		b.Fatal(err)
	}
	var all, codes []string
	for rows.Next() {
		var code string
		rows.Scan(&code)
		all = append(all, code)
	}
	rows.Close()
	for i := 0; i < 100 && len(all) > 0; i++ {
		codes = append(codes, all[i*len(all)/100])
	}
	codes = slices.Compact(codes)
	if len(codes) == 0 {
		b.Fatal("no dossier at 00070")
	}
	k := 0
	page := func() (int, int) {
		k++
		d, err := c.wf.Get(ctx, tn, codes[k%len(codes)])
		if err != nil {
			b.Fatal(err)
		}
		return len(d.History), len(d.Attachments)
	}
	return []op{
		{"inbox tn.00070 (reception)", inbox(tn, workflow.InboxFilter{})},
		{"inbox tn.00070 due=overdue", inbox(tn, workflow.InboxFilter{Due: "overdue"})},
		{"inbox cv.00070.1 (specialist)", inbox(cv, workflow.InboxFilter{})},
		{"inbox ld.00070 (leader)", inbox(ld, workflow.InboxFilter{})},
		{"dossier page (Get as tn.00070)", page},
	}
}

// explain prints the plans of the inbox queries (workflow/inbox.go, as it builds them for a
// reception officer and for a specialist) and of the dossier lookup by code.
func explain(b *testing.B, c *city) {
	ctx := context.Background()
	tn, cv := c.user(b, "tn.00070"), c.user(b, "cv.00070.1")
	cal, err := c.cal.Calendar(ctx)
	if err != nil {
		b.Fatal(err)
	}
	k, err := workflow.DeadlinesAt(cal, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	sla, slaArgs := k.SQL()
	page := `SELECT d.code, d.procedure_code, d.applicant_name, d.channel, d.status, d.status_code, d.step,
		d.submitted_at, d.due_at, d.step_due_at, ` + sla + `, COALESCE(u.username, '')
		FROM dossiers d LEFT JOIN users u ON u.id = d.assignee_id WHERE %s ORDER BY d.step_due_at, d.id LIMIT 20 OFFSET 0`
	counts := `SELECT COUNT(*), COALESCE(SUM(CASE WHEN (` + sla + `) = 'due_soon' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN (` + sla + `) = 'overdue' THEN 1 ELSE 0 END), 0) FROM dossiers d WHERE %s`
	with := func(args ...any) []any { return append(append([]any{}, slaArgs...), args...) }
	reception := "d.agency_id = ? AND d.step_role = ?"
	specialist := reception + " AND (d.assignee_id = ? OR d.assignee_id IS NULL)"
	var code string
	c.d.QueryRow(ctx, `SELECT code FROM dossiers WHERE agency_id = ? ORDER BY id DESC LIMIT 1`, tn.AgencyID).Scan(&code)
	for _, q := range []struct {
		name, sql string
		args      []any
	}{
		{"inbox page, reception", fmt.Sprintf(page, reception), with(tn.AgencyID, "reception")},
		{"inbox page, reception, due=overdue", fmt.Sprintf(page, reception+" AND ("+sla+") = ?"),
			append(with(tn.AgencyID, "reception"), append(slaArgs, "overdue")...)},
		{"inbox counts, reception", fmt.Sprintf(counts, reception), append(with(slaArgs...), tn.AgencyID, "reception")},
		{"inbox page, specialist", fmt.Sprintf(page, specialist), with(cv.AgencyID, "specialist", cv.ID)},
		{"dossier by code", `SELECT d.id FROM dossiers d JOIN agencies a ON a.id = d.agency_id WHERE d.code = ?`, []any{code}},
	} {
		prefix := "EXPLAIN QUERY PLAN "
		if c.d.Engine == db.Postgres {
			prefix = "EXPLAIN (ANALYZE, COSTS OFF, SUMMARY OFF) "
		}
		rows, err := c.d.Query(ctx, prefix+q.sql, q.args...)
		if err != nil {
			b.Fatalf("explain %s: %v", q.name, err)
		}
		cols, _ := rows.Columns()
		var plan []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				b.Fatal(err)
			}
			plan = append(plan, fmt.Sprint(vals[len(vals)-1]))
		}
		rows.Close()
		b.Logf("%s plan of %s:\n\t%s", c.d.Engine, q.name, strings.Join(plan, "\n\t"))
	}
}

package stats

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/vntime"
)

// Store reads the aggregates. Every read is one query over the aggregate tables (index-backed,
// bounded by agencies × days), never over the dossiers, but for the small count of dossiers
// due later today (an index range on dossiers_open_due).
type Store struct{ d *db.DB }

// NewStore returns a Store reading d.
func NewStore(d *db.DB) *Store { return &Store{d: d} }

// Query selects the figures of a period.
type Query struct {
	// From and To are the first and last days of the period (their dates in Asia/Ho_Chi_Minh
	// count; the time of day is ignored). A zero From means since the beginning.
	From, To time.Time
	// Agencies restricts the figures to these agencies (by id); nil means all.
	Agencies []int64
	// Now is the present moment; zero means time.Now(). A period reaching today gives
	// InProgress and Overdue as of Now.
	Now time.Time
}

// Totals are an agency's figures over a period (rules.go defines each).
type Totals struct {
	Received, Online, Counter, Post int64 // submitted or registered in the period, by channel
	Settled, OnTime, Late           int64 // results issued in the period
	Finished                        int64 // ended in the period, any way
	InProgress, Overdue             int64 // at the end of the period, or now when it reaches today
	Rates                                 // digitised, reused, fees, paid online (received); evaluated, satisfied (settled)
}

// periodColumns are the counters a period sums (all but overdue_delta, a running total), in
// the order of Totals.fields.
var periodColumns = strings.Split(`received, online, counter, post, settled, on_time, late, finished, `+rateColumns, ", ")

// fields are pointers to t's period counters, in periodColumns' order.
func (t *Totals) fields() []any {
	return append([]any{&t.Received, &t.Online, &t.Counter, &t.Post, &t.Settled, &t.OnTime, &t.Late, &t.Finished}, t.Rates.fields()...)
}

// Plus is t + o, every figure summed (agencies' figures into a total).
func (t Totals) Plus(o Totals) Totals {
	addCounters(append(t.fields(), &t.InProgress, &t.Overdue), append(o.fields(), &o.InProgress, &o.Overdue), 1)
	return t
}

// sums is SUM(column) for each column, comma-separated.
func sums(columns []string) string {
	out := make([]string, len(columns))
	for i, c := range columns {
		out[i] = "SUM(" + c + ")"
	}
	return strings.Join(out, ", ")
}

// bounds are a query's days: from and to as keys, to capped at today, and whether the period
// reaches today.
type bounds struct {
	from, to   string
	today      bool
	now        time.Time
	endOfToday time.Time
}

func (q Query) bounds() bounds {
	now := q.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.In(vntime.Location())
	b := bounds{to: Day(q.To), now: now}
	if !q.From.IsZero() {
		b.from = Day(q.From)
	}
	if today := Day(now); b.to >= today {
		b.to, b.today = today, true
	}
	y, m, d := now.Date()
	b.endOfToday = time.Date(y, m, d+1, 0, 0, 0, 0, vntime.Location())
	return b
}

// agencyFilter is the SQL condition and arguments restricting column to the agencies (nil: all).
func agencyFilter(column string, agencies []int64) (string, []any) {
	if agencies == nil {
		return "", nil
	}
	if len(agencies) == 0 {
		return " AND 1 = 0", nil
	}
	args := make([]any, len(agencies))
	for i, a := range agencies {
		args[i] = a
	}
	return " AND " + column + " IN (?" + strings.Repeat(", ?", len(agencies)-1) + ")", args
}

// dueLaterToday counts, by agency, the open, running dossiers due between now and the end of
// today: counted overdue at the end of today, not yet overdue now.
func (s *Store) dueLaterToday(ctx context.Context, b bounds, agencies []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	if !b.today {
		return out, nil
	}
	cond, args := agencyFilter("agency_id", agencies)
	rows, err := s.d.Query(ctx, `SELECT agency_id, COUNT(*) FROM dossiers WHERE finished_at IS NULL AND due_at >= ? AND due_at < ?
		AND status NOT IN (?, ?)`+cond+` GROUP BY agency_id`,
		append([]any{b.now, b.endOfToday, StatusSupplement, StatusPayment}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("stats: due later today: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a, n int64
		if err := rows.Scan(&a, &n); err != nil {
			return nil, err
		}
		out[a] = n
	}
	return out, rows.Err()
}

// Totals gives each agency's figures over the period: one entry per agency of q.Agencies (zero
// when it has none), or, for all agencies, one per agency that has any figure.
func (s *Store) Totals(ctx context.Context, q Query) (map[int64]Totals, error) {
	b := q.bounds()
	cond, args := agencyFilter("agency_id", q.Agencies)
	// The period's sums: its days in To's month, whole months between, and (when From is in an
	// earlier month) its days in From's month; the running totals at To: every month before
	// To's and the days of To's month up to To. Only the days of two months are read.
	mFrom, mTo := monthOf(b.from), b.to[:7]
	headFrom, headTo := b.from, nextMonth(mFrom)
	if b.from == "" || mFrom >= mTo {
		headFrom, headTo = "", "" // no head: From is in To's month, or there is no From
	}
	period := func(cond string) string {
		var out []string
		for _, col := range periodColumns {
			out = append(out, "CASE WHEN "+cond+" THEN "+col+" ELSE 0 END AS "+col)
		}
		return strings.Join(out, ", ")
	}
	sql := `SELECT agency_id, ` + sums(periodColumns) + `, SUM(ip), SUM(od) FROM (
		SELECT agency_id, ` + period("day >= ?") + `, received - finished AS ip, overdue_delta AS od
			FROM stats_agency_day WHERE day >= ? AND day <= ?` + cond + `
		UNION ALL
		SELECT agency_id, ` + period("month > ?") + `, received - finished, overdue_delta
			FROM stats_agency_month WHERE month < ?` + cond + `
		UNION ALL
		SELECT agency_id, ` + strings.Join(periodColumns, ", ") + `, 0, 0
			FROM stats_agency_day WHERE day >= ? AND day < ?` + cond + `
		) AS parts GROUP BY agency_id`
	var all []any
	for range periodColumns {
		all = append(all, b.from)
	}
	all = append(all, mTo+"-01", b.to)
	all = append(all, args...)
	for range periodColumns {
		all = append(all, mFrom)
	}
	all = append(all, mTo)
	all = append(all, args...)
	all = append(all, headFrom, headTo)
	all = append(all, args...)
	rows, err := s.d.Query(ctx, sql, all...)
	if err != nil {
		return nil, fmt.Errorf("stats: totals: %w", err)
	}
	defer rows.Close()
	out := map[int64]Totals{}
	for _, a := range q.Agencies {
		out[a] = Totals{}
	}
	for rows.Next() {
		var a int64
		var t Totals
		if err := rows.Scan(append(append([]any{&a}, t.fields()...), &t.InProgress, &t.Overdue)...); err != nil {
			return nil, err
		}
		out[a] = t
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	later, err := s.dueLaterToday(ctx, b, q.Agencies)
	if err != nil {
		return nil, err
	}
	for a, n := range later {
		t := out[a]
		t.Overdue -= n
		out[a] = t
	}
	return out, nil
}

// Grain is the period of a series' points.
type Grain string

const (
	ByDay   Grain = "day"
	ByMonth Grain = "month"
)

// Point is the figures of one period of a series.
type Point struct {
	Period string // YYYY-MM-DD or YYYY-MM
	Totals
}

// Series gives the figures of q's agencies together (all: the city) period by period, every
// day or month from q.From to q.To (capped at today) one point, for charts; a monthly series
// counts whole months, From's included. InProgress and Overdue are those at the end of each
// period, or now for the one holding today.
func (s *Store) Series(ctx context.Context, q Query, g Grain) ([]Point, error) {
	if q.From.IsZero() {
		return nil, fmt.Errorf("stats: a series needs its first day")
	}
	if g != ByMonth && g != ByDay {
		return nil, fmt.Errorf("stats: unknown grain %q", g)
	}
	b := q.bounds()
	if b.to < b.from {
		return nil, nil
	}
	cond, args := agencyFilter("agency_id", q.Agencies)
	// The points' sums, and before them ('') the running totals up to From: whole months from
	// stats_agency_month, and for a daily series the days of From's month before From.
	counts := sums(periodColumns) + `, SUM(overdue_delta)`
	var sql string
	var all []any
	if g == ByDay {
		sql = `SELECT p, ` + counts + ` FROM (
			SELECT day AS p, ` + countColumns + ` FROM stats_agency_day WHERE day >= ? AND day <= ?` + cond + `
			UNION ALL
			SELECT '', ` + countColumns + ` FROM stats_agency_day WHERE day >= ? AND day < ?` + cond + `
			UNION ALL
			SELECT '', ` + countColumns + ` FROM stats_agency_month WHERE month < ?` + cond + `
			) AS parts GROUP BY p ORDER BY p`
		all = append(append(all, b.from, b.to), args...)
		all = append(append(all, b.from[:7]+"-01", b.from), args...)
		all = append(append(all, b.from[:7]), args...)
	} else {
		// To's month from its days up to To: later days hold the due dates still to come.
		sql = `SELECT p, ` + counts + ` FROM (
			SELECT CASE WHEN month < ? THEN '' ELSE month END AS p, ` + countColumns + `
				FROM stats_agency_month WHERE month < ?` + cond + `
			UNION ALL
			SELECT SUBSTR(day, 1, 7), ` + countColumns + ` FROM stats_agency_day WHERE day >= ? AND day <= ?` + cond + `
			) AS parts GROUP BY p ORDER BY p`
		all = append(append(all, b.from[:7], b.to[:7]), args...)
		all = append(append(all, b.to[:7]+"-01", b.to), args...)
	}
	rows, err := s.d.Query(ctx, sql, all...)
	if err != nil {
		return nil, fmt.Errorf("stats: series: %w", err)
	}
	defer rows.Close()
	type sums struct {
		Totals
		overdue int64
	}
	by := map[string]sums{}
	for rows.Next() {
		var p string
		var t sums
		if err := rows.Scan(append(append([]any{&p}, t.fields()...), &t.overdue)...); err != nil {
			return nil, err
		}
		by[p] = t
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	later, err := s.dueLaterToday(ctx, b, q.Agencies)
	if err != nil {
		return nil, err
	}
	base := by[""]
	inProgress, overdue := base.Received-base.Finished, base.overdue
	var out []Point
	for _, p := range periods(b.from, b.to, g) {
		t := by[p]
		inProgress += t.Received - t.Finished
		overdue += t.overdue
		t.InProgress, t.Overdue = inProgress, overdue
		out = append(out, Point{Period: p, Totals: t.Totals})
	}
	if b.today && len(out) > 0 {
		for _, n := range later {
			out[len(out)-1].Overdue -= n
		}
	}
	return out, nil
}

// monthOf is the month of a day key ("" for none).
func monthOf(day string) string {
	if len(day) < 7 {
		return ""
	}
	return day[:7]
}

// nextMonth is the first day of the month after month (YYYY-MM), as a day key.
func nextMonth(month string) string {
	m, err := time.Parse("2006-01", month)
	if err != nil {
		return ""
	}
	return m.AddDate(0, 1, 0).Format(time.DateOnly)
}

// periods lists the days or months from the day from to the day to.
func periods(from, to string, g Grain) []string {
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil {
		return nil
	}
	var out []string
	if g == ByMonth {
		for m := time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(t); m = m.AddDate(0, 1, 0) {
			out = append(out, m.Format("2006-01"))
		}
		return out
	}
	for d := f; !d.After(t); d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format(time.DateOnly))
	}
	return out
}

// ProcedureTotals are an agency's figures for one procedure over whole months.
type ProcedureTotals struct {
	AgencyID  int64
	Procedure string
	MonthCounts
}

// ByProcedure gives the figures by agency and procedure over the months from q.From's to
// q.To's (whole months: the table's grain), ordered by agency and procedure.
func (s *Store) ByProcedure(ctx context.Context, q Query) ([]ProcedureTotals, error) {
	from := "0000-00"
	if !q.From.IsZero() {
		from = Month(q.From)
	}
	cond, args := agencyFilter("agency_id", q.Agencies)
	rows, err := s.d.Query(ctx, `SELECT agency_id, procedure_code, `+sums(strings.Split(monthColumns, ", "))+`
		FROM stats_procedure_month WHERE month >= ? AND month <= ?`+cond+`
		GROUP BY agency_id, procedure_code ORDER BY agency_id, procedure_code`, append([]any{from, Month(q.To)}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("stats: by procedure: %w", err)
	}
	defer rows.Close()
	var out []ProcedureTotals
	for rows.Next() {
		var p ProcedureTotals
		if err := rows.Scan(append([]any{&p.AgencyID, &p.Procedure}, p.MonthCounts.fields()...)...); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

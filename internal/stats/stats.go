// Package stats keeps the aggregates every dossier figure is read from (issue 13): counts by
// agency and day (stats_agency_day) and by agency, procedure and month (stats_procedure_month).
// Dashboards read these tables, never a scan of the dossiers: their size is bounded by agencies
// × days (and × procedures × months), whatever the number of dossiers.
//
// Each dossier contributes to the tables through a pure function of a snapshot of its row
// (Contribution; the rules are in rules.go). Every write of a dossier row, all of them in
// internal/dossier, runs inside Track, which reads the snapshot before and after the write in the
// same transaction and adds the difference of the two contributions; a new row is added with
// Created. Rebuild recomputes the tables from the dossiers table through the same function
// (upgrades, bulk loads), Recount computes them without writing and Dump reads the stored ones:
// the two agree exactly.
//
// The package imports only db and vntime: it knows dossiers by their columns, and the statuses
// it needs as strings that mirror internal/dossier's Status values.
package stats

import (
	"time"

	"github.com/motcua/motcua/internal/vntime"
)

// Statuses of a dossier, mirroring internal/dossier's Status values (dossier.go); a test in
// internal/dossier checks they agree.
const (
	StatusSubmitted  = "submitted"
	StatusReceived   = "received"
	StatusRejected   = "rejected"
	StatusProcessing = "processing"
	StatusSupplement = "supplement_requested"
	StatusPayment    = "awaiting_payment"
	StatusWithdrawn  = "withdrawn"
	StatusStopped    = "stopped"
	StatusRefused    = "refused"
	StatusDone       = "done"
	StatusReturned   = "returned"
)

// Channels, mirroring internal/dossier's Channel values.
const (
	ChannelOnline  = "online"
	ChannelCounter = "counter"
	ChannelPost    = "post"
)

// Snapshot is what of a dossier's row its figures depend on.
type Snapshot struct {
	ID          int64
	AgencyID    int64
	Procedure   string
	Channel     string
	Status      string
	SubmittedAt time.Time
	DueAt       *time.Time
	FinishedAt  *time.Time
	Supplements int
	Digitised   bool // recorded at filing: filed online, or its papers scanned (dossiers.digitised)
	Reused      bool // recorded at filing: a file already attached to an earlier dossier (dossiers.reused)
	Fee         bool // it has a live fee invoice (not cancelled)
	PaidOnline  bool // that invoice was paid through an online payment (paid or later refunded)
	Evaluated   bool // the applicant evaluated it
	Satisfied   bool // evaluated and no criterion scored 0 (Unhappy)
}

// DayKey is one row of stats_agency_day.
type DayKey struct {
	Agency int64
	Day    string // YYYY-MM-DD, Asia/Ho_Chi_Minh
}

// DayCounts are the counters of a stats_agency_day row.
type DayCounts struct {
	Received, Online, Counter, Post, Settled, OnTime, Late, Finished, OverdueDelta int64
	Rates
}

// Rates are the counters behind the digitisation, reuse, online payment and satisfaction rates
// (rules.go), kept in every aggregate table.
type Rates struct {
	Digitised, Reused, Fees, PaidOnline, Evaluated, Satisfied int64
}

func (v Rates) plus(c Rates, sign int64) Rates {
	addCounters(v.fields(), c.fields(), sign)
	return v
}

// AgencyMonthKey is one row of stats_agency_month (the counters of DayCounts, by month).
type AgencyMonthKey struct {
	Agency int64
	Month  string // YYYY-MM, Asia/Ho_Chi_Minh
}

// MonthKey is one row of stats_procedure_month.
type MonthKey struct {
	Agency    int64
	Procedure string
	Month     string // YYYY-MM, Asia/Ho_Chi_Minh
}

// MonthCounts are the counters of a stats_procedure_month row.
type MonthCounts struct {
	Received, Online, Settled, OnTime, Late, Finished int64
	Rates
}

// plus is v + sign × c.
func (v MonthCounts) plus(c MonthCounts, sign int64) MonthCounts {
	addCounters(v.fields(), c.fields(), sign)
	return v
}

// Tables are aggregate rows: one dossier's contribution, a difference of two, a recount or the
// stored tables. Rows whose counters are all zero are left out, so that equal tables compare
// equal (==, reflect.DeepEqual).
type Tables struct {
	Days         map[DayKey]DayCounts
	AgencyMonths map[AgencyMonthKey]DayCounts // the sums of Days by month
	Months       map[MonthKey]MonthCounts
}

// NewTables returns empty tables.
func NewTables() Tables {
	return Tables{Days: map[DayKey]DayCounts{}, AgencyMonths: map[AgencyMonthKey]DayCounts{}, Months: map[MonthKey]MonthCounts{}}
}

// Add adds sign × u to t, dropping rows that become zero.
func (t Tables) Add(u Tables, sign int64) {
	addRows(t.Days, u.Days, sign, DayCounts.plus)
	addRows(t.AgencyMonths, u.AgencyMonths, sign, DayCounts.plus)
	addRows(t.Months, u.Months, sign, MonthCounts.plus)
}

// addRows adds sign × src's rows to dst's, dropping rows that become zero.
func addRows[K, V comparable](dst, src map[K]V, sign int64, plus func(V, V, int64) V) {
	var zero V
	for k, c := range src {
		if v := plus(dst[k], c, sign); v == zero {
			delete(dst, k)
		} else {
			dst[k] = v
		}
	}
}

// plus is v + sign × c.
func (v DayCounts) plus(c DayCounts, sign int64) DayCounts {
	addCounters(v.fields(), c.fields(), sign)
	return v
}

// addCounters adds sign × each counter of src to dst's: pointers to two structs' counters in
// the same order (their fields methods).
func addCounters(dst, src []any, sign int64) {
	for i := range dst {
		*dst[i].(*int64) += sign * *src[i].(*int64)
	}
}

// Day is the local date (Asia/Ho_Chi_Minh) of t, as the tables key it.
func Day(t time.Time) string { return t.In(vntime.Location()).Format(time.DateOnly) }

// Month is the local month (Asia/Ho_Chi_Minh) of t, as the tables key it.
func Month(t time.Time) string { return t.In(vntime.Location()).Format("2006-01") }

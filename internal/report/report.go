// Package report computes the figures the steering committee steers by (issue 13): service
// levels against the city's targets and their progress over time, dossier figures per agency,
// procedure and channel, and the public transparency table of on-time rates. Its figures come
// from the catalog (procedures and their version history) and the dossiers' counts; the API and
// the pages call the same functions and export the same tables (internal/tabular).
package report

import (
	"time"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/stats"
	"github.com/motcua/motcua/internal/vntime"
)

// vnZone is Asia/Ho_Chi_Minh: periods are local days.
var vnZone = vntime.Location()

// Deps are the report service's dependencies.
type Deps struct {
	DB      *db.DB
	Catalog *catalog.Store
	Org     *org.Store
	// Stats are the incremental aggregates the agency figures read; nil counts the dossiers of
	// the period directly (countDirect), as the tests' oracle does.
	Stats *stats.Store
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Service computes reports.
type Service struct {
	db      *db.DB
	catalog *catalog.Store
	org     *org.Store
	stats   *stats.Store
	now     func() time.Time
}

// New returns a report service on d.
func New(d Deps) *Service {
	s := &Service{db: d.DB, catalog: d.Catalog, org: d.Org, stats: d.Stats, now: d.Now}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// ratio is n/d, 0 when d is 0 (a report of nothing has no rate, and shows 0 rather than an
// error or NaN).
func ratio(n, d int64) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

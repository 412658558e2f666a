package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/app/apptest"
)

// axeReports checks the committee's pages (issue 13): the dashboard as an administrator (the
// whole city, one agency, the period's error summary) and as a ward's leader (their agency),
// and the public transparency page, anonymous, with its error summary.
func axeReports(t *testing.T, ctx context.Context, w *axeWalk, base string) {
	t.Helper()
	w.visit("/cong-khai", "h1")
	w.visit("/cong-khai?to-day=31&to-month=2&to-year=2026", ".error-summary")
	signIn(t, ctx, base, "admin")
	w.visit("/bao-cao", "svg")
	w.visit("/bao-cao?agency=00070", "h1")
	w.visit("/bao-cao?from-day=31&from-month=2&from-year=2026", ".error-summary")
	signOut(t, ctx, base)
	signIn(t, ctx, base, "lanhdao")
	w.visit("/bao-cao", "svg")
	signOut(t, ctx, base)
}

// TestBrowserAxeReportsOnly runs the committee's part of the axe walk alone (the whole walk
// is TestBrowserAxe's).
func TestBrowserAxeReportsOnly(t *testing.T) {
	ctx := browserFor(t, 10*time.Minute)
	a, base := apptest.Start(t, "sqlite")
	w := newAxeWalk(t, ctx, base, a.PageRoutes())
	axeReports(t, ctx, w, base)
	w.report()
}

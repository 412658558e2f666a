package dossier

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/stats"
)

// TestOneUpdate checks that every change of a dossier row keeps the aggregates true: the only
// UPDATE of the dossiers table in this package is set's (which runs it inside stats.Track), and
// the only INSERT is followed by stats.Created.
func TestOneUpdate(t *testing.T) {
	update := regexp.MustCompile(`(?i)\bupdate\s+dossiers\b`)
	insert := regexp.MustCompile(`(?i)\binsert\s+into\s+dossiers\b`)
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	updates, inserts := 0, 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		for _, loc := range update.FindAllStringIndex(src, -1) {
			line := src[strings.LastIndex(src[:loc[0]], "\n")+1 : loc[1]+strings.Index(src[loc[1]:], "\n")]
			if strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue
			}
			updates++
			if name != "transition.go" || !strings.Contains(line, "`UPDATE dossiers SET `+assignments+` WHERE id = ?`") {
				t.Errorf("%s: %s: update the dossiers table through set, which keeps the aggregates", name, strings.TrimSpace(line))
			}
		}
		for _, loc := range insert.FindAllStringIndex(src, -1) {
			inserts++
			rest := src[loc[1]:]
			if i := strings.Index(rest, "stats.Created(ctx, tx, id)"); i < 0 || strings.Count(rest[:i], "\n") > 12 {
				t.Errorf("%s: an INSERT INTO dossiers not followed by stats.Created", name)
			}
		}
	}
	if updates != 1 || inserts != 1 {
		t.Errorf("found %d UPDATE and %d INSERT of the dossiers table; want set's one and submission's one", updates, inserts)
	}
}

// TestStatsStatuses: internal/stats names the statuses and channels it needs as strings; they
// are this package's.
func TestStatsStatuses(t *testing.T) {
	for got, want := range map[string]Status{
		stats.StatusSubmitted: StatusSubmitted, stats.StatusReceived: StatusReceived, stats.StatusRejected: StatusRejected,
		stats.StatusProcessing: StatusProcessing, stats.StatusSupplement: StatusSupplement, stats.StatusPayment: StatusPayment,
		stats.StatusWithdrawn: StatusWithdrawn, stats.StatusStopped: StatusStopped, stats.StatusRefused: StatusRefused,
		stats.StatusDone: StatusDone, stats.StatusReturned: StatusReturned,
	} {
		if got != string(want) {
			t.Errorf("stats names %q for dossier's %q", got, want)
		}
	}
	if len(statusCodes) != 11 {
		t.Errorf("dossier has %d statuses; stats mirrors 11: add the new one to internal/stats", len(statusCodes))
	}
	for got, want := range map[string]Channel{stats.ChannelOnline: ChannelOnline, stats.ChannelCounter: ChannelCounter,
		stats.ChannelPost: ChannelPost} {
		if got != string(want) {
			t.Errorf("stats names channel %q for dossier's %q", got, want)
		}
	}
}

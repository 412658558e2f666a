package demo_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/directive"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
)

// The demo directive has a task in each state, Phường Hoàn Kiếm's among them, and seeding it
// again changes nothing.
func TestSeedDirective(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		orgs := org.NewStore(d)
		if err := demo.Seed(ctx, slog.New(slog.DiscardHandler), orgs, identity.NewStore(d), catalog.NewStore(d)); err != nil {
			t.Fatal(err)
		}
		s := directive.NewStore(directive.Config{DB: d, Org: orgs})
		now := time.Now()
		for range 2 {
			if err := demo.SeedDirective(ctx, s, orgs, now); err != nil {
				t.Fatal(err)
			}
		}
		office, err := orgs.User(ctx, "vanphong")
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Summary(ctx, office, directive.Filter{})
		want := directive.Counts{Total: 4, Done: 1, DoneOnTime: 1, InProgress: 2, Overdue: 1}
		if err != nil || got != want {
			t.Errorf("demo directive's figures = %+v, %v; want %+v", got, err, want)
		}
		leader, _ := orgs.User(ctx, "lanhdao")
		if tasks, _, err := s.Tasks(ctx, leader, directive.Filter{}); err != nil || len(tasks) != 1 || tasks[0].State != directive.InProgress {
			t.Errorf("Hoàn Kiếm's demo tasks = %v, %v; want one in progress", tasks, err)
		}
	})
}

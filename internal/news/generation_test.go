package news_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/news"
)

// TestGeneration checks that what readers see of the news names a new generation: a write
// through the store at once, an article whose scheduled time comes on the next check.
func TestGeneration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		gen := func() string {
			t.Helper()
			g, err := f.s.Generation(ctx)
			if err != nil {
				t.Fatalf("Generation: %v", err)
			}
			return g
		}
		g0 := gen()
		if g := gen(); g != g0 {
			t.Fatalf("Generation changed with nothing written: %s then %s", g0, g)
		}
		a := f.create(t, article("Lịch tiếp công dân tháng 12"))
		g1 := gen()
		if g1 == g0 {
			t.Fatalf("Generation after a publication = %s, as before", g1)
		}
		if _, err := f.s.Move(ctx, f.users["bientap"], a.Slug, news.Withdrawn, "Đăng nhầm"); err != nil {
			t.Fatal(err)
		}
		g2 := gen()
		if g2 == g1 {
			t.Fatalf("Generation after a withdrawal = %s, as before", g2)
		}

		// Another replica's store sees the scheduled article come without any write of its own.
		other := news.NewStore(news.Config{DB: d, Now: func() time.Time { return *f.clock }, Staleness: time.Nanosecond})
		in := article("Thông báo nghỉ Tết")
		in.PublishAt = t0.Add(time.Hour)
		f.create(t, in)
		before, err := other.Generation(ctx)
		if err != nil {
			t.Fatal(err)
		}
		*f.clock = t0.Add(2 * time.Hour)
		// A stale answer is renewed in the background while the last one is served: the new
		// one comes within a few reads.
		after := before
		for deadline := time.Now().Add(5 * time.Second); after == before && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if after, err = other.Generation(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if after == before {
			t.Errorf("Generation when a scheduled article comes = %s, as before, 5 s on", after)
		}
	})
}

package news

import (
	"context"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/db"
)

// Counter counts article views in memory and writes them in batches (UPDATE … SET views =
// views + n), so that reading an article writes nothing on the hot path. Each replica keeps
// its own counts; since each adds its increments rather than setting a total, replicas never
// overwrite each other's views. What a replica has not flushed is lost if it dies without
// shutting down: CONTRACT allows views to lag, not to be exact after a crash.
type Counter struct {
	db *db.DB
	mu sync.Mutex
	n  map[int64]int64
}

func newCounter(d *db.DB) *Counter { return &Counter{db: d, n: map[int64]int64{}} }

// Add counts one view of article id.
func (c *Counter) Add(id int64) {
	c.mu.Lock()
	c.n[id]++
	c.mu.Unlock()
}

func (c *Counter) pending(id int64) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[id]
}

// Flush writes the counted views in one transaction. Counts that fail to be written are kept
// for the next flush.
func (c *Counter) Flush(ctx context.Context) error {
	c.mu.Lock()
	batch := c.n
	c.n = map[int64]int64{}
	c.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	// In the order of the ids: two replicas flushing the same articles lock their rows in one
	// order, never waiting on each other in a cycle (a deadlock on PostgreSQL).
	ids := slices.Sorted(maps.Keys(batch))
	err := c.db.InTx(ctx, func(tx *db.Tx) error {
		for _, id := range ids {
			if _, err := tx.Exec(ctx, "UPDATE articles SET views = views + ? WHERE id = ?", batch[id], id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		c.mu.Lock()
		for id, n := range batch {
			c.n[id] += n
		}
		c.mu.Unlock()
	}
	return err
}

// Run flushes every interval until ctx ends, then once more with a fresh context of its own
// so that a shutdown keeps the last counts.
func (c *Counter) Run(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := c.Flush(ctx); err != nil {
				log.Error("news: flush views", "err", err)
			}
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			if err := c.Flush(fctx); err != nil {
				log.Error("news: flush views at shutdown", "err", err)
			}
			cancel()
			return
		}
	}
}

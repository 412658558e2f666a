package job

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
)

// A job enqueued for later is not run before its time, then runs once.
func TestEnqueueAt(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		clk := newClock()
		ran := 0
		q := newQueue(d, clk, Kind{Name: "later", Handle: func(context.Context, *Job) error { ran++; return nil }})
		err := d.InTx(context.Background(), func(tx *db.Tx) error {
			_, err := EnqueueAt(context.Background(), tx, "later", nil, clk.Now().Add(10*time.Minute))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		clk.Add(9 * time.Minute)
		if work(t, q); ran != 0 {
			t.Fatalf("ran %d times 9 minutes early; want 0", ran)
		}
		clk.Add(2 * time.Minute)
		work(t, q)
		work(t, q)
		if ran != 1 {
			t.Errorf("ran %d times once due; want 1", ran)
		}
	})
}

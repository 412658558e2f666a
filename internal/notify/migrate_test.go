package notify

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
)

// TestMigrationMovesOutboxOntoQueue: migration 0010 gives every message of the old outbox a job
// in the state its columns said, and the queue delivers the pending ones.
func TestMigrationMovesOutboxOntoQueue(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			url, dir := "", t.TempDir()
			if engine == "postgres" {
				base := dbtest.PostgresURL(t)
				url = dbtest.WithSchema(t, base, dbtest.NewSchema(t, base))
			}
			d, err := db.Open(ctx, url, dir)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			// The schema as it was before the queue: migrations 1–9, applied by hand.
			ms, err := d.Migrations()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := d.Exec(ctx, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
				t.Fatal(err)
			}
			for _, m := range ms[:9] {
				err := d.InTx(ctx, func(tx *db.Tx) error {
					if _, err := tx.Exec(ctx, m.SQL); err != nil {
						return err
					}
					_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 'then')`, m.Version, m.Name)
					return err
				})
				if err != nil {
					t.Fatalf("%s: %v", m.Name, err)
				}
			}
			user := newUser(t, d, "old")
			then := dbTime(time.Now().Add(-time.Hour))
			for _, r := range []struct {
				to           string
				sent, failed any
				attempts     int
				lastError    string
			}{
				{"pending@example.vn", nil, nil, 2, "421 later"},
				{"sent@example.vn", then, nil, 1, ""},
				{"failed@example.vn", nil, then, 8, "connection refused"},
			} {
				if _, err := d.Exec(ctx, `INSERT INTO outbox (channel, recipient, user_id, template, lang, data, created_at,
					attempts, next_at, sent_at, failed_at, last_error) VALUES ('email', ?, ?, 'otp', 'vi', '{"Code":"048213","Minutes":10}', ?, ?, ?, ?, ?, ?)`,
					r.to, user, then, r.attempts, then, r.sent, r.failed, r.lastError); err != nil {
					t.Fatal(err)
				}
			}
			if n, err := d.Migrate(ctx); err != nil || n != len(ms)-9 {
				t.Fatalf("Migrate = %d, %v; want the queue's migration applied", n, err)
			}

			want := map[string]struct {
				status   string
				attempts int
				err      string
			}{
				"pending@example.vn": {StatusPending, 2, "421 later"},
				"sent@example.vn":    {StatusSent, 1, ""},
				"failed@example.vn":  {StatusFailed, 8, "connection refused"},
			}
			ns, err := ForUser(ctx, d, user, 0)
			if err != nil || len(ns) != 3 {
				t.Fatalf("ForUser = %d notifications, %v; want 3", len(ns), err)
			}
			for _, n := range ns {
				w := want[n.Recipient]
				if n.Status() != w.status || n.Attempts != w.attempts || n.LastError != w.err {
					t.Errorf("%s: status %s, attempts %d, error %q; want %+v", n.Recipient, n.Status(), n.Attempts, n.LastError, w)
				}
			}

			// New jobs get ids after the moved ones, and the pending message is delivered once.
			enqueue(t, d, otpMessage(user))
			mailer := &fakeMailer{}
			w := newWorker(d, mailer, nil, nil)
			if n := runOnce(t, w); n != 2 {
				t.Errorf("Work sent %d; want 2 (the moved pending message and the new one)", n)
			}
			if len(mailer.sent) != 2 || mailer.sent[0] != "pending@example.vn" {
				t.Errorf("sent to %q; want the moved pending message first, then the new one", mailer.sent)
			}
		})
	}
}

package db_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
)

func TestRebind(t *testing.T) {
	d := &db.DB{Engine: db.Postgres}
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT * FROM t WHERE a = ? AND b = ?", "SELECT * FROM t WHERE a = $1 AND b = $2"},
		{"SELECT '?' || ?", "SELECT '?' || $1"},
	}
	for _, tt := range tests {
		if got := d.Rebind(tt.in); got != tt.want {
			t.Errorf("Rebind(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	if got := (&db.DB{Engine: db.SQLite}).Rebind("a = ?"); got != "a = ?" {
		t.Errorf("sqlite Rebind changed the query: %q", got)
	}
}

func TestStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// Migrate is idempotent.
		if n, err := d.Migrate(ctx); err != nil || n != 0 {
			t.Fatalf("second Migrate = %d, %v; want 0, nil", n, err)
		}
		now := time.Date(2026, 2, 17, 9, 30, 0, 0, time.FixedZone("ICT", 7*3600))
		id, err := db.InsertID(ctx, d, `INSERT INTO agencies (code, kind, level, name, created_at) VALUES (?, ?, ?, ?, ?)`,
			"00070", "ward", "commune", "Phường Hoàn Kiếm", now)
		if err != nil {
			t.Fatal(err)
		}
		var name string
		var created time.Time
		if err := d.QueryRow(ctx, `SELECT name, created_at FROM agencies WHERE id = ?`, id).Scan(&name, &created); err != nil {
			t.Fatal(err)
		}
		if name != "Phường Hoàn Kiếm" || !created.Equal(now) {
			t.Errorf("read back %q, %v; want Phường Hoàn Kiếm, %v", name, created, now)
		}
		_, err = d.Exec(ctx, `INSERT INTO agencies (code, kind, level, name, created_at) VALUES (?, ?, ?, ?, ?)`,
			"00070", "ward", "commune", "dup", now)
		if !errors.Is(err, db.ErrConflict) {
			t.Errorf("duplicate insert: %v; want ErrConflict", err)
		}
		err = d.QueryRow(ctx, `SELECT name FROM agencies WHERE code = ?`, "nope").Scan(&name)
		if !errors.Is(err, db.ErrNotFound) {
			t.Errorf("missing row: %v; want ErrNotFound", err)
		}
		// A failed transaction leaves nothing behind.
		boom := errors.New("boom")
		err = d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO agencies (code, kind, level, name, created_at) VALUES (?, ?, ?, ?, ?)`,
				"00004", "ward", "commune", "Phường Ba Đình", now); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v; want boom", err)
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM agencies`).Scan(&n); err != nil || n != 1 {
			t.Errorf("after rollback COUNT = %d, %v; want 1", n, err)
		}
	})
}

// TestTimesCompareAcrossZones: times written from different zones order and compare as
// instants on both engines (SQLite keeps text; motcua writes UTC).
func TestTimesCompareAcrossZones(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ict := time.FixedZone("ICT", 7*3600)
		early := time.Date(2026, 3, 2, 16, 0, 0, 0, ict)     // 09:00 UTC
		late := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) // 17:00 ICT, later
		for i, at := range []time.Time{late, early} {
			if _, err := d.Exec(ctx, `INSERT INTO agencies (code, kind, level, name, created_at) VALUES (?, 'ward', 'commune', 'x', ?)`,
				fmt.Sprint(i), at); err != nil {
				t.Fatal(err)
			}
		}
		var first string
		if err := d.QueryRow(ctx, `SELECT code FROM agencies ORDER BY created_at LIMIT 1`).Scan(&first); err != nil {
			t.Fatal(err)
		}
		if first != "1" {
			t.Errorf("ORDER BY created_at put %s first; want the 09:00 UTC row", first)
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM agencies WHERE created_at < ?`, time.Date(2026, 3, 2, 17, 30, 0, 0, ict)).Scan(&n); err != nil || n != 2 {
			t.Errorf("rows before 17:30 ICT = %d, %v; want 2", n, err)
		}
	})
}

// TestSQLiteFileModes: the database, its WAL and its directory are the owner's alone (issue
// 10: the database was created world-readable, 0644), and an existing database is narrowed.
func TestSQLiteFileModes(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	check := func() {
		t.Helper()
		d, err := db.Open(ctx, "", dir)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		if _, err := d.Exec(ctx, `CREATE TABLE IF NOT EXISTS t (x INTEGER)`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `INSERT INTO t VALUES (1)`); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"", "motcua.db", "motcua.db-wal", "motcua.db-shm"} {
			fi, err := os.Stat(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if m := fi.Mode().Perm(); m&0o077 != 0 {
				t.Errorf("mode of %s = %v; want none for group and others", filepath.Join(dir, name), m)
			}
		}
	}
	check()
	if err := os.Chmod(filepath.Join(dir, "motcua.db"), 0o644); err != nil {
		t.Fatal(err)
	}
	check()
}

// TestDefer: work deferred in a transaction runs once, in it, after its function and before
// its commit, with what every call added; it does not run when the function fails, and a
// failing flush rolls the transaction back.
func TestDefer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Now()
		insert := func(tx *db.Tx, code string) error {
			_, err := tx.Exec(ctx, `INSERT INTO agencies (code, kind, level, name, created_at) VALUES (?, ?, ?, ?, ?)`,
				code, "ward", "commune", code, now)
			return err
		}
		type key struct{}
		flushes := 0
		add := func(tx *db.Tx, code string, fail error) {
			codes := tx.Defer(key{}, func() any { return &[]string{} }, func(ctx context.Context, s any) error {
				flushes++
				for _, c := range *s.(*[]string) {
					if err := insert(tx, c); err != nil {
						return err
					}
				}
				return fail
			}).(*[]string)
			*codes = append(*codes, code)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			add(tx, "a", nil)
			add(tx, "b", nil)
			return insert(tx, "c")
		}); err != nil {
			t.Fatal(err)
		}
		boom := errors.New("boom")
		if err := d.InTx(ctx, func(tx *db.Tx) error { add(tx, "d", nil); return boom }); !errors.Is(err, boom) {
			t.Errorf("InTx with a failing function = %v; want boom", err)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { add(tx, "e", boom); return insert(tx, "f") }); !errors.Is(err, boom) {
			t.Errorf("InTx with a failing flush = %v; want boom", err)
		}
		if flushes != 2 {
			t.Errorf("%d flushes; want 2 (one per transaction whose function succeeded)", flushes)
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM agencies`).Scan(&n); err != nil || n != 3 {
			t.Errorf("COUNT = %d, %v; want 3 (a, b, c)", n, err)
		}
	})
}

// TestInTxAsyncCommit: the short transaction commits like any other; on PostgreSQL it runs
// with synchronous_commit off, and only it.
func TestInTxAsyncCommit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		setting := func(tx *db.Tx) string {
			if tx.Engine() != db.Postgres {
				return "off"
			}
			var s string
			if err := tx.QueryRow(ctx, `SHOW synchronous_commit`).Scan(&s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		if err := d.InTxAsyncCommit(ctx, func(tx *db.Tx) error {
			if s := setting(tx); s != "off" {
				t.Errorf("synchronous_commit = %s in InTxAsyncCommit; want off", s)
			}
			_, err := tx.Exec(ctx, `INSERT INTO agencies (code, kind, level, name, created_at) VALUES (?, ?, ?, ?, ?)`,
				"00070", "ward", "commune", "Phường Hoàn Kiếm", time.Now())
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			if s := setting(tx); d.Engine == db.Postgres && s == "off" {
				t.Errorf("synchronous_commit = off in a later InTx; SET LOCAL should not outlive its transaction")
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM agencies`).Scan(&n); err != nil || n != 1 {
			t.Errorf("COUNT = %d, %v; want 1", n, err)
		}
	})
}

package db

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// TestStmtCache: SQLite's reads are prepared once and reused, the cache stops growing at its
// bound (the queries past it still answer), and a query that does not prepare reports its own
// error as before.
func TestStmtCache(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, "", filepath.Join(t.TempDir(), "d"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Exec(ctx, `CREATE TABLE t (n INTEGER)`); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Exec(ctx, `INSERT INTO t (n) VALUES (1), (2), (3)`); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM t WHERE n > ?`, 1).Scan(&n); err != nil || n != 2 {
			t.Fatalf("count = %d, %v", n, err)
		}
	}
	if len(d.stmts.m) != 1 {
		t.Fatalf("%d statements kept after one query three times; want 1", len(d.stmts.m))
	}
	for i := range maxStmts + 10 {
		rows, err := d.Query(ctx, fmt.Sprintf(`SELECT n FROM t WHERE n > %d`, i))
		if err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	if len(d.stmts.m) != maxStmts {
		t.Errorf("%d statements kept; want the bound %d", len(d.stmts.m), maxStmts)
	}
	var n int
	if err := d.QueryRow(ctx, `SELECT n FROM t WHERE n = 3`).Scan(&n); err != nil || n != 3 {
		t.Errorf("a query past the bound = %d, %v", n, err)
	}
	if err := d.QueryRow(ctx, `SELECT nope FROM t`).Scan(&n); err == nil {
		t.Error("a query that does not prepare answered no error")
	}
}

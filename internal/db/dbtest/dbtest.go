// Package dbtest runs store tests on every engine: SQLite always, PostgreSQL when
// MOTCUA_TEST_POSTGRES holds a URL. With MOTCUA_REQUIRE_POSTGRES=1 (set by .ci/run) a missing
// PostgreSQL fails the test instead of skipping it.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/motcua/motcua/internal/db"
)

// Each runs fn once per engine, each time on a fresh, migrated database.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite opens a fresh, migrated SQLite database in a temporary directory.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return d
}

// PostgresURL returns the test server URL, skipping (or failing, when required) without one.
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("MOTCUA_TEST_POSTGRES")
	if u == "" {
		if os.Getenv("MOTCUA_REQUIRE_POSTGRES") == "1" {
			t.Fatal("MOTCUA_TEST_POSTGRES is not set but MOTCUA_REQUIRE_POSTGRES=1")
		}
		t.Skip("PostgreSQL tests skipped: set MOTCUA_TEST_POSTGRES=postgres://… to run them")
	}
	return u
}

// Postgres opens a fresh, migrated PostgreSQL database: a new schema on the test server,
// dropped when the test ends.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	ctx := context.Background()
	base := PostgresURL(t)
	schema := NewSchema(t, base)
	d, err := db.Open(ctx, WithSchema(t, base, schema), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return d
}

// NewSchema creates an empty schema on the server at base and drops it at cleanup.
func NewSchema(t testing.TB, base string) string {
	t.Helper()
	ctx := context.Background()
	admin, err := db.Open(ctx, base, "")
	if err != nil {
		t.Fatalf("PostgreSQL at MOTCUA_TEST_POSTGRES: %v", err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	return schema
}

// WithSchema returns base with its search_path set to schema.
func WithSchema(t testing.TB, base, schema string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

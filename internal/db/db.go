// Package db opens motcua's database — embedded SQLite by default, PostgreSQL for deployments
// with several replicas — and hides the few real differences between the two engines behind
// named helpers, so domain packages write one portable SQL.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Engine names a database engine.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB is a handle on one database. On SQLite it holds one writer connection (SQLite allows one
// writer; queuing in Go beats SQLITE_BUSY) and a pool of read-only connections; on PostgreSQL
// both are the same pool.
type DB struct {
	Engine Engine
	w, r   *sql.DB
	stmts  *stmtCache // SQLite's reads, prepared once; nil on PostgreSQL
}

// Open opens the database: PostgreSQL when url starts with postgres:// or postgresql://,
// otherwise SQLite in dir/motcua.db (or at url when it names a file).
func Open(ctx context.Context, url, dir string) (*DB, error) {
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		return openPostgres(ctx, url)
	}
	path := url
	if path == "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("db: create data dir: %w", err)
		}
		path = filepath.Join(dir, "motcua.db")
	}
	if err := private(path); err != nil {
		return nil, err
	}
	return openSQLite(ctx, path)
}

// private creates the SQLite database file readable by its owner only (0600), or narrows an
// existing one and its WAL and shared-memory files; SQLite gives the files it creates beside
// the database the database file's mode. The database holds password hashes, sessions and
// citizens' personal data: nobody else on the machine reads it.
func private(path string) error {
	if strings.HasPrefix(path, "file:") || strings.HasPrefix(path, ":memory:") || strings.Contains(path, "?") {
		return nil // a URI: the caller chose
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("db: create %s: %w", path, err)
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("db: %w", err)
		}
	}
	return nil
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	pragmas := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_time_format=sqlite"
	w, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("db: open sqlite %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	return &DB{Engine: SQLite, w: w, r: r, stmts: &stmtCache{pool: r, m: map[string]*sql.Stmt{}}}, nil
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	p, err := sql.Open("pgx", url)
	if err != nil {
		return nil, err
	}
	p.SetMaxOpenConns(32)
	p.SetMaxIdleConns(16)
	p.SetConnMaxIdleTime(5 * time.Minute)
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("db: open postgres: %w", err)
	}
	return &DB{Engine: Postgres, w: p, r: p}, nil
}

// Close closes every connection.
func (db *DB) Close() error {
	err := db.stmts.close()
	err = errors.Join(err, db.w.Close())
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.r.PingContext(ctx) }

// Rebind rewrites ? placeholders to $1, $2… on PostgreSQL. Question marks inside string
// literals are left alone.
func (db *DB) Rebind(q string) string {
	if db.Engine != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n, inStr := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inStr = !inStr
			b.WriteByte(c)
		case c == '?' && !inStr:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// utc puts every time argument in UTC. SQLite stores a time as text with its own offset, so
// comparisons and ORDER BY on a column written from different zones (the host's time.Now, a
// deadline in +07:00) would compare strings of different offsets; one zone keeps them right.
func utc(args []any) []any {
	for i, a := range args {
		switch t := a.(type) {
		case time.Time:
			args[i] = t.UTC()
		case *time.Time:
			if t != nil {
				args[i] = t.UTC()
			}
		case sql.NullTime:
			if t.Valid {
				args[i] = t.Time.UTC()
			}
		}
	}
	return args
}

// Query runs a read on the read pool.
func (db *DB) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := db.stmts.get(ctx, q); st != nil {
		rows, err := st.QueryContext(ctx, utc(args)...)
		return rows, WrapError(err)
	}
	rows, err := db.r.QueryContext(ctx, db.Rebind(q), utc(args)...)
	return rows, WrapError(err)
}

// QueryRow runs a single-row read on the read pool.
func (db *DB) QueryRow(ctx context.Context, q string, args ...any) *Row {
	if st := db.stmts.get(ctx, q); st != nil {
		return &Row{st.QueryRowContext(ctx, utc(args)...)}
	}
	return &Row{db.r.QueryRowContext(ctx, db.Rebind(q), utc(args)...)}
}

// Exec runs one write statement outside an explicit transaction.
func (db *DB) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := db.w.ExecContext(ctx, db.Rebind(q), utc(args)...)
	return res, WrapError(err)
}

// ExecRow runs a write that returns one row (INSERT … RETURNING) on the writer.
func (db *DB) ExecRow(ctx context.Context, q string, args ...any) *Row {
	return &Row{db.w.QueryRowContext(ctx, db.Rebind(q), utc(args)...)}
}

// Row wraps *sql.Row so Scan returns the shared errors.
type Row struct{ r *sql.Row }

// Scan copies the row into dest; no row is ErrNotFound.
func (r *Row) Scan(dest ...any) error { return WrapError(r.r.Scan(dest...)) }

// Tx is a write transaction.
type Tx struct {
	tx       *sql.Tx
	db       *DB
	deferred []*deferred // run in order before COMMIT (Defer)
}

// deferred is work a Tx runs just before it commits, with the state it gathered.
type deferred struct {
	key   any
	state any
	flush func(ctx context.Context, state any) error
}

// Engine is the engine the transaction runs on.
func (tx *Tx) Engine() Engine { return tx.db.Engine }

// Exec runs a statement in the transaction.
func (tx *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := tx.tx.ExecContext(ctx, tx.db.Rebind(q), utc(args)...)
	return res, WrapError(err)
}

// Query runs a query in the transaction.
func (tx *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := tx.tx.QueryContext(ctx, tx.db.Rebind(q), utc(args)...)
	return rows, WrapError(err)
}

// QueryRow runs a single-row query in the transaction.
func (tx *Tx) QueryRow(ctx context.Context, q string, args ...any) *Row {
	return &Row{tx.tx.QueryRowContext(ctx, tx.db.Rebind(q), utc(args)...)}
}

// ExecRow runs a write that returns one row in the transaction.
func (tx *Tx) ExecRow(ctx context.Context, q string, args ...any) *Row {
	return tx.QueryRow(ctx, q, args...)
}

// InTx runs fn in a write transaction, committing when it returns nil and rolling back
// otherwise. On SQLite the transaction starts with BEGIN IMMEDIATE so it never fails late
// on a lock upgrade.
func (db *DB) InTx(ctx context.Context, fn func(*Tx) error) error {
	return db.inTx(ctx, false, fn)
}

// InTxAsyncCommit is InTx for a short transaction whose commit need not wait for the disk:
// on PostgreSQL it runs with synchronous_commit off, so it returns once its commit record is
// in the WAL buffers, holding its row locks for microseconds instead of a flush. The WAL is
// flushed in order, so any later transaction's durable commit makes this one durable too; a
// crash before that loses only this transaction. Use it only where that loss is harmless,
// such as a counter whose value is durable by the time anything durable uses it (the day's
// dossier number, dossier.Store). On SQLite (WAL, synchronous=NORMAL) no commit waits for the
// disk anyway, and this is InTx.
func (db *DB) InTxAsyncCommit(ctx context.Context, fn func(*Tx) error) error {
	return db.inTx(ctx, db.Engine == Postgres, fn)
}

func (db *DB) inTx(ctx context.Context, async bool, fn func(*Tx) error) error {
	t, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return WrapError(err)
	}
	tx := &Tx{tx: t, db: db}
	if async {
		if _, err := tx.Exec(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
			_ = t.Rollback()
			return err
		}
	}
	if err := fn(tx); err != nil {
		_ = t.Rollback()
		return err
	}
	for _, d := range tx.deferred {
		if err := d.flush(ctx, d.state); err != nil {
			_ = t.Rollback()
			return err
		}
	}
	return WrapError(t.Commit())
}

// Defer keeps state for the rest of the transaction under key and has flush(ctx, state) run
// once, in the transaction, after its function has returned nil and just before COMMIT; the
// first call with a key registers its state (made by fresh) and flush, and every call returns
// that state for the caller to add to. A failing flush rolls the transaction back.
//
// It is for writes to rows that many transactions share (the dashboards' counters,
// internal/stats): written last, their row locks are held on PostgreSQL only through the
// commit, not across the rest of the transaction, and the additions of one transaction to
// one row become one write.
func (tx *Tx) Defer(key any, fresh func() any, flush func(ctx context.Context, state any) error) any {
	for _, d := range tx.deferred {
		if d.key == key {
			return d.state
		}
	}
	d := &deferred{key: key, state: fresh(), flush: flush}
	tx.deferred = append(tx.deferred, d)
	return d.state
}

// Querier is what both *DB and *Tx offer; read helpers take it so they work inside and
// outside a transaction.
type Querier interface {
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, q string, args ...any) *Row
	Exec(ctx context.Context, q string, args ...any) (sql.Result, error)
	// ExecRow runs a write that returns one row (INSERT … RETURNING).
	ExecRow(ctx context.Context, q string, args ...any) *Row
}

var (
	_ Querier = (*DB)(nil)
	_ Querier = (*Tx)(nil)
)

// InsertID runs an INSERT … RETURNING id and returns the new id.
func InsertID(ctx context.Context, q Querier, query string, args ...any) (int64, error) {
	var id int64
	err := q.ExecRow(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// ForUpdate is the row-locking suffix of a SELECT inside a write transaction: FOR UPDATE on
// PostgreSQL; nothing on SQLite, whose write transaction already holds the database.
func (tx *Tx) ForUpdate() string {
	if tx.db.Engine == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

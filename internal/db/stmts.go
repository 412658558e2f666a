package db

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// maxStmts bounds the prepared reads kept: the hand-written queries number a few hundred, and
// the few built at run time (IN lists of varying length) must not grow the cache without end.
const maxStmts = 384

// stmtCache keeps SQLite's reads prepared. Preparing (parsing and planning) was a third of the
// CPU of a busy day's tracking look-up (issue 15's profile); a prepared *sql.Stmt is prepared
// again on each pooled connection only once. PostgreSQL needs none: pgx keeps each
// connection's statements itself.
type stmtCache struct {
	pool *sql.DB
	mu   sync.RWMutex
	m    map[string]*sql.Stmt
}

// get returns q prepared, or nil when it is not kept (no cache, a full cache, or a failed
// prepare, which the caller's own query then reports).
func (c *stmtCache) get(ctx context.Context, q string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.RLock()
	st, ok := c.m[q]
	full := len(c.m) >= maxStmts
	c.mu.RUnlock()
	if ok || full {
		return st
	}
	st, err := c.pool.PrepareContext(context.WithoutCancel(ctx), q)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if kept, ok := c.m[q]; ok || len(c.m) >= maxStmts {
		st.Close()
		return kept
	}
	c.m[q] = st
	return st
}

// close closes the statements kept.
func (c *stmtCache) close() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var err error
	for q, st := range c.m {
		err = errors.Join(err, st.Close())
		delete(c.m, q)
	}
	return err
}

package news

import (
	"context"
	"strconv"
	"sync/atomic"
	"time"
)

// GenerationStaleness is how long Generation reuses its last answer before asking the database
// again, unless Config.Staleness says otherwise: a write through this Store is seen at once,
// another replica's write and an article whose scheduled time comes within it.
const GenerationStaleness = time.Second

// checkedGen is a generation and when it was read.
type checkedGen struct {
	gen string
	at  time.Time
}

// Generation names the state of what readers see of the news: the number of visible articles
// and the sum of every article's version, which grows with each create, edit and move. A page
// made from the articles alone (a procedure's articles) may be kept under it. After a write
// through s it reads the database at once; otherwise, when its last answer is older than
// GenerationStaleness (Config.Staleness), one background read renews it while every request
// goes on with the last answer (as the catalog's index: a busy page must not have all its
// requests scan the articles together each second).
func (s *Store) Generation(ctx context.Context) (string, error) {
	g := s.gen.Load()
	if g == nil {
		return s.readGeneration(ctx)
	}
	if d := time.Since(g.at); (d < 0 || d >= s.staleness) && s.checking.CompareAndSwap(false, true) {
		go func() {
			defer s.checking.Store(false)
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
			defer cancel()
			s.readGeneration(ctx) // a failure is tried again on the next request; the answer stands
		}()
	}
	return g.gen, nil
}

// readGeneration reads the generation from the database and keeps it.
func (s *Store) readGeneration(ctx context.Context) (string, error) {
	at := time.Now()
	var visible, versions, maxID int64
	err := s.db.QueryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM articles WHERE status = 'published' AND publish_at <= ?),
		(SELECT COALESCE(SUM(version), 0) FROM articles), (SELECT COALESCE(MAX(id), 0) FROM articles)`,
		s.now()).Scan(&visible, &versions, &maxID)
	if err != nil {
		return "", err
	}
	g := &checkedGen{gen: strconv.FormatInt(visible, 10) + "-" + strconv.FormatInt(versions, 10) + "-" + strconv.FormatInt(maxID, 10), at: at}
	s.gen.Store(g)
	return g.gen, nil
}

// changed makes the next Generation read the database: s has just written an article.
func (s *Store) changed() { s.gen.Store(nil) }

// genHolder is the Store's last generation.
type genHolder = atomic.Pointer[checkedGen]

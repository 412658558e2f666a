package news

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
	"github.com/motcua/motcua/internal/vntime"
)

const articleCols = `a.id, a.slug, a.category, a.status, a.title, a.summary, a.body, a.title_en, a.summary_en,
	a.body_en, a.publish_at, a.version, a.views, COALESCE(a.author_id, 0), a.created_at, a.updated_at`

func scanArticle(sc interface{ Scan(...any) error }) (*Article, error) {
	var a Article
	var at sql.NullTime
	err := sc.Scan(&a.ID, &a.Slug, &a.Category, &a.Status, &a.Title, &a.Summary, &a.Body, &a.TitleEn, &a.SummaryEn,
		&a.BodyEn, &at, &a.Version, &a.Views, &a.AuthorID, &a.CreatedAt, &a.UpdatedAt)
	if err != nil {
		return nil, err
	}
	if at.Valid {
		a.PublishAt = at.Time.In(vntime.Location())
	}
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.In(vntime.Location()), a.UpdatedAt.In(vntime.Location())
	return &a, nil
}

// searchKey is the text an article is searched by: the search words (vntext.Words) of its
// titles, summaries, tags and bodies, each between spaces so that whole words can be matched.
func searchKey(in *Input) string {
	all := strings.Join([]string{in.Title, in.Summary, strings.Join(in.Tags, " "), in.Body, in.TitleEn, in.SummaryEn, in.BodyEn}, " ")
	return " " + strings.Join(vntext.Words(all), " ") + " "
}

// Create writes a new article in its own transaction; see CreateTx.
func (s *Store) Create(ctx context.Context, author *org.User, in Input) (*Article, error) {
	var a *Article
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		a, err = s.CreateTx(ctx, tx, author, in)
		return err
	})
	s.changed()
	return a, err
}

// CreateTx writes a new article inside the caller's transaction, so that another record (a
// directive) and its article commit or fail together. author must be allowed to write in
// in.Category (MayWrite: editors, or the committee office in Directives), else 403; in is
// checked field by field (422). in.Status "" or Published publishes it, at in.PublishAt when
// that lies ahead (scheduled) and at once otherwise; Draft and Review keep it from readers.
// The slug comes from the title, made unique with -2, -3….
func (s *Store) CreateTx(ctx context.Context, tx *db.Tx, author *org.User, in Input) (*Article, error) {
	if author == nil {
		return nil, org.ErrUnauthenticated
	}
	if !Writes(author) {
		return nil, errForbidden
	}
	if err := s.clean(ctx, &in); err != nil {
		return nil, err
	}
	if !MayWrite(author, in.Category) {
		return nil, errForbidden
	}
	now := s.now().Truncate(time.Second) // RFC 3339 times without nanoseconds in the API
	at := in.PublishAt
	if in.Status == Published && (at.IsZero() || at.Before(now)) {
		at = now
	}
	slug, err := freeSlug(ctx, tx, Slug(in.Title))
	if err != nil {
		return nil, err
	}
	id, err := db.InsertID(ctx, tx, `INSERT INTO articles (slug, category, status, title, summary, body, title_en, summary_en,
		body_en, search_key, publish_at, version, author_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
		slug, in.Category, in.Status, in.Title, in.Summary, in.Body, in.TitleEn, in.SummaryEn, in.BodyEn,
		searchKey(&in), nullTime(at), author.ID, now, now)
	if errors.Is(err, db.ErrConflict) { // another writer took the slug since freeSlug looked (PostgreSQL)
		return nil, apperr.New(apperr.KindConflict, "slug_taken", msgs.Text("slug_taken"))
	}
	if err != nil {
		return nil, fmt.Errorf("news: create %s: %w", slug, err)
	}
	if err := writeLinks(ctx, tx, id, in.Tags, in.Procedures); err != nil {
		return nil, err
	}
	a, err := get(ctx, tx, "a.id = ?", id)
	if err != nil {
		return nil, err
	}
	// The caller commits: a Generation read before then is kept at most GenerationStaleness.
	s.changed()
	return a, addVersion(ctx, tx, a, author, in.Note, now)
}

// Update saves a new version of the article's content (its status stays; in.Status is
// ignored). A published article's publication time changes only when in.PublishAt is given.
func (s *Store) Update(ctx context.Context, u *org.User, slug string, in Input) (*Article, error) {
	if !Writes(u) {
		return nil, forbidden(u)
	}
	var out *Article
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := get(ctx, tx, "a.slug = ?"+tx.ForUpdate(), slug)
		if err != nil {
			return err
		}
		if !MayWrite(u, a.Category) {
			return errNotFoundOr(u)
		}
		in.Status = a.Status
		if err := s.clean(ctx, &in); err != nil {
			return err
		}
		if !MayWrite(u, in.Category) {
			return errForbidden
		}
		at := a.PublishAt
		if !in.PublishAt.IsZero() {
			at = in.PublishAt
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `UPDATE articles SET category = ?, title = ?, summary = ?, body = ?, title_en = ?,
			summary_en = ?, body_en = ?, search_key = ?, publish_at = ?, version = version + 1, updated_at = ?
			WHERE id = ?`, in.Category, in.Title, in.Summary, in.Body, in.TitleEn, in.SummaryEn, in.BodyEn,
			searchKey(&in), nullTime(at), now, a.ID); err != nil {
			return fmt.Errorf("news: update %s: %w", slug, err)
		}
		for _, q := range []string{"DELETE FROM article_tags WHERE article_id = ?", "DELETE FROM article_procedures WHERE article_id = ?"} {
			if _, err := tx.Exec(ctx, q, a.ID); err != nil {
				return err
			}
		}
		if err := writeLinks(ctx, tx, a.ID, in.Tags, in.Procedures); err != nil {
			return err
		}
		if out, err = get(ctx, tx, "a.id = ?", a.ID); err != nil {
			return err
		}
		return addVersion(ctx, tx, out, u, in.Note, now)
	})
	s.changed()
	return out, err
}

// moves is the editorial flow: from each status, where an article may go and who may move it
// there (write: MayWrite in its category; edit: editors only).
var moves = map[Status]map[Status]func(*org.User, Category) bool{
	Draft:     {Review: MayWrite, Published: MayWrite},
	Review:    {Published: MayWrite, Draft: mayEditIn},
	Published: {Withdrawn: MayWrite},
	Withdrawn: {Draft: MayWrite},
}

func mayEditIn(u *org.User, _ Category) bool { return MayEdit(u) }

// Move takes the article to status to along the editorial flow (moves), as a new version
// with note (required to withdraw: readers and the history should know why). Publishing
// keeps a publication time still ahead (scheduled) and otherwise publishes now. A move the
// flow does not allow is 409.
func (s *Store) Move(ctx context.Context, u *org.User, slug string, to Status, note string) (*Article, error) {
	if !Writes(u) {
		return nil, forbidden(u)
	}
	note = strings.TrimSpace(vntext.NFC(note))
	if to == Withdrawn && note == "" {
		return nil, apperr.Invalid("invalid_move", msgs.Text("invalid_move"), apperr.Field("note", msgs.Text("give_reason")))
	}
	if len([]rune(note)) > MaxReason {
		return nil, apperr.Invalid("invalid_move", msgs.Text("invalid_move"), apperr.Field("note", msgs.Text("too_long", MaxReason)))
	}
	var out *Article
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := get(ctx, tx, "a.slug = ?"+tx.ForUpdate(), slug)
		if err != nil {
			return err
		}
		if !MayWrite(u, a.Category) {
			return errNotFoundOr(u)
		}
		may, ok := moves[a.Status][to]
		if !ok {
			return apperr.New(apperr.KindConflict, "bad_move", msgs.Text("bad_move", string(a.Status), string(to)))
		}
		if !may(u, a.Category) {
			return errForbidden
		}
		now := s.now().Truncate(time.Second)
		at := a.PublishAt
		if to == Published && (at.IsZero() || at.Before(now)) {
			at = now
		}
		if _, err := tx.Exec(ctx, `UPDATE articles SET status = ?, publish_at = ?, version = version + 1, updated_at = ? WHERE id = ?`,
			to, nullTime(at), now, a.ID); err != nil {
			return fmt.Errorf("news: move %s to %s: %w", slug, to, err)
		}
		if out, err = get(ctx, tx, "a.id = ?", a.ID); err != nil {
			return err
		}
		return addVersion(ctx, tx, out, u, note, now)
	})
	s.changed()
	return out, err
}

// Writes reports whether u writes in some category (MayWrite in one at least): any other
// user asking to write is refused (403) before an article is looked up.
func Writes(u *org.User) bool { return MayEdit(u) || (u != nil && u.Role == org.RoleOffice) }

// CheckWriter is the check every write makes first: 401 without a user, 403 for one who
// writes in no category. Edges that must read a body before the store can check (an upload)
// call it first.
func CheckWriter(u *org.User) error {
	if !Writes(u) {
		return forbidden(u)
	}
	return nil
}

// errNotFoundOr hides an article from a signed-in user who may not write it: readers see only
// published articles, so an unpublished one does not exist for them.
func errNotFoundOr(u *org.User) error {
	if u == nil {
		return org.ErrUnauthenticated
	}
	return errNotFound
}

func nullTime(t time.Time) sql.NullTime { return sql.NullTime{Time: t, Valid: !t.IsZero()} }

func writeLinks(ctx context.Context, tx *db.Tx, id int64, tags, codes []string) error {
	for _, t := range tags {
		if _, err := tx.Exec(ctx, "INSERT INTO article_tags (article_id, tag) VALUES (?, ?)", id, t); err != nil {
			return err
		}
	}
	for _, c := range codes {
		if _, err := tx.Exec(ctx, "INSERT INTO article_procedures (article_id, procedure_code) VALUES (?, ?)", id, c); err != nil {
			return err
		}
	}
	return nil
}

// get reads one article with its tags and procedures, by a condition on a.
func get(ctx context.Context, q db.Querier, where string, args ...any) (*Article, error) {
	a, err := scanArticle(q.QueryRow(ctx, "SELECT "+articleCols+" FROM articles a WHERE "+where, args...))
	if errors.Is(err, db.ErrNotFound) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	return a, links(ctx, q, []*Article{a})
}

// links fills the tags and procedures of as, in two queries.
func links(ctx context.Context, q db.Querier, as []*Article) error {
	if len(as) == 0 {
		return nil
	}
	byID := make(map[int64]*Article, len(as))
	ids := make([]any, len(as))
	for i, a := range as {
		byID[a.ID], ids[i] = a, a.ID
	}
	in := "(" + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + ")"
	for _, l := range []struct {
		query string
		add   func(*Article, string)
	}{
		{"SELECT article_id, tag FROM article_tags WHERE article_id IN " + in + " ORDER BY tag",
			func(a *Article, v string) { a.Tags = append(a.Tags, v) }},
		{"SELECT article_id, procedure_code FROM article_procedures WHERE article_id IN " + in + " ORDER BY procedure_code",
			func(a *Article, v string) { a.Procedures = append(a.Procedures, v) }},
	} {
		rows, err := q.Query(ctx, l.query, ids...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var v string
			if err := rows.Scan(&id, &v); err != nil {
				rows.Close()
				return err
			}
			l.add(byID[id], v)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Version is one saved version of an article, as the history shows it.
type Version struct {
	Version    int
	Status     Status
	Category   Category
	Title      string
	Summary    string
	Body       string
	TitleEn    string
	SummaryEn  string
	BodyEn     string
	Tags       []string
	Procedures []string
	PublishAt  time.Time
	Note       string
	EditedBy   string // the editor's full name
	EditedAt   time.Time
}

func addVersion(ctx context.Context, tx *db.Tx, a *Article, by *org.User, note string, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO article_versions (article_id, version, status, category, title, summary, body,
		title_en, summary_en, body_en, tags, procedures, publish_at, note, edited_by, edited_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.Version, a.Status, a.Category, a.Title, a.Summary, a.Body, a.TitleEn, a.SummaryEn, a.BodyEn,
		strings.Join(a.Tags, ","), strings.Join(a.Procedures, ","), nullTime(a.PublishAt), note, by.ID, now)
	if err != nil {
		return fmt.Errorf("news: version %d of %s: %w", a.Version, a.Slug, err)
	}
	return nil
}

// Versions lists every version of the article, newest first, for those who may write it.
func (s *Store) Versions(ctx context.Context, u *org.User, slug string) ([]Version, error) {
	if !Writes(u) {
		return nil, forbidden(u)
	}
	a, err := s.Get(ctx, u, slug)
	if err != nil {
		return nil, err
	}
	if !MayWrite(u, a.Category) {
		return nil, errNotFoundOr(u)
	}
	rows, err := s.db.Query(ctx, `SELECT v.version, v.status, v.category, v.title, v.summary, v.body, v.title_en,
		v.summary_en, v.body_en, v.tags, v.procedures, v.publish_at, v.note, COALESCE(u.full_name, ''), v.edited_at
		FROM article_versions v LEFT JOIN users u ON u.id = v.edited_by
		WHERE v.article_id = ? ORDER BY v.version DESC`, a.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		var v Version
		var tags, codes string
		var at sql.NullTime
		if err := rows.Scan(&v.Version, &v.Status, &v.Category, &v.Title, &v.Summary, &v.Body, &v.TitleEn, &v.SummaryEn,
			&v.BodyEn, &tags, &codes, &at, &v.Note, &v.EditedBy, &v.EditedAt); err != nil {
			return nil, err
		}
		v.Tags, v.Procedures = split(tags), split(codes)
		if at.Valid {
			v.PublishAt = at.Time.In(vntime.Location())
		}
		v.EditedAt = v.EditedAt.In(vntime.Location())
		out = append(out, v)
	}
	return out, rows.Err()
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// Get returns the article named by slug: to anyone once it is visible, and otherwise only to
// those who may write it (to others it does not exist: 404). It counts no view.
func (s *Store) Get(ctx context.Context, u *org.User, slug string) (*Article, error) {
	a, err := get(ctx, s.db, "a.slug = ?", slug)
	if err != nil {
		return nil, err
	}
	if !a.Visible(s.now()) && !MayWrite(u, a.Category) {
		return nil, errNotFound
	}
	a.Views += s.views.pending(a.ID)
	return a, nil
}

// Read is Get for a reader: a visible article's view is counted (in memory, flushed by the
// Counter in batches).
func (s *Store) Read(ctx context.Context, u *org.User, slug string) (*Article, error) {
	a, err := s.Get(ctx, u, slug)
	if err != nil {
		return nil, err
	}
	if a.Visible(s.now()) {
		s.views.Add(a.ID)
		a.Views++
	}
	return a, nil
}

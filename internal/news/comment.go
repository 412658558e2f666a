package news

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
	"github.com/motcua/motcua/internal/vntime"
)

// CommentStatus is where a comment stands in moderation.
type CommentStatus string

const (
	Pending  CommentStatus = "pending"
	Approved CommentStatus = "approved"
	Rejected CommentStatus = "rejected"
)

// Comment is a reader's comment on an article. Citizen says it was written by a citizen
// signed in (the page shows it as such); Spam lists the spam rules it broke.
type Comment struct {
	ID           int64
	ArticleSlug  string
	ArticleTitle string
	Name         string
	Email        string // shown to editors only
	Body         string
	Citizen      bool
	Status       CommentStatus
	Spam         []string
	Reason       string
	CreatedAt    time.Time
}

var errRateLimited = apperr.New(apperr.KindRateLimited, "rate_limited", msgs.Text("rate_limited"))

// Comment records a reader's comment on a visible article, pending moderation: nothing shows
// until an editor approves it. client is the writer's address: each address may post a few
// comments a minute (429 beyond, before anything is read). u, when signed in, is recorded and
// a citizen is shown as such. The spam rules (DefaultSpam, and a duplicate of a comment the
// article already has) mark the comment for the editors.
func (s *Store) Comment(ctx context.Context, u *org.User, client, slug string, in CommentInput) (*Comment, error) {
	if !s.limit.Allow(client) {
		return nil, errRateLimited
	}
	a, err := get(ctx, s.db, "a.slug = ?", slug)
	if err != nil {
		return nil, err
	}
	if !a.Visible(s.now()) {
		return nil, errNotFound
	}
	if err := in.clean(); err != nil {
		return nil, err
	}
	c := &Comment{ArticleSlug: a.Slug, ArticleTitle: a.Title, Name: in.Name, Email: in.Email, Body: in.Body,
		Status: Pending, Spam: DefaultSpam.Check(in.Body), CreatedAt: s.now().In(vntime.Location())}
	key := vntext.Fold(in.Body)
	var uid sql.NullInt64
	if u != nil {
		uid = sql.NullInt64{Int64: u.ID, Valid: true}
		c.Citizen = u.Role == org.RoleCitizen
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var one int
		switch err := tx.QueryRow(ctx, "SELECT 1 FROM article_comments WHERE article_id = ? AND body_key = ? LIMIT 1", a.ID, key).Scan(&one); {
		case err == nil:
			c.Spam = append(c.Spam, "duplicate")
		case !errors.Is(err, db.ErrNotFound):
			return err
		}
		c.ID, err = db.InsertID(ctx, tx, `INSERT INTO article_comments (article_id, name, email, body, body_key, user_id,
			citizen, status, spam, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, c.Name, c.Email, c.Body, key, uid, boolInt(c.Citizen), Pending, strings.Join(c.Spam, ","), c.CreatedAt)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("news: comment on %s: %w", slug, err)
	}
	return c, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

const commentCols = `c.id, a.slug, a.title, c.name, c.email, c.body, c.citizen, c.status, c.spam, c.reason, c.created_at`

func (s *Store) comments(ctx context.Context, where, order string, args ...any) ([]*Comment, error) {
	rows, err := s.db.Query(ctx, "SELECT "+commentCols+" FROM article_comments c JOIN articles a ON a.id = c.article_id WHERE "+
		where+" ORDER BY "+order, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Comment
	for rows.Next() {
		var c Comment
		var citizen int
		var spam string
		if err := rows.Scan(&c.ID, &c.ArticleSlug, &c.ArticleTitle, &c.Name, &c.Email, &c.Body, &citizen, &c.Status, &spam,
			&c.Reason, &c.CreatedAt); err != nil {
			return nil, err
		}
		c.Citizen, c.Spam, c.CreatedAt = citizen == 1, split(spam), c.CreatedAt.In(vntime.Location())
		out = append(out, &c)
	}
	return out, rows.Err()
}

// Comments returns one page of the approved comments of a visible article, oldest first, and
// how many there are.
func (s *Store) Comments(ctx context.Context, slug string, page, perPage int) ([]*Comment, int, error) {
	a, err := s.Get(ctx, nil, slug)
	if err != nil {
		return nil, 0, err
	}
	page, perPage = pages(page, perPage)
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM article_comments WHERE article_id = ? AND status = 'approved'", a.ID).Scan(&total); err != nil {
		return nil, 0, err
	}
	out, err := s.comments(ctx, "c.article_id = ? AND c.status = 'approved'", "c.created_at, c.id LIMIT ? OFFSET ?",
		a.ID, perPage, (page-1)*perPage)
	return out, total, err
}

// MaxQueue is how many pending comments the moderation queue shows at once.
const MaxQueue = 100

// Queue lists the comments awaiting moderation for editors: those no spam rule marked first,
// oldest first, at most MaxQueue; and how many are pending in all.
func (s *Store) Queue(ctx context.Context, u *org.User) ([]*Comment, int, error) {
	if !MayEdit(u) {
		return nil, 0, forbidden(u)
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM article_comments WHERE status = 'pending'").Scan(&total); err != nil {
		return nil, 0, err
	}
	out, err := s.comments(ctx, "c.status = 'pending'", "CASE WHEN c.spam = '' THEN 0 ELSE 1 END, c.created_at, c.id LIMIT ?", MaxQueue)
	return out, total, err
}

func forbidden(u *org.User) error {
	if u == nil {
		return org.ErrUnauthenticated
	}
	return errForbidden
}

// Decision is an editor's verdict on a comment.
type Decision string

const (
	Approve Decision = "approve"
	Reject  Decision = "reject"
)

// Moderate approves or rejects comment id (editors only; a reason is required to reject, and
// kept). A decision may be changed (an approved comment later hidden); the same one twice is
// 409.
func (s *Store) Moderate(ctx context.Context, u *org.User, id int64, d Decision, reason string) (*Comment, error) {
	if !MayEdit(u) {
		return nil, forbidden(u)
	}
	reason = strings.TrimSpace(vntext.NFC(reason))
	var fe apperr.Fields
	to := map[Decision]CommentStatus{Approve: Approved, Reject: Rejected}[d]
	switch {
	case to == "":
		fe.Add("decision", msgs.Text("bad_decision"))
	case d == Reject && reason == "":
		fe.Add("reason", msgs.Text("give_reason"))
	}
	if utf8.RuneCountInString(reason) > MaxReason {
		fe.Add("reason", msgs.Text("too_long", MaxReason))
	}
	if err := fe.Err("invalid_moderation", msgs.Text("invalid_moderation")); err != nil {
		return nil, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var status CommentStatus
		err := tx.QueryRow(ctx, "SELECT status FROM article_comments WHERE id = ?"+tx.ForUpdate(), id).Scan(&status)
		if errors.Is(err, db.ErrNotFound) {
			return apperr.NotFound("comment", msgs.Text("comment_not_found"))
		}
		if err != nil {
			return err
		}
		if status == to {
			return apperr.New(apperr.KindConflict, "already_moderated", msgs.Text("already_moderated"))
		}
		_, err = tx.Exec(ctx, "UPDATE article_comments SET status = ?, reason = ?, moderated_by = ?, moderated_at = ? WHERE id = ?",
			to, reason, u.ID, s.now(), id)
		return err
	})
	if err != nil {
		return nil, err
	}
	out, err := s.comments(ctx, "c.id = ?", "c.id", id)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

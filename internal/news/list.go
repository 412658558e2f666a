package news

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntext"
)

// MaxQuery bounds a search string in bytes.
const MaxQuery = 200

// Query selects articles. Readers get visible articles, newest publication first; Status
// (editors only) selects articles in that status instead, most recently changed first.
type Query struct {
	Q        string // words matched whole, whatever their diacritics, case and i/y spelling
	Tag      string
	Category Category
	Status   Status
	Page     int // from 1
	PerPage  int
}

// List returns one page of the articles q selects, and how many there are in all.
func (s *Store) List(ctx context.Context, u *org.User, q Query) ([]*Article, int, error) {
	var fe apperr.Fields
	if !vntext.ValidQuery(q.Q, MaxQuery) {
		fe.Add("q", msgs.Text("too_long", MaxQuery))
	}
	if q.Category != "" && !q.Category.Valid() {
		fe.Add("category", msgs.Text("bad_category"))
	}
	if q.Status != "" && moves[q.Status] == nil {
		fe.Add("status", msgs.Text("bad_status"))
	}
	if err := fe.Err("invalid_query", msgs.Text("invalid_query")); err != nil {
		return nil, 0, err
	}
	if q.Status != "" && !MayEdit(u) && !(u != nil && u.Role == org.RoleOffice) {
		return nil, 0, errNotFoundOr(u)
	}
	q.Page, q.PerPage = pages(q.Page, q.PerPage)
	var where []string
	var args []any
	order := "a.publish_at DESC, a.id DESC"
	if q.Status == "" {
		where, args = append(where, "a.status = 'published' AND a.publish_at <= ?"), append(args, s.now())
	} else {
		where, args = append(where, "a.status = ?"), append(args, q.Status)
		order = "a.updated_at DESC, a.id DESC"
		if !MayEdit(u) { // the office sees the directives' category alone
			where, args = append(where, "a.category = ?"), append(args, Directives)
		}
	}
	if q.Category != "" {
		where, args = append(where, "a.category = ?"), append(args, q.Category)
	}
	if t := strings.ToLower(strings.Join(strings.Fields(vntext.NFC(q.Tag)), " ")); t != "" {
		where, args = append(where, "EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.tag = ?)"), append(args, t)
	}
	// Whole words: a prefix would let "lý lịch" (li, lich) match any "lịch". Folded words are
	// letters and digits, nothing to escape.
	for _, w := range vntext.Words(q.Q) {
		where, args = append(where, "a.search_key LIKE ?"), append(args, "% "+w+" %")
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM articles a WHERE "+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	out, err := s.query(ctx, "SELECT "+articleCols+" FROM articles a WHERE "+cond+" ORDER BY "+order+" LIMIT ? OFFSET ?",
		append(args, q.PerPage, (q.Page-1)*q.PerPage)...)
	return out, total, err
}

// pages bounds a page number and size: from page 1, 20 a page by default, at most 100.
func pages(page, perPage int) (int, int) {
	if perPage <= 0 {
		perPage = 20
	}
	return max(page, 1), min(perPage, 100)
}

// query reads articles with their links, adding the views this replica has not flushed.
func (s *Store) query(ctx context.Context, query string, args ...any) ([]*Article, error) {
	rows, err := s.db.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var out []*Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		a.Views += s.views.pending(a.ID)
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, links(ctx, s.db, out)
}

// MaxRelated is how many related articles an article lists.
const MaxRelated = 3

// Related lists up to MaxRelated visible articles related to a: those sharing most tags with
// it, then the newest of its category.
func (s *Store) Related(ctx context.Context, a *Article) ([]*Article, error) {
	now := s.now()
	out, err := s.query(ctx, `SELECT `+articleCols+` FROM articles a JOIN (
			SELECT o.article_id, COUNT(*) AS shared FROM article_tags t
			JOIN article_tags o ON o.tag = t.tag AND o.article_id <> t.article_id
			WHERE t.article_id = ? GROUP BY o.article_id) r ON r.article_id = a.id
		WHERE a.status = 'published' AND a.publish_at <= ?
		ORDER BY r.shared DESC, a.publish_at DESC, a.id DESC LIMIT ?`, a.ID, now, MaxRelated)
	if err != nil || len(out) == MaxRelated {
		return out, err
	}
	more, err := s.query(ctx, `SELECT `+articleCols+` FROM articles a
		WHERE a.category = ? AND a.id <> ? AND a.status = 'published' AND a.publish_at <= ?
		ORDER BY a.publish_at DESC, a.id DESC LIMIT ?`, a.Category, a.ID, now, 2*MaxRelated)
	if err != nil {
		return nil, err
	}
	for _, m := range more {
		if len(out) == MaxRelated {
			break
		}
		if !contains(out, m.ID) {
			out = append(out, m)
		}
	}
	return out, nil
}

func contains(as []*Article, id int64) bool {
	for _, a := range as {
		if a.ID == id {
			return true
		}
	}
	return false
}

// MaxPerProcedure is how many articles a procedure's page lists.
const MaxPerProcedure = 10

// ForProcedure lists the newest visible articles linked to the procedure code.
func (s *Store) ForProcedure(ctx context.Context, code string) ([]*Article, error) {
	return s.query(ctx, `SELECT `+articleCols+` FROM articles a
		JOIN article_procedures p ON p.article_id = a.id AND p.procedure_code = ?
		WHERE a.status = 'published' AND a.publish_at <= ?
		ORDER BY a.publish_at DESC, a.id DESC LIMIT ?`, code, s.now(), MaxPerProcedure)
}

// freeSlug returns base, or base-2, base-3… the first no article has.
func freeSlug(ctx context.Context, tx *db.Tx, base string) (string, error) {
	slug := base
	for n := 2; ; n++ {
		var one int
		err := tx.QueryRow(ctx, "SELECT 1 FROM articles WHERE slug = ?", slug).Scan(&one)
		if errors.Is(err, db.ErrNotFound) {
			return slug, nil
		}
		if err != nil {
			return "", err
		}
		slug = base + "-" + strconv.Itoa(n)
	}
}

// Slug makes a path segment of title: its folded words joined by hyphens, at most 80
// characters cut at a word ("Đăng ký khai sinh" → "dang-ky-khai-sinh"). A title with no
// letter or digit gives "bai-viet".
func Slug(title string) string {
	var b strings.Builder
	for _, w := range strings.Fields(vntext.Fold(title)) {
		if b.Len()+len(w)+1 > maxSlugRune && b.Len() > 0 {
			break
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(w)
	}
	if b.Len() == 0 {
		return "bai-viet"
	}
	s := b.String()
	if len(s) > maxSlugRune {
		s = strings.ToValidUTF8(s[:maxSlugRune], "")
	}
	return s
}

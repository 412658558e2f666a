// Package news is the portal's news (tin tức, issue 14): articles in categories with an
// editorial flow (draft → review → published → withdrawn) where every saved version is kept,
// tags, related articles, linked procedures, publication scheduled ahead, Markdown bodies
// rendered and sanitised when read, view counts batched per replica (Counter), and readers'
// comments that show only once an editor approves them, rate-limited and checked by spam rules.
//
// The types carry no JSON tags and build no URLs; the API and the pages shape them.
package news

import (
	"context"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/ratelimit"
	"github.com/motcua/motcua/internal/vntext"
)

// Category is where an article is filed; its value is also its path on the portal.
type Category string

const (
	News       Category = "tin-tuc"           // tin tức
	Notices    Category = "thong-bao"         // thông báo
	Guidance   Category = "huong-dan"         // hướng dẫn thủ tục
	Directives Category = "chi-dao-dieu-hanh" // chỉ đạo điều hành: the committee's directives
)

// Categories lists every category in the portal's order.
var Categories = []Category{News, Notices, Guidance, Directives}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return slices.Contains(Categories, c) }

// Status is where an article stands in the editorial flow.
type Status string

const (
	Draft     Status = "draft"
	Review    Status = "review" // submitted, awaiting an editor
	Published Status = "published"
	Withdrawn Status = "withdrawn"
)

// Bounds of what an article and a comment may hold; the API documents the same.
const (
	MaxTitle    = 500 // a directive's title may be as long (directive.MaxTitle)
	MaxSummary  = 4000
	MaxBody     = 100_000
	MaxTags     = 10
	MaxTag      = 50
	MaxLinked   = 20
	MaxName     = 100
	MaxEmail    = 254
	MaxComment  = 2000
	MaxReason   = 500
	maxSlugRune = 80
)

// Article is one article as stored. Visible is whether readers see it now: published and its
// publication time come. Views is the stored count plus what this replica has not flushed yet.
type Article struct {
	ID         int64
	Slug       string
	Category   Category
	Status     Status
	Title      string
	Summary    string
	Body       string // Markdown
	TitleEn    string
	SummaryEn  string
	BodyEn     string
	Tags       []string
	Procedures []string // catalog codes
	PublishAt  time.Time
	Version    int
	Views      int64
	AuthorID   int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Visible reports whether readers see a at now.
func (a *Article) Visible(now time.Time) bool {
	return a.Status == Published && !a.PublishAt.IsZero() && !a.PublishAt.After(now)
}

// Scheduled reports whether a is published with a publication time still ahead of now.
func (a *Article) Scheduled(now time.Time) bool {
	return a.Status == Published && a.PublishAt.After(now)
}

// HasEnglish reports whether a has an English version to show English readers.
func (a *Article) HasEnglish() bool { return a.TitleEn != "" && a.BodyEn != "" }

// Input is what an editor writes. Status is Draft, Review or Published (the default); a
// publication time ahead schedules a published article.
type Input struct {
	Title, Summary, Body       string
	TitleEn, SummaryEn, BodyEn string
	Category                   Category
	Tags                       []string
	Procedures                 []string
	PublishAt                  time.Time // zero: now, when published
	Status                     Status    // "" means Published
	Note                       string    // why this version, kept in the history
}

// MayEdit reports whether u writes and publishes in every category and moderates comments:
// the portal's editors and system administrators.
func MayEdit(u *org.User) bool {
	return u != nil && (u.Role == org.RoleEditor || u.IsAdmin())
}

// MayWrite reports whether u may write, submit and publish in category c: editors in every
// category, the committee office in the directives' own (chỉ đạo điều hành).
func MayWrite(u *org.User, c Category) bool {
	return MayEdit(u) || (u != nil && u.Role == org.RoleOffice && c == Directives)
}

// Store keeps articles and comments.
type Store struct {
	db        *db.DB
	catalog   *catalog.Store
	limit     *ratelimit.Limiter
	views     *Counter
	blobs     Blobs
	now       func() time.Time
	gen       genHolder   // the last Generation, cleared by every write through the Store
	checking  atomic.Bool // a background Generation check is under way
	staleness time.Duration
}

// Config holds a Store's dependencies. Catalog checks linked procedure codes; CommentLimit
// bounds comments per client address (nil: 5 a minute, bursts of 5).
type Config struct {
	DB           *db.DB
	Catalog      *catalog.Store
	CommentLimit *ratelimit.Limiter
	Blobs        Blobs            // where uploaded images are kept; nil refuses uploads
	Now          func() time.Time // nil: time.Now
	Staleness    time.Duration    // how long Generation is reused; 0: GenerationStaleness
}

// NewStore returns a news store with its view counter.
func NewStore(c Config) *Store {
	s := &Store{db: c.DB, catalog: c.Catalog, limit: c.CommentLimit, blobs: c.Blobs, now: c.Now, staleness: c.Staleness}
	if s.staleness <= 0 {
		s.staleness = GenerationStaleness
	}
	if s.limit == nil {
		s.limit = ratelimit.New(5, 5)
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.views = newCounter(c.DB)
	return s
}

// Views is the store's view counter, whose Run the app keeps going.
func (s *Store) Views() *Counter { return s.views }

var (
	errForbidden = apperr.New(apperr.KindForbidden, "forbidden", msgs.Text("only_editors"))
	errNotFound  = apperr.NotFound("article", msgs.Text("article_not_found"))
)

// Check reports what is wrong with in, field by field (422), as Create and Update would; a
// form that has its own errors besides (an unreadable time) shows them all at once.
func (s *Store) Check(ctx context.Context, in Input) error { return s.clean(ctx, &in) }

// clean normalises in and checks it field by field (422 naming each field).
func (s *Store) clean(ctx context.Context, in *Input) error {
	var fe apperr.Fields
	text := func(path string, v *string, required bool, max int) {
		*v = strings.TrimSpace(vntext.NFC(*v))
		switch {
		case required && *v == "":
			fe.Add(path, msgs.Text("required"))
		case utf8.RuneCountInString(*v) > max:
			fe.Add(path, msgs.Text("too_long", max))
		}
	}
	text("title", &in.Title, true, MaxTitle)
	text("summary", &in.Summary, true, MaxSummary)
	text("body", &in.Body, true, MaxBody)
	text("title_en", &in.TitleEn, false, MaxTitle)
	text("summary_en", &in.SummaryEn, false, MaxSummary)
	text("body_en", &in.BodyEn, false, MaxBody)
	text("note", &in.Note, false, MaxReason)
	if !in.Category.Valid() {
		fe.Add("category", msgs.Text("bad_category"))
	}
	switch in.Status {
	case "":
		in.Status = Published
	case Draft, Review, Published:
	default:
		fe.Add("status", msgs.Text("bad_status"))
	}
	tags := make([]string, 0, len(in.Tags))
	for i, t := range in.Tags {
		t = strings.ToLower(strings.Join(strings.Fields(vntext.NFC(t)), " "))
		switch {
		case t == "":
			fe.Add(path("tags", i), msgs.Text("required"))
		case utf8.RuneCountInString(t) > MaxTag:
			fe.Add(path("tags", i), msgs.Text("too_long", MaxTag))
		case !slices.Contains(tags, t):
			tags = append(tags, t)
		}
	}
	if len(tags) > MaxTags {
		fe.Add("tags", msgs.Text("too_many", MaxTags))
	}
	in.Tags = tags
	codes := make([]string, 0, len(in.Procedures))
	for i, c := range in.Procedures {
		c = strings.TrimSpace(c)
		if s.catalog != nil {
			if _, err := s.catalog.Current(ctx, c); err != nil {
				if apperr.KindOf(err) != apperr.KindNotFound {
					return err
				}
				fe.Add(path("procedures", i), msgs.Text("unknown_procedure", c))
				continue
			}
		}
		if !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	if len(codes) > MaxLinked {
		fe.Add("procedures", msgs.Text("too_many", MaxLinked))
	}
	in.Procedures = codes
	return fe.Err("invalid_article", msgs.Text("invalid_article"))
}

func path(list string, i int) string { return list + "." + strconv.Itoa(i) }

// CommentInput is what a reader writes under an article.
type CommentInput struct {
	Name, Email, Body string
}

func (in *CommentInput) clean() error {
	var fe apperr.Fields
	in.Name = strings.Join(strings.Fields(vntext.NFC(in.Name)), " ")
	in.Email = strings.TrimSpace(in.Email)
	in.Body = strings.TrimSpace(vntext.NFC(in.Body))
	switch {
	case in.Name == "":
		fe.Add("name", msgs.Text("required"))
	case utf8.RuneCountInString(in.Name) > MaxName:
		fe.Add("name", msgs.Text("too_long", MaxName))
	}
	if in.Email != "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || len(in.Email) > MaxEmail {
			fe.Add("email", msgs.Text("bad_email"))
		}
	}
	switch {
	case in.Body == "":
		fe.Add("body", msgs.Text("required"))
	case utf8.RuneCountInString(in.Body) > MaxComment:
		fe.Add("body", msgs.Text("too_long", MaxComment))
	}
	return fe.Err("invalid_comment", msgs.Text("invalid_comment"))
}

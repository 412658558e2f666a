package news_test

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/news"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/ratelimit"
)

type fixture struct {
	d     *db.DB
	s     *news.Store
	clock *time.Time
	users map[string]*org.User
}

var t0 = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	os, cs := org.NewStore(d), catalog.NewStore(d)
	if err := demo.Seed(ctx, slog.New(slog.DiscardHandler), os, identity.NewStore(d), cs); err != nil {
		t.Fatal(err)
	}
	now := t0
	f := &fixture{d: d, clock: &now, users: map[string]*org.User{}}
	f.s = news.NewStore(news.Config{DB: d, Catalog: cs, Now: func() time.Time { return *f.clock },
		CommentLimit: ratelimit.NewWithClock(3, 3, func() time.Time { return *f.clock })})
	for _, name := range []string{"admin", "bientap", "vanphong", "congdan", "chuyenvien"} {
		u, err := os.User(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		f.users[name] = u
	}
	return f
}

func (f *fixture) create(t *testing.T, in news.Input) *news.Article {
	t.Helper()
	a, err := f.s.Create(context.Background(), f.users["bientap"], in)
	if err != nil {
		t.Fatalf("Create(%q) = %v", in.Title, err)
	}
	return a
}

func article(title string, tags ...string) news.Input {
	return news.Input{Title: title, Summary: "Tóm tắt: " + title, Body: "Nội dung **" + title + "**.", Category: news.News, Tags: tags}
}

func kind(err error) apperr.Kind { return apperr.KindOf(err) }

func slugs(as []*news.Article) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Slug)
	}
	return out
}

func TestArticles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		in := article("Hà Nội đẩy mạnh dịch vụ công trực tuyến toàn trình", "dịch vụ công", "Một cửa")
		in.Procedures = []string{"1.001193"}
		a := f.create(t, in)
		if a.Slug != "ha-noi-day-manh-dich-vu-cong-truc-tuyen-toan-trinh" || a.Status != news.Published || a.Version != 1 {
			t.Fatalf("Create = %s %s v%d", a.Slug, a.Status, a.Version)
		}
		if !slices.Equal(a.Tags, []string{"dịch vụ công", "một cửa"}) || !slices.Equal(a.Procedures, []string{"1.001193"}) {
			t.Errorf("tags %q, procedures %q", a.Tags, a.Procedures)
		}
		if !a.PublishAt.Equal(t0) {
			t.Errorf("PublishAt = %v; want now %v", a.PublishAt, t0)
		}
		// A second article of the same title gets a slug of its own.
		*f.clock = t0.Add(time.Minute)
		b := f.create(t, article("Hà Nội đẩy mạnh dịch vụ công trực tuyến toàn trình", "một cửa"))
		if b.Slug != a.Slug+"-2" {
			t.Errorf("second slug = %s", b.Slug)
		}
		// Scheduled ahead and drafts stay hidden from readers; editors see them.
		later := article("Thông báo lịch nghỉ Tết Nguyên đán")
		later.Category, later.PublishAt = news.Notices, t0.Add(24*time.Hour)
		sch := f.create(t, later)
		draft := article("Bản nháp hướng dẫn")
		draft.Status = news.Draft
		dr := f.create(t, draft)
		for _, s := range []string{sch.Slug, dr.Slug} {
			if _, err := f.s.Get(ctx, nil, s); kind(err) != apperr.KindNotFound {
				t.Errorf("Get(anonymous, %s) = %v; want not found", s, err)
			}
			if _, err := f.s.Get(ctx, f.users["congdan"], s); kind(err) != apperr.KindNotFound {
				t.Errorf("Get(citizen, %s) = %v; want not found", s, err)
			}
			if _, err := f.s.Get(ctx, f.users["bientap"], s); err != nil {
				t.Errorf("Get(editor, %s) = %v", s, err)
			}
		}
		list, total, err := f.s.List(ctx, nil, news.Query{})
		if err != nil || total != 2 || !slices.Equal(slugs(list), []string{b.Slug, a.Slug}) {
			t.Errorf("List = %v, %d, %v; want the two published, newest first", slugs(list), total, err)
		}
		*f.clock = t0.Add(25 * time.Hour) // the scheduled one comes out
		if list, _, _ = f.s.List(ctx, nil, news.Query{Category: news.Notices}); !slices.Equal(slugs(list), []string{sch.Slug}) {
			t.Errorf("List(thong-bao) after its time = %v", slugs(list))
		}
		// Search folds diacritics, case and đ, and matches whole words.
		for _, q := range []string{"DAY MANH", "đẩy mạnh", "dich vu cong", "Ha Noi truc", "nguyen dan"} {
			list, _, err := f.s.List(ctx, nil, news.Query{Q: q})
			if err != nil || len(list) == 0 {
				t.Errorf("List(q=%q) = %v, %v; want matches", q, slugs(list), err)
			}
		}
		if list, _, _ := f.s.List(ctx, nil, news.Query{Q: "khai sinh lạ"}); len(list) != 0 {
			t.Errorf("List(q=unmatched) = %v", slugs(list))
		}
		if list, _, _ := f.s.List(ctx, nil, news.Query{Q: "đẩy mạ"}); len(list) != 0 { // "mạ" is not "mạnh"
			t.Errorf("List(q=unmatched) = %v", slugs(list))
		}
		if list, _, _ := f.s.List(ctx, nil, news.Query{Tag: "Dịch vụ công"}); !slices.Equal(slugs(list), []string{a.Slug}) {
			t.Errorf("List(tag) = %v", slugs(list))
		}
		// Related: sharing a tag first; a procedure's page lists its articles.
		rel, err := f.s.Related(ctx, a)
		if err != nil || len(rel) == 0 || rel[0].Slug != b.Slug {
			t.Errorf("Related(a) = %v, %v; want %s first", slugs(rel), err, b.Slug)
		}
		if got, err := f.s.ForProcedure(ctx, "1.001193"); err != nil || !slices.Equal(slugs(got), []string{a.Slug}) {
			t.Errorf("ForProcedure = %v, %v", slugs(got), err)
		}
		// Drafts list for editors only.
		if list, _, err := f.s.List(ctx, f.users["bientap"], news.Query{Status: news.Draft}); err != nil || !slices.Equal(slugs(list), []string{dr.Slug}) {
			t.Errorf("List(draft, editor) = %v, %v", slugs(list), err)
		}
		if _, _, err := f.s.List(ctx, f.users["congdan"], news.Query{Status: news.Draft}); err == nil {
			t.Error("List(draft, citizen) succeeded")
		}
	})
}

func TestArticleRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		_, err := f.s.Create(ctx, f.users["bientap"], news.Input{Category: "bao-chi", Tags: []string{" "}, Procedures: []string{"9.999999"}})
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.KindUnprocessable {
			t.Fatalf("Create(empty) = %v; want 422", err)
		}
		var paths []string
		for _, fe := range e.Fields {
			paths = append(paths, fe.Path)
		}
		if want := []string{"title", "summary", "body", "category", "tags.0", "procedures.0"}; !slices.Equal(paths, want) {
			t.Errorf("fields = %q; want %q", paths, want)
		}
		for name, want := range map[string]apperr.Kind{"congdan": apperr.KindForbidden, "chuyenvien": apperr.KindForbidden} {
			if _, err := f.s.Create(ctx, f.users[name], article("Bài")); kind(err) != want {
				t.Errorf("Create by %s = %v; want kind %v", name, err, want)
			}
		}
		if _, err := f.s.Create(ctx, nil, article("Bài")); kind(err) != apperr.KindUnauthenticated {
			t.Errorf("Create(anonymous) = %v; want 401", err)
		}
		// The office writes in the directives' category only.
		dir := article("Chỉ thị về cải cách hành chính")
		dir.Category = news.Directives
		if _, err := f.s.Create(ctx, f.users["vanphong"], dir); err != nil {
			t.Errorf("Create(office, directive) = %v", err)
		}
		if _, err := f.s.Create(ctx, f.users["vanphong"], article("Tin")); kind(err) != apperr.KindForbidden {
			t.Errorf("Create(office, news) = %v; want 403", err)
		}
	})
}

func TestCreateTxRollsBack(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		boom := errors.New("the directive failed")
		in := article("Chỉ thị số 01")
		in.Category = news.Directives
		err := d.InTx(ctx, func(tx *db.Tx) error {
			a, err := f.s.CreateTx(ctx, tx, f.users["vanphong"], in)
			if err != nil {
				return err
			}
			if a.Status != news.Published || a.Category != news.Directives {
				t.Errorf("CreateTx = %s in %s", a.Status, a.Category)
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v", err)
		}
		if _, total, _ := f.s.List(ctx, nil, news.Query{}); total != 0 {
			t.Errorf("%d articles after the rollback; want 0", total)
		}
	})
}

func TestEditorialFlow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		ed := f.users["bientap"]
		in := article("Hướng dẫn nộp hồ sơ khai sinh trực tuyến")
		in.Status, in.Category = news.Draft, news.Guidance
		a := f.create(t, in)
		in.Body, in.Note = "Nội dung đã sửa.", "sửa lỗi chính tả"
		if a, err := f.s.Update(ctx, ed, a.Slug, in); err != nil || a.Version != 2 || a.Status != news.Draft {
			t.Fatalf("Update = %v, %v", a, err)
		}
		steps := []struct {
			to   news.Status
			note string
			want apperr.Kind // 0: succeeds
		}{
			{news.Withdrawn, "x", apperr.KindConflict}, // a draft is not withdrawn
			{news.Review, "", 0},
			{news.Published, "", 0},
			{news.Withdrawn, "", apperr.KindUnprocessable}, // withdrawing needs a reason
			{news.Withdrawn, "thông tin đã cũ", 0},
			{news.Published, "", apperr.KindConflict},
		}
		for _, s := range steps {
			_, err := f.s.Move(ctx, ed, a.Slug, s.to, s.note)
			if (s.want == 0 && err != nil) || (s.want != 0 && kind(err) != s.want) {
				t.Errorf("Move(%s, %q) = %v; want kind %v", s.to, s.note, err, s.want)
			}
		}
		if _, err := f.s.Get(ctx, nil, a.Slug); kind(err) != apperr.KindNotFound {
			t.Errorf("withdrawn article read by anyone: %v", err)
		}
		if _, err := f.s.Move(ctx, f.users["congdan"], a.Slug, news.Draft, ""); kind(err) != apperr.KindForbidden {
			t.Errorf("Move by a citizen = %v; want 403", err)
		}
		if _, err := f.s.Move(ctx, f.users["vanphong"], a.Slug, news.Draft, ""); kind(err) != apperr.KindNotFound {
			t.Errorf("Move by the office, outside its category = %v; want 404", err)
		}
		vs, err := f.s.Versions(ctx, ed, a.Slug)
		if err != nil {
			t.Fatal(err)
		}
		var got []news.Status
		for _, v := range vs {
			got = append(got, v.Status)
		}
		if want := []news.Status{news.Withdrawn, news.Published, news.Review, news.Draft, news.Draft}; !slices.Equal(got, want) {
			t.Errorf("versions = %v; want %v", got, want)
		}
		if vs[0].Note != "thông tin đã cũ" || vs[3].Body != "Nội dung đã sửa." || vs[4].Body == vs[3].Body || vs[0].EditedBy == "" {
			t.Errorf("versions kept %+v", vs)
		}
		if _, err := f.s.Versions(ctx, f.users["congdan"], a.Slug); err == nil {
			t.Error("a citizen read the history")
		}
	})
}

func TestViewsBatched(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		a := f.create(t, article("Tin có nhiều người đọc"))
		other := news.NewStore(news.Config{DB: d, Now: func() time.Time { return *f.clock }}) // a second replica
		for range 3 {
			if _, err := f.s.Read(ctx, nil, a.Slug); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := other.Read(ctx, nil, a.Slug); err != nil {
			t.Fatal(err)
		}
		var stored int64
		if err := d.QueryRow(ctx, "SELECT views FROM articles WHERE id = ?", a.ID).Scan(&stored); err != nil || stored != 0 {
			t.Fatalf("views stored before a flush = %d, %v; want 0 (no write per view)", stored, err)
		}
		if got, _ := f.s.Get(ctx, nil, a.Slug); got.Views != 3 {
			t.Errorf("views seen by the replica that counted = %d; want 3", got.Views)
		}
		for _, s := range []*news.Store{f.s, other} {
			if err := s.Views().Flush(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if got, _ := other.Get(ctx, nil, a.Slug); got.Views != 4 {
			t.Errorf("views after both replicas flushed = %d; want 4", got.Views)
		}
		// Run flushes on its ticker and once more when its context ends.
		run, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { f.s.Views().Run(run, time.Hour, slog.New(slog.DiscardHandler)); close(done) }()
		f.s.Views().Add(a.ID)
		stop()
		<-done
		if got, _ := other.Get(ctx, nil, a.Slug); got.Views != 5 {
			t.Errorf("views after shutdown = %d; want 5", got.Views)
		}
	})
}

func TestComments(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		a := f.create(t, article("Lấy ý kiến người dân về thủ tục khai sinh"))
		c, err := f.s.Comment(ctx, nil, "203.0.113.1", a.Slug, news.CommentInput{Name: "Trần Thị Bình", Body: "Thủ tục rất nhanh, cảm ơn phường."})
		if err != nil || c.Status != news.Pending || len(c.Spam) != 0 {
			t.Fatalf("Comment = %+v, %v", c, err)
		}
		if list, total, _ := f.s.Comments(ctx, a.Slug, 1, 20); total != 0 || len(list) != 0 {
			t.Errorf("comments shown before approval: %d", total)
		}
		cit, err := f.s.Comment(ctx, f.users["congdan"], "203.0.113.2", a.Slug, news.CommentInput{Name: "Nguyễn Văn An", Email: "an@example.vn", Body: "Thủ tục rất nhanh, cảm ơn phường."})
		if err != nil || !cit.Citizen || !slices.Equal(cit.Spam, []string{"duplicate"}) {
			t.Fatalf("Comment(citizen, same body) = %+v, %v; want citizen, duplicate", cit, err)
		}
		q, total, err := f.s.Queue(ctx, f.users["bientap"])
		if err != nil || total != 2 || q[0].ID != c.ID {
			t.Fatalf("Queue = %d, %v; the unmarked comment first", total, err)
		}
		if _, _, err := f.s.Queue(ctx, f.users["congdan"]); kind(err) != apperr.KindForbidden {
			t.Errorf("Queue(citizen) = %v; want 403", err)
		}
		if _, err := f.s.Moderate(ctx, f.users["bientap"], cit.ID, news.Reject, ""); kind(err) != apperr.KindUnprocessable {
			t.Errorf("reject without reason = %v; want 422", err)
		}
		if _, err := f.s.Moderate(ctx, f.users["congdan"], c.ID, news.Approve, ""); kind(err) != apperr.KindForbidden {
			t.Errorf("Moderate(citizen) = %v; want 403", err)
		}
		if _, err := f.s.Moderate(ctx, nil, c.ID, news.Approve, ""); kind(err) != apperr.KindUnauthenticated {
			t.Errorf("Moderate(anonymous) = %v; want 401", err)
		}
		if m, err := f.s.Moderate(ctx, f.users["bientap"], c.ID, news.Approve, ""); err != nil || m.Status != news.Approved {
			t.Fatalf("approve = %v, %v", m, err)
		}
		if _, err := f.s.Moderate(ctx, f.users["bientap"], c.ID, news.Approve, ""); kind(err) != apperr.KindConflict {
			t.Errorf("approve twice = %v; want 409", err)
		}
		if _, err := f.s.Moderate(ctx, f.users["bientap"], cit.ID, news.Reject, "trùng lặp"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Moderate(ctx, f.users["bientap"], 999999, news.Approve, ""); kind(err) != apperr.KindNotFound {
			t.Errorf("Moderate(unknown) = %v; want 404", err)
		}
		list, total, err := f.s.Comments(ctx, a.Slug, 1, 20)
		if err != nil || total != 1 || list[0].ID != c.ID {
			t.Errorf("Comments = %d, %v; want the approved one", total, err)
		}
		// Bad input names its fields; a flood from one address is 429.
		_, err = f.s.Comment(ctx, nil, "203.0.113.9", a.Slug, news.CommentInput{Email: "not an address"})
		if e, ok := apperr.As(err); !ok || e.Kind != apperr.KindUnprocessable || len(e.Fields) != 3 {
			t.Errorf("Comment(empty) = %v; want 422 naming name, email, body", err)
		}
		var last error
		for range 3 {
			_, last = f.s.Comment(ctx, nil, "203.0.113.1", a.Slug, news.CommentInput{Name: "B", Body: "lại nữa"})
		}
		if kind(last) != apperr.KindRateLimited {
			t.Errorf("fourth comment from one address in a minute = %v; want 429", last)
		}
		if _, err := f.s.Comment(ctx, nil, "203.0.113.3", "khong-co", news.CommentInput{Name: "B", Body: "x"}); kind(err) != apperr.KindNotFound {
			t.Errorf("Comment(unknown slug) = %v; want 404", err)
		}
	})
}

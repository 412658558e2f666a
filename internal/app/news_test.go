package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/app/apptest"
)

type articleItem struct {
	Slug, Title, Summary, Category string
	Tags                           []string
	PublishedAt                    *time.Time `json:"published_at"`
	Views                          int64
}

type articleOut struct {
	articleItem
	Status     string
	BodyHTML   string `json:"body_html"`
	Procedures []string
	Related    []articleItem
}

// TestNewsAPI: the Portal part of CONTRACT.md over HTTP, articles and readers' comments, on
// both engines.
func TestNewsAPI(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { newsAPI(t, engine) })
	}
}

func newsAPI(t *testing.T, engine string) {
	a, base := apptest.Start(t, engine)
	anon := &client{t: t, base: base}
	ed, cit := login(t, base, "bientap"), login(t, base, "congdan")

	// The demo's articles, newest first, in the CONTRACT's shape.
	var raw struct {
		Items []map[string]json.RawMessage
		Total int
	}
	anon.json("GET", "/api/v1/articles", nil, 200, &raw)
	if raw.Total < 5 || len(raw.Items) == 0 {
		t.Fatalf("demo articles: %d", raw.Total)
	}
	for _, k := range []string{"slug", "title", "summary", "category", "tags", "published_at", "views"} {
		if raw.Items[0][k] == nil {
			t.Errorf("a list item lacks %q", k)
		}
	}
	// q folds diacritics, case and normalisation like the catalog's search.
	for _, q := range []string{"khai sinh truc tuyen", "KHAI SINH", norm.NFD.String("khai sinh trực tuyến")} {
		var l struct{ Items []articleItem }
		anon.json("GET", "/api/v1/articles?q="+strings.ReplaceAll(q, " ", "+"), nil, 200, &l)
		if len(l.Items) == 0 || !strings.Contains(l.Items[0].Title, "khai sinh") {
			t.Errorf("q=%q found %v", q, l.Items)
		}
	}
	var guides struct{ Items []articleItem }
	anon.json("GET", "/api/v1/articles?category=huong-dan&tag=hộ+tịch", nil, 200, &guides)
	if len(guides.Items) != 1 || guides.Items[0].Category != "huong-dan" {
		t.Errorf("category and tag = %+v", guides.Items)
	}

	// Writing: editors only; hostile Markdown never reaches the page.
	hostile := map[string]any{"title": "Cảnh báo giả mạo cán bộ một cửa", "summary": "Người dân cảnh giác.", "category": "thong-bao",
		"tags": []string{"cảnh báo", "một cửa"}, "procedures": []string{"1.001193"},
		"body": "Xem [hướng dẫn](javascript:alert(1)) <script>alert(2)</script>\n\n<img src=x onerror=alert(3)>\n\n<svg onload=alert(4)></svg>\n\n![x](https://evil.example/a.svg)"}
	anon.json("POST", "/api/v1/articles", hostile, 401, nil)
	cit.json("POST", "/api/v1/articles", hostile, 403, nil)
	var e errBody
	ed.json("POST", "/api/v1/articles", map[string]any{"title": "", "summary": "x", "body": "x", "category": "bao-chi"}, 422, &e)
	if got := paths(e); !slices.Equal(got, []string{"title", "category"}) {
		t.Errorf("422 fields = %v", got)
	}
	var created articleOut
	ed.json("POST", "/api/v1/articles", hostile, 201, &created)
	if created.Slug != "canh-bao-gia-mao-can-bo-mot-cua" || created.Status != "published" {
		t.Fatalf("created %+v", created.articleItem)
	}
	var got articleOut
	anon.json("GET", "/api/v1/articles/"+created.Slug, nil, 200, &got)
	for _, bad := range []string{"<script", "javascript:", "onerror", "<svg", "onload", "evil.example"} {
		if strings.Contains(strings.ToLower(got.BodyHTML), bad) {
			t.Errorf("body_html holds %q: %s", bad, got.BodyHTML)
		}
	}
	if !strings.Contains(got.BodyHTML, "hướng dẫn") || !slices.Equal(got.Procedures, []string{"1.001193"}) || len(got.Related) == 0 {
		t.Errorf("article = %+v", got)
	}
	anon.json("GET", "/api/v1/articles/khong-co-bai-nay", nil, 404, nil)

	// Scheduled ahead and drafts stay hidden until their time.
	var later, draft articleOut
	ed.json("POST", "/api/v1/articles", map[string]any{"title": "Lịch nghỉ Tết", "summary": "s", "body": "b", "category": "thong-bao",
		"publish_at": time.Now().Add(48 * time.Hour).Format(time.RFC3339)}, 201, &later)
	ed.json("POST", "/api/v1/articles", map[string]any{"title": "Bản nháp", "summary": "s", "body": "b", "category": "tin-tuc", "status": "draft"}, 201, &draft)
	for _, s := range []string{later.Slug, draft.Slug} {
		anon.json("GET", "/api/v1/articles/"+s, nil, 404, nil)
		ed.json("GET", "/api/v1/articles/"+s, nil, 200, nil)
	}
	ed.json("POST", "/api/v1/articles/"+draft.Slug+"/status", map[string]string{"status": "published"}, 200, nil)
	anon.json("GET", "/api/v1/articles/"+draft.Slug, nil, 200, nil)
	ed.json("POST", "/api/v1/articles/"+draft.Slug+"/status", map[string]string{"status": "withdrawn"}, 422, nil)
	ed.json("POST", "/api/v1/articles/"+draft.Slug+"/status", map[string]string{"status": "withdrawn", "note": "đăng nhầm"}, 200, nil)
	var versions struct{ Total int }
	ed.json("GET", "/api/v1/articles/"+draft.Slug+"/versions", nil, 200, &versions)
	if versions.Total != 3 {
		t.Errorf("versions = %d; want 3", versions.Total)
	}

	// Comments: 202 pending, shown once an editor approves; moderation is for editors.
	var posted struct {
		ID     int64
		Status string
	}
	anon.json("POST", "/api/v1/articles/"+created.Slug+"/comments", map[string]string{"name": "Lê Văn Cường", "body": "Cảm ơn thông tin hữu ích."}, 202, &posted)
	if posted.Status != "pending" || posted.ID == 0 {
		t.Fatalf("comment answer %+v", posted)
	}
	var comments struct {
		Items []struct{ ID int64 }
		Total int
	}
	anon.json("GET", "/api/v1/articles/"+created.Slug+"/comments", nil, 200, &comments)
	if comments.Total != 0 {
		t.Errorf("a pending comment is shown")
	}
	mod := "/api/v1/comments/" + jsonInt(posted.ID) + "/moderation"
	anon.json("POST", mod, map[string]string{"decision": "approve"}, 401, nil)
	cit.json("POST", mod, map[string]string{"decision": "approve"}, 403, nil)
	ed.json("POST", mod, map[string]string{"decision": "reject"}, 422, &e)
	if !slices.Equal(paths(e), []string{"reason"}) {
		t.Errorf("reject without a reason names %v", paths(e))
	}
	var queue struct{ Total int }
	ed.json("GET", "/api/v1/comments", nil, 200, &queue)
	if queue.Total != 1 {
		t.Errorf("queue = %d; want 1", queue.Total)
	}
	ed.json("POST", mod, map[string]string{"decision": "approve"}, 200, nil)
	anon.json("GET", "/api/v1/articles/"+created.Slug+"/comments", nil, 200, &comments)
	if comments.Total != 1 || comments.Items[0].ID != posted.ID {
		t.Errorf("approved comments = %+v", comments)
	}
	ed.json("POST", "/api/v1/comments/999999/moderation", map[string]string{"decision": "approve"}, 404, nil)
	anon.json("POST", "/api/v1/articles/"+created.Slug+"/comments", map[string]string{"name": "", "body": "x", "email": "sai"}, 422, &e)
	if !slices.Equal(paths(e), []string{"name", "email"}) {
		t.Errorf("bad comment names %v", paths(e))
	}
	// A flood from one address gets 429 in the API's envelope.
	flooded := false
	for range 10 {
		status, body, hdr := anon.do("POST", "/api/v1/articles/"+created.Slug+"/comments", map[string]string{"name": "Spam", "body": "mua ngay"})
		if status == 429 {
			flooded = true
			if json.Unmarshal(body, &e) != nil || e.Error.Code != "rate_limited" || hdr.Get("Retry-After") == "" {
				t.Errorf("429 body %s", body)
			}
			break
		}
	}
	if !flooded {
		t.Error("ten comments at once from one address were all accepted")
	}

	// An image: editors only, sniffed (never SVG), resized; its url shows in the Markdown.
	png := pngBytes(t, 1500, 300)
	status, _, _ := cit.postFile("/api/v1/articles/"+created.Slug+"/images", "a.png", png)
	if status != 403 {
		t.Errorf("image by a citizen = %d; want 403", status)
	}
	if status, body, _ := ed.postFile("/api/v1/articles/"+created.Slug+"/images", "a.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)); status != 415 {
		t.Errorf("SVG image = %d %s; want 415", status, body)
	}
	status, body, _ := ed.postFile("/api/v1/articles/"+created.Slug+"/images", "a.png", png)
	var img struct {
		URL   string
		Width int
	}
	if status != 201 || json.Unmarshal(body, &img) != nil || img.Width != 1200 || !strings.HasPrefix(img.URL, "/tin-tuc/anh/") {
		t.Fatalf("image = %d %s", status, body)
	}
	if status, _, hdr := anon.do("GET", img.URL, nil); status != 200 || hdr.Get("Content-Type") != "image/png" {
		t.Errorf("GET %s = %d %s", img.URL, status, hdr.Get("Content-Type"))
	}

	// Views are counted in memory and written in a batch.
	for range 2 {
		anon.json("GET", "/api/v1/articles/"+created.Slug, nil, 200, &got)
	}
	if got.Views != 3 {
		t.Errorf("views = %d; want 3", got.Views)
	}
	if err := a.News.Views().Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	var stored int64
	if err := a.DB.QueryRow(context.Background(), "SELECT views FROM articles WHERE slug = ?", created.Slug).Scan(&stored); err != nil || stored != 3 {
		t.Errorf("views stored = %d, %v; want 3", stored, err)
	}
}

func jsonInt(n int64) string { b, _ := json.Marshal(n); return string(b) }

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// postFile posts data as the multipart field "file" named name to path.
func (c *client) postFile(path, name string, data []byte) (int, []byte, http.Header) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+c.tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out, resp.Header
}

// TestDirectiveOnPortal: a directive the office records is published on the portal in the
// category chi-dao-dieu-hanh, with its tasks, in the directive's own transaction (CONTRACT.md
// "Portal"), on both engines; the demo city's directive has its article too.
func TestDirectiveOnPortal(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			_, base := apptest.Start(t, engine)
			anon, office := &client{t: t, base: base}, login(t, base, "vanphong")
			var before struct{ Total int }
			anon.json("GET", "/api/v1/articles?category=chi-dao-dieu-hanh", nil, 200, &before)
			if before.Total != 1 {
				t.Errorf("directives on the portal before = %d; want the demo's one", before.Total)
			}
			due := time.Now().AddDate(0, 0, 20).Format(time.DateOnly)
			var dv struct{ Slug string }
			office.json("POST", "/api/v1/directives", map[string]any{"number": "31/CT-UBND", "signed_on": time.Now().Format(time.DateOnly),
				"title": "Về tăng cường kỷ luật, kỷ cương trong giải quyết thủ tục hành chính", "summary": "Yêu cầu các phường công khai hồ sơ trễ hạn.",
				"tasks": []map[string]string{{"agency_code": "00070", "title": "Công khai hồ sơ trễ hạn <script>alert(1)</script>", "due_on": due}}}, 201, &dv)
			if dv.Slug == "" {
				t.Fatal("the directive has no article")
			}
			var a articleOut
			anon.json("GET", "/api/v1/articles/"+dv.Slug, nil, 200, &a)
			if a.Category != "chi-dao-dieu-hanh" || a.Status != "published" || !strings.Contains(a.BodyHTML, "31/CT-UBND") ||
				!strings.Contains(a.BodyHTML, "Phường Hoàn Kiếm") || strings.Contains(a.BodyHTML, "<script") {
				t.Errorf("the directive's article = %+v", a)
			}
			var after struct{ Total int }
			anon.json("GET", "/api/v1/articles?category=chi-dao-dieu-hanh", nil, 200, &after)
			if after.Total != before.Total+1 {
				t.Errorf("directives on the portal after = %d; want %d", after.Total, before.Total+1)
			}
		})
	}
}

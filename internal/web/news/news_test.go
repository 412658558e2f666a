package news

import (
	"bytes"
	"context"
	"encoding/xml"
	"image"
	imgpng "image/png"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/news"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/webtest"
)

type fixture struct {
	*webtest.Demo
	h  *Handler
	ns *news.Store
}

func setup(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{}
	f.Demo = webtest.NewDemo(t, func(site *web.Site, d *webtest.Demo) ([]webtest.Routes, error) {
		f.ns = news.NewStore(news.Config{DB: d.DB, Catalog: d.Catalog, Blobs: dossier.DiskStore{Dir: t.TempDir()}})
		if err := demo.SeedNews(context.Background(), slog.New(slog.DiscardHandler), d.Org, f.ns); err != nil {
			return nil, err
		}
		var err error
		f.h, err = New(site, Deps{News: f.ns, Catalog: d.Catalog, BaseURL: "https://dichvucong.example.vn"})
		return []webtest.Routes{f.h}, err
	})
	return f
}

const guide = "/tin-tuc/huong-dan-dang-ky-khai-sinh-truc-tuyen-toan-trinh"

// A reader lists, searches and reads articles in both languages, comments, and sees the
// comment once an editor has approved it from the queue.
func TestReadCommentModerate(t *testing.T) {
	f := setup(t)
	b := f.Browser(t)
	body := b.Page(Path, 200)
	webtest.CheckHTML(t, Path, body)
	webtest.MustContain(t, "list", body, "Hướng dẫn đăng ký khai sinh trực tuyến toàn trình", "Có 6 bài viết.", `href="/tin-tuc/atom.xml"`)
	body = b.Page(Path+"?q=chung+thuc&chuyen-muc=huong-dan", 200)
	webtest.MustContain(t, "search", body, "Chứng thực bản sao từ bản chính")
	if strings.Contains(body, "lịch tiếp nhận hồ sơ dịp nghỉ lễ") {
		t.Error("a search in huong-dan lists an announcement")
	}
	if res, body := b.Get(Path + "?chuyen-muc=bao-chi"); res.StatusCode != 422 || !strings.Contains(webtest.ErrorSummary(body), "Chọn một chuyên mục") {
		t.Errorf("bad category = %d %q; want 422", res.StatusCode, webtest.ErrorSummary(body))
	}

	body = b.Page(guide, 200)
	webtest.CheckHTML(t, guide, body)
	webtest.MustContain(t, "article", body, "<strong>trực tuyến toàn trình</strong>", `href="/thu-tuc/1.001193"`, "Bài viết liên quan", "2 lượt xem") // Page reads it in both languages
	_, body = b.Get(guide + "?lang=en")
	webtest.MustContain(t, "English article", body, `<article lang="en">`, "How to register a birth fully online")
	_, body = b.Get("/tin-tuc/dang-ky-thanh-lap-ho-kinh-doanh-tai-phuong-xa") // the language stays English
	webtest.MustContain(t, "Vietnamese only", body, `<article lang="vi">`, "available in Vietnamese only")
	b.Get(guide + "?lang=vi")

	// A comment with errors names its fields; a good one waits for an editor.
	res, body := b.Post(guide+"/binh-luan", url.Values{"name": {""}, "email": {"sai"}, "body": {"Cảm ơn"}})
	if res.StatusCode != 422 || !strings.Contains(body, `href="#name"`) || !strings.Contains(body, `href="#email"`) {
		t.Fatalf("bad comment = %d %q", res.StatusCode, webtest.ErrorSummary(body))
	}
	webtest.CheckHTML(t, "comment errors", body)
	res, _ = b.Post(guide+"/binh-luan", url.Values{"name": {"Phạm Thị Dung"}, "body": {"Tôi đã làm theo hướng dẫn, rất nhanh."}})
	webtest.Location(t, res, 303, guide+"?da-gui=1")
	body = b.Page(guide+"?da-gui=1", 200)
	webtest.MustContain(t, "sent", body, "Ý kiến sẽ hiện sau khi biên tập viên duyệt", "Chưa có ý kiến nào.")

	// Editors only moderate; a rejection needs a reason.
	cit := f.Browser(t)
	cit.SignIn("congdan")
	if res, _ := cit.Get(QueuePath); res.StatusCode != 403 {
		t.Errorf("citizen: GET %s = %d; want 403", QueuePath, res.StatusCode)
	}
	ed := f.Browser(t)
	ed.SignIn("bientap")
	body = ed.Page(QueuePath, 200)
	webtest.CheckHTML(t, QueuePath, body)
	webtest.MustContain(t, "queue", body, "1 ý kiến chờ duyệt.", "Tôi đã làm theo hướng dẫn")
	q, _, err := f.ns.Queue(context.Background(), webtest.MustUser(t, f.Org, "bientap"))
	if err != nil || len(q) != 1 {
		t.Fatalf("queue = %v, %v", q, err)
	}
	action := QueuePath + "/" + itoa(q[0].ID)
	res, body = ed.Post(action, url.Values{"decision": {"reject"}, "reason": {""}})
	if res.StatusCode != 422 || !strings.Contains(body, `href="#reason-`+itoa(q[0].ID)+`"`) {
		t.Errorf("reject without reason = %d %q", res.StatusCode, webtest.ErrorSummary(body))
	}
	webtest.CheckHTML(t, "queue errors", body)
	res, _ = ed.Post(action, url.Values{"decision": {"approve"}})
	webtest.Location(t, res, 303, QueuePath)
	body = b.Page(guide, 200)
	webtest.MustContain(t, "approved", body, "Phạm Thị Dung", "Tôi đã làm theo hướng dẫn, rất nhanh.")
}

// An editor writes a draft, publishes it and reads its history; hostile Markdown never
// reaches the page; others are turned away.
func TestDesk(t *testing.T) {
	f := setup(t)
	anon := f.Browser(t)
	res, _ := anon.Get(DeskPath)
	webtest.Location(t, res, 303, "/dang-nhap")
	cit := f.Browser(t)
	cit.SignIn("congdan")
	if res, _ := cit.Get(NewPath); res.StatusCode != 403 {
		t.Errorf("citizen: GET %s = %d; want 403", NewPath, res.StatusCode)
	}

	ed := f.Browser(t)
	ed.SignIn("bientap")
	for _, p := range []string{DeskPath, DeskPath + "?trang-thai=published", NewPath} {
		ed.Page(p, 200)
	}
	res, body := ed.Post(NewPath, url.Values{"title": {""}, "category": {"tin-tuc"}, "publish_at": {"mai"}, "status": {"draft"}})
	if res.StatusCode != 422 || !strings.Contains(body, `href="#title"`) || !strings.Contains(body, `href="#publish_at"`) {
		t.Fatalf("empty article = %d %q", res.StatusCode, webtest.ErrorSummary(body))
	}
	webtest.CheckHTML(t, "edit errors", body)
	res, _ = ed.Post(NewPath, url.Values{"title": {"Lịch tiếp công dân tháng 12"}, "summary": {"Lịch tiếp công dân định kỳ."},
		"body": {"Xem [lịch](javascript:alert(1)) <script>alert(2)</script><img src=x onerror=alert(3)>"}, "category": {"thong-bao"},
		"tags": {"tiếp công dân, lịch"}, "procedures": {""}, "status": {"draft"}})
	edit := webtest.Location(t, res, 303, EditPath("lich-tiep-cong-dan-thang-12"))
	body = ed.Page(edit, 200)
	webtest.CheckHTML(t, edit, body)
	webtest.MustContain(t, "draft", body, "Bản nháp", "bạn đọc chưa xem được")
	if res, _ := anon.Get("/tin-tuc/lich-tiep-cong-dan-thang-12"); res.StatusCode != 404 {
		t.Errorf("a draft is read by anyone: %d", res.StatusCode)
	}
	res, _ = ed.Post(EditPath("lich-tiep-cong-dan-thang-12")+"/trang-thai", url.Values{"status": {"published"}})
	webtest.Location(t, res, 303, EditPath("lich-tiep-cong-dan-thang-12"))
	body = anon.Page("/tin-tuc/lich-tiep-cong-dan-thang-12", 200)
	for _, bad := range []string{"javascript:", "<script", "onerror"} { // the text "alert(2)" may stay, as text
		if strings.Contains(body, bad) {
			t.Errorf("the page holds %q", bad)
		}
	}
	res, body = ed.Post(EditPath("lich-tiep-cong-dan-thang-12")+"/trang-thai", url.Values{"status": {"withdrawn"}})
	if res.StatusCode != 422 || !strings.Contains(body, `href="#move-note"`) {
		t.Errorf("withdraw without a note = %d %q", res.StatusCode, webtest.ErrorSummary(body))
	}
	hist := EditPath("lich-tiep-cong-dan-thang-12") + "/lich-su"
	body = ed.Page(hist, 200)
	webtest.CheckHTML(t, hist, body)
	webtest.MustContain(t, "history", body, "2 phiên bản", "Phiên bản 2 · Đã đăng", "Phiên bản 1 · Bản nháp")
}

// An editor uploads an image (resized, re-encoded) and gets its Markdown; an SVG is refused;
// anyone reads the image, served as nothing but an image.
func TestImageUpload(t *testing.T) {
	f := setup(t)
	ed := f.Browser(t)
	ed.SignIn("bientap")
	slug := strings.TrimPrefix(guide, "/tin-tuc/")
	var png bytes.Buffer
	if err := imgpng.Encode(&png, image.NewGray(image.Rect(0, 0, 1600, 800))); err != nil {
		t.Fatal(err)
	}
	res, _ := ed.Multipart(EditPath(slug)+"/anh", nil, webtest.Upload{Field: "anh", Name: "quay-mot-cua.png", Data: png.Bytes()})
	loc := webtest.Location(t, res, 303, EditPath(slug)+"?anh=")
	sum := strings.TrimSuffix(strings.TrimPrefix(loc, EditPath(slug)+"?anh="), "#anh-moi")
	body := ed.Page(EditPath(slug)+"?anh="+sum, 200)
	webtest.MustContain(t, "snippet", body, "![mô tả ảnh](/tin-tuc/anh/"+sum+")")
	res, data := f.Browser(t).Get(news.ImagePath + sum)
	cfg, err := imgpng.DecodeConfig(strings.NewReader(data))
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" || res.Header.Get("X-Content-Type-Options") != "nosniff" ||
		err != nil || cfg.Width != news.ImageWidth {
		t.Errorf("GET image = %d %s, %+v, %v", res.StatusCode, res.Header.Get("Content-Type"), cfg, err)
	}
	res, body = ed.Multipart(EditPath(slug)+"/anh", nil, webtest.Upload{Field: "anh", Name: "logo.png",
		Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)})
	if res.StatusCode != 415 || !strings.Contains(body, `href="#anh"`) {
		t.Errorf("SVG upload = %d %q; want 415 naming the input", res.StatusCode, webtest.ErrorSummary(body))
	}
	webtest.CheckHTML(t, "upload errors", body)
	if res, _ := f.Browser(t).Get(news.ImagePath + strings.Repeat("ab", 32)); res.StatusCode != 404 {
		t.Errorf("unknown image = %d; want 404", res.StatusCode)
	}
}

func TestFeeds(t *testing.T) {
	f := setup(t)
	b := f.Browser(t)
	var atom struct {
		Title   string `xml:"title"`
		Entries []struct {
			Title string `xml:"title"`
			ID    string `xml:"id"`
		} `xml:"entry"`
	}
	res, body := b.Get(Path + "/atom.xml?chuyen-muc=huong-dan")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("atom = %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if err := xml.Unmarshal([]byte(body), &atom); err != nil || len(atom.Entries) != 4 ||
		!strings.HasPrefix(atom.Entries[0].ID, "https://dichvucong.example.vn/tin-tuc/") || atom.Title != "Tin tức: Hướng dẫn thủ tục" {
		t.Errorf("atom = %+v, %v", atom, err)
	}
	var rss struct {
		Channel struct {
			Items []struct{ Title, Link string } `xml:"item"`
		} `xml:"channel"`
	}
	_, body = b.Get(Path + "/rss.xml")
	if err := xml.Unmarshal([]byte(body), &rss); err != nil || len(rss.Channel.Items) != 6 {
		t.Errorf("rss = %+v, %v", rss, err)
	}
	if res, _ := b.Get(Path + "/rss.xml?chuyen-muc=khac"); res.StatusCode != 404 {
		t.Errorf("feed of an unknown category = %d; want 404", res.StatusCode)
	}
}

// A flood of comments from one address gets 429 with the error summary, and the text typed back.
func TestCommentFlood(t *testing.T) {
	f := setup(t)
	b := f.Browser(t)
	var res *http.Response
	var body string
	for i := range 8 {
		res, body = b.Post(guide+"/binh-luan", url.Values{"name": {"Khách"}, "body": {"Ý kiến số " + strconv.Itoa(i)}})
		if res.StatusCode == 429 {
			break
		}
	}
	if res.StatusCode != 429 || res.Header.Get("Retry-After") == "" || !strings.Contains(webtest.ErrorSummary(body), "quá nhanh") ||
		!strings.Contains(body, "Ý kiến số ") {
		t.Fatalf("eight comments at once = %d %q", res.StatusCode, webtest.ErrorSummary(body))
	}
	webtest.CheckHTML(t, "comment flood", body)
}

func TestLanding(t *testing.T) {
	u := &org.User{Username: "bientap", Role: org.RoleEditor}
	if got := web.Landing(u, "/"); got != DeskPath {
		t.Errorf("Landing(editor) = %q; want %q", got, DeskPath)
	}
	if got := web.Landing(u, guide); got != guide {
		t.Errorf("Landing(editor, %s) = %q; want where they were going", guide, got)
	}
}

// Seeding the demo articles again adds none.
func TestSeedNewsOnce(t *testing.T) {
	f := setup(t)
	if err := demo.SeedNews(context.Background(), slog.New(slog.DiscardHandler), f.Org, f.ns); err != nil {
		t.Fatal(err)
	}
	ed := webtest.MustUser(t, f.Org, "bientap")
	var n int
	for _, st := range []news.Status{news.Draft, news.Review, news.Published, news.Withdrawn} {
		_, total, err := f.ns.List(context.Background(), ed, news.Query{Status: st})
		if err != nil {
			t.Fatal(err)
		}
		n += total
	}
	if n != len(demo.Articles) {
		t.Errorf("%d articles after seeding twice; want %d", n, len(demo.Articles))
	}
}

func TestNewRequires(t *testing.T) {
	if _, err := New(nil, Deps{}); err == nil {
		t.Error("New(nil, Deps{}) succeeded; want an error")
	}
}

func TestMessages(t *testing.T) {
	f := setup(t)
	webtest.CheckMessages(t, ".", i18n.MustLoad(embedded, "messages"), f.h.Messages(), "news.cat.", "news.status.", "news.spam.", "edit.move.")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

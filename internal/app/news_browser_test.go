package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/app/apptest"
)

// guidePath is a demo article linked to the birth registration.
const guidePath = "/tin-tuc/huong-dan-dang-ky-khai-sinh-truc-tuyen-toan-trinh"

// axeNews checks the portal's news pages (issue 14): the list, a search, an article (with its
// comment form's error summary), and the editors' desk, a new article's form with its errors,
// an article's edit page and history, and the moderation queue.
func axeNews(t *testing.T, ctx context.Context, w *axeWalk, base string) {
	t.Helper()
	w.visit("/tin-tuc", ".result-list")
	w.visit("/tin-tuc?q=khai+sinh&chuyen-muc=huong-dan", ".result-list")
	w.visit(guidePath, "article h1")
	w.flow(guidePath+" (comment errors)", guidePath, ".error-summary",
		chromedp.SendKeys(chromedp.CSS("#email"), "không phải thư"),
		chromedp.Click(chromedp.CSS(`form[action$="/binh-luan#binh-luan"] button[type="submit"]`)))
	signIn(t, ctx, base, "bientap")
	w.visit("/bien-tap", "h1")
	w.visit("/bien-tap?trang-thai=published", "table")
	w.visit("/bien-tap/moi", "#title")
	w.flow("/bien-tap/moi (errors)", "/bien-tap/moi", ".error-summary",
		chromedp.Click(chromedp.CSS(`button[name="status"][value="draft"]`)))
	slug := strings.TrimPrefix(guidePath, "/tin-tuc/")
	w.visit("/bien-tap/bai/"+slug, "#title")
	w.visit("/bien-tap/bai/"+slug+"/lich-su", ".version")
	w.visit("/bien-tap/binh-luan", "h1")
	signOut(t, ctx, base)
}

// TestBrowserNews: a reader reads an article and posts a comment through the page's form (no
// script), an editor signs in, lands on the desk, approves the comment from the queue, and the
// reader sees it; axe-core finds nothing on the pages on the way.
func TestBrowserNews(t *testing.T) {
	ctx := browserFor(t, 5*time.Minute)
	a, base := apptest.Start(t, "sqlite")
	w := newAxeWalk(t, ctx, base, a.PageRoutes())

	err := chromedp.Do(ctx, chromedp.Navigate(base+"/tin-tuc"),
		chromedp.Click(chromedp.CSS(`a[href="`+guidePath+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("article h1")))
	if err != nil {
		t.Fatalf("read the article: %v", err)
	}
	if h1 := text(t, ctx, "article h1"); h1 != "Hướng dẫn đăng ký khai sinh trực tuyến toàn trình" {
		t.Errorf("article h1 = %q", h1)
	}
	const comment = "Tôi đã đăng ký khai sinh cho con trên cổng, nhận kết quả điện tử sau một buổi sáng."
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#name"), "Vũ Thị Hạnh"),
		chromedp.SendKeys(chromedp.CSS("#body"), comment),
		chromedp.Click(chromedp.CSS(`form[action$="/binh-luan#binh-luan"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".notice-success")))
	if err != nil {
		t.Fatalf("post a comment: %v", err)
	}
	w.check("article (comment sent)", "vi")
	if strings.Contains(text(t, ctx, "main"), comment) {
		t.Error("the comment shows before an editor approved it")
	}

	signIn(t, ctx, base, "bientap")
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.HasSuffix(loc, "/bien-tap") {
		t.Errorf("the editor landed on %s; want the desk", loc)
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href="/bien-tap/binh-luan"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.answer button[value="approve"]`)))
	if err != nil {
		t.Fatalf("open the queue: %v", err)
	}
	w.check("/bien-tap/binh-luan (one pending)", "vi")
	if q := text(t, ctx, ".answer"); !strings.Contains(q, comment) || !strings.Contains(q, "Vũ Thị Hạnh") {
		t.Errorf("queue = %q", q)
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.answer button[value="approve"]`)),
		chromedp.WaitVisible(chromedp.CSS(".empty-state")))
	if err != nil {
		t.Fatalf("approve: %v", err)
	}
	signOut(t, ctx, base)

	if err := chromedp.Do(ctx, chromedp.Navigate(base+guidePath), chromedp.WaitVisible(chromedp.CSS("#binh-luan"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, comment) || !strings.Contains(got, "Vũ Thị Hạnh") {
		t.Errorf("the approved comment is not shown")
	}
	// The procedure's page lists the articles about it.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/thu-tuc/1.001193"),
		chromedp.WaitVisible(chromedp.CSS(`#articles + ul a[href="`+guidePath+`"]`))); err != nil {
		t.Errorf("the procedure's page does not link its article: %v", err)
	}
	axeNews(t, ctx, w, base)
	w.report()
}

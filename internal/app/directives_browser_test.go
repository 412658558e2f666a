package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/directive"
	"github.com/motcua/motcua/internal/vntime"
)

// TestBrowserDirective walks a directive's task from assignment to a report on time in
// Chromium, without scripts of ours: the committee office lands on its tracking page, records
// a directive assigning a task to Phường Hoàn Kiếm, the ward's leader finds it in the back
// office and reports it done, and the office sees it counted done on time.
func TestBrowserDirective(t *testing.T) {
	ctx := browserFor(t, 5*time.Minute)
	_, base := apptest.Start(t, "sqlite")
	today := time.Now().In(vntime.Location())
	due := today.AddDate(0, 0, 1) // before the demo directive's task (SeedDirective): first in the list
	// A date is typed in three boxes, day, month and year.
	boxes := func(id string, d time.Time) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(chromedp.SendKeys(chromedp.CSS("#"+id), strconv.Itoa(d.Day())),
			chromedp.SendKeys(chromedp.CSS("#"+id+"-month"), strconv.Itoa(int(d.Month()))),
			chromedp.SendKeys(chromedp.CSS("#"+id+"-year"), strconv.Itoa(d.Year())))
	}

	signIn(t, ctx, base, "vanphong")
	if here, err := chromedp.Run(ctx, chromedp.Location()); err != nil || !strings.HasSuffix(here, "/chi-dao") {
		t.Fatalf("the office landed on %s, %v; want /chi-dao", here, err)
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/chi-dao/moi"),
		chromedp.WaitVisible(chromedp.CSS("#number")),
		chromedp.SendKeys(chromedp.CSS("#number"), "30/CT-UBND"),
		boxes("signed_on", today),
		chromedp.SendKeys(chromedp.CSS("#title"), "Về tăng cường kỷ luật, kỷ cương hành chính tại Bộ phận Một cửa"),
		chromedp.SendKeys(chromedp.CSS("#summary"), "Giao Phường Hoàn Kiếm rà soát quy trình tiếp nhận."),
		chromedp.SetValue(chromedp.CSS("#tasks-0-agency_code"), "00070"),
		chromedp.SendKeys(chromedp.CSS("#tasks-0-title"), "Rà soát, niêm yết công khai quy trình tiếp nhận hồ sơ"),
		boxes("tasks-0-due_on", due),
		chromedp.Click(chromedp.CSS(`form[action="/chi-dao/moi"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".notice-success")))
	if err != nil {
		t.Fatalf("record the directive: %v", err)
	}
	if got := text(t, ctx, "h1"); !strings.Contains(got, "kỷ luật, kỷ cương") {
		t.Errorf("the directive's page shows %q", got)
	}
	signOut(t, ctx, base)

	signIn(t, ctx, base, "lanhdao")
	follow(t, ctx, `a[href="/chi-dao/nhiem-vu"]`)
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(`table a[href^="/chi-dao/nhiem-vu/"]`)),
		chromedp.Click(chromedp.CSS(`table a[href^="/chi-dao/nhiem-vu/"]`)),
		chromedp.WaitVisible(chromedp.CSS("#status-done")),
		chromedp.Click(chromedp.CSS("#status-done")),
		chromedp.SendKeys(chromedp.CSS("#note"), "Đã niêm yết quy trình tại Bộ phận Một cửa và trên cổng."),
		chromedp.Click(chromedp.CSS(`form[enctype="multipart/form-data"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".notice-success")))
	if err != nil {
		t.Fatalf("report the task: %v", err)
	}
	if got := text(t, ctx, ".summary-list .tag"); got != "Hoàn thành đúng hạn" {
		t.Errorf("the task's state after the report = %q; want Hoàn thành đúng hạn", got)
	}
	signOut(t, ctx, base)

	signIn(t, ctx, base, "vanphong")
	cell := `a[href="/chi-dao/nhiem-vu?agency=00070&status=done_on_time"]`
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(cell))); err != nil {
		t.Fatalf("the office's view: %v", err)
	}
	if got := text(t, ctx, cell); got != "1" {
		t.Errorf("Hoàn Kiếm's tasks done on time = %q; want 1", got)
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(cell)), chromedp.WaitVisible(chromedp.CSS("table .tag")))
	if err != nil {
		t.Fatalf("drill down: %v", err)
	}
	if got := text(t, ctx, "table th a"); !strings.Contains(got, "niêm yết công khai quy trình") {
		t.Errorf("the drill-down lists %q", got)
	}
	signOut(t, ctx, base)
}

// axeDirectives checks the directives' pages (issue 14): the office's view, the recording form
// and its error summary, a directive, the tasks and a task with the leader's report form and
// its error summary.
func axeDirectives(t *testing.T, ctx context.Context, w *axeWalk, a *app.App, base string) {
	t.Helper()
	u, err := a.Org.User(context.Background(), "vanphong")
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().In(vntime.Location()).Format(time.DateOnly)
	d, err := a.Directives.Record(context.Background(), u, directive.Input{Number: "AXE/CT-UBND", SignedOn: today,
		Title: "Về kiểm tra khả năng tiếp cận", Tasks: []directive.TaskInput{{AgencyCode: "00070", Title: "Kiểm tra trang", DueOn: today}}})
	if err != nil {
		t.Fatal(err)
	}
	dir, task := strconv.FormatInt(d.ID, 10), strconv.FormatInt(d.Tasks[0].ID, 10)
	signIn(t, ctx, base, "vanphong")
	w.visit("/chi-dao", "#theo-co-quan")
	w.visit("/chi-dao/moi", "#tasks-0-agency_code")
	w.flow("/chi-dao/moi (errors)", "/chi-dao/moi", ".error-summary",
		chromedp.Click(chromedp.CSS(`form[action="/chi-dao/moi"] button[type="submit"]`)))
	w.visit("/chi-dao/van-ban/"+dir, "h1")
	w.visit("/chi-dao/nhiem-vu?status=in_progress", "h1")
	signOut(t, ctx, base)
	signIn(t, ctx, base, "lanhdao")
	w.visit("/chi-dao/nhiem-vu/"+task, "#note")
	w.flow("/chi-dao/nhiem-vu/{id} (errors)", "/chi-dao/nhiem-vu/"+task, ".error-summary",
		chromedp.Click(chromedp.CSS(`form[enctype="multipart/form-data"] button[type="submit"]`)))
	signOut(t, ctx, base)
}

// TestBrowserAxeDirectivesOnly runs the directives' part of the axe walk alone (the whole walk
// is TestBrowserAxe's).
func TestBrowserAxeDirectivesOnly(t *testing.T) {
	ctx := browserFor(t, 10*time.Minute)
	a, base := apptest.Start(t, "sqlite")
	w := newAxeWalk(t, ctx, base, a.PageRoutes())
	axeDirectives(t, ctx, w, a, base)
	w.report()
}

package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/app/apptest"
)

// browser starts headless Debian Chromium, skipping (or failing, with MOTCUA_REQUIRE_BROWSER=1)
// where it is not installed.
func browser(t *testing.T, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	return browserFor(t, 90*time.Second, extra...)
}

// browserFor is browser for a test that may take up to d, with extra allocator options.
func browserFor(t *testing.T, d time.Duration, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	var path string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("MOTCUA_REQUIRE_BROWSER") == "1" {
			t.Fatal("Chromium is not installed but MOTCUA_REQUIRE_BROWSER=1")
		}
		t.Skip("browser tests skipped: install Debian's chromium to run them")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(412, 915), // a phone first
		chromedp.Flag("accept-lang", "vi-VN,vi"), chromedp.Flag("lang", "vi-VN")) // a Vietnamese citizen's phone
	opts = append(opts, extra...)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelC := context.WithTimeout(ctx, d)
	t.Cleanup(func() { cancelC(); cancelB(); cancelA() })
	// The pages follow Accept-Language on a first visit: the tests read them in Vietnamese, as a
	// citizen who chose Vietnamese does, whatever the browser's own language (enUS).
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders,
		network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": "vi-VN,vi;q=0.9"}}); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// enUS are the options of a browser set to American English: its interface, the dates of its
// own widgets and the Accept-Language it sends.
var enUS = []chromedp.ExecAllocatorOption{chromedp.Flag("lang", "en-US"), chromedp.Flag("accept-lang", "en-US,en"),
	chromedp.Env("LANG=en_US.UTF-8", "LANGUAGE=en_US")}

// follow clicks the header's item sel (a link, the sign-out button) as a person would: on a
// phone through the Menu button, on a desktop through the account's menu when it is there.
func follow(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	nav, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const m = document.querySelector(".site-menu");
		return !document.querySelector(".site-nav-wide") ? ".site-nav " : m && getComputedStyle(m).display !== "none" ? ".site-nav-narrow " : ".site-nav-wide " })()`))
	if err != nil {
		t.Fatalf("header: %v", err)
	}
	q, _ := json.Marshal(nav + sel)
	summary, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
		const e = document.querySelector(%s), d = e && e.closest("details");
		return d && !d.open ? (d.classList.contains("site-menu") ? ".site-menu-button" : ".account-menu-button") : "" })()`, q)))
	if err != nil {
		t.Fatalf("header: %v", err)
	}
	if summary != "" {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(summary))); err != nil {
			t.Fatalf("open the menu: %v", err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(nav+sel))); err != nil {
		t.Fatalf("header's %s: %v", sel, err)
	}
}

// screenshot saves the page to $MOTCUA_ARTIFACTS (or the test's temp dir).
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("MOTCUA_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

// text returns the visible text of the first element matching css.
func text(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		t.Fatalf("text of %s: %v", css, err)
	}
	return s
}

// TestBrowserSmoke opens the home page, searches without diacritics, opens the procedure and
// checks what a citizen needs is there.
func TestBrowserSmoke(t *testing.T) {
	ctx := browser(t)
	_, base := apptest.Start(t, "sqlite")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#q"))); err != nil {
		t.Fatal(err)
	}
	if title, _ := chromedp.Run(ctx, chromedp.Title()); title == "" {
		t.Error("home page has no title")
	}
	screenshot(t, ctx, "home.png")
	err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#q"), "dang ky khai sinh"),
		chromedp.Submit(chromedp.CSS("#q")),
		chromedp.WaitVisible(chromedp.CSS(".result a")),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "results.png")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".result a")), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "procedure.png")
	if h1 := text(t, ctx, "h1"); !strings.Contains(h1, "khai sinh") {
		t.Errorf("procedure h1 = %q; want the khai sinh procedure", h1)
	}
	body := text(t, ctx, "main")
	for _, want := range []string{"1.001193", "Giấy chứng sinh"} {
		if !strings.Contains(body, want) {
			t.Errorf("procedure page lacks %q", want)
		}
	}
}

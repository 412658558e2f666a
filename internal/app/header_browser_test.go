package app_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/motcua/motcua/internal/app/apptest"
)

// headerBox is the header as measured in the browser.
type headerBox struct {
	Content, Tallest float64 // the row's height inside its padding; its tallest item's
	Rows             int     // rows the wide nav's items stand on
	Overflow         bool    // something sticks out past the header or the page's width
	Wide, Menu       bool    // which of the two navs is shown
	MenuOpen         bool
	NarrowShown      bool // the menu's links are on screen
}

const measureHeader = `(() => {
	const inner = document.querySelector(".site-header-inner"), cs = getComputedStyle(inner);
	const shown = e => getComputedStyle(e).display !== "none";
	const kids = [...inner.children].filter(shown);
	const wide = document.querySelector(".site-nav-wide") || document.querySelector(".site-nav"), menu = document.querySelector(".site-menu");
	const lis = shown(wide) ? [...wide.querySelectorAll(":scope > ul > li")].map(li => li.getBoundingClientRect()) : [];
	const rows = new Set(lis.map(r => Math.round(r.top + r.height / 2)));
	const right = inner.getBoundingClientRect().right - parseFloat(cs.paddingRight);
	const narrow = document.querySelector(".site-nav-narrow");
	return {
		content: inner.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom),
		tallest: Math.max(...kids.map(e => e.getBoundingClientRect().height)),
		rows: rows.size,
		overflow: document.documentElement.scrollWidth > window.innerWidth || kids.some(e => e.getBoundingClientRect().right > right + 1)
			|| lis.some(r => r.right > right + 1),
		wide: shown(wide), menu: !!menu && shown(menu), menuOpen: !!menu && menu.open,
		narrowShown: !!narrow && narrow.checkVisibility({visibilityProperty: true}),
	};
})()`

func header(t *testing.T, ctx context.Context) headerBox {
	t.Helper()
	h, err := chromedp.Run(ctx, chromedp.Evaluate[headerBox](measureHeader))
	if err != nil {
		t.Fatalf("measure the header: %v", err)
	}
	return h
}

// TestBrowserHeader: signed in as a citizen, an officer and the administrator, in Vietnamese
// and English, the header is one row: on a 1280×800 desktop every link on one line, nothing
// sticking out; on a 412×915 phone the brand and a Menu button, the menu closed until opened
// (with the keyboard too), and then its links usable (issue 11: 2 lines at 1280 px, 5 on an
// officer's phone); a citizen's menus lead to their payments and to the bills.
func TestBrowserHeader(t *testing.T) {
	ctx := browser(t)
	_, base := apptest.Start(t, "sqlite")
	for _, user := range []string{"congdan", "tiepnhan", "admin"} {
		signIn(t, ctx, base, user)
		for _, lang := range []string{"vi", "en"} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(base+"/thu-tuc?lang="+lang),
				chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
				t.Fatal(err)
			}
			h := header(t, ctx)
			if !h.Wide || h.Menu || h.Rows != 1 || h.Content > h.Tallest+1 || h.Overflow {
				screenshot(t, ctx, fmt.Sprintf("header-%s-%s-1280.png", user, lang))
				t.Errorf("%s, %s, 1280×800: header %+v; want the wide nav on one row, as high as its tallest item, nothing outside", user, lang, h)
			}

			if err := chromedp.Do(ctx, chromedp.EmulateViewport(412, 915), chromedp.Navigate(base+"/thu-tuc?lang="+lang),
				chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
				t.Fatal(err)
			}
			h = header(t, ctx)
			if h.Wide || !h.Menu || h.MenuOpen || h.NarrowShown || h.Content > h.Tallest+1 || h.Overflow {
				screenshot(t, ctx, fmt.Sprintf("header-%s-%s-412.png", user, lang))
				t.Errorf("%s, %s, 412×915: header %+v; want one row with the menu closed", user, lang, h)
			}
			closed := h.Content
			// Opened with the keyboard: Tab to the button, Enter.
			if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(".site-menu-button")), chromedp.KeyEvent(kb.Enter),
				chromedp.WaitVisible(chromedp.CSS(`.site-nav-narrow a[href="/thu-tuc"]`))); err != nil {
				t.Fatalf("%s, %s: open the menu with Enter: %v", user, lang, err)
			}
			if h = header(t, ctx); !h.MenuOpen || !h.NarrowShown || h.Content != closed || h.Overflow {
				t.Errorf("%s, %s, 412×915: opened menu %+v; want its links shown over the page, the header unchanged", user, lang, h)
			}
			if lang == "vi" {
				screenshot(t, ctx, "header-"+user+"-menu.png")
			}
		}
		signOut(t, ctx, base)
	}
	// Whatever the width, the menu leads where its links say.
	signIn(t, ctx, base, "tiepnhan")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/thu-tuc")); err != nil {
		t.Fatal(err)
	}
	follow(t, ctx, `a[href="/can-bo"]`)
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(`.inbox-filters`))); err != nil {
		t.Errorf("the phone's menu did not lead to the inbox: %v", err)
	}
	// A citizen reaches their payments and the bills from the header's menus at either width.
	signOut(t, ctx, base)
	signIn(t, ctx, base, "congdan")
	for _, size := range [][2]int64{{1280, 800}, {412, 915}} {
		for _, path := range []string{"/thanh-toan", "/hoa-don"} {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(size[0], size[1]), chromedp.Navigate(base+"/thu-tuc"),
				chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
				t.Fatal(err)
			}
			follow(t, ctx, `a[href="`+path+`"]`)
			if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS("main h1"))); err != nil {
				t.Fatal(err)
			}
			if loc, err := chromedp.Run(ctx, chromedp.Location()); err != nil || loc != base+path {
				t.Errorf("%d px: the menu's link to %s led to %s, %v", size[0], path, loc, err)
			}
		}
	}
}

// TestBrowserOfficerLands: an officer who signs in from the home page lands on the inbox, the
// administrator on the calendar's administration, a citizen on their dossiers (issue 11).
func TestBrowserOfficerLands(t *testing.T) {
	ctx := browser(t)
	_, base := apptest.Start(t, "sqlite")
	for user, want := range map[string]string{"tiepnhan": "/can-bo", "admin": "/quan-tri/lich", "congdan": "/ho-so"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
			t.Fatal(err)
		}
		follow(t, ctx, `a[href^="/dang-nhap"]`)
		err := chromedp.Do(ctx,
			chromedp.WaitVisible(chromedp.CSS("#username")),
			chromedp.SendKeys(chromedp.CSS("#username"), user),
			chromedp.SendKeys(chromedp.CSS("#password"), "demo"),
			chromedp.Click(chromedp.CSS(`form[action="/dang-nhap"] button[type="submit"]`)),
			chromedp.WaitReady(chromedp.CSS("header .user-name")),
		)
		if err != nil {
			t.Fatalf("%s signs in: %v", user, err)
		}
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		if u, _ := url.Parse(loc); u == nil || u.Path != want {
			t.Errorf("%s signed in from the home page and landed on %s; want %s", user, loc, want)
		}
		if user == "tiepnhan" {
			screenshot(t, ctx, "landing-officer.png")
		}
		signOut(t, ctx, base)
	}
}

// TestBrowserDateEnUS: in a browser set to American English, the administrator types 3 April
// 2027 day first in the date's boxes, and reads it back as 03/04/2027, stored as 2027-04-03; a
// month typed wrong is named in the error, whose link leads to the month's box.
func TestBrowserDateEnUS(t *testing.T) {
	ctx := browser(t, enUS...)
	a, base := apptest.Start(t, "sqlite")
	if lang, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.language`)); err != nil || lang != "en-US" {
		t.Fatalf("navigator.language = %q, %v; want en-US", lang, err)
	}
	signIn(t, ctx, base, "admin")
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/quan-tri/lich"),
		chromedp.WaitVisible(chromedp.CSS("#date")),
		chromedp.SendKeys(chromedp.CSS("#date"), "3"),
		chromedp.SendKeys(chromedp.CSS("#date-month"), "13"),
		chromedp.SendKeys(chromedp.CSS("#date-year"), "2027"),
		chromedp.Click(chromedp.CSS("#kind")),
		chromedp.SendKeys(chromedp.CSS("#name"), "Nghỉ bù"),
		chromedp.Click(chromedp.CSS(`form[action="/quan-tri/lich"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "date-error.png")
	if s := text(t, ctx, ".error-summary"); !strings.Contains(s, "Tháng của “Ngày” phải là số từ 1 đến 12") {
		t.Errorf("error summary = %q; want the month named", s)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.error-summary a[href="#date-month"]`))); err != nil {
		t.Fatal(err)
	}
	if id, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`)); id != "date-month" {
		t.Errorf("the summary's link focused %q; want the month's box", id)
	}
	err = chromedp.Do(ctx,
		chromedp.Clear(chromedp.CSS("#date-month")),
		chromedp.SendKeys(chromedp.CSS("#date-month"), "4"),
		chromedp.Click(chromedp.CSS(`form[action="/quan-tri/lich"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".notice-success")),
	)
	if err != nil {
		t.Fatalf("save: %v\n%s", err, text(t, ctx, "main"))
	}
	screenshot(t, ctx, "date-saved.png")
	if s := text(t, ctx, ".notice-success"); !strings.Contains(s, "03/04/2027") {
		t.Errorf("saved banner = %q; want 03/04/2027", s)
	}
	if s := text(t, ctx, "table"); !strings.Contains(s, "03/04/2027") {
		t.Errorf("overrides = %q; want 03/04/2027", s)
	}
	list, err := a.Calendar.Overrides(context.Background())
	if err != nil || len(list) != 1 || list[0].Date.String() != "2027-04-03" {
		t.Errorf("stored overrides = %+v, %v; want 2027-04-03", list, err)
	}
}

package app_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeVersion and axeSHA256 name the vendored axe-core (testdata/axe/README.md).
const (
	axeVersion = "4.14.1"
	axeSHA256  = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
)

// axeTags are the rules run: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best
// practices, which is what axe runs by default (no AAA, no experimental rules).
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"}

// axeViewports are a phone's and a desktop's: the header and tables change between them.
var axeViewports = []struct {
	name string
	w, h int64
}{{"phone", 412, 915}, {"desktop", 1280, 800}}

// axeScript runs axe on the document with the rules of axeTags less those named in the
// JavaScript array %s, and returns its violations trimmed to what a report needs.
var axeScript = `axe.run(document, {runOnly: {type: "tag", values: ` + jsList(axeTags) + `}, resultTypes: ["violations"],
    rules: Object.fromEntries(%s.map(id => [id, {enabled: false}]))})
  .then(r => r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 200), summary: n.failureSummary || ""}))})))`

// axeViolation is a rule broken on a page, as axeScript returns it.
type axeViolation struct {
	ID, Impact, Help string
	Nodes            []struct{ Target, HTML, Summary string }
}

// axeFinding is one rule failing on one element of one page, with where it was seen.
type axeFinding struct {
	rule, help, page, target, html, summary string
	seen                                    []string // "vi/phone", …
}

// axeWalk runs axe on the pages a test visits and records which page routes they were.
type axeWalk struct {
	t        *testing.T
	ctx      context.Context
	base     string
	src      string
	mux      *http.ServeMux // the GET page routes, to name the route of each URL loaded
	visited  map[string]bool
	findings map[string]*axeFinding
	errors   bool // checking error pages: they count as no route's page
	full     bool // every rule in each language at each viewport (MOTCUA_AXE_FULL=1)
	pages    int
	order    []string
	runs     int
}

// newAxeWalk loads the vendored axe-core, checks that it finds what it should, and starts a walk
// over routes (App.PageRoutes).
func newAxeWalk(t *testing.T, ctx context.Context, base string, routes []string) *axeWalk {
	t.Helper()
	src, err := os.ReadFile("testdata/axe/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(src); hex.EncodeToString(sum[:]) != axeSHA256 {
		t.Fatalf("testdata/axe/axe.min.js is not axe-core %s as vendored (sha256 %x)", axeVersion, sum)
	}
	w := &axeWalk{t: t, ctx: ctx, base: base, src: string(src), mux: http.NewServeMux(),
		visited: map[string]bool{}, findings: map[string]*axeFinding{}, full: os.Getenv("MOTCUA_AXE_FULL") == "1"}
	for _, r := range routes {
		if strings.HasPrefix(r, "GET ") {
			w.mux.HandleFunc(r, func(http.ResponseWriter, *http.Request) {})
		}
	}
	w.selfTest()
	return w
}

// selfTest runs the check on a page that breaks three rules, to show that the walk would see them.
func (w *axeWalk) selfTest() {
	w.t.Helper()
	const bad = `data:text/html;charset=utf-8,<!doctype html><title>x</title><main><img src="a.png">` +
		`<p style="color:%23bbb;background:%23fff">faint</p></main>`
	err := chromedp.Do(w.ctx, chromedp.Navigate(bad), chromedp.Evaluate[chromedp.Void](w.src))
	if err != nil {
		w.t.Fatal(err)
	}
	vs, err := chromedp.Run(w.ctx, chromedp.Evaluate[[]axeViolation](fmt.Sprintf(axeScript, "[]"), chromedp.EvalAwaitPromise))
	if err != nil {
		w.t.Fatal(err)
	}
	var ids []string
	for _, v := range vs {
		ids = append(ids, v.ID)
	}
	for _, want := range []string{"html-has-lang", "image-alt", "color-contrast"} {
		if !slices.Contains(ids, want) {
			w.t.Fatalf("axe on a page that breaks %s found %v", want, ids)
		}
	}
}

// visit opens path in Vietnamese and in English, waits for the element css, and checks the page.
func (w *axeWalk) visit(path, css string) { w.flow(path, path, css) }

// flow opens start in each language, takes steps (filling and posting a form, say), waits for
// the element css and checks the page it lands on under the name name.
func (w *axeWalk) flow(name, start, css string, steps ...chromedp.Action[chromedp.Void]) {
	w.t.Helper()
	sep := "?"
	if strings.Contains(start, "?") {
		sep = "&"
	}
	w.pages++
	for _, lang := range []string{"vi", "en"} {
		err := chromedp.Do(w.ctx, chromedp.Navigate(w.base+start+sep+"lang="+lang), chromedp.Steps(steps...),
			chromedp.WaitVisible(chromedp.CSS(css)))
		if err != nil {
			w.t.Fatalf("%s (%s): %v", name, lang, err)
		}
		w.check(name, lang)
	}
}

// errorPage checks the error page that path answers, under the name name.
func (w *axeWalk) errorPage(name, path, css string) {
	w.t.Helper()
	w.errors = true
	defer func() { w.errors = false }()
	w.flow(name, path, css)
}

// here is the path and query of the page shown, without the language.
func (w *axeWalk) here() string {
	w.t.Helper()
	loc, err := chromedp.Run(w.ctx, chromedp.Location())
	if err != nil {
		w.t.Fatal(err)
	}
	loc, _, _ = strings.Cut(strings.TrimPrefix(loc, w.base), "#")
	return trimLang(loc)
}

// check runs axe on the page shown, as page name in language lang. To keep the walk quick a
// page is checked at one viewport in each language, the phone's and the desktop's taking
// turns, and the colour contrast (the slowest rule; the languages share their colours) in
// Vietnamese only; MOTCUA_AXE_FULL=1 checks every rule at both viewports in both languages.
func (w *axeWalk) check(name, lang string) {
	w.t.Helper()
	loc, err := chromedp.Run(w.ctx, chromedp.Location())
	if err != nil {
		w.t.Fatal(err)
	}
	if got, _ := chromedp.Run(w.ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); got != lang {
		w.t.Errorf("%s: <html lang=%q>; want %q", name, got, lang)
	}
	if _, pattern := w.mux.Handler(httptest.NewRequest("GET", loc, nil)); pattern != "" && !w.errors {
		w.visited[pattern] = true
	}
	if has, _ := chromedp.Run(w.ctx, chromedp.Evaluate[bool](`typeof axe === "object"`)); !has {
		if err := chromedp.Do(w.ctx, chromedp.Evaluate[chromedp.Void](w.src)); err != nil {
			w.t.Fatalf("load axe-core on %s: %v", name, err)
		}
	}
	defer chromedp.Do(w.ctx, chromedp.EmulateViewport(axeViewports[0].w, axeViewports[0].h))
	viewports, skip := axeViewports, "[]"
	if !w.full {
		i := w.pages % 2
		if lang == "en" {
			i, skip = 1-i, `["color-contrast"]`
		}
		viewports = axeViewports[i : i+1]
	}
	for _, vp := range viewports {
		if err := chromedp.Do(w.ctx, chromedp.EmulateViewport(vp.w, vp.h)); err != nil {
			w.t.Fatal(err)
		}
		vs, err := chromedp.Run(w.ctx, chromedp.Evaluate[[]axeViolation](fmt.Sprintf(axeScript, skip), chromedp.EvalAwaitPromise))
		if err != nil {
			w.t.Fatalf("axe on %s (%s, %s): %v", name, lang, vp.name, err)
		}
		w.runs++
		for _, v := range vs {
			for _, n := range v.Nodes {
				key := v.ID + "\x00" + name + "\x00" + n.Target
				f := w.findings[key]
				if f == nil {
					f = &axeFinding{rule: v.ID + " (" + v.Impact + ")", help: v.Help, page: name, target: n.Target, html: n.HTML, summary: n.Summary}
					w.findings[key] = f
					w.order = append(w.order, key)
				}
				f.seen = append(f.seen, lang+"/"+vp.name)
			}
		}
	}
}

// report fails the test with every violation found, one error per rule, page and element.
func (w *axeWalk) report() {
	w.t.Helper()
	w.t.Logf("axe-core %s: %d runs on %d pages, %d page routes visited", axeVersion, w.runs, w.pages, len(w.visited))
	for _, k := range w.order {
		f := w.findings[k]
		w.t.Errorf("axe %s on %s [%s]: %s\n  element %s: %s\n  %s", f.rule, f.page, strings.Join(f.seen, " "), f.help,
			f.target, f.html, strings.ReplaceAll(f.summary, "\n", "\n  "))
	}
}

// coverage fails on a GET page route that the walk neither visited nor skips with a reason, and
// on a skip that names no route, so that a new page cannot escape the check.
func (w *axeWalk) coverage(routes []string, skipped map[string]string) {
	w.t.Helper()
	for _, p := range axeUncovered(routes, w.visited, skipped) {
		w.t.Error(p)
	}
}

// axeUncovered lists what is wrong with the walk's coverage of routes.
func axeUncovered(routes []string, visited map[string]bool, skipped map[string]string) []string {
	var out []string
	for _, r := range routes {
		if !strings.HasPrefix(r, "GET ") {
			continue
		}
		_, skip := skipped[r]
		switch {
		case visited[r] && skip:
			out = append(out, fmt.Sprintf("%s is both checked and skipped (%s)", r, skipped[r]))
		case !visited[r] && !skip:
			out = append(out, fmt.Sprintf("%s: no page of this route was checked with axe; visit it in TestBrowserAxe or skip it with a reason in axeSkipped", r))
		}
	}
	for r := range skipped {
		if !slices.Contains(routes, r) {
			out = append(out, fmt.Sprintf("skipped route %s is not a page route any more", r))
		}
	}
	slices.Sort(out)
	return out
}

// jsList is ss as a JavaScript array literal.
func jsList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web/tmplcheck"
)

// testMsg is the package's message catalog, and langVI and langEN its two languages, for the
// tests.
var (
	testMsg        = i18n.MustLoad(embedded, "messages")
	langVI, langEN = Lang{i18n.VI, testMsg}, Lang{i18n.EN, testMsg}
)

func hasKey(key string) bool                    { return testMsg.Has(key) }
func tr(l Lang, key string, args ...any) string { return l.T(key, args...) }
func trn(l Lang, key string, n int) string      { return l.N(key, n) }

// TestMessagesComplete checks that the catalog loads: every message has both languages with the
// same format verbs.
func TestMessagesComplete(t *testing.T) {
	if _, err := i18n.Load(embedded, "messages"); err != nil {
		t.Fatal(err)
	}
	broken := fstest.MapFS{
		"messages/vi.json": {Data: []byte(`{"a": "Trang %s/%s", "b": "Có"}`)},
		"messages/en.json": {Data: []byte(`{"a": "Page %s"}`)},
	}
	if _, err := i18n.Load(broken, "messages"); err == nil {
		t.Error("Load accepted a catalog with a missing key and mismatched verbs")
	}
}

// templateKeys returns every key that the templates pass to t or tn, failing on a key that is
// not a constant.
func templateKeys(t *testing.T) map[string]string {
	t.Helper()
	keys := map[string]string{}
	files, err := fs.Glob(embedded, "templates/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("templates: %v", err)
	}
	noop := template.FuncMap{}
	for name := range (&Site{}).funcs(langVI) {
		noop[name] = func(...any) string { return "" }
	}
	for _, file := range files {
		tmpl, err := template.New(file).Funcs(noop).ParseFS(embedded, file)
		if err != nil {
			t.Fatalf("parse %s: %v", file, err)
		}
		for _, tt := range tmpl.Templates() {
			if tt.Tree == nil {
				continue
			}
			tmplcheck.WalkKeys(tt.Tree.Root, func(fn, key string, constant bool) {
				if !constant {
					t.Errorf("%s: %s with a key that is not a constant string", file, fn)
					return
				}
				if fn == "tn" {
					keys[key+".one"], keys[key+".other"] = file, file
				} else {
					keys[key] = file
				}
			})
		}
	}
	return keys
}

// goKeys returns every constant key the package's Go code passes to T, N or Text.
func goKeys(t *testing.T) map[string]string {
	t.Helper()
	keys := map[string]string{}
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, file, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 1 {
				return true
			}
			// l.T("key", …) and l.N("key", n) on a lang; msg.Text("key", …) on a catalog.
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "T" && sel.Sel.Name != "N" && sel.Sel.Name != "Text") {
				return true
			}
			id := sel.Sel
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true // a computed key, e.g. enumLabel's prefix+value, tested separately
			}
			key, _ := strconv.Unquote(lit.Value)
			if id.Name == "N" {
				keys[key+".one"], keys[key+".other"] = file, file
			} else {
				keys[key] = file
			}
			return true
		})
	}
	return keys
}

// TestMessageKeysExist checks that every key the templates and the Go code use is in the
// catalog, and that every catalog entry is used.
func TestMessageKeysExist(t *testing.T) {
	used := templateKeys(t)
	for k, file := range goKeys(t) {
		used[k] = file
	}
	for k, file := range used {
		if !hasKey(k) {
			t.Errorf("%s uses message key %q, which does not exist", file, k)
		}
	}
	computed := []string{"online.", "level.", "change.", "channel.", "cal.kind.", "override.",
		// A date input's faults (date_input.go); the workflow's pages: keys by action, document kind, form and indicator.
		"act.", "done.", "action.", "doc.kind.", "eval.score.", "eval.agencies.", "eval.publicity.", "eval.attitude.",
		"eval.feedback.", "date.err.", "paper.receipt", "paper.supplement", "paper.refusal", "paper.apology", "paper.control"}
	// The site's messages are shared: the audience packages' pages and code use them too.
	subs, _ := filepath.Glob("*/*.go")
	more, _ := filepath.Glob("*/templates/*.html")
	keyRe := regexp.MustCompile(`(?:\b(?:t|tn) "|\.(?:T|N|Text)\(")([a-z_][a-z_.0-9]*)"`)
	for _, file := range append(subs, more...) {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRe.FindAllStringSubmatch(string(b), -1) {
			used[m[1]], used[m[1]+".one"], used[m[1]+".other"] = file, file, file
		}
	}
	for _, prefix := range computed {
		for _, k := range testMsg.Keys() {
			if strings.HasPrefix(k, prefix) {
				used[k] = "enumLabel"
			}
		}
	}
	for _, k := range testMsg.Keys() {
		if _, ok := used[k]; !ok {
			t.Errorf("message key %q is never used", k)
		}
	}
}

// TestEnumLabels checks that every value of the catalog's enumerations has a label.
func TestEnumLabels(t *testing.T) {
	values := map[string][]string{
		"online.":  {string(catalog.OnlineFull), string(catalog.OnlinePartial), string(catalog.OnlineNone)},
		"level.":   {string(catalog.LevelProvince), string(catalog.LevelCommune)},
		"change.":  {"publish", "amend", "abolish"},
		"channel.": {"online", "counter", "post"},
		"cal.kind.": {string(calendar.KindHoliday), string(calendar.KindCompensatory), string(calendar.KindScheduled),
			string(calendar.KindOverride)},
		"override.": {string(calendar.OverrideDayOff), string(calendar.OverrideWorkingDay)},
	}
	for prefix, vs := range values {
		for _, v := range vs {
			if !hasKey(prefix + v) {
				t.Errorf("no message %s%s", prefix, v)
			}
		}
	}
	want := map[Lang][]string{langVI: {"Toàn trình", "Một phần", "Không trực tuyến"}, langEN: {"Fully online", "Partially online", "Not online"}}
	for l, w := range want {
		var got []string
		for _, o := range []catalog.OnlineLevel{catalog.OnlineFull, catalog.OnlinePartial, catalog.OnlineNone} {
			got = append(got, EnumLabel(l, "online.", o))
		}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("online labels in %s (-want +got):\n%s", l, diff)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct{ got, want string }{
		{money(0), "0 đ"},
		{money(5000), "5.000 đ"},
		{money(100000), "100.000 đ"},
		{money(1234567), "1.234.567 đ"},
		{fee(langVI, nil), "Chưa có thông tin; hỏi tại nơi nộp hồ sơ"},
		{fee(langEN, nil), "Not in the catalog; ask where you apply"},
		{fee(langVI, ptr[int64](0)), "Miễn phí"},
		{fee(langEN, ptr[int64](0)), "Free"},
		{fee(langEN, ptr[int64](100000)), "100.000 đ"},
		{date(langVI, "2026-01-05"), "05/01/2026"},
		{date(langEN, "2026-01-05"), "05/01/2026"}, // never 01/05 or Jan: the same in both languages
		{dateTime(langEN, time.Date(2026, 3, 1, 20, 5, 0, 0, time.UTC)), "02/03/2026 03:05"},
		{date(langVI, "not a date"), "not a date"},
		{date(langVI, time.Date(2026, 3, 1, 20, 0, 0, 0, time.UTC)), "02/03/2026"}, // 03:00 next day in Hà Nội
		{date(langEN, time.Time{}), ""},
		{processingTime(langVI, &catalog.Procedure{}), "Chưa có thông tin; hỏi tại nơi nộp hồ sơ"},
		{processingTime(langEN, &catalog.Procedure{}), "Not in the catalog; ask where you apply"},
		{processingTime(langVI, &catalog.Procedure{ProcessingDays: ptr(0)}), "Trong ngày làm việc"},
		{processingTime(langEN, &catalog.Procedure{ProcessingDays: ptr(0)}), "Within the working day"},
		{processingTime(langEN, &catalog.Procedure{ProcessingDays: ptr(1)}), "1 working day"},
		{processingTime(langEN, &catalog.Procedure{ProcessingDays: ptr(15)}), "15 working days"},
		{processingTime(langVI, &catalog.Procedure{ProcessingHours: ptr(8)}), "8 giờ làm việc"},
		{processingTime(langEN, &catalog.Procedure{ProcessingCalendarDays: ptr(30)}), "30 calendar days"},
		{trn(langEN, "ptime.days", 1500), "1.500 working days"},
		{formatList([]string{"pdf", "jpg"}), "PDF, JPG"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d = %q; want %q", i, tt.got, tt.want)
		}
	}
}

func TestSafeNext(t *testing.T) {
	tests := map[string]string{
		"":                         "/",
		"/":                        "/",
		"/thu-tuc/1.001193":        "/thu-tuc/1.001193",
		"/thu-tuc?q=khai&page=2":   "/thu-tuc?q=khai&page=2",
		"thu-tuc":                  "/",
		"//evil.example":           "/",
		"/\\evil.example":          "/",
		"https://evil.example/":    "/",
		"http:/evil.example":       "/",
		"/a\nb":                    "/",
		"/a\x7fb":                  "/",
		"/dang-nhap?next=/":        "/",
		"/dang-xuat":               "/",
		strings.Repeat("/a", 2000): "/",
	}
	for in, want := range tests {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q; want %q", in, got, want)
		}
	}
}

// TestTemplateParse checks that New fails on a missing, broken or incomplete template, or on
// an unknown message key.
func TestTemplateParse(t *testing.T) {
	cfg := Config{Org: org.NewStore(dbtest.SQLite(t))}
	if _, err := newSite(cfg, embedded); err != nil {
		t.Fatalf("embedded templates: %v", err)
	}
	good := fstest.MapFS{}
	err := fs.WalkDir(embedded, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := fs.ReadFile(embedded, p)
		good[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	with := func(change func(m fstest.MapFS)) fstest.MapFS {
		m := fstest.MapFS{}
		for k, v := range good {
			m[k] = v
		}
		change(m)
		return m
	}
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string // in the error
	}{
		{"missing page", with(func(m fstest.MapFS) { delete(m, "templates/form_missing.html") }), "form_missing"},
		{"missing layout", with(func(m fstest.MapFS) { delete(m, "templates/base.html") }), "layout"},
		{"bad syntax", with(func(m fstest.MapFS) {
			m["templates/signin.html"] = &fstest.MapFile{Data: []byte(`{{define "title"}}x{{end}}{{define "main"}}{{if}}{{end}}`)}
		}), "signin"},
		{"no main", with(func(m fstest.MapFS) {
			m["templates/form_missing.html"] = &fstest.MapFile{Data: []byte(`{{define "title"}}x{{end}}`)}
		}), `"main"`},
		{"unknown key", with(func(m fstest.MapFS) {
			m["templates/notfound.html"] = &fstest.MapFile{Data: []byte(`{{define "title"}}{{t "no.such.key"}}{{end}}{{define "main"}}{{end}}`)}
		}), "no.such.key"},
		{"computed key", with(func(m fstest.MapFS) {
			m["templates/notfound.html"] = &fstest.MapFile{Data: []byte(`{{define "title"}}{{t .Lang}}{{end}}{{define "main"}}{{end}}`)}
		}), "constant"},
		{"unknown function", with(func(m fstest.MapFS) {
			m["templates/error.html"] = &fstest.MapFile{Data: []byte(`{{define "title"}}{{nosuch}}{{end}}{{define "main"}}{{end}}`)}
		}), "nosuch"},
		{"unknown static type", with(func(m fstest.MapFS) {
			m["static/x.exe"] = &fstest.MapFile{Data: []byte("MZ")}
		}), "x.exe"},
	}
	for _, tt := range tests {
		_, err := newSite(cfg, tt.fsys)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: newSite error = %v; want one mentioning %s", tt.name, err, tt.want)
		}
	}
	// Every page template is in the list New parses.
	files, _ := fs.Glob(embedded, "templates/*.html")
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")
		if !slices.Contains(layoutFiles, f) && !slices.Contains(corePages, name) {
			t.Errorf("template %s is not in corePages", f)
		}
	}
}

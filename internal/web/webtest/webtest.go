// Package webtest holds what the tests of the web packages share: the domain stores on a test
// database, a server with the session middleware and a browser-like client, and the HTML
// checks every page must pass. Only tests import it.
package webtest

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/webtest/htmlcheck"
	"github.com/motcua/motcua/internal/workflow"
)

// Stores are the domain stores on one SQLite test database, files in a temporary directory.
type Stores struct {
	DB       *db.DB
	Catalog  *catalog.Store
	Org      *org.Store
	Identity *identity.Store
	Calendar *calendar.Store
	Dossiers *dossier.Store
	Workflow *workflow.Store
}

// NewStores opens a test database with every store on it. Like the demo city, the workflow
// makes the result document at approval.
func NewStores(t *testing.T) *Stores {
	t.Helper()
	return newStores(t, dbtest.SQLite(t))
}

func newStores(t *testing.T, d *db.DB) *Stores {
	s := &Stores{DB: d, Catalog: catalog.NewStore(d), Org: org.NewStore(d), Identity: identity.NewStore(d),
		Calendar: calendar.NewStore(d, auditCalendar)}
	s.Dossiers = dossier.NewStore(dossier.Config{DB: d, Catalog: s.Catalog, Org: s.Org, Calendar: s.Calendar, Blobs: dossier.DiskStore{Dir: t.TempDir()},
		Links: dossier.Links{Track: "https://dichvucong.example.vn/tra-cuu?ma={code}"}})
	s.Workflow = workflow.NewStore(workflow.Config{DB: d, Dossiers: s.Dossiers, Catalog: s.Catalog, Org: s.Org, Calendar: s.Calendar})
	s.Workflow.Result = s.Workflow.ResultNotice
	return s
}

// auditCalendar records calendar changes in the audit log, as internal/app wires it.
func auditCalendar(ctx context.Context, tx *db.Tx, by calendar.Actor, action, object string, detail map[string]any) error {
	return audit.Append(ctx, tx, audit.Entry{ActorID: by.ID, Actor: by.Username, Action: action, Object: object, Detail: detail})
}

// Site builds the web site on s's org and identity stores.
func (s *Stores) Site(t *testing.T) *web.Site {
	t.Helper()
	site, err := web.NewSite(web.Config{Org: s.Org, Identity: s.Identity})
	if err != nil {
		t.Fatalf("NewSite: %v", err)
	}
	return site
}

// Server serves the routes of a site's packages behind a session middleware like
// internal/server's.
type Server struct {
	Handler http.Handler
}

// Routes is a web package's route registration.
type Routes interface{ Register(web.Mux) }

// NewServer mounts routes on one mux, behind the session middleware of ids.
func NewServer(ids *identity.Store, routes ...Routes) *Server {
	mux := http.NewServeMux()
	for _, r := range routes {
		r.Register(mux)
	}
	return &Server{Handler: WithSession(ids, mux)}
}

// WithSession resolves the session cookie into the signed-in user, as internal/server's
// middleware does in front of the pages.
func WithSession(ids *identity.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(web.SessionCookie); err == nil && c.Value != "" {
			if u, err := ids.SessionUser(r.Context(), c.Value); err == nil {
				r = r.WithContext(org.WithUser(r.Context(), u))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// Do serves one request; header lines are "Name: value".
func (s *Server) Do(t *testing.T, method, target string, body io.Reader, header ...string) (*http.Response, string) {
	t.Helper()
	r := httptest.NewRequest(method, target, body)
	for _, h := range header {
		k, v, _ := strings.Cut(h, ": ")
		r.Header.Add(k, v)
	}
	w := httptest.NewRecorder()
	s.Handler.ServeHTTP(w, r)
	res := w.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// SignIn signs in through the sign-in form and returns the session's Cookie header line.
func (s *Server) SignIn(t *testing.T, username, password string) string {
	t.Helper()
	res, _ := s.Do(t, "POST", "/dang-nhap", strings.NewReader(url.Values{"username": {username}, "password": {password}}.Encode()),
		"Content-Type: application/x-www-form-urlencoded")
	for _, c := range res.Cookies() {
		if c.Name == web.SessionCookie {
			return "Cookie: " + web.SessionCookie + "=" + c.Value
		}
	}
	t.Fatalf("sign in as %s: %d, no session cookie", username, res.StatusCode)
	return ""
}

// MissingKey finds a message key shown as [key]: one missing from the catalog.
var MissingKey = htmlcheck.MissingKey

// CheckHTML checks what every page must be, as htmlcheck.Page does.
func CheckHTML(t *testing.T, target, body string) {
	t.Helper()
	htmlcheck.Page(t, target, body)
}

var (
	templateKeyRe = regexp.MustCompile(`\b(tn?) "([^"]+)"`)
)

// CheckMessages checks a web package's messages against its code: every key that its Go code
// in dir (l.T, l.N, l.Text with a constant key) or its templates (dir/templates and
// dir/templates/partials, t and tn)
// use exists in msg, the catalog its pages speak; and every key of own, the package's own
// catalog, is used, or starts with one of computed (keys made from a prefix and a value).
func CheckMessages(t *testing.T, dir string, own, msg *i18n.Catalog, computed ...string) {
	t.Helper()
	used := map[string]string{}
	add := func(fn, key, file string) {
		if fn == "tn" || fn == "N" {
			used[key+".one"], used[key+".other"] = file, file
		} else {
			used[key] = file
		}
	}
	tmpls, _ := filepath.Glob(filepath.Join(dir, "templates", "*.html"))
	partials, _ := filepath.Glob(filepath.Join(dir, "templates", "partials", "*.html"))
	for _, file := range append(tmpls, partials...) {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range templateKeyRe.FindAllStringSubmatch(string(b), -1) {
			add(m[1], m[2], file)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 1 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || (sel.Sel.Name != "T" && sel.Sel.Name != "N" && sel.Sel.Name != "Text") {
				return true
			}
			if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				key, _ := strconv.Unquote(lit.Value)
				add(sel.Sel.Name, key, file)
			}
			return true
		})
	}
	for k, file := range used {
		if !msg.Has(k) {
			t.Errorf("%s uses message key %q, which does not exist", file, k)
		}
	}
	for _, k := range own.Keys() {
		_, ok := used[k]
		for _, p := range computed {
			ok = ok || strings.HasPrefix(k, p)
		}
		if !ok {
			t.Errorf("message key %q is never used", k)
		}
	}
}

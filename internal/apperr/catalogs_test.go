package apperr_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/motcua/motcua/internal/i18n"
)

// TestCatalogs loads every package's message catalog under internal/ (each refuses to load
// when a key is missing in either language) and checks that every constant key the package's
// Go code asks of it exists.
func TestCatalogs(t *testing.T) {
	var dirs []string
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		// The pages load their catalogs when built (web.NewSite, Site.Pages) and check their
		// keys against templates and code in each web package's TestMessages.
		if d.IsDir() && filepath.ToSlash(path) == "../web" {
			return fs.SkipDir
		}
		if d.IsDir() && d.Name() == "messages" {
			if _, err := os.Stat(filepath.Join(path, "vi.json")); err == nil {
				dirs = append(dirs, filepath.Dir(path))
			}
			return fs.SkipDir
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The domain packages converted so far; a walk that finds fewer is broken, not green.
	if len(dirs) < 7 {
		t.Fatalf("found %d catalogs under internal/ (%v); want at least 7", len(dirs), dirs)
	}
	for _, dir := range dirs {
		c, err := i18n.Load(os.DirFS(dir), "messages")
		if err != nil {
			t.Errorf("%s: %v", dir, err)
			continue
		}
		checkKeys(t, dir, c)
	}
}

// keyArg is the position of the key among the arguments of each Catalog method.
var keyArg = map[string]int{"Text": 0, "TextFunc": 0, "T": 1}

// checkKeys parses the Go files of the package in dir, finds the package-level variables that
// hold i18n.MustLoad's catalog and reports each constant key asked of them that c lacks.
func checkKeys(t *testing.T, dir string, c *i18n.Catalog) {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var parsed []*ast.File
	vars := map[string]bool{}
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				for i, v := range vs.Values {
					if call, ok := v.(*ast.CallExpr); ok && isSel(call.Fun, "i18n", "MustLoad") {
						vars[vs.Names[i].Name] = true
					}
				}
			}
		}
	}
	if len(vars) == 0 {
		t.Errorf("%s: has messages/ but no package variable = i18n.MustLoad(...)", dir)
		return
	}
	uses := 0
	for _, f := range parsed {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			id, ok := sel.X.(*ast.Ident)
			i, method := keyArg[sel.Sel.Name]
			if !ok || !vars[id.Name] || !method || len(call.Args) <= i {
				return true
			}
			lit, ok := call.Args[i].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true // a key made at run time; the catalog shows [key] if it is missing
			}
			key, _ := strconv.Unquote(lit.Value)
			uses++
			if !c.Has(key) {
				t.Errorf("%s: %s.%s(%q) but messages/ has no such key", fset.Position(lit.Pos()), id.Name, sel.Sel.Name, key)
			}
			return true
		})
	}
	if uses == 0 {
		t.Errorf("%s: no constant key is asked of its catalog", dir)
	}
}

func isSel(e ast.Expr, pkg, name string) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == pkg && sel.Sel.Name == name
}

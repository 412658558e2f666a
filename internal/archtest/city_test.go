package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/vntext"
)

// cityData are the packages whose job is one city's data: the demo city and the generator of
// its years. Everywhere else the city comes from the organisation tree or configuration.
var cityData = []string{"../demo", "../gen"}

// cityNames are the demo city's names, folded (vntext.Fold) so that no spelling slips by.
var cityNames = []string{"ha noi", "hanoi"}

// TestNoCityInCode fails on a string literal naming the demo city in the non-test Go code of
// internal/ or cmd/ outside the city's data packages: a second city runs on the same binary.
func TestNoCityInCode(t *testing.T) {
	fset := token.NewFileSet()
	var files int
	for _, root := range []string{"..", "../../cmd"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			for _, skip := range cityData {
				if d.IsDir() && path == filepath.FromSlash(skip) {
					return fs.SkipDir
				}
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			files++
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					return true
				}
				folded := vntext.Fold(s)
				for _, name := range cityNames {
					if strings.Contains(folded, name) {
						t.Errorf("%s: the string %q names the city; take it from the organisation tree or configuration", fset.Position(lit.Pos()), s)
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if files < 100 {
		t.Fatalf("read %d Go files; want the whole tree", files)
	}
}

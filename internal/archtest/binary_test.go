package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

// TestBinaryLinksNoTestCode checks that the production binary does not link the testing
// package or the test helpers: they belong to tests only.
func TestBinaryLinksNoTestCode(t *testing.T) {
	// go test puts its own go command first on PATH.
	out, err := exec.Command("go", "list", "-deps", "github.com/motcua/motcua/cmd/motcua").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	banned := map[string]bool{
		"testing": true,
		"github.com/motcua/motcua/internal/db/dbtest":   true,
		"github.com/motcua/motcua/internal/app/apptest": true,
	}
	var n int
	for _, pkg := range strings.Fields(string(out)) {
		n++
		if banned[pkg] || strings.HasPrefix(pkg, "testing/") {
			t.Errorf("cmd/motcua links %s; only tests may import it", pkg)
		}
	}
	if n < 50 {
		t.Fatalf("go list -deps listed %d packages; want the whole dependency graph", n)
	}
}

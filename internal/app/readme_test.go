package app_test

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/app/apptest"
)

// shBlock is a fenced ```sh block of a Markdown file.
var shBlock = regexp.MustCompile("(?ms)^```sh\n(.*?)^```")

// TestREADMEExamples runs the README's shell examples that call curl, as written, against a
// demo server in place of localhost:8080: every curl must get a 2xx answer (curl's
// --fail-with-body, under set -e and pipefail), so an example that the server refuses fails.
func TestREADMEExamples(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("MOTCUA_REQUIRE_CURL") == "1" {
				t.Fatalf("%s not found but MOTCUA_REQUIRE_CURL=1", tool)
			}
			t.Skipf("%s not found: install bash, curl and jq to run the README's examples (MOTCUA_REQUIRE_CURL=1 fails instead)", tool)
		}
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var blocks []string
	for _, m := range shBlock.FindAllStringSubmatch(string(readme), -1) {
		if strings.Contains(m[1], "curl ") {
			blocks = append(blocks, m[1])
		}
	}
	if len(blocks) == 0 {
		t.Fatal("README.md has no ```sh block that calls curl")
	}
	_, base := apptest.Start(t, "sqlite")
	host := strings.TrimPrefix(base, "http://")
	for i, b := range blocks {
		script := "set -euo pipefail\ncurl() { command curl --fail-with-body \"$@\"; }\n" +
			strings.ReplaceAll(b, "localhost:8080", host)
		out, err := exec.Command("bash", "-c", script).CombinedOutput()
		if err != nil {
			t.Errorf("README example %d failed: %v\n%s\n--- output's end:\n%s", i+1, err, b, out[max(0, len(out)-1000):])
		}
		if strings.Contains(b, "/api/v1/me") && !strings.Contains(string(out), `"username":"catalog"`) {
			t.Errorf("README example %d: /me did not answer the catalog account:\n%s", i+1, out)
		}
	}
}

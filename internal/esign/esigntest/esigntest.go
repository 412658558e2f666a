// Package esigntest holds what tests of signed documents share: poppler's pdfsig report on a
// PDF and the QR codes a PDF carries, read by pdfimages and zbarimg. The tools missing, a test
// is skipped, or fails when MOTCUA_REQUIRE_PDFTOTEXT=1 (CI). Only tests import it.
package esigntest

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// tool finds a program, skipping (or failing under MOTCUA_REQUIRE_PDFTOTEXT=1) without it.
func tool(t testing.TB, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("MOTCUA_REQUIRE_PDFTOTEXT") == "1" {
			t.Fatalf("%s not found and MOTCUA_REQUIRE_PDFTOTEXT=1: install %s", name, pkg)
		}
		t.Skipf("%s not found: install %s to check signed PDFs (set MOTCUA_REQUIRE_PDFTOTEXT=1 to fail instead of skipping)", name, pkg)
	}
	return path
}

func write(t testing.TB, pdf []byte) string {
	t.Helper()
	in := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	return in
}

// PDFSig is poppler's pdfsig report on pdf (its exit status ignored: it is not 0 for a
// signature it finds invalid, which the report says).
func PDFSig(t testing.TB, pdf []byte) string {
	t.Helper()
	out, _ := exec.Command(tool(t, "pdfsig", "poppler-utils"), write(t, pdf)).CombinedOutput()
	return string(out)
}

// Text is pdftotext's text of pdf, its lines joined by spaces.
func Text(t testing.TB, pdf []byte) string {
	t.Helper()
	out, err := exec.Command(tool(t, "pdftotext", "poppler-utils"), write(t, pdf), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// QRCodes are the payloads of the QR codes among pdf's images, sorted.
func QRCodes(t testing.TB, pdf []byte) []string {
	t.Helper()
	images, zbar := tool(t, "pdfimages", "poppler-utils"), tool(t, "zbarimg", "zbar-tools")
	dir := t.TempDir()
	if out, err := exec.Command(images, "-png", write(t, pdf), filepath.Join(dir, "img")).CombinedOutput(); err != nil {
		t.Fatalf("pdfimages: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "img-*.png"))
	var codes []string
	for _, f := range files {
		out, err := exec.Command(zbar, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", f).Output()
		if err != nil {
			continue // an image that is no QR code
		}
		codes = append(codes, strings.TrimRight(string(out), "\n"))
	}
	sort.Strings(codes)
	return codes
}

package dossier_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestOneWriter checks that the dossiers table has one writer: no production Go file outside
// internal/dossier (and the scale-data generator, internal/gen, which bulk-loads rows) inserts
// or updates dossiers. Tests may set up states directly.
func TestOneWriter(t *testing.T) {
	write := regexp.MustCompile(`(?i)\b(update\s+dossiers|insert\s+into\s+dossiers)\b`)
	root := filepath.Join("..", "..")
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "internal/dossier" || rel == "internal/gen" || strings.HasPrefix(d.Name(), ".") && rel != "." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if write.Match(b) {
			found = append(found, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) > 0 {
		t.Errorf("files outside internal/dossier write the dossiers table: %v", found)
	}
}

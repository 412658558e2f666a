package paperwork

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/apperr"
)

// invalid is a case of an input made invalid by edit, and the field paths the error must
// name, in order.
type invalid[T any] struct {
	name  string
	edit  func(*T)
	paths []string
}

// testInvalid renders each case's input, made from sample and edited, and checks the error
// is an apperr Unprocessable error naming exactly the case's fields, each with a message in
// Vietnamese and English.
func testInvalid[T any](t *testing.T, render func(T) ([]byte, error), sample func() T, cases []invalid[T]) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			in := sample()
			tt.edit(&in)
			out, err := render(in)
			if err == nil {
				t.Fatalf("render = %d bytes, nil error; want an error naming %v", len(out), tt.paths)
			}
			e, ok := apperr.As(err)
			if !ok || e.Kind != apperr.KindUnprocessable {
				t.Fatalf("render error = %v (%T); want an apperr Unprocessable error", err, err)
			}
			var paths []string
			for _, f := range e.Fields {
				paths = append(paths, f.Path)
				if f.Message == "" || f.MessageEn == "" {
					t.Errorf("field %s lacks a Vietnamese or English message: %+v", f.Path, f)
				}
			}
			if diff := cmp.Diff(tt.paths, paths); diff != "" {
				t.Errorf("error fields (-want +got):\n%s", diff)
			}
			for _, p := range tt.paths {
				if !strings.Contains(err.Error(), p) {
					t.Errorf("error %q does not name %s", err, p)
				}
			}
		})
	}
}

// wantText extracts pdf's text with pdftotext args and checks it is NFC, has every string of
// want and none of none once runs of white space are squashed to one space. It returns the
// text, pages separated by \f.
func wantText(t *testing.T, pdf []byte, args []string, want, none []string) string {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("output starts %q; want a PDF", pdf[:min(len(pdf), 16)])
	}
	text := pdfText(t, pdf, args...)
	if !norm.NFC.IsNormalString(text) {
		t.Errorf("pdftotext output is not NFC")
	}
	flat := squash(text)
	for _, w := range want {
		if !strings.Contains(flat, w) {
			t.Errorf("pdftotext %v output lacks %q:\n%s", args, w, text)
		}
	}
	for _, w := range none {
		if strings.Contains(flat, w) {
			t.Errorf("pdftotext %v output has %q:\n%s", args, w, text)
		}
	}
	return text
}

// pages is the number of pages in pdftotext output.
func pages(text string) int { return strings.Count(text, "\f") }

// wantFooters checks every page of a text of n pages carries "label – Trang i/n".
func wantFooters(t *testing.T, text, label string) {
	t.Helper()
	n, flat := pages(text), squash(text)
	for i := 1; i <= n; i++ {
		if w := fmt.Sprintf("%s – Trang %d/%d", label, i, n); !strings.Contains(flat, w) {
			t.Errorf("pdftotext output lacks the footer %q", w)
		}
	}
}

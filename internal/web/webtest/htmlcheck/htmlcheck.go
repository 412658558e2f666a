// Package htmlcheck holds the checks every page of the site must pass. It imports nothing of
// motcua, so that the tests of internal/web itself, which webtest's import of web keeps from
// importing webtest, share them too.
package htmlcheck

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// MissingKey finds a message key shown as [key]: one missing from the catalog.
var MissingKey = regexp.MustCompile(`\[[a-z_]+\.[a-z_.0-9]+\]`)

// Page checks what every page must be: HTML that parses, one <h1>, a skip link to #main,
// unique ids, a label for every input, aria-describedby naming ids that exist, and nothing the
// Content Security Policy refuses (inline styles, scripts, event handlers).
func Page(t *testing.T, target, body string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("GET %s: parse HTML: %v", target, err)
	}
	ids := map[string]int{}
	labels := map[string]bool{}
	var inputs, describedBy []string
	h1 := 0
	skip := false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			if id, ok := attr["id"]; ok {
				ids[id]++
			}
			switch n.Data {
			case "h1":
				h1++
			case "label":
				labels[attr["for"]] = true
			case "input", "select", "textarea":
				if attr["type"] != "hidden" {
					inputs = append(inputs, attr["id"])
				}
			case "a":
				if attr["class"] == "skip-link" && attr["href"] == "#main" {
					skip = true
				}
			}
			if _, ok := attr["style"]; ok || n.Data == "script" || n.Data == "style" {
				t.Errorf("GET %s: inline %s breaks the CSP (style-src 'self', no scripts)", target, n.Data)
			}
			for k := range attr {
				if strings.HasPrefix(k, "on") {
					t.Errorf("GET %s: event handler attribute %s on <%s>", target, k, n.Data)
				}
			}
			if d, ok := attr["aria-describedby"]; ok {
				describedBy = append(describedBy, strings.Fields(d)...)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if h1 != 1 {
		t.Errorf("GET %s: %d <h1>; want 1", target, h1)
	}
	if !skip || ids["main"] != 1 {
		t.Errorf("GET %s: no skip link to #main", target)
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("GET %s: id %q used %d times", target, id, n)
		}
	}
	for _, in := range inputs {
		if in == "" || !labels[in] {
			t.Errorf("GET %s: input %q has no label", target, in)
		}
	}
	for _, d := range describedBy {
		if ids[d] == 0 {
			t.Errorf("GET %s: aria-describedby names missing id %q", target, d)
		}
	}
}

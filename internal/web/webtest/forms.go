package webtest

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
)

// FormValues is what a browser sends for the form of body whose action starts with action
// ("POST /path" to match the method too): inputs with their values (radios and checkboxes
// when checked), selects' selected options, textareas' text. File inputs and buttons are left to the caller.
func FormValues(t *testing.T, body, action string) url.Values {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	attr := func(n *html.Node, k string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == k {
				return a.Val, true
			}
		}
		return "", false
	}
	method := ""
	if m, a, ok := strings.Cut(action, " "); ok {
		method, action = strings.ToLower(m), a
	}
	var form *html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if form != nil {
			return
		}
		if n.Type == html.ElementNode && n.Data == "form" {
			m, _ := attr(n, "method")
			if a, _ := attr(n, "action"); strings.HasPrefix(a, action) && (method == "" || m == method) {
				form = n
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if form == nil {
		t.Fatalf("no form with action %s", action)
	}
	vals := url.Values{}
	var text func(n *html.Node) string
	text = func(n *html.Node) string {
		var s strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				s.WriteString(c.Data)
			} else {
				s.WriteString(text(c))
			}
		}
		return s.String()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name, named := attr(n, "name")
			switch n.Data {
			case "input":
				typ, _ := attr(n, "type")
				v, _ := attr(n, "value")
				_, checked := attr(n, "checked")
				switch {
				case !named || typ == "file" || typ == "submit":
				case typ == "radio" || typ == "checkbox":
					if checked {
						vals.Add(name, v)
					}
				default:
					vals.Add(name, v)
				}
			case "textarea":
				if named {
					vals.Add(name, strings.TrimPrefix(text(n), "\n"))
				}
			case "select":
				var first, chosen *html.Node
				var opts func(*html.Node)
				opts = func(o *html.Node) {
					for c := o.FirstChild; c != nil; c = c.NextSibling {
						if c.Type == html.ElementNode && c.Data == "option" {
							if first == nil {
								first = c
							}
							if _, sel := attr(c, "selected"); sel && chosen == nil {
								chosen = c
							}
						}
						opts(c)
					}
				}
				opts(n)
				if chosen == nil {
					chosen = first
				}
				if named && chosen != nil {
					v, _ := attr(chosen, "value")
					vals.Add(name, v)
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(form)
	return vals
}

// SampleValues are the inputs of p's form filled with demo.SampleForm's values.
func SampleValues(t *testing.T, p *catalog.Procedure, all bool) url.Values {
	t.Helper()
	sample, err := demo.SampleForm(p, all)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := web.ParseFormSchema(p.FormSchema)
	if err != nil {
		t.Fatal(err)
	}
	return Submitted(fs.View(web.Lang{}, web.DecodeForm(sample), nil, false).Fields) // the values only: no messages needed
}

// Overlay is base with the values of over in place of its own.
func Overlay(base url.Values, over url.Values) url.Values {
	out := url.Values{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}

// Location checks that res is a redirect with status to a URL starting with prefix, and
// returns the URL.
func Location(t *testing.T, res *http.Response, status int, prefix string) string {
	t.Helper()
	loc := res.Header.Get("Location")
	if res.StatusCode != status || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("%s %s = %d %q; want %d to %s…", res.Request.Method, res.Request.URL.Path, res.StatusCode, loc, status, prefix)
	}
	return loc
}

// MustContain checks that body, described as what, contains every one of wants.
func MustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %s", what, w)
		}
	}
}

// ErrorSummary is the text of a page's error summary, for failure messages.
func ErrorSummary(body string) string {
	i := strings.Index(body, `class="error-summary"`)
	if i < 0 {
		return "(no error summary)"
	}
	end := strings.Index(body[i:], "</div>")
	if end < 0 {
		end = len(body) - i
	}
	return regexp.MustCompile(`<[^>]+>`).ReplaceAllString(body[i:i+end], " ")
}

// Submitted is what a browser sends for a rendered form: each field's value, the checked
// options, a ticked checkbox's "true".
func Submitted(fields []*web.FieldView) url.Values {
	vals := url.Values{}
	var walk func([]*web.FieldView)
	walk = func(fields []*web.FieldView) {
		for _, f := range fields {
			switch f.Kind {
			case web.KindGroup:
				walk(f.Fields)
			case web.KindCheckbox:
				if f.Checked {
					vals.Add(f.Path, "true")
				}
			case web.KindRadios, web.KindSelect, web.KindCheckboxes:
				for _, o := range f.Options {
					if o.Selected {
						vals.Add(f.Path, o.Value)
					}
				}
				if f.Kind == web.KindSelect && !vals.Has(f.Path) {
					vals.Set(f.Path, "")
				}
			case web.KindDate: // three boxes: day, month, year
				vals.Set(f.Path+"-day", f.Date.Day)
				vals.Set(f.Path+"-month", f.Date.Month)
				vals.Set(f.Path+"-year", f.Date.Year)
			default:
				vals.Set(f.Path, f.Value)
			}
		}
	}
	walk(fields)
	return vals
}

// MustUser is the user username of users.
func MustUser(t *testing.T, users *org.Store, username string) *org.User {
	t.Helper()
	u, err := users.User(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

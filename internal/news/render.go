package news

import (
	"bytes"
	"html/template"
	"regexp"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// ImagePath is where the portal serves an uploaded image; an article's Markdown may show
// images from there alone.
const ImagePath = "/tin-tuc/anh/"

// markdown renders CommonMark with tables and strikethrough. Raw HTML in the source is left
// out (goldmark's default, without html.WithUnsafe), and headings move so that the highest is
// an h2: the page's title is the one h1, and its sections start one level below it whatever
// level the writer began with.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(headingShift{}, 100))),
)

type headingShift struct{}

func (headingShift) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var hs []*ast.Heading
	top := 6
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			hs, top = append(hs, h), min(top, h.Level)
		}
		return ast.WalkContinue, nil
	})
	for _, h := range hs {
		h.Level = min(h.Level-top+2, 6)
	}
}

// policy is what may reach a page whatever the Markdown held: text structure, links by http,
// https or mailto (no javascript:, no data:) marked nofollow, and images from ImagePath only
// (no SVG from elsewhere, no tracking pixels); no script, style, event attribute, iframe, form
// or SVG element. bluemonday is the sanitiser; goldmark already drops raw HTML, and this is
// the second wall should a renderer bug let some through.
var policy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "blockquote", "code", "pre")
	p.AllowLists()
	p.AllowTables()
	p.AllowStandardURLs()
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowAttrs("href").OnElements("a")
	p.RequireNoFollowOnLinks(true)
	p.AllowAttrs("src").Matching(regexp.MustCompile(`^` + regexp.QuoteMeta(ImagePath) + `[0-9a-f]{64}$`)).OnElements("img")
	p.AllowAttrs("alt", "title").OnElements("img")
	return p
}()

// HTML renders Markdown source as sanitised HTML, safe to put in a page as it is.
func HTML(source string) template.HTML {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(source), &buf); err != nil {
		// goldmark fails only on a failing writer; a bytes.Buffer does not fail
		return template.HTML(template.HTMLEscapeString(source))
	}
	return template.HTML(policy.SanitizeBytes(buf.Bytes()))
}

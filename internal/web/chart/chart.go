// Package chart draws the reports' charts as server-rendered SVG that reads without JavaScript,
// without colour and with a screen reader (issue 13): a horizontal bar chart (agencies' on-time
// rates, an optional target line), a column chart over periods, a line chart of progress by
// month with a target line, and a 100% stacked bar (fully / partially / not online).
//
// Every chart is an <svg role="img"> named by its <title> and summarised by a <desc> that lists
// every figure; every bar and point carries its value as text on the chart, and parts of a
// stacked bar differ by pattern as well as by shade, so the chart reads in greyscale. Sizes are
// in the viewBox only: the chart scales to its container. The numbers belong also in a table
// beside the chart; that is the page's job.
//
// The package is a leaf: the standard library, html/template's escaping and vntext's digit
// grouping. Every label is escaped.
package chart

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/vntext"
)

// Unit says how values read: counts (1.250) or percentages (97,5%).
type Unit int

// The units.
const (
	Count Unit = iota
	Percent
)

// Point is one labelled value: an agency's rate, a month's count.
type Point struct {
	Label string
	Value float64
}

// Series is a named line of points over the same periods.
type Series struct {
	Name   string
	Points []Point
}

// Stack is one row of a 100% stacked bar: a label and its parts' counts, in the order of
// Options.Parts.
type Stack struct {
	Label string
	Parts []float64
}

// Options are what every chart shares.
type Options struct {
	// ID prefixes the ids inside the SVG (title, desc, patterns); unique on its page.
	ID string
	// Title names the chart (its <title>); Desc, when set, replaces the summary the chart
	// writes of its own figures in <desc>.
	Title, Desc string
	// Lang is "vi" (default) or "en": it sets the decimal comma or point of percentages.
	Lang string
	Unit Unit
	// Target draws a dashed line at this value, labelled TargetLabel and the value
	// ("Mục tiêu 90%"), when HasTarget.
	HasTarget   bool
	Target      float64
	TargetLabel string
	// Parts name the parts of a stacked bar, in order (at most len(fills)).
	Parts []string
}

// FormatPercent writes a percentage with at most one decimal, a comma in Vietnamese and a
// point in English: 97,5% / 97.5%; 100%; 0%.
func FormatPercent(lang string, v float64) string {
	s := strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + "%"
}

// FormatCount writes a count with a dot between groups of three digits (1.250), in both
// languages, as the figures of Vietnamese documents read (internal/web's num does the same).
func FormatCount(v float64) string { return vntext.Thousands(int64(math.Round(v))) }

// Format writes v in the chart's unit.
func (o Options) Format(v float64) string {
	if o.Unit == Percent {
		return FormatPercent(o.Lang, v)
	}
	return FormatCount(v)
}

func (o Options) id(s string) string {
	p := o.ID
	if p == "" {
		p = "chart"
	}
	return p + "-" + s
}

const (
	font      = "system-ui, sans-serif"
	ink       = "#1f2933" // text and axes: contrast 14:1 on white
	barFill   = "#1d5fa8" // bars: 6.5:1 on white, so the shape reads without its label too
	gridInk   = "#9aa5b1"
	targetInk = "#a1151a"
	maxLabel  = 32 // runes of a label drawn on the chart; the table beside it has the whole
)

// fills of a stack's parts: a solid dark fill, a diagonal hatch, a dotted light fill; each
// also differs in lightness, so greyscale keeps them apart.
var fills = []struct{ pattern, swatch string }{
	{"", "#1d5fa8"},
	{`<pattern id="%s" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#9ec5ee"/><line x1="0" y1="0" x2="0" y2="6" stroke="#1d5fa8" stroke-width="2"/></pattern>`, ""},
	{`<pattern id="%s" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#f1f3f5"/><circle cx="3" cy="3" r="1" fill="#52606d"/></pattern>`, ""},
}

// esc escapes text for an SVG text node or a quoted attribute.
func esc(s string) string { return template.HTMLEscapeString(s) }

// short cuts a label to maxLabel runes with an ellipsis.
func short(s string) string {
	if utf8.RuneCountInString(s) <= maxLabel {
		return s
	}
	r := []rune(s)
	return string(r[:maxLabel-1]) + "…"
}

// f writes a coordinate with at most one decimal.
func f(x float64) string {
	s := strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0")
}

// open starts the SVG with its title and description.
func open(b *strings.Builder, o Options, w, h float64, summary string) {
	desc := o.Desc
	if desc == "" {
		desc = summary
	}
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 %s %s" aria-labelledby="%s %s" font-family="%s" font-size="12" fill="%s">`,
		f(w), f(h), o.id("title"), o.id("desc"), font, ink)
	fmt.Fprintf(b, `<title id="%s">%s</title><desc id="%s">%s</desc>`, o.id("title"), esc(o.Title), o.id("desc"), esc(desc))
}

// summary lists the figures for the <desc>: "Sở A: 97,5%; Sở B: 80%. Mục tiêu: 90%."
func summary(o Options, pts []Point) string {
	parts := make([]string, len(pts))
	for i, p := range pts {
		parts[i] = p.Label + ": " + o.Format(p.Value)
	}
	s := strings.Join(parts, "; ") + "."
	if o.HasTarget {
		s += " " + o.TargetLabel + ": " + o.Format(o.Target) + "."
	}
	return s
}

// scale is the top of the value axis: 100 for percentages, else the largest value (1 when all
// are zero, so that nothing divides by zero).
func scale(o Options, vals ...float64) float64 {
	if o.Unit == Percent {
		return 100
	}
	m := 0.0
	for _, v := range vals {
		m = max(m, v)
	}
	if o.HasTarget {
		m = max(m, o.Target)
	}
	if m <= 0 {
		return 1
	}
	return m
}

// clamp keeps a share of the axis within [0, 1].
func clamp(v, top float64) float64 {
	if top <= 0 || v <= 0 || math.IsNaN(v) {
		return 0
	}
	return min(v/top, 1)
}

// text writes a text element with a white halo, readable over bars and patterns.
func text(b *strings.Builder, x, y float64, anchor, s string) {
	fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="%s" stroke="#fff" stroke-width="3" paint-order="stroke">%s</text>`, f(x), f(y), anchor, esc(s))
}

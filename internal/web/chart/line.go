package chart

import (
	"fmt"
	"html/template"
	"strings"
)

// Geometry of the line chart.
const (
	lineWidth = 640.0
	lineX0    = 56.0
	lineX1    = 630.0
	lineTop   = 44.0 // the legend is above
	lineBase  = 214.0
	lineH     = 240.0
)

// lineStyles tell series apart without colour: a dash pattern and a marker shape each.
var lineStyles = []struct{ dash, marker string }{
	{"", "circle"},
	{"7 4", "square"},
	{"2 3", "diamond"},
}

// marker draws a series' marker centred on (x, y).
func marker(b *strings.Builder, kind string, x, y float64) {
	switch kind {
	case "square":
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="8" height="8" fill="%s"/>`, f(x-4), f(y-4), ink)
	case "diamond":
		fmt.Fprintf(b, `<path d="M%s %s l5 5 l-5 5 l-5 -5 z" fill="%s"/>`, f(x), f(y-5), ink)
	default:
		fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="4" fill="%s"/>`, f(x), f(y), ink)
	}
}

// Line draws each series (at most three) as a line over the periods of the first series, every
// point valued, with a legend and a dashed target line when o.HasTarget: the progress of the
// service levels by month.
func Line(o Options, series []Series) template.HTML {
	if len(series) > len(lineStyles) {
		series = series[:len(lineStyles)]
	}
	var vals []float64
	var sums []string
	for _, s := range series {
		for _, p := range s.Points {
			vals = append(vals, p.Value)
		}
		o2 := o
		o2.HasTarget = false
		sums = append(sums, s.Name+" — "+strings.TrimSuffix(summary(o2, s.Points), "."))
	}
	sum := strings.Join(sums, ". ") + "."
	if o.HasTarget {
		sum += " " + o.TargetLabel + ": " + o.Format(o.Target) + "."
	}
	maxV := scale(o, vals...)
	var b strings.Builder
	open(&b, o, lineWidth, lineH, sum)
	// The legend: a sample of each series' line and marker, then its name.
	x := lineX0
	for i, s := range series {
		st := lineStyles[i]
		fmt.Fprintf(&b, `<g><line x1="%s" y1="14" x2="%s" y2="14" stroke="%s" stroke-width="2" stroke-dasharray="%s"/>`, f(x), f(x+28), ink, st.dash)
		marker(&b, st.marker, x+14, 14)
		fmt.Fprintf(&b, `<text x="%s" y="18">%s</text></g>`, f(x+34), esc(short(s.Name)))
		x += 34 + float64(min(len([]rune(short(s.Name))), maxLabel))*7 + 20
	}
	valueAxis(&b, o, maxV, lineX0, lineX1, lineTop, lineBase)
	targetLine(&b, o, maxV, lineX0, lineX1, lineTop, lineBase)
	var periods []Point
	if len(series) > 0 {
		periods = series[0].Points
	}
	slot := 0.0
	if len(periods) > 0 {
		slot = (lineX1 - lineX0) / float64(len(periods))
	}
	for i, p := range periods {
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" font-size="11">%s</text>`, f(lineX0+slot*(float64(i)+0.5)), f(lineBase+16), esc(short(p.Label)))
	}
	for si, s := range series {
		st := lineStyles[si]
		var pts []string
		for i, p := range s.Points {
			if i >= len(periods) {
				break
			}
			pts = append(pts, f(lineX0+slot*(float64(i)+0.5))+","+f(lineBase-(lineBase-lineTop)*clamp(p.Value, maxV)))
		}
		fmt.Fprintf(&b, `<g><polyline points="%s" fill="none" stroke="%s" stroke-width="2" stroke-dasharray="%s"/>`, strings.Join(pts, " "), ink, st.dash)
		for i, p := range s.Points {
			if i >= len(periods) {
				break
			}
			px := lineX0 + slot*(float64(i)+0.5)
			py := lineBase - (lineBase-lineTop)*clamp(p.Value, maxV)
			marker(&b, st.marker, px, py)
			// The first series is valued above its points, the others below, so two close
			// lines do not write over each other.
			dy := -8.0
			if si%2 == 1 {
				dy = 17
			}
			text(&b, px, py+dy, "middle", o.Format(p.Value))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

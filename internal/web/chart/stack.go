package chart

import (
	"fmt"
	"html/template"
	"strings"
)

// Geometry of the stacked bar chart.
const (
	stackWidth = 640.0
	stackX0    = 8.0
	stackPlotW = 624.0
	stackRow   = 50.0
	stackBar   = 22.0
	stackTop   = 30.0 // the legend is above
)

// partFill is the fill of part i: a solid colour or a pattern defined in the chart.
func partFill(o Options, i int) string {
	fl := fills[i%len(fills)]
	if fl.pattern == "" {
		return fl.swatch
	}
	return "url(#" + o.id(fmt.Sprintf("p%d", i)) + ")"
}

// Stacked draws one 100% bar per row, its parts (o.Parts, at most three) side by side in
// proportion to their share of the row's total, each share written on its part when it fits,
// with a legend of the parts: services fully, partially and not online per agency.
func Stacked(o Options, rows []Stack) template.HTML {
	parts := o.Parts
	if len(parts) > len(fills) {
		parts = parts[:len(fills)]
	}
	h := stackTop + float64(len(rows))*stackRow + 4
	var sum []string
	for _, r := range rows {
		total := rowTotal(r, len(parts))
		var ps []string
		for i, name := range parts {
			ps = append(ps, fmt.Sprintf("%s %s (%s)", name, FormatCount(part(r, i)), FormatPercent(o.Lang, share(part(r, i), total))))
		}
		sum = append(sum, r.Label+": "+strings.Join(ps, ", "))
	}
	var b strings.Builder
	open(&b, o, stackWidth, h, strings.Join(sum, "; ")+".")
	b.WriteString(`<defs>`)
	for i := range parts {
		if fl := fills[i]; fl.pattern != "" {
			fmt.Fprintf(&b, fl.pattern, o.id(fmt.Sprintf("p%d", i)))
		}
	}
	b.WriteString(`</defs>`)
	x := stackX0
	for i, name := range parts {
		fmt.Fprintf(&b, `<g><rect x="%s" y="6" width="14" height="14" fill="%s" stroke="%s"/><text x="%s" y="18">%s</text></g>`, f(x), partFill(o, i), ink, f(x+20), esc(short(name)))
		x += 20 + float64(len([]rune(short(name))))*7 + 24
	}
	for ri, r := range rows {
		y := stackTop + float64(ri)*stackRow
		total := rowTotal(r, len(parts))
		fmt.Fprintf(&b, `<g><text x="%s" y="%s">%s</text>`, f(stackX0), f(y+12), esc(short(r.Label)+" ("+FormatCount(total)+")"))
		by := y + 18
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="%s"/>`, f(stackX0), f(by), f(stackPlotW), f(stackBar), gridInk)
		px := stackX0
		for i := range parts {
			w := stackPlotW * clamp(part(r, i), total)
			if w <= 0 {
				continue
			}
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#fff"/>`, f(px), f(by), f(w), f(stackBar), partFill(o, i))
			if w >= 40 {
				text(&b, px+w/2, by+15, "middle", FormatPercent(o.Lang, share(part(r, i), total)))
			}
			px += w
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func part(r Stack, i int) float64 {
	if i < len(r.Parts) && r.Parts[i] > 0 {
		return r.Parts[i]
	}
	return 0
}

func rowTotal(r Stack, n int) float64 {
	t := 0.0
	for i := range n {
		t += part(r, i)
	}
	return t
}

// share is v's percentage of total; 0 when total is 0.
func share(v, total float64) float64 {
	if total <= 0 {
		return 0
	}
	return 100 * v / total
}

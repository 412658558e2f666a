package chart

import (
	"fmt"
	"html/template"
	"strings"
)

// Geometry of the horizontal bar chart, in viewBox units.
const (
	hbarWidth  = 640.0
	hbarLabelW = 220.0 // labels end here, bars start here
	hbarPlotW  = 340.0 // the full scale; values are written after the bar
	hbarRow    = 28.0
	hbarBar    = 18.0
)

// HBar draws one horizontal bar per point, labelled on the left and valued at the bar's end,
// with a dashed target line when o.HasTarget: the agencies' on-time rates.
func HBar(o Options, pts []Point) template.HTML {
	top := 8.0
	if o.HasTarget {
		top = 26
	}
	n := float64(len(pts))
	plotH := n * hbarRow
	h := top + plotH + 26
	vals := make([]float64, len(pts))
	for i, p := range pts {
		vals[i] = p.Value
	}
	maxV := scale(o, vals...)
	var b strings.Builder
	open(&b, o, hbarWidth, h, summary(o, pts))
	x0 := hbarLabelW
	for i, p := range pts {
		y := top + float64(i)*hbarRow
		w := hbarPlotW * clamp(p.Value, maxV)
		fmt.Fprintf(&b, `<g><text x="%s" y="%s" text-anchor="end">%s</text>`, f(x0-6), f(y+18), esc(short(p.Label)))
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, f(x0), f(y+5), f(w), f(hbarBar), barFill)
		fmt.Fprintf(&b, `<text x="%s" y="%s">%s</text></g>`, f(x0+w+6), f(y+18), esc(o.Format(p.Value)))
	}
	// The value axis: a line at zero, and ticks at zero, half and the full scale.
	base := top + plotH
	fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, f(x0), f(top), f(x0), f(base), ink)
	fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, f(x0), f(base), f(x0+hbarPlotW), f(base), gridInk)
	for _, t := range []float64{0, 0.5, 1} {
		x := x0 + hbarPlotW*t
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, f(x), f(base), f(x), f(base+4), gridInk)
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" font-size="11">%s</text>`, f(x), f(base+17), esc(o.Format(maxV*t)))
	}
	if o.HasTarget {
		x := x0 + hbarPlotW*clamp(o.Target, maxV)
		fmt.Fprintf(&b, `<line class="target" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2" stroke-dasharray="6 4"/>`, f(x), f(top-6), f(x), f(base), targetInk)
		text(&b, x, top-10, "middle", o.TargetLabel+" "+o.Format(o.Target))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// Geometry of the column chart.
const (
	colWidth = 640.0
	colX0    = 56.0 // the value axis's labels are left of it
	colX1    = 630.0
	colTop   = 28.0
	colBase  = 200.0
	colH     = 226.0
)

// Columns draws one column per point over periods (months, quarters), valued above each
// column, with a dashed target line when o.HasTarget.
func Columns(o Options, pts []Point) template.HTML {
	vals := make([]float64, len(pts))
	for i, p := range pts {
		vals[i] = p.Value
	}
	maxV := scale(o, vals...)
	var b strings.Builder
	open(&b, o, colWidth, colH, summary(o, pts))
	valueAxis(&b, o, maxV, colX0, colX1, colTop, colBase)
	if len(pts) > 0 {
		slot := (colX1 - colX0) / float64(len(pts))
		w := min(slot*0.6, 64)
		for i, p := range pts {
			cx := colX0 + slot*(float64(i)+0.5)
			hgt := (colBase - colTop) * clamp(p.Value, maxV)
			fmt.Fprintf(&b, `<g><rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, f(cx-w/2), f(colBase-hgt), f(w), f(hgt), barFill)
			text(&b, cx, colBase-hgt-5, "middle", o.Format(p.Value))
			fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" font-size="11">%s</text></g>`, f(cx), f(colBase+16), esc(short(p.Label)))
		}
	}
	targetLine(&b, o, maxV, colX0, colX1, colTop, colBase)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// valueAxis draws the baseline and grid lines at zero, half and the top of the scale, labelled
// left of x0.
func valueAxis(b *strings.Builder, o Options, maxV, x0, x1, top, base float64) {
	for _, t := range []float64{0, 0.5, 1} {
		y := base - (base-top)*t
		stroke, dash := gridInk, ` stroke-dasharray="2 3"`
		if t == 0 {
			stroke, dash = ink, ""
		}
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"%s/>`, f(x0), f(y), f(x1), f(y), stroke, dash)
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="end" font-size="11">%s</text>`, f(x0-6), f(y+4), esc(o.Format(maxV*t)))
	}
}

// targetLine draws the dashed horizontal target with its label at the right end.
func targetLine(b *strings.Builder, o Options, maxV, x0, x1, top, base float64) {
	if !o.HasTarget {
		return
	}
	y := base - (base-top)*clamp(o.Target, maxV)
	fmt.Fprintf(b, `<line class="target" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2" stroke-dasharray="6 4"/>`, f(x0), f(y), f(x1), f(y), targetInk)
	text(b, x1, y-5, "end", o.TargetLabel+" "+o.Format(o.Target))
}

package chart

import (
	"encoding/xml"
	"html/template"
	"io"
	"strconv"
	"strings"
	"testing"
)

// element is an SVG element as decoded, with its attributes and text.
type element struct {
	Name  string
	Attr  map[string]string
	Text  string
	Depth int
}

// parse decodes svg as XML, failing the test on any error, and returns its elements in order.
func parse(t *testing.T, svg template.HTML) []element {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(svg)))
	var out []element
	var stack []int
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not valid XML: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := element{Name: tok.Name.Local, Attr: map[string]string{}, Depth: len(stack)}
			for _, a := range tok.Attr {
				e.Attr[a.Name.Local] = a.Value
			}
			out = append(out, e)
			stack = append(stack, len(out)-1)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				out[stack[len(stack)-1]].Text += string(tok)
			}
		}
	}
	if len(out) == 0 || out[0].Name != "svg" || out[0].Attr["role"] != "img" {
		t.Fatalf("want an <svg role=img> root, got %s", svg)
	}
	return out
}

func find(els []element, name string) []element {
	var out []element
	for _, e := range els {
		if e.Name == name {
			out = append(out, e)
		}
	}
	return out
}

func texts(els []element) []string {
	var out []string
	for _, e := range find(els, "text") {
		out = append(out, e.Text)
	}
	return out
}

func num(t *testing.T, e element, attr string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(e.Attr[attr], 64)
	if err != nil {
		t.Fatalf("%s %s=%q: %v", e.Name, attr, e.Attr[attr], err)
	}
	return v
}

// accessible checks the title and description the chart is named and described by.
func accessible(t *testing.T, els []element, title string, descWants ...string) {
	t.Helper()
	ids := strings.Fields(els[0].Attr["aria-labelledby"])
	if len(ids) != 2 {
		t.Fatalf("aria-labelledby = %q; want the title's and the desc's ids", els[0].Attr["aria-labelledby"])
	}
	ti, de := find(els, "title"), find(els, "desc")
	if len(ti) != 1 || len(de) != 1 || ti[0].Attr["id"] != ids[0] || de[0].Attr["id"] != ids[1] {
		t.Fatalf("title %v, desc %v; want one each with ids %v", ti, de, ids)
	}
	if ti[0].Text != title {
		t.Errorf("title = %q; want %q", ti[0].Text, title)
	}
	for _, w := range descWants {
		if !strings.Contains(de[0].Text, w) {
			t.Errorf("desc = %q; want it to contain %q", de[0].Text, w)
		}
	}
	if vb := strings.Fields(els[0].Attr["viewBox"]); len(vb) != 4 || els[0].Attr["width"] != "" {
		t.Errorf("viewBox %q width %q; want sizes in the viewBox only", els[0].Attr["viewBox"], els[0].Attr["width"])
	}
}

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		lang string
		v    float64
		want string
	}{
		{"vi", 97.46, "97,5%"}, {"en", 97.46, "97.5%"}, {"vi", 100, "100%"}, {"vi", 0, "0%"},
		{"vi", 33.333, "33,3%"}, {"vi", -0.01, "0%"}, {"", 12.5, "12,5%"},
	} {
		if got := FormatPercent(c.lang, c.v); got != c.want {
			t.Errorf("FormatPercent(%q, %v) = %q; want %q", c.lang, c.v, got, c.want)
		}
	}
	if got := FormatCount(1250000); got != "1.250.000" {
		t.Errorf("FormatCount(1250000) = %q; want 1.250.000", got)
	}
}

// The horizontal bars: a bar's length is its share of the full scale (340 units for 100%),
// each value written beside its bar, the target a dashed line at its share.
func TestHBar(t *testing.T) {
	o := Options{ID: "ontime", Title: "Tỷ lệ đúng hạn", Unit: Percent, HasTarget: true, Target: 90, TargetLabel: "Mục tiêu"}
	els := parse(t, HBar(o, []Point{{"Sở Tư pháp", 100}, {"UBND phường Hoàn Kiếm", 50}, {"Sở Xây dựng", 0}}))
	accessible(t, els, "Tỷ lệ đúng hạn", "Sở Tư pháp: 100%", "UBND phường Hoàn Kiếm: 50%", "Sở Xây dựng: 0%", "Mục tiêu: 90%")
	var bars []element
	for _, r := range find(els, "rect") {
		bars = append(bars, r)
	}
	if len(bars) != 3 {
		t.Fatalf("%d bars; want 3", len(bars))
	}
	for i, want := range []float64{340, 170, 0} {
		if got := num(t, bars[i], "width"); got != want {
			t.Errorf("bar %d width = %v; want %v", i, got, want)
		}
		if x := num(t, bars[i], "x"); x != hbarLabelW {
			t.Errorf("bar %d x = %v; want %v", i, x, hbarLabelW)
		}
	}
	got := strings.Join(texts(els), "|")
	for _, w := range []string{"Sở Tư pháp|100%", "UBND phường Hoàn Kiếm|50%", "Mục tiêu 90%"} {
		if !strings.Contains(got, w) {
			t.Errorf("texts %q; want %q", got, w)
		}
	}
	var target *element
	for _, l := range find(els, "line") {
		if l.Attr["class"] == "target" {
			target = &l
		}
	}
	if target == nil || num(t, *target, "x1") != hbarLabelW+306 || target.Attr["stroke-dasharray"] == "" {
		t.Errorf("target line %v; want a dashed line at x=%v (90%% of 340 after %v)", target, hbarLabelW+306, hbarLabelW)
	}
}

// Counts scale to the largest value; all zeros and a single value draw without dividing by zero.
func TestBounds(t *testing.T) {
	o := Options{Title: "Hồ sơ"}
	els := parse(t, HBar(o, []Point{{"A", 0}, {"B", 0}}))
	for _, r := range find(els, "rect") {
		if r.Attr["width"] != "0" {
			t.Errorf("zero bar width = %q; want 0", r.Attr["width"])
		}
	}
	els = parse(t, Columns(o, []Point{{"T1/2026", 1250}}))
	rects := find(els, "rect")
	if len(rects) != 1 || num(t, rects[0], "height") != colBase-colTop || num(t, rects[0], "y") != colTop {
		t.Errorf("one column %v; want the full height %v", rects, colBase-colTop)
	}
	if !strings.Contains(strings.Join(texts(els), "|"), "1.250") {
		t.Errorf("texts %v; want the value 1.250", texts(els))
	}
	for _, svg := range []template.HTML{HBar(o, nil), Columns(o, nil), Line(o, nil), Stacked(o, nil), Stacked(Options{Parts: []string{"a", "b", "c"}}, []Stack{{Label: "x"}})} {
		parse(t, svg)
		if strings.Contains(string(svg), "NaN") || strings.Contains(string(svg), "Inf") {
			t.Errorf("NaN or Inf in %s", svg)
		}
	}
	// Over 100% is clamped to the axis, but the true figure is written.
	els = parse(t, HBar(Options{Unit: Percent}, []Point{{"A", 120}}))
	if w := num(t, find(els, "rect")[0], "width"); w != hbarPlotW {
		t.Errorf("120%% width = %v; want the full %v", w, hbarPlotW)
	}
}

// Columns stand on the baseline, their heights in proportion to the largest value.
func TestColumns(t *testing.T) {
	o := Options{ID: "months", Title: "Hồ sơ tiếp nhận", Lang: "en"}
	els := parse(t, Columns(o, []Point{{"01/2026", 200}, {"02/2026", 50}, {"03/2026", 100}}))
	accessible(t, els, "Hồ sơ tiếp nhận", "01/2026: 200", "02/2026: 50")
	rects := find(els, "rect")
	full := colBase - colTop
	for i, want := range []float64{full, full / 4, full / 2} {
		h := num(t, rects[i], "height")
		if h != want || num(t, rects[i], "y")+h != colBase {
			t.Errorf("column %d height %v y %v; want %v standing on %v", i, h, rects[i].Attr["y"], want, colBase)
		}
	}
	// Three slots of 574/3 units each: centres at 56+95.67, ...
	slot := (colX1 - colX0) / 3
	if x := num(t, rects[1], "x") + num(t, rects[1], "width")/2; x < colX0+slot*1.5-0.2 || x > colX0+slot*1.5+0.2 {
		t.Errorf("column 1 centre = %v; want %v", x, colX0+slot*1.5)
	}
}

// Lines: each point's height is its share of 100%, every point valued, series apart by dash.
func TestLine(t *testing.T) {
	o := Options{ID: "levels", Title: "Tiến độ", Unit: Percent, HasTarget: true, Target: 30, TargetLabel: "Mục tiêu"}
	els := parse(t, Line(o, []Series{
		{"Toàn trình", []Point{{"10/2026", 20}, {"11/2026", 25.5}, {"12/2026", 40}}},
		{"Một phần", []Point{{"10/2026", 50}, {"11/2026", 50}, {"12/2026", 45}}},
	}))
	accessible(t, els, "Tiến độ", "Toàn trình — 10/2026: 20%; 11/2026: 25,5%", "Một phần — ", "Mục tiêu: 30%")
	pl := find(els, "polyline")
	if len(pl) != 2 || pl[0].Attr["stroke-dasharray"] == pl[1].Attr["stroke-dasharray"] {
		t.Fatalf("polylines %v; want two with different dashes", pl)
	}
	first := strings.Fields(pl[0].Attr["points"])
	want := f(lineBase - (lineBase-lineTop)*0.4)
	if len(first) != 3 || !strings.HasSuffix(first[2], ","+want) {
		t.Errorf("points %v; want the third at y=%s", first, want)
	}
	got := strings.Join(texts(els), "|")
	for _, w := range []string{"25,5%", "40%", "45%", "Mục tiêu 30%", "Toàn trình", "Một phần", "12/2026"} {
		if !strings.Contains(got, w) {
			t.Errorf("texts %q; want %q", got, w)
		}
	}
}

// Stacked: parts in proportion to the row's total, patterns defined once, shares written.
func TestStacked(t *testing.T) {
	o := Options{ID: "lv", Title: "Mức độ", Parts: []string{"Toàn trình", "Một phần", "Còn lại"}}
	els := parse(t, Stacked(o, []Stack{{"Sở A", []float64{2, 1, 1}}, {"Sở B", []float64{0, 0, 3}}}))
	accessible(t, els, "Mức độ", "Sở A: Toàn trình 2 (50%), Một phần 1 (25%), Còn lại 1 (25%)", "Sở B: Toàn trình 0 (0%)")
	var segs []element
	for _, r := range find(els, "rect") {
		if r.Attr["height"] == f(stackBar) && r.Attr["fill"] != "none" {
			segs = append(segs, r)
		}
	}
	if len(segs) != 4 {
		t.Fatalf("%d segments; want 4 (3 for Sở A, 1 for Sở B)", len(segs))
	}
	for i, want := range []float64{312, 156, 156, 624} {
		if w := num(t, segs[i], "width"); w != want {
			t.Errorf("segment %d width = %v; want %v", i, w, want)
		}
	}
	if segs[1].Attr["fill"] != "url(#lv-p1)" || len(find(els, "pattern")) != 2 {
		t.Errorf("segment fill %q, %d patterns; want url(#lv-p1) and two patterns", segs[1].Attr["fill"], len(find(els, "pattern")))
	}
	got := strings.Join(texts(els), "|")
	for _, w := range []string{"Sở A (4)", "50%", "25%", "Sở B (3)", "100%"} {
		if !strings.Contains(got, w) {
			t.Errorf("texts %q; want %q", got, w)
		}
	}
}

// A hostile label is text, never markup, in every chart and in title and desc.
func TestEscaping(t *testing.T) {
	evil := `</text><script>alert("x")</script>&amp;'`
	o := Options{Title: evil, TargetLabel: evil, HasTarget: true, Target: 1, Parts: []string{evil}}
	for name, svg := range map[string]template.HTML{
		"hbar":    HBar(o, []Point{{evil, 1}}),
		"columns": Columns(o, []Point{{evil, 1}}),
		"line":    Line(o, []Series{{evil, []Point{{evil, 1}}}}),
		"stacked": Stacked(o, []Stack{{evil, []float64{1}}}),
	} {
		if strings.Contains(string(svg), "<script") {
			t.Errorf("%s: unescaped markup in %s", name, svg)
		}
		els := parse(t, svg)
		if len(find(els, "script")) > 0 || find(els, "title")[0].Text != evil {
			t.Errorf("%s: title %q; want the label as text", name, find(els, "title")[0].Text)
		}
	}
}

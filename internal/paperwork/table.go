package paperwork

import "cmp"

// column is one column of a table.
type column struct {
	w     float64 // width in millimetres
	align string  // of the body's text: "L", "C" or "R"
	size  float64 // type size of the body's text in points; the table's when 0
}

// head is one cell of a table's header: its text (bold unless style says otherwise; "\n"
// breaks a line) over the columns col…col+span-1 and the header rows row…row+rows-1.
type head struct {
	text      string
	col, span int
	row, rows int
	style     string
}

// tableType is the type of a table: sizes in points of its body and header, the height of a
// line of the body and the padding above and below a cell's text, in millimetres.
type tableType struct{ body, head, line, pad float64 }

// headLine is the height of a line of the header, set tighter than the body's.
func (tt tableType) headLine() float64 { return tt.head * 0.45 }

var (
	slipTable   = tableType{body: 8.5, head: sizeSmall, line: 4.0, pad: 0.8}
	ledgerTable = tableType{body: 7, head: 6.5, line: 3.1, pad: 0.7}
)

// table lays out rows under a header that is printed again at the top of every page the table
// runs onto. A row is never split across two pages.
type table struct {
	f     *form
	tt    tableType
	cols  []column
	x     []float64 // left edge of each column
	heads []head
	hh    []float64 // height of each header row
	open  bool      // the table has begun: its header is printed
}

// table starts a table whose columns begin at the left margin.
func (f *form) table(tt tableType, cols []column, heads []head) *table {
	t := &table{f: f, tt: tt, cols: cols, heads: heads}
	x := f.pg.left
	for _, c := range cols {
		t.x = append(t.x, x)
		x += c.w
	}
	rows := 0
	for _, h := range heads {
		rows = max(rows, h.row+h.rows)
	}
	t.hh = make([]float64, rows)
	for i := range t.hh {
		t.hh[i] = tt.line + 2*tt.pad
	}
	// Single-row cells set the height of their row; a cell over several rows that needs more
	// than they give stretches the last of them.
	for _, multi := range []bool{false, true} {
		for _, h := range heads {
			if (h.rows > 1) != multi {
				continue
			}
			need := float64(len(t.headLines(h)))*tt.headLine() + 2*tt.pad + 1 // room for the capitals' marks
			if have := sum(t.hh[h.row : h.row+h.rows]); need > have {
				t.hh[h.row+h.rows-1] += need - have
			}
		}
	}
	return t
}

func (t *table) headLines(h head) []string {
	t.f.font(cmp.Or(h.style, "B"), t.tt.head)
	return t.f.pdf.SplitText(h.text, t.spanWidth(h.col, h.span))
}

func (t *table) spanWidth(col, span int) float64 {
	w := 0.0
	for _, c := range t.cols[col : col+span] {
		w += c.w
	}
	return w
}

// header prints the header rows at the current line, each cell's text centred both ways.
func (t *table) header() {
	pdf := t.f.pdf
	y0 := pdf.GetY()
	for _, h := range t.heads {
		x, w := t.x[h.col], t.spanWidth(h.col, h.span)
		y, ht := y0+sum(t.hh[:h.row]), sum(t.hh[h.row:h.row+h.rows])
		pdf.Rect(x, y, w, ht, "D")
		lines := t.headLines(h)
		lh := t.tt.headLine()
		t.f.printLines(x, y+(ht-float64(len(lines))*lh)/2, w, lh, "C", lines)
	}
	pdf.SetXY(t.f.pg.left, y0+sum(t.hh))
}

// place makes room for a row h high: under the header at the start of the table (on a new
// page when the header and the row do not fit on this one), and on a new page, under the
// header again, when the row does not fit.
func (t *table) place(h float64) {
	switch {
	case !t.open:
		t.f.keep(sum(t.hh) + h)
	case t.f.room() < h:
		t.f.pdf.AddPage()
	default:
		return
	}
	t.header()
	t.open = true
}

// cellSize is the type size of the body of column i.
func (t *table) cellSize(i int) float64 { return cmp.Or(t.cols[i].size, t.tt.body) }

// wrap splits text into the lines it takes in column i ("\n" breaks a line).
func (t *table) wrap(i int, style, text string) []string {
	t.f.font(style, t.cellSize(i))
	lines := t.f.pdf.SplitText(text, t.cols[i].w)
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines
}

// row prints one row of plain texts, one for each column, each wrapped in its column and
// aligned at the top.
func (t *table) row(cells ...string) {
	lines := make([][]string, len(t.cols))
	n := 1
	for i := range t.cols {
		lines[i] = t.wrap(i, "", cells[i])
		n = max(n, len(lines[i]))
	}
	t.rowFunc(float64(n)*t.tt.line+2*t.tt.pad, func(y float64) {
		for i, c := range t.cols {
			t.f.font("", t.cellSize(i))
			t.f.printLines(t.x[i], y+t.tt.pad, c.w, t.tt.line, c.align, lines[i])
		}
	})
}

// rowFunc prints a row h high: its cells' borders, and what draw prints in them given the
// row's top.
func (t *table) rowFunc(h float64, draw func(y float64)) {
	t.place(h)
	pdf := t.f.pdf
	y := pdf.GetY()
	for i, c := range t.cols {
		pdf.Rect(t.x[i], y, c.w, h, "D")
	}
	draw(y)
	pdf.SetXY(t.f.pg.left, y+h)
}

// printLines prints lines one under the other from (x, y), each in a cell w wide, in the
// current font.
func (f *form) printLines(x, y, w, lh float64, align string, lines []string) {
	for i, l := range lines {
		f.pdf.SetXY(x, y+float64(i)*lh)
		f.pdf.CellFormat(w, lh, l, "", 0, align, false, 0, "")
	}
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

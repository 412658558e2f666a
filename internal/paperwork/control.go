package paperwork

import (
	"fmt"
	"time"
)

// ControlStep is one handover of a paper dossier, one row of the control slip: who hands it
// over, who receives it, when, and how the step went.
type ControlStep struct {
	From   string    // who hands over: name and unit, e.g. "Trần Văn Đặng, Bộ phận Một cửa"
	To     string    // who receives: name and unit
	At     time.Time // the handover
	Due    time.Time // the receiving side's deadline; may be zero
	Result string    // "Trước hạn", "Đúng hạn", "Quá hạn", or "" while the step is open
	Note   string
}

// ControlSlip is the content of Mẫu 05, the Phiếu kiểm soát quá trình giải quyết hồ sơ that
// travels with a paper dossier and is signed at every handover (Decree 61/2018/NĐ-CP Art. 18;
// Circular 01/2018/TT-VPCP Art. 9). Code, Agency, Procedure, ApplicantName, ReceivedAt and
// DueAt are required, and at least one row: a step, or a blank row to fill in by hand.
type ControlSlip struct {
	ParentAgency  string // e.g. "UBND THÀNH PHỐ HÀ NỘI"
	Agency        string // the one-stop unit that received the dossier
	Place         string // for the date line
	Code          string // dossier code
	Procedure     string // procedure name
	ApplicantName string // person or organisation
	ReceivedAt    time.Time
	DueAt         time.Time
	Handler       string        // cơ quan (bộ phận) giải quyết hồ sơ; dotted when empty
	Partners      string        // cơ quan phối hợp giải quyết hồ sơ; dotted when empty
	Steps         []ControlStep // in order of time
	BlankRows     int           // empty rows after the steps, to fill in by hand (at most 30)
}

// ControlSlipTitle is the name of Mẫu 05 as printed.
const ControlSlipTitle = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"

// maxBlankRows bounds ControlSlip.BlankRows.
const maxBlankRows = 30

// controlTable is the type of the control slip's table, smaller than the other slips' so that
// the four columns fit on A5.
var controlTable = tableType{body: 7.5, head: 6.5, line: 3.4, pad: 0.6}

const controlSign = 7.5 // millimetres left to sign in each handover cell

// ControlSlipPDF lays out c as Mẫu 05 on A5 portrait, dated ReceivedAt, and returns the PDF.
// Each step is a row of the table "TÊN CƠ QUAN, ĐƠN VỊ | THỜI GIAN GIAO, NHẬN HỒ SƠ | KẾT QUẢ
// GIẢI QUYẾT HỒ SƠ | GHI CHÚ" with room for the two signatures; the table runs onto further
// pages under its header. An invalid slip is an apperr Unprocessable error naming each
// offending field (code, agency, ..., steps[i].from, steps[i].at, steps[i].result,
// blank_rows). The same slip always gives the same bytes.
func ControlSlipPDF(c ControlSlip) ([]byte, error) {
	c = c.cleaned()
	if err := c.validate(); err != nil {
		return nil, err
	}
	f := startSlip(slip{name: "Phiếu kiểm soát quá trình giải quyết hồ sơ", title: ControlSlipTitle, code: c.Code,
		head: heading{Parent: c.ParentAgency, Agency: oneStop(c.Agency), NoNumber: true, Place: c.Place, Date: c.ReceivedAt}})

	f.dossier("Kèm theo hồ sơ của: Ông/Bà ", c.ApplicantName, c.Procedure)
	f.field("Thời gian nhận hồ sơ: ", "", clock(c.ReceivedAt))
	f.field("Thời gian hẹn trả kết quả: ", "B", clock(c.DueAt))
	f.field("Cơ quan (bộ phận) giải quyết hồ sơ: ", "", c.Handler)
	f.field("Cơ quan phối hợp giải quyết hồ sơ: ", "", c.Partners)
	f.pdf.Ln(1.5)

	w := f.width()
	t := f.table(controlTable,
		[]column{{w: w * 0.27, align: "L"}, {w: w * 0.40, align: "C"}, {w: w * 0.18, align: "C"}, {w: w * 0.15, align: "L"}},
		[]head{{"TÊN CƠ QUAN, ĐƠN VỊ", 0, 1, 0, 1, ""}, {"THỜI GIAN GIAO, NHẬN HỒ SƠ", 1, 1, 0, 1, ""},
			{"KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/ đúng hạn/ quá hạn)", 2, 1, 0, 1, ""}, {"GHI CHÚ", 3, 1, 0, 1, ""}})
	for _, s := range c.Steps {
		handover(t, s)
	}
	for range c.BlankRows {
		handover(t, ControlStep{})
	}
	f.pdf.Ln(1.5)
	f.keep(2 * (lineSmall + 0.4)) // the note's two lines together
	f.para(sizeSmall, lineSmall+0.4, span{"I", "Ghi chú: Trường hợp hồ sơ được chuyển qua dịch vụ bưu chính thì " +
		"thời gian giao, nhận hồ sơ và việc ký nhận thực hiện theo quy định về dịch vụ bưu chính."})
	return f.finish()
}

// handover prints one step as a row of the control slip: "1. Giao: …" over "2. Nhận: …"; the
// time over the cells where the one who hands over and the one who receives sign; the result
// over the step's deadline; the note. A blank step gives a row of dots to fill in by hand.
func handover(t *table, s ControlStep) {
	const gap = 1.2 // between "1. Giao" and "2. Nhận"
	tt, f := t.tt, t.f
	when := "…… giờ …… phút, ngày …/…/……"
	if !s.At.IsZero() {
		when = clock(s.At)
	}
	giao := t.wrap(0, "", "1. Giao: "+orDots(s.From))
	nhan := t.wrap(0, "", "2. Nhận: "+orDots(s.To))
	at := t.wrap(1, "", when)
	result := t.wrap(2, "B", s.Result)
	var due []string
	if !s.Due.IsZero() {
		f.font("I", tt.head)
		due = f.pdf.SplitText("(hạn "+stamp(s.Due, " ")+")", t.cols[2].w)
	}
	note := t.wrap(3, "", s.Note)

	lines := func(n ...[]string) float64 {
		h := 0.0
		for _, l := range n {
			h += float64(len(l)) * tt.line
		}
		return h
	}
	top := lines(at) + 2*tt.pad // the time, over the signatures
	h := max(lines(giao, nhan)+gap+2*tt.pad, top+tt.line+controlSign+tt.pad,
		lines(result, due)+2*tt.pad, lines(note)+2*tt.pad)

	t.rowFunc(h, func(y float64) {
		pdf := f.pdf
		x, w := t.x, t.cols
		f.font("", t.cellSize(0))
		f.printLines(x[0], y+tt.pad, w[0].w, tt.line, "L", giao)
		f.printLines(x[0], y+tt.pad+lines(giao)+gap, w[0].w, tt.line, "L", nhan)
		f.printLines(x[1], y+tt.pad, w[1].w, tt.line, "C", at)
		pdf.Line(x[1], y+top, x[1]+w[1].w, y+top)
		pdf.Line(x[1]+w[1].w/2, y+top, x[1]+w[1].w/2, y+h)
		f.font("I", tt.head)
		f.printLines(x[1], y+top+tt.pad, w[1].w/2, tt.line, "C", []string{"Người giao"})
		f.printLines(x[1]+w[1].w/2, y+top+tt.pad, w[1].w/2, tt.line, "C", []string{"Người nhận"})
		f.font("B", t.cellSize(2))
		f.printLines(x[2], y+tt.pad, w[2].w, tt.line, "C", result)
		f.font("I", tt.head)
		f.printLines(x[2], y+tt.pad+lines(result), w[2].w, tt.line, "C", due)
		f.font("", t.cellSize(3))
		f.printLines(x[3], y+tt.pad, w[3].w, tt.line, "L", note)
	})
}

func (c ControlSlip) cleaned() ControlSlip {
	cleanAll(&c.ParentAgency, &c.Agency, &c.Place, &c.Code, &c.Procedure, &c.ApplicantName, &c.Handler, &c.Partners)
	steps := make([]ControlStep, len(c.Steps))
	for i, s := range c.Steps {
		cleanAll(&s.From, &s.To, &s.Result, &s.Note)
		s.Result = canonicalResult(s.Result)
		steps[i] = s
	}
	c.Steps = steps
	return c
}

func (c ControlSlip) validate() error {
	var k check
	k.text("code", c.Code)
	k.dossier(c.Agency, c.Procedure, c.ApplicantName)
	k.time("received_at", c.ReceivedAt)
	k.time("due_at", c.DueAt)
	k.notBefore("due_at", c.DueAt, "received_at", c.ReceivedAt)
	if len(c.Steps) == 0 && c.BlankRows <= 0 {
		k.missing("steps")
	}
	if c.BlankRows < 0 || c.BlankRows > maxBlankRows {
		k.add("blank_rows", msgs.Text("number_of_blank_rows_must_be", maxBlankRows))
	}
	prev := c.ReceivedAt
	for i, s := range c.Steps {
		p := fmt.Sprintf("steps[%d]", i)
		k.text(p+".from", s.From)
		k.text(p+".to", s.To)
		switch {
		case s.At.IsZero():
			k.add(p+".at", msgs.Text("time_of_handover_is_required"))
		case !prev.IsZero() && s.At.Before(prev):
			k.add(p+".at", msgs.Text("handover_cannot_be_before_one_before"))
		default:
			prev = s.At
		}
		if !s.Due.IsZero() && !s.At.IsZero() && s.Due.Before(s.At) {
			k.add(p+".due", msgs.Text("step_deadline_cannot_be_before_handover"))
		}
		k.result(p+".result", s.Result)
	}
	return k.err("control_slip_invalid", msgs.Text("control_slip_invalid"))
}

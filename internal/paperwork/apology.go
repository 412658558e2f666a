package paperwork

import (
	"time"
)

// Signatory is who signs a letter on an agency's behalf (Decree 30/2020/NĐ-CP Annex I).
type Signatory struct {
	Name      string // full name; may be empty, to write by hand
	Title     string // position, e.g. "CHỦ TỊCH", "GIÁM ĐỐC"
	Authority string // line of authority above the title, e.g. "KT. CHỦ TỊCH", "TL. GIÁM ĐỐC"; may be empty
}

// Apology is the content of Mẫu 04, the Phiếu xin lỗi và hẹn lại ngày trả kết quả that the
// agency late with a dossier sends the applicant (Circular 01/2018/TT-VPCP Art. 9). Decree
// 61/2018/NĐ-CP Art. 19(9): at least one day before the due date, stating the reason and a
// new date, and a dossier is rescheduled at most once. Those are rules of the workflow that
// issues the apology; this form prints what it is given, as long as the dates are in order:
// received ≤ due < new due, and the letter dated between receipt and the new date. Every
// field but ParentAgency, Place, Signer.Name, Signer.Authority and TrackURL is required.
type Apology struct {
	ParentAgency  string    // e.g. "UBND THÀNH PHỐ HÀ NỘI"
	Agency        string    // the agency that is late, e.g. "UBND PHƯỜNG HOÀN KIẾM"
	Place         string    // for the date line
	Code          string    // dossier code
	Procedure     string    // procedure name
	ApplicantName string    // person or organisation
	ReceivedAt    time.Time // when the dossier was received
	DueAt         time.Time // the time the result was due, as on the receipt
	NewDueAt      time.Time // the new time the result is due
	Reason        string    // why the result is late
	At            time.Time // the date of the letter, printed in the heading
	Signer        Signatory // the head of the agency, or who signs for them
	TrackURL      string    // public tracking URL for the QR code; no QR code when empty
}

// ApologyTitle is the name of Mẫu 04 as printed.
const ApologyTitle = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"

// ApologyPDF lays out a as Mẫu 04 on A5 portrait, dated At, and returns the PDF. An invalid
// apology is an apperr Unprocessable error naming each offending field (code, agency,
// procedure, applicant_name, received_at, due_at, new_due_at, at, reason, signer.title). The
// same apology always gives the same bytes.
func ApologyPDF(a Apology) ([]byte, error) {
	a = a.cleaned()
	if err := a.validate(); err != nil {
		return nil, err
	}
	f := startSlip(slip{name: "Phiếu xin lỗi và hẹn lại ngày trả kết quả", title: ApologyTitle, code: a.Code,
		head: heading{Parent: a.ParentAgency, Agency: []string{a.Agency}, Place: a.Place, Date: a.At}})

	f.centred(sizeBody+0.5, lineBody+0.6, span{"", "Kính gửi: Ông/Bà "}, span{"B", a.ApplicantName})
	f.pdf.Ln(1)
	f.para(sizeBody, lineBody, span{"", "Ngày " + shortDate(a.ReceivedAt) + ", " + a.Agency +
		" tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính "}, span{"B", a.Procedure},
		span{"", " của Ông/Bà, mã hồ sơ "}, span{"B", a.Code}, span{"", "."})
	f.field("Thời gian hẹn trả kết quả giải quyết hồ sơ: ", "", clock(a.DueAt))
	f.para(sizeBody, lineBody, span{"", "Tuy nhiên đến nay, " + a.Agency +
		" chưa trả kết quả giải quyết hồ sơ của Ông/Bà đúng thời gian đã hẹn, với lý do: "}, span{"I", a.Reason})
	f.para(sizeBody, lineBody, span{"", "Sự chậm trễ này đã gây phiền hà cho Ông/Bà. " + a.Agency +
		" xin lỗi Ông/Bà và hẹn lại thời gian trả kết quả giải quyết hồ sơ vào: "}, span{"B", clock(a.NewDueAt)},
		span{"", "."})
	f.para(sizeBody, lineBody, span{"", "Xin trân trọng cảm ơn./."})

	err := f.signOff(a.TrackURL, "Quét mã để tra cứu hồ sơ "+a.Code, signer{Above: a.Signer.Authority,
		Title: a.Signer.Title, Hint: "(Ký, ghi rõ họ tên và đóng dấu)", Name: a.Signer.Name})
	if err != nil {
		return nil, err
	}
	return f.finish()
}

func (a Apology) cleaned() Apology {
	cleanAll(&a.ParentAgency, &a.Agency, &a.Place, &a.Code, &a.Procedure, &a.ApplicantName, &a.Reason,
		&a.Signer.Name, &a.Signer.Title, &a.Signer.Authority, &a.TrackURL)
	return a
}

func (a Apology) validate() error {
	var c check
	c.text("code", a.Code)
	c.dossier(a.Agency, a.Procedure, a.ApplicantName)
	c.time("received_at", a.ReceivedAt)
	c.time("due_at", a.DueAt)
	c.time("new_due_at", a.NewDueAt)
	c.time("at", a.At)
	c.text("reason", a.Reason)
	c.text("signer.title", a.Signer.Title)
	c.notBefore("due_at", a.DueAt, "received_at", a.ReceivedAt)
	if !a.DueAt.IsZero() && !a.NewDueAt.IsZero() && !a.NewDueAt.After(a.DueAt) {
		c.add("new_due_at", msgs.Text("new_time_result_is_due_must"))
	}
	c.notBefore("at", a.At, "received_at", a.ReceivedAt)
	c.notBefore("new_due_at", a.NewDueAt, "at", a.At)
	return c.err("apology_invalid", msgs.Text("apology_invalid"))
}

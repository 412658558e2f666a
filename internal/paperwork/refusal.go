package paperwork

import (
	"time"
)

// Stage is when a dossier is refused: at the counter, before it is received, or by the agency
// that settles it, after.
type Stage string

const (
	// AtReception: the one-stop office refuses to receive the dossier (Decree 61/2018/NĐ-CP
	// Art. 17), which then has no dossier code.
	AtReception Stage = "reception"
	// AtSettlement: the competent agency refuses to settle a received dossier, within the
	// processing time (Decree 61/2018 Art. 19).
	AtSettlement Stage = "settlement"
)

// Refusal is the content of Mẫu 03, the Phiếu từ chối tiếp nhận giải quyết hồ sơ (Circular
// 01/2018/TT-VPCP Art. 9). The same form serves both stages; the wording differs: at reception
// the one-stop office "không tiếp nhận, giải quyết", at settlement the agency "không giải
// quyết". Agency, Procedure, ApplicantName, At, Reasons and Stage are required, and Code at
// settlement; Code is empty for a dossier refused at the counter, never received.
type Refusal struct {
	ParentAgency  string    // e.g. "UBND THÀNH PHỐ HÀ NỘI"
	Agency        string    // the one-stop unit (reception) or the agency that settles (settlement)
	Place         string    // for the date line
	Code          string    // dossier code; empty when the dossier was never received
	Procedure     string    // procedure name
	ApplicantName string    // person or organisation
	At            time.Time // the date of the refusal, printed in the heading
	Reasons       []string  // each reason, stated precisely
	Stage         Stage     // AtReception or AtSettlement
	Officer       string    // who refuses and signs
	TrackURL      string    // public tracking URL for the QR code; no QR code when empty
}

// RefusalTitle is the name of Mẫu 03 as printed.
const RefusalTitle = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"

// RefusalPDF lays out r as Mẫu 03 on A5 portrait, dated At, and returns the PDF. An invalid
// refusal is an apperr Unprocessable error naming each offending field (agency, procedure,
// applicant_name, at, reasons, reasons[i], stage). The same refusal always gives the same
// bytes.
func RefusalPDF(r Refusal) ([]byte, error) {
	r = r.cleaned()
	if err := r.validate(); err != nil {
		return nil, err
	}
	// At reception the one-stop unit speaks and the applicant is at the counter; at settlement
	// the agency that examined the dossier does.
	agency, unit, refuses, officer := oneStop(r.Agency), "Bộ phận tiếp nhận và trả kết quả",
		"không tiếp nhận, giải quyết", "NGƯỜI TIẾP NHẬN HỒ SƠ"
	if r.Stage == AtSettlement {
		agency, unit, refuses, officer = []string{r.Agency}, r.Agency, "không giải quyết", "NGƯỜI GIẢI QUYẾT HỒ SƠ"
	}
	f := startSlip(slip{name: "Phiếu từ chối tiếp nhận giải quyết hồ sơ", title: RefusalTitle, code: r.Code,
		head: heading{Parent: r.ParentAgency, Agency: agency, Place: r.Place, Date: r.At}})

	if r.Stage == AtSettlement {
		f.field("Cơ quan giải quyết hồ sơ: ", "", r.Agency)
		f.dossier("Hồ sơ của: Ông/Bà ", r.ApplicantName, r.Procedure)
	} else {
		f.field("Bộ phận tiếp nhận và trả kết quả: ", "", r.Agency)
		f.dossier("Tiếp nhận hồ sơ của: Ông/Bà ", r.ApplicantName, r.Procedure)
	}
	f.para(sizeBody, lineBody, span{"", "Qua xem xét, " + unit + " thông báo " + refuses +
		" hồ sơ này với lý do cụ thể như sau:"})
	f.numbered(r.Reasons)
	f.para(sizeBody, lineBody, span{"", "Xin thông báo cho Ông/Bà được biết và thực hiện./."})

	caption := "Quét mã để tra cứu"
	if r.Code != "" {
		caption += " hồ sơ " + r.Code
	}
	err := f.signOff(r.TrackURL, caption, signer{Title: officer, Hint: "(Ký và ghi rõ họ tên)", Name: r.Officer})
	if err != nil {
		return nil, err
	}
	return f.finish()
}

func (r Refusal) cleaned() Refusal {
	cleanAll(&r.ParentAgency, &r.Agency, &r.Place, &r.Code, &r.Procedure, &r.ApplicantName,
		&r.Officer, &r.TrackURL)
	r.Reasons = cleanList(r.Reasons)
	return r
}

func (r Refusal) validate() error {
	var c check
	if r.Stage == AtSettlement { // a dossier being settled was received, and so has a code
		c.text("code", r.Code)
	}
	c.dossier(r.Agency, r.Procedure, r.ApplicantName)
	c.time("at", r.At)
	c.list("reasons", r.Reasons)
	if r.Stage != AtReception && r.Stage != AtSettlement {
		c.add("stage", msgs.Text("stage_must_be_reception_or_settlement"))
	}
	return c.err("refusal_invalid", msgs.Text("refusal_invalid"))
}

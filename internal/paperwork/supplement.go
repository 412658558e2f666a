package paperwork

import (
	"time"
)

// SupplementRequest is the content of Mẫu 02, the Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
// that the one-stop office gives when a dossier is incomplete or not valid (Decree
// 61/2018/NĐ-CP Art. 17, and Art. 19 when the processing agency finds it so; Circular
// 01/2018/TT-VPCP Art. 9). Decree 61/2018 Art. 15: the applicant is told once, completely,
// everything that is missing, so Items is the whole list. Code, Agency, Procedure,
// ApplicantName, ReceivedAt, RequestedAt and Items are required; every other field may be
// empty and is then dotted, to fill in by hand, or left out.
type SupplementRequest struct {
	ParentAgency  string    // e.g. "UBND THÀNH PHỐ HÀ NỘI"
	Agency        string    // the unit that asks, e.g. "UBND PHƯỜNG HOÀN KIẾM"
	Place         string    // for the date line, e.g. "Hà Nội"
	Code          string    // dossier code
	Procedure     string    // procedure name
	ApplicantName string    // person or organisation
	LegalBasis    string    // the legal documents that set the procedure's papers; may be empty
	ReceivedAt    time.Time // when the dossier was received or, online and not yet received, submitted
	RequestedAt   time.Time // the date of the request, printed in the heading
	Items         []string  // each paper to add or content to complete, all at once
	Reason        string    // why the dossier is incomplete or not valid
	Officer       string    // who guides the applicant and signs (người hướng dẫn)
	Contact       string    // the office's phone number for questions
	TrackURL      string    // public tracking URL for the QR code; no QR code when empty
}

// SupplementTitle is the name of Mẫu 02 as printed.
const SupplementTitle = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"

// SupplementPDF lays out s as Mẫu 02 on A5 portrait, dated RequestedAt, and returns the PDF.
// A long list flows onto further pages, each numbered and carrying the dossier code. An
// invalid request is an apperr Unprocessable error naming each offending field (code, agency,
// procedure, applicant_name, received_at, requested_at, items, items[i]). The same request
// always gives the same bytes.
func SupplementPDF(s SupplementRequest) ([]byte, error) {
	s = s.cleaned()
	if err := s.validate(); err != nil {
		return nil, err
	}
	f := startSlip(slip{name: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", title: SupplementTitle, code: s.Code,
		head: heading{Parent: s.ParentAgency, Agency: oneStop(s.Agency), Place: s.Place, Date: s.RequestedAt}})

	f.field("Bộ phận tiếp nhận và trả kết quả: ", "", s.Agency)
	f.dossier("Hồ sơ của: Ông/Bà ", s.ApplicantName, s.Procedure)
	f.field("Thời gian nhận hồ sơ: ", "", clock(s.ReceivedAt))
	basis := "các quy định về thủ tục hành chính"
	if s.LegalBasis != "" {
		basis = "các quy định tại " + s.LegalBasis
	}
	f.para(sizeBody, lineBody, span{"", "Sau khi nghiên cứu " + basis + " và yêu cầu giải quyết thủ tục hành chính " +
		"của Ông/Bà, Bộ phận tiếp nhận và trả kết quả yêu cầu Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:"})
	f.numbered(s.Items)
	f.field("Lý do: ", "", s.Reason)
	f.para(sizeBody, lineBody, span{"", "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với "},
		span{"B", orDots(s.Officer)}, span{"", ", số điện thoại "}, span{"B", orDots(s.Contact)},
		span{"", " để được hướng dẫn./."})

	err := f.signOff(s.TrackURL, "Quét mã để tra cứu hồ sơ "+s.Code,
		signer{Title: "NGƯỜI HƯỚNG DẪN", Hint: "(Ký và ghi rõ họ tên)", Name: s.Officer})
	if err != nil {
		return nil, err
	}
	return f.finish()
}

func (s SupplementRequest) cleaned() SupplementRequest {
	cleanAll(&s.ParentAgency, &s.Agency, &s.Place, &s.Code, &s.Procedure, &s.ApplicantName,
		&s.LegalBasis, &s.Reason, &s.Officer, &s.Contact, &s.TrackURL)
	s.Items = cleanList(s.Items)
	return s
}

func (s SupplementRequest) validate() error {
	var c check
	c.text("code", s.Code)
	c.dossier(s.Agency, s.Procedure, s.ApplicantName)
	c.time("received_at", s.ReceivedAt)
	c.time("requested_at", s.RequestedAt)
	c.notBefore("requested_at", s.RequestedAt, "received_at", s.ReceivedAt)
	c.list("items", s.Items)
	return c.err("supplement_request_invalid", msgs.Text("supplement_request_invalid"))
}

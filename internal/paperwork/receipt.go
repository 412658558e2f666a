package paperwork

import (
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
)

// Item is one paper of a dossier as received: its name and how many originals (bản chính)
// and copies (bản sao) were handed in.
type Item struct {
	Name              string
	Originals, Copies int
}

// Receipt is the content of Mẫu 01, the Giấy tiếp nhận hồ sơ và hẹn trả kết quả that the
// one-stop office gives for a complete dossier (Decree 61/2018/NĐ-CP Art. 17; Circular
// 01/2018/TT-VPCP Art. 9). Code, Agency, Procedure, ApplicantName, ReceivedAt and DueAt are
// required; every other field may be empty and is then left blank (or dotted, to fill in by
// hand) on the slip.
type Receipt struct {
	ParentAgency string // e.g. "UBND THÀNH PHỐ HÀ NỘI"
	Agency       string // receiving unit, e.g. "UBND PHƯỜNG HOÀN KIẾM"
	Place        string // for the date line, e.g. "Hà Nội"
	Code         string // dossier code, e.g. "070.00.30.H26-261126-0001"
	Procedure    string // procedure name

	ApplicantName, ApplicantAddress, ApplicantPhone, ApplicantEmail string

	Items          []Item
	ProcessingDays int    // legal processing time in working days (0 = within the day)
	ProcessingText string // used instead when non-empty, e.g. "04 giờ làm việc"
	ReceivedAt     time.Time
	DueAt          time.Time
	ReturnAt       string // where the result is returned, e.g. "Bộ phận Một cửa UBND phường Hoàn Kiếm hoặc trực tuyến"
	Officer        string // receiving officer's name
	TrackURL       string // public tracking URL for the QR code; no QR code when empty
}

// ReceiptTitle is the name of Mẫu 01 as printed.
const ReceiptTitle = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"

// unitTitle is the one-stop unit named under the agency in the heading, unless the agency's
// name already says it is one.
const unitTitle = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"

// ReceiptPDF lays out r as Mẫu 01 on A5 portrait and returns the PDF. Times are printed in
// Vietnam's zone. A long list of papers flows onto further pages, each numbered and carrying
// the dossier code; the signatures and the QR code are never split from their page. An
// invalid receipt is an apperr Invalid error naming each offending field (code, agency,
// procedure, applicant_name, received_at, due_at, items[i].name, ...). The same receipt always
// gives the same bytes.
func ReceiptPDF(r Receipt) ([]byte, error) {
	r = r.cleaned()
	if err := r.validate(); err != nil {
		return nil, err
	}

	f := newForm(a5, r.ReceivedAt.In(vietnam), "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", r.Code)
	agency := []string{r.Agency}
	if !isOneStop(r.Agency) {
		agency = append(agency, unitTitle)
	}
	f.heading(heading{Parent: r.ParentAgency, Agency: agency, Place: r.Place, Date: r.ReceivedAt})
	f.title(ReceiptTitle, func() {
		f.pdf.Ln(0.5)
		f.centred(sizeBody+0.5, 5, span{"", "Mã hồ sơ: "}, span{"B", r.Code})
	})

	f.para(sizeBody, lineBody, span{"", "Bộ phận tiếp nhận và trả kết quả: "}, span{"", r.Agency})
	f.para(sizeBody, lineBody, span{"", "Tiếp nhận hồ sơ của: Ông/Bà "}, span{"B", r.ApplicantName})
	f.para(sizeBody, lineBody, span{"", "Địa chỉ: "}, span{"", r.ApplicantAddress})
	f.para(sizeBody, lineBody, span{"", "Số điện thoại: "}, span{"", r.ApplicantPhone},
		span{"", "    Email: "}, span{"", r.ApplicantEmail})
	f.para(sizeBody, lineBody, span{"", "Nội dung yêu cầu giải quyết: "}, span{"B", r.Procedure})

	f.para(sizeBody, lineBody, span{"", "1. Thành phần hồ sơ nộp gồm:"})
	f.items(r.Items)
	f.para(sizeBody, lineBody, span{"", "2. Số lượng hồ sơ: "}, span{"", "01 (bộ)"})
	f.para(sizeBody, lineBody, span{"", "3. Thời gian giải quyết hồ sơ theo quy định là: "},
		span{"B", r.processing()})
	f.para(sizeBody, lineBody, span{"", "4. Thời gian nhận hồ sơ: "}, span{"", clock(r.ReceivedAt)})
	f.para(sizeBody, lineBody, span{"", "5. Thời gian trả kết quả giải quyết hồ sơ: "},
		span{"B", clock(r.DueAt)})
	returnAt := r.ReturnAt
	if returnAt == "" {
		returnAt = "Bộ phận tiếp nhận và trả kết quả, " + r.Agency
	}
	f.para(sizeBody, lineBody, span{"", "6. Đăng ký nhận kết quả tại: "}, span{"", returnAt})
	f.pdf.Ln(0.5)
	f.para(sizeSmall+0.5, lineBody, span{"I", "Vào Sổ theo dõi hồ sơ, Quyển số: " + dots + " Số thứ tự: " + dots})

	err := f.signOff(r.TrackURL, "Quét mã để tra cứu hồ sơ "+r.Code,
		signer{Title: "NGƯỜI NỘP HỒ SƠ", Hint: "(Ký và ghi rõ họ tên)", Name: r.ApplicantName},
		signer{Title: "NGƯỜI TIẾP NHẬN HỒ SƠ", Hint: "(Ký và ghi rõ họ tên)", Name: r.Officer},
	)
	if err != nil {
		return nil, err
	}
	return f.finish()
}

// Widths in millimetres of the columns of the list of papers, but the name's.
const (
	colNo    = 8.0
	colOrig  = 17.0
	colCopy  = 15.0
	itemSize = 8.5
	itemLine = 4.0
	itemPad  = 0.8 // above and below the text of a row
)

// items prints the papers received as a table (TT, Tên giấy tờ, Số lượng bản: Bản chính,
// Bản sao). A row that would cross the bottom margin starts a new page, where the header is
// repeated.
func (f *form) items(items []Item) {
	if len(items) == 0 {
		f.para(sizeBody, lineBody, span{"I", "    (không có giấy tờ nộp kèm)"})
		return
	}
	pdf := f.pdf
	colName := f.width() - colNo - colOrig - colCopy
	header := func() {
		f.font("B", sizeSmall)
		x, y := f.pg.left, pdf.GetY()
		h := 2 * itemLine
		pdf.SetXY(x, y)
		pdf.CellFormat(colNo, h, "TT", "1", 0, "C", false, 0, "")
		pdf.CellFormat(colName, h, "Tên giấy tờ", "1", 0, "C", false, 0, "")
		pdf.CellFormat(colOrig+colCopy, itemLine, "Số lượng (bản)", "1", 2, "C", false, 0, "")
		pdf.CellFormat(colOrig, itemLine, "Bản chính", "1", 0, "C", false, 0, "")
		pdf.CellFormat(colCopy, itemLine, "Bản sao", "1", 0, "C", false, 0, "")
		pdf.SetXY(x, y+h)
	}
	f.keep(2*itemLine + itemLine + 2*itemPad) // the header with at least one row
	header()
	for i, it := range items {
		f.font("", itemSize)
		lines := pdf.SplitText(it.Name, colName)
		if len(lines) == 0 {
			lines = []string{""}
		}
		h := float64(len(lines))*itemLine + 2*itemPad
		if f.room() < h {
			pdf.AddPage()
			header()
			f.font("", itemSize)
		}
		x, y := f.pg.left, pdf.GetY()
		pdf.Rect(x, y, colNo, h, "D")
		pdf.Rect(x+colNo, y, colName, h, "D")
		pdf.Rect(x+colNo+colName, y, colOrig, h, "D")
		pdf.Rect(x+colNo+colName+colOrig, y, colCopy, h, "D")
		pdf.SetXY(x, y+itemPad)
		pdf.CellFormat(colNo, itemLine, fmt.Sprint(i+1), "", 0, "C", false, 0, "")
		for j, l := range lines {
			pdf.SetXY(x+colNo, y+itemPad+float64(j)*itemLine)
			pdf.CellFormat(colName, itemLine, l, "", 0, "L", false, 0, "")
		}
		pdf.SetXY(x+colNo+colName, y+itemPad)
		pdf.CellFormat(colOrig, itemLine, copies(it.Originals), "", 0, "C", false, 0, "")
		pdf.CellFormat(colCopy, itemLine, copies(it.Copies), "", 0, "C", false, 0, "")
		pdf.SetXY(x, y+h)
	}
	pdf.Ln(1.5)
}

// copies is a count of originals or copies in the table: "01", or "-" for none.
func copies(n int) string {
	if n == 0 {
		return "-"
	}
	return count(n)
}

// processing is the legal processing time as printed: ProcessingText when given, "trong
// ngày" for 0 days, else "05 ngày làm việc".
func (r Receipt) processing() string {
	switch {
	case r.ProcessingText != "":
		return r.ProcessingText
	case r.ProcessingDays == 0:
		return "trong ngày"
	default:
		return count(r.ProcessingDays) + " ngày làm việc"
	}
}

// isOneStop reports whether an agency's name already names a one-stop unit, so the heading
// need not add "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" under it.
func isOneStop(agency string) bool {
	a := strings.ToUpper(agency)
	for _, s := range []string{"TIẾP NHẬN VÀ TRẢ KẾT QUẢ", "MỘT CỬA", "PHỤC VỤ HÀNH CHÍNH CÔNG"} {
		if strings.Contains(a, s) {
			return true
		}
	}
	return false
}

// cleaned returns r with every text made printable (see clean).
func (r Receipt) cleaned() Receipt {
	for _, p := range []*string{&r.ParentAgency, &r.Agency, &r.Place, &r.Code, &r.Procedure,
		&r.ApplicantName, &r.ApplicantAddress, &r.ApplicantPhone, &r.ApplicantEmail,
		&r.ProcessingText, &r.ReturnAt, &r.Officer, &r.TrackURL} {
		*p = clean(*p)
	}
	items := make([]Item, len(r.Items))
	for i, it := range r.Items {
		it.Name = clean(it.Name)
		items[i] = it
	}
	r.Items = items
	return r
}

// validate reports every missing or impossible field at once.
func (r Receipt) validate() error {
	var fe apperr.Fields
	required := []struct{ path, value, vi, en string }{
		{"code", r.Code, "Cần mã hồ sơ.", "The dossier code is required."},
		{"agency", r.Agency, "Cần tên cơ quan, bộ phận tiếp nhận.", "The receiving agency is required."},
		{"procedure", r.Procedure, "Cần tên thủ tục hành chính.", "The procedure name is required."},
		{"applicant_name", r.ApplicantName, "Cần họ tên người nộp hồ sơ.", "The applicant's name is required."},
	}
	for _, q := range required {
		if q.value == "" {
			fe.Add(q.path, q.vi, q.en)
		}
	}
	if r.ReceivedAt.IsZero() {
		fe.Add("received_at", "Cần thời gian nhận hồ sơ.", "The time of receipt is required.")
	}
	if r.DueAt.IsZero() {
		fe.Add("due_at", "Cần thời gian hẹn trả kết quả.", "The time the result is due is required.")
	}
	if !r.ReceivedAt.IsZero() && !r.DueAt.IsZero() && r.DueAt.Before(r.ReceivedAt) {
		fe.Add("due_at", "Thời gian hẹn trả kết quả không được trước thời gian nhận hồ sơ.",
			"The time the result is due cannot be before the time of receipt.")
	}
	if r.ProcessingDays < 0 {
		fe.Add("processing_days", "Thời gian giải quyết không được âm.", "The processing time cannot be negative.")
	}
	for i, it := range r.Items {
		p := fmt.Sprintf("items[%d]", i)
		if it.Name == "" {
			fe.Add(p+".name", "Cần tên giấy tờ.", "The paper's name is required.")
		}
		if it.Originals < 0 || it.Copies < 0 {
			fe.Add(p, "Số bản chính, bản sao không được âm.", "The numbers of originals and copies cannot be negative.")
		}
	}
	return fe.Err("receipt_invalid", "Giấy tiếp nhận hồ sơ thiếu hoặc sai thông tin.",
		"The receipt is missing information or has invalid values.")
}

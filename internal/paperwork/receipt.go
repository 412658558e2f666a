package paperwork

import (
	"cmp"
	"fmt"
	"time"
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

	f := startSlip(slip{name: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", title: ReceiptTitle, code: r.Code,
		head: heading{Parent: r.ParentAgency, Agency: oneStop(r.Agency), Place: r.Place, Date: r.ReceivedAt}})

	f.field("Bộ phận tiếp nhận và trả kết quả: ", "", r.Agency)
	f.field("Tiếp nhận hồ sơ của: Ông/Bà ", "B", r.ApplicantName)
	f.field("Địa chỉ: ", "", r.ApplicantAddress)
	f.para(sizeBody, lineBody, span{"", "Số điện thoại: "}, span{"", r.ApplicantPhone},
		span{"", "    Email: "}, span{"", r.ApplicantEmail})
	f.field("Nội dung yêu cầu giải quyết: ", "B", r.Procedure)

	f.para(sizeBody, lineBody, span{"", "1. Thành phần hồ sơ nộp gồm:"})
	f.items(r.Items)
	f.field("2. Số lượng hồ sơ: ", "", "01 (bộ)")
	f.field("3. Thời gian giải quyết hồ sơ theo quy định là: ", "B", r.processing())
	f.field("4. Thời gian nhận hồ sơ: ", "", clock(r.ReceivedAt))
	f.field("5. Thời gian trả kết quả giải quyết hồ sơ: ", "B", clock(r.DueAt))
	f.field("6. Đăng ký nhận kết quả tại: ", "", cmp.Or(r.ReturnAt, "Bộ phận tiếp nhận và trả kết quả, "+r.Agency))
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
	colNo   = 8.0
	colOrig = 17.0
	colCopy = 15.0
)

// items prints the papers received as a table (TT, Tên giấy tờ, Số lượng (bản): Bản chính,
// Bản sao). A row that would cross the bottom margin starts a new page, where the header is
// repeated.
func (f *form) items(items []Item) {
	if len(items) == 0 {
		f.para(sizeBody, lineBody, span{"I", "    (không có giấy tờ nộp kèm)"})
		return
	}
	t := f.table(slipTable,
		[]column{{w: colNo, align: "C"}, {w: f.width() - colNo - colOrig - colCopy, align: "L"},
			{w: colOrig, align: "C"}, {w: colCopy, align: "C"}},
		[]head{{"TT", 0, 1, 0, 2, ""}, {"Tên giấy tờ", 1, 1, 0, 2, ""},
			{"Số lượng (bản)", 2, 2, 0, 1, ""}, {"Bản chính", 2, 1, 1, 1, ""}, {"Bản sao", 3, 1, 1, 1, ""}})
	for i, it := range items {
		t.row(fmt.Sprint(i+1), it.Name, copies(it.Originals), copies(it.Copies))
	}
	f.pdf.Ln(1.5)
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

// cleaned returns r with every text made printable (see clean).
func (r Receipt) cleaned() Receipt {
	cleanAll(&r.ParentAgency, &r.Agency, &r.Place, &r.Code, &r.Procedure,
		&r.ApplicantName, &r.ApplicantAddress, &r.ApplicantPhone, &r.ApplicantEmail,
		&r.ProcessingText, &r.ReturnAt, &r.Officer, &r.TrackURL)
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
	var c check
	c.text("code", r.Code)
	c.dossier(r.Agency, r.Procedure, r.ApplicantName)
	c.time("received_at", r.ReceivedAt)
	c.time("due_at", r.DueAt)
	c.notBefore("due_at", r.DueAt, "received_at", r.ReceivedAt)
	if r.ProcessingDays < 0 {
		c.add("processing_days", msgs.Text("processing_time_cannot_be_negative"))
	}
	for i, it := range r.Items {
		p := fmt.Sprintf("items[%d]", i)
		c.text(p+".name", it.Name)
		if it.Originals < 0 || it.Copies < 0 {
			c.add(p, msgs.Text("numbers_of_originals_and_copies_cannot"))
		}
	}
	return c.err("receipt_invalid", msgs.Text("receipt_invalid"))
}

package paperwork

import (
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/vntext"
)

// FeeItem is one fee or charge collected: its name, its amount in đồng and the legal basis of
// the amount (the decree, circular or council resolution that sets it).
type FeeItem struct {
	Name      string
	AmountVND int64
	Basis     string
}

// FeeReceipt is the content of an electronic receipt of fees and charges (biên lai thu phí, lệ
// phí điện tử), with what Decree 123/2020/NĐ-CP Art. 32 requires of a receipt: its name, the
// template symbol (ký hiệu mẫu) and the receipt's symbol (ký hiệu, Circular 78/2021/TT-BTC
// Art. 6), its number, the collecting organisation and its tax code, the fees with their
// amounts, the date, the collector's (here digital) signature; plus the payer, the total in
// figures and in words, the means of payment and the payment's reference as a state budget
// payment records them (Decree 11/2020/NĐ-CP). VerifyURL is the QR code's target.
type FeeReceipt struct {
	Template string // ký hiệu mẫu biên lai, e.g. "01BLP0-001"
	Symbol   string // ký hiệu biên lai, e.g. "HN-26E"
	Number   string // số biên lai, e.g. "0000123"

	ParentAgency, Agency, Place  string
	AgencyTaxCode, AgencyAddress string

	PayerName, PayerAddress string
	Dossier                 string // the dossier paid for, when a fee of a procedure

	Fees      []FeeItem
	TotalVND  int64
	Method    string // hình thức thanh toán, e.g. "Thanh toán trực tuyến qua VNPay"
	Reference string // the payment's reference with the gateway or bank
	PaidAt    time.Time
	VerifyURL string
}

// FeeReceiptTitle is the receipt's name as printed (Decree 123/2020 Art. 32(1)(a)).
const FeeReceiptTitle = "BIÊN LAI THU PHÍ, LỆ PHÍ"

// FeeReceiptPDF lays out r on A5 portrait, dated PaidAt. The total must be the sum of the
// items; an invalid receipt is an apperr Invalid error naming each offending field.
func FeeReceiptPDF(r FeeReceipt) ([]byte, error) {
	cleanAll(&r.Template, &r.Symbol, &r.Number, &r.ParentAgency, &r.Agency, &r.Place, &r.AgencyTaxCode, &r.AgencyAddress,
		&r.PayerName, &r.PayerAddress, &r.Dossier, &r.Method, &r.Reference, &r.VerifyURL)
	var c check
	c.text("template", r.Template)
	c.text("symbol", r.Symbol)
	c.text("number", r.Number)
	c.text("agency", r.Agency)
	c.text("payer_name", r.PayerName)
	c.text("method", r.Method)
	c.text("reference", r.Reference)
	c.time("paid_at", r.PaidAt)
	if len(r.Fees) == 0 {
		c.missing("fees")
	}
	var sum int64
	for i := range r.Fees {
		it := &r.Fees[i]
		cleanAll(&it.Name, &it.Basis)
		c.text("fees["+strconv.Itoa(i)+"].fee", it.Name)
		if it.AmountVND <= 0 {
			c.add("fees["+strconv.Itoa(i)+"].amount_vnd", sentence("amount_positive", fieldName("amount_vnd")))
		}
		sum += it.AmountVND
	}
	if r.TotalVND != sum {
		c.add("total_vnd", msgs.Text("total_is_sum", vntext.Thousands(sum)))
	}
	if err := c.err("fee_receipt_invalid", msgs.Text("fee_receipt_invalid")); err != nil {
		return nil, err
	}
	f := startSlip(slip{name: "Biên lai thu phí, lệ phí", title: FeeReceiptTitle, code: r.Dossier,
		head: heading{Parent: r.ParentAgency, Agency: []string{r.Agency}, NoNumber: true, Place: r.Place, Date: r.PaidAt}})
	f.centred(sizeBody, lineBody, span{"", "Ký hiệu mẫu: "}, span{"B", r.Template}, span{"", "   Ký hiệu: "}, span{"B", r.Symbol},
		span{"", "   Số: "}, span{"B", r.Number})
	f.pdf.Ln(1)
	f.field("Tổ chức thu phí, lệ phí: ", "B", r.Agency)
	f.field("Mã số thuế: ", "", r.AgencyTaxCode)
	f.field("Địa chỉ: ", "", r.AgencyAddress)
	f.field("Người nộp: ", "B", r.PayerName)
	f.field("Địa chỉ người nộp: ", "", r.PayerAddress)
	f.pdf.Ln(1)

	w := f.width()
	t := f.table(slipTable, []column{{w: w * 0.08, align: "C"}, {w: w * 0.40, align: "L"}, {w: w * 0.30, align: "L"}, {w: w * 0.22, align: "R"}},
		[]head{{"STT", 0, 1, 0, 1, ""}, {"Tên phí, lệ phí", 1, 1, 0, 1, ""}, {"Căn cứ thu", 2, 1, 0, 1, ""}, {"Số tiền (đồng)", 3, 1, 0, 1, ""}})
	for i, it := range r.Fees {
		t.row(strconv.Itoa(i+1), it.Name, it.Basis, vntext.Thousands(it.AmountVND))
	}
	t.row("", "Tổng cộng", "", vntext.Thousands(r.TotalVND))
	f.pdf.Ln(1)
	f.field("Tổng số tiền bằng chữ: ", "I", upperFirst(vntext.NumberWords(r.TotalVND))+" đồng.")
	f.field("Hình thức thanh toán: ", "", r.Method)
	f.field("Mã giao dịch: ", "", r.Reference)
	f.field("Thời gian thanh toán: ", "", clock(r.PaidAt))
	hint := "(Ký, ghi rõ họ tên)"
	if r.VerifyURL != "" {
		f.para(sizeSmall+0.5, lineBody, span{"I", "Biên lai điện tử được ký số bởi " + r.Agency + ". Xác thực tại " + r.VerifyURL + "."})
		hint = "(Đã ký số)"
	}
	if err := f.signOff(r.VerifyURL, "Quét mã để xác thực biên lai", signer{Title: "NGƯỜI THU TIỀN", Hint: hint, Name: r.Agency}); err != nil {
		return nil, err
	}
	return f.finish()
}

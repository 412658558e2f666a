package paperwork

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
)

func sampleFeeReceipt() FeeReceipt {
	return FeeReceipt{Template: "01BLP0-001", Symbol: "MC26E", Number: "0000123", ParentAgency: "UBND THÀNH PHỐ HÀ NỘI",
		Agency: "UBND Phường Hoàn Kiếm", Place: "Hà Nội", AgencyTaxCode: "0100000000", PayerName: "Trần Thị Bình",
		PayerAddress: "Số 1 Tràng Tiền", Dossier: "070.00.30.H26-261207-0001",
		Fees:     []FeeItem{{Name: "Lệ phí cấp bản sao trích lục", AmountVND: 8000, Basis: "Thông tư 281/2016/TT-BTC"}, {Name: "Phí thẩm định", AmountVND: 105000}},
		TotalVND: 113000, Method: "Thanh toán trực tuyến qua VNPay", Reference: "VNP14226112",
		PaidAt: time.Date(2026, 12, 7, 10, 15, 0, 0, vietnam), VerifyURL: "https://dichvucong.example.vn/xac-thuc/ABC"}
}

// TestFeeReceiptPDF: the receipt carries what Decree 123/2020 Art. 32 asks of a receipt, the
// total in figures and in words, and the same content gives the same bytes.
func TestFeeReceiptPDF(t *testing.T) {
	r := sampleFeeReceipt()
	b, err := FeeReceiptPDF(r)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := FeeReceiptPDF(r)
	if !bytes.Equal(b, again) {
		t.Error("the same receipt gave different bytes")
	}
	text := strings.Join(strings.Fields(pdfText(t, b)), " ")
	for _, want := range []string{FeeReceiptTitle, "Ký hiệu mẫu: 01BLP0-001", "Ký hiệu: MC26E", "Số: 0000123", "UBND Phường Hoàn Kiếm",
		"Mã số thuế: 0100000000", "Trần Thị Bình", "Lệ phí cấp bản sao trích lục", "Thông tư 281/2016/TT-BTC", "8.000", "105.000",
		"113.000", "Một trăm mười ba nghìn đồng.", "Thanh toán trực tuyến qua VNPay", "VNP14226112", "10 giờ 15 phút, ngày 07/12/2026", "(Đã ký số)"} {
		if !strings.Contains(text, want) {
			t.Errorf("receipt text lacks %q:\n%s", want, text)
		}
	}
}

// TestFeeReceiptInvalid names each offending field.
func TestFeeReceiptInvalid(t *testing.T) {
	r := sampleFeeReceipt()
	r.Number, r.PayerName = "", " "
	r.Fees = append(r.Fees, FeeItem{Name: "", AmountVND: 0})
	_, err := FeeReceiptPDF(r)
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.KindUnprocessable {
		t.Fatalf("FeeReceiptPDF(invalid) = %v; want Unprocessable", err)
	}
	var paths []string
	for _, f := range e.Fields {
		paths = append(paths, f.Path)
	}
	for _, want := range []string{"number", "payer_name", "fees[2].fee", "fees[2].amount_vnd"} {
		if !slices.Contains(paths, want) {
			t.Errorf("fields %v lack %s", paths, want)
		}
	}
	r = sampleFeeReceipt()
	r.TotalVND = 1
	if _, err := FeeReceiptPDF(r); err == nil || !strings.Contains(err.Error(), "113.000") {
		t.Errorf("a total unlike the sum = %v; want an error naming the sum", err)
	}
	r.Fees = nil
	if _, err := FeeReceiptPDF(r); err == nil || !strings.Contains(err.Error(), "fees") {
		t.Errorf("no fees = %v; want an error at fees", err)
	}
}

package app

import (
	"context"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/esign"
	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/paperwork"
	"github.com/motcua/motcua/internal/payment"
)

// receiptMethods name the means of payment as the receipt prints them.
var receiptMethods = map[string]string{
	payment.MethodVNPay:  "Thanh toán trực tuyến qua VNPay",
	payment.MethodVietQR: "Chuyển khoản qua VietQR (NAPAS 247)",
}

// issueReceipt is the payment-receipt job's issuer: the ledger's receipt, signed and registered
// by esign (which gives back the one already issued when the job runs twice).
func (a *App) issueReceipt(ctx context.Context, r *payment.Receipt) error {
	items := make([]paperwork.FeeItem, len(r.Lines))
	for i, l := range r.Lines {
		items[i] = paperwork.FeeItem{Name: l.Name, AmountVND: l.AmountVND, Basis: l.Basis}
	}
	// The payer knows the payment by the ledger's reference; the gateway's number follows it.
	ref := r.PaymentID
	if r.Reference != "" && r.Method == payment.MethodVNPay {
		ref += " (VNPay: " + r.Reference + ")"
	}
	_, err := a.Esign.Receipt(ctx, esign.ReceiptInput{PaymentID: r.PaymentID, Reference: ref, AgencyCode: r.AgencyCode,
		DossierCode: r.DossierCode, Template: r.Template, Symbol: r.Symbol, Number: r.Number,
		Payer: esign.Payer{UserID: r.PayerID, Name: r.PayerName, Address: r.PayerAddr}, Items: items, TotalVND: r.TotalVND,
		Method: receiptMethods[r.Method], PaidAt: r.PaidAt})
	if k := apperr.KindOf(err); k == apperr.KindInvalid || k == apperr.KindUnprocessable {
		// The same receipt would be refused again: dead at once, for an administrator to see.
		return job.Permanent(err)
	}
	return err
}

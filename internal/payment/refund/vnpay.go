package refund

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/motcua/motcua/internal/vnpay"
)

// VNPay is the Gateway of VNPay's refund API (or the built-in sandbox's) for one terminal.
type VNPay struct {
	Merchant *vnpay.Merchant
	Client   *http.Client // http.DefaultClient when nil
	APIURL   string       // …/merchant_webapi/api/transaction
}

// Refund asks a full refund (02) of the whole payment, a partial one (03) otherwise.
func (g VNPay) Refund(ctx context.Context, o Order) (Answer, error) {
	kind := vnpay.RefundFull
	if o.AmountVND < o.PaidVND {
		kind = vnpay.RefundPartial
	}
	r, err := g.Merchant.Refund(ctx, g.Client, g.APIURL, vnpay.RefundRequest{RequestID: vnpay.NewRequestID(), Type: kind,
		TxnRef: o.PaymentID, AmountVND: o.AmountVND, TransactionNo: o.TransactionNo, TransactionDate: o.PaidCreatedAt,
		CreateBy: o.CreateBy, OrderInfo: "Hoan tien " + o.PaymentID, IPAddr: "127.0.0.1", CreateAt: time.Now()})
	if err != nil {
		return Answer{}, err
	}
	raw, _ := json.Marshal(r)
	return Answer{Code: r.ResponseCode, Taken: r.Taken(), Raw: string(raw)}, nil
}

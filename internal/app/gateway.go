package app

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/payment/refund"
	"github.com/motcua/motcua/internal/vnpay"
)

// vnpayGateway answers the ledger's reconciliation (payment.Gateway) with VNPay's transaction
// query (querydr), against VNPay or the built-in sandbox.
type vnpayGateway struct {
	m      *vnpay.Merchant
	client *http.Client
	apiURL string
}

func newVNPayGateway(m *vnpay.Merchant, apiURL string) payment.Gateway {
	if m == nil {
		return nil
	}
	return vnpayGateway{m: m, client: &http.Client{Timeout: 15 * time.Second}, apiURL: apiURL}
}

// Query maps VNPay's answer onto the ledger's three states (TestGatewayStates). A refunded
// payment was paid. "Not found" stays pending: the payer may not have reached the gateway yet,
// and the ledger expires the attempt after its expiry; so does a debit VNPay holds as suspected
// fraud (07, standards.md §2), not a failure: a success that follows still settles it.
func (g vnpayGateway) Query(ctx context.Context, a payment.Attempt) (payment.GatewayResult, error) {
	r, err := g.m.QueryDR(ctx, g.client, g.apiURL, vnpay.QueryRequest{RequestID: vnpay.NewRequestID(), TxnRef: a.ID,
		TransactionDate: a.CreatedAt, TransactionNo: a.GatewayTxn, OrderInfo: "Truy van " + a.ID, IPAddr: "127.0.0.1",
		CreateAt: time.Now()})
	if err != nil {
		return payment.GatewayResult{}, err
	}
	raw, _ := json.Marshal(r)
	out := payment.GatewayResult{AmountVND: r.AmountVND, TransactionNo: r.TransactionNo, BankCode: r.BankCode,
		ResponseCode: r.ResponseCode, Raw: string(raw)}
	switch {
	case r.Paid(), r.Found() && (r.TransactionStatus == "05" || r.TransactionStatus == "06" || r.TransactionStatus == "09"):
		// 05/06/09 are a refund's states (processing, sent to the bank, refused: standards.md
		// §2): the payment was taken, and the ledger records its refund apart.
		out.Status = payment.GatewayPaid
	case r.NotFound(), r.TransactionStatus == "01", r.TransactionStatus == "07":
		out.Status = payment.GatewayPending
	default:
		out.Status = payment.GatewayFailed
	}
	return out, nil
}

// Refund sends a ledger's refund to VNPay's refund API (refund.Gateway).
func (g vnpayGateway) Refund(ctx context.Context, o refund.Order) (refund.Answer, error) {
	return refund.VNPay{Merchant: g.m, Client: g.client, APIURL: g.apiURL}.Refund(ctx, o)
}

package app

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/vnpay"
	"github.com/motcua/motcua/internal/vnpay/sandbox"
)

// TestGatewayStates: how VNPay's querydr answer maps onto the reconciliation's three states
// (standards.md §2): paid, and a refund's states (05, 06, 09), are paid, since the money was
// taken; not found, pending (01) and suspected fraud (07) stay pending; anything else failed.
func TestGatewayStates(t *testing.T) {
	gw, err := vnpay.NewGateway(sandbox.DemoConfig)
	if err != nil {
		t.Fatal(err)
	}
	var answer vnpay.QueryResult
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		q, err := gw.ReadQuery(body)
		if err != nil {
			t.Errorf("query: %v", err)
		}
		a := answer
		a.TxnRef = q.TxnRef
		w.Header().Set("Content-Type", "application/json")
		w.Write(gw.QueryAnswer(a))
	}))
	defer srv.Close()
	m, err := vnpay.New(sandbox.DemoConfig)
	if err != nil {
		t.Fatal(err)
	}
	g := newVNPayGateway(m, srv.URL)
	for _, c := range []struct {
		code, status, want string
	}{
		{vnpay.QueryOK, "00", payment.GatewayPaid},
		{vnpay.QueryOK, "05", payment.GatewayPaid},
		{vnpay.QueryOK, "06", payment.GatewayPaid},
		{vnpay.QueryOK, "09", payment.GatewayPaid},
		{vnpay.QueryNotFound, "", payment.GatewayPending},
		{vnpay.QueryOK, "01", payment.GatewayPending},
		{vnpay.QueryOK, "07", payment.GatewayPending},
		{vnpay.QueryOK, "02", payment.GatewayFailed},
		{vnpay.QueryOK, "04", payment.GatewayFailed},
	} {
		answer = vnpay.QueryResult{ResponseID: "R1", ResponseCode: c.code, Message: "x", AmountVND: 200000,
			TransactionNo: "14422574", TransactionType: vnpay.TransactionPayment, TransactionStatus: c.status, PayDate: time.Now()}
		r, err := g.Query(context.Background(), payment.Attempt{ID: "TT1", CreatedAt: time.Now().Add(-time.Hour)})
		if err != nil || r.Status != c.want {
			t.Errorf("querydr %s/%s: %q, %v; want %s", c.code, c.status, r.Status, err, c.want)
		}
	}
}

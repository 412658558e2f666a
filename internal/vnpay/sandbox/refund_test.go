package sandbox_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/vnpay"
	"github.com/motcua/motcua/internal/vnpay/sandbox"
)

func (e *env) refund(ref string, created time.Time, kind string, amount int64) (vnpay.RefundResult, error) {
	return e.merchant.Refund(context.Background(), e.gateway.Client(), e.gateway.URL+e.sb.QueryPath(),
		vnpay.RefundRequest{RequestID: vnpay.NewRequestID(), Type: kind, TxnRef: ref, AmountVND: amount,
			TransactionDate: created, CreateBy: "ketoan", OrderInfo: "Hoan tien " + ref, IPAddr: "127.0.0.1", CreateAt: e.clock()})
}

// A paid transaction is refunded once, of at most its amount, and querydr reports it refunded;
// an unknown, unpaid or already refunded one is refused with VNPay's codes; a down gateway is
// unavailable.
func TestRefund(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		created := e.clock()
		p := e.returned(e.submit(e.open(e.order("R-1", 40_000)), "NCB", "confirm"))
		declined := e.clock()
		e.sb.SetFaults(sandbox.Faults{Decline: "51"})
		e.returned(e.submit(e.open(e.order("R-2", 40_000)), "NCB", "confirm"))
		e.sb.SetFaults(sandbox.Faults{Down: true})
		if _, err := e.refund("R-1", created, vnpay.RefundFull, 40_000); !errors.Is(err, vnpay.ErrUnavailable) {
			t.Fatalf("refund while down = %v; want ErrUnavailable", err)
		}
		e.sb.SetFaults(sandbox.Faults{})
		for _, c := range []struct {
			ref    string
			kind   string
			amount int64
			want   string
		}{
			{"R-9", vnpay.RefundFull, 40_000, vnpay.RefundNotFound},
			{"R-2", vnpay.RefundFull, 40_000, vnpay.RefundRefused},      // its payment failed
			{"R-1", vnpay.RefundPartial, 40_001, vnpay.RefundBadFormat}, // more than was paid
			{"R-1", vnpay.RefundFull, 39_000, vnpay.RefundBadFormat},    // "full" of less
		} {
			at := created
			if c.ref == "R-2" {
				at = declined
			}
			r, err := e.refund(c.ref, at, c.kind, c.amount)
			if err != nil || r.ResponseCode != c.want || r.Taken() {
				t.Errorf("refund %s %s %d = %+v, %v; want %s", c.ref, c.kind, c.amount, r, err, c.want)
			}
		}
		r, err := e.refund("R-1", created, vnpay.RefundFull, 40_000)
		if err != nil || r.ResponseCode != vnpay.RefundOK || r.AmountVND != 40_000 || r.TransactionNo != p.TransactionNo || !r.Taken() {
			t.Fatalf("refund = %+v, %v; want 00 of 40.000 #%s", r, err, p.TransactionNo)
		}
		q, err := e.query("R-1", created)
		if err != nil || q.TransactionStatus != "06" || q.TransactionType != vnpay.RefundFull || q.Paid() {
			t.Errorf("querydr after the refund = %+v, %v; want refunded (02, 06)", q, err)
		}
		// Once: a second refund, even a partial one, is 94.
		if r, err := e.refund("R-1", created, vnpay.RefundPartial, 1_000); err != nil || r.ResponseCode != vnpay.RefundAlready {
			t.Errorf("second refund = %+v, %v; want 94", r, err)
		}
		var refunded int64
		if err := d.QueryRow(context.Background(), `SELECT refund_vnd FROM vnpay_sandbox_txns WHERE txn_ref = 'R-1'`).Scan(&refunded); err != nil || refunded != 40_000 {
			t.Errorf("refunded = %d, %v; want 40.000 once", refunded, err)
		}
	})
}

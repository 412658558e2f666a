package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/payment/refund"
	"github.com/motcua/motcua/internal/vnpay/sandbox"
)

// TestRefundThroughSandbox pays one fee twice through the real server and the demo's sandbox,
// on both engines: the second payment's refund goes to the sandbox's refund API by the queue,
// fails while the gateway is down and is retried, then ends done, the sandbox having given back
// exactly that payment.
func TestRefundThroughSandbox(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			a, base := startQueueHeld(t, engine)
			ctx := context.Background()
			p := newPayer(t, a, base)
			t.Cleanup(func() { a.Sandbox.SetFaults(sandbox.Faults{}) })
			code, inv := p.feeInvoice()
			first, _ := p.pay(inv, "confirm")
			second, _ := p.pay(inv, "confirm") // before the first's IPN: both are taken
			p.deliverIPNs()
			paidBy := func() {
				t.Helper()
				var n int
				if err := a.DB.QueryRow(ctx, `SELECT COUNT(*) FROM invoices i JOIN payments p ON p.invoice_id = i.id
					WHERE i.id = ? AND i.status = 'paid' AND i.payment_id = ? AND p.counted = 1`, inv, first).Scan(&n); err != nil || n != 1 {
					t.Fatalf("invoice %s of %s paid once by %s: %d, %v", inv, code, first, n, err)
				}
			}
			paidBy()

			a.Sandbox.SetFaults(sandbox.Faults{Down: true})
			if _, err := a.Queue.Work(ctx, payment.RefundKind); err != nil {
				t.Fatal(err)
			}
			if rs, err := a.Payments.Refunds(ctx, second); err != nil || len(rs) != 1 || rs[0].Status != refund.Pending {
				t.Fatalf("refund of %s with the gateway down = %+v, %v; want pending", second, rs, err)
			}
			a.Sandbox.SetFaults(sandbox.Faults{})
			// Past the backoff, a worker retries it.
			k, ok := a.Queue.Kind(payment.RefundKind)
			if !ok {
				t.Fatal("no refund job registered")
			}
			later := job.New(a.DB, nil)
			later.Now = func() time.Time { return time.Now().Add(time.Hour) }
			later.Register(k)
			if n, err := later.Work(ctx, payment.RefundKind); err != nil || n != 1 {
				t.Fatalf("retried refund: %d run, %v; want 1", n, err)
			}
			rs, err := a.Payments.Refunds(ctx, second)
			if err != nil || len(rs) != 1 || rs[0].Status != refund.Done || rs[0].Outcome != "00" {
				t.Fatalf("refund of %s = %+v, %v; want done with 00", second, rs, err)
			}
			var refunded, untouched int
			if err := a.DB.QueryRow(ctx, `SELECT COUNT(*) FROM vnpay_sandbox_txns WHERE txn_ref = ? AND refund_vnd = amount_vnd`, second).Scan(&refunded); err != nil {
				t.Fatal(err)
			}
			if err := a.DB.QueryRow(ctx, `SELECT COUNT(*) FROM vnpay_sandbox_txns WHERE txn_ref = ? AND refund_vnd = 0`, first).Scan(&untouched); err != nil {
				t.Fatal(err)
			}
			if refunded != 1 || untouched != 1 {
				t.Errorf("sandbox: second refunded %d, first untouched %d; want 1 and 1", refunded, untouched)
			}
			paidBy()
		})
	}
}

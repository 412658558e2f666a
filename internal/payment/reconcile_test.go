package payment_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/payment"
)

// gateway is a fake VNPay transaction query: an answer per attempt id, or down.
type gateway struct {
	answers map[string]payment.GatewayResult
	down    bool
	asked   int
}

func (g *gateway) Query(ctx context.Context, a payment.Attempt) (payment.GatewayResult, error) {
	g.asked++
	if g.down {
		return payment.GatewayResult{}, errors.New("gateway: connection refused")
	}
	if r, ok := g.answers[a.ID]; ok {
		return r, nil
	}
	return payment.GatewayResult{Status: payment.GatewayPending, Raw: `{"vnp_ResponseCode":"91"}`}, nil
}

func TestReconcile(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		// The crash case: the gateway took the money, but the IPN never reached the ledger.
		crashed := f.submit(t, feeProc)
		lost := f.pay(t, f.invoice(t, crashed.Code).ID)
		// A payment the payer cancelled, and one the payer never finished.
		cancelled := f.submit(t, feeProc)
		gone := f.pay(t, f.invoice(t, cancelled.Code).ID)
		idle := f.submit(t, feeProc)
		waiting := f.pay(t, f.invoice(t, idle.Code).ID)
		// One whose amount the gateway reports wrong.
		odd := f.submit(t, feeProc)
		wrong := f.pay(t, f.invoice(t, odd.Code).ID)
		g := &gateway{down: true, answers: map[string]payment.GatewayResult{
			lost.ID:  {Status: payment.GatewayPaid, AmountVND: 7000, TransactionNo: "14422574", BankCode: "NCB", ResponseCode: "00", Raw: `{"vnp_TransactionStatus":"00"}`},
			gone.ID:  {Status: payment.GatewayFailed, AmountVND: 7000, ResponseCode: "24", Raw: `{"vnp_TransactionStatus":"02"}`},
			wrong.ID: {Status: payment.GatewayPaid, AmountVND: 70, ResponseCode: "00", Raw: `{"vnp_Amount":"7000"}`},
		}}

		// Gateway down: everything stays pending for the next run.
		rep, err := f.ps.Reconcile(ctx, g)
		if err != nil || rep.Errors != 4 || rep.Paid+rep.Failed+rep.Expired != 0 {
			t.Fatalf("Reconcile(down) = %+v, %v; want 4 errors, nothing settled", rep, err)
		}
		if s := f.status(t, crashed.Code); s != dossier.StatusPayment {
			t.Fatalf("status with gateway down = %s; want awaiting_payment", s)
		}

		g.down = false
		rep, err = f.ps.Reconcile(ctx, g)
		if err != nil || rep.Paid != 1 || rep.Failed != 1 || rep.Mismatched != 1 || rep.Expired != 0 {
			t.Fatalf("Reconcile = %+v, %v; want 1 paid, 1 failed, 1 mismatched, none expired yet", rep, err)
		}
		if s := f.status(t, crashed.Code); s != dossier.StatusSubmitted {
			t.Fatalf("crashed dossier = %s; want submitted (repaired by the query)", s)
		}
		// Its receipt is numbered in the repairing transaction, as an IPN's would be.
		if r, err := f.ps.Receipt(ctx, lost.ID); err != nil || r.Number != 1 {
			t.Fatalf("receipt of the repaired payment = %+v, %v; want number 1", r, err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM payment_events WHERE source = 'query' AND payment_id = ? AND outcome = 'paid'`, lost.ID); n != 1 {
			t.Fatalf("query events of the repaired payment = %d; want 1", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM payment_reviews WHERE kind = 'amount_mismatch' AND payment_id = ?`, wrong.ID); n != 1 {
			t.Fatalf("mismatch reviews = %d; want 1", n)
		}
		// The late IPN of the repaired payment changes nothing.
		if r := f.ps.IPN(ctx, ipn(t, secret, lost.ID, 7000, "00")); r.RspCode != "02" {
			t.Fatalf("late IPN = %+v; want 02", r)
		}

		// Past expiry, what the gateway does not know as paid expires.
		f.now = f.now.Add(payment.DefaultExpiry + time.Minute)
		rep, err = f.ps.Reconcile(ctx, g)
		if err != nil || rep.Expired != 1 || rep.Mismatched != 1 {
			t.Fatalf("Reconcile(later) = %+v, %v; want 1 expired, the mismatch still pending review", rep, err)
		}
		a, _ := f.ps.Payment(ctx, f.users["congdan"], waiting.ID)
		if a.Status != payment.StatusExpired {
			t.Fatalf("idle attempt = %s; want expired", a.Status)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM payment_reviews WHERE payment_id = ?`, wrong.ID); n != 1 {
			t.Fatalf("reviews of the mismatch = %d; want still 1", n)
		}
		// A payment that completes after its attempt expired still counts: the money was taken.
		if r := f.ps.IPN(ctx, ipn(t, secret, waiting.ID, 7000, "00")); r.RspCode != "00" {
			t.Fatalf("IPN after expiry = %+v; want 00", r)
		}
		if s := f.status(t, idle.Code); s != dossier.StatusSubmitted {
			t.Fatalf("dossier paid after expiry = %s; want submitted", s)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'payment.paid'`); n != 2 {
			t.Fatalf("payment.paid entries = %d; want 2", n)
		}
	})
}

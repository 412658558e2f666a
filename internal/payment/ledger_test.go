package payment_test

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/vietqr"
	"github.com/motcua/motcua/internal/workflow"
)

// A fee-bearing dossier waits at code 6 from submission, officers cannot receive it, and the
// IPN of its payment moves it back to reception, in one transaction with the ledger.
func TestFeeDossierSubmitPayReceive(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		sub := f.submit(t, feeProc)
		if sub.Status != dossier.StatusPayment || sub.StatusCode != 6 {
			t.Fatalf("Submit status = %s (%d); want awaiting_payment (6)", sub.Status, sub.StatusCode)
		}
		inv := f.invoice(t, sub.Code)
		if inv.AmountVND != 7000 || inv.Status != payment.InvoiceUnpaid || len(inv.Lines) != 1 || inv.Payee != "00070" {
			t.Fatalf("invoice = %+v; want 7000 đồng unpaid, one line, payee 00070", inv)
		}
		_, err := f.wf.Act(ctx, f.users["tiepnhan"], sub.Code, workflow.ActionInput{Action: workflow.Receive})
		wantCode(t, err, "payment_pending")

		st := f.pay(t, inv.ID)
		u, err := url.Parse(st.RedirectURL)
		if err != nil || u.Query().Get("vnp_TxnRef") != st.ID || u.Query().Get("vnp_Amount") != "700000" {
			t.Fatalf("redirect_url = %s; want vnp_TxnRef %s and vnp_Amount 700000", st.RedirectURL, st.ID)
		}
		if r := f.ps.IPN(ctx, ipn(t, secret, st.ID, 7000, "00")); r.RspCode != "00" {
			t.Fatalf("IPN = %+v; want 00", r)
		}
		if s := f.status(t, sub.Code); s != dossier.StatusSubmitted {
			t.Fatalf("status after payment = %s; want submitted", s)
		}
		inv = f.invoice(t, sub.Code)
		if inv.Status != payment.InvoicePaid || inv.PaymentID != st.ID || inv.PaidAt == nil {
			t.Fatalf("invoice after IPN = %+v; want paid by %s", inv, st.ID)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'payment.paid' AND object = ?`, st.ID); n != 1 {
			t.Fatalf("payment.paid audit entries = %d; want 1", n)
		}
		if _, err := f.wf.Act(ctx, f.users["tiepnhan"], sub.Code, workflow.ActionInput{Action: workflow.Receive}); err != nil {
			t.Fatalf("receive after payment: %v", err)
		}
		// A free procedure raises nothing.
		free := f.submit(t, "1.001193")
		if free.Status != dossier.StatusSubmitted {
			t.Fatalf("free dossier status = %s; want submitted", free.Status)
		}
		if invs, err := f.ps.DossierInvoices(ctx, f.users["congdan"], free.Code); err != nil || len(invs) != 0 {
			t.Fatalf("free dossier invoices = %v, %v; want none", invs, err)
		}
		// Another citizen sees neither the invoices nor the payment.
		if _, err := f.ps.DossierInvoices(ctx, f.users["congdan2"], sub.Code); err == nil {
			t.Fatal("congdan2 sees congdan's invoices")
		}
		_, err = f.ps.Payment(ctx, f.users["congdan2"], st.ID)
		wantCode(t, err, "payment_not_found")
		_, err = f.ps.Pay(ctx, f.users["congdan2"], payment.PayInput{Invoice: inv.ID, Method: "vnpay"}, "", "")
		wantCode(t, err, "invoice_not_found")
		_, err = f.ps.Pay(ctx, f.users["congdan"], payment.PayInput{Invoice: inv.ID, Method: "vnpay"}, "", "")
		wantCode(t, err, "invoice_paid")
	})
}

// The IPN's replies in VNPay's order, every IPN recorded, none moving money twice.
func TestIPNReplies(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		sub := f.submit(t, feeProc)
		st := f.pay(t, f.invoice(t, sub.Code).ID)
		steps := []struct {
			name string
			q    url.Values
			want string
		}{
			{"forged", ipn(t, "another secret", st.ID, 7000, "00"), "97"},
			{"tampered", func() url.Values { q := ipn(t, secret, st.ID, 7000, "00"); q.Set("vnp_Amount", "100"); return q }(), "97"},
			{"unsigned", url.Values{"vnp_TxnRef": {st.ID}}, "97"},
			{"unknown order", ipn(t, secret, "TTUNKNOWN0000000", 7000, "00"), "01"},
			{"wrong amount", ipn(t, secret, st.ID, 6000, "00"), "04"},
			{"paid", ipn(t, secret, st.ID, 7000, "00"), "00"},
			{"repeated", ipn(t, secret, st.ID, 7000, "00"), "02"},
			{"failure after success", ipn(t, secret, st.ID, 7000, "24"), "02"},
			{"reversed after success", func() url.Values {
				q := ipn(t, secret, st.ID, 7000, "00")
				q.Set("vnp_TransactionStatus", "04")
				resign(t, q)
				return q
			}(), "02"},
		}
		for _, s := range steps {
			if r := f.ps.IPN(ctx, s.q); r.RspCode != s.want {
				t.Errorf("IPN %s = %+v; want %s", s.name, r, s.want)
			}
		}
		a, err := f.ps.Payment(ctx, f.users["congdan"], st.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != payment.StatusPaid || !a.Counted || a.ResponseCode != "00" {
			t.Fatalf("attempt = %+v; want paid, counted", a)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM payment_events WHERE source = 'ipn'`); n != len(steps) {
			t.Fatalf("ipn events = %d; want %d, one per IPN", n, len(steps))
		}
		if n := f.count(t, `SELECT COUNT(*) FROM payment_events WHERE source = 'ipn' AND verified = 0 AND outcome = '97'`); n != 3 {
			t.Fatalf("refused forged events = %d; want 3", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'payment.%'`); n != 1 {
			t.Fatalf("payment audit entries = %d; want 1", n)
		}
		// The reversal after the success is for an accountant: the invoice stays paid.
		if n := f.count(t, `SELECT COUNT(*) FROM payment_reviews WHERE kind = 'gateway_mismatch' AND payment_id = ?`, st.ID); n != 1 {
			t.Fatalf("reviews of the reversal = %d; want 1", n)
		}
		// The ledger of events is append-only on both engines.
		if _, err := d.Exec(ctx, `UPDATE payment_events SET outcome = 'x'`); err == nil {
			t.Fatal("payment_events was updated")
		}
		if _, err := d.Exec(ctx, `DELETE FROM payment_events`); err == nil {
			t.Fatal("payment_events was deleted from")
		}
	})
}

// A failed payment is recorded once; the invoice stays unpaid and a new attempt can pay it.
func TestIPNFailedThenNewAttempt(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		sub := f.submit(t, feeProc)
		inv := f.invoice(t, sub.Code)
		first := f.pay(t, inv.ID)
		if r := f.ps.IPN(ctx, ipn(t, secret, first.ID, 7000, "24")); r.RspCode != "00" {
			t.Fatalf("failed IPN = %+v; want 00 (recorded)", r)
		}
		if r := f.ps.IPN(ctx, ipn(t, secret, first.ID, 7000, "51")); r.RspCode != "02" {
			t.Fatalf("failure after failure = %+v; want 02", r)
		}
		if got := f.invoice(t, sub.Code).Status; got != payment.InvoiceUnpaid {
			t.Fatalf("invoice = %s; want unpaid", got)
		}
		second := f.pay(t, inv.ID)
		if r := f.ps.IPN(ctx, ipn(t, secret, second.ID, 7000, "00")); r.RspCode != "00" {
			t.Fatalf("second attempt IPN = %+v; want 00", r)
		}
		if got := f.status(t, sub.Code); got != dossier.StatusSubmitted {
			t.Fatalf("dossier = %s; want submitted", got)
		}
	})
}

// A success for an attempt recorded as failed is not lost, since the money moved: the attempt
// becomes paid and pays the invoice, or, when another attempt paid it meanwhile, is refunded
// and reviewed. Either way the invoice is counted paid once.
func TestIPNSuccessAfterFailure(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		sub := f.submit(t, feeProc)
		inv := f.invoice(t, sub.Code)
		first := f.pay(t, inv.ID)
		if r := f.ps.IPN(ctx, ipn(t, secret, first.ID, 7000, "24")); r.RspCode != "00" {
			t.Fatalf("failed IPN = %+v; want 00", r)
		}
		if r := f.ps.IPN(ctx, ipn(t, secret, first.ID, 7000, "00")); r.RspCode != "00" {
			t.Fatalf("success after failure = %+v; want 00 (recorded)", r)
		}
		a, _ := f.ps.Payment(ctx, f.users["congdan"], first.ID)
		if a.Status != payment.StatusPaid || !a.Counted || a.ResponseCode != "00" {
			t.Fatalf("attempt = %+v; want paid, counted", a)
		}
		if got := f.invoice(t, sub.Code); got.Status != payment.InvoicePaid || got.PaymentID != first.ID {
			t.Fatalf("invoice = %+v; want paid by %s", got, first.ID)
		}
		if got := f.status(t, sub.Code); got != dossier.StatusSubmitted {
			t.Fatalf("dossier = %s; want submitted", got)
		}
		if r := f.ps.IPN(ctx, ipn(t, secret, first.ID, 7000, "00")); r.RspCode != "02" {
			t.Fatalf("repeated success = %+v; want 02", r)
		}

		// Another dossier: the citizen paid again after the failure, and that attempt paid
		// first; the late success of the failed one is money taken twice.
		sub2 := f.submit(t, feeProc)
		inv2 := f.invoice(t, sub2.Code)
		failed := f.pay(t, inv2.ID)
		f.ps.IPN(ctx, ipn(t, secret, failed.ID, 7000, "11"))
		again := f.pay(t, inv2.ID)
		if r := f.ps.IPN(ctx, ipn(t, secret, again.ID, 7000, "00")); r.RspCode != "00" {
			t.Fatalf("new attempt = %+v; want 00", r)
		}
		if r := f.ps.IPN(ctx, ipn(t, secret, failed.ID, 7000, "00")); r.RspCode != "00" {
			t.Fatalf("late success of the failed attempt = %+v; want 00 (recorded)", r)
		}
		a, _ = f.ps.Payment(ctx, f.users["congdan"], failed.ID)
		if a.Status != payment.StatusPaid || a.Counted {
			t.Fatalf("late attempt = %+v; want paid, not counted", a)
		}
		if got := f.invoice(t, sub2.Code); got.PaymentID != again.ID {
			t.Fatalf("invoice paid by %s; want %s", got.PaymentID, again.ID)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM refunds WHERE payment_id = ? AND amount_vnd = 7000`, failed.ID); n != 1 {
			t.Fatalf("refunds of the late attempt = %d; want 1", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM payment_reviews WHERE kind = 'duplicate' AND payment_id = ?`, failed.ID); n != 1 {
			t.Fatalf("reviews = %d; want 1", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM payments WHERE invoice_id = ? AND counted = 1`, inv2.ID); n != 1 {
			t.Fatalf("counted attempts = %d; want 1", n)
		}
	})
}

// A pending IPN (vnp_TransactionStatus 01) is recorded and answered 00 but settles nothing:
// the attempt stays pending and the success that follows pays the invoice. A debit held as
// suspected fraud (07) waits the same way, and an accountant is asked to review it.
func TestIPNPending(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		sub := f.submit(t, feeProc)
		st := f.pay(t, f.invoice(t, sub.Code).ID)
		pending := ipn(t, secret, st.ID, 7000, "99")
		pending.Set("vnp_TransactionStatus", "01")
		resign(t, pending)
		held := ipn(t, secret, st.ID, 7000, "07")
		held.Set("vnp_TransactionStatus", "07")
		resign(t, held)
		for i, q := range []url.Values{pending, held, held} {
			if r := f.ps.IPN(ctx, q); r.RspCode != "00" {
				t.Fatalf("not finished IPN #%d = %+v; want 00 (recorded)", i+1, r)
			}
			a, _ := f.ps.Payment(ctx, f.users["congdan"], st.ID)
			if a.Status != payment.StatusPending || a.SettledAt != nil {
				t.Fatalf("attempt after not finished IPN #%d = %+v; want pending", i+1, a)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM payment_reviews WHERE kind = 'gateway_mismatch' AND payment_id = ?`, st.ID); n != 1 {
			t.Fatalf("reviews of the held debit = %d; want 1", n)
		}
		if got := f.invoice(t, sub.Code).Status; got != payment.InvoiceUnpaid {
			t.Fatalf("invoice = %s; want unpaid", got)
		}
		if r := f.ps.IPN(ctx, ipn(t, secret, st.ID, 7000, "00")); r.RspCode != "00" {
			t.Fatalf("success = %+v; want 00", r)
		}
		if r := f.ps.IPN(ctx, pending); r.RspCode != "02" {
			t.Fatalf("stale pending after success = %+v; want 02", r)
		}
		a, _ := f.ps.Payment(ctx, f.users["congdan"], st.ID)
		if a.Status != payment.StatusPaid || !a.Counted {
			t.Fatalf("attempt = %+v; want paid, counted", a)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM payment_events WHERE payment_id = ? AND source = 'ipn'`, st.ID); n != 5 {
			t.Fatalf("ipn events = %d; want 5", n)
		}
	})
}

// Twenty identical IPNs at once: one is confirmed, the rest are 02, money moves once.
func TestConcurrentIPNs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		sub := f.submit(t, feeProc)
		st := f.pay(t, f.invoice(t, sub.Code).ID)
		q := ipn(t, secret, st.ID, 7000, "00")
		var wg sync.WaitGroup
		var mu sync.Mutex
		codes := map[string]int{}
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := f.ps.IPN(ctx, q)
				mu.Lock()
				codes[r.RspCode]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		if codes["00"] != 1 || codes["02"] != 19 {
			t.Fatalf("replies = %v; want one 00 and 19 02", codes)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'payment.paid'`); n != 1 {
			t.Fatalf("payment.paid = %d; want 1", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
			WHERE d.code = ? AND e.action = 'payment'`, sub.Code); n != 1 {
			t.Fatalf("dossier payment events = %d; want 1", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM payment_events`); n != 20 {
			t.Fatalf("events = %d; want 20", n)
		}
	})
}

// A second attempt paid after the first is recorded, not counted, and queued for refund.
func TestSecondPaymentRefunded(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		sub := f.submit(t, feeProc)
		inv := f.invoice(t, sub.Code)
		first, second := f.pay(t, inv.ID), f.pay(t, inv.ID)
		for _, id := range []string{first.ID, second.ID} {
			if r := f.ps.IPN(ctx, ipn(t, secret, id, 7000, "00")); r.RspCode != "00" {
				t.Fatalf("IPN %s = %+v; want 00", id, r)
			}
		}
		a, _ := f.ps.Payment(ctx, f.users["congdan"], second.ID)
		if a.Status != payment.StatusPaid || a.Counted {
			t.Fatalf("second attempt = %+v; want paid, not counted", a)
		}
		if got := f.invoice(t, sub.Code); got.PaymentID != first.ID {
			t.Fatalf("invoice paid by %s; want %s", got.PaymentID, first.ID)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM refunds WHERE payment_id = ? AND amount_vnd = 7000 AND status = 'pending'`, second.ID); n != 1 {
			t.Fatalf("refunds of the second = %d; want 1", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM payment_reviews WHERE kind = 'duplicate' AND payment_id = ?`, second.ID); n != 1 {
			t.Fatalf("reviews = %d; want 1", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM payments WHERE invoice_id = ? AND counted = 1`, inv.ID); n != 1 {
			t.Fatalf("counted attempts = %d; want 1", n)
		}
		// The database itself refuses a second counted attempt.
		if _, err := d.Exec(ctx, `UPDATE payments SET counted = 1 WHERE id = ?`, second.ID); err == nil {
			t.Fatal("a second attempt was counted")
		}
	})
}

// bills is a fake "bill" Payables.
type bills struct {
	mu   sync.Mutex
	paid map[string]string
}

func (b *bills) Owed(ctx context.Context, payer *org.User, ref string) (int64, string, string, error) {
	if ref != "EVN-2026-11-PD0001" {
		return 0, "", "", errNoBill
	}
	return 345000, "EVNHN", "Tiền điện tháng 11/2026", nil
}

func (b *bills) Paid(ctx context.Context, tx *db.Tx, ref, paymentID string, at time.Time) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.paid[ref] += paymentID + ";"
	return nil
}

// A bill's invoice is raised through its Payables and paid once through the same IPN.
func TestBillThroughPayables(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		b := &bills{paid: map[string]string{}}
		f.ps.Register(payment.KindBill, b)
		u := f.users["congdan"]
		_, err := f.ps.Pay(ctx, u, payment.PayInput{Bill: "NOPE", Method: "vnpay"}, "", "")
		wantCode(t, err, "bill_not_found")
		_, err = f.ps.Pay(ctx, u, payment.PayInput{Bill: "EVN-2026-11-PD0001", Method: "vietqr"}, "", "")
		wantCode(t, err, "invalid_payment")
		st, err := f.ps.Pay(ctx, u, payment.PayInput{Bill: "EVN-2026-11-PD0001", Method: "vnpay"}, "", "")
		if err != nil || st.AmountVND != 345000 {
			t.Fatalf("Pay(bill) = %+v, %v; want 345000 đồng", st, err)
		}
		again, err := f.ps.Pay(ctx, u, payment.PayInput{Bill: "EVN-2026-11-PD0001", Method: "vnpay"}, "", "")
		if err != nil || again.InvoiceID != st.InvoiceID {
			t.Fatalf("second Pay(bill) = %+v, %v; want the same invoice %s", again, err, st.InvoiceID)
		}
		for range 2 {
			f.ps.IPN(ctx, ipn(t, secret, st.ID, 345000, "00"))
		}
		if b.paid["EVN-2026-11-PD0001"] != st.ID+";" {
			t.Fatalf("Paid calls = %q; want one, by %s", b.paid["EVN-2026-11-PD0001"], st.ID)
		}
		_, err = f.ps.Pay(ctx, u, payment.PayInput{Bill: "EVN-2026-11-PD0001", Method: "vnpay"}, "", "")
		wantCode(t, err, "invoice_paid")
		mine, total, err := f.ps.Mine(ctx, u, 1, 20)
		if err != nil || total != 2 || len(mine) != 2 || mine[0].Kind != payment.KindBill {
			t.Fatalf("Mine = %d items (%d), %v; want the 2 bill attempts", len(mine), total, err)
		}
	})
}

// VietQR: a dynamic payload to the agency's collection account, the attempt id as purpose.
func TestVietQR(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		sub := f.submit(t, feeProc)
		inv := f.invoice(t, sub.Code)
		_, err := f.ps.Pay(ctx, f.users["congdan"], payment.PayInput{Invoice: inv.ID, Method: "vietqr"}, "", "")
		wantCode(t, err, "no_collection_account")
		if err := f.ps.SetCollectionAccount(ctx, "00070", payment.CollectionAccount{BIN: "970415", Account: "113000012345",
			Holder: "UBND PHUONG HOAN KIEM"}); err != nil {
			t.Fatal(err)
		}
		st, err := f.ps.Pay(ctx, f.users["congdan"], payment.PayInput{Invoice: inv.ID, Method: "vietqr"}, "", "")
		if err != nil {
			t.Fatal(err)
		}
		p, err := vietqr.Parse(st.QRPayload)
		if err != nil {
			t.Fatalf("Parse(%q): %v", st.QRPayload, err)
		}
		if p.BIN != "970415" || p.Account != "113000012345" || p.Amount != 7000 || p.Purpose != st.ID || !p.Dynamic {
			t.Fatalf("payload = %+v; want dynamic 7000 đồng to 970415/113000012345, purpose %s", p, st.ID)
		}
		if st.RedirectURL != "" {
			t.Fatalf("VietQR redirect_url = %q; want none", st.RedirectURL)
		}
		for _, in := range []payment.PayInput{{Method: "vnpay"}, {Invoice: inv.ID, Bill: "x", Method: "vnpay"}, {Invoice: inv.ID, Method: "cash"}} {
			_, err := f.ps.Pay(ctx, f.users["congdan"], in, "", "")
			wantCode(t, err, "invalid_payment")
		}
	})
}

// A process that takes its fee before the result is returned: the dossier is charged at
// approval, return_result is refused while unpaid (409), and payment moves it to done.
func TestFeeBeforeReturn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		def := workflow.Default()
		def.Default, def.ProcedureCode, def.FeeAt = false, feeProc, workflow.FeeAtReturn
		if _, err := f.wf.Publish(ctx, f.users["catalog"], def); err != nil {
			t.Fatal(err)
		}
		bad := workflow.Default()
		bad.Default, bad.ProcedureCode, bad.FeeAt = false, feeProc, "later"
		if _, err := f.wf.Publish(ctx, f.users["catalog"], bad); err == nil || !strings.Contains(err.Error(), "invalid_process") {
			t.Fatalf("Publish(fee_at later) = %v; want invalid_process", err)
		}
		sub := f.submit(t, feeProc)
		if sub.Status != dossier.StatusSubmitted {
			t.Fatalf("submitted status = %s; want submitted (fee at return)", sub.Status)
		}
		for _, s := range []struct{ who, action string }{{"tiepnhan", workflow.Receive}, {"chuyenvien", workflow.Forward},
			{"lanhdao", workflow.Approve}} {
			if _, err := f.wf.Act(ctx, f.users[s.who], sub.Code, workflow.ActionInput{Action: s.action}); err != nil {
				t.Fatalf("%s %s: %v", s.who, s.action, err)
			}
		}
		if s := f.status(t, sub.Code); s != dossier.StatusPayment {
			t.Fatalf("status after approval = %s; want awaiting_payment", s)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM outbox WHERE template = 'dossier_status' AND data LIKE ?`,
			"%"+dossier.StatusPayment.Label(i18n.VI)+"%"); n == 0 {
			t.Error("the applicant was not told that the result waits for the fee")
		}
		_, err := f.wf.Act(ctx, f.users["tiepnhan"], sub.Code, workflow.ActionInput{Action: workflow.ReturnResult})
		wantCode(t, err, "payment_pending")
		st := f.pay(t, f.invoice(t, sub.Code).ID)
		if r := f.ps.IPN(ctx, ipn(t, secret, st.ID, 7000, "00")); r.RspCode != "00" {
			t.Fatalf("IPN = %+v", r)
		}
		if s := f.status(t, sub.Code); s != dossier.StatusDone {
			t.Fatalf("status after payment = %s; want done", s)
		}
		if _, err := f.wf.Act(ctx, f.users["tiepnhan"], sub.Code, workflow.ActionInput{Action: workflow.ReturnResult}); err != nil {
			t.Fatalf("return after payment: %v", err)
		}
	})
}

// Officers see a dossier awaiting payment in their inbox as such; withdrawn meanwhile, its
// invoice is cancelled, and a payment that still arrives is recorded and refunded.
func TestWithdrawnWhileUnpaid(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		sub := f.submit(t, feeProc)
		inbox, err := f.wf.Inbox(ctx, f.users["tiepnhan"], workflow.InboxFilter{Status: dossier.StatusPayment})
		if err != nil || inbox.Total != 1 || inbox.Items[0].Code != sub.Code || inbox.Items[0].StatusCode != 6 {
			t.Fatalf("inbox at awaiting_payment = %+v, %v; want the dossier, code 6", inbox, err)
		}
		inv := f.invoice(t, sub.Code)
		st := f.pay(t, inv.ID)
		if _, err := f.wf.Act(ctx, f.users["congdan"], sub.Code, workflow.ActionInput{Action: workflow.Withdraw, Note: "Không cần nữa"}); err != nil {
			t.Fatalf("withdraw while unpaid: %v", err)
		}
		if got := f.invoice(t, sub.Code).Status; got != payment.InvoiceCancelled {
			t.Fatalf("invoice after withdrawal = %s; want cancelled", got)
		}
		_, err = f.ps.Pay(ctx, f.users["congdan"], payment.PayInput{Invoice: inv.ID, Method: "vnpay"}, "", "")
		wantCode(t, err, "invoice_cancelled")
		if r := f.ps.IPN(ctx, ipn(t, secret, st.ID, 7000, "00")); r.RspCode != "00" {
			t.Fatalf("late IPN = %+v; want 00 (recorded)", r)
		}
		if s := f.status(t, sub.Code); s != dossier.StatusWithdrawn {
			t.Fatalf("dossier = %s; want still withdrawn", s)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM refunds WHERE payment_id = ?`, st.ID); n != 1 {
			t.Fatalf("refunds = %d; want 1", n)
		}
	})
}

// No deadline runs against the officers while the applicant pays: the inbox shows the dossier
// ok and the sweeper passes it by, however late; once paid, reception has its time again.
func TestNoDeadlineWhileUnpaid(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		sub := f.submit(t, feeProc)
		// The applicant took a week to pay.
		week := time.Now().AddDate(0, 0, -7)
		if _, err := d.Exec(ctx, `UPDATE dossiers SET step_due_at = ? WHERE code = ?`, week, sub.Code); err != nil {
			t.Fatal(err)
		}
		inbox, err := f.wf.Inbox(ctx, f.users["tiepnhan"], workflow.InboxFilter{})
		if err != nil || inbox.Total != 1 || inbox.Items[0].SLA != "ok" {
			t.Fatalf("inbox = %+v, %v; want the unpaid dossier, ok", inbox, err)
		}
		rep, err := f.wf.Sweep(ctx)
		if err != nil || rep.Checked != 0 {
			t.Fatalf("Sweep = %+v, %v; want nothing checked", rep, err)
		}
		st := f.pay(t, f.invoice(t, sub.Code).ID)
		if r := f.ps.IPN(ctx, ipn(t, secret, st.ID, 7000, "00")); r.RspCode != "00" {
			t.Fatalf("IPN = %+v", r)
		}
		inbox, err = f.wf.Inbox(ctx, f.users["tiepnhan"], workflow.InboxFilter{})
		if err != nil || inbox.Total != 1 || inbox.Items[0].SLA == "overdue" || inbox.Items[0].StepDueAt == nil ||
			!inbox.Items[0].StepDueAt.After(time.Now()) {
			t.Fatalf("inbox after payment = %+v, %v; want reception due after now", inbox.Items, err)
		}
	})
}

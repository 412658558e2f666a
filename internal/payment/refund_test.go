package payment_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/payment/refund"
	"github.com/motcua/motcua/internal/vnpay"
	"github.com/motcua/motcua/internal/vnpay/sandbox"
	"github.com/motcua/motcua/internal/vntime"
)

// refundGateway is the fixture's terminal served by a real sandbox over HTTP.
func (f *fixture) refundGateway(t *testing.T) (*sandbox.Sandbox, refund.VNPay) {
	t.Helper()
	sb, err := sandbox.New(sandbox.Options{DB: f.d, Terminal: vnpay.Config{TmnCode: "MOTCUA01", HashSecret: secret,
		URL: sandbox.DefaultPrefix + "/paymentv2/vpcpay.html"}, IPNURL: "http://127.0.0.1:9/ipn"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb.Handler())
	t.Cleanup(srv.Close)
	return sb, refund.VNPay{Merchant: f.ps.Merchant(), Client: srv.Client(), APIURL: srv.URL + sb.QueryPath()}
}

// paidAtSandbox records attempt id as the sandbox would once its payer confirmed, and lets the
// ledger hear of it by an IPN carrying the sandbox's transaction number.
func (f *fixture) paidAtSandbox(t *testing.T, id string) {
	t.Helper()
	ctx := context.Background()
	a, err := f.ps.Payment(ctx, f.users["congdan"], id)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if _, err := f.d.Exec(ctx, `INSERT INTO vnpay_sandbox_txns (tmn_code, txn_ref, amount_vnd, order_info, create_date,
		expire_at, return_url, response_code, transaction_status, bank_code, pay_date, created_at)
		VALUES ('MOTCUA01', ?, ?, 'Thanh toan', ?, ?, 'https://x/r', '00', '00', 'NCB', ?, ?)`,
		a.ID, a.AmountVND, a.CreatedAt.In(vntime.Location()).Format(vnpay.DateLayout), now.Add(time.Hour), now, now); err != nil {
		t.Fatal(err)
	}
	var no int64
	if err := f.d.QueryRow(ctx, `SELECT id FROM vnpay_sandbox_txns WHERE txn_ref = ?`, a.ID).Scan(&no); err != nil {
		t.Fatal(err)
	}
	q := ipn(t, secret, a.ID, a.AmountVND, "00")
	q.Set("vnp_TransactionNo", strconv.FormatInt(no, 10))
	resign(t, q)
	if r := f.ps.IPN(ctx, q); r.RspCode != "00" {
		t.Fatalf("IPN %s = %+v; want 00", a.ID, r)
	}
}

func (f *fixture) refundOf(t *testing.T, id string) payment.Refund {
	t.Helper()
	rs, err := f.ps.Refunds(context.Background(), id)
	if err != nil || len(rs) != 1 {
		t.Fatalf("Refunds(%s) = %+v, %v; want one", id, rs, err)
	}
	return rs[0]
}

// A second VNPay payment of a paid invoice is refunded through VNPay's refund API by the queue:
// while the gateway is down the job fails and is retried, then the refund ends done with VNPay's
// 00, its answer in the ledger, audited, once; the sandbox refunded exactly the payment.
func TestDuplicateRefundedThroughSandbox(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		sb, gw := f.refundGateway(t)
		rs := refund.New(d, f.ps)
		inv := f.invoice(t, f.submit(t, feeProc).Code)
		first, second := f.pay(t, inv.ID), f.pay(t, inv.ID)
		f.paidAtSandbox(t, first.ID)
		f.paidAtSandbox(t, second.ID)
		if n := f.count(t, `SELECT COUNT(*) FROM jobs WHERE kind = ? AND state = 'queued'`, payment.RefundKind); n != 1 {
			t.Fatalf("refund jobs = %d; want 1, for the second payment", n)
		}
		clock := time.Now()
		q := job.New(d, nil)
		q.Now = func() time.Time { return clock }
		q.Register(rs.Job(gw))

		sb.SetFaults(sandbox.Faults{Down: true})
		if _, err := q.Work(ctx, payment.RefundKind); err != nil {
			t.Fatal(err)
		}
		if r := f.refundOf(t, second.ID); r.Status != refund.Pending {
			t.Fatalf("refund while the gateway is down = %+v; want pending", r)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM jobs WHERE kind = ? AND state = 'queued' AND attempts = 1 AND last_error <> ''`, payment.RefundKind); n != 1 {
			t.Fatalf("failed refund jobs waiting for a retry = %d; want 1", n)
		}
		sb.SetFaults(sandbox.Faults{})
		clock = clock.Add(2 * time.Minute) // past the backoff
		if _, err := q.Work(ctx, payment.RefundKind); err != nil {
			t.Fatal(err)
		}
		r := f.refundOf(t, second.ID)
		if r.Status != refund.Done || r.Outcome != vnpay.RefundOK || r.DoneAt == nil || r.AmountVND != 7000 {
			t.Fatalf("refund once up = %+v; want done with 00", r)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM jobs WHERE kind = ? AND state = 'done'`, payment.RefundKind); n != 1 {
			t.Errorf("done refund jobs = %d; want 1", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM payment_events WHERE payment_id = ? AND source = 'query' AND outcome = 'refund 00'`, second.ID); n != 1 {
			t.Errorf("refund answers in the ledger = %d; want 1", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'payment.refund_done' AND object = ?`, second.ID); n != 1 {
			t.Errorf("audit entries = %d; want 1", n)
		}
		// Done once: sending it again asks nothing of the gateway.
		if err := rs.Send(ctx, gw, second.ID); err != nil {
			t.Fatal(err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM payment_events WHERE payment_id = ? AND outcome LIKE 'refund%'`, second.ID); n != 1 {
			t.Errorf("refund answers after a second send = %d; want 1", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM vnpay_sandbox_txns WHERE txn_ref = ? AND refund_vnd = 7000`, second.ID); n != 1 {
			t.Errorf("sandbox refunds of the second = %d; want 7.000 once", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM vnpay_sandbox_txns WHERE txn_ref = ? AND refund_vnd = 0`, first.ID); n != 1 {
			t.Errorf("the first payment was refunded at the sandbox")
		}
		// VNPay's refund is closed by VNPay only.
		_, err := rs.Close(ctx, f.users["ketoan"], second.ID, refund.CloseInput{Status: refund.Done, Note: "đã chuyển"})
		wantCode(t, err, "refund_by_gateway")
	})
}

// A refund asked of more than the payment is never sent; one VNPay refuses ends rejected with
// VNPay's code.
func TestRefundExceedsOrRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		_, gw := f.refundGateway(t)
		rs := refund.New(d, f.ps)
		st := f.pay(t, f.invoice(t, f.submit(t, feeProc).Code).ID)
		f.paidAtSandbox(t, st.ID)
		if _, err := f.ps.RequestRefund(ctx, f.users["ketoan"], st.ID, payment.RefundInput{Reason: "Hồ sơ bị từ chối"}); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `UPDATE refunds SET amount_vnd = 7001 WHERE payment_id = ?`, st.ID); err != nil {
			t.Fatal(err)
		}
		if err := rs.Send(ctx, gw, st.ID); !errors.Is(err, job.ErrPermanent) {
			t.Fatalf("Send of 7.001 for 7.000 = %v; want a permanent failure", err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM vnpay_sandbox_txns WHERE txn_ref = ? AND refund_vnd = 0`, st.ID); n != 1 {
			t.Fatal("the sandbox was asked a refund larger than the payment")
		}
		// VNPay does not know the transaction (its record gone): 91, rejected.
		if _, err := d.Exec(ctx, `UPDATE refunds SET amount_vnd = 7000 WHERE payment_id = ?`, st.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `DELETE FROM vnpay_sandbox_txns WHERE txn_ref = ?`, st.ID); err != nil {
			t.Fatal(err)
		}
		if err := rs.Send(ctx, gw, st.ID); err != nil {
			t.Fatal(err)
		}
		if r := f.refundOf(t, st.ID); r.Status != refund.Rejected || r.Outcome != vnpay.RefundNotFound || r.RequestedBy != "ketoan" {
			t.Errorf("refund = %+v; want rejected with 91", r)
		}
	})
}

// A VietQR refund is the accountant's transfer: no job sends it; the accountant marks it done
// with a note, once; others cannot.
func TestVietQRRefundMarkedDone(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		f.account(t)
		rs := refund.New(d, f.ps)
		kt := f.users["ketoan"]
		_, st := f.vietqrAttempt(t)
		if _, err := f.ps.RecordCredit(ctx, f.ketoanAgency(t), payment.Credit{BankTxn: "B1", BookedAt: f.now, AmountVND: 7000,
			Description: st.ID}, payment.SourceStatement, kt.ID); err != nil {
			t.Fatal(err)
		}
		_, err := rs.Close(ctx, kt, st.ID, refund.CloseInput{Status: refund.Done, Note: "UNC 123"})
		wantCode(t, err, "refund_not_found")
		if _, err := f.ps.RequestRefund(ctx, kt, st.ID, payment.RefundInput{Reason: "Nộp nhầm hồ sơ"}); err != nil {
			t.Fatal(err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM jobs WHERE kind = ?`, payment.RefundKind); n != 0 {
			t.Errorf("refund jobs for a VietQR refund = %d; want none", n)
		}
		_, err = rs.Close(ctx, kt, st.ID, refund.CloseInput{Status: "sent", Note: " "})
		wantCode(t, err, "invalid_close")
		_, err = rs.Close(ctx, f.users["congdan"], st.ID, refund.CloseInput{Status: refund.Done, Note: "UNC 123"})
		wantCode(t, err, "payment_not_found")
		r, err := rs.Close(ctx, kt, st.ID, refund.CloseInput{Status: refund.Done, Note: "Đã chuyển trả, UNC 123"})
		if err != nil || r.Status != refund.Done || r.Outcome != "Đã chuyển trả, UNC 123" || r.ClosedBy != "ketoan" || r.DoneAt == nil {
			t.Fatalf("Close = %+v, %v; want done by ketoan with the note", r, err)
		}
		_, err = rs.Close(ctx, kt, st.ID, refund.CloseInput{Status: refund.Rejected, Note: "nhầm"})
		wantCode(t, err, "refund_closed")
		if r := f.refundOf(t, st.ID); r.Status != refund.Done {
			t.Errorf("refund after a second close = %+v; want still done", r)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'payment.refund_done' AND object = ?`, st.ID); n != 1 {
			t.Errorf("audit entries = %d; want 1", n)
		}
	})
}

package payment_test

import (
	"context"
	"net/url"
	"strconv"
	"testing"

	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/vnpay"
)

// FuzzIPN: whatever arrives at the IPN — any query, or correctly signed notifications of any
// amount, response code and transaction status for any of three attempts of one invoice — the
// reply is one of VNPay's, every call is one event in the ledger, the invoice is counted paid
// by one attempt at most, exactly when it is paid, a paid attempt stays paid, every paid attempt
// is either the counted one or queued for refund (no money lost), and a pending notification
// (standards.md §2: status 01 or 07) never settles an attempt.
func FuzzIPN(f *testing.F) {
	fx := setup(f, dbtest.SQLite(f))
	sub := fx.submit(f, feeProc)
	inv := fx.invoice(f, sub.Code)
	ids := []string{fx.pay(f, inv.ID).ID, fx.pay(f, inv.ID).ID, fx.pay(f, inv.ID).ID}
	f.Add("vnp_TxnRef="+ids[0]+"&vnp_Amount=700000&vnp_ResponseCode=00", false, uint8(0), int64(7000), "00", "00")
	f.Add("", true, uint8(1), int64(7000), "24", "02")
	f.Add("", true, uint8(1), int64(7000), "00", "00")
	f.Add("", true, uint8(2), int64(7000), "99", "01")
	f.Add("", true, uint8(2), int64(7000), "07", "07")
	f.Add("", true, uint8(2), int64(7000), "00", "00")
	f.Add("", true, uint8(0), int64(7000), "00", "04")
	f.Add("", true, uint8(0), int64(6999), "00", "00")
	f.Add("", true, uint8(1), int64(-7000), "00", "00")
	f.Add("vnp_SecureHash=00&vnp_SecureHash=11&%zz", false, uint8(0), int64(0), "", "")
	ctx := context.Background()
	calls := fx.count(f, `SELECT COUNT(*) FROM payment_events`)
	f.Fuzz(func(t *testing.T, raw string, sign bool, which uint8, amount int64, code, status string) {
		q, _ := url.ParseQuery(raw)
		ref := ""
		if sign {
			ref = ids[int(which)%len(ids)]
			q = url.Values{"vnp_TmnCode": {"MOTCUA01"}, "vnp_TxnRef": {ref},
				"vnp_Amount": {strconv.FormatInt(amount, 10) + "00"}, "vnp_ResponseCode": {code}, "vnp_TransactionStatus": {status}}
			h, err := vnpay.SignQuery(secret, q)
			if err != nil {
				t.Fatal(err)
			}
			q.Set("vnp_SecureHash", h)
		}
		before := statuses(t, fx, ids)
		switch r := fx.ps.IPN(ctx, q); r.RspCode {
		case "00", "01", "02", "04", "97":
		default:
			t.Fatalf("IPN(%q) = %+v", q.Encode(), r)
		}
		calls++
		if n := fx.count(t, `SELECT COUNT(*) FROM payment_events`); n != calls {
			t.Fatalf("events = %d after %d calls", n, calls)
		}
		counted := fx.count(t, `SELECT COUNT(*) FROM payments WHERE invoice_id = ? AND counted = 1`, inv.ID)
		paid := fx.count(t, `SELECT COUNT(*) FROM invoices WHERE id = ? AND status = 'paid'`, inv.ID)
		if counted > 1 || counted != paid {
			t.Fatalf("counted attempts = %d, invoice paid = %d", counted, paid)
		}
		if n := fx.count(t, `SELECT COUNT(*) FROM payments p WHERE p.invoice_id = ? AND p.status = 'paid' AND p.counted = 0
			AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id)`, inv.ID); n != 0 {
			t.Fatalf("%d paid attempts neither counted nor refunded", n)
		}
		after := statuses(t, fx, ids)
		for i, id := range ids {
			if before[i] == payment.StatusPaid && after[i] != payment.StatusPaid {
				t.Fatalf("attempt %s went from paid to %s", id, after[i])
			}
			p := vnpay.Payment{ResponseCode: code, TransactionStatus: status}
			if sign && id == ref && p.Pending() && after[i] != before[i] {
				t.Fatalf("pending IPN %s/%s moved %s from %s to %s", code, status, id, before[i], after[i])
			}
		}
	})
}

func statuses(t *testing.T, fx *fixture, ids []string) []string {
	t.Helper()
	out := make([]string, len(ids))
	for i, id := range ids {
		if err := fx.d.QueryRow(context.Background(), `SELECT status FROM payments WHERE id = ?`, id).Scan(&out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

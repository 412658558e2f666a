package payment_test

import (
	"context"
	"net/url"
	"strconv"
	"testing"

	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/vnpay"
)

// FuzzIPN: whatever arrives at the IPN — any query, or correctly signed notifications of any
// amount and result for any of three attempts of one invoice — the reply is one of VNPay's,
// every call is one event in the ledger, and the invoice is counted paid by one attempt at most,
// exactly when it is paid.
func FuzzIPN(f *testing.F) {
	fx := setup(f, dbtest.SQLite(f))
	sub := fx.submit(f, feeProc)
	inv := fx.invoice(f, sub.Code)
	ids := []string{fx.pay(f, inv.ID).ID, fx.pay(f, inv.ID).ID, fx.pay(f, inv.ID).ID}
	f.Add("vnp_TxnRef="+ids[0]+"&vnp_Amount=700000&vnp_ResponseCode=00", false, uint8(0), int64(7000), "00")
	f.Add("", true, uint8(1), int64(7000), "24")
	f.Add("", true, uint8(2), int64(7000), "00")
	f.Add("", true, uint8(0), int64(6999), "00")
	f.Add("", true, uint8(1), int64(-7000), "00")
	f.Add("vnp_SecureHash=00&vnp_SecureHash=11&%zz", false, uint8(0), int64(0), "")
	ctx := context.Background()
	calls := fx.count(f, `SELECT COUNT(*) FROM payment_events`)
	f.Fuzz(func(t *testing.T, raw string, sign bool, which uint8, amount int64, code string) {
		q, _ := url.ParseQuery(raw)
		if sign {
			q = url.Values{"vnp_TmnCode": {"MOTCUA01"}, "vnp_TxnRef": {ids[int(which)%len(ids)]},
				"vnp_Amount": {strconv.FormatInt(amount, 10) + "00"}, "vnp_ResponseCode": {code}, "vnp_TransactionStatus": {code}}
			h, err := vnpay.SignQuery(secret, q)
			if err != nil {
				t.Fatal(err)
			}
			q.Set("vnp_SecureHash", h)
		}
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
	})
}

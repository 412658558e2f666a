package payment_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/payment"
)

// Settlements running at once take consecutive receipt numbers of their issuer's series, with
// neither gap nor duplicate, each queueing its receipt; a payment that paid nothing gets none.
func TestReceiptNumbers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		const n = 8
		ids := make([]string, n)
		for i := range ids {
			ids[i] = f.pay(t, f.invoice(t, f.submit(t, feeProc).Code).ID).ID
		}
		var wg sync.WaitGroup
		for _, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if r := f.ps.IPN(ctx, ipn(t, secret, id, 7000, "00")); r.RspCode != "00" {
					t.Errorf("IPN(%s) = %+v; want 00", id, r)
				}
			}()
		}
		wg.Wait()
		var got []int64
		for _, id := range ids {
			r, err := f.ps.Receipt(ctx, id)
			if err != nil {
				t.Fatalf("Receipt(%s): %v", id, err)
			}
			want := fmt.Sprintf("MC%02dE", f.now.Year()%100)
			if r.Issuer != "00070" || r.AgencyCode != "00070" || r.Template != payment.DefaultReceiptTemplate || r.Symbol != want ||
				r.TotalVND != 7000 || r.PayerID != f.users["congdan"].ID || r.PayerName == "" || len(r.Lines) != 1 || r.DossierCode == "" {
				t.Fatalf("Receipt(%s) = %+v; want 00070's, series %s/%s, 7000 đồng to congdan", id, r, payment.DefaultReceiptTemplate, want)
			}
			got = append(got, r.Number)
		}
		slices.Sort(got)
		for i, v := range got {
			if v != int64(i+1) {
				t.Fatalf("receipt numbers = %v; want 1..%d", got, n)
			}
		}
		if c := f.count(t, `SELECT COUNT(*) FROM jobs WHERE kind = ?`, payment.ReceiptKind); c != n {
			t.Fatalf("%s jobs = %d; want %d", payment.ReceiptKind, c, n)
		}

		// The agency registers its series: the next receipt is number 1 of it, the year put in.
		if err := f.ps.SetReceiptSeries(ctx, "test", "00070", payment.Series{Template: "01BLP0-002", Symbol: "HKYYP"}); err != nil {
			t.Fatal(err)
		}
		id := f.pay(t, f.invoice(t, f.submit(t, feeProc).Code).ID).ID
		f.ps.IPN(ctx, ipn(t, secret, id, 7000, "00"))
		r, err := f.ps.Receipt(ctx, id)
		if want := fmt.Sprintf("HK%02dP", f.now.Year()%100); err != nil || r.Template != "01BLP0-002" || r.Symbol != want || r.Number != 1 {
			t.Fatalf("Receipt after SetReceiptSeries = %+v, %v; want 01BLP0-002/%s number 1", r, err, want)
		}
		err = f.ps.SetReceiptSeries(ctx, "test", "NOPE", payment.Series{Template: "", Symbol: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
		if e, ok := apperr.As(err); !ok || e.Code != "invalid_receipt_series" || len(e.Fields) != 3 {
			t.Fatalf("SetReceiptSeries(no such agency, empty, too long) = %v; want invalid_receipt_series naming the three fields", err)
		}
		if c := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE action = 'payment.receipt_series' AND object = '00070'`); c != 1 {
			t.Fatalf("receipt series audit entries = %d; want 1", c)
		}
		if err := f.ps.SetReceiptSeries(ctx, "test", "bill:EVNHN", payment.Series{Template: "01BLP0-001", Symbol: "EVYYE"}); err != nil {
			t.Fatal(err)
		}
		if ss, err := f.ps.ReceiptSeries(ctx); err != nil || len(ss) != 2 || ss[0].Issuer != "00070" || ss[1].Symbol != "EVYYE" {
			t.Fatalf("ReceiptSeries = %+v, %v; want 00070's and bill:EVNHN's", ss, err)
		}

		// A second successful payment of a paid invoice is refunded: no receipt number.
		sub := f.submit(t, feeProc)
		inv := f.invoice(t, sub.Code)
		first, second := f.pay(t, inv.ID), f.pay(t, inv.ID)
		f.ps.IPN(ctx, ipn(t, secret, first.ID, 7000, "00"))
		f.ps.IPN(ctx, ipn(t, secret, second.ID, 7000, "00"))
		_, err = f.ps.Receipt(ctx, second.ID)
		wantCode(t, err, "receipt_not_issued")
		if c := f.count(t, `SELECT COUNT(*) FROM payment_receipts WHERE payment_id = ?`, second.ID); c != 0 {
			t.Fatalf("receipts of the refunded payment = %d; want 0", c)
		}
		if c := f.count(t, `SELECT COUNT(*) FROM payment_receipts WHERE issuer = '00070' AND symbol = ?`, fmt.Sprintf("HK%02dP", f.now.Year()%100)); c != 2 {
			t.Fatalf("receipts of the new series = %d; want 2", c)
		}
	})
}

// The applicant hears of the fee received, in the settlement's transaction.
func TestFeeReceivedNotified(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		sub := f.submit(t, feeProc)
		st := f.pay(t, f.invoice(t, sub.Code).ID)
		if c := f.count(t, `SELECT COUNT(*) FROM outbox WHERE template = 'fee_received'`); c != 0 {
			t.Fatalf("fee_received before payment = %d; want 0", c)
		}
		f.ps.IPN(ctx, ipn(t, secret, st.ID, 7000, "00"))
		f.ps.IPN(ctx, ipn(t, secret, st.ID, 7000, "00")) // repeated: told once
		if c := f.count(t, `SELECT COUNT(*) FROM outbox WHERE template = 'fee_received' AND user_id = ?`, f.users["congdan"].ID); c < 1 {
			t.Fatalf("fee_received messages = %d; want at least one (e-mail or SMS)", c)
		}
		var perChannel int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE template = 'fee_received' AND channel = 'email'`).Scan(&perChannel); err != nil {
			t.Fatal(err)
		}
		if perChannel > 1 {
			t.Fatalf("fee_received e-mails = %d; want at most one", perChannel)
		}
	})
}

// Who may download a receipt: the payer and the payee agency's officers; 409 until paid.
func TestReceipted(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		st := f.pay(t, f.invoice(t, f.submit(t, feeProc).Code).ID)
		_, err := f.ps.Receipted(ctx, f.users["congdan"], st.ID)
		wantCode(t, err, "receipt_not_issued")
		f.ps.IPN(ctx, ipn(t, secret, st.ID, 7000, "00"))
		for _, c := range []struct {
			user string
			code string // "" when allowed
		}{{"congdan", ""}, {"tiepnhan", ""}, {"lanhdao", ""}, {"admin", ""}, {"congdan2", "payment_not_found"}, {"tiepnhan2", "payment_not_found"}} {
			a, err := f.ps.Receipted(ctx, f.users[c.user], st.ID)
			if c.code == "" {
				if err != nil || a.ID != st.ID {
					t.Errorf("Receipted(%s) = %v, %v; want %s", c.user, a, err, st.ID)
				}
				continue
			}
			if e, ok := apperr.As(err); !ok || e.Code != c.code {
				t.Errorf("Receipted(%s) = %v; want %s", c.user, err, c.code)
			}
		}
		_, err = f.ps.Receipted(ctx, nil, st.ID)
		if apperr.KindOf(err) != apperr.KindUnauthenticated {
			t.Fatalf("Receipted(nil) = %v; want unauthenticated", err)
		}
	})
}

// The job hands the issuer the receipt; a bill's receipt is numbered in the biller's series and
// signed by the organisation's root agency.
func TestReceiptJob(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		f.ps.Register(payment.KindBill, &bills{paid: map[string]string{}})
		st, err := f.ps.Pay(ctx, f.users["congdan"], payment.PayInput{Bill: "EVN-2026-11-PD0001", Method: "vnpay"}, "", "")
		if err != nil {
			t.Fatal(err)
		}
		f.ps.IPN(ctx, ipn(t, secret, st.ID, 345000, "00"))
		q := job.New(d, nil)
		var issued []*payment.Receipt
		q.Register(f.ps.ReceiptJob(func(ctx context.Context, r *payment.Receipt) error {
			issued = append(issued, r)
			return nil
		}))
		if n, err := q.Work(ctx, payment.ReceiptKind); err != nil || n != 1 {
			t.Fatalf("Work = %d, %v; want 1 job done", n, err)
		}
		if len(issued) != 1 {
			t.Fatalf("issued %d receipts; want 1", len(issued))
		}
		r := issued[0]
		if r.PaymentID != st.ID || r.Issuer != "bill:EVNHN" || r.Number != 1 || r.AgencyCode == "" || r.AgencyCode == "00070" ||
			r.TotalVND != 345000 || r.PayerName == "" || r.DossierCode != "" || r.Method != payment.MethodVNPay {
			t.Fatalf("receipt = %+v; want bill:EVNHN number 1, signed by the root agency, 345000 đồng", r)
		}
	})
}

// Two replicas (two connection pools on one database, as two servers have) settling at once
// still number the receipts 1..n without gap or duplicate, on both engines.
func TestReceiptNumbersTwoReplicas(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			var url, dir string
			if engine == "postgres" {
				base := dbtest.PostgresURL(t)
				url = dbtest.WithSchema(t, base, dbtest.NewSchema(t, base))
			} else {
				dir = t.TempDir()
			}
			open := func() *db.DB {
				d, err := db.Open(ctx, url, dir)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { d.Close() })
				if _, err := d.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				return d
			}
			r1 := setup(t, open())
			r2 := setup(t, open())
			const n = 12
			ids := make([]string, n)
			for i := range ids {
				ids[i] = r1.pay(t, r1.invoice(t, r1.submit(t, feeProc).Code).ID).ID
			}
			var wg sync.WaitGroup
			for i, id := range ids {
				r := []*fixture{r1, r2}[i%2]
				wg.Add(1)
				go func() {
					defer wg.Done()
					if rep := r.ps.IPN(ctx, ipn(t, secret, id, 7000, "00")); rep.RspCode != "00" {
						t.Errorf("IPN(%s) = %+v; want 00", id, rep)
					}
				}()
			}
			wg.Wait()
			var got []int64
			for _, id := range ids {
				r, err := r2.ps.Receipt(ctx, id)
				if err != nil {
					t.Fatalf("Receipt(%s): %v", id, err)
				}
				got = append(got, r.Number)
			}
			slices.Sort(got)
			for i, v := range got {
				if v != int64(i+1) {
					t.Fatalf("receipt numbers across two replicas = %v; want 1..%d", got, n)
				}
			}
		})
	}
}

package app_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/org"
)

// TestBillsDemo: in the demo city every category has a biller with a sample customer; a
// citizen fetches a bill of each through the API and pays it through the payments API and the
// demo's VNPay sandbox (its page, its IPN); the running queue delivers each IPN and confirms
// each payment to its biller; after a restart the bills are still paid.
func TestBillsDemo(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			a, base := apptest.Start(t, engine)
			ctx := context.Background()
			anon := &client{t: t, base: base}
			var billers struct {
				Items []struct{ Code, Name, Category, Sample_customer string }
			}
			anon.json("GET", "/api/v1/billers", nil, 200, &billers)
			cit := login(t, base, "congdan")
			pay := newPayer(t, a, base)
			u, err := a.Org.User(ctx, "congdan")
			if err != nil {
				t.Fatal(err)
			}
			paid := map[string]string{}     // bill id → biller
			payments := map[string]string{} // bill id → the attempt that paid it
			cats := map[string]bool{}
			for _, b := range billers.Items {
				cats[b.Category] = true
				if b.Sample_customer == "" {
					t.Fatalf("biller %s has no sample_customer in demo mode", b.Code)
				}
				var bills struct {
					Items []struct {
						ID, Period, Due_on, Status string
						Amount_vnd                 int64
					}
				}
				cit.json("GET", "/api/v1/bills?biller="+b.Code+"&customer="+b.Sample_customer, nil, 200, &bills)
				if len(bills.Items) == 0 || bills.Items[0].Status != "unpaid" || bills.Items[0].Amount_vnd <= 0 {
					t.Fatalf("bills of %s %s = %+v; want an unpaid one first", b.Code, b.Sample_customer, bills.Items)
				}
				id := bills.Items[0].ID
				amount, payee, _, err := a.Bills.Owed(ctx, u, id)
				if err != nil || amount != bills.Items[0].Amount_vnd || payee != b.Code {
					t.Fatalf("Owed(%s) = %d, %s, %v; want %d to %s", id, amount, payee, err, bills.Items[0].Amount_vnd, b.Code)
				}
				// Paid through the ledger: the payments API, the sandbox's page, its IPN.
				attempt, _ := pay.payBill(id, "confirm")
				paid[id] = b.Code
				payments[id] = attempt
			}
			for _, c := range []string{"electricity", "water", "telecom", "parking", "school_fee"} {
				if !cats[c] {
					t.Errorf("no demo biller of category %s", c)
				}
			}
			// The running queue delivers the IPNs, then confirms each payment to its biller.
			deadline := time.Now().Add(30 * time.Second)
			for id := range paid {
				for {
					b, err := a.Bills.Bill(ctx, u, id)
					if err != nil {
						t.Fatal(err)
					}
					if b.ConfirmedAt != nil && b.BillerReceipt != "" {
						break
					}
					if time.Now().After(deadline) {
						t.Fatalf("bill %s of %s not confirmed to the biller: %+v", id, paid[id], b)
					}
					time.Sleep(50 * time.Millisecond)
				}
			}
			// A second process on the same database (a restart) holds them paid.
			a2, err := app.Open(ctx, a.Cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatal(err)
			}
			defer a2.Close()
			for id, biller := range paid {
				b, err := a2.Bills.Bill(ctx, &org.User{ID: u.ID}, id)
				if err != nil {
					t.Fatal(err)
				}
				again, err := a2.Bills.Fetch(ctx, u, biller, b.Customer)
				if err != nil {
					t.Fatal(err)
				}
				if again[0].ID != id || again[0].Status != "paid" || again[0].PaidBy != payments[id] {
					t.Errorf("after a restart, %s's bill %s = %+v; want paid by %s", biller, id, again[0], payments[id])
				}
			}
		})
	}
}

package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/payment"
)

// axeAccounts checks the accountant's pages: a VietQR fee paid by a matched credit and an
// unmatched one in the queue, the statement form, the payment's ledger and the day's report.
func axeAccounts(t *testing.T, ctx context.Context, w *axeWalk, a *app.App) {
	t.Helper()
	cit := login(t, w.base, "congdan")
	var sub struct{ Code string }
	cit.json("POST", "/api/v1/dossiers", application(t, a, cit, feeProcedure), 201, &sub)
	var invs struct{ Items []struct{ ID string } }
	cit.json("GET", "/api/v1/dossiers/"+sub.Code+"/invoices", nil, 200, &invs)
	var st struct{ ID string }
	cit.json("POST", "/api/v1/payments", map[string]string{"invoice": invs.Items[0].ID, "method": "vietqr"}, 201, &st)
	ag, err := a.Org.Agency(context.Background(), "00070")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []payment.Credit{{BankTxn: "AXE1", BookedAt: time.Now(), AmountVND: 7000, Description: st.ID},
		{BankTxn: "AXE2", BookedAt: time.Now(), AmountVND: 20000, Description: "chuyen tien"}} {
		if _, err := a.Payments.RecordCredit(context.Background(), ag.ID, c, payment.SourceStatement, 0); err != nil {
			t.Fatal(err)
		}
	}
	signOut(t, ctx, w.base)
	signIn(t, ctx, w.base, "ketoan")
	w.visit("/ke-toan", `form[action^="/ke-toan/doi-soat/"]`)
	w.flow("/ke-toan (a resolution without a note)", "/ke-toan", ".error-summary",
		chromedp.Click(chromedp.CSS(`form[action^="/ke-toan/doi-soat/"] button[type="submit"]`)))
	w.visit("/ke-toan/sao-ke", `input[type="file"]`)
	w.visit("/ke-toan/giao-dich/"+st.ID, `form[action$="/hoan-tien"]`)
	w.visit("/ke-toan/bao-cao", "table")
}

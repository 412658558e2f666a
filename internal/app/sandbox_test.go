package app_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/vnpay"
	"github.com/motcua/motcua/internal/vnpay/sandbox"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/web/webtest/htmlcheck"
)

// sandboxMerchant signs for the demo's built-in gateway, as the payments do in demo mode.
func sandboxMerchant(t *testing.T, base, ref string) (*vnpay.Merchant, string) {
	t.Helper()
	cfg := sandbox.DemoConfig
	cfg.URL = base + cfg.URL
	m, err := vnpay.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	u, err := m.PaymentURL(vnpay.Order{TxnRef: ref, AmountVND: 50_000, Info: "Le phi thu tuc " + ref,
		ReturnURL: base + "/", IPAddr: "127.0.0.1", CreateAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return m, u
}

// TestSandboxDemo: in demo mode with no MOTCUA_VNPAY_* setting, the server itself serves the
// VNPay sandbox behind its middleware (CSP, cross-origin protection, text guard): the pay page
// passes the page checks, its form confirms with a plain POST from the same origin, and
// querydr answers, signed.
func TestSandboxDemo(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			a, base := apptest.Start(t, engine)
			if a.Sandbox == nil {
				t.Fatal("no sandbox in demo mode without VNPay settings")
			}
			if _, ok := a.Queue.Kind(sandbox.KindIPN); !ok {
				t.Errorf("job kind %s not registered", sandbox.KindIPN)
			}
			m, payURL := sandboxMerchant(t, base, "DEMO-"+engine)
			resp, err := noRedirect.Get(payURL)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Security-Policy") == "" {
				t.Fatalf("GET pay page = %d (CSP %q); want 200 behind the middleware", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
			}
			htmlcheck.Page(t, payURL, string(body))
			hidden := regexp.MustCompile(`name="q" value="([^"]*)"`).FindStringSubmatch(string(body))
			if hidden == nil {
				t.Fatalf("no form on the pay page:\n%s", body)
			}
			form := url.Values{"q": {html.UnescapeString(hidden[1])}, "bank": {"NCB"}, "action": {"confirm"}}
			req, _ := http.NewRequest(http.MethodPost, base+"/sandbox/vnpay/paymentv2/confirm.html", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", base)
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			resp, err = noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			loc, _ := url.Parse(resp.Header.Get("Location"))
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc.String(), base+"/?") {
				t.Fatalf("confirm = %d to %s; want 303 to the return URL", resp.StatusCode, loc)
			}
			if p, err := m.VerifyReturn(loc.Query()); err != nil || !p.Paid() || p.AmountVND != 50_000 {
				t.Errorf("return = %+v, %v; want paid 50000", p, err)
			}
			// The attempt is named by its vnp_CreateDate, the pay URL's, not the query's moment
			// (a second may pass between them).
			pu, _ := url.Parse(payURL)
			created, err := time.ParseInLocation(vnpay.DateLayout, pu.Query().Get("vnp_CreateDate"), vntime.Location())
			if err != nil {
				t.Fatalf("vnp_CreateDate of %s: %v", payURL, err)
			}
			r, err := m.QueryDR(context.Background(), nil, base+a.Sandbox.QueryPath(), vnpay.QueryRequest{
				RequestID: "DEMO1", TxnRef: "DEMO-" + engine, TransactionDate: created, OrderInfo: "Truy van",
				IPAddr: "127.0.0.1", CreateAt: time.Now()})
			if err != nil || !r.Paid() {
				t.Errorf("QueryDR = %+v, %v; want paid", r, err)
			}
		})
	}
}

// TestBrowserSandboxPay clicks through the sandbox's pay page in Chromium: choose a bank,
// confirm, and land on the return URL with the signed, paid result.
func TestBrowserSandboxPay(t *testing.T) {
	ctx := browser(t)
	_, base := apptest.Start(t, "sqlite")
	m, payURL := sandboxMerchant(t, base, "BROWSER-1")
	// axe-core on the sandbox's pages (Vietnamese only: VNPay's page, not motcua's), the error
	// page first (a tampered amount).
	w := newAxeWalk(t, ctx, base, nil)
	err := chromedp.Do(ctx, chromedp.Navigate(strings.Replace(payURL, "vnp_Amount=5000000", "vnp_Amount=500000", 1)),
		chromedp.WaitVisible(chromedp.CSS(`[role="alert"]`)))
	if err != nil {
		t.Fatal(err)
	}
	w.check("sandbox error page", "vi")
	err = chromedp.Do(ctx, chromedp.Navigate(payURL), chromedp.WaitVisible(chromedp.CSS(`button[value="confirm"]`)))
	if err != nil {
		t.Fatal(err)
	}
	w.check("sandbox pay page", "vi")
	w.report()
	screenshot(t, ctx, "sandbox-pay.png")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`label[for="bank-VNPAYQR"]`)),
		chromedp.Click(chromedp.CSS(`button[value="confirm"]`)),
		chromedp.WaitVisible(chromedp.CSS("#q")), // the portal's home, the return URL
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "sandbox-returned.png")
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(loc)
	if p, err := m.VerifyReturn(u.Query()); err != nil || !p.Paid() || p.BankCode != "VNPAYQR" {
		t.Errorf("returned to %s: %+v, %v; want paid by VNPAYQR", loc, p, err)
	}
}

package app_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/vnpay/sandbox"
)

// startQueueHeld starts the demo server with its queue's worker kept out of the test's way: it
// pauses for an hour once nothing is due, and the test begins only after that first pause (a
// worker still on its first poll would take the jobs the test means to run itself).
func startQueueHeld(t *testing.T, engine string) (*app.App, string) {
	t.Helper()
	a, base := apptest.StartWith(t, engine, func(a *app.App) { a.Queue.PollInterval = time.Hour })
	for deadline := time.Now().Add(30 * time.Second); a.Queue.Idle() == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the queue's worker did not finish its first poll in 30 s")
		}
	}
	return a, base
}

// TestPaymentFaults pays fees through the real server and the demo's own VNPay sandbox, on
// both engines, with the sandbox misbehaving as VNPay may: each IPN repeated, a stale pending
// IPN after the success, the IPN held back, the IPN lost, the gateway down while the
// reconciliation asks it, the payment declined. The citizen pays with plain HTTP: the API
// starts the attempt, the sandbox's pay page and confirmation form are fetched and posted, and
// the redirects lead back to the return page. The queue's background worker is held back after
// its first poll, so the test runs the IPN and reconciliation jobs itself, in a known order.
func TestPaymentFaults(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			a, base := startQueueHeld(t, engine)
			if a.Sandbox == nil {
				t.Fatal("no sandbox in demo mode")
			}
			p := newPayer(t, a, base)
			t.Cleanup(func() { a.Sandbox.SetFaults(sandbox.Faults{}) })

			t.Run("duplicate", func(t *testing.T) {
				p.t = t
				a.Sandbox.SetFaults(sandbox.Faults{Duplicate: 4})
				code, inv := p.feeInvoice()
				id, _ := p.pay(inv, "confirm")
				p.deliverIPNs()
				// Five IPNs: the first confirmed, the four repeats 02; money moves once.
				p.wantOutcomes(id, "00", "02", "02", "02", "02")
				p.wantPaidOnce(code, inv, id)
			})
			t.Run("reorder", func(t *testing.T) {
				p.t = t
				a.Sandbox.SetFaults(sandbox.Faults{Reorder: true})
				code, inv := p.feeInvoice()
				id, _ := p.pay(inv, "confirm")
				p.deliverIPNs()
				// The stale "pending" IPN after the success is a repeat: still paid, once.
				p.wantOutcomes(id, "00", "02")
				p.wantPaidOnce(code, inv, id)

				// The network delivers the stale IPN first: it is recorded and changes nothing,
				// and the success that follows pays.
				code, inv = p.feeInvoice()
				id, _ = p.pay(inv, "confirm")
				p.staleFirst()
				p.wantOutcomes(id, "00", "00")
				p.wantPaidOnce(code, inv, id)
			})
			t.Run("delay", func(t *testing.T) {
				p.t = t
				a.Sandbox.SetFaults(sandbox.Faults{Delay: time.Hour})
				code, inv := p.feeInvoice()
				id, page := p.pay(inv, "confirm")
				if !strings.Contains(page, `id="processing"`) || p.status(id) != payment.StatusPending {
					t.Fatalf("return page before the IPN: attempt %s, no processing notice:\n%s", p.status(id), page)
				}
				p.deliverIPNs() // nothing due yet
				if got := p.status(id); got != payment.StatusPending {
					t.Fatalf("attempt before the delayed IPN = %s; want pending", got)
				}
				// An hour later the IPN lands (a worker whose clock is ahead runs it).
				later := job.New(a.DB, nil)
				later.Now = func() time.Time { return time.Now().Add(2 * time.Hour) }
				later.Register(a.Sandbox.Kind())
				if n, err := later.Work(context.Background(), sandbox.KindIPN); err != nil || n != 1 {
					t.Fatalf("delayed IPN: %d sent, %v; want 1", n, err)
				}
				p.wantOutcomes(id, "00")
				p.wantPaidOnce(code, inv, id)
				if page := p.page("/thanh-toan/" + id); strings.Contains(page, `id="processing"`) || !strings.Contains(page, "Thanh toán thành công") {
					t.Fatalf("attempt page after the IPN is not paid:\n%s", page)
				}
			})
			t.Run("drop", func(t *testing.T) {
				p.t = t
				a.Sandbox.SetFaults(sandbox.Faults{DropIPN: true})
				code, inv := p.feeInvoice()
				id, page := p.pay(inv, "confirm")
				p.deliverIPNs()
				if !strings.Contains(page, `id="processing"`) || p.status(id) != payment.StatusPending {
					t.Fatalf("without an IPN: attempt %s; want pending, processing", p.status(id))
				}
				// The reconciliation asks querydr and settles what the IPN never said.
				p.reconcile()
				p.wantOutcomes(id)
				p.wantQueries(id, "paid")
				p.wantPaidOnce(code, inv, id)
			})
			t.Run("down during reconciliation", func(t *testing.T) {
				p.t = t
				a.Sandbox.SetFaults(sandbox.Faults{DropIPN: true})
				code, inv := p.feeInvoice()
				id, _ := p.pay(inv, "confirm")
				a.Sandbox.SetFaults(sandbox.Faults{Down: true})
				p.reconcile()
				if got := p.status(id); got != payment.StatusPending {
					t.Fatalf("attempt after a reconciliation with the gateway down = %s; want pending", got)
				}
				p.wantQueries(id)
				a.Sandbox.SetFaults(sandbox.Faults{})
				p.reconcile()
				p.wantQueries(id, "paid")
				p.wantPaidOnce(code, inv, id)
			})
			t.Run("decline", func(t *testing.T) {
				p.t = t
				a.Sandbox.SetFaults(sandbox.Faults{Decline: "51"}) // insufficient funds
				code, inv := p.feeInvoice()
				first, _ := p.pay(inv, "confirm")
				p.deliverIPNs()
				p.wantOutcomes(first, "00") // the failure is recorded, and confirmed to VNPay
				if got := p.status(first); got != payment.StatusFailed {
					t.Fatalf("declined attempt = %s; want failed", got)
				}
				if page := p.page("/thanh-toan/" + first); !strings.Contains(page, "Không thành công") {
					t.Fatalf("declined attempt's page does not say it failed:\n%s", page)
				}
				// The citizen pays again, with a new attempt, and the invoice is paid once.
				a.Sandbox.SetFaults(sandbox.Faults{})
				second, _ := p.pay(inv, "confirm")
				if second == first {
					t.Fatal("the second payment reused the first attempt")
				}
				p.deliverIPNs()
				p.wantPaidOnce(code, inv, second)
				if got := p.status(first); got != payment.StatusFailed {
					t.Fatalf("first attempt after the second paid = %s; want failed", got)
				}
			})
		})
	}
}

// payer is congdan paying fees: the API with a token, the pages with a session cookie.
type payer struct {
	t    *testing.T
	a    *app.App
	base string
	api  *client
	web  *http.Client
}

func newPayer(t *testing.T, a *app.App, base string) *payer {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	web := &http.Client{Jar: jar}
	resp, err := web.PostForm(base+"/dang-nhap", url.Values{"username": {"congdan"}, "password": {"demo"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return &payer{t: t, a: a, base: base, api: login(t, base, "congdan"), web: web}
}

// feeInvoice submits an application with a fee and returns the dossier's code and its invoice.
func (p *payer) feeInvoice() (code, invoice string) {
	p.t.Helper()
	p.api.t = p.t
	var sub struct{ Code, Status string }
	p.api.json("POST", "/api/v1/dossiers", application(p.t, p.a, p.api, feeProcedure), 201, &sub)
	var invs struct{ Items []struct{ ID string } }
	p.api.json("GET", "/api/v1/dossiers/"+sub.Code+"/invoices", nil, 200, &invs)
	if sub.Status != "awaiting_payment" || len(invs.Items) != 1 {
		p.t.Fatalf("dossier %s is %s with %d invoices; want awaiting_payment with one", sub.Code, sub.Status, len(invs.Items))
	}
	return sub.Code, invs.Items[0].ID
}

var hiddenQuery = regexp.MustCompile(`name="q" value="([^"]*)"`)

// pay starts a VNPay attempt on the invoice, opens the sandbox's pay page, posts its form with
// action ("confirm" or "cancel") and follows the redirects back to the return page; it returns
// the attempt's id and the return page.
func (p *payer) pay(invoice, action string) (id, page string) {
	p.t.Helper()
	return p.payFor(map[string]string{"invoice": invoice, "method": "vnpay"}, action)
}

// payBill is pay for a bill of the bill-payment hub.
func (p *payer) payBill(bill, action string) (id, page string) {
	p.t.Helper()
	return p.payFor(map[string]string{"bill": bill, "method": "vnpay"}, action)
}

func (p *payer) payFor(target map[string]string, action string) (id, page string) {
	p.t.Helper()
	var st struct {
		ID          string
		RedirectURL string `json:"redirect_url"`
	}
	p.api.json("POST", "/api/v1/payments", target, 201, &st)
	u, err := url.Parse(p.base)
	if err != nil {
		p.t.Fatal(err)
	}
	u, err = u.Parse(st.RedirectURL) // the sandbox's pay URL, on this server
	if err != nil {
		p.t.Fatal(err)
	}
	status, body := p.get(u.String())
	m := hiddenQuery.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		p.t.Fatalf("sandbox pay page = %d without its form:\n%s", status, body)
	}
	form := url.Values{"q": {html.UnescapeString(m[1])}, "bank": {"NCB"}, "action": {action}}
	req, _ := http.NewRequest(http.MethodPost, p.base+"/sandbox/vnpay/paymentv2/confirm.html", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", p.base)
	resp, err := p.web.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/thanh-toan/ket-qua" || !strings.Contains(string(b), st.ID) {
		p.t.Fatalf("confirm ended at %s with %d; want the return page of %s:\n%s", resp.Request.URL, resp.StatusCode, st.ID, b)
	}
	return st.ID, string(b)
}

func (p *payer) get(u string) (int, string) {
	p.t.Helper()
	resp, err := p.web.Get(u)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// page is one of the citizen's pages, which must answer 200.
func (p *payer) page(path string) string {
	p.t.Helper()
	status, body := p.get(p.base + path)
	if status != http.StatusOK {
		p.t.Fatalf("GET %s = %d", path, status)
	}
	return body
}

// status is the attempt's status as the API shows it to the payer.
func (p *payer) status(id string) string {
	p.t.Helper()
	p.api.t = p.t
	var a struct{ Status string }
	p.api.json("GET", "/api/v1/payments/"+id, nil, 200, &a)
	return a.Status
}

// deliverIPNs runs the sandbox's IPN jobs that are due, as the queue's worker would, until
// none is left; an IPN the merchant refused would be retried later and fails the test.
func (p *payer) deliverIPNs() {
	p.t.Helper()
	ctx := context.Background()
	for range 100 {
		if _, err := p.a.Queue.Work(ctx, sandbox.KindIPN); err != nil {
			p.t.Fatal(err)
		}
		var due int
		if err := p.a.DB.QueryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE kind = ? AND state = 'queued' AND run_at <= ?`,
			sandbox.KindIPN, time.Now().UTC()).Scan(&due); err != nil {
			p.t.Fatal(err)
		}
		if due == 0 {
			break
		}
	}
	var failing int
	if err := p.a.DB.QueryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE kind = ? AND (state = 'dead' OR last_error <> '')`,
		sandbox.KindIPN).Scan(&failing); err != nil {
		p.t.Fatal(err)
	}
	if failing != 0 {
		p.t.Fatalf("%d IPN jobs failed: the merchant answered other than 00 or 02", failing)
	}
}

// staleFirst delivers the last IPN queued (the Reorder fault's stale one) alone, then the
// others: the queue runs a batch in id order, so the others wait an hour meanwhile.
func (p *payer) staleFirst() {
	p.t.Helper()
	ctx := context.Background()
	var last int64
	if err := p.a.DB.QueryRow(ctx, `SELECT MAX(id) FROM jobs WHERE kind = ? AND state = 'queued'`, sandbox.KindIPN).Scan(&last); err != nil {
		p.t.Fatal(err)
	}
	hold := func(at time.Time, below int64) {
		_, err := p.a.DB.Exec(ctx, `UPDATE jobs SET run_at = ? WHERE kind = ? AND state = 'queued' AND id < ?`, at.UTC(), sandbox.KindIPN, below)
		if err != nil {
			p.t.Fatal(err)
		}
	}
	hold(time.Now().Add(time.Hour), last)
	p.deliverIPNs()
	hold(time.Now().Add(-time.Second), last+1)
	p.deliverIPNs()
}

// reconcile runs the reconciliation job once, as `motcua job payment-reconcile` does.
func (p *payer) reconcile() {
	p.t.Helper()
	if err := p.a.RunJob(context.Background(), payment.ReconcileKind); err != nil {
		p.t.Fatalf("reconciliation: %v", err)
	}
}

// outcomes lists the outcomes of the ledger's events of one source about an attempt, in order.
func (p *payer) outcomes(id, source string) []string {
	p.t.Helper()
	rows, err := p.a.DB.Query(context.Background(), `SELECT outcome FROM payment_events WHERE payment_id = ? AND source = ? ORDER BY id`, id, source)
	if err != nil {
		p.t.Fatal(err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			p.t.Fatal(err)
		}
		out = append(out, o)
	}
	return out
}

// wantOutcomes checks the replies the merchant gave the attempt's IPNs, in order.
func (p *payer) wantOutcomes(id string, want ...string) {
	p.t.Helper()
	if got := p.outcomes(id, payment.SourceIPN); strings.Join(got, ",") != strings.Join(want, ",") {
		p.t.Fatalf("IPN replies for %s = %v; want %v", id, got, want)
	}
}

// wantQueries checks what the reconciliation's queries found of the attempt, in order.
func (p *payer) wantQueries(id string, want ...string) {
	p.t.Helper()
	if got := p.outcomes(id, payment.SourceQuery); strings.Join(got, ",") != strings.Join(want, ",") {
		p.t.Fatalf("query events for %s = %v; want %v", id, got, want)
	}
}

// wantPaidOnce checks that attempt id paid the invoice, once: the attempt paid and counted, the
// invoice paid by it, one counted attempt, one payment.paid audit entry per paid attempt, no
// refund, and the dossier moved on to reception.
func (p *payer) wantPaidOnce(code, invoice, id string) {
	p.t.Helper()
	ctx := context.Background()
	p.api.t = p.t
	var a struct {
		Status  string
		Counted bool
	}
	p.api.json("GET", "/api/v1/payments/"+id, nil, 200, &a)
	var invs struct {
		Items []struct {
			ID, Status string
			PaymentID  string `json:"payment_id"`
		}
	}
	p.api.json("GET", "/api/v1/dossiers/"+code+"/invoices", nil, 200, &invs)
	if a.Status != payment.StatusPaid || !a.Counted || len(invs.Items) != 1 || invs.Items[0].Status != payment.InvoicePaid ||
		invs.Items[0].PaymentID != id {
		p.t.Fatalf("attempt %s = %+v, invoices %+v; want paid, counted, the invoice paid by it", id, a, invs.Items)
	}
	for _, c := range []struct {
		what, query string
		arg         string
		want        int
	}{
		{"counted attempts", `SELECT COUNT(*) FROM payments WHERE invoice_id = ? AND counted = 1`, invoice, 1},
		{"paid attempts", `SELECT COUNT(*) FROM payments WHERE invoice_id = ? AND status = 'paid'`, invoice, 1},
		{"refunds", `SELECT COUNT(*) FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.invoice_id = ?`, invoice, 0},
		{"payment.paid audit entries", `SELECT COUNT(*) FROM audit_log WHERE action = 'payment.paid' AND object = ?`, id, 1},
	} {
		var n int
		if err := p.a.DB.QueryRow(ctx, c.query, c.arg).Scan(&n); err != nil {
			p.t.Fatal(err)
		}
		if n != c.want {
			p.t.Errorf("%s of %s = %d; want %d", c.what, c.arg, n, c.want)
		}
	}
	var d struct{ Status string }
	p.api.json("GET", "/api/v1/dossiers/"+code, nil, 200, &d)
	if d.Status != "submitted" {
		p.t.Errorf("dossier %s after payment = %s; want submitted", code, d.Status)
	}
}

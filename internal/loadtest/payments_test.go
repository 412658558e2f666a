package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/vnpay/sandbox"
)

// feeProcedure has a fee paid online at submission: Đăng ký tạm trú, 7,000 đồng.
const feeProcedure = "1.004194"

// TestKillDuringPayments kills the server with SIGKILL while citizens pay fee invoices through
// the demo's VNPay sandbox, at a moment when the server's queue is sending a batch of the
// sandbox's IPNs to the server itself: the gateway has confirmed payments that the ledger has
// not written, and their IPN jobs stay claimed by the dead process. The server restarts on the
// same database; citizens the gateway did not send back paid, and whose invoice looks unpaid,
// pay (again); the reconciliation runs once (`motcua job payment-reconcile`) and repairs what
// the crash left between the gateway's confirmation and the ledger. Then every attempt the sandbox recorded as paid is paid in
// the ledger (the invoice's one counted payment, or refunded as a second one), no invoice is
// counted twice, the ledger has paid nothing the sandbox did not confirm, each counted payment
// has one payment.paid audit entry and moved its dossier once, and every invoice is paid.
func TestKillDuringPayments(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { testKillPayments(t, engine) })
	}
}

// feeInvoice is the invoice of one fee-bearing dossier.
type feeInvoice struct {
	cit  *citizen
	code string // the dossier's
	id   string
}

// payment is one try at paying through the sandbox, as the citizen saw it.
type payment struct {
	inv       *feeInvoice
	attempt   string // "" when starting it got no answer
	confirmed bool   // the sandbox sent the citizen back with a paid result
	err       error
}

func testKillPayments(t *testing.T, engine string) {
	const citizens, perCitizen, workers = 8, 12, 12
	ctx := context.Background()
	tg := newTarget(t, engine)
	addr := freeAddr(t)
	srv := startServer(t, tg, addr)
	cits, _ := prepareCitizensFor(t, tg, srv.base, citizens, feeProcedure)
	hc := loopbackClient(workers, 10*time.Second)
	invs := raiseInvoices(t, hc, srv.base, cits, perCitizen, engine)
	d := tg.open(t)
	defer d.Close()

	// Pay, paced over a few seconds so that the queue's polls (every 2 s) find batches of IPNs,
	// until the server dies; each worker stops at its first request without an answer.
	var mu sync.Mutex
	var pays []*payment
	work := make(chan *feeInvoice, len(invs))
	for _, inv := range invs {
		work <- inv
	}
	close(work)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for inv := range work {
				p := pay(ctx, hc, srv.base, inv)
				mu.Lock()
				pays = append(pays, p)
				mu.Unlock()
				if p.err != nil {
					return
				}
				time.Sleep(250 * time.Millisecond)
			}
		})
	}
	held := killMidBatch(t, d, srv)
	wg.Wait()
	hc.CloseIdleConnections()
	confirmed, unanswered := 0, 0
	for _, p := range pays {
		if p.confirmed {
			confirmed++
		}
		if p.err != nil {
			unanswered++
		}
	}
	t.Logf("%s: %d payments started before SIGKILL, %d confirmed by the sandbox, %d cut off; killed with %d IPNs claimed and unsent",
		engine, len(pays), confirmed, unanswered, len(held))
	if len(held) < 2 {
		t.Errorf("the kill did not land while the queue was sending a batch of IPNs (%d claimed)", len(held))
	}

	srv = startServer(t, tg, addr)
	defer srv.stop()
	hc = loopbackClient(workers, 30*time.Second)
	defer hc.CloseIdleConnections()
	waitIPNs(t, d, held)

	// Whoever was not sent back paid by the gateway and sees the invoice unpaid pays (again): a
	// second attempt may be the second payment of an invoice whose first the gateway confirmed
	// as the server died. Those sent back paid wait for the ledger to catch up.
	again := make(chan *feeInvoice)
	var rwg sync.WaitGroup
	for range workers {
		rwg.Go(func() {
			for inv := range again {
				p := pay(ctx, hc, srv.base, inv)
				if !p.confirmed {
					t.Errorf("paying %s again after the restart: %v", inv.id, p.err)
				}
				mu.Lock()
				pays = append(pays, p)
				mu.Unlock()
			}
		})
	}
	sawPaid := map[string]bool{}
	for _, p := range pays {
		if p.confirmed {
			sawPaid[p.inv.id] = true
		}
	}
	repaid := 0
	for _, inv := range invs {
		var status string
		if err := d.QueryRow(ctx, `SELECT status FROM invoices WHERE id = ?`, inv.id).Scan(&status); err != nil {
			t.Fatal(err)
		}
		if status == "unpaid" && !sawPaid[inv.id] {
			repaid++
			again <- inv
		}
	}
	close(again)
	rwg.Wait()
	waitIPNs(t, d, held)

	// The reconciliation, once, from the command line, against the restarted server's sandbox.
	args := []string{"job", "payment-reconcile", "--demo", "--data", tg.data}
	if tg.url != "" {
		args = append(args, "--db", tg.url)
	}
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), "MOTCUA_LOG_LEVEL=warn", "MOTCUA_BASE_URL="+srv.base)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("motcua job payment-reconcile: %v\n%s", err, out)
	}

	l := readLedger(t, d)
	for _, p := range pays {
		if p.confirmed && l.sandbox[p.attempt] != "00" {
			t.Errorf("attempt %s: the citizen was sent back paid, but the sandbox holds %q", p.attempt, l.sandbox[p.attempt])
		}
	}
	repaired, counted, refunded := l.check(t, invs)
	t.Logf("%s: after the restart %d invoices were paid (again); the reconciliation settled %d attempts the ledger had missed, %d of them its invoice's payment; %d second payments refunded",
		engine, repaid, repaired, counted, refunded)
	if len(held) >= 2 && counted == 0 {
		t.Error("the reconciliation paid no invoice, though the IPNs of confirmed payments died with the server")
	}
}

// raiseInvoices submits perCitizen fee-bearing applications for each citizen and returns their
// invoices.
func raiseInvoices(t *testing.T, hc *http.Client, base string, cits []*citizen, perCitizen int, engine string) []*feeInvoice {
	t.Helper()
	var out []*feeInvoice
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i, c := range cits {
		wg.Go(func() {
			for j := range perCitizen {
				status, body, err := submit(context.Background(), hc, base, c, fmt.Sprintf("fee-%s-%d-%d", engine, i, j))
				var s submitted
				if err != nil || status != http.StatusCreated || json.Unmarshal(body, &s) != nil || s.StatusCode != 6 {
					t.Errorf("submit = %d %s, %v; want 201 awaiting payment (6)", status, body, err)
					return
				}
				st, body := call(t, hc, "GET", base+"/api/v1/dossiers/"+s.Code+"/invoices", c.token, nil)
				var invs struct{ Items []struct{ ID string } }
				if st != 200 || json.Unmarshal(body, &invs) != nil || len(invs.Items) != 1 {
					t.Errorf("invoices of %s = %d %s; want one", s.Code, st, body)
					return
				}
				mu.Lock()
				out = append(out, &feeInvoice{cit: c, code: s.Code, id: invs.Items[0].ID})
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	return out
}

var hiddenQuery = regexp.MustCompile(`name="q" value="([^"]*)"`)

// pay starts a VNPay attempt on inv, opens the sandbox's pay page and confirms it with a
// plain form post, as a browser without script would; the 303 back to the return URL is not
// followed (the return page changes nothing). Errors are the first request without an answer.
func pay(ctx context.Context, hc *http.Client, base string, inv *feeInvoice) *payment {
	p := &payment{inv: inv}
	js, _ := json.Marshal(map[string]string{"invoice": inv.id, "method": "vnpay"})
	req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/payments", bytes.NewReader(js))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+inv.cit.token)
	var st struct {
		ID          string
		RedirectURL string `json:"redirect_url"`
	}
	if p.err = do(hc, req, http.StatusCreated, &st); p.err != nil {
		return p
	}
	p.attempt = st.ID
	req, _ = http.NewRequestWithContext(ctx, "GET", base+st.RedirectURL, nil)
	var page string
	if p.err = do(hc, req, http.StatusOK, &page); p.err != nil {
		return p
	}
	m := hiddenQuery.FindStringSubmatch(page)
	if m == nil {
		p.err = errors.New("no form on the sandbox's pay page")
		return p
	}
	form := url.Values{"q": {html.UnescapeString(m[1])}, "bank": {"NCB"}, "action": {"confirm"}}
	req, _ = http.NewRequestWithContext(ctx, "POST", base+sandbox.DefaultPrefix+"/paymentv2/confirm.html", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var loc string
	if p.err = do(hc, req, http.StatusSeeOther, &loc); p.err != nil {
		return p
	}
	u, err := url.Parse(loc)
	p.confirmed = err == nil && u.Query().Get("vnp_TxnRef") == st.ID && u.Query().Get("vnp_ResponseCode") == "00"
	if !p.confirmed {
		p.err = fmt.Errorf("confirm sent the citizen to %s", loc)
	}
	return p
}

// do sends req without following redirects and reads the answer into out: JSON into a struct,
// the body into a *string, or the Location of a redirect.
func do(hc *http.Client, req *http.Request, want int, out any) error {
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s = %d %.200s", req.Method, req.URL.Path, resp.StatusCode, body)
	}
	switch o := out.(type) {
	case *string:
		if want == http.StatusSeeOther {
			*o = resp.Header.Get("Location")
		} else {
			*o = string(body)
		}
		return nil
	default:
		return json.Unmarshal(body, out)
	}
}

// killMidBatch kills the server as soon as its queue holds at least two claimed IPN jobs it has
// not finished (a batch being sent), or after 20 s; it returns the jobs the dead process holds.
func killMidBatch(t *testing.T, d *db.DB, srv *server) map[int64]bool {
	t.Helper()
	held := func() map[int64]bool {
		out := map[int64]bool{}
		scan(t, d, `SELECT id, locked_until FROM jobs WHERE kind = '`+sandbox.KindIPN+`' AND state = 'queued' AND locked_until IS NOT NULL`,
			func(sc func(...any) error) error {
				var id int64
				var until time.Time
				err := sc(&id, &until)
				if until.After(time.Now()) {
					out[id] = true
				}
				return err
			})
		return out
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if len(held()) >= 2 {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	srv.kill()
	return held()
}

// waitIPNs waits until the queue has sent every IPN that is due, but those the killed process
// holds under its lease.
func waitIPNs(t *testing.T, d *db.DB, held map[int64]bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		n := 0
		scan(t, d, `SELECT id, run_at FROM jobs WHERE kind = '`+sandbox.KindIPN+`' AND state = 'queued'`, func(sc func(...any) error) error {
			var id int64
			var runAt time.Time
			err := sc(&id, &runAt)
			if !held[id] && !runAt.After(time.Now()) {
				n++
			}
			return err
		})
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d IPN jobs still waiting after 30 s", n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ledger is what the database holds at the end: the sandbox's transactions and the ledger's
// attempts, invoices, refunds and audit entries.
type ledger struct {
	sandbox  map[string]string // txn_ref → vnp_TransactionStatus
	amounts  map[string]int64  // txn_ref → the sandbox's amount
	attempts map[string]attemptRow
	invoices map[string]invoiceRow
	refunds  map[string]bool
	audited  map[string]int // payment.paid entries by attempt
	moved    map[string]int // dossier code → its payment events
	queried  map[string]bool
}

type attemptRow struct {
	invoice, status string
	amount          int64
	counted         bool
}

type invoiceRow struct {
	status, paymentID, ref string
}

func readLedger(t *testing.T, d *db.DB) *ledger {
	t.Helper()
	l := &ledger{sandbox: map[string]string{}, amounts: map[string]int64{}, attempts: map[string]attemptRow{},
		invoices: map[string]invoiceRow{}, refunds: map[string]bool{}, audited: map[string]int{}, moved: map[string]int{},
		queried: map[string]bool{}}
	scan(t, d, `SELECT txn_ref, transaction_status, amount_vnd FROM vnpay_sandbox_txns`, func(sc func(...any) error) error {
		var ref, status string
		var amount int64
		err := sc(&ref, &status, &amount)
		l.sandbox[ref], l.amounts[ref] = status, amount
		return err
	})
	scan(t, d, `SELECT id, invoice_id, status, amount_vnd, counted FROM payments`, func(sc func(...any) error) error {
		var id string
		var a attemptRow
		var counted int
		err := sc(&id, &a.invoice, &a.status, &a.amount, &counted)
		a.counted = counted == 1
		l.attempts[id] = a
		return err
	})
	scan(t, d, `SELECT id, status, COALESCE(payment_id, ''), ref FROM invoices`, func(sc func(...any) error) error {
		var id string
		var inv invoiceRow
		err := sc(&id, &inv.status, &inv.paymentID, &inv.ref)
		l.invoices[id] = inv
		return err
	})
	scan(t, d, `SELECT payment_id FROM refunds`, func(sc func(...any) error) error {
		var id string
		err := sc(&id)
		l.refunds[id] = true
		return err
	})
	scan(t, d, `SELECT object FROM audit_log WHERE action = 'payment.paid'`, func(sc func(...any) error) error {
		var id string
		err := sc(&id)
		l.audited[id]++
		return err
	})
	scan(t, d, `SELECT d.code FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE e.action = 'payment'`,
		func(sc func(...any) error) error {
			var code string
			err := sc(&code)
			l.moved[code]++
			return err
		})
	scan(t, d, `SELECT payment_id FROM payment_events WHERE source = 'query' AND outcome = 'paid'`, func(sc func(...any) error) error {
		var id string
		err := sc(&id)
		l.queried[id] = true
		return err
	})
	return l
}

func scan(t *testing.T, d *db.DB, query string, row func(sc func(...any) error) error) {
	t.Helper()
	rows, err := d.Query(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := row(rows.Scan); err != nil {
			t.Fatal(err)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// check holds the ledger to the gateway's word and returns how many attempts the
// reconciliation settled as paid, how many of those paid their invoice, and how many paid
// attempts are refunded.
func (l *ledger) check(t *testing.T, invs []*feeInvoice) (repaired, counted, refunded int) {
	t.Helper()
	for ref, status := range l.sandbox {
		a, ok := l.attempts[ref]
		switch {
		case status != "00":
		case !ok:
			t.Errorf("the sandbox paid %s, which the ledger does not know", ref)
		case a.status != "paid" || a.amount != l.amounts[ref]:
			t.Errorf("the sandbox paid %s (%d đồng); the ledger has it %s (%d đồng)", ref, l.amounts[ref], a.status, a.amount)
		case !a.counted && !l.refunds[ref]:
			t.Errorf("paid attempt %s is neither its invoice's payment nor refunded: money lost", ref)
		}
	}
	byInvoice := map[string][]string{} // invoice → its counted attempts
	for id, a := range l.attempts {
		if a.status == "paid" && l.sandbox[id] != "00" {
			t.Errorf("the ledger has %s paid; the sandbox has it %q", id, l.sandbox[id])
		}
		if a.counted {
			byInvoice[a.invoice] = append(byInvoice[a.invoice], id)
			if l.audited[id] != 1 {
				t.Errorf("counted attempt %s has %d payment.paid audit entries; want 1", id, l.audited[id])
			}
		} else if l.audited[id] != 0 {
			t.Errorf("attempt %s, not counted, has %d payment.paid audit entries", id, l.audited[id])
		}
		if l.refunds[id] {
			refunded++
		}
		if l.queried[id] {
			repaired++
			if a.counted {
				counted++
			}
		}
	}
	for _, inv := range invs {
		row, cs := l.invoices[inv.id], byInvoice[inv.id]
		if len(cs) != 1 || row.status != "paid" || row.paymentID != cs[0] {
			t.Errorf("invoice %s is %s by %q with counted attempts %v; want paid once", inv.id, row.status, row.paymentID, cs)
		}
		if l.moved[inv.code] != 1 {
			t.Errorf("dossier %s has %d payment events; want 1", inv.code, l.moved[inv.code])
		}
	}
	return repaired, counted, refunded
}

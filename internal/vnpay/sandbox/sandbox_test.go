package sandbox_test

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/vnpay"
	"github.com/motcua/motcua/internal/vnpay/sandbox"
)

// ledger is a tiny merchant's ledger: orders by reference, each with its recorded result.
type ledger struct {
	mu     sync.Mutex
	orders map[string]*order
}

type order struct {
	amount int64
	result *vnpay.Payment // the final result recorded: a failure, or a success (which may follow a failure)
}

func (l *ledger) Order(_ context.Context, ref string) (vnpay.OrderState, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	o, ok := l.orders[ref]
	if !ok {
		return vnpay.OrderState{}, vnpay.ErrOrderNotFound
	}
	return vnpay.OrderState{AmountVND: o.amount, Paid: o.result != nil && o.result.Paid(), Failed: o.result != nil && !o.result.Paid()}, nil
}

func (l *ledger) Record(_ context.Context, p vnpay.Payment) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	o := l.orders[p.TxnRef]
	if o.result != nil && (o.result.Paid() || !p.Paid()) {
		return vnpay.ErrAlreadyConfirmed
	}
	if !p.Pending() {
		o.result = &p
	}
	return nil
}

func (l *ledger) result(ref string) *vnpay.Payment {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.orders[ref].result
}

// env is a merchant (an httptest server answering IPNs with vnpay.AnswerIPN over the ledger)
// and the sandbox (its own server), on one database and a queue with a test clock.
type env struct {
	t        *testing.T
	d        *db.DB
	sb       *sandbox.Sandbox
	gateway  *httptest.Server
	merchant *vnpay.Merchant
	ledger   *ledger
	queue    *job.Queue
	browser  *http.Client
	// merchantURL is the merchant's server: /ipn answers IPNs, anything else is its return page.
	merchantURL string

	mu      sync.Mutex
	now     time.Time
	replies []string // RspCode of each IPN the merchant answered, in order
	ipns    []vnpay.Payment
	ipnDown bool // the merchant's IPN endpoint answers 500
}

func (e *env) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *env) advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(d)
}

func newEnv(t *testing.T, d *db.DB) *env {
	e := &env{t: t, d: d, now: time.Now(), ledger: &ledger{orders: map[string]*order{}}}
	merchantSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ipn" {
			io.WriteString(w, "return page")
			return
		}
		e.mu.Lock()
		down := e.ipnDown
		e.mu.Unlock()
		if down {
			http.Error(w, "down", http.StatusInternalServerError)
			return
		}
		reply := e.merchant.AnswerIPN(r.Context(), r.URL.Query(), e.ledger)
		p, _ := e.merchant.VerifyIPN(r.URL.Query())
		e.mu.Lock()
		e.replies = append(e.replies, reply.RspCode)
		e.ipns = append(e.ipns, p)
		e.mu.Unlock()
		json.NewEncoder(w).Encode(reply)
	}))
	t.Cleanup(merchantSrv.Close)
	e.merchantURL = merchantSrv.URL
	e.gateway = httptest.NewServer(nil)
	t.Cleanup(e.gateway.Close)
	e.sb = e.newSandbox(merchantSrv.URL + "/ipn")
	e.gateway.Config.Handler = e.sb.Handler()

	cfg := sandbox.DemoConfig
	cfg.URL = e.gateway.URL + e.sb.PayPath()
	m, err := vnpay.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.merchant = m
	e.queue = job.New(d, nil)
	e.queue.Now = e.clock
	e.queue.Register(e.sb.Kind())
	e.browser = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return e
}

func (e *env) newSandbox(ipnURL string) *sandbox.Sandbox {
	sb, err := sandbox.New(sandbox.Options{DB: e.d, Terminal: sandbox.DemoConfig, IPNURL: ipnURL,
		MerchantName: "UBND phường Hoàn Kiếm", Now: e.clock})
	if err != nil {
		e.t.Fatal(err)
	}
	return sb
}

// order signs a pay URL for a new order of the ledger.
func (e *env) order(ref string, amount int64) string {
	e.t.Helper()
	e.ledger.mu.Lock()
	e.ledger.orders[ref] = &order{amount: amount}
	e.ledger.mu.Unlock()
	u, err := e.merchant.PaymentURL(vnpay.Order{TxnRef: ref, AmountVND: amount, Info: "Le phi ho so " + ref,
		ReturnURL: e.merchantURL + "/return", IPAddr: "203.0.113.7", CreateAt: e.clock()})
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

func (e *env) get(u string) (int, string) {
	e.t.Helper()
	resp, err := e.browser.Get(u)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var hiddenQ = regexp.MustCompile(`name="q" value="([^"]*)"`)

// open loads the pay page and returns the signed query its form carries.
func (e *env) open(payURL string) string {
	e.t.Helper()
	code, body := e.get(payURL)
	if code != http.StatusOK {
		e.t.Fatalf("GET pay page = %d; want 200:\n%s", code, body)
	}
	m := hiddenQ.FindStringSubmatch(body)
	if m == nil {
		e.t.Fatalf("pay page has no hidden q:\n%s", body)
	}
	return html.UnescapeString(m[1])
}

// submit posts the pay page's form as a browser would (no script) and returns the response.
func (e *env) submit(q, bank, action string) *http.Response {
	e.t.Helper()
	resp, err := e.browser.PostForm(e.gateway.URL+"/sandbox/vnpay/paymentv2/confirm.html",
		url.Values{"q": {q}, "bank": {bank}, "action": {action}})
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// returned reads the signed result the payer is sent back with.
func (e *env) returned(resp *http.Response) vnpay.Payment {
	e.t.Helper()
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("confirm = %d; want 303 to the return URL", resp.StatusCode)
	}
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if !strings.HasPrefix(loc.String(), e.merchantURL+"/return?") {
		e.t.Fatalf("confirm redirects to %s; want the return URL", loc)
	}
	p, err := e.merchant.VerifyReturn(loc.Query())
	if err != nil {
		e.t.Fatalf("VerifyReturn: %v", err)
	}
	return p
}

// work runs the due jobs, as the app's queue would.
func (e *env) work() {
	e.t.Helper()
	if _, err := e.queue.Work(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) got() (replies []string, ipns []vnpay.Payment) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.replies...), append([]vnpay.Payment(nil), e.ipns...)
}

func (e *env) query(ref string, created time.Time) (vnpay.QueryResult, error) {
	return e.merchant.QueryDR(context.Background(), e.gateway.Client(), e.gateway.URL+e.sb.QueryPath(),
		vnpay.QueryRequest{RequestID: "Q" + strings.ReplaceAll(ref, "-", ""), TxnRef: ref, TransactionDate: created,
			OrderInfo: "Truy van " + ref, IPAddr: "127.0.0.1", CreateAt: e.clock()})
}

func TestPayConfirmSendsIPN(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		created := e.clock()
		q := e.open(e.order("HS-1", 25_000))
		p := e.returned(e.submit(q, "NCB", "confirm"))
		if !p.Paid() || p.AmountVND != 25_000 || p.BankCode != "NCB" || p.CardType != "ATM" || p.TransactionNo == "" {
			t.Errorf("return = %+v; want paid 25000 by NCB ATM", p)
		}
		if e.ledger.result("HS-1") != nil {
			t.Fatal("the ledger changed before the IPN; the return URL must not be trusted")
		}
		e.work()
		replies, ipns := e.got()
		if strings.Join(replies, ",") != "00" || !ipns[0].Paid() || ipns[0].TransactionNo != p.TransactionNo {
			t.Errorf("IPNs %v %+v; want one, paid, answered 00", replies, ipns)
		}
		if r := e.ledger.result("HS-1"); r == nil || !r.Paid() {
			t.Errorf("ledger = %+v; want paid", r)
		}
		e.work() // done jobs are not sent again
		if replies, _ := e.got(); len(replies) != 1 {
			t.Errorf("%d IPNs after a second run; want 1", len(replies))
		}

		// querydr agrees, signed both ways; another date or reference is not found.
		r, err := e.query("HS-1", created)
		if err != nil || !r.Paid() || r.AmountVND != 25_000 || r.TransactionNo != p.TransactionNo {
			t.Errorf("QueryDR = %+v, %v; want paid 25000 #%s", r, err, p.TransactionNo)
		}
		for _, c := range []struct {
			ref  string
			when time.Time
		}{{"HS-404", created}, {"HS-1", created.Add(-time.Hour)}} {
			if r, err := e.query(c.ref, c.when); err != nil || !r.NotFound() {
				t.Errorf("QueryDR(%s, %v) = %+v, %v; want 91", c.ref, c.when, r, err)
			}
		}

		for no, want := range map[string]bool{p.TransactionNo: true, "999999": false} {
			r, err := e.merchant.QueryDR(context.Background(), nil, e.gateway.URL+e.sb.QueryPath(), vnpay.QueryRequest{
				RequestID: "N" + no, TxnRef: "HS-1", TransactionDate: created, TransactionNo: no, OrderInfo: "Truy van",
				IPAddr: "127.0.0.1", CreateAt: e.clock()})
			if err != nil || r.Found() != want {
				t.Errorf("QueryDR with vnp_TransactionNo %s = %+v, %v; want found %v", no, r, err, want)
			}
		}

		// The form again (back button, double click): same result, no second IPN.
		again := e.returned(e.submit(q, "NCB", "confirm"))
		if again.TransactionNo != p.TransactionNo || !again.Paid() {
			t.Errorf("second submission = %+v; want the first result", again)
		}
		e.work()
		if replies, _ := e.got(); len(replies) != 1 {
			t.Errorf("%d IPNs after a second submission; want 1", len(replies))
		}

		// Another sandbox on the same database (a restart, a replica) knows the transaction.
		other := httptest.NewServer(e.newSandbox(e.merchantURL + "/ipn").Handler())
		defer other.Close()
		r, err = e.merchant.QueryDR(context.Background(), other.Client(), other.URL+e.sb.QueryPath(),
			vnpay.QueryRequest{RequestID: "R2", TxnRef: "HS-1", TransactionDate: created, OrderInfo: "Truy van",
				IPAddr: "127.0.0.1", CreateAt: e.clock()})
		if err != nil || !r.Paid() {
			t.Errorf("QueryDR on a restarted sandbox = %+v, %v; want paid", r, err)
		}
	})
}

func TestPayCancel(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		created := e.clock()
		p := e.returned(e.submit(e.open(e.order("HS-2", 10_000)), "", "cancel"))
		if p.Paid() || p.ResponseCode != "24" || p.TransactionStatus != "02" {
			t.Errorf("return after cancel = %+v; want 24/02", p)
		}
		e.work()
		if replies, ipns := e.got(); strings.Join(replies, ",") != "00" || ipns[0].ResponseCode != "24" {
			t.Errorf("IPNs %v %+v; want one saying 24, answered 00 (VNPay reports failures too)", replies, ipns)
		}
		if r := e.ledger.result("HS-2"); r == nil || r.Paid() {
			t.Errorf("ledger = %+v; want a failed result", r)
		}
		if r, err := e.query("HS-2", created); err != nil || !r.Found() || r.TransactionStatus != "02" {
			t.Errorf("QueryDR = %+v, %v; want found, status 02", r, err)
		}
	})
}

// A pending attempt is reported pending by querydr, then failed once it has expired; the
// payer confirming after expiry gets 11.
func TestPendingAndExpired(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		created := e.clock()
		q := e.open(e.order("HS-3", 10_000))
		if r, err := e.query("HS-3", created); err != nil || r.TransactionStatus != "01" {
			t.Errorf("QueryDR of a pending attempt = %+v, %v; want status 01", r, err)
		}
		e.advance(vnpay.DefaultExpiry + time.Second)
		if r, err := e.query("HS-3", created); err != nil || r.TransactionStatus != "02" {
			t.Errorf("QueryDR of an expired attempt = %+v, %v; want status 02", r, err)
		}
		if p := e.returned(e.submit(q, "NCB", "confirm")); p.ResponseCode != "11" || p.Paid() {
			t.Errorf("confirm after expiry = %+v; want 11, not paid", p)
		}
		e.work()
		if r := e.ledger.result("HS-3"); r == nil || r.ResponseCode != "11" {
			t.Errorf("ledger = %+v; want the 11 result", r)
		}
	})
}

func TestForgedPayURLRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		good := e.order("HS-4", 50_000)
		other, _ := vnpay.New(vnpay.Config{TmnCode: "OTHER123", HashSecret: sandbox.DemoConfig.HashSecret,
			URL: e.gateway.URL + e.sb.PayPath()})
		otherURL, _ := other.PaymentURL(vnpay.Order{TxnRef: "X1", AmountVND: 1000, Info: "x",
			ReturnURL: e.merchantURL + "/return", IPAddr: "127.0.0.1", CreateAt: e.clock()})
		expired, _ := e.merchant.PaymentURL(vnpay.Order{TxnRef: "OLD", AmountVND: 1000, Info: "x",
			ReturnURL: e.merchantURL + "/return", IPAddr: "127.0.0.1", CreateAt: e.clock().Add(-time.Hour)})
		unsigned := func(edit func(url.Values)) string {
			u, _ := url.Parse(good)
			q := u.Query()
			edit(q)
			u.RawQuery = q.Encode()
			return u.String()
		}
		for _, c := range []struct {
			name, url, code string
			status          int
		}{
			{"amount changed", strings.Replace(good, "vnp_Amount=5000000", "vnp_Amount=500000", 1), "97", 400},
			{"no signature", unsigned(func(q url.Values) { q.Del("vnp_SecureHash") }), "97", 400},
			{"no amount", unsigned(func(q url.Values) { q.Del("vnp_Amount") }), "97", 400},
			{"another terminal", otherURL, "02", 400},
			{"expired", expired, "11", 400},
		} {
			code, body := e.get(c.url)
			if code != c.status || !strings.Contains(body, "Mã lỗi: "+c.code) || strings.Contains(body, `name="q"`) {
				t.Errorf("%s: GET = %d; want %d with code %s and no form:\n%s", c.name, code, c.status, c.code, body)
			}
		}
		// Signed by the merchant, but vnp_Amount is not a whole number of đồng × 100.
		u, _ := url.Parse(good)
		q := u.Query()
		q.Set("vnp_Amount", "5000050")
		q.Del("vnp_SecureHash")
		h, _ := vnpay.SignQuery(sandbox.DemoConfig.HashSecret, q)
		q.Set("vnp_SecureHash", h)
		u.RawQuery = q.Encode()
		if code, body := e.get(u.String()); code != 400 || !strings.Contains(body, "vnp_Amount") {
			t.Errorf("amount with cents: GET = %d; want 400 naming vnp_Amount:\n%s", code, body)
		}
		e.work()
		if replies, _ := e.got(); len(replies) != 0 {
			t.Errorf("IPNs %v; want none", replies)
		}
	})
}

// The form cannot be replayed with another amount: the query it carries is checked again.
func TestConfirmFormCannotChangeAmount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		q := e.open(e.order("HS-5", 80_000))
		forged := strings.Replace(q, "vnp_Amount=8000000", "vnp_Amount=100", 1)
		if forged == q {
			t.Fatalf("test setup: no vnp_Amount=8000000 in %s", q)
		}
		if resp := e.submit(forged, "NCB", "confirm"); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("confirm with a changed amount = %d; want 400", resp.StatusCode)
		}
		if resp := e.submit(q, "NOBANK", "confirm"); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("confirm with an unknown bank = %d; want 400", resp.StatusCode)
		}
		// The same reference signed again for another amount is VNPay's "transaction exists".
		e.ledger.orders["HS-5"].amount = 90_000
		u, _ := e.merchant.PaymentURL(vnpay.Order{TxnRef: "HS-5", AmountVND: 90_000, Info: "x",
			ReturnURL: e.merchantURL + "/return", IPAddr: "127.0.0.1", CreateAt: e.clock().Add(time.Second)})
		if code, body := e.get(u); code != http.StatusConflict || !strings.Contains(body, "Mã lỗi: 01") {
			t.Errorf("GET a reused reference = %d; want 409 code 01", code)
		}
		e.work()
		if replies, _ := e.got(); len(replies) != 0 {
			t.Errorf("IPNs %v; want none", replies)
		}
	})
}

func TestMerchantRetriedUntilItAnswers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.mu.Lock()
		e.ipnDown = true
		e.mu.Unlock()
		e.returned(e.submit(e.open(e.order("HS-6", 10_000)), "NCB", "confirm"))
		e.work()
		if e.ledger.result("HS-6") != nil {
			t.Fatal("ledger changed while its IPN endpoint was down")
		}
		e.mu.Lock()
		e.ipnDown = false
		e.mu.Unlock()
		e.work() // not due yet: backoff
		if e.ledger.result("HS-6") != nil {
			t.Fatal("IPN retried before its backoff")
		}
		e.advance(time.Minute)
		e.work()
		if r := e.ledger.result("HS-6"); r == nil || !r.Paid() {
			t.Errorf("ledger after the retry = %+v; want paid", r)
		}
	})
}

func TestPayPageHTML(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	code, body := e.get(e.order("HS-7", 1_234_000))
	if code != 200 {
		t.Fatalf("GET = %d", code)
	}
	for _, want := range []string{`lang="vi"`, "1.234.000 đồng", "UBND phường Hoàn Kiếm", "Le phi ho so HS-7",
		`<label for="bank-NCB">`, `value="confirm"`, `value="cancel"`, `method="post"`} {
		if !strings.Contains(body, want) {
			t.Errorf("pay page lacks %q", want)
		}
	}
	if strings.Contains(body, "<script") || strings.Contains(body, "style=") {
		t.Error("pay page has a script or an inline style (the CSP refuses them)")
	}
	resp, err := http.Get(e.gateway.URL + "/sandbox/vnpay/static/sandbox.css")
	if err != nil || resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") {
		t.Errorf("GET sandbox.css = %v, %v", resp, err)
	}
}

func TestQueryDRBadRequests(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	other, _ := vnpay.New(vnpay.Config{TmnCode: sandbox.DemoConfig.TmnCode, HashSecret: "another secret", URL: "/x"})
	_, err := other.QueryDR(context.Background(), nil, e.gateway.URL+e.sb.QueryPath(), vnpay.QueryRequest{RequestID: "A1",
		TxnRef: "HS-1", TransactionDate: e.clock(), OrderInfo: "x", IPAddr: "127.0.0.1", CreateAt: e.clock()})
	var se *vnpay.SignatureError
	if !errors.As(err, &se) {
		t.Errorf("QueryDR with another secret = %v; want the answer (97) to fail our signature check", err)
	}
	resp, err := http.Post(e.gateway.URL+e.sb.QueryPath(), "application/json", strings.NewReader("{"))
	if err != nil {
		t.Fatal(err)
	}
	var a map[string]string
	json.NewDecoder(resp.Body).Decode(&a)
	resp.Body.Close()
	if a["vnp_ResponseCode"] != "03" || a["vnp_SecureHash"] == "" {
		t.Errorf("querydr of a bad body = %v; want 03, signed", a)
	}
}

// The result and its IPN are written in one transaction: a sandbox that stops after the
// confirmation (a crash, a restart) leaves the IPN to whichever replica's queue runs next.
func TestIPNSurvivesRestart(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.returned(e.submit(e.open(e.order("HS-8", 30_000)), "NCB", "confirm"))
		// Another process: a new sandbox and a new queue on the same database.
		next := e.newSandbox(e.merchantURL + "/ipn")
		q := job.New(d, nil)
		q.Now = e.clock
		q.Register(next.Kind())
		if _, err := q.Work(context.Background()); err != nil {
			t.Fatal(err)
		}
		if r := e.ledger.result("HS-8"); r == nil || !r.Paid() || r.TransactionNo != p.TransactionNo {
			t.Errorf("ledger = %+v; want paid #%s by the other process's IPN", r, p.TransactionNo)
		}
	})
}

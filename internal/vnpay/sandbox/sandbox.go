// Package sandbox is a VNPay-compatible gateway served by motcua itself, for one terminal, so
// that a payment can be made end to end with no outside service (the demo, the tests). It speaks
// VNPay 2.1.0 with the same signatures as the real gateway (internal/vnpay's Gateway side):
//
//   - GET  {prefix}/paymentv2/vpcpay.html?vnp_…  checks the pay URL as VNPay does and shows a
//     page where the payer picks a test bank and confirms or cancels (an HTML form, no script);
//   - POST {prefix}/paymentv2/confirm.html         records the result, queues the IPN to the
//     merchant on the durable job queue (retried until it answers RspCode 00 or 02, as VNPay
//     does) and sends the payer to vnp_ReturnUrl with the signed result;
//   - POST {prefix}/merchant_webapi/api/transaction answers querydr from its own table.
//
// Attempts are kept in the table vnpay_sandbox_txns, so a confirmation survives a restart and
// several replicas share it. Tests make it misbehave with SetFaults: decline, drop, repeat,
// delay and reorder IPNs, or be down.
package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/vnpay"
)

// DefaultPrefix is where the app mounts the sandbox.
const DefaultPrefix = "/sandbox/vnpay"

// KindIPN is the job kind that delivers the sandbox's IPNs.
const KindIPN = "vnpay-sandbox-ipn"

// DemoConfig is the sandbox's terminal in demo mode. Its secret is published here on purpose:
// it guards nothing but the demo's make-believe money, and must never be a real terminal's.
var DemoConfig = vnpay.Config{
	TmnCode:    "MOTCUA01",
	HashSecret: "MOTCUA-DEMO-SANDBOX-NOT-A-SECRET",
	URL:        DefaultPrefix + "/paymentv2/vpcpay.html",
}

// Options configure a Sandbox.
type Options struct {
	DB       *db.DB
	Terminal vnpay.Config // the one terminal it serves: DemoConfig in demo mode
	// IPNURL is the merchant's IPN endpoint, absolute (VNPay calls it server to server), e.g.
	// the base URL + /api/v1/payments/vnpay/ipn.
	IPNURL       string
	Prefix       string       // where Handler is mounted; DefaultPrefix
	MerchantName string       // shown to the payer; "motcua"
	Client       *http.Client // sends the IPNs; one with a 10 s timeout when nil
	Now          func() time.Time
	Logger       *slog.Logger
}

// Faults make the sandbox misbehave, for tests. The zero value is a well-behaved gateway.
type Faults struct {
	// Decline, when set, is the vnp_ResponseCode a confirmation gets instead of 00 (e.g. "51",
	// insufficient funds); the transaction fails (status 02) and its IPN says so.
	Decline string
	DropIPN bool // record the result but never send its IPN
	// Duplicate sends each IPN this many more times.
	Duplicate int
	// Delay holds each IPN back this long after the confirmation.
	Delay time.Duration
	// Reorder sends, after each IPN, a stale one from before the payer finished: same
	// transaction, vnp_ResponseCode 99 and vnp_TransactionStatus 01 (pending).
	Reorder bool
	// Down makes the pay pages and querydr answer 503 and IPNs fail to go out (they are retried
	// when it is up again).
	Down bool
}

// Sandbox is the gateway. Its methods are safe for concurrent use.
type Sandbox struct {
	db     *db.DB
	gw     *vnpay.Gateway
	ipnURL string
	prefix string
	name   string
	client *http.Client
	now    func() time.Time
	log    *slog.Logger

	mu     sync.Mutex
	faults Faults
}

// New returns the sandbox for o.Terminal; register Kind on the job queue and mount Handler at
// o.Prefix.
func New(o Options) (*Sandbox, error) {
	if o.DB == nil {
		return nil, errors.New("sandbox: no database")
	}
	gw, err := vnpay.NewGateway(o.Terminal)
	if err != nil {
		return nil, err
	}
	if u, err := url.Parse(o.IPNURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("sandbox: the IPN URL must be an absolute http(s) URL")
	}
	s := &Sandbox{db: o.DB, gw: gw, ipnURL: o.IPNURL, prefix: strings.TrimRight(o.Prefix, "/"),
		name: o.MerchantName, client: o.Client, now: o.Now, log: o.Logger}
	if s.prefix == "" {
		s.prefix = DefaultPrefix
	}
	if s.name == "" {
		s.name = "motcua"
	}
	if s.client == nil {
		s.client = &http.Client{Timeout: 10 * time.Second}
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s, nil
}

// SetFaults replaces the faults in force, from now on.
func (s *Sandbox) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
}

// Faults returns the faults in force.
func (s *Sandbox) Faults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults
}

// PayPath is the path of the pay page, the gateway URL merchants sign for.
func (s *Sandbox) PayPath() string { return s.prefix + "/paymentv2/vpcpay.html" }

// QueryPath is the path of querydr; the merchant posts to the server's base URL + QueryPath.
func (s *Sandbox) QueryPath() string { return s.prefix + "/merchant_webapi/api/transaction" }

func (s *Sandbox) confirmPath() string { return s.prefix + "/paymentv2/confirm.html" }
func (s *Sandbox) stylePath() string   { return s.prefix + "/static/sandbox.css" }

// Mux is where Register mounts the routes: an *http.ServeMux, or the app's pages' mux.
type Mux interface {
	HandleFunc(pattern string, handler func(http.ResponseWriter, *http.Request))
}

// Register mounts the sandbox's pages and API, under its prefix, on mux.
func (s *Sandbox) Register(mux Mux) {
	mux.HandleFunc("GET "+s.PayPath(), s.payPage)
	mux.HandleFunc("POST "+s.confirmPath(), s.confirm)
	mux.HandleFunc("POST "+s.QueryPath(), s.queryDR)
	mux.HandleFunc("GET "+s.stylePath(), s.style)
}

// Handler serves the sandbox's pages and API under its prefix, on a mux of its own.
func (s *Sandbox) Handler() http.Handler {
	mux := http.NewServeMux()
	s.Register(mux)
	return mux
}

func (s *Sandbox) down() bool { return s.Faults().Down }

// newID is a random hex identifier (querydr's vnp_ResponseId).
func newID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

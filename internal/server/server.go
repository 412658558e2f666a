// Package server assembles motcua's HTTP handler: the JSON API and the HTML portal behind one
// middleware chain (request IDs, access log, compression, panic recovery, security headers, CSRF
// protection, sign-in resolution, metrics), plus /healthz and /metrics.
package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
)

// Routes is a part of the service that mounts its routes on the server's mux.
type Routes interface {
	Register(mux *http.ServeMux)
}

// Deps are what the server needs.
type Deps struct {
	DB       *db.DB
	Identity *identity.Store
	API      *api.Handler
	Web      Routes // the pages of every audience
	// WebError answers a request the middleware refuses outside /api/ with the pages' error
	// page for err's kind.
	WebError func(w http.ResponseWriter, r *http.Request, err error)
	Logger   *slog.Logger
	// ClientIPHeader is config.TrustedProxyHeader: the header carrying the client's address
	// behind a reverse proxy, "" to use the TCP peer.
	ClientIPHeader string
	// MetricsToken is the bearer token /metrics asks for (its own, not a user's); empty, and
	// /metrics is not served at all (404).
	MetricsToken string
	// HSTS sends Strict-Transport-Security: set when the site is served over HTTPS only
	// (--secure-cookies).
	HSTS bool
}

// New returns the root handler.
func New(d Deps) http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := newMetrics(reg)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := d.DB.Ping(ctx); err != nil {
			d.Logger.ErrorContext(r.Context(), "healthz: database", "err", err)
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	d.API.Register(mux)
	d.Web.Register(mux)

	// refuse answers a request the middleware or the router refuses: the error envelope
	// under /api/, the error page elsewhere.
	refuse := func(w http.ResponseWriter, r *http.Request, err error) {
		if isAPI(r) {
			d.API.Refuse(w, r, err)
			return
		}
		d.WebError(w, r, err)
	}

	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		refuse(w, r, api.CrossOrigin())
	}))
	// Bearer-token API calls carry no ambient credentials, so cross-origin checks would only
	// get in the way of integrators; cookie-authenticated requests are still checked.
	csrf.AddInsecureBypassPattern("POST /api/v1/auth/token")
	// instrument wraps the mux directly: the mux records the matched pattern on the very
	// *http.Request it is given, and every other middleware hands on a copy.
	h := m.instrument(textGuard(refuse, apiRouting(mux, d.API)))
	h = authenticate(d.Identity, h)
	h = bearerBypass(csrf, h)
	if d.MetricsToken != "" {
		h = metricsGate(d.MetricsToken, promhttp.HandlerFor(reg, promhttp.HandlerOpts{}), h)
	}
	h = securityHeaders(d.HSTS, h)
	h = recoverer(d.Logger, h)
	h = compress(h) // outside recoverer, so that the error page of a panic is compressed whole
	h = requestLog(d.Logger, d.ClientIPHeader, h)
	return h
}

func isAPI(r *http.Request) bool {
	return r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/")
}

// apiRouting answers, in the API's error envelope, what no API route serves under /api/: the
// mux would answer a text 404 or 405, or hand the path to the portal's catch-all page.
func apiRouting(mux *http.ServeMux, a *api.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isAPI(r) {
			if _, pattern := mux.Handler(r); !strings.Contains(pattern, " /api/") {
				a.Unrouted(w, r)
				return
			}
		}
		mux.ServeHTTP(w, r)
	})
}

type ctxKey int

const requestIDKey ctxKey = iota

// RequestID returns the request's ID, set by the server for every request.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

func newRequestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// validRequestID accepts a caller's X-Request-ID only if it is short and plain.
func validRequestID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// ClientIP is the client's address of r: the TCP peer, or with header (a trusted proxy's) set
// and holding an IP address, that address; of a list (X-Forwarded-For) the last entry, the
// one the trusted proxy itself appended, since earlier ones are the client's to invent.
func ClientIP(r *http.Request, header string) string {
	if header != "" {
		vs := r.Header.Values(header)
		if len(vs) > 0 {
			last := vs[len(vs)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			if ip := net.ParseIP(strings.TrimSpace(last)); ip != nil {
				return ip.String()
			}
		}
	}
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	return ip
}

// requestLog gives the request its ID and client address (the address also replaces
// r.RemoteAddr, so that every handler sees the client rather than the proxy), and logs it.
func requestLog(log *slog.Logger, ipHeader string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if !validRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-ID", id)
		ctx := context.WithValue(r.Context(), requestIDKey, id)
		ip := ClientIP(r, ipHeader)
		ctx = audit.WithRequest(ctx, ip, id)
		r = r.WithContext(ctx)
		if ipHeader != "" {
			r.RemoteAddr = net.JoinHostPort(ip, "0")
		}
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if r.URL.Path == "/healthz" || r.URL.Path == "/metrics" || strings.HasPrefix(r.URL.Path, "/static/") {
			return
		}
		log.LogAttrs(ctx, slog.LevelInfo, "http", slog.String("request_id", id), slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Int("status", sw.status), slog.Int("bytes", sw.bytes),
			slog.Duration("duration", time.Since(start)))
	})
}

func recoverer(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.ErrorContext(r.Context(), "panic", "request_id", RequestID(r.Context()), "panic", v, "path", r.URL.Path)
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// hsts is the Strict-Transport-Security value: a year, the host only (a city's other
// subdomains may not all be on HTTPS).
const hsts = "max-age=31536000"

func securityHeaders(sendHSTS bool, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if sendHSTS {
			h.Set("Strict-Transport-Security", hsts)
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		next.ServeHTTP(w, r)
	})
}

// metricsGate serves /metrics, and the runtime's profiles under /debug/pprof/, to a client that
// presents the metrics token, before sign-in resolution (the token is not a user's); anything
// else goes on to next. The metrics name every route and the runtime's state, and a profile
// shows the code at work, so they are not public (issue 10); the profiles are how a busy day's
// slowness is found on the running server (issue 15).
func metricsGate(token string, metrics, next http.Handler) http.Handler {
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		profile := strings.HasPrefix(r.URL.Path, "/debug/pprof/")
		if r.URL.Path != "/metrics" && !profile {
			next.ServeHTTP(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got, _ := api.BearerToken(r)
		sum := sha256.Sum256([]byte(got))
		if subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		switch name := strings.TrimPrefix(r.URL.Path, "/debug/pprof/"); {
		case !profile:
			metrics.ServeHTTP(w, r)
		case name == "profile":
			pprof.Profile(w, r)
		case name == "trace":
			pprof.Trace(w, r)
		default: // the index, heap, goroutine, allocs, mutex, block…
			pprof.Index(w, r)
		}
	})
}

// bearerBypass applies cross-origin protection only to requests that could ride on a cookie.
func bearerBypass(csrf *http.CrossOriginProtection, next http.Handler) http.Handler {
	protected := csrf.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := api.BearerToken(r); ok {
			next.ServeHTTP(w, r)
			return
		}
		protected.ServeHTTP(w, r)
	})
}

// authenticate resolves the caller from a bearer token or the session cookie. A bad bearer
// token is refused outright: an integrator must learn that its credential failed.
func authenticate(ids *identity.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if tok, ok := api.BearerToken(r); ok {
			u, err := ids.TokenUser(ctx, tok)
			if err != nil {
				w.Header().Set("WWW-Authenticate", `Bearer realm="motcua", error="invalid_token"`)
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
				w.WriteHeader(http.StatusUnauthorized)
				w.Write([]byte(`{"error":{"code":"invalid_token","message":"Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi."}}` + "\n"))
				return
			}
			next.ServeHTTP(w, r.WithContext(org.WithUser(ctx, u)))
			return
		}
		if c, err := r.Cookie(web.SessionCookie); err == nil && c.Value != "" {
			if u, err := ids.SessionUser(ctx, c.Value); err == nil {
				r = r.WithContext(org.WithUser(ctx, u))
			}
		}
		next.ServeHTTP(w, r)
	})
}

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "motcua_http_requests_total",
			Help: "HTTP requests by route pattern, method and status code."}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "motcua_http_request_duration_seconds",
			Help: "HTTP request latency by route pattern.", Buckets: prometheus.DefBuckets}, []string{"route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

func (m *metrics) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := r.Pattern // set by the mux on the request it routed
		if route == "" {
			route = "unmatched"
		}
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		m.requests.WithLabelValues(route, r.Method, strconv.Itoa(sw.status)).Inc()
		m.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
	})
}

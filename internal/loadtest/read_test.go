package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// helloEnv makes the test binary, run again as a child, serve helloJSON on the address it
// names: the minimal net/http server issue 15 measures motcua's reads against, in a process of
// its own like motcua's.
const helloEnv = "MOTCUA_LOADTEST_HELLO"

// helloJSON is a 1 KB JSON answer.
var helloJSON = func() []byte {
	b, _ := json.Marshal(map[string]string{"message": "xin chào", "padding": strings.Repeat("x", 990)})
	return b
}()

// serveHello runs the hello-world server when the process was started as one; it never
// returns then.
func serveHello() {
	addr := os.Getenv(helloEnv)
	if addr == "" {
		return
	}
	err := http.ListenAndServe(addr, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(helloJSON)
	}))
	fmt.Fprintln(os.Stderr, "hello:", err)
	os.Exit(1)
}

// startHello runs the hello-world server as a child process and waits until it answers.
func startHello(t *testing.T) string {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helloEnv+"="+addr)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	base := "http://" + addr
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get(base); err == nil {
			resp.Body.Close()
			return base
		}
		if time.Now().After(deadline) {
			t.Fatal("the hello-world server did not answer within 10 s")
		}
	}
}

// readPaths are the busy day's reads (issue 15) with the goal of each: motcua's rate at least
// that share of the hello-world server's.
var readPaths = []struct {
	name, path string
	goal       float64
}{
	{"procedure JSON", "/api/v1/procedures/" + procedureCode, 0.5},
	{"search", "/api/v1/procedures?q=khai+sinh", 0.3},
	{"home page", "/", 0.4},
	{"procedure page", "/thu-tuc/" + procedureCode, 0.25},
	{"tracking", "/api/v1/track/{code}", 0.4}, // {code}: a dossier submitted before the load
	{"healthz", "/healthz", 0},
}

// TestReadLoad measures motcua's public reads against a hello-world server on this machine
// (issue 15): for each path, rounds alternate between the two servers, each round the same
// number of keep-alive clients for the same time, and the ratio of the rates is printed per
// pair with its median, beside the goal. It fails on an error or a non-200 answer,
// never on a rate: the figures are for BENCHMARKS.md. Runs only with MOTCUA_LOADTEST=1, on
// both engines (PostgreSQL with MOTCUA_TEST_POSTGRES). Knobs: MOTCUA_LOADTEST_CLIENTS (100),
// _DURATION (10s) per round, _WARMUP (2s), _READS (names of the reads to run, comma-separated,
// e.g. "search,tracking"; all by default), _PROFILE (a directory: each read's CPU profile of the
// server during its last round is written there as <engine>-<read>.pprof). Tracking is measured with its per-address limit
// raised (every client here is one loopback address; on the busy day they are many).
func TestReadLoad(t *testing.T) {
	if os.Getenv("MOTCUA_LOADTEST") != "1" {
		t.Skip("load test: set MOTCUA_LOADTEST=1 to run it (BENCHMARKS.md)")
	}
	cfg := loadConfigFromEnv(t)
	const rounds = 3
	hello := startHello(t)
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			tg := newTarget(t, engine)
			srv := startServer(t, tg, freeAddr(t), "MOTCUA_TRACK_PER_MINUTE=100000000", "MOTCUA_METRICS_TOKEN="+profileToken)
			hc := loopbackClient(cfg.clients, 30*time.Second)
			defer hc.CloseIdleConnections()
			cits, _ := prepareCitizens(t, tg, srv.base, 1)
			code := submitOne(t, hc, srv.base, cits[0])
			for _, p := range readPaths {
				if only := os.Getenv("MOTCUA_LOADTEST_READS"); only != "" && !slices.Contains(strings.Split(only, ","), p.name) {
					continue
				}
				p.path = strings.ReplaceAll(p.path, "{code}", code)
				hammer(t, hc, srv.base+p.path, cfg.clients, cfg.warmup) // fill caches and connections
				hammer(t, hc, hello, cfg.clients, cfg.warmup)
				var ratios []float64
				var ours, theirs []float64
				for i := range rounds {
					h := hammer(t, hc, hello, cfg.clients, cfg.duration)
					var profiled chan struct{}
					if dir := os.Getenv("MOTCUA_LOADTEST_PROFILE"); dir != "" && i == rounds-1 {
						profiled = make(chan struct{})
						go func() {
							defer close(profiled)
							saveProfile(t, srv.base, cfg.duration, filepath.Join(dir, engine+"-"+strings.ReplaceAll(p.name, " ", "-")+".pprof"))
						}()
					}
					m := hammer(t, hc, srv.base+p.path, cfg.clients, cfg.duration)
					if profiled != nil {
						<-profiled
					}
					ours, theirs = append(ours, m), append(theirs, h)
					ratios = append(ratios, m/h)
				}
				rss, peak, _ := srv.memory()
				med := median(ratios)
				verdict := "met"
				if med < p.goal {
					verdict = "NOT met"
				}
				t.Logf("%-7s %-15s motcua %6.0f/s  hello %6.0f/s  ratio %.2f (rounds %s)  goal ≥ %.2f %s  RSS %d MB (peak %d MB)",
					engine, p.name, median(ours), median(theirs), med, format(ratios), p.goal, verdict, rss>>20, peak>>20)
			}
		})
	}
}

// profileToken is the metrics token the server is started with, for its CPU profiles.
const profileToken = "loadtest-profile-0123456789"

// saveProfile writes the server's CPU profile over most of d to file.
func saveProfile(t *testing.T, base string, d time.Duration, file string) {
	secs := max(int(d.Seconds())-1, 1)
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", base, secs), nil)
	req.Header.Set("Authorization", "Bearer "+profileToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Errorf("profile: %v", err)
		return
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("profile: %d %v", resp.StatusCode, err)
		return
	}
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Error(err)
	}
}

// submitOne files c's dossier through the API and returns its code.
func submitOne(t *testing.T, hc *http.Client, base string, c *citizen) string {
	t.Helper()
	status, body, err := submit(context.Background(), hc, base, c, "read-load")
	if err != nil || status != http.StatusCreated {
		t.Fatalf("submit: %d %v %.300s", status, err, body)
	}
	var out struct{ Code string }
	if err := json.Unmarshal(body, &out); err != nil || out.Code == "" {
		t.Fatalf("submit answered %.300s: %v", body, err)
	}
	return out.Code
}

// hammer sends GET url from n keep-alive clients for d and returns the rate of answers; any
// error or status other than 200 fails the test.
func hammer(t *testing.T, hc *http.Client, url string, n int, d time.Duration) float64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var ok atomic.Int64
	var failed sync.Once
	var wg sync.WaitGroup
	began := time.Now()
	for range n {
		wg.Go(func() {
			for ctx.Err() == nil {
				req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
				req.Header.Set("Accept-Encoding", "gzip") // as browsers and phones send it
				resp, err := hc.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						failed.Do(func() { t.Errorf("GET %s: %v", url, err) })
					}
					return
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || err != nil && ctx.Err() == nil {
					failed.Do(func() { t.Errorf("GET %s = %d %v", url, resp.StatusCode, err) })
					return
				}
				if err == nil {
					ok.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return float64(ok.Load()) / time.Since(began).Seconds()
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func format(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprintf("%.2f", x)
	}
	return strings.Join(parts, " ")
}

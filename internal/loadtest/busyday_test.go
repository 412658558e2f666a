package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
)

// busyRead is one kind of the busy day's reads and its share of the visitors' requests.
type busyRead struct {
	name, path string
	weight     int
}

// busyReads are what the visitors read: the procedure, a search, the home page, the procedure's
// page and tracking a dossier ({code}: one submitted before the load).
var busyReads = []busyRead{
	{"procedure JSON", "/api/v1/procedures/" + procedureCode, 20},
	{"search", "/api/v1/procedures?q=khai+sinh", 20},
	{"home page", "/", 20},
	{"procedure page", "/thu-tuc/" + procedureCode, 20},
	{"tracking", "/api/v1/track/{code}", 20},
}

// TestBusyDay is issue 15's busy-day mix: thousands of keep-alive visitors reading (each reads,
// waits a moment as a person does, and reads again) while online submissions arrive in bursts
// at a few offices. It prints each kind's rate and p50/p95/p99, and the server's peak resident
// memory beside the goal of 200 MB, sampled throughout. It fails on an error or an answer
// other than 200 (201 for a submission), never on a time. Runs only with MOTCUA_LOADTEST=1, on
// both engines (PostgreSQL with MOTCUA_TEST_POSTGRES). Knobs: MOTCUA_LOADTEST_VISITORS (2000),
// _THINK (1s, the mean wait between a visitor's reads), _BURST (60 submissions every second,
// spread over 3 offices), _DURATION (20s), _WARMUP (5s, while the visitors arrive).
func TestBusyDay(t *testing.T) {
	if os.Getenv("MOTCUA_LOADTEST") != "1" {
		t.Skip("load test: set MOTCUA_LOADTEST=1 to run it (BENCHMARKS.md)")
	}
	visitors := envInt(t, "MOTCUA_LOADTEST_VISITORS", 2000)
	burst := envInt(t, "MOTCUA_LOADTEST_BURST", 60)
	think := envDuration(t, "MOTCUA_LOADTEST_THINK", time.Second)
	dur := envDuration(t, "MOTCUA_LOADTEST_DURATION", 20*time.Second)
	warmup := envDuration(t, "MOTCUA_LOADTEST_WARMUP", 5*time.Second)
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { testBusyDay(t, engine, visitors, burst, think, dur, warmup) })
	}
}

func testBusyDay(t *testing.T, engine string, visitors, burst int, think, dur, warmup time.Duration) {
	tg := newTarget(t, engine)
	srv := startServer(t, tg, freeAddr(t), "MOTCUA_TRACK_PER_MINUTE=100000000")
	hc := loopbackClient(visitors+burst, 30*time.Second)
	defer hc.CloseIdleConnections()
	// The burst's applicants: each submits at one of the first three offices receiving the
	// procedure, in turn. The first one's dossier, filed before, is the one tracked.
	cits, app := prepareCitizens(t, tg, srv.base, burst)
	code := submitOne(t, hc, srv.base, cits[0])
	offices := receivingAgencies(t, tg, app.proc)[:3]
	for i, c := range cits {
		body, err := json.Marshal(dossier.SubmitInput{ProcedureCode: app.proc.Code, AgencyCode: offices[i%len(offices)].Code,
			Form: app.form, Attachments: c.files})
		if err != nil {
			t.Fatal(err)
		}
		c.body = body
	}
	var wheel []busyRead // the reads, each as many times as its weight
	for _, r := range busyReads {
		r.path = strings.ReplaceAll(r.path, "{code}", code)
		for range r.weight {
			wheel = append(wheel, r)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), warmup+dur)
	defer cancel()
	from := time.Now().Add(warmup)
	rec := newLatencies()
	var wg sync.WaitGroup
	// Visitors arrive over the warm-up, then read until the end.
	for v := range visitors {
		wg.Go(func() {
			if !sleepCtx(ctx, time.Duration(v)*warmup/time.Duration(visitors)) {
				return
			}
			rng := rand.New(rand.NewPCG(uint64(v), 15))
			for ctx.Err() == nil {
				r := wheel[rng.IntN(len(wheel))]
				began := time.Now()
				status, err := get(ctx, hc, srv.base+r.path)
				if ctx.Err() != nil {
					return
				}
				rec.add(r.name, began, from, time.Since(began), err == nil && status == http.StatusOK, fmt.Sprintf("%s: %d %v", r.path, status, err))
				// A person reads the page before the next click: exponential, mean think.
				if !sleepCtx(ctx, time.Duration(rng.ExpFloat64()*float64(think))) {
					return
				}
			}
		})
	}
	// Every second, a burst of submissions at the offices, all at once.
	wg.Go(func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for n := 0; ; n++ {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			var bw sync.WaitGroup
			for i, c := range cits {
				bw.Go(func() {
					began := time.Now()
					status, body, err := submit(ctx, hc, srv.base, c, fmt.Sprintf("busy-%05d-%03d", n, i))
					if ctx.Err() != nil {
						return
					}
					rec.add("submission", began, from, time.Since(began), err == nil && status == http.StatusCreated,
						fmt.Sprintf("submit: %d %v %.200s", status, err, body))
				})
			}
			bw.Wait()
		}
	})
	// The server's memory, sampled throughout.
	var peakRSS int64
	wg.Go(func() {
		for sleepCtx(ctx, 250*time.Millisecond) {
			if rss, _, err := srv.memory(); err == nil {
				peakRSS = max(peakRSS, rss)
			}
		}
	})
	wg.Wait()
	_, hwm, _ := srv.memory()
	srv.stop()

	for _, name := range append(slicesOf(busyReads), "submission") {
		l := rec.of(name)
		t.Logf("%-8s %-15s %6.0f/s  p50 %7v  p95 %7v  p99 %7v  max %7v  errors %d of %d",
			engine, name, float64(len(l.latencies))/dur.Seconds(), l.percentile(50), l.percentile(95), l.percentile(99),
			l.percentile(100), l.errors, l.total)
		if l.errors > 0 {
			t.Errorf("%s: %d of %d failed; first: %s", name, l.errors, l.total, strings.Join(l.firstErrors, "; "))
		}
	}
	verdict := "met"
	if max(peakRSS, hwm) >= targetRSS {
		verdict = "NOT met"
	}
	t.Logf("%-8s %d visitors (mean wait %v), bursts of %d submissions a second at %d offices: server peak RSS %d MB (goal < %d MB) %s",
		engine, visitors, think, len(cits), len(offices), max(peakRSS, hwm)>>20, targetRSS>>20, verdict)
}

// get sends GET url and reads the whole answer.
func get(ctx context.Context, hc *http.Client, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

// latencies are the load's answers by kind (loadResult's: the times of those answered after
// the warm-up, and every failure).
type latencies struct {
	mu sync.Mutex
	m  map[string]*loadResult
}

func newLatencies() *latencies { return &latencies{m: map[string]*loadResult{}} }

func (l *latencies) add(kind string, began, from time.Time, took time.Duration, ok bool, what string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := l.m[kind]
	if k == nil {
		k = &loadResult{}
		l.m[kind] = k
	}
	k.total++
	switch {
	case !ok:
		k.errors++
		if len(k.firstErrors) < 3 {
			k.firstErrors = append(k.firstErrors, what)
		}
	case !began.Before(from):
		k.latencies = append(k.latencies, took)
	}
}

// of is kind's answers, their times sorted.
func (l *latencies) of(kind string) *loadResult {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := l.m[kind]
	if k == nil {
		return &loadResult{}
	}
	slices.Sort(k.latencies)
	return k
}

func slicesOf(rs []busyRead) []string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.name
	}
	return names
}

// sleepCtx waits d or until ctx ends; it reports whether ctx is still live.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

package loadtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"
)

// Targets of issue 10: a flood of wrong sign-ins keeps the server's peak RSS within
// signInRSSMargin of its idle size, and one account is throttled within signInFirstN attempts.
const (
	signInClients   = 100
	signInRounds    = 5 // sign-ins per client in the flood
	signInRSSMargin = 300 << 20
	signInFirstN    = 30
)

// TestSignInFlood (MOTCUA_LOADTEST=1) starts the real server behind a pretend reverse proxy
// (MOTCUA_TRUSTED_PROXY_HEADER=X-Forwarded-For, so each client can have its own address) and
// sends, from signInClients concurrent clients:
//   - wrong passwords for one account, each from its own address: at most signInFirstN are
//     answered other than 429 (the per-account throttle, not the per-address one);
//   - then signInRounds wrong sign-ins each for distinct logins from distinct addresses, which
//     no throttle stops, so every one costs an argon2id hash.
//
// It prints the idle and peak RSS and their ratio, and fails when the peak exceeds the idle
// size by more than signInRSSMargin.
func TestSignInFlood(t *testing.T) {
	if os.Getenv("MOTCUA_LOADTEST") != "1" {
		t.Skip("load test: set MOTCUA_LOADTEST=1 to run it (BENCHMARKS.md)")
	}
	tg := newTarget(t, "sqlite")
	srv := startServer(t, tg, freeAddr(t), "MOTCUA_TRUSTED_PROXY_HEADER=X-Forwarded-For")
	hc := loopbackClient(signInClients, 5*time.Minute)
	// Warm up: one sign-in (a hash) and a page, so idle counts the code paths, not their first use.
	signIn(t, hc, srv.base, "198.18.255.1", "warm.up", "sai")
	idle, _, err := srv.memory()
	if err != nil {
		t.Fatal(err)
	}

	statuses := flood(t, hc, srv.base, func(i, round int) (addr, login string) {
		return fmt.Sprintf("198.18.0.%d", i+1), "tiepnhan" // one (demo) account, many addresses
	}, 1)
	notThrottled := 0
	for _, st := range statuses {
		if st != http.StatusTooManyRequests {
			notThrottled++
		}
	}
	if notThrottled > signInFirstN {
		t.Errorf("one account: %d of %d sign-ins answered other than 429; want at most %d", notThrottled, len(statuses), signInFirstN)
	}

	start := time.Now()
	statuses = flood(t, hc, srv.base, func(i, round int) (addr, login string) {
		return fmt.Sprintf("198.19.%d.%d", round, i+1), fmt.Sprintf("khach.%d.%d", round, i)
	}, signInRounds)
	took := time.Since(start)
	counts := map[int]int{}
	for _, st := range statuses {
		counts[st]++
	}
	_, peak, err := srv.memory()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("sign-in flood: %d clients × %d wrong sign-ins in %v, statuses %v; one account: %d of %d not throttled; server idle RSS %d MB, peak %d MB, peak/idle %.2f, peak−idle %d MB (target ≤ %d MB)",
		signInClients, signInRounds, took.Round(time.Millisecond), counts, notThrottled, signInClients,
		idle>>20, peak>>20, float64(peak)/float64(idle), (peak-idle)>>20, signInRSSMargin>>20)
	if counts[http.StatusUnauthorized] != signInClients*signInRounds {
		t.Errorf("distinct logins and addresses: statuses %v; want all %d answered 401 (each a hash)", counts, signInClients*signInRounds)
	}
	if peak-idle > signInRSSMargin {
		t.Errorf("server peak RSS %d MB is %d MB over idle %d MB; want at most %d MB", peak>>20, (peak-idle)>>20, idle>>20, signInRSSMargin>>20)
	}
}

// flood runs signInClients clients, each making rounds wrong sign-ins with the address and
// login who gives, and returns every status.
func flood(t *testing.T, hc *http.Client, base string, who func(i, round int) (addr, login string), rounds int) []int {
	var mu sync.Mutex
	var statuses []int
	var wg sync.WaitGroup
	for i := range signInClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range rounds {
				addr, login := who(i, round)
				st := signIn(t, hc, base, addr, login, "sai-mat-khau")
				mu.Lock()
				statuses = append(statuses, st)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return statuses
}

// signIn posts to the token endpoint as a client at addr behind the proxy, returning the status.
func signIn(t *testing.T, hc *http.Client, base, addr, login, password string) int {
	b, _ := json.Marshal(map[string]string{"username": login, "password": password})
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/auth/token", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", addr)
	resp, err := hc.Do(req)
	if err != nil {
		t.Errorf("sign-in: %v", err)
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

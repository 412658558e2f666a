package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/db"
)

// attempt is one submission of the durability test and what came back.
type attempt struct {
	cit    *citizen
	key    string
	status int    // 0: no answer
	code   string // on 201
	err    error
}

// TestKillDuringSubmissions kills the server with SIGKILL while 20 clients submit, restarts it
// on the same database and checks that every dossier answered with 201 is there and complete
// (attachments, one history event, status 1, its two notifications in the outbox), that a
// retry with the same Idempotency-Key answers the same code, that a retry of an unanswered
// request creates at most one dossier, and that the daily sequence numbers have no duplicates.
func TestKillDuringSubmissions(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { testKill(t, engine) })
	}
}

func testKill(t *testing.T, engine string) {
	const clients, citizens = 20, 5
	tg := newTarget(t, engine)
	addr := freeAddr(t)
	srv := startServer(t, tg, addr)
	cits, app := prepareCitizens(t, tg, srv.base, citizens)
	hc := loopbackClient(clients, 10*time.Second)

	// Submit until the server dies; each client stops at its first request without an answer.
	var mu sync.Mutex
	var attempts []*attempt
	var wg sync.WaitGroup
	start := time.Now()
	for w := range clients {
		wg.Go(func() {
			c := cits[w%len(cits)]
			for i := 0; ; i++ {
				a := &attempt{cit: c, key: fmt.Sprintf("kill-%s-%02d-%05d", engine, w, i)}
				var body []byte
				a.status, body, a.err = submit(context.Background(), hc, srv.base, c, a.key)
				if a.status == http.StatusCreated {
					var s submitted
					if err := json.Unmarshal(body, &s); err != nil || s.Code == "" {
						a.err = fmt.Errorf("201 without a code: %s", body)
					}
					a.code = s.Code
				} else if a.err == nil {
					a.err = fmt.Errorf("status %d: %s", a.status, body)
				}
				mu.Lock()
				attempts = append(attempts, a)
				mu.Unlock()
				if a.status == 0 || time.Since(start) > 15*time.Second {
					return
				}
			}
		})
	}
	time.Sleep(1500 * time.Millisecond)
	srv.kill()
	wg.Wait()
	hc.CloseIdleConnections()

	answered := map[string]*attempt{} // by key
	unanswered, refused := 0, 0
	for _, a := range attempts {
		switch {
		case a.status == http.StatusCreated && a.err == nil:
			answered[a.key] = a
		case a.status == 0:
			unanswered++
		default:
			refused++
			t.Errorf("before the kill, %s got %v", a.key, a.err)
		}
	}
	t.Logf("%s: %d submissions before SIGKILL: %d answered 201, %d without an answer, %d refused",
		engine, len(attempts), len(answered), unanswered, refused)
	if len(answered) == 0 {
		t.Fatal("no submission was answered before the kill")
	}
	if unanswered == 0 {
		t.Error("the kill interrupted no request; it did not land in the middle of the load")
	}

	srv = startServer(t, tg, addr)
	defer srv.stop()
	hc = loopbackClient(clients, 30*time.Second)
	defer hc.CloseIdleConnections()

	// Every answered dossier is there and complete.
	for _, a := range answered {
		var d struct {
			Code        string
			StatusCode  int `json:"status_code"`
			Attachments []struct{ Component, File string }
			History     []struct{ Action string }
		}
		status, body := call(t, hc, "GET", srv.base+"/api/v1/dossiers/"+a.code, a.cit.token, nil)
		if status != 200 || json.Unmarshal(body, &d) != nil {
			t.Errorf("GET %s (answered 201 to %s) = %d %s", a.code, a.key, status, body)
			continue
		}
		if d.Code != a.code || d.StatusCode != 1 || len(d.Attachments) != len(a.cit.files) || len(d.History) != 1 || d.History[0].Action != "submit" {
			t.Errorf("dossier %s after restart = %+v; want status 1, %d attachments, one submit event", a.code, d, len(a.cit.files))
		}
	}
	d := tg.open(t)
	defer d.Close()
	ctx := context.Background()
	outbox := outboxByCode(t, d)
	for _, a := range answered {
		if got := outbox[a.code]; got != "email,sms" {
			t.Errorf("outbox for %s = %q; want email,sms", a.code, got)
		}
	}
	// What was committed before the kill: each key with its stored answer, and as many
	// dossiers as keys (they are written in one transaction).
	committed := committedKeys(t, d)
	for _, a := range answered {
		if committed[a.key] != a.code {
			t.Errorf("idempotency key %s holds %q; the client got %s", a.key, committed[a.key], a.code)
		}
	}
	var before int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM dossiers`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	if before != len(committed) {
		t.Errorf("after the restart: %d dossiers but %d idempotency keys", before, len(committed))
	}

	// Every request again, with its key: the answered ones get their code back, the others
	// get the code committed before the kill or a new one.
	codes := map[string]string{} // key → code after the retry
	var retryMu sync.Mutex
	jobs := make(chan *attempt)
	var rwg sync.WaitGroup
	for range clients {
		rwg.Go(func() {
			for a := range jobs {
				status, body, err := submit(ctx, hc, srv.base, a.cit, a.key)
				var s submitted
				if err == nil && status == http.StatusCreated {
					err = json.Unmarshal(body, &s)
				}
				retryMu.Lock()
				switch {
				case err != nil:
					t.Errorf("retry %s: %v", a.key, err)
				case status != http.StatusCreated || s.Code == "":
					t.Errorf("retry %s = %d %s; want 201", a.key, status, body)
				default:
					codes[a.key] = s.Code
				}
				retryMu.Unlock()
			}
		})
	}
	for _, a := range attempts {
		jobs <- a
	}
	close(jobs)
	rwg.Wait()
	lost := 0 // committed, but the answer never reached the client
	byCode := map[string]string{}
	for _, a := range attempts {
		code := codes[a.key]
		if prev, ok := committed[a.key]; ok {
			if code != prev {
				t.Errorf("retry of %s = %s; committed before the kill as %s", a.key, code, prev)
			}
			if _, ok := answered[a.key]; !ok {
				lost++
			}
		}
		if other, dup := byCode[code]; dup && code != "" {
			t.Errorf("keys %s and %s both answered %s", other, a.key, code)
		}
		byCode[code] = a.key
	}

	// One dossier per key, and daily numbers without duplicates (gaps are logged).
	var n int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM dossiers`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != len(attempts) {
		t.Errorf("%d dossiers for %d distinct Idempotency-Keys", n, len(attempts))
	}
	checkSequences(t, d, app.agency.ID)
	t.Logf("%s: after the restart the %d answered dossiers are complete; of %d unanswered requests %d had committed (retry answered their code), %d were created by the retry",
		engine, len(answered), unanswered, lost, len(attempts)-len(committed))
}

// committedKeys maps each stored Idempotency-Key to the code of its stored answer; a key
// without a complete answer (status other than 201) fails the test, since the key and its
// answer are written in the dossier's transaction.
func committedKeys(t *testing.T, d *db.DB) map[string]string {
	t.Helper()
	rows, err := d.Query(context.Background(), `SELECT key, status, response FROM idempotency_keys`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var key, resp string
		var status int
		if err := rows.Scan(&key, &status, &resp); err != nil {
			t.Fatal(err)
		}
		var s submitted
		if status != http.StatusCreated || json.Unmarshal([]byte(resp), &s) != nil || s.Code == "" {
			t.Errorf("idempotency key %s stored with status %d and answer %q", key, status, resp)
		}
		out[key] = s.Code
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// outboxByCode maps each dossier code to the channels of its dossier_submitted
// notifications, sorted and comma-separated.
func outboxByCode(t *testing.T, d *db.DB) map[string]string {
	t.Helper()
	rows, err := d.Query(context.Background(), `SELECT channel, data FROM outbox WHERE template = 'dossier_submitted' ORDER BY channel`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var ch, data string
		if err := rows.Scan(&ch, &data); err != nil {
			t.Fatal(err)
		}
		var m struct{ Code string }
		if err := json.Unmarshal([]byte(data), &m); err != nil {
			t.Fatalf("outbox data %s: %v", data, err)
		}
		if out[m.Code] != "" {
			out[m.Code] += ","
		}
		out[m.Code] += ch
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// codeNumber is the daily number at the end of a dossier code, or -1.
func codeNumber(code string) int {
	i := strings.LastIndexByte(code, '-')
	n, err := strconv.Atoi(code[i+1:])
	if i < 0 || err != nil {
		return -1
	}
	return n
}

// checkSequences checks that no two dossiers of the agency share a day's number and that
// dossier_sequences will never hand out a number already used. Gaps are allowed (the issue
// asks for no duplicates; the gap policy is on dossier.Store.nextCode) and logged: the number
// is taken in a short transaction before the dossier's, so a submission cut off by the kill
// after taking its number leaves it unused, and its retry takes a new one.
func checkSequences(t *testing.T, d *db.DB, agencyID int64) {
	t.Helper()
	ctx := context.Background()
	rows, err := d.Query(ctx, `SELECT code FROM dossiers WHERE agency_id = ?`, agencyID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	days := map[string]map[int]string{} // day → number → code
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(code, "-")
		n := codeNumber(code)
		if len(parts) != 3 || n < 1 {
			t.Errorf("dossier code %q is not <agency>-<YYMMDD>-<NNNN>", code)
			continue
		}
		if days[parts[1]] == nil {
			days[parts[1]] = map[int]string{}
		}
		if other, dup := days[parts[1]][n]; dup {
			t.Errorf("dossiers %s and %s share number %d", other, code, n)
		}
		days[parts[1]][n] = code
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for day, nums := range days {
		var last int
		if err := d.QueryRow(ctx, `SELECT last FROM dossier_sequences WHERE agency_id = ? AND day = ?`, agencyID, day).Scan(&last); err != nil {
			t.Fatalf("sequence of day %s: %v", day, err)
		}
		highest := slices.Max(slices.Collect(maps.Keys(nums)))
		if last < highest {
			t.Errorf("day %s: dossier_sequences.last = %d, below the highest number used, %d", day, last, highest)
		}
		t.Logf("day %s: %d dossiers numbered up to %d, sequence at %d (%d gaps)", day, len(nums), highest, last, highest-len(nums))
	}
}

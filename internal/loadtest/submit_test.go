package loadtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/stats"
	"github.com/motcua/motcua/internal/vntime"
)

// Targets of the issue: the server sustains at least half of the machine's limit for the same
// writes, answers every request with 201, and stays under 200 MB resident.
const (
	targetRatio = 0.50
	targetRSS   = 200 << 20
)

// loadConfig is the shape of a load run, from the environment.
type loadConfig struct {
	clients  int           // concurrent HTTP clients (MOTCUA_LOADTEST_CLIENTS, 100)
	citizens int           // accounts they share (MOTCUA_LOADTEST_CITIZENS, 10)
	warmup   time.Duration // not counted (MOTCUA_LOADTEST_WARMUP, 2s)
	duration time.Duration // counted, and the limit's duration (MOTCUA_LOADTEST_DURATION, 10s)
}

func loadConfigFromEnv(t *testing.T) loadConfig {
	t.Helper()
	c := loadConfig{clients: envInt(t, "MOTCUA_LOADTEST_CLIENTS", 100), citizens: envInt(t, "MOTCUA_LOADTEST_CITIZENS", 10),
		warmup: envDuration(t, "MOTCUA_LOADTEST_WARMUP", 2*time.Second), duration: envDuration(t, "MOTCUA_LOADTEST_DURATION", 10*time.Second)}
	if c.duration < time.Second {
		t.Fatalf("MOTCUA_LOADTEST_DURATION=%v: at least 1s", c.duration)
	}
	return c
}

// envInt is the positive number in the environment variable name, or def when it is unset.
func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

// envDuration is the positive duration in the environment variable name, or def when it is
// unset.
func envDuration(t *testing.T, name string, def time.Duration) time.Duration {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		t.Fatalf("%s=%q: want a positive duration", name, v)
	}
	return d
}

// TestSubmitLoad measures POST /api/v1/dossiers end to end — validation, code, dossier,
// attachment links, history and outbox in one transaction — from concurrent clients on
// loopback against the real binary, and compares the rate with this machine's limit for the
// same writes measured in the same run: pgbench running scripts/loadtest/submit.sql on
// PostgreSQL, a plain Go loop of the same inserts (one writer, one transaction per submission)
// on SQLite. It runs only with MOTCUA_LOADTEST=1; BENCHMARKS.md has the commands and figures.
func TestSubmitLoad(t *testing.T) {
	if os.Getenv("MOTCUA_LOADTEST") != "1" {
		t.Skip("load test: set MOTCUA_LOADTEST=1 to run it (BENCHMARKS.md)")
	}
	cfg := loadConfigFromEnv(t)
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { testSubmitLoad(t, engine, cfg) })
	}
}

func testSubmitLoad(t *testing.T, engine string, cfg loadConfig) {
	tg := newTarget(t, engine)
	srv := startServer(t, tg, freeAddr(t))
	cits, app := prepareCitizens(t, tg, srv.base, cfg.citizens)
	if busy, err := cpuBusy(time.Second); err == nil && busy > 0.2 {
		t.Logf("warning: before the load the machine was %.0f%% busy with other work; the figures will be low", busy*100)
	}
	res := drive(srv.base, cits, cfg, "load")
	_, peak, err := srv.memory()
	if err != nil {
		t.Fatal(err)
	}
	srv.stop() // the limit runs alone on the machine
	checkCreated(t, tg, res.created)

	var limit float64
	var how string
	switch engine {
	case "sqlite":
		limit = sqliteLimit(t, tg, app, cfg.duration)
		how = "Go loop, 1 writer"
	case "postgres":
		var clients int
		limit, clients = pgbenchLimit(t, tg, app, cits, cfg)
		how = fmt.Sprintf("pgbench -c %d", clients)
	}
	ratio := res.rate() / limit
	t.Logf("submit %s: %.0f/s vs limit %.0f/s (%s) = %.2f (target ≥ %.2f), errors %d of %d, p50 %v p95 %v p99 %v max %v, server peak RSS %d MB (target < %d)",
		engine, res.rate(), limit, how, ratio, targetRatio, res.errors, res.total, res.percentile(50), res.percentile(95),
		res.percentile(99), res.percentile(100), peak>>20, targetRSS>>20)
	if res.errors > 0 {
		t.Errorf("%d of %d submissions failed; first: %s", res.errors, res.total, strings.Join(res.firstErrors, "; "))
	}
	if ratio < targetRatio {
		t.Errorf("rate %.0f/s is %.2f of the limit %.0f/s; want at least %.2f", res.rate(), ratio, limit, targetRatio)
	}
	if peak >= targetRSS {
		t.Errorf("server peak RSS %d MB; want under %d MB", peak>>20, targetRSS>>20)
	}
}

// loadResult is what the clients saw.
type loadResult struct {
	counted     int             // 201s answered inside the measured window
	window      time.Duration   // the measured window, after the warm-up
	latencies   []time.Duration // of the counted requests, sorted
	total       int             // requests sent, warm-up included
	created     int             // 201s, warm-up included
	errors      int             // of all requests: transport errors and any status but 201
	firstErrors []string
}

func (r *loadResult) rate() float64 { return float64(r.counted) / r.window.Seconds() }

// percentile is the p-th percentile latency of the counted requests (nearest rank).
func (r *loadResult) percentile(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(p/100*float64(len(r.latencies))+0.5) - 1
	return r.latencies[min(max(i, 0), len(r.latencies)-1)].Round(100 * time.Microsecond)
}

// drive runs cfg.clients goroutines that post submissions, each with its own
// Idempotency-Key (starting with prefix, which must differ between drives on one database),
// through one shared HTTP client for the warm-up and the measured duration. Client w submits
// as cits[w%len(cits)].
func drive(base string, cits []*citizen, cfg loadConfig, prefix string) *loadResult {
	hc := loopbackClient(cfg.clients, 30*time.Second)
	defer hc.CloseIdleConnections()
	start := time.Now()
	from, to := start.Add(cfg.warmup), start.Add(cfg.warmup+cfg.duration)
	var mu sync.Mutex
	res := &loadResult{window: cfg.duration}
	var wg sync.WaitGroup
	for w := range cfg.clients {
		wg.Go(func() {
			c := cits[w%len(cits)]
			var lat []time.Duration
			var total, created, errs int
			var first []string
			for i := 0; time.Now().Before(to); i++ {
				t0 := time.Now()
				status, body, err := submit(context.Background(), hc, base, c, fmt.Sprintf("%s-%03d-%07d", prefix, w, i))
				t1 := time.Now()
				total++
				if err != nil || status != http.StatusCreated {
					errs++
					if len(first) < 3 {
						if err == nil {
							err = fmt.Errorf("%d %.200s", status, body)
						}
						first = append(first, err.Error())
					}
					continue
				}
				created++
				if !t1.Before(from) && !t1.After(to) {
					lat = append(lat, t1.Sub(t0))
				}
			}
			mu.Lock()
			defer mu.Unlock()
			res.latencies = append(res.latencies, lat...)
			res.total += total
			res.created += created
			res.errors += errs
			if len(res.firstErrors) < 3 {
				res.firstErrors = append(res.firstErrors, first...)
			}
		})
	}
	wg.Wait()
	res.counted = len(res.latencies)
	slices.Sort(res.latencies)
	return res
}

// checkCreated checks that the database holds one dossier with two notifications for each
// 201, and logs how many of the notifications the server's job queue delivered (to its
// log) while the load ran: that work shares the database with the submissions.
func checkCreated(t *testing.T, tg target, created int) {
	t.Helper()
	d := tg.open(t)
	defer d.Close()
	var dossiers, outbox, sent int
	ctx := context.Background()
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM dossiers`).Scan(&dossiers); err != nil {
		t.Fatal(err)
	}
	if err := d.QueryRow(ctx, `SELECT COUNT(*), COUNT(sent_at) FROM outbox WHERE template = 'dossier_submitted'`).Scan(&outbox, &sent); err != nil {
		t.Fatal(err)
	}
	if dossiers != created || outbox != 2*created {
		t.Errorf("%d submissions answered 201, but the database holds %d dossiers and %d notifications", created, dossiers, outbox)
	}
	t.Logf("%d dossiers and %d notifications written; the job queue delivered %d of them during the run", dossiers, outbox, sent)
}

// writes are the values one submission writes, as the server writes them for the load's
// application: the same form, names, attachments, notification data and stored answer.
type writes struct {
	user      int64
	agency    int64
	prefix    string // agency national ID, the start of dossier codes
	proc      string
	version   int
	name      string
	email     string
	phone     string
	form      string
	hash      string
	files     []dossier.AttachmentInput
	procName  string
	agencyNm  string
	trackBase string
}

func newWrites(app application, c *citizen, user, agency int64) *writes {
	h := sha256.Sum256(c.body)
	return &writes{user: user, agency: agency, prefix: app.agency.NationalID, proc: app.proc.Code, version: app.proc.Version,
		name: "Công Dân Tải Thử 0", email: c.username + "@example.vn", phone: "+84910000000", form: string(app.form),
		hash: hex.EncodeToString(h[:]), files: c.files, procName: app.proc.Name, agencyNm: app.agency.Name,
		trackBase: "http://127.0.0.1:8080/tra-cuu?ma="}
}

// notice is the outbox data of a dossier_submitted notification.
func (w *writes) notice(code string) string {
	b, _ := json.Marshal(map[string]any{"Code": code, "Procedure": w.procName, "Agency": w.agencyNm, "TrackURL": w.trackBase + code})
	return string(b)
}

// answer is the stored answer to the submission.
func (w *writes) answer(code string, now time.Time) string {
	b, _ := json.Marshal(dossier.Submitted{Code: code, Status: dossier.StatusSubmitted, StatusCode: dossier.StatusSubmitted.Code(),
		Procedure: w.proc, Agency: agencyCode, Channel: dossier.ChannelOnline, SubmittedAt: now, TrackURL: w.trackBase + code})
	return string(b)
}

// number takes the day's next number for the agency in its own short transaction, as
// dossier.Store.nextCode does before the submission's transaction.
func (w *writes) number(ctx context.Context, d *db.DB, now time.Time) (int, error) {
	var n int
	err := d.InTxAsyncCommit(ctx, func(tx *db.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO dossier_sequences (agency_id, day, last) VALUES (?, ?, 1)
		ON CONFLICT (agency_id, day) DO UPDATE SET last = dossier_sequences.last + 1 RETURNING last`, w.agency, dossierDay(now)).Scan(&n)
	})
	return n, err
}

// write makes one submission's writes in tx, with the statements of dossier.Store.create,
// for the day's number n (number).
func (w *writes) write(ctx context.Context, tx *db.Tx, key string, now time.Time, n int) error {
	if _, err := tx.Exec(ctx, `INSERT INTO idempotency_keys (user_id, key, request_hash, status, response, created_at)
		VALUES (?, ?, ?, 0, '', ?)`, w.user, key, w.hash, now); err != nil {
		return err
	}
	code := fmt.Sprintf("%s-%s-%04d", w.prefix, dossierDay(now), n)
	id, err := db.InsertID(ctx, tx, `INSERT INTO dossiers (code, procedure_code, procedure_version, agency_id, applicant_id,
		applicant_name, applicant_id_number, applicant_phone, applicant_email, applicant_address, channel, status, status_code,
		form, submitted_at, created_by, updated_at, step_due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		code, w.proc, w.version, w.agency, w.user, w.name, "", w.phone, w.email, "", "online", "submitted", 1, w.form, now, w.user, now, now)
	if err != nil {
		return err
	}
	for _, a := range w.files {
		if _, err := tx.Exec(ctx, `INSERT INTO dossier_attachments (dossier_id, component, file_id, kind, added_by, added_at)
			VALUES (?, ?, ?, 'submission', ?, ?)`, id, a.Component, a.File, w.user, now); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO dossier_events (dossier_id, at, actor_id, action, from_status, to_status, status_code, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, now, w.user, "submit", "", "submitted", 1, ""); err != nil {
		return err
	}
	data, utc := w.notice(code), now.UTC().Truncate(time.Microsecond)
	for _, to := range []struct{ ch, addr string }{{"email", w.email}, {"sms", w.phone}} {
		job, err := db.InsertID(ctx, tx, `INSERT INTO jobs (kind, args, run_at, created_at) VALUES (?, ?, ?, ?)`,
			"notification", "{}", utc, utc)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO outbox (channel, recipient, user_id, template, lang, data, created_at, expires_at, job_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, to.ch, to.addr, w.user, "dossier_submitted", "vi", data, utc, nil, job); err != nil {
			return err
		}
	}
	// The audit log's chain and the dashboards' aggregates, as the server writes them.
	if err := audit.Append(ctx, tx, audit.Entry{ActorID: w.user, Actor: "taithu", Action: "dossier.submit", Object: code,
		Detail: map[string]any{"channel": "online", "procedure": w.proc}}); err != nil {
		return err
	}
	if err := stats.Created(ctx, tx, id); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE idempotency_keys SET status = 201, response = ? WHERE user_id = ? AND key = ?`,
		w.answer(code, now), w.user, key)
	return err
}

// sqliteLimit is SQLite's limit for the submission's writes on this machine: one writer
// making them in a loop, the day's number in its own transaction and then one BEGIN
// IMMEDIATE transaction per submission through internal/db, as the server does,
// on a fresh database file in the same data directory, for the load's duration.
func sqliteLimit(t *testing.T, tg target, app application, dur time.Duration) float64 {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(tg.data, "limit.db"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	// What the rows refer to: the agency, the citizen and the uploaded files.
	orgs := org.NewStore(d)
	ag := *app.agency
	ag.ParentCode = ""
	if err := orgs.CreateAgency(ctx, &ag); err != nil {
		t.Fatal(err)
	}
	u, err := identity.NewStore(d).CreateUser(ctx, identity.NewUser{Username: "taithu000", Password: "tai-thu", FullName: "Công Dân Tải Thử 0",
		Email: "taithu000@example.vn", Phone: "+84910000000", Role: org.RoleCitizen})
	if err != nil {
		t.Fatal(err)
	}
	c := &citizen{username: "taithu000"}
	for _, comp := range app.proc.Components {
		if comp.Required && !dossier.FormOnly(comp) {
			id := fmt.Sprintf("limit-%s", comp.ID)
			if _, err := d.Exec(ctx, `INSERT INTO files (id, owner_id, sha256, size, content_type, name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				id, u.ID, strings.Repeat("0", 64), len(testPDF), "application/pdf", comp.ID+".pdf", time.Now()); err != nil {
				t.Fatal(err)
			}
			c.files = append(c.files, dossier.AttachmentInput{Component: comp.ID, File: id})
		}
	}
	c.body, _ = json.Marshal(dossier.SubmitInput{ProcedureCode: procedureCode, AgencyCode: agencyCode, Form: app.form, Attachments: c.files})
	w := newWrites(app, c, u.ID, ag.ID)

	start := time.Now()
	end := start.Add(dur)
	n := 0
	for ; time.Now().Before(end); n++ {
		key := fmt.Sprintf("limit-%07d", n)
		now := time.Now()
		num, err := w.number(ctx, d, now)
		if err != nil {
			t.Fatalf("limit loop, submission %d: %v", n, err)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return w.write(ctx, tx, key, now, num) }); err != nil {
			t.Fatalf("limit loop, submission %d: %v", n, err)
		}
	}
	return float64(n) / time.Since(start).Seconds()
}

var (
	tpsRE    = regexp.MustCompile(`tps = ([0-9.]+) \(without initial connection time\)`)
	failedRE = regexp.MustCompile(`number of failed transactions: ([0-9]+)`)
)

// pgbenchLimit is PostgreSQL's limit for the submission's writes on this machine: pgbench
// running scripts/loadtest/submit.sql against the load's schema, with as many clients as the
// load (fewer if the server's max_connections leaves less room), for the load's duration. It
// returns the transactions per second without connection time, and the client count used.
// For reference it also logs the rate with 1 client and with 32 (the server's pool size).
func pgbenchLimit(t *testing.T, tg target, app application, cits []*citizen, cfg loadConfig) (float64, int) {
	t.Helper()
	ctx := context.Background()
	d := tg.open(t)
	var free int
	err := d.QueryRow(ctx, `SELECT current_setting('max_connections')::int - (SELECT COUNT(*) FROM pg_stat_activity WHERE backend_type = 'client backend')`).Scan(&free)
	d.Close()
	if err != nil {
		t.Fatal(err)
	}
	clients := min(cfg.clients, free-5)
	if clients < 1 {
		t.Fatalf("PostgreSQL has no room for pgbench clients (%d free connections)", free)
	}
	tps := pgbench(t, tg, app, cits, clients, cfg.duration)
	half := max(cfg.duration/2, time.Second)
	for _, c := range []int{1, 32} {
		if c < clients {
			t.Logf("reference: pgbench -c %d -T %d: %.0f transactions/s", c, int(half.Seconds()), pgbench(t, tg, app, cits, c, half))
		}
	}
	return tps, clients
}

// pgbench runs scripts/loadtest/submit.sql with the clients for dur and returns the
// transactions per second without connection time.
func pgbench(t *testing.T, tg target, app application, cits []*citizen, clients int, dur time.Duration) float64 {
	t.Helper()
	bin, err := exec.LookPath("pgbench")
	if err != nil {
		t.Fatal("pgbench is not installed (apt-get install postgresql-client)")
	}
	for i, c := range cits {
		if c.id != cits[0].id+int64(i) {
			t.Fatalf("citizen IDs are not consecutive (%d, %d…); the script picks a random one in a range", cits[0].id, c.id)
		}
	}
	c := cits[0]
	if len(c.files) != 2 {
		t.Fatalf("the application has %d attachments; submit.sql makes 2", len(c.files))
	}
	w := newWrites(app, c, c.id, app.agency.ID)
	now := time.Now()
	code := fmt.Sprintf("%s-%s-%04d", w.prefix, now.Format("060102"), 1234)
	vars := []string{
		"uid_lo=" + strconv.FormatInt(cits[0].id, 10), "uid_hi=" + strconv.FormatInt(cits[len(cits)-1].id, 10),
		"agency=" + strconv.FormatInt(app.agency.ID, 10), "prefix=" + w.prefix, "day=" + dossierDay(now),
		"sday=" + now.In(vntime.Location()).Format(time.DateOnly), "smonth=" + now.In(vntime.Location()).Format("2006-01"),
		"proc=" + w.proc, "version=" + strconv.Itoa(w.version), "name=" + w.name, "email=" + w.email, "phone=" + w.phone,
		"form=" + w.form, "hash=" + w.hash, "comp1=" + c.files[0].Component, "file1=" + c.files[0].File,
		"comp2=" + c.files[1].Component, "file2=" + c.files[1].File, "notice=" + w.notice(code), "answer=" + w.answer(code, now),
	}
	args := []string{"-n", "-M", "prepared", "-c", strconv.Itoa(clients), "-j", strconv.Itoa(min(clients, 2)), "-T", strconv.Itoa(int(dur.Seconds())),
		"-f", filepath.Join(moduleRoot(t), "scripts", "loadtest", "submit.sql")}
	for _, v := range vars {
		args = append(args, "-D", v)
	}
	cmd := exec.Command(bin, append(args, tg.base)...)
	cmd.Env = append(os.Environ(), "PGOPTIONS=-c search_path="+tg.schema)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pgbench: %v\n%s", err, out)
	}
	m := tpsRE.FindSubmatch(out)
	if m == nil {
		t.Fatalf("pgbench: no tps in its output:\n%s", out)
	}
	if f := failedRE.FindSubmatch(out); f != nil && string(f[1]) != "0" {
		t.Fatalf("pgbench: %s failed transactions:\n%s", f[1], out)
	}
	tps, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		t.Fatal(err)
	}
	return tps
}

// cpuBusy is the share of the machine's CPU time that was not idle during the next d.
func cpuBusy(d time.Duration) (float64, error) {
	read := func() (busy, total int64, err error) {
		b, err := os.ReadFile("/proc/stat")
		if err != nil {
			return 0, 0, err
		}
		line, _, _ := strings.Cut(string(b), "\n")
		for i, f := range strings.Fields(line)[1:] {
			n, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return 0, 0, err
			}
			total += n
			if i != 3 && i != 4 { // idle, iowait
				busy += n
			}
		}
		return busy, total, nil
	}
	b0, t0, err := read()
	if err != nil {
		return 0, err
	}
	time.Sleep(d)
	b1, t1, err := read()
	if err != nil || t1 == t0 {
		return 0, err
	}
	return float64(b1-b0) / float64(t1-t0), nil
}

// dossierDay is the day part of dossier codes: YYMMDD in Vietnam.
func dossierDay(t time.Time) string {
	return t.In(time.FixedZone("ICT", 7*3600)).Format("060102")
}

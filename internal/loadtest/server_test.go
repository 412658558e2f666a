package loadtest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
)

// The application every test submits: birth registration (đăng ký khai sinh) at Hoàn Kiếm
// ward, with every form field filled and the two required files.
const (
	procedureCode = "1.001193"
	agencyCode    = "00070"
)

var testPDF = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

// binDir holds the motcua binary built once per test process; TestMain removes it.
var (
	binDir   string
	binOnce  sync.Once
	binPath  string
	binError error
)

func TestMain(m *testing.M) {
	serveHello() // when started as TestReadLoad's hello-world server
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// moduleRoot is the directory of go.mod.
func moduleRoot(t testing.TB) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		t.Fatal("go env GOMOD: not in a module")
	}
	return filepath.Dir(mod)
}

// binary builds ./cmd/motcua once per test process, into a private directory so concurrent
// runs never replace a binary another one is executing.
func binary(t testing.TB) string {
	t.Helper()
	root := moduleRoot(t)
	binOnce.Do(func() {
		binDir, binError = os.MkdirTemp("", "motcua-loadtest-")
		if binError != nil {
			return
		}
		binPath = filepath.Join(binDir, "motcua")
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/motcua")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			binError = fmt.Errorf("go build ./cmd/motcua: %v\n%s", err, out)
		}
	})
	if binError != nil {
		t.Fatal(binError)
	}
	return binPath
}

// target is a database for the server: a data directory, and a PostgreSQL URL (with its
// schema) or "" for SQLite in the data directory.
type target struct {
	engine string
	data   string
	url    string // with search_path; "" on SQLite
	base   string // the PostgreSQL server URL without schema, for pgbench
	schema string
}

// newTarget makes a fresh database of the engine; PostgreSQL skips without
// MOTCUA_TEST_POSTGRES (dbtest.PostgresURL).
func newTarget(t testing.TB, engine string) target {
	t.Helper()
	tg := target{engine: engine, data: t.TempDir()}
	if engine == "postgres" {
		tg.base = dbtest.PostgresURL(t)
		tg.schema = dbtest.NewSchema(t, tg.base)
		tg.url = dbtest.WithSchema(t, tg.base, tg.schema)
	}
	return tg
}

// open connects to the target's database from the test process.
func (tg target) open(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), tg.url, tg.data)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// server is a motcua process.
type server struct {
	t    testing.TB
	cmd  *exec.Cmd
	base string
	log  string
	done chan struct{}
	err  error // from Wait, once done is closed
}

// freeAddr returns a loopback address with a port free at the time of asking.
func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServer runs `motcua serve --demo` on the target, with env added to its environment,
// and waits until /healthz answers. The process is killed when the test ends if it is still
// running.
func startServer(t testing.TB, tg target, addr string, env ...string) *server {
	t.Helper()
	return startServerPolling(t, tg, addr, 50*time.Millisecond, env...)
}

// startServerPolling is startServer asking /healthz every poll.
func startServerPolling(t testing.TB, tg target, addr string, poll time.Duration, env ...string) *server {
	t.Helper()
	bin := binary(t)
	args := []string{"serve", "--demo", "--addr", addr, "--data", tg.data}
	if tg.url != "" {
		args = append(args, "--db", tg.url)
	}
	logf, err := os.CreateTemp(t.TempDir(), "server-*.log")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append(os.Environ(), "MOTCUA_LOG_LEVEL=warn", "MOTCUA_BASE_URL=http://"+addr), env...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	logf.Close()
	s := &server{t: t, cmd: cmd, base: "http://" + addr, log: logf.Name(), done: make(chan struct{})}
	go func() {
		s.err = cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(s.kill)
	deadline := time.Now().Add(90 * time.Second)
	for {
		resp, err := http.Get(s.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		select {
		case <-s.done:
			t.Fatalf("motcua exited before answering /healthz: %v\n%s", s.err, s.logTail())
		case <-time.After(poll):
		}
		if time.Now().After(deadline) {
			t.Fatalf("motcua did not answer /healthz within 90 s\n%s", s.logTail())
		}
	}
}

// logTail is the end of the server's log, for failure messages.
func (s *server) logTail() string {
	b, _ := os.ReadFile(s.log)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// kill ends the process with SIGKILL and waits for it; a stopped process is left alone.
func (s *server) kill() {
	select {
	case <-s.done:
		return
	default:
	}
	s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
}

// stop asks the process to shut down gracefully and waits, killing it after 20 s.
func (s *server) stop() {
	s.t.Helper()
	select {
	case <-s.done:
		return
	default:
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
		if s.err != nil {
			s.t.Errorf("motcua exit after SIGTERM: %v\n%s", s.err, s.logTail())
		}
	case <-time.After(20 * time.Second):
		s.t.Errorf("motcua did not stop within 20 s of SIGTERM; killing it")
		s.kill()
	}
}

// memory reads the process's current and peak resident set size (VmRSS, VmHWM) in bytes.
func (s *server) memory() (rss, peak int64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %q: %v", name, val, err)
		}
		if name == "VmRSS" {
			rss = kb << 10
		} else {
			peak = kb << 10
		}
	}
	if peak == 0 {
		return 0, 0, errors.New("no VmHWM in /proc/PID/status")
	}
	return rss, peak, sc.Err()
}

// citizen is a signed-in citizen with a ready application.
type citizen struct {
	id       int64
	username string
	token    string
	files    []dossier.AttachmentInput
	body     []byte // the JSON of POST /api/v1/dossiers
}

// application is what the tests submit, with the values the limit measurements write.
type application struct {
	proc   *catalog.Procedure
	agency *org.Agency
	form   []byte
}

// loadApplication reads the procedure and agency from the database and fills the form.
func loadApplication(t testing.TB, d *db.DB) application {
	t.Helper()
	return loadApplicationOf(t, d, procedureCode)
}

// loadApplicationOf is loadApplication of procedure code.
func loadApplicationOf(t testing.TB, d *db.DB, code string) application {
	t.Helper()
	ctx := context.Background()
	p, err := catalog.NewStore(d).Current(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	a, err := org.NewStore(d).Agency(ctx, agencyCode)
	if err != nil {
		t.Fatal(err)
	}
	form, err := demo.SampleForm(p, true)
	if err != nil {
		t.Fatal(err)
	}
	return application{proc: p, agency: a, form: form}
}

// prepareCitizens creates n citizens with an e-mail address and a phone number (so each
// submission enqueues two notifications), signs each in over the API, uploads the required
// files once per citizen and builds each one's application.
func prepareCitizens(t testing.TB, tg target, base string, n int) ([]*citizen, application) {
	t.Helper()
	return prepareCitizensFor(t, tg, base, n, procedureCode)
}

// prepareCitizensFor is prepareCitizens with applications of procedure code.
func prepareCitizensFor(t testing.TB, tg target, base string, n int, code string) ([]*citizen, application) {
	t.Helper()
	ctx := context.Background()
	d := tg.open(t)
	defer d.Close()
	app := loadApplicationOf(t, d, code)
	ids := identity.NewStore(d)
	var cits []*citizen
	for i := range n {
		name := fmt.Sprintf("taithu%03d", i)
		u, err := ids.CreateUser(ctx, identity.NewUser{Username: name, Password: "tai-thu", FullName: fmt.Sprintf("Công Dân Tải Thử %d", i),
			Email: name + "@example.vn", Phone: fmt.Sprintf("+8491%07d", i), Role: org.RoleCitizen})
		if err != nil {
			t.Fatal(err)
		}
		cits = append(cits, &citizen{id: u.ID, username: name})
	}
	for _, c := range cits {
		var tok struct{ Token string }
		status, body := call(t, http.DefaultClient, "POST", base+"/api/v1/auth/token", "", map[string]string{"username": c.username, "password": "tai-thu"})
		if status != 200 || json.Unmarshal(body, &tok) != nil || tok.Token == "" {
			t.Fatalf("sign in %s = %d %s", c.username, status, body)
		}
		c.token = tok.Token
		for _, comp := range app.proc.Components {
			if comp.Required && !dossier.FormOnly(comp) {
				c.files = append(c.files, dossier.AttachmentInput{Component: comp.ID, File: upload(t, base, c.token, comp.ID+".pdf")})
			}
		}
		var err error
		c.body, err = json.Marshal(dossier.SubmitInput{ProcedureCode: code, AgencyCode: agencyCode, Form: app.form, Attachments: c.files})
		if err != nil {
			t.Fatal(err)
		}
	}
	return cits, app
}

// upload posts a small PDF and returns its file ID.
func upload(t testing.TB, base, token, name string) string {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(testPDF)
	mw.Close()
	req, _ := http.NewRequest("POST", base+"/api/v1/files", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var f struct{ ID string }
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 201 || json.Unmarshal(body, &f) != nil || f.ID == "" {
		t.Fatalf("upload %s = %d %s", name, resp.StatusCode, body)
	}
	return f.ID
}

// call sends a JSON request and returns the status and body; a transport error fails the test.
func call(t testing.TB, hc *http.Client, method, url, token string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		js, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(js)
	}
	req, _ := http.NewRequest(method, url, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

// submitted is the part of a submission's answer the tests look at.
type submitted struct {
	Code       string `json:"code"`
	StatusCode int    `json:"status_code"`
}

// submit posts c's application with an Idempotency-Key. A transport error (no answer) is
// returned as err; any answer, whatever its status, is returned with its body.
func submit(ctx context.Context, hc *http.Client, base string, c *citizen, key string) (status int, body []byte, err error) {
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/dossiers", bytes.NewReader(c.body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Idempotency-Key", key)
	resp, err := hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, err
	}
	return resp.StatusCode, body, nil
}

// loopbackClient is an HTTP client that keeps up to n connections to the server open.
func loopbackClient(n int, timeout time.Duration) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = n
	tr.MaxIdleConnsPerHost = n
	tr.MaxConnsPerHost = 0
	tr.Proxy = nil
	return &http.Client{Transport: tr, Timeout: timeout}
}

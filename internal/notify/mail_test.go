package notify

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

var smtpdDir string // where the test SMTP server is built, removed by TestMain

func TestMain(m *testing.M) {
	code := m.Run()
	if smtpdDir != "" {
		os.RemoveAll(smtpdDir)
	}
	os.Exit(code)
}

// buildSMTPD builds testdata/smtpd once per test binary.
var buildSMTPD = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "notify-smtpd-")
	if err != nil {
		return "", err
	}
	smtpdDir = dir
	bin := filepath.Join(dir, "smtpd")
	out, err := exec.Command("go", "build", "-o", bin, "./testdata/smtpd").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build ./testdata/smtpd: %v\n%s", err, out)
	}
	return bin, nil
})

// smtpd is a running test SMTP server process.
type smtpd struct {
	Addr  string
	Dir   string         // received messages
	Roots *x509.CertPool // trusts its certificate, in TLS modes
}

// startSMTPD starts testdata/smtpd as a separate process with the given flags and stops it
// when the test ends.
func startSMTPD(t *testing.T, args ...string) *smtpd {
	t.Helper()
	bin, err := buildSMTPD()
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpd{Dir: t.TempDir()}
	private := t.TempDir()
	certFile := filepath.Join(private, "cert.pem")
	stderr, err := os.Create(filepath.Join(private, "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append([]string{"-dir", s.Dir, "-cert", certFile}, args...)...)
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		stderr.Close()
		if b, _ := os.ReadFile(stderr.Name()); t.Failed() && len(b) > 0 {
			t.Logf("smtpd stderr:\n%s", b)
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b, _ := os.ReadFile(stderr.Name())
		t.Fatalf("smtpd did not print its address: %v\n%s", err, b)
	}
	s.Addr = strings.TrimSpace(line)
	if pem, err := os.ReadFile(certFile); err == nil {
		s.Roots = x509.NewCertPool()
		s.Roots.AppendCertsFromPEM(pem)
	}
	return s
}

// received is a message as the server stored it, decoded.
type received struct {
	Header  mail.Header
	Subject string
	Body    string // CRLF turned into LF
}

// Messages reads and decodes every message the server accepted, in order.
func (s *smtpd) Messages(t *testing.T) []received {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(s.Dir, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	var out []received
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, decodeMessage(t, b))
	}
	return out
}

func decodeMessage(t *testing.T, raw []byte) received {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parse message: %v\n%s", err, raw)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("decode Subject %q: %v", msg.Header.Get("Subject"), err)
	}
	var r io.Reader = msg.Body
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		r = quotedprintable.NewReader(r)
	}
	body, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode body: %v", err)
	}
	return received{Header: msg.Header, Subject: subject, Body: strings.ReplaceAll(string(body), "\r\n", "\n")}
}

const vnSubject = "Hồ sơ H26.22-250612-0042: Đã có kết quả giải quyết — mời Ông/Bà đến nhận tại Bộ phận Một cửa"

var vnBody = "Kính gửi Ông/Bà,\n\nHồ sơ của Ông/Bà đã có kết quả. Xin trân trọng cảm ơn.\n" +
	strings.Repeat("Dòng rất dài để kiểm tra việc ngắt dòng quoted-printable đúng chuẩn. ", 4) + "\n"

func TestSMTPMailerTLSModes(t *testing.T) {
	for _, mode := range []TLSMode{TLSNone, TLSStartTLS, TLSImplicit} {
		t.Run(string(mode), func(t *testing.T) {
			srv := startSMTPD(t, "-tls", string(mode), "-user", "motcua", "-pass", "mật-khẩu")
			m := &SMTPMailer{
				Addr:      srv.Addr,
				From:      "Trung tâm Phục vụ hành chính công <noreply@dichvucong.example.vn>",
				Username:  "motcua",
				Password:  "mật-khẩu",
				TLS:       mode,
				TLSConfig: &tls.Config{RootCAs: srv.Roots},
				LocalName: "motcua.test",
			}
			// The body arrives in NFD (as some keyboards produce it) and leaves in NFC.
			if err := m.Send(context.Background(), "cong.dan@example.vn", vnSubject, norm.NFD.String(vnBody)); err != nil {
				t.Fatalf("Send: %v", err)
			}
			msgs := srv.Messages(t)
			if len(msgs) != 1 {
				t.Fatalf("server received %d messages; want 1", len(msgs))
			}
			got := msgs[0]
			if got.Subject != vnSubject {
				t.Errorf("Subject = %q; want %q", got.Subject, vnSubject)
			}
			if got.Body != vnBody {
				t.Errorf("body = %q; want %q", got.Body, vnBody)
			}
			wantTLS := fmt.Sprint(mode != TLSNone)
			for k, want := range map[string]string{
				"X-Smtpd-Mail-From":         "noreply@dichvucong.example.vn",
				"X-Smtpd-Rcpt-To":           "cong.dan@example.vn",
				"X-Smtpd-TLS":               wantTLS,
				"X-Smtpd-Auth":              "motcua",
				"Content-Type":              "text/plain; charset=utf-8",
				"Content-Transfer-Encoding": "quoted-printable",
				"MIME-Version":              "1.0",
			} {
				if v := got.Header.Get(k); v != want {
					t.Errorf("%s = %q; want %q", k, v, want)
				}
			}
			from, err := got.Header.AddressList("From")
			if err != nil || len(from) != 1 || from[0].Name != "Trung tâm Phục vụ hành chính công" || from[0].Address != "noreply@dichvucong.example.vn" {
				t.Errorf("From = %v (%v); want the centre's name and address", from, err)
			}
			if to, err := got.Header.AddressList("To"); err != nil || len(to) != 1 || to[0].Address != "cong.dan@example.vn" {
				t.Errorf("To = %v (%v)", to, err)
			}
			if d, err := got.Header.Date(); err != nil || time.Since(d) > time.Minute {
				t.Errorf("Date = %v (%v); want about now", d, err)
			}
			if id := got.Header.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@dichvucong.example.vn>") {
				t.Errorf("Message-ID = %q", id)
			}
		})
	}
}

func TestSMTPMailerErrors(t *testing.T) {
	srv := startSMTPD(t, "-user", "motcua", "-pass", "secret", "-reject", "khong.ton.tai@example.vn")
	ok := SMTPMailer{Addr: srv.Addr, From: "noreply@example.vn", Username: "motcua", Password: "secret", TLS: TLSNone}
	ctx := context.Background()

	err := ok.Send(ctx, "khong.ton.tai@example.vn", "Thử", "Nội dung")
	if err == nil || !errors.Is(err, ErrPermanent) {
		t.Errorf("Send to a refused recipient = %v; want ErrPermanent", err)
	}

	bad := ok
	bad.Password = "wrong"
	err = bad.Send(ctx, "cong.dan@example.vn", "Thử", "Nội dung")
	if err == nil || errors.Is(err, ErrPermanent) {
		t.Errorf("Send with a wrong password = %v; want a retryable error (the configuration may be fixed)", err)
	}

	starttls := ok
	starttls.TLS = TLSStartTLS
	if err := starttls.Send(ctx, "cong.dan@example.vn", "Thử", "Nội dung"); err == nil || errors.Is(err, ErrPermanent) {
		t.Errorf("STARTTLS to a server without it = %v; want a retryable error", err)
	}

	// A closed port: nothing listens, the message may go later.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := ok
	down.Addr = ln.Addr().String()
	ln.Close()
	if err := down.Send(ctx, "cong.dan@example.vn", "Thử", "Nội dung"); err == nil || errors.Is(err, ErrPermanent) {
		t.Errorf("Send to a closed port = %v; want a retryable error", err)
	}

	// Credentials never cross a network in the clear; this fails before dialling.
	remote := SMTPMailer{Addr: "mail.example.vn:25", From: "noreply@example.vn", Username: "u", Password: "p", TLS: TLSNone}
	if err := remote.Send(ctx, "cong.dan@example.vn", "Thử", "Nội dung"); err == nil || !strings.Contains(err.Error(), "without TLS") {
		t.Errorf("Send with AUTH over plain text to a remote host = %v; want a refusal", err)
	}

	if len(srv.Messages(t)) != 0 {
		t.Errorf("server received messages; want none")
	}
}

func TestSMTPMailerCancel(t *testing.T) {
	// A server that accepts and never speaks: only the context can end the wait.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	m := SMTPMailer{Addr: ln.Addr().String(), From: "noreply@example.vn", TLS: TLSNone}
	err = m.Send(ctx, "cong.dan@example.vn", "Thử", "Nội dung")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Send to a silent server = %v; want context.DeadlineExceeded", err)
	}
}

func TestBuildMessage(t *testing.T) {
	from := &mail.Address{Name: "Trung tâm Phục vụ hành chính công", Address: "noreply@example.vn"}
	to := &mail.Address{Address: "cong.dan@example.vn"}
	subject := strings.Repeat("Thông báo kết quả giải quyết thủ tục hành chính ", 3) + "\r\nBcc: x@example.com"
	raw, err := buildMessage(from, to, subject, "Kính gửi Ông/Bà,\n", time.Date(2025, 6, 12, 9, 30, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(string(raw), "\r\n\r\n")
	for _, line := range strings.Split(head, "\r\n") {
		if len(line) > 78 {
			t.Errorf("header line of %d characters; want ≤ 78: %q", len(line), line)
		}
		if strings.HasPrefix(line, "Bcc:") {
			t.Errorf("the subject injected a header: %q", line)
		}
	}
	for _, b := range raw {
		if b >= 0x80 {
			t.Fatalf("message has 8-bit bytes; want 7-bit clean:\n%s", raw)
		}
	}
	got := decodeMessage(t, raw)
	if want := oneLine(subject); got.Subject != want {
		t.Errorf("Subject = %q; want %q", got.Subject, want)
	}
	if got.Header.Get("Date") != "Thu, 12 Jun 2025 09:30:00 +0000" {
		t.Errorf("Date = %q", got.Header.Get("Date"))
	}
	if got.Header.Get("Auto-Submitted") != "auto-generated" {
		t.Errorf("Auto-Submitted = %q; want auto-generated", got.Header.Get("Auto-Submitted"))
	}
}

func TestLogSenders(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	if err := (LogMailer{Logger: log}).Send(context.Background(), "cong.dan@example.vn", "Mã xác thực", "Mã: 048213"); err != nil {
		t.Fatal(err)
	}
	if err := (LogSMS{Logger: log}).Send(context.Background(), "+84912345678", "Mã: 048213"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"cong.dan@example.vn", "Mã xác thực", "+84912345678", "048213"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, buf.String())
		}
	}
	// A nil logger is allowed and discards.
	if err := (LogSMS{}).Send(context.Background(), "+84912345678", "x"); err != nil {
		t.Fatal(err)
	}
}

package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"golang.org/x/text/unicode/norm"
)

// Mailer sends one plain-text e-mail.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// TLSMode is how an SMTPMailer protects its connection.
type TLSMode string

const (
	TLSNone     TLSMode = "none"     // plain text: a relay on the same host or network only
	TLSStartTLS TLSMode = "starttls" // upgrade a plain connection (port 587); the default
	TLSImplicit TLSMode = "tls"      // TLS from the first byte (port 465)
)

// SMTPMailer sends e-mail through an SMTP submission server, one connection per message:
// notifications are few and a pooled connection would have to survive server timeouts.
type SMTPMailer struct {
	Addr     string // host:port
	From     string // "Trung tâm Phục vụ hành chính công <noreply@example.gov.vn>" or a bare address
	Username string // AUTH PLAIN when set
	Password string
	TLS      TLSMode // "" is TLSStartTLS

	// TLSConfig, when set, is used for the TLS handshake (custom roots); its ServerName
	// defaults to Addr's host.
	TLSConfig *tls.Config
	// LocalName is the name given in EHLO; "localhost" when empty.
	LocalName string
	// Timeout bounds one delivery when ctx has no deadline; 1 minute when zero.
	Timeout time.Duration
}

// Send delivers one message. A recipient or message the server refuses with a 5xx reply is
// an ErrPermanent; everything else (connection, authentication, 4xx) may succeed later.
func (m *SMTPMailer) Send(ctx context.Context, to, subject, body string) (err error) {
	from, err := mail.ParseAddress(m.From)
	if err != nil {
		return fmt.Errorf("notify: smtp: sender %q: %w", m.From, err)
	}
	rcpt, err := mail.ParseAddress(to)
	if err != nil {
		return fmt.Errorf("%w: smtp: recipient %q: %v", ErrPermanent, to, err)
	}
	msg, err := buildMessage(from, rcpt, subject, body, time.Now())
	if err != nil {
		return err
	}
	host, _, err := net.SplitHostPort(m.Addr)
	if err != nil {
		return fmt.Errorf("notify: smtp: address %q: %w", m.Addr, err)
	}
	mode := m.TLS
	if mode == "" {
		mode = TLSStartTLS
	}
	if m.Username != "" && mode == TLSNone && !isLoopback(host) {
		// Same rule as net/smtp.PlainAuth: never send a password in the clear over a network.
		return fmt.Errorf("notify: smtp: refusing to send credentials to %s without TLS", host)
	}
	if _, ok := ctx.Deadline(); !ok {
		timeout := m.Timeout
		if timeout <= 0 {
			timeout = time.Minute
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}

	var dialer net.Dialer
	conn, err := dialer.DialContext(ctx, "tcp", m.Addr)
	if err != nil {
		return fmt.Errorf("notify: smtp: %w", err)
	}
	// go-smtp's client knows no context: a deadline on the connection bounds every command,
	// and cancelling ctx unblocks whatever is waiting.
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12}
	if m.TLSConfig != nil {
		tlsConf = m.TLSConfig.Clone()
	}
	if tlsConf.ServerName == "" {
		tlsConf.ServerName = host
	}
	var c *smtp.Client
	switch mode {
	case TLSNone:
		c = smtp.NewClient(conn)
	case TLSImplicit:
		c = smtp.NewClient(tls.Client(conn, tlsConf))
	case TLSStartTLS:
		if c, err = smtp.NewClientStartTLS(conn, tlsConf); err != nil {
			conn.Close()
			return fmt.Errorf("notify: smtp: starttls: %w", ctxErr(ctx, err))
		}
	default:
		conn.Close()
		return fmt.Errorf("notify: smtp: unknown TLS mode %q", mode)
	}
	defer c.Close()

	local := m.LocalName
	if local == "" {
		local = "localhost"
	}
	if err := c.Hello(local); err != nil {
		return fmt.Errorf("notify: smtp: hello: %w", ctxErr(ctx, err))
	}
	if m.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return fmt.Errorf("notify: smtp: %s does not offer AUTH", m.Addr)
		}
		if err := c.Auth(sasl.NewPlainClient("", m.Username, m.Password)); err != nil {
			return fmt.Errorf("notify: smtp: auth: %w", ctxErr(ctx, err))
		}
	}
	if err := c.Mail(from.Address, nil); err != nil {
		return fmt.Errorf("notify: smtp: mail from: %w", ctxErr(ctx, err))
	}
	if err := c.Rcpt(rcpt.Address, nil); err != nil {
		return refused("rcpt to", ctxErr(ctx, err))
	}
	w, err := c.Data()
	if err != nil {
		return refused("data", ctxErr(ctx, err))
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("notify: smtp: data: %w", ctxErr(ctx, err))
	}
	if err := w.Close(); err != nil {
		return refused("data", ctxErr(ctx, err))
	}
	// The server has taken the message; a failed QUIT must not make the worker send it again.
	_ = c.Quit()
	return nil
}

// refused wraps a server reply: 5xx to RCPT or DATA means this message will never be
// accepted, so retrying would only repeat the refusal.
func refused(step string, err error) error {
	var se *smtp.SMTPError
	if errors.As(err, &se) && se.Code >= 500 {
		return fmt.Errorf("%w: smtp: %s: %w", ErrPermanent, step, err)
	}
	return fmt.Errorf("notify: smtp: %s: %w", step, err)
}

// ctxErr prefers the context's error to the I/O error its cancellation caused.
func ctxErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w (%v)", ctx.Err(), err)
	}
	return err
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// buildMessage writes an RFC 5322 message: UTF-8 text in quoted-printable (7-bit safe on any
// relay), the subject as RFC 2047 encoded words, everything in NFC.
func buildMessage(from, to *mail.Address, subject, body string, now time.Time) ([]byte, error) {
	id, err := messageID(from.Address)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", formatAddress(from))
	header("To", formatAddress(to))
	header("Subject", encodeHeader(oneLine(norm.NFC.String(subject))))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", id)
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	header("Auto-Submitted", "auto-generated") // RFC 3834: autoresponders must not answer
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b) // text mode: writes \n as CRLF
	body = strings.ReplaceAll(norm.NFC.String(body), "\r\n", "\n")
	if _, err := qp.Write([]byte(body)); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// encodeHeader encodes a header value that is not plain ASCII as RFC 2047 base64 encoded
// words (shorter than Q for Vietnamese), one per folded line. Words carry at most 42 bytes and
// never split a character, so every line, "Subject: " included, stays within 78 characters.
func encodeHeader(s string) string {
	if !needsEncoding(s) {
		return s
	}
	const maxBytes = 42 // 56 base64 characters + 12 of "=?utf-8?b?" and "?=" + "Subject: "
	var words []string
	for len(s) > 0 {
		n := 0
		for _, r := range s {
			if l := utf8.RuneLen(r); n+l <= maxBytes {
				n += l
				continue
			}
			break
		}
		words = append(words, "=?utf-8?b?"+base64.StdEncoding.EncodeToString([]byte(s[:n]))+"?=")
		s = s[n:]
	}
	return strings.Join(words, "\r\n ")
}

func needsEncoding(s string) bool {
	for _, r := range s {
		if r < ' ' || r > '~' {
			return true
		}
	}
	return false
}

// formatAddress writes a mailbox with its display name encoded as encodeHeader does; Go's
// mail.Address.String would use one long Q-encoded line.
func formatAddress(a *mail.Address) string {
	name := norm.NFC.String(a.Name)
	if name == "" || !needsEncoding(name) {
		return (&mail.Address{Name: name, Address: a.Address}).String()
	}
	return encodeHeader(name) + "\r\n <" + a.Address + ">"
}

func messageID(from string) (string, error) {
	domain := "localhost"
	if _, d, ok := strings.Cut(from, "@"); ok && d != "" {
		domain = d
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return "<" + hex.EncodeToString(b) + "@" + domain + ">", nil
}

// LogMailer logs e-mail instead of sending it, for development without an SMTP server.
// It logs the whole body (an OTP included), so it must not be used in production.
type LogMailer struct{ Logger *slog.Logger }

// Send logs the message.
func (m LogMailer) Send(ctx context.Context, to, subject, body string) error {
	logger(m.Logger).InfoContext(ctx, "e-mail not sent: no SMTP server configured",
		"to", to, "subject", subject, "body", body)
	return nil
}

func logger(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}

// Command smtpd is a tiny SMTP server for notify's tests: a real server in a separate
// process, so SMTPMailer is tested over a real socket rather than against a fake.
//
// It listens on 127.0.0.1 (a free port unless -addr says otherwise), prints its address on
// the first line of stdout, and writes each message it accepts to -dir as NNNN.eml, with the
// envelope in X-Smtpd-* headers at the top. A file is complete before the server replies 250,
// so a client that got its reply can read it at once.
//
//	smtpd -dir DIR [-user U -pass P] [-tls none|starttls|tls -cert FILE] [-reject ADDR,…]
package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	dir := flag.String("dir", "", "directory for received messages (required)")
	user := flag.String("user", "", "require AUTH PLAIN with this user name")
	pass := flag.String("pass", "", "password for -user")
	mode := flag.String("tls", "none", "none, starttls or tls (implicit)")
	certFile := flag.String("cert", "", "write the self-signed certificate (PEM) here, for clients to trust")
	reject := flag.String("reject", "", "comma-separated recipients to refuse with 550")
	flag.Parse()
	if *dir == "" {
		log.Fatal("smtpd: -dir is required")
	}

	be := &backend{dir: *dir, user: *user, pass: *pass, reject: map[string]bool{}}
	for _, r := range strings.Split(*reject, ",") {
		if r != "" {
			be.reject[strings.ToLower(r)] = true
		}
	}
	s := smtp.NewServer(be)
	s.Domain = "localhost"
	s.ReadTimeout = 30 * time.Second
	s.WriteTimeout = 30 * time.Second
	s.MaxMessageBytes = 1 << 20
	s.AllowInsecureAuth = *mode == "none"

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	if *mode != "none" {
		cert, err := selfSigned(*certFile)
		if err != nil {
			log.Fatal(err)
		}
		s.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
		if *mode == "tls" {
			ln = tls.NewListener(ln, s.TLSConfig)
		}
	}
	fmt.Println(ln.Addr().String())
	if err := s.Serve(ln); err != nil {
		log.Fatal(err)
	}
}

type backend struct {
	dir, user, pass string
	reject          map[string]bool
	n               atomic.Int64
}

func (b *backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{be: b, conn: c}, nil
}

type session struct {
	be       *backend
	conn     *smtp.Conn
	authUser string
	from     string
	to       []string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != s.be.user || password != s.be.pass {
			return smtp.ErrAuthFailed
		}
		s.authUser = username
		return nil
	}), nil
}

func (s *session) Mail(from string, opts *smtp.MailOptions) error {
	if s.be.user != "" && s.authUser == "" {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, opts *smtp.RcptOptions) error {
	if s.be.reject[strings.ToLower(to)] {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	body, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, isTLS := s.conn.TLSConnectionState()
	var b bytes.Buffer
	fmt.Fprintf(&b, "X-Smtpd-Mail-From: %s\r\nX-Smtpd-Rcpt-To: %s\r\nX-Smtpd-TLS: %t\r\nX-Smtpd-Auth: %s\r\n",
		s.from, strings.Join(s.to, ", "), isTLS, s.authUser)
	b.Write(body)
	name := filepath.Join(s.be.dir, fmt.Sprintf("%04d.eml", s.be.n.Add(1)))
	// Write then rename, so a reader never sees half a message.
	if err := os.WriteFile(name+".tmp", b.Bytes(), 0o600); err != nil {
		return err
	}
	return os.Rename(name+".tmp", name)
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }

// selfSigned makes a certificate for 127.0.0.1 and localhost and writes it to certFile.
func selfSigned(certFile string) (tls.Certificate, error) {
	if certFile == "" {
		return tls.Certificate{}, errors.New("smtpd: TLS needs -cert")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "smtpd test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if err := os.WriteFile(certFile, certPEM, 0o600); err != nil {
		return tls.Certificate{}, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.X509KeyPair(certPEM, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}))
}

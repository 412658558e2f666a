//go:build pkcs11

package esign_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/ThalesGroup/crypto11"

	"github.com/motcua/motcua/internal/esign"
)

const (
	softHSMModule = "/usr/lib/softhsm/libsofthsm2.so"
	tokenLabel    = "motcua-test"
	tokenPIN      = "1234"
)

// softHSM makes a fresh SoftHSM2 token in a temporary directory and returns its module path.
// Without SoftHSM2 the test is skipped, or fails when MOTCUA_REQUIRE_PKCS11=1 (CI).
func softHSM(t *testing.T) string {
	t.Helper()
	module := softHSMModule
	if m := os.Getenv("MOTCUA_TEST_PKCS11_MODULE"); m != "" {
		module = m
	}
	util, err := exec.LookPath("softhsm2-util")
	if _, statErr := os.Stat(module); err != nil || statErr != nil {
		if os.Getenv("MOTCUA_REQUIRE_PKCS11") == "1" {
			t.Fatalf("SoftHSM2 not found (%s) and MOTCUA_REQUIRE_PKCS11=1: apt-get install softhsm2", module)
		}
		t.Skipf("SoftHSM2 not found (%s): apt-get install softhsm2 to test PKCS#11 signing (MOTCUA_REQUIRE_PKCS11=1 fails instead)", module)
	}
	dir := t.TempDir()
	tokens := filepath.Join(dir, "tokens")
	if err := os.Mkdir(tokens, 0o700); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "softhsm2.conf")
	if err := os.WriteFile(conf, []byte("directories.tokendir = "+tokens+"\nobjectstore.backend = file\nlog.level = ERROR\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SOFTHSM2_CONF", conf)
	if out, err := exec.Command(util, "--init-token", "--free", "--label", tokenLabel, "--pin", tokenPIN, "--so-pin", "5678").CombinedOutput(); err != nil {
		t.Fatalf("softhsm2-util --init-token: %v\n%s", err, out)
	}
	return module
}

// certify issues a certificate for pub: self-signed CA when ca is nil, else issued by ca.
func certify(t *testing.T, cn string, pub crypto.PublicKey, key crypto.Signer, ca *x509.Certificate, caKey crypto.Signer) *x509.Certificate {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: cn, Country: []string{"VN"}},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().AddDate(1, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
	}
	parent, signer := tmpl, key
	if ca == nil {
		tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
		tmpl.KeyUsage, tmpl.ExtKeyUsage = x509.KeyUsageCertSign, nil
	} else {
		parent, signer = ca, caKey
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestPKCS11 signs a PDF with keys generated on a SoftHSM2 token (ECDSA P-256 and RSA 2048),
// certified by a CA whose certificate is on the token under the key's label (so the chain is
// read from the token, in whatever order it lists them) or in a PEM file; pdfsig finds the
// signatures valid. A wrong PIN, an unknown key or a certificate of another key are refused.
func TestPKCS11(t *testing.T) {
	module := softHSM(t)
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ca := certify(t, "motcua test CA", caKey.Public(), caKey, nil, nil)
	const leafCN = "Trung tâm Phục vụ hành chính công"

	tok, err := crypto11.Configure(&crypto11.Config{Path: module, TokenLabel: tokenLabel, Pin: tokenPIN})
	if err != nil {
		t.Fatal(err)
	}
	ec, err := tok.GenerateECDSAKeyPairWithLabel([]byte{1}, []byte("ec"), elliptic.P256())
	if err != nil {
		t.Fatal(err)
	}
	rsaKey, err := tok.GenerateRSAKeyPairWithLabel([]byte{2}, []byte("rsa"), 2048)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tok.GenerateECDSAKeyPairWithLabel([]byte{3}, []byte("uncertified"), elliptic.P256()); err != nil {
		t.Fatal(err)
	}
	ecCert := certify(t, leafCN, ec.Public(), nil, ca, caKey)
	rsaCert := certify(t, leafCN+" (RSA)", rsaKey.Public(), nil, ca, caKey)
	// The CA first under each label: the chain is ordered by who issued whom, not as listed.
	for _, imp := range []struct {
		id    byte
		label string
		cert  *x509.Certificate
	}{{10, "ec", ca}, {1, "ec", ecCert}, {11, "rsa", ca}, {2, "rsa", rsaCert}, {12, "uncertified", ca}} {
		if err := tok.ImportCertificateWithLabel([]byte{imp.id}, []byte(imp.label), imp.cert); err != nil {
			t.Fatal(err)
		}
	}
	if err := tok.Close(); err != nil {
		t.Fatal(err)
	}

	cfg := esign.PKCS11Config{Module: module, Token: tokenLabel, PIN: tokenPIN}
	chainPEM := filepath.Join(t.TempDir(), "chain.pem")
	var pemBytes []byte
	for _, c := range []*x509.Certificate{ca, ecCert} {
		pemBytes = append(pemBytes, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	if err := os.WriteFile(chainPEM, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, key, chain string
		leaf             *x509.Certificate
	}{
		{"ECDSA, chain on the token", "ec", "", ecCert},
		{"RSA, chain on the token", "rsa", "", rsaCert},
		{"ECDSA, chain in a PEM file", "ec", chainPEM, ecCert},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := cfg
			c.Key, c.Chain = tc.key, tc.chain
			p, err := esign.OpenPKCS11(c)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			s, err := p.SignerFor(t.Context(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Chain) != 2 || !s.Chain[0].Equal(tc.leaf) || !s.Chain[1].Equal(ca) {
				t.Fatalf("chain = %d certificates %v; want the key's certificate then the CA", len(s.Chain), s.Chain)
			}
			signed, err := esign.SignPDF(samplePDF(t, ""), s, esign.SignInfo{Name: leafCN}, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			wantValid(t, signed, tc.leaf.Subject.CommonName)
		})
	}

	for name, c := range map[string]esign.PKCS11Config{
		"wrong PIN":                     {Module: module, Token: tokenLabel, PIN: "0000", Key: "ec"},
		"unknown token":                 {Module: module, Token: "other", PIN: tokenPIN, Key: "ec"},
		"unknown key":                   {Module: module, Token: tokenLabel, PIN: tokenPIN, Key: "nokey"},
		"no certificate of the key":     {Module: module, Token: tokenLabel, PIN: tokenPIN, Key: "uncertified"},
		"PEM chain of another key":      {Module: module, Token: tokenLabel, PIN: tokenPIN, Key: "rsa", Chain: chainPEM},
		"module that is no PKCS#11 .so": {Module: filepath.Join(t.TempDir(), "none.so"), Token: tokenLabel, PIN: tokenPIN, Key: "ec"},
	} {
		if p, err := esign.OpenPKCS11(c); err == nil {
			p.Close()
			t.Errorf("OpenPKCS11 with %s succeeded", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}

package esign

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestOrderChain: a token's or a PEM file's certificates, in any order and with strangers,
// become the key's certificate, then its issuers up to the root.
func TestOrderChain(t *testing.T) {
	type pair struct {
		key  *ecdsa.PrivateKey
		cert *x509.Certificate
	}
	issue := func(cn string, parent *pair, ca bool) *pair {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
			IsCA: ca, BasicConstraintsValid: ca, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign}
		pc, pk := tmpl, k
		if parent != nil {
			pc, pk = parent.cert, parent.key
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, pc, k.Public(), pk)
		if err != nil {
			t.Fatal(err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		return &pair{k, c}
	}
	root := issue("root", nil, true)
	sub := issue("sub", root, true)
	leaf := issue("leaf", sub, false)
	// Same subject as sub but another key: must not be taken as leaf's issuer.
	impostor := issue("sub", root, true)
	stranger := issue("stranger", nil, true)

	got, err := orderChain(leaf.key.Public(), []*x509.Certificate{stranger.cert, root.cert, impostor.cert, leaf.cert, sub.cert})
	if err != nil {
		t.Fatal(err)
	}
	want := []*x509.Certificate{leaf.cert, sub.cert, root.cert}
	if len(got) != len(want) {
		t.Fatalf("chain of %d certificates; want %d", len(got), len(want))
	}
	for i := range want {
		if !got[i].Equal(want[i]) {
			t.Errorf("chain[%d] = %s; want %s", i, got[i].Subject, want[i].Subject)
		}
	}
	if _, err := orderChain(stranger.key.Public(), []*x509.Certificate{leaf.cert, sub.cert}); err == nil {
		t.Error("orderChain without the key's certificate succeeded")
	}

	dir := t.TempDir()
	file := filepath.Join(dir, "chain.pem")
	var b []byte
	for _, c := range []*x509.Certificate{root.cert, sub.cert, leaf.cert} {
		b = append(b, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := chainOf(leaf.key.Public(), file, nil); err != nil || len(got) != 3 || !got[0].Equal(leaf.cert) {
		t.Errorf("chainOf(PEM file) = %d certificates, %v; want leaf, sub, root", len(got), err)
	}
	empty := filepath.Join(dir, "empty.pem")
	if err := os.WriteFile(empty, []byte("no PEM here"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := chainOf(leaf.key.Public(), empty, nil); err == nil {
		t.Error("chainOf(file without certificates) succeeded")
	}
}

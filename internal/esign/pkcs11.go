package esign

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"

	"github.com/motcua/motcua/internal/org"
)

// PKCS11Config names a signing key on a PKCS#11 token (MOTCUA_SIGN_PKCS11_*).
type PKCS11Config struct {
	Module string // the token's PKCS#11 library (.so)
	Token  string // the token's label
	PIN    string // the user PIN
	Key    string // the private key's label
	// Chain is a PEM file with the key's certificate and its issuers; empty: the token's
	// certificate objects labelled as the key.
	Chain string
}

// ErrNoPKCS11 is OpenPKCS11's answer in a build without the pkcs11 tag (crypto11 needs cgo,
// which the default build does without).
var ErrNoPKCS11 = errors.New("esign: built without PKCS#11 support: build with -tags pkcs11")

// PKCS11 is one key on a token with its chain: every agency signs with it, as with P12. The
// key never leaves the token; signing is a call into the module.
type PKCS11 struct {
	signer *Signer
	close  func() error
}

// SignerFor returns the token's signer whatever the agency.
func (p *PKCS11) SignerFor(context.Context, *org.Agency) (*Signer, error) { return p.signer, nil }

// Close logs out and unloads the module.
func (p *PKCS11) Close() error {
	if p.close == nil {
		return nil
	}
	return p.close()
}

// readPEMChain reads every certificate of a PEM file.
func readPEMChain(path string) ([]*x509.Certificate, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("esign: read %s: %w", path, err)
	}
	var certs []*x509.Certificate
	for {
		var blk *pem.Block
		blk, b = pem.Decode(b)
		if blk == nil {
			break
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return nil, fmt.Errorf("esign: %s: %w", path, err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, fmt.Errorf("esign: %s holds no PEM certificate", path)
	}
	return certs, nil
}

// orderChain puts the certificate of pub first, then its issuers, each checked to have signed
// the one before, as far as certs go; certificates outside the chain are left out. A token
// lists its objects in no particular order.
func orderChain(pub crypto.PublicKey, certs []*x509.Certificate) ([]*x509.Certificate, error) {
	type equaler interface{ Equal(crypto.PublicKey) bool }
	k, ok := pub.(equaler)
	if !ok {
		return nil, fmt.Errorf("esign: unsupported public key %T", pub)
	}
	var chain []*x509.Certificate
	for _, c := range certs {
		if k.Equal(c.PublicKey) {
			chain = append(chain, c)
			break
		}
	}
	if chain == nil {
		return nil, errors.New("esign: no certificate of the signing key's public key")
	}
	for len(chain) < len(certs) {
		last, next := chain[len(chain)-1], (*x509.Certificate)(nil)
		if bytes.Equal(last.RawIssuer, last.RawSubject) && last.CheckSignatureFrom(last) == nil {
			break // self-signed: the root
		}
		for _, c := range certs {
			if bytes.Equal(c.RawSubject, last.RawIssuer) && !c.Equal(last) && last.CheckSignatureFrom(c) == nil {
				next = c
				break
			}
		}
		if next == nil {
			break
		}
		chain = append(chain, next)
	}
	return chain, nil
}

// chainOf is the key's chain, from the PEM file when given, else from the token's DER values.
func chainOf(pub crypto.PublicKey, pemFile string, der [][]byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	if pemFile != "" {
		var err error
		if certs, err = readPEMChain(pemFile); err != nil {
			return nil, err
		}
	}
	for _, d := range der {
		c, err := x509.ParseCertificate(d)
		if err != nil {
			return nil, fmt.Errorf("esign: token certificate: %w", err)
		}
		certs = append(certs, c)
	}
	return orderChain(pub, certs)
}

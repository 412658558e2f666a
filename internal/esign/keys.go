package esign

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"strconv"
	"time"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/org"
)

// Signer is a signing key with its certificate chain, the signer's certificate first, then its
// issuers up to the root. Key is any crypto.Signer: a software key from a PKCS#12 file or the
// demo CA here; in production a PKCS#11 token's key (PKCS11, crypto11's crypto.Signer), built
// with cgo and the pkcs11 tag, outside the default build.
type Signer struct {
	Key   crypto.Signer
	Chain []*x509.Certificate
}

// Keys gives the signer of an agency.
type Keys interface {
	SignerFor(ctx context.Context, a *org.Agency) (*Signer, error)
}

// P12 is one key and chain read from a PKCS#12 file (MOTCUA_SIGN_P12): every agency signs with
// it, as when the city's one-stop centre holds one organisation certificate.
type P12 struct{ signer *Signer }

// LoadP12 reads a PKCS#12 file with its password.
func LoadP12(path, password string) (*P12, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("esign: read %s: %w", path, err)
	}
	return ParseP12(b, password)
}

// ParseP12 decodes PKCS#12 bytes: a private key that signs, its certificate and the CA chain.
func ParseP12(b []byte, password string) (*P12, error) {
	key, cert, cas, err := pkcs12.DecodeChain(b, password)
	if err != nil {
		return nil, fmt.Errorf("esign: PKCS#12: %w", err)
	}
	k, ok := key.(crypto.Signer)
	if !ok {
		return nil, errors.New("esign: PKCS#12: the private key cannot sign")
	}
	return &P12{signer: &Signer{Key: k, Chain: append([]*x509.Certificate{cert}, cas...)}}, nil
}

// SignerFor returns the file's signer whatever the agency.
func (p *P12) SignerFor(context.Context, *org.Agency) (*Signer, error) { return p.signer, nil }

// DemoCAName is the demo CA's common name: its certificates must never pass for real ones.
const DemoCAName = "motcua demo CA, not for production"

// Demo is the demo's key source: a test CA and one certificate per agency (CN its name, O its
// province), created on first use and kept in the database (table signing_keys), so that
// several replicas sign with the same keys. Its private keys sit in the database unencrypted:
// it is for demonstrations and tests only.
type Demo struct {
	DB  *db.DB
	Org *org.Store
	Now func() time.Time
}

// SignerFor returns the agency's demo signer, creating the CA and the agency's key when missing.
func (d *Demo) SignerFor(ctx context.Context, a *org.Agency) (*Signer, error) {
	caKey, caCert, err := d.load(ctx, "ca", func() (crypto.Signer, *x509.Certificate, error) {
		return d.issue(pkix.Name{CommonName: DemoCAName, Organization: []string{"motcua"}}, nil, nil, true)
	})
	if err != nil {
		return nil, err
	}
	key, cert, err := d.load(ctx, "agency:"+strconv.FormatInt(a.ID, 10), func() (crypto.Signer, *x509.Certificate, error) {
		name := pkix.Name{CommonName: a.Name, Country: []string{"VN"}}
		if p, err := d.Org.ProvinceOf(ctx, a.Code); err == nil {
			name.Organization = []string{p.FullName}
		}
		return d.issue(name, caKey, caCert, false)
	})
	if err != nil {
		return nil, err
	}
	return &Signer{Key: key, Chain: []*x509.Certificate{cert, caCert}}, nil
}

// load reads a holder's key, or makes one and stores it; when another replica stored one first,
// that one wins and is read back.
func (d *Demo) load(ctx context.Context, holder string, make func() (crypto.Signer, *x509.Certificate, error)) (crypto.Signer, *x509.Certificate, error) {
	for range 2 {
		var certPEM, keyPEM string
		err := d.DB.QueryRow(ctx, `SELECT cert_pem, key_pem FROM signing_keys WHERE holder = ?`, holder).Scan(&certPEM, &keyPEM)
		if err == nil {
			return parsePair(certPEM, keyPEM)
		}
		if !errors.Is(err, db.ErrNotFound) {
			return nil, nil, err
		}
		key, cert, err := make()
		if err != nil {
			return nil, nil, err
		}
		der, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			return nil, nil, err
		}
		if _, err := d.DB.Exec(ctx, `INSERT INTO signing_keys (holder, cert_pem, key_pem, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (holder) DO NOTHING`, holder,
			string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})),
			string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})), d.now()); err != nil {
			return nil, nil, err
		}
	}
	return nil, nil, fmt.Errorf("esign: signing key %s neither found nor stored", holder)
}

func parsePair(certPEM, keyPEM string) (crypto.Signer, *x509.Certificate, error) {
	cb, _ := pem.Decode([]byte(certPEM))
	kb, _ := pem.Decode([]byte(keyPEM))
	if cb == nil || kb == nil {
		return nil, nil, errors.New("esign: stored signing key is not PEM")
	}
	cert, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, nil, err
	}
	k, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
	if err != nil {
		return nil, nil, err
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, nil, errors.New("esign: stored private key cannot sign")
	}
	return s, cert, nil
}

func (d *Demo) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// issue makes a P-256 key and its certificate, self-signed for the CA, else by the CA.
func (d *Demo) issue(subject pkix.Name, caKey crypto.Signer, ca *x509.Certificate, isCA bool) (crypto.Signer, *x509.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, nil, err
	}
	now := d.now()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      subject,
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.AddDate(10, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
	}
	parent, signer := tmpl, crypto.Signer(key)
	if isCA {
		tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
		tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign
		tmpl.NotAfter = now.AddDate(20, 0, 0)
	} else {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection} // document signing; poppler accepts it
		parent, signer = ca, caKey
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), signer)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	return key, cert, err
}

package esign

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"time"

	"github.com/digitorus/pdf"
	"github.com/digitorus/pdfsign/sign"
)

// SignInfo is what the signature dictionary says of the signing, shown by PDF readers.
type SignInfo struct {
	Name     string // who signs: the agency
	Reason   string
	Location string
	Contact  string
}

// SignPDF signs a PDF with s: an incremental update holding a detached CMS signature over the
// whole file but the signature itself (ISO 32000-1 §12.8), with the ESS signing-certificate-v2
// attribute and the certificate chain embedded (the elements of PAdES baseline B, ETSI EN
// 319 142-1; digitorus/pdfsign writes them under the SubFilter adbe.pkcs7.detached, which
// readers and pdfsig verify alike). The signing time is at, as a signed attribute.
func SignPDF(in []byte, s *Signer, info SignInfo, at time.Time) ([]byte, error) {
	if s == nil || s.Key == nil || len(s.Chain) == 0 {
		return nil, errors.New("esign: no signer")
	}
	r, err := pdf.NewReader(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		return nil, fmt.Errorf("esign: read PDF: %w", err)
	}
	var out bytes.Buffer
	err = sign.Sign(bytes.NewReader(in), &out, r, int64(len(in)), sign.SignData{
		Signature: sign.SignDataSignature{
			Info: sign.SignDataSignatureInfo{Name: info.Name, Location: info.Location, Reason: info.Reason,
				ContactInfo: info.Contact, Date: at},
			// A certification signature that allows no later change: the issued document is final.
			CertType:   sign.CertificationSignature,
			DocMDPPerm: sign.DoNotAllowAnyChangesPerms,
		},
		Signer:            s.Key,
		DigestAlgorithm:   crypto.SHA256,
		Certificate:       s.Chain[0],
		CertificateChains: [][]*x509.Certificate{s.Chain},
	})
	if err != nil {
		return nil, fmt.Errorf("esign: sign PDF: %w", err)
	}
	return out.Bytes(), nil
}

//go:build pkcs11

package esign

import (
	"errors"
	"fmt"

	"github.com/ThalesGroup/crypto11"
	"github.com/miekg/pkcs11"
)

// OpenPKCS11 logs in to the token, finds the key by its label and reads its chain: from the PEM
// file when given, else from the token's certificates of the same label.
func OpenPKCS11(cfg PKCS11Config) (*PKCS11, error) {
	ctx, err := crypto11.Configure(&crypto11.Config{Path: cfg.Module, TokenLabel: cfg.Token, Pin: cfg.PIN})
	if err != nil {
		return nil, fmt.Errorf("esign: PKCS#11 token %q in %s: %w", cfg.Token, cfg.Module, err)
	}
	p, err := openKey(ctx, cfg)
	if err != nil {
		_ = ctx.Close()
		return nil, err
	}
	return p, nil
}

func openKey(ctx *crypto11.Context, cfg PKCS11Config) (*PKCS11, error) {
	key, err := ctx.FindKeyPair(nil, []byte(cfg.Key))
	if err != nil {
		return nil, fmt.Errorf("esign: PKCS#11 key %q: %w", cfg.Key, err)
	}
	if key == nil {
		return nil, fmt.Errorf("esign: PKCS#11 token %q has no key pair labelled %q", cfg.Token, cfg.Key)
	}
	var certs [][]byte
	if cfg.Chain == "" {
		if certs, err = tokenCertificates(cfg); err != nil {
			return nil, err
		}
	}
	chain, err := chainOf(key.Public(), cfg.Chain, certs)
	if err != nil {
		return nil, fmt.Errorf("esign: PKCS#11 key %q: %w", cfg.Key, err)
	}
	return &PKCS11{signer: &Signer{Key: key, Chain: chain}, close: ctx.Close}, nil
}

// tokenCertificates are the DER values of the token's certificate objects labelled cfg.Key.
// crypto11 finds one certificate per label; the chain needs all of them, so this asks the
// module directly, in the process where crypto11 has already initialised it and logged in.
func tokenCertificates(cfg PKCS11Config) (_ [][]byte, err error) {
	m := pkcs11.New(cfg.Module)
	if m == nil {
		return nil, fmt.Errorf("esign: PKCS#11 module %s cannot be loaded", cfg.Module)
	}
	defer m.Destroy()
	if err := m.Initialize(); err == nil {
		defer m.Finalize()
	} else if !errors.Is(err, pkcs11.Error(pkcs11.CKR_CRYPTOKI_ALREADY_INITIALIZED)) {
		return nil, fmt.Errorf("esign: PKCS#11 initialise: %w", err)
	}
	slots, err := m.GetSlotList(true)
	if err != nil {
		return nil, fmt.Errorf("esign: PKCS#11 slots: %w", err)
	}
	for _, slot := range slots {
		info, err := m.GetTokenInfo(slot)
		if err != nil || info.Label != cfg.Token {
			continue
		}
		s, err := m.OpenSession(slot, pkcs11.CKF_SERIAL_SESSION)
		if err != nil {
			return nil, fmt.Errorf("esign: PKCS#11 session: %w", err)
		}
		defer m.CloseSession(s)
		if err := m.FindObjectsInit(s, []*pkcs11.Attribute{
			pkcs11.NewAttribute(pkcs11.CKA_CLASS, pkcs11.CKO_CERTIFICATE),
			pkcs11.NewAttribute(pkcs11.CKA_LABEL, cfg.Key),
		}); err != nil {
			return nil, fmt.Errorf("esign: PKCS#11 find certificates: %w", err)
		}
		defer func() {
			if e := m.FindObjectsFinal(s); err == nil && e != nil {
				err = fmt.Errorf("esign: PKCS#11 find certificates: %w", e)
			}
		}()
		var out [][]byte
		for len(out) < 32 { // a chain is a few certificates; the bound stops a runaway token
			hs, _, err := m.FindObjects(s, 8)
			if err != nil {
				return nil, fmt.Errorf("esign: PKCS#11 find certificates: %w", err)
			}
			if len(hs) == 0 {
				break
			}
			for _, h := range hs {
				a, err := m.GetAttributeValue(s, h, []*pkcs11.Attribute{pkcs11.NewAttribute(pkcs11.CKA_VALUE, nil)})
				if err != nil {
					return nil, fmt.Errorf("esign: PKCS#11 read certificate: %w", err)
				}
				out = append(out, a[0].Value)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("esign: PKCS#11 token %q not found", cfg.Token)
}

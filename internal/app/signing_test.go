//go:build !pkcs11

package app

import (
	"errors"
	"testing"

	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/esign"
)

// TestSigningKeysPKCS11NotBuilt: a token configured in the default build (no cgo) stops the
// server with how to build, rather than signing with another key.
func TestSigningKeysPKCS11NotBuilt(t *testing.T) {
	cfg := config.Default()
	cfg.Demo = true
	cfg.SignPKCS11Module, cfg.SignPKCS11Token, cfg.SignPKCS11Key = "/usr/lib/softhsm/libsofthsm2.so", "motcua", "agency"
	keys, err := signingKeys(cfg, &App{})
	if !errors.Is(err, esign.ErrNoPKCS11) || keys != nil {
		t.Errorf("signingKeys = %v, %v; want ErrNoPKCS11", keys, err)
	}
}

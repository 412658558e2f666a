//go:build !pkcs11

package esign_test

import (
	"errors"
	"testing"

	"github.com/motcua/motcua/internal/esign"
)

// TestPKCS11NotBuilt: the default build (no cgo) answers a configured token with how to build.
func TestPKCS11NotBuilt(t *testing.T) {
	_, err := esign.OpenPKCS11(esign.PKCS11Config{Module: "/usr/lib/softhsm/libsofthsm2.so", Token: "t", Key: "k"})
	if !errors.Is(err, esign.ErrNoPKCS11) || err.Error() != "esign: built without PKCS#11 support: build with -tags pkcs11" {
		t.Errorf("OpenPKCS11 = %v; want ErrNoPKCS11", err)
	}
}

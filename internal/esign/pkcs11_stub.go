//go:build !pkcs11

package esign

// OpenPKCS11 needs the pkcs11 build tag; without it a configured token is a clear error.
func OpenPKCS11(PKCS11Config) (*PKCS11, error) { return nil, ErrNoPKCS11 }

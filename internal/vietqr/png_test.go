package vietqr

import (
	"bytes"
	"errors"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPNG: the image is a square PNG of whole modules with its quiet zone, and an independent
// decoder (zbarimg) reads the payload back from it.
func TestPNG(t *testing.T) {
	payload := vectors[0].payload
	data, err := PNG(payload, 6)
	if err != nil {
		t.Fatalf("PNG: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode PNG: %v", err)
	}
	b := img.Bounds()
	if b.Dx() != b.Dy() || b.Dx()%6 != 0 || b.Dx()/6 < 21+2*quiet {
		t.Errorf("image is %v; want a square of 6-pixel modules, at least 21+8 a side", b)
	}
	if r, _, _, _ := img.At(0, 0).RGBA(); r != 0xffff {
		t.Errorf("corner is not the white quiet zone")
	}
	if r, _, _, _ := img.At(quiet*6, quiet*6).RGBA(); r != 0 {
		t.Errorf("the finder pattern does not start after the quiet zone")
	}
	file := filepath.Join(t.TempDir(), "vietqr.png")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if got := zbarDecode(t, file); got != payload {
		t.Errorf("zbarimg read %q; want %q", got, payload)
	}
	var e *Error
	if _, err := PNG(payload, 0); !errors.As(err, &e) || e.Field != "px" {
		t.Errorf("PNG(payload, 0) = %v; want an error on px", err)
	}
}

// zbarDecode reads the one QR code in the image file with zbarimg (Debian's zbar-tools), as
// internal/paperwork's tests do.
func zbarDecode(t *testing.T, file string) string {
	t.Helper()
	tool, err := exec.LookPath("zbarimg")
	if err != nil {
		if os.Getenv("MOTCUA_REQUIRE_PDFTOTEXT") == "1" {
			t.Fatal("zbarimg not found and MOTCUA_REQUIRE_PDFTOTEXT=1: install zbar-tools")
		}
		t.Skip("zbarimg not found: install zbar-tools to decode the QR code")
	}
	out, err := exec.Command(tool, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", file).Output()
	if err != nil {
		t.Fatalf("zbarimg %s: %v", file, err)
	}
	return strings.TrimRight(string(out), "\n")
}

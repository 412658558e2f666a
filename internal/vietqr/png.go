package vietqr

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"github.com/yeqown/go-qrcode/v2"
)

const quiet = 4 // modules of quiet zone on each side (ISO/IEC 18004)

// PNG draws payload as a QR code, error correction M as banks print VietQR, with its quiet
// zone, px pixels a module, as a two-colour PNG.
func PNG(payload string, px int) ([]byte, error) {
	if px < 1 || px > 32 {
		return nil, errf("px", "want 1 to 32 pixels a module")
	}
	q, err := qrcode.NewWith(payload, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return nil, fmt.Errorf("vietqr: QR code: %w", err)
	}
	var m bitmap
	if err := q.Save(&m); err != nil {
		return nil, fmt.Errorf("vietqr: QR code: %w", err)
	}
	n := len(m.bits) + 2*quiet
	img := image.NewPaletted(image.Rect(0, 0, n*px, n*px), color.Palette{color.White, color.Black})
	for y, row := range m.bits {
		for x, dark := range row {
			if !dark {
				continue
			}
			x0, y0 := (x+quiet)*px, (y+quiet)*px
			for dy := range px {
				for dx := range px {
					img.SetColorIndex(x0+dx, y0+dy, 1)
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("vietqr: QR code: %w", err)
	}
	return buf.Bytes(), nil
}

// bitmap is a qrcode.Writer keeping the modules (as paperwork's does: the library's image
// writers are separate modules).
type bitmap struct{ bits [][]bool }

func (b *bitmap) Write(m qrcode.Matrix) error { b.bits = m.Bitmap(); return nil }
func (b *bitmap) Close() error                { return nil }

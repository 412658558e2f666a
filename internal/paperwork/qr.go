package paperwork

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"github.com/yeqown/go-qrcode/v2"
)

const (
	qrModulePx = 8 // pixels a module
	qrQuiet    = 4 // modules of quiet zone on each side (ISO/IEC 18004)
)

// qrPNG encodes url as a QR code (error correction M, 8 pixels a module, quiet zone kept), a
// two-colour PNG that fpdf embeds.
func qrPNG(url string) ([]byte, error) {
	bits, err := qrModules(url)
	if err != nil {
		return nil, err
	}
	n := len(bits) + 2*qrQuiet
	img := image.NewPaletted(image.Rect(0, 0, n*qrModulePx, n*qrModulePx), color.Palette{color.White, color.Black})
	for y, row := range bits {
		for x, dark := range row {
			if !dark {
				continue
			}
			x0, y0 := (x+qrQuiet)*qrModulePx, (y+qrQuiet)*qrModulePx
			for dy := range qrModulePx {
				for dx := range qrModulePx {
					img.SetColorIndex(x0+dx, y0+dy, 1)
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("paperwork: QR code: %w", err)
	}
	return buf.Bytes(), nil
}

// qrModules returns the QR symbol of url, without quiet zone, as rows of dark modules.
func qrModules(url string) ([][]bool, error) {
	q, err := qrcode.NewWith(url, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return nil, fmt.Errorf("paperwork: QR code: %w", err)
	}
	var m bitmap
	if err := q.Save(&m); err != nil {
		return nil, fmt.Errorf("paperwork: QR code: %w", err)
	}
	return m.bits, nil
}

// bitmap is a qrcode.Writer that keeps the symbol's modules: the library's own image writers
// are separate modules that bring a 2D graphics library for what image/png does here.
type bitmap struct{ bits [][]bool }

func (b *bitmap) Write(m qrcode.Matrix) error { b.bits = m.Bitmap(); return nil }
func (b *bitmap) Close() error                { return nil }

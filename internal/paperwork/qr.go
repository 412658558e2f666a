package paperwork

import "github.com/motcua/motcua/internal/vietqr"

const (
	qrModulePx = 8 // pixels a module
	qrQuiet    = 4 // modules of quiet zone on each side (ISO/IEC 18004), as vietqr.PNG keeps
)

// qrPNG encodes url as a QR code, a two-colour PNG that fpdf embeds: vietqr.PNG draws any
// payload (error correction M, quiet zone kept), here at 8 pixels a module.
func qrPNG(url string) ([]byte, error) { return vietqr.PNG(url, qrModulePx) }

package paperwork

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestFormsDeterministic renders every form twice: the bytes must not change, and the PDF's
// creation date is the document's own date in Hà Nội, not the time it was rendered.
func TestFormsDeterministic(t *testing.T) {
	tests := []struct {
		name    string
		render  func() ([]byte, error)
		created string
	}{
		{"Mẫu 01", func() ([]byte, error) { return ReceiptPDF(sampleReceipt()) }, "D:20261126090500"},
		{"Mẫu 02", func() ([]byte, error) { return SupplementPDF(sampleSupplement()) }, "D:20261127083000"},
		{"Mẫu 03", func() ([]byte, error) { return RefusalPDF(sampleRefusal()) }, "D:20260205144000"},
		{"Mẫu 04", func() ([]byte, error) { return ApologyPDF(sampleApology()) }, "D:20261208150000"},
		{"Mẫu 05", func() ([]byte, error) { return ControlSlipPDF(sampleControl()) }, "D:20261126090500"},
		{"Mẫu 06", func() ([]byte, error) { return RegisterPDF(sampleRegister(20)) }, "D:20261130000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := tt.render()
			if err != nil {
				t.Fatalf("render: %v", err)
			}
			b, err := tt.render()
			if err != nil {
				t.Fatalf("render: %v", err)
			}
			if !bytes.Equal(a, b) {
				t.Errorf("two renderings of the same content differ (%d and %d bytes)", len(a), len(b))
			}
			if want := "/CreationDate (" + tt.created + ")"; !bytes.Contains(a, []byte(want)) {
				t.Errorf("PDF lacks %s", want)
			}
		})
	}
}

// TestFormsPaper checks with pdfinfo that the slips are A5 portrait and the register A4
// landscape (egov.md §2).
func TestFormsPaper(t *testing.T) {
	const a5, a4l = "420.94 x 595.28 pts (A5)", "841.89 x 595.28 pts (A4)"
	tests := []struct {
		name  string
		pdf   func() ([]byte, error)
		paper string
	}{
		{"Mẫu 01", func() ([]byte, error) { return ReceiptPDF(sampleReceipt()) }, a5},
		{"Mẫu 02", func() ([]byte, error) { return SupplementPDF(sampleSupplement()) }, a5},
		{"Mẫu 03", func() ([]byte, error) { return RefusalPDF(sampleSettlementRefusal()) }, a5},
		{"Mẫu 04", func() ([]byte, error) { return ApologyPDF(sampleApology()) }, a5},
		{"Mẫu 05", func() ([]byte, error) { return ControlSlipPDF(sampleControl()) }, a5},
		{"Mẫu 06", func() ([]byte, error) { return RegisterPDF(sampleRegister(2)) }, a4l},
	}
	tool := lookTool(t, "pdfinfo")
	for _, tt := range tests {
		pdf, err := tt.pdf()
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		in := filepath.Join(t.TempDir(), "in.pdf")
		if err := os.WriteFile(in, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(tool, in).Output()
		if err != nil {
			t.Fatalf("pdfinfo: %v", err)
		}
		if !strings.Contains(squash(string(out)), "Page size: "+tt.paper) {
			t.Errorf("%s: pdfinfo says\n%s\nwant page size %s", tt.name, out, tt.paper)
		}
	}
}

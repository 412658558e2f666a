package app_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestDeclarationPDF: a procedure's printable declaration through the whole server, on both
// engines: the API and the portal answer the same PDF, public and cacheable; an unknown code
// is a 404 in the API's envelope.
func TestDeclarationPDF(t *testing.T) {
	engines(t, func(t *testing.T, base string) {
		anon := &client{t: t, base: base}
		status, api, hdr := anon.do("GET", "/api/v1/procedures/1.001193/declaration.pdf", nil)
		if status != 200 || hdr.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(api, []byte("%PDF-")) {
			t.Fatalf("GET the declaration = %d %s %q…; want 200 application/pdf", status, hdr.Get("Content-Type"), api[:min(len(api), 16)])
		}
		if cd := hdr.Get("Content-Disposition"); cd != "inline; filename=to-khai-1.001193.pdf" {
			t.Errorf("Content-Disposition = %q", cd)
		}
		if cc := hdr.Get("Cache-Control"); cc != "public, max-age=3600" {
			t.Errorf("Cache-Control = %q; want public, max-age=3600", cc)
		}
		status, page, hdr := anon.do("GET", "/thu-tuc/1.001193/to-khai.pdf", nil)
		if status != 200 || hdr.Get("Content-Type") != "application/pdf" || !bytes.Equal(page, api) {
			t.Errorf("the portal's declaration = %d %s, %d bytes; want 200 and the API's %d bytes", status, hdr.Get("Content-Type"), len(page), len(api))
		}

		status, body, _ := anon.do("GET", "/api/v1/procedures/9.999999/declaration.pdf", nil)
		var e errBody
		if status != 404 || json.Unmarshal(body, &e) != nil || e.Error.Code == "" {
			t.Errorf("GET an unknown declaration = %d %s; want 404 in the error envelope", status, body)
		}
		if status, body, _ := anon.do("GET", "/thu-tuc/9.999999/to-khai.pdf", nil); status != 404 || !strings.Contains(string(body), "<html") {
			t.Errorf("GET an unknown declaration's page = %d; want the 404 page", status)
		}
	})
}

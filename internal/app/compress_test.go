package app_test

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/motcua/motcua/internal/app/apptest"
)

// A client that accepts gzip gets its answers compressed, the dynamic ones by the server's
// middleware and the kept ones from their bytes gzipped once; a client that does not gets
// them as they are (issue 15).
func TestCompression(t *testing.T) {
	_, base := apptest.Start(t, "sqlite")
	raw := &http.Client{Transport: &http.Transport{DisableCompression: true}} // no transparent gzip
	get := func(path, acceptEncoding string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		if acceptEncoding != "" {
			req.Header.Set("Accept-Encoding", acceptEncoding)
		}
		resp, err := raw.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var rd io.Reader = resp.Body
		if resp.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(resp.Body)
			if err != nil {
				t.Fatalf("GET %s: %v", path, err)
			}
			rd = zr
		}
		b, err := io.ReadAll(rd)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		return resp, b
	}
	for _, path := range []string{
		"/api/v1/agencies",                       // dynamic JSON
		"/api/v1/procedures?q=khai+sinh",         // a search, kept
		"/api/v1/procedures?per_page=50",         // a search, kept
		"/api/v1/procedures?view=full&q=ket+hon", // a search of whole procedures, dynamic
		"/api/v1/procedures/1.001193",            // kept
	} {
		zipped, zb := get(path, "gzip")
		plain, pb := get(path, "")
		if zipped.StatusCode != 200 || plain.StatusCode != 200 {
			t.Fatalf("GET %s = %d, %d", path, zipped.StatusCode, plain.StatusCode)
		}
		if zipped.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("GET %s with Accept-Encoding: gzip: Content-Encoding %q", path, zipped.Header.Get("Content-Encoding"))
		}
		if plain.Header.Get("Content-Encoding") != "" {
			t.Errorf("GET %s without Accept-Encoding: Content-Encoding %q", path, plain.Header.Get("Content-Encoding"))
		}
		if string(zb) != string(pb) || !json.Valid(pb) {
			t.Errorf("GET %s: the gzip answer decodes to %d bytes, the plain one is %d", path, len(zb), len(pb))
		}
	}
	// The small health answer is not worth compressing.
	if resp, _ := get("/healthz", "gzip"); resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("/healthz compressed: %q", resp.Header.Get("Content-Encoding"))
	}
}

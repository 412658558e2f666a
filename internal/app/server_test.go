package app_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/config"
)

// TestMetricsAndHSTS: /metrics answers only its own bearer token, and --secure-cookies sends
// Strict-Transport-Security (issue 10 findings 7 and 9: /metrics was public and no HSTS was
// sent).
func TestMetricsAndHSTS(t *testing.T) {
	const token = "scrape-0123456789abcdef"
	_, base := apptest.Start(t, "sqlite", func(c *config.Config) { c.MetricsToken, c.SecureCookies = token, true })
	get := func(path, bearer string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest("GET", base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	for _, bearer := range []string{"", "wrong-0123456789abcdef"} {
		for _, path := range []string{"/metrics", "/debug/pprof/", "/debug/pprof/heap", "/debug/pprof/profile?seconds=1"} {
			if resp, _ := get(path, bearer); resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("GET %s with %q = %d; want 401", path, bearer, resp.StatusCode)
			}
		}
	}
	// The runtime's profiles answer the same token (issue 15: finding a busy day's slowness).
	if resp, body := get("/debug/pprof/heap?debug=1", token); resp.StatusCode != 200 || !bytes.Contains(body, []byte("heap profile")) {
		t.Errorf("GET /debug/pprof/heap with the token = %d %.100s; want the heap profile", resp.StatusCode, body)
	}
	if resp, body := get("/debug/pprof/profile?seconds=1", token); resp.StatusCode != 200 || len(body) == 0 {
		t.Errorf("GET /debug/pprof/profile with the token = %d, %d bytes; want a CPU profile", resp.StatusCode, len(body))
	}
	for _, path := range []string{"/", "/api/v1/procedures", "/metrics"} {
		resp, _ := get(path, "")
		if got := resp.Header.Get("Strict-Transport-Security"); got != "max-age=31536000" {
			t.Errorf("GET %s: Strict-Transport-Security = %q; want max-age=31536000", path, got)
		}
	}
	resp, body := get("/metrics", token)
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte("motcua_http_requests_total")) {
		t.Errorf("GET /metrics with the token = %d; want 200 with the metrics", resp.StatusCode)
	}
	_, plain := apptest.Start(t, "sqlite")
	var err error
	resp, err = http.Get(plain + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Strict-Transport-Security"); got != "" {
		t.Errorf("without --secure-cookies: Strict-Transport-Security = %q; want none (plain HTTP)", got)
	}
}

// TestDownloadsNotStored: a personal file fetched through the API is kept by no cache, as on
// the web (issue 10 finding 13: the API let it be cached for an hour).
func TestDownloadsNotStored(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			a, base := apptest.Start(t, engine)
			ctx := context.Background()
			u, err := a.Org.User(ctx, "congdan")
			if err != nil {
				t.Fatal(err)
			}
			f, err := a.Dossiers.Upload(ctx, u, "giay-to.pdf", strings.NewReader("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
			if err != nil {
				t.Fatal(err)
			}
			c := login(t, base, "congdan")
			status, _, hdr := c.do("GET", "/api/v1/files/"+f.ID, nil)
			if status != 200 || hdr.Get("Cache-Control") != "private, no-store" {
				t.Errorf("GET /api/v1/files/{id} = %d, Cache-Control %q; want 200, private, no-store", status, hdr.Get("Cache-Control"))
			}
		})
	}
}

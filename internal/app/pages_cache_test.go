package app_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/app/apptest"
)

// TestPublicPagesFromMemory: through the whole server, the pages that visitors who are not
// signed in read most (issue 15) are the same bytes for each, with the server's security
// headers, an ETag that answers 304, HEAD; a signed-in visitor gets their own page, never
// stored; an article published about a procedure shows on its page at once.
func TestPublicPagesFromMemory(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			_, base := apptest.Start(t, engine)
			get := func(method, path string, header ...string) (*http.Response, string) {
				t.Helper()
				req, err := http.NewRequest(method, base+path, nil)
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range header {
					k, v, _ := strings.Cut(h, ": ")
					req.Header.Set(k, v)
				}
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				b, _ := io.ReadAll(res.Body)
				return res, string(b)
			}
			session := webSession(t, base, "congdan")
			for _, path := range []string{"/", "/thu-tuc", "/thu-tuc/1.001193"} {
				res1, body1 := get("GET", path)
				res2, body2 := get("GET", path)
				if res1.StatusCode != 200 || body1 != body2 {
					t.Fatalf("GET %s twice: %d, the same bytes %v", path, res1.StatusCode, body1 == body2)
				}
				etag := res1.Header.Get("ETag")
				if etag == "" || res1.Header.Get("Cache-Control") != "public, no-cache" {
					t.Errorf("GET %s: ETag %q, Cache-Control %q", path, etag, res1.Header.Get("Cache-Control"))
				}
				res304, _ := get("GET", path, "If-None-Match: "+etag)
				head, headBody := get("HEAD", path)
				for _, res := range []*http.Response{res1, res304, head} {
					for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
						"Referrer-Policy": "strict-origin-when-cross-origin"} {
						if got := res.Header.Get(k); got != want {
							t.Errorf("%s %s (%d): %s = %q; want %q", res.Request.Method, path, res.StatusCode, k, got, want)
						}
					}
					if res.Header.Get("Content-Security-Policy") == "" || res.Header.Get("X-Request-ID") == "" {
						t.Errorf("%s %s (%d): no Content-Security-Policy or X-Request-ID", res.Request.Method, path, res.StatusCode)
					}
				}
				if res1.Header.Get("X-Request-ID") == res2.Header.Get("X-Request-ID") {
					t.Errorf("GET %s: two requests with one request ID", path)
				}
				if res304.StatusCode != http.StatusNotModified {
					t.Errorf("GET %s If-None-Match its ETag = %d; want 304", path, res304.StatusCode)
				}
				if head.StatusCode != 200 || headBody != "" {
					t.Errorf("HEAD %s = %d with %d bytes", path, head.StatusCode, len(headBody))
				}
				res, mine := get("GET", path, session)
				if !strings.Contains(mine, "Nguyễn Văn An") || strings.Contains(body1, "Nguyễn Văn An") || res.Header.Get("Cache-Control") != "no-store" {
					t.Errorf("GET %s signed in: names the visitor %v (the anonymous page %v), Cache-Control %q", path,
						strings.Contains(mine, "Nguyễn Văn An"), strings.Contains(body1, "Nguyễn Văn An"), res.Header.Get("Cache-Control"))
				}
			}

			_, before := get("GET", "/thu-tuc/1.001193")
			ed := login(t, base, "bientap")
			ed.json("POST", "/api/v1/articles", map[string]any{"title": "Đăng ký khai sinh trên điện thoại", "summary": "s", "body": "b",
				"category": "huong-dan", "procedures": []string{"1.001193"}}, 201, nil)
			if _, after := get("GET", "/thu-tuc/1.001193"); after == before || !strings.Contains(after, "Đăng ký khai sinh trên điện thoại") {
				t.Error("the procedure page does not list the article just published about it")
			}
		})
	}
}

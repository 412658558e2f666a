package httpcache

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func get(t *testing.T, a *Answer, header ...string) *http.Response {
	t.Helper()
	r := httptest.NewRequest("GET", "/", nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	a.Serve(w, r, "public, no-cache")
	return w.Result()
}

func TestServe(t *testing.T) {
	body := []byte(strings.Repeat("Đăng ký khai sinh ", 200))
	a := New("text/html; charset=utf-8", body)

	plain := get(t, a)
	got, _ := io.ReadAll(plain.Body)
	if plain.StatusCode != 200 || !bytes.Equal(got, body) || plain.Header.Get("Content-Encoding") != "" {
		t.Fatalf("no Accept-Encoding: %d %q, %d bytes", plain.StatusCode, plain.Header.Get("Content-Encoding"), len(got))
	}
	if plain.Header.Get("Cache-Control") != "public, no-cache" || plain.Header.Get("Vary") != "Accept-Encoding" {
		t.Errorf("headers %v", plain.Header)
	}

	zipped := get(t, a, "Accept-Encoding", "br, gzip;q=0.8")
	if zipped.Header.Get("Content-Encoding") != "gzip" || zipped.Header.Get("ETag") == plain.Header.Get("ETag") {
		t.Fatalf("gzip: encoding %q, etag %q beside %q", zipped.Header.Get("Content-Encoding"), zipped.Header.Get("ETag"), plain.Header.Get("ETag"))
	}
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	if unz, _ := io.ReadAll(zr); !bytes.Equal(unz, body) {
		t.Error("the gzip body does not decode to the body")
	}

	if r := get(t, a, "Accept-Encoding", "gzip;q=0"); r.Header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 was answered with gzip")
	}
	for _, inm := range []string{plain.Header.Get("ETag"), zipped.Header.Get("ETag"), `"x", W/` + plain.Header.Get("ETag"), "*"} {
		if r := get(t, a, "If-None-Match", inm, "Accept-Encoding", "gzip"); r.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match %s = %d, want 304", inm, r.StatusCode)
		}
	}
	if r := get(t, a, "If-None-Match", `"other"`); r.StatusCode != 200 {
		t.Errorf("another tag = %d, want 200", r.StatusCode)
	}

	small := New("application/json", []byte(`{"a":1}`))
	if small.Gzip != nil || get(t, small, "Accept-Encoding", "gzip").Header.Get("Vary") != "" {
		t.Error("a small answer was compressed")
	}
}

func TestCache(t *testing.T) {
	var c Cache[string]
	made := 0
	mk := func() (*Answer, error) { made++; return New("text/plain", []byte{byte(made)}), nil }
	a1, _ := c.Get("k", "g1", mk)
	a2, _ := c.Get("k", "g1", mk)
	if a1 != a2 || made != 1 {
		t.Fatalf("the same generation was made %d times", made)
	}
	a3, _ := c.Get("k", "g2", mk)
	if a3 == a1 || made != 2 {
		t.Fatal("a new generation kept the old answer")
	}
	if _, err := c.Get("j", "g2", func() (*Answer, error) { return nil, errors.New("boom") }); err == nil || c.Len() != 1 {
		t.Errorf("a failed make: err %v, %d kept", err, c.Len())
	}
}

func TestCacheMax(t *testing.T) {
	c := Cache[int]{Max: 3}
	for k := range 10 {
		c.Get(k, "g", func() (*Answer, error) { return New("text/plain", []byte{byte(k)}), nil })
		if c.Len() > 3 {
			t.Fatalf("after key %d, %d kept; want at most 3", k, c.Len())
		}
	}
	a, _ := c.Get(9, "g", func() (*Answer, error) { t.Fatal("the newest key was evicted"); return nil, nil })
	if a.Plain[0] != 9 {
		t.Errorf("key 9 = %v", a.Plain)
	}
	// A key kept is replaced in place, evicting nothing.
	c.Get(9, "g2", func() (*Answer, error) { return New("text/plain", []byte{99}), nil })
	if c.Len() != 3 {
		t.Errorf("a new generation of a kept key left %d kept; want 3", c.Len())
	}
}

func TestVaryOnce(t *testing.T) {
	a := New("application/json", []byte(strings.Repeat(`{"a":1}`, 300)))
	r := httptest.NewRequest("GET", "/", nil)
	w := httptest.NewRecorder()
	w.Header().Add("Vary", "Accept-Encoding") // as gzhttp does before the handler runs
	a.Serve(w, r, "")
	if v := w.Header().Values("Vary"); len(v) != 1 {
		t.Errorf("Vary = %q; want Accept-Encoding once", v)
	}
}

package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/httpcache"
)

var bigJSON = []byte(`{"items":[` + strings.Repeat(`{"code":"1.001193","name":"Đăng ký khai sinh"},`, 100) + `{}]}`)

func serve(h http.Handler, target string, header ...string) *http.Response {
	r := httptest.NewRequest("GET", target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func gunzip(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatalf("gzip: %v", err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gzip: %v", err)
	}
	return b
}

// A dynamic JSON answer is gzip to a client that accepts it, as it is to one that does not.
func TestCompressDynamic(t *testing.T) {
	h := compress(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(bigJSON)
	}))
	zipped := serve(h, "/", "Accept-Encoding", "gzip")
	if zipped.Header.Get("Content-Encoding") != "gzip" || zipped.Header.Get("Vary") != "Accept-Encoding" {
		t.Fatalf("Accept-Encoding: gzip: Content-Encoding %q, Vary %q", zipped.Header.Get("Content-Encoding"), zipped.Header.Get("Vary"))
	}
	if got := gunzip(t, zipped); !bytes.Equal(got, bigJSON) {
		t.Errorf("the gzip body decodes to %d bytes; want the %d of the answer", len(got), len(bigJSON))
	}
	for _, ae := range []string{"", "identity", "gzip;q=0"} {
		plain := serve(h, "/", "Accept-Encoding", ae)
		got, _ := io.ReadAll(plain.Body)
		if plain.Header.Get("Content-Encoding") != "" || !bytes.Equal(got, bigJSON) {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, %d bytes; want the answer as it is", ae, plain.Header.Get("Content-Encoding"), len(got))
		}
	}
	if z := serve(h, "/", "Accept-Encoding", "zstd, gzip"); z.Header.Get("Content-Encoding") != "zstd" {
		t.Errorf("Accept-Encoding zstd, gzip: Content-Encoding %q; want zstd", z.Header.Get("Content-Encoding"))
	}
}

// What compression must leave alone: an answer encoded already, a small one, a download of a
// compressed type, a range, and an event stream.
func TestCompressLeavesAlone(t *testing.T) {
	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("0 0 0 rg\n"), 500)...)
	answer := httpcache.New("application/json; charset=utf-8", bigJSON)
	mux := http.NewServeMux()
	mux.HandleFunc("/cached", func(w http.ResponseWriter, r *http.Request) { answer.Serve(w, r, "public, no-cache") })
	mux.HandleFunc("/small", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"ok":true}`))
	})
	mux.HandleFunc("/file.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("ETag", `"pdf1"`)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(pdf))
	})
	mux.HandleFunc("/book.xlsx", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Write(bytes.Repeat([]byte("PK"), 2000))
	})
	mux.HandleFunc("/page.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("ETag", `"txt1"`)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(bigJSON))
	})
	mux.HandleFunc("/events", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.Write(bigJSON)
	})
	h := compress(mux)

	cached := serve(h, "/cached", "Accept-Encoding", "gzip")
	if got := gunzip(t, cached); !bytes.Equal(got, bigJSON) || cached.Header.Get("Content-Length") != "" && cached.Header.Get("Content-Length") != strconv.Itoa(len(answer.Gzip)) {
		t.Errorf("an answer gzipped already: %d bytes decoded, Content-Length %q", len(got), cached.Header.Get("Content-Length"))
	}
	if v := cached.Header.Values("Vary"); len(v) != 1 {
		t.Errorf("Vary %q; want Accept-Encoding once", v)
	}
	if r := serve(h, "/cached", "Accept-Encoding", "gzip", "If-None-Match", cached.Header.Get("ETag")); r.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match %s = %d; want 304", cached.Header.Get("ETag"), r.StatusCode)
	}
	for _, path := range []string{"/small", "/file.pdf", "/book.xlsx", "/events"} {
		r := serve(h, path, "Accept-Encoding", "gzip, zstd")
		if r.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s compressed: %q", path, r.Header.Get("Content-Encoding"))
		}
	}
	whole := serve(h, "/file.pdf", "Accept-Encoding", "gzip")
	if whole.Header.Get("Content-Length") != strconv.Itoa(len(pdf)) || whole.Header.Get("Accept-Ranges") != "bytes" || whole.Header.Get("ETag") != `"pdf1"` {
		t.Errorf("the PDF: Content-Length %q, Accept-Ranges %q, ETag %q", whole.Header.Get("Content-Length"), whole.Header.Get("Accept-Ranges"), whole.Header.Get("ETag"))
	}
	part := serve(h, "/file.pdf", "Accept-Encoding", "gzip", "Range", "bytes=0-7")
	if b, _ := io.ReadAll(part.Body); part.StatusCode != http.StatusPartialContent || string(b) != "%PDF-1.7" {
		t.Errorf("a range of the PDF = %d %q", part.StatusCode, b)
	}
	// A text answer with a strong ETag, compressed: the ETag turns weak, and sent back it is 304.
	txt := serve(h, "/page.txt", "Accept-Encoding", "gzip")
	if txt.Header.Get("Content-Encoding") != "gzip" || txt.Header.Get("ETag") != `W/"txt1"` {
		t.Fatalf("compressed text: Content-Encoding %q, ETag %q; want gzip, W/\"txt1\"", txt.Header.Get("Content-Encoding"), txt.Header.Get("ETag"))
	}
	if r := serve(h, "/page.txt", "Accept-Encoding", "gzip", "If-None-Match", `W/"txt1"`); r.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match W/\"txt1\" = %d; want 304", r.StatusCode)
	}
	if r := serve(h, "/page.txt", "Range", "bytes=0-1"); r.StatusCode != http.StatusPartialContent || r.Header.Get("ETag") != `"txt1"` {
		t.Errorf("a range without Accept-Encoding = %d, ETag %q", r.StatusCode, r.Header.Get("ETag"))
	}
}

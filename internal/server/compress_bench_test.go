package server

import (
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
)

// BenchmarkCompress measures the CPU that compressing an answer as it is sent costs (issue 15:
// compression "measured against its CPU cost"): real JSON of the catalog (the demo's
// procedures, Vietnamese text) of a search page's size and of a whole procedure's, served
// without the middleware, through it to a client that accepts nothing, gzip at level 1 (what
// motcua uses), gzip at the default level, and zstd; and /healthz's 3 bytes, which it leaves
// as they are, for the middleware's own cost. It reports the bytes sent per answer beside the time.
// BENCHMARKS.md, "Compression and its CPU cost", has the figures and the command.
func BenchmarkCompress(b *testing.B) {
	data, err := os.ReadFile("../demo/data/procedures.json")
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range []struct {
		name string
		n    int
	}{{"ok-3B", 0}, {"json-6KB", 6 << 10}, {"json-64KB", 64 << 10}} {
		body := data[:size.n]
		if size.n == 0 {
			body = []byte("ok\n") // /healthz: too small to compress, the middleware's cost alone
		}
		for _, c := range []struct {
			name, accept string
			level        int
		}{
			{"no-middleware", "gzip", -100},
			{"identity", "", compressLevel},
			{"gzip-1", "gzip", 1},
			{"gzip-default", "gzip", gzip.DefaultCompression},
			{"zstd", "zstd", compressLevel},
		} {
			b.Run(size.name+"/"+c.name, func(b *testing.B) {
				var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json; charset=utf-8")
					w.Write(body)
				})
				if c.level != -100 {
					h = compressAt(c.level, h)
				}
				r := httptest.NewRequest("GET", "/", nil)
				if c.accept != "" {
					r.Header.Set("Accept-Encoding", c.accept)
				}
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				var sent int
				for b.Loop() {
					w := &countingWriter{header: http.Header{}}
					h.ServeHTTP(w, r)
					sent = w.n
				}
				b.ReportMetric(float64(sent), "bytes-sent")
			})
		}
	}
}

// countingWriter is a ResponseWriter that counts the bytes written and keeps none.
type countingWriter struct {
	header http.Header
	n      int
}

func (w *countingWriter) Header() http.Header         { return w.header }
func (w *countingWriter) WriteHeader(int)             {}
func (w *countingWriter) Write(b []byte) (int, error) { w.n += len(b); return len(b), nil }

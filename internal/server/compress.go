package server

import (
	"net/http"
	"strings"

	"github.com/klauspost/compress/gzhttp"
)

// compress answers a client that accepts it (Accept-Encoding) with its answer compressed, gzip
// or zstd, by klauspost/compress's gzhttp (issue 15: phones on slow networks). It leaves alone
// what would gain nothing or lose something:
//   - an answer that sets its own Content-Encoding (httpcache's answers, gzipped once when made;
//     Prometheus's /metrics);
//   - an answer under 1 KB (gzhttp.DefaultMinSize: it fits a packet anyway);
//   - a partial answer (206, Content-Range), so that ranges of a download stay ranges of its
//     bytes;
//   - any type but text, JSON, XML, JavaScript and SVG (compressible): PDFs, workbooks (XLSX is
//     a zip), images and archives are compressed already, and Server-Sent Events must reach
//     the client as they are written.
//
// Compressing drops Content-Length and Accept-Ranges (the length is unknown until the end) and
// makes the answer's ETag weak, as nginx does: the compressed bytes are the same content in
// another encoding, so a client sending it back still gets 304 (If-None-Match compares weakly),
// and never a range of bytes it does not hold (If-Range needs a strong one).
func compress(next http.Handler) http.Handler { return compressAt(compressLevel, next) }

// compressAt is compress with gzip at level.
func compressAt(level int, next http.Handler) http.Handler {
	wrap, err := gzhttp.NewWrapper(gzhttp.MinSize(gzhttp.DefaultMinSize), gzhttp.CompressionLevel(level),
		gzhttp.ContentTypeFilter(compressible))
	if err != nil {
		panic("server: gzhttp options: " + err.Error()) // constant options
	}
	h := wrap(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(&weakETag{ResponseWriter: w}, r)
	})
}

// compressLevel is gzip's level for answers compressed as they are sent (BestSpeed). See
// BENCHMARKS.md, "Compression and its CPU cost": on the catalog's JSON it took 0.7 of the
// default level's CPU at 6 KB and a third or less at 64 KB, for answers 10-30% larger. The
// answers read most (httpcache's) are compressed once at the best level instead.
const compressLevel = 1

// compressible reports whether answers of content type ct gain from compression.
func compressible(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	switch {
	case mt == "text/event-stream":
		return false
	case strings.HasPrefix(mt, "text/"):
		return true
	case mt == "application/json", mt == "application/javascript", mt == "application/xml", mt == "image/svg+xml":
		return true
	}
	return strings.HasSuffix(mt, "+json") || strings.HasSuffix(mt, "+xml")
}

// weakETag sits under gzhttp's writer: when the answer goes out with a Content-Encoding, its
// strong ETag becomes weak.
type weakETag struct {
	http.ResponseWriter
	wrote bool
}

func (w *weakETag) WriteHeader(code int) {
	if !w.wrote && code >= 200 {
		w.wrote = true
		h := w.Header()
		if etag := h.Get("ETag"); etag != "" && !strings.HasPrefix(etag, "W/") && h.Get("Content-Encoding") != "" {
			h.Set("ETag", "W/"+etag)
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *weakETag) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *weakETag) Unwrap() http.ResponseWriter { return w.ResponseWriter }

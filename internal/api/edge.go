package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
)

// InvalidText is the 400 for text no engine may store (invalid UTF-8 or NUL), naming field.
// The middleware raises it for paths, queries and forms, decode for JSON bodies.
func InvalidText(field string) error {
	e := apperr.New(apperr.KindInvalid, "invalid_text", msgs.Text("invalid_text"))
	e.Fields = []apperr.FieldError{apperr.Field(field, msgs.Text("invalid_text.field"))}
	return e
}

// CrossOrigin is the 403 of the cross-origin guard.
func CrossOrigin() error {
	return apperr.New(apperr.KindForbidden, "cross_origin", msgs.Text("cross_origin"))
}

// Refuse answers with err in the error envelope: the middleware's refusals under /api/v1.
func (h *Handler) Refuse(w http.ResponseWriter, r *http.Request, err error) { h.error(w, r, err) }

// Unrouted answers a request under /api/ that no API route serves: 405 with Allow when the
// path is an API route's but the method is not, 404 otherwise, both in the error envelope.
func (h *Handler) Unrouted(w http.ResponseWriter, r *http.Request) {
	fallback, _ := h.routes.Handler(r)
	rec := &headerRecorder{header: http.Header{}}
	fallback.ServeHTTP(rec, r)
	switch {
	case rec.status == http.StatusMethodNotAllowed:
		w.Header().Set("Allow", rec.header.Get("Allow"))
		e := apperr.New(apperr.KindInvalid, "method_not_allowed", msgs.Text("method_not_allowed", strconv.Quote(r.Method)))
		h.writeError(w, r, http.StatusMethodNotAllowed, e)
	case rec.status >= 300 && rec.status < 400: // the mux's redirect to a clean path
		w.Header().Set("Location", rec.header.Get("Location"))
		w.WriteHeader(rec.status)
	default:
		h.notFound(w, r)
	}
}

// headerRecorder keeps what the mux's fallback handlers set, dropping their text body.
type headerRecorder struct {
	header http.Header
	status int
}

func (h *headerRecorder) Header() http.Header { return h.header }

func (h *headerRecorder) WriteHeader(code int) {
	if h.status == 0 {
		h.status = code
	}
}

func (h *headerRecorder) Write(b []byte) (int, error) {
	h.WriteHeader(http.StatusOK)
	return len(b), nil
}

// badText returns the path of the first string of the JSON document data, key or value, that
// is not storable text: invalid UTF-8 (which the decoder would silently replace) or a NUL
// (a \u0000 escape). data has already been decoded once, so it is well-formed.
func badText(data []byte) (string, bool) {
	if utf8.Valid(data) && !bytes.Contains(data, []byte(`\u0000`)) {
		return "", false
	}
	type frame struct {
		array   bool
		key     string
		idx     int
		keyNext bool
	}
	var stack []frame
	path := func() string {
		var b strings.Builder
		for _, f := range stack {
			if f.array {
				b.WriteString("[" + strconv.Itoa(f.idx) + "]")
				continue
			}
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(strings.ToValidUTF8(strings.ReplaceAll(f.key, "\x00", ""), "\uFFFD"))
		}
		if b.Len() == 0 {
			return "body"
		}
		return b.String()
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return "", false
		}
		var top *frame
		if len(stack) > 0 {
			top = &stack[len(stack)-1]
		}
		isKey := top != nil && !top.array && top.keyNext
		if s, ok := tok.(string); ok {
			if isKey {
				top.key, top.keyNext = s, false
			}
			if !utf8.Valid(data[start:dec.InputOffset()]) || strings.IndexByte(s, 0) >= 0 {
				return path(), true
			}
			if isKey {
				continue
			}
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			stack = append(stack, frame{array: tok == json.Delim('['), keyNext: true})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 { // a value ended: on to the next key or element
			if t := &stack[len(stack)-1]; t.array {
				t.idx++
			} else {
				t.keyNext = true
			}
		}
	}
}

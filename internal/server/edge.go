package server

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/vntext"
)

// maxCheckedForm bounds the URL-encoded body textGuard reads to check; it is the largest form
// a page accepts (the application form), and a larger body is refused by the page itself.
const maxCheckedForm = 256 << 10

// textGuard refuses, with a 400 naming the field, a request whose path, query or URL-encoded
// form holds text no engine can store (invalid UTF-8 or NUL): PostgreSQL fails on it, SQLite
// would keep it, and both engines must answer alike. refuse answers in the caller's format.
func textGuard(refuse func(w http.ResponseWriter, r *http.Request, err error), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if field, bad := badText(r); bad {
			refuse(w, r, api.InvalidText(field))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// badText names the first part of r that is not storable text. It reads a URL-encoded body of
// at most maxCheckedForm bytes and puts it back for the handler.
func badText(r *http.Request) (string, bool) {
	if !vntext.Storable(r.URL.Path) {
		return "path", true
	}
	if f, bad := badValues(r.URL.RawQuery); bad {
		return f, true
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/x-www-form-urlencoded" || r.Body == nil || r.Body == http.NoBody {
		return "", false
	}
	buf, err := io.ReadAll(io.LimitReader(r.Body, maxCheckedForm+1))
	rest := r.Body
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(buf), rest), rest}
	if err != nil || len(buf) > maxCheckedForm {
		return "", false // the handler meets the same failure or size and answers it
	}
	return badValues(string(buf))
}

// badValues names the first key or value of an URL-encoded string that is not storable text.
func badValues(q string) (string, bool) {
	for q != "" {
		var kv string
		kv, q, _ = strings.Cut(q, "&")
		k, v, _ := strings.Cut(kv, "=")
		k, err1 := url.QueryUnescape(k)
		v, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			continue // dropped by the parser the handler uses
		}
		if !vntext.Storable(k) {
			return strings.ToValidUTF8(strings.ReplaceAll(k, "\x00", ""), "\uFFFD"), true
		}
		if !vntext.Storable(v) {
			return k, true
		}
	}
	return "", false
}

package app_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/web"
)

// hostilePaths stand in for every path parameter: NUL, invalid UTF-8, an overlong encoding,
// a huge value, traversal, a bidi override, numbers out of range.
var hostilePaths = []string{"%00", "%ff", "%c0%af", "a%00b", strings.Repeat("9", 5000), "..%2F..%2Fetc%2Fpasswd",
	"%E2%80%AE", "-1", "0", "%25"}

// hostileQueries are sent on every route; the handlers read what they know of them.
var hostileQueries = []string{"?q=%00&status=%ff", "?page=-1&per_page=1000000000", "?page=abc&per_page=%00",
	"?year=%00&date=2026-02-30&from=%ff&to=x&working_days=999999999999999999999", "?mine=%00&agency=%c0%af&level=%ff",
	"?q=" + strings.Repeat("%E1%BB%87", 20000)}

// hostileBodies are posted and put to every route that takes a body.
var hostileBodies = []struct{ contentType, body string }{
	{"application/json", "{"},
	{"application/json", "null"},
	{"application/json", "[]"},
	{"application/json", `{"note":"a\u0000b","username":"a\u0000b","name":"\u0000","form":{"x":"\u0000"}}`},
	{"application/json", "{\"note\":\"\xff\xfe\",\"username\":\"\xc0\xaf\"}"},
	{"application/json", `"\ud800"`},
	{"application/json", strings.Repeat("[", 100000)},
	{"application/json", `{"username":"` + strings.Repeat("x", 300000) + `","password":"y"}`},
	{"application/json", `{"procedure_code":1,"form":"x","attachments":{"a":1},"action":[],"scores":{"x":1e309}}`},
	{"text/plain", "hello"},
	{"multipart/form-data; boundary=x", "--y\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\x00.pdf\"\r\n\r\n%PDF\r\n--y--"},
	{"multipart/form-data", "garbage"},
	{"application/x-www-form-urlencoded", "a=%00&b=%ff"},
}

// TestHostileInputWalk sends a corpus of malformed input to every API route and every page as
// an anonymous visitor, a citizen, an officer and an administrator, on both engines: no answer
// may be a 5xx, and every error under /api/v1 comes in the contract's envelope.
func TestHostileInputWalk(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			a, base := apptest.Start(t, engine)
			tokens := map[string]string{"": ""}
			cookies := map[string]string{"": ""}
			for _, u := range []string{"congdan", "tiepnhan", "admin"} {
				tokens[u] = login(t, base, u).tok
				cookies[u] = webSession(t, base, u)
			}
			pages := a.PageRoutes()
			if len(pages) < 40 {
				t.Fatalf("PageRoutes lists %d routes; want every page (more than 40)", len(pages))
			}
			// Signing out would end the shared session or token.
			hostileWalk(t, base, pages, cookies, "POST /dang-xuat")
			hostileWalk(t, base, api.Routes(), tokens, "DELETE /api/v1/auth/token")
			// Routes and methods that do not exist answer in the envelope too.
			hostileCheck(t, base, "", "GET", "/api/v1/no-such-route", "", "")
			hostileCheck(t, base, "", "PATCH", "/api/v1/procedures", "", "")
		})
	}
}

// noRedirect shows each answer as it is, redirects included.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// hostileWalk sends the corpus to each route as each of creds (role → bearer token or
// "Cookie: …"; "" is anonymous); signOut is only called anonymously.
func hostileWalk(t *testing.T, base string, routes []string, creds map[string]string, signOut string) {
	t.Helper()
	for _, r := range routes {
		method, path, _ := strings.Cut(r, " ")
		paths := []string{path}
		if strings.Contains(path, "{") {
			paths = nil
			for _, h := range hostilePaths {
				paths = append(paths, fillParams(path, h))
			}
		}
		for role, cred := range creds {
			if r == signOut && role != "" {
				continue
			}
			for _, p := range paths {
				for _, q := range hostileQueries {
					hostileCheck(t, base, cred, method, p+q, "", "")
				}
				if method == "POST" || method == "PUT" {
					for _, b := range hostileBodies {
						hostileCheck(t, base, cred, method, p, b.contentType, b.body)
					}
				}
			}
		}
	}
}

// fillParams puts v in place of every {param} of a route pattern.
func fillParams(pattern, v string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(pattern, '{')
		if i < 0 {
			b.WriteString(pattern)
			return b.String()
		}
		j := strings.IndexByte(pattern[i:], '}')
		b.WriteString(pattern[:i] + v)
		pattern = pattern[i+j+1:]
	}
}

// webSession signs user in through the web form and returns "Cookie: " and the session cookie.
func webSession(t *testing.T, base, user string) string {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/dang-nhap", strings.NewReader("username="+user+"&password=demo"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	for _, ck := range res.Cookies() {
		if ck.Name == web.SessionCookie {
			return "Cookie: " + ck.Name + "=" + ck.Value
		}
	}
	t.Fatalf("sign in %s on the web: %d, no session", user, res.StatusCode)
	return ""
}

// hostileCheck sends one request (tok: a bearer token, or "Cookie: …" for a web session) and
// fails on a 5xx, or on an error under /api/v1 outside the envelope.
func hostileCheck(t *testing.T, base, tok, method, target, contentType, body string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, base+target, rd)
	if err != nil {
		return // not a request a client can send
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	switch {
	case strings.HasPrefix(tok, "Cookie: "):
		req.Header.Set("Cookie", strings.TrimPrefix(tok, "Cookie: "))
		req.Header.Set("Origin", base) // a form the site itself posts
	case tok != "":
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatalf("%s %.200s: %v", method, target, err)
	}
	out, _ := io.ReadAll(res.Body)
	res.Body.Close()
	short := target
	if len(short) > 120 {
		short = short[:120] + "…"
	}
	if res.StatusCode >= 500 {
		t.Errorf("%s %s (%s %.60q) = %d %.200s", method, short, contentType, body, res.StatusCode, out)
		return
	}
	if res.StatusCode >= 400 && strings.HasPrefix(target, "/api/v1/") {
		var e errBody
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || json.Unmarshal(out, &e) != nil || e.Error.Code == "" {
			t.Errorf("%s %s (%s) = %d %s %.120s: not the error envelope", method, short, contentType, res.StatusCode, res.Header.Get("Content-Type"), out)
		}
	}
}

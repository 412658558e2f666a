package app_test

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/app/apptest"
)

// rfc3339 matches a date-time string of RFC 3339 with its offset.
var rfc3339 = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`)

// zoneWalk collects every RFC 3339 time in a JSON value, with its path.
func zoneWalk(path string, v any, found map[string]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			zoneWalk(path+"."+k, x, found)
		}
	case []any:
		for _, x := range v {
			zoneWalk(path+"[]", x, found)
		}
	case string:
		if rfc3339.MatchString(v) {
			found[path] = v
		}
	}
}

// TestAPITimesInVietnam walks the API's answers through a demo session — every role, a
// dossier from submission to a consultation — and fails on any time not in +07:00 (CONTRACT.md:
// "Times are RFC 3339 with offset (+07:00)").
func TestAPITimesInVietnam(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			a, base := apptest.Start(t, engine)
			found := map[string]string{} // "GET /path .field" → time
			call := func(c *client, method, path string, body any, want int) map[string]any {
				t.Helper()
				status, out, _ := c.do(method, path, body)
				if status != want {
					t.Fatalf("%s %s = %d %s; want %d", method, path, status, out, want)
				}
				var v any
				if err := json.Unmarshal(out, &v); err != nil {
					t.Fatalf("%s %s: %v", method, path, err)
				}
				route := method + " " + strings.SplitN(path, "?", 2)[0] + " "
				zoneWalk(route, v, found)
				m, _ := v.(map[string]any)
				return m
			}
			anon := &client{t: t, base: base}
			cit, rec, admin, cat := login(t, base, "congdan"), login(t, base, "tiepnhan"), login(t, base, "admin"), login(t, base, "catalog")

			for _, c := range []*client{cit, rec, admin, cat} {
				call(c, "GET", "/api/v1/me", nil, 200)
			}
			call(cit, "GET", "/api/v1/me/profile", nil, 200)
			call(anon, "POST", "/api/v1/auth/token", map[string]string{"username": "congdan2", "password": "demo"}, 200)
			call(anon, "POST", "/api/v1/auth/signup", map[string]string{"login": "moi@example.com", "password": "mot-mat-khau-dai", "full_name": "Trần Thị Mới"}, 202)
			call(anon, "GET", "/api/v1/procedures/1.001193", nil, 200)
			call(anon, "GET", "/api/v1/procedures/1.001193/versions", nil, 200)
			call(anon, "GET", "/api/v1/decisions", nil, 200)
			call(anon, "GET", "/api/v1/decisions/"+url.PathEscape("DEMO-01/QĐ-UBND"), nil, 200)
			call(anon, "GET", "/api/v1/calendar/due?from=2026-02-10T02:30:00Z&working_days=5", nil, 200)
			call(admin, "POST", "/api/v1/calendar/overrides", map[string]string{"date": "2027-05-04", "kind": "day_off", "name": "Nghỉ bù"}, 201)
			call(admin, "GET", "/api/v1/calendar/overrides", nil, 200)
			call(anon, "GET", "/api/v1/processes", nil, 200)

			sub := call(cit, "POST", "/api/v1/dossiers", khaiSinh(t, a, cit), 201)
			code, _ := sub["code"].(string)
			status, f := cit.upload("them.pdf", testPDF)
			if status != 201 {
				t.Fatalf("upload = %d", status)
			}
			zoneWalk("POST /api/v1/files ", f, found)
			call(cit, "GET", "/api/v1/dossiers?mine=1", nil, 200)
			call(cit, "GET", "/api/v1/dossiers/"+code, nil, 200)
			draft := call(cit, "POST", "/api/v1/drafts", map[string]any{"procedure_code": "1.001193", "form": map[string]any{}}, 201)
			id, _ := draft["id"].(string)
			call(cit, "GET", "/api/v1/drafts", nil, 200)
			call(cit, "GET", "/api/v1/drafts/"+id, nil, 200)
			call(cit, "GET", "/api/v1/me/documents", nil, 200)
			call(rec, "GET", "/api/v1/inbox", nil, 200)
			call(rec, "POST", "/api/v1/dossiers/"+code+"/actions", map[string]string{"action": "receive"}, 200)
			call(rec, "GET", "/api/v1/dossiers/"+code, nil, 200)
			spec := login(t, base, "chuyenvien")
			call(spec, "GET", "/api/v1/inbox", nil, 200)
			call(spec, "POST", "/api/v1/dossiers/"+code+"/consultations", map[string]any{"agency_code": "STP", "question": "Xin ý kiến?", "working_days": 2}, 201)
			call(spec, "GET", "/api/v1/dossiers/"+code+"/consultations", nil, 200)
			call(cit, "GET", "/api/v1/dossiers/"+code, nil, 200)

			for _, want := range []string{"GET /api/v1/me .created_at", "POST /api/v1/calendar/overrides .created_at",
				"GET /api/v1/decisions .items[].created_at", "GET /api/v1/calendar/due .due", "POST /api/v1/auth/signup .expires_at"} {
				if _, ok := found[want]; !ok {
					t.Errorf("no time at %s: the walk missed it (found %d times)", want, len(found))
				}
			}
			for where, v := range found {
				if !strings.HasSuffix(v, "+07:00") {
					t.Errorf("%s = %s; want +07:00", where, v)
				}
			}
		})
	}
}

package app_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/app/apptest"
)

// TestHostileInput sends the bad inputs of issue 10 (NUL and invalid UTF-8 in paths, queries,
// forms, multipart and JSON; broken multipart; unknown routes and wrong methods; cross-origin
// posts) on both engines: each gets a 4xx, in the error envelope under /api/v1 and as the error
// page elsewhere, never a 5xx.
func TestHostileInput(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) { hostileInput(t, engine) })
	}
}

// send makes a request with a raw body and content type, as the signed-in c when c has a token.
func send(t *testing.T, c *client, method, path, ctype string, body []byte, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if c.tok != "" {
		req.Header.Set("Authorization", "Bearer "+c.tok)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp, out
}

func hostileInput(t *testing.T, engine string) {
	a, base := apptest.Start(t, engine)
	anon := &client{t: t, base: base}
	cit := login(t, base, "congdan")
	rec := login(t, base, "tiepnhan")
	adm := login(t, base, "admin")

	// envelope checks an API answer: the status, the JSON envelope, its code and field.
	envelope := func(name string, resp *http.Response, out []byte, status int, code, field string) {
		t.Helper()
		var eb errBody
		if resp.StatusCode != status {
			t.Errorf("%s = %d %s; want %d", name, resp.StatusCode, out, status)
			return
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s: Content-Type %q; want application/json", name, ct)
		}
		if err := json.Unmarshal(out, &eb); err != nil || eb.Error.Code != code || eb.Error.Message == "" {
			t.Errorf("%s: body %s; want the envelope with code %s", name, out, code)
			return
		}
		if field != "" && (len(eb.Error.Fields) != 1 || eb.Error.Fields[0].Path != field) {
			t.Errorf("%s: fields %+v; want %s", name, eb.Error.Fields, field)
		}
	}

	// Text no engine stores, in paths and queries.
	for _, tc := range []struct {
		c           *client
		path, field string
	}{
		{anon, "/api/v1/track/%00", "path"},
		{cit, "/api/v1/dossiers/%ff", "path"},
		{anon, "/api/v1/procedures?q=%c0%af", "q"},
		{cit, "/api/v1/dossiers?status=a%00b", "status"},
	} {
		resp, out := send(t, tc.c, "GET", tc.path, "", nil)
		envelope("GET "+tc.path, resp, out, 400, "invalid_text", tc.field)
	}

	// JSON strings with a \u0000 escape or invalid UTF-8, at the top and nested.
	sub := khaiSinh(t, a, cit)
	form, _ := json.Marshal(sub["form"])
	for _, tc := range []struct {
		c                 *client
		path, body, field string
	}{
		{cit, "/api/v1/dossiers", `{"procedure_code":"1.001193\u0000","form":{}}`, "procedure_code"},
		{cit, "/api/v1/dossiers", `{"procedure_code":"1.001193","form":{"x":["a","b\u0000"]}}`, "form.x[1]"},
		{cit, "/api/v1/drafts", `{"procedure_code":"1.001193","form":{"ho_ten":"\u0000"}}`, "form.ho_ten"},
		{cit, "/api/v1/drafts", "{\"procedure_code\":\"1.001193\",\"form\":{\"ho_ten\":\"\xc0\xaf\"}}", "form.ho_ten"},
		{rec, "/api/v1/counter/dossiers", `{"procedure_code":"1.001193","form":` + string(form) + `,"applicant":{"name":"A\u0000"}}`, "applicant.name"},
		{adm, "/api/v1/calendar/overrides", `{"date":"2027-05-04","kind":"day_off","name":"Nghỉ\u0000"}`, "name"},
	} {
		resp, out := send(t, tc.c, "POST", tc.path, "application/json", []byte(tc.body))
		envelope("POST "+tc.path+" "+tc.body, resp, out, 400, "invalid_text", tc.field)
	}

	// A catalog import's JSON file.
	resp, out := send(t, login(t, base, "catalog"), "POST", "/api/v1/catalog/import?number=1/QĐ&signed_on=2026-12-01&signer=A&title=T",
		"application/json", []byte(`[{"code":"1.001193","name":"Thủ tục\u0000"}]`))
	envelope("POST /api/v1/catalog/import", resp, out, 400, "invalid_text", "[0].name")

	// Multipart: a boundary that never comes, a NUL in a file name, not multipart at all.
	resp, out = send(t, cit, "POST", "/api/v1/files", "multipart/form-data; boundary=xyz",
		[]byte("--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4\r\n--abc--\r\n"))
	envelope("POST /api/v1/files, boundary mismatch", resp, out, 400, "malformed_multipart", "")
	for _, disp := range []string{`filename="a` + "\x00" + `b.pdf"`, `filename*=UTF-8''a%00b.pdf`, `filename*=UTF-8''a%ffb.pdf`} {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		w, _ := mw.CreatePart(textproto.MIMEHeader{"Content-Disposition": {`form-data; name="file"; ` + disp}})
		w.Write(testPDF)
		mw.Close()
		resp, out = send(t, cit, "POST", "/api/v1/files", mw.FormDataContentType(), buf.Bytes())
		if resp.StatusCode != 400 || !bytes.Contains(out, []byte(`"error":{"code":"`)) {
			t.Errorf("POST /api/v1/files, %q = %d %s; want 400 in the envelope", disp, resp.StatusCode, out)
		}
	}
	resp, out = send(t, cit, "POST", "/api/v1/files", "text/plain", []byte("x"))
	envelope("POST /api/v1/files, text/plain", resp, out, 415, "unsupported_media_type", "")

	// The router's answers and the cross-origin guard's, in the envelope.
	resp, out = send(t, anon, "GET", "/api/v1/no-such-route", "", nil)
	envelope("GET unknown route", resp, out, 404, "route_not_found", "")
	resp, out = send(t, anon, "POST", "/api/v1/no-such-route", "application/json", []byte(`{}`))
	envelope("POST unknown route", resp, out, 404, "route_not_found", "")
	resp, out = send(t, anon, "DELETE", "/api/v1/procedures", "", nil)
	envelope("DELETE /api/v1/procedures", resp, out, 405, "method_not_allowed", "")
	if allow := resp.Header.Get("Allow"); !strings.Contains(allow, "GET") {
		t.Errorf("405 Allow = %q; want GET in it", allow)
	}
	resp, out = send(t, anon, "POST", "/api/v1/drafts", "application/json", []byte(`{}`), "Sec-Fetch-Site", "cross-site")
	envelope("cross-origin POST", resp, out, 403, "cross_origin", "")

	// The pages answer bad text with their error page.
	for _, tc := range []struct{ method, path, ctype, body string }{
		{"GET", "/tra-cuu?ma=%c0%af", "", ""},
		{"GET", "/can-bo?thu_tuc=%00", "", ""},
		{"POST", "/dang-nhap", "application/x-www-form-urlencoded", "username=a%00b&password=demo"},
	} {
		resp, out := send(t, anon, tc.method, tc.path, tc.ctype, []byte(tc.body))
		if resp.StatusCode != 400 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !bytes.Contains(out, []byte("<h1>")) {
			t.Errorf("%s %s = %d %s; want 400 and the error page", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}

	// A note's limit counts characters: 2,000 × "ệ" (6,000 bytes) is within 4,000.
	var d struct{ Code string }
	cit.json("POST", "/api/v1/dossiers", sub, 201, &d)
	rec.json("POST", "/api/v1/dossiers/"+d.Code+"/actions", map[string]string{"action": "receive", "note": strings.Repeat("ệ", 4001)}, 422, nil)
	rec.json("POST", "/api/v1/dossiers/"+d.Code+"/actions", map[string]string{"action": "receive", "note": strings.Repeat("ệ", 2000)}, 200, nil)
}

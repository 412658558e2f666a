package app_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/app/apptest"
)

// client speaks to a running motcua.
type client struct {
	t    *testing.T
	base string
	tok  string
}

func (c *client) do(method, path string, body any) (int, []byte, http.Header) {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		js, _ := json.Marshal(b)
		rd = bytes.NewReader(js)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.tok != "" {
		req.Header.Set("Authorization", "Bearer "+c.tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out, resp.Header
}

func (c *client) json(method, path string, body any, wantStatus int, into any) {
	c.t.Helper()
	status, out, _ := c.do(method, path, body)
	if status != wantStatus {
		c.t.Fatalf("%s %s = %d %s; want %d", method, path, status, out, wantStatus)
	}
	if into != nil {
		if err := json.Unmarshal(out, into); err != nil {
			c.t.Fatalf("%s %s: %v in %s", method, path, err, out)
		}
	}
}

// ifNoneMatch GETs url with If-None-Match: etag.
func ifNoneMatch(t *testing.T, url, etag string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("If-None-Match", etag)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

func login(t *testing.T, base, user string) *client {
	t.Helper()
	c := &client{t: t, base: base}
	var tok struct{ Token string }
	c.json("POST", "/api/v1/auth/token", map[string]string{"username": user, "password": "demo"}, 200, &tok)
	if tok.Token == "" {
		t.Fatal("empty token")
	}
	c.tok = tok.Token
	return c
}

type errBody struct {
	Error struct {
		Code    string
		Message string
		Fields  []struct{ Path, Message string }
	}
}

func engines(t *testing.T, fn func(t *testing.T, base string)) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) {
			_, base := apptest.Start(t, e)
			fn(t, base)
		})
	}
}

func TestContract(t *testing.T) {
	engines(t, func(t *testing.T, base string) {
		anon := &client{t: t, base: base}
		if status, _, _ := anon.do("GET", "/healthz", nil); status != 200 {
			t.Fatalf("healthz = %d", status)
		}

		// Catalog: the six contract procedures, found whatever the folding.
		for _, q := range []string{"Đăng ký khai sinh", norm.NFD.String("đăng ký khai sinh"), "DANG KY KHAI SINH", "dang ky khai sinh",
			"Đăng ký kết hôn", "Cấp Phiếu lý lịch tư pháp", "Chứng thực bản sao từ bản chính", "Đăng ký thành lập hộ kinh doanh",
			"Cấp giấy phép xây dựng"} {
			var res struct {
				Items []map[string]any
				Total int
			}
			anon.json("GET", "/api/v1/procedures?q="+url.QueryEscape(q), nil, 200, &res)
			if res.Total == 0 {
				t.Errorf("q=%q found nothing", q)
			}
		}
		var all struct {
			Items []map[string]any
			Total int
		}
		// A search answers summaries (issue 15); ?view=full the procedures with every field the
		// contract names for GET /procedures/{code}.
		anon.json("GET", "/api/v1/procedures?per_page=100", nil, 200, &all)
		if all.Total < 40 || len(all.Items) != all.Total {
			t.Errorf("demo catalog has %d procedures (%d on the page); want ≥ 40", all.Total, len(all.Items))
		}
		for _, p := range all.Items {
			for _, k := range []string{"code", "name", "field", "level", "online_level", "processing_days", "fee_vnd", "status"} {
				if _, ok := p[k]; !ok {
					t.Errorf("summary %v lacks %q", p["code"], k)
				}
			}
			if _, ok := p["form_schema"]; ok {
				t.Errorf("summary %v holds the form schema", p["code"])
			}
		}
		var summaries = all
		anon.json("GET", "/api/v1/procedures?per_page=100&view=full", nil, 200, &all)
		if all.Total != summaries.Total || len(all.Items) != len(summaries.Items) {
			t.Errorf("view=full: %d of %d; summaries %d of %d", len(all.Items), all.Total, len(summaries.Items), summaries.Total)
		}
		freeFull, paid := false, false
		for i, p := range all.Items {
			for _, k := range []string{"code", "name", "field", "level", "online_level", "processing_days", "fee_vnd", "status", "components", "form_schema"} {
				if _, ok := p[k]; !ok {
					t.Errorf("procedure %v lacks %q", p["code"], k)
				}
			}
			if i < len(summaries.Items) && (p["code"] != summaries.Items[i]["code"] || p["fee_vnd"] != summaries.Items[i]["fee_vnd"]) {
				t.Errorf("item %d: full %v, summary %v", i, p["code"], summaries.Items[i]["code"])
			}
			fee, _ := p["fee_vnd"].(float64)
			if p["fee_vnd"] != nil && fee == 0 && p["online_level"] == "full" && p["level"] == "commune" {
				freeFull = true
			}
			if fee > 0 {
				paid = true
			}
		}
		if !freeFull || !paid {
			t.Errorf("free fully-online commune procedure: %v; one with a fee: %v", freeFull, paid)
		}
		var p struct {
			Code, Name, Status string
			Components         []struct {
				ID, Name string
				Required bool
			}
			FormSchema map[string]any `json:"form_schema"`
		}
		anon.json("GET", "/api/v1/procedures/1.001193", nil, 200, &p)
		if p.Status != "active" || len(p.Components) == 0 || p.Components[0].ID == "" || p.FormSchema["type"] != "object" {
			t.Errorf("procedure 1.001193 = %+v", p)
		}
		anon.json("GET", "/api/v1/procedures/9.999999", nil, 404, nil)
		for _, q := range []string{"%FF%FE", url.QueryEscape(strings.Repeat("x", 10<<10)), url.QueryEscape(`' OR 1=1; --`), url.QueryEscape(`"`)} {
			if status, out, _ := anon.do("GET", "/api/v1/procedures?q="+q, nil); status != 200 && status != 400 {
				t.Errorf("q=%.40s = %d %s; want 200 or 400", q, status, out)
			}
		}
		var eb errBody
		anon.json("GET", "/api/v1/procedures?online_level=4", nil, 400, &eb)
		if len(eb.Error.Fields) != 1 || eb.Error.Fields[0].Path != "online_level" {
			t.Errorf("bad online_level error = %+v", eb)
		}
		eb = errBody{}
		anon.json("GET", "/api/v1/procedures?view=everything", nil, 400, &eb)
		if len(eb.Error.Fields) != 1 || eb.Error.Fields[0].Path != "view" {
			t.Errorf("bad view error = %+v", eb)
		}

		// A search's answer is kept per catalog state: the decision below abolishes 1.004884,
		// and the same search then leaves it out.
		var before struct{ Total int }
		anon.json("GET", "/api/v1/procedures?q=1.004884", nil, 200, &before)
		if before.Total != 1 {
			t.Errorf("q=1.004884 before its abolition: total %d; want 1", before.Total)
		}

		// A procedure's answer carries an ETag: asked again with it, 304 without a body.
		_, _, h := anon.do("GET", "/api/v1/procedures/1.004884", nil)
		etag := h.Get("ETag")
		if etag == "" {
			t.Fatal("no ETag on a procedure")
		}
		if status, out := ifNoneMatch(t, base+"/api/v1/procedures/1.004884", etag); status != 304 || len(out) != 0 {
			t.Errorf("If-None-Match with the ETag = %d, %d bytes; want 304, none", status, len(out))
		}

		// Decisions: 401 anonymous, 403 citizen, 422 with paths, 201 whole.
		dec := map[string]any{"number": "15/2026/QĐ-UBND", "signed_on": "2026-11-20",
			"publish": []any{map[string]any{"code": "1.999001", "name": "Thủ tục thử nghiệm", "field": "Hộ tịch", "level": "commune",
				"implementing_agency": "UBND cấp xã", "processing_days": 3, "fee_vnd": 0, "online_level": "full",
				"components":  []any{map[string]any{"id": "to-khai", "name": "Tờ khai", "originals": 1, "required": true}},
				"legal_bases": []string{"123/2015/NĐ-CP"}, "fees": []any{},
				"form_schema": map[string]any{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}}},
			"abolish": []string{"1.004884"}}
		anon.json("POST", "/api/v1/decisions", dec, 401, nil)
		login(t, base, "congdan").json("POST", "/api/v1/decisions", dec, 403, nil)
		cat := login(t, base, "catalog")
		bad := map[string]any{"number": "16/2026/QĐ-UBND", "signed_on": "2026-13-01", "abolish": []string{"1.001193", "9.000000"}}
		cat.json("POST", "/api/v1/decisions", bad, 422, &eb)
		if fmt.Sprint(paths(eb)) != "[signed_on abolish[1]]" && fmt.Sprint(paths(eb)) != "[signed_on]" {
			t.Errorf("422 fields = %v", paths(eb))
		}
		anon.json("GET", "/api/v1/procedures/1.001193", nil, 200, &p)
		if p.Status != "active" {
			t.Error("a rejected decision abolished 1.001193")
		}
		cat.json("POST", "/api/v1/decisions", "{not json", 400, nil)
		var stored struct {
			Number    string
			Published []string
			Abolished []string
		}
		cat.json("POST", "/api/v1/decisions", dec, 201, &stored)
		if stored.Number != "15/2026/QĐ-UBND" || len(stored.Published) != 1 || len(stored.Abolished) != 1 {
			t.Errorf("stored decision = %+v", stored)
		}
		cat.json("POST", "/api/v1/decisions", dec, 409, nil)
		anon.json("GET", "/api/v1/procedures/1.004884", nil, 200, &p)
		if p.Status != "abolished" {
			t.Errorf("1.004884 status = %s; want abolished", p.Status)
		}
		// The decision changed the answer kept for the old ETag: asked with it, the new one.
		if status, out := ifNoneMatch(t, base+"/api/v1/procedures/1.004884", etag); status != 200 || !strings.Contains(string(out), `"abolished"`) {
			t.Errorf("If-None-Match with the ETag before the decision = %d %.80s; want 200 and the abolished procedure", status, out)
		}
		var found struct{ Total int }
		anon.json("GET", "/api/v1/procedures?q=1.004884", nil, 200, &found)
		if found.Total != 0 {
			t.Errorf("q=1.004884 after its abolition: total %d; want 0", found.Total)
		}
		anon.json("GET", "/api/v1/procedures?q=thu+nghiem", nil, 200, &found)
		if found.Total != 1 {
			t.Errorf("new procedure not searchable: total %d", found.Total)
		}
		var decs struct {
			Items []struct{ Number string }
			Total int
		}
		anon.json("GET", "/api/v1/decisions", nil, 200, &decs)
		if decs.Total != 2 || decs.Items[0].Number != "15/2026/QĐ-UBND" {
			t.Errorf("decisions = %+v", decs)
		}

		// Service levels over the procedures in force (one was just abolished, one published).
		var sl struct {
			Total, Full, Partial, None int
			OnlineRatio                float64 `json:"online_ratio"`
			FullRatio                  float64 `json:"full_ratio"`
		}
		anon.json("GET", "/api/v1/reports/service-levels", nil, 200, &sl)
		if sl.Total != all.Total || sl.Full+sl.Partial+sl.None != sl.Total || sl.FullRatio <= 0 || sl.OnlineRatio < sl.FullRatio {
			t.Errorf("service levels = %+v (catalog %d)", sl, all.Total)
		}
		anon.json("GET", "/api/v1/reports/service-levels?agency=00070", nil, 200, &sl)
		anon.json("GET", "/api/v1/reports/service-levels?agency=nope", nil, 404, nil)

		// Tokens: a bad or revoked token is 401.
		(&client{t: t, base: base, tok: "nope"}).json("GET", "/api/v1/me", nil, 401, nil)
		anon.json("POST", "/api/v1/auth/token", map[string]string{"username": "congdan", "password": "wrong"}, 401, nil)
		c := login(t, base, "congdan")
		c.json("GET", "/api/v1/me", nil, 200, nil)
		c.json("DELETE", "/api/v1/auth/token", nil, 204, nil)
		c.json("GET", "/api/v1/me", nil, 401, nil)

		// OpenAPI document and metrics.
		var doc struct {
			OpenAPI string
			Paths   map[string]any
		}
		anon.json("GET", "/api/v1/openapi.json", nil, 200, &doc)
		if !strings.HasPrefix(doc.OpenAPI, "3.1") || doc.Paths["/procedures"] == nil {
			t.Errorf("openapi = %s with %d paths", doc.OpenAPI, len(doc.Paths))
		}
		// Without --metrics-token there is no /metrics (TestMetricsAndHSTS covers it with one).
		if status, _, _ := anon.do("GET", "/metrics", nil); status != 404 {
			t.Errorf("GET /metrics without a metrics token = %d; want 404", status)
		}
	})
}

func paths(e errBody) []string {
	var out []string
	for _, f := range e.Error.Fields {
		out = append(out, f.Path)
	}
	return out
}

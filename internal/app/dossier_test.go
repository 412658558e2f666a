package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"testing"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
)

var testPDF = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

// upload posts a multipart file and returns the status and decoded body.
func (c *client) upload(name string, content []byte) (int, map[string]any) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+"/api/v1/files", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if c.tok != "" {
		req.Header.Set("Authorization", "Bearer "+c.tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// khaiSinh builds a complete application for 1.001193 with uploaded files.
func khaiSinh(t *testing.T, a *app.App, c *client) map[string]any {
	t.Helper()
	p, err := a.Catalog.Current(context.Background(), "1.001193")
	if err != nil {
		t.Fatal(err)
	}
	form, err := demo.SampleForm(p, false)
	if err != nil {
		t.Fatal(err)
	}
	var atts []map[string]string
	for _, comp := range p.Components {
		if comp.Required && !dossier.FormOnly(comp) {
			status, f := c.upload(comp.ID+".pdf", testPDF)
			if status != 201 {
				t.Fatalf("upload = %d %v", status, f)
			}
			atts = append(atts, map[string]string{"component": comp.ID, "file": f["id"].(string)})
		}
	}
	return map[string]any{"procedure_code": "1.001193", "agency_code": "00070", "form": json.RawMessage(form), "attachments": atts}
}

func TestDossierContract(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			a, base := apptest.Start(t, engine, func(c *config.Config) { c.MaxUploadMB = 1 })
			cit := login(t, base, "congdan")
			// Files: accepted by content, refused otherwise.
			status, f := cit.upload("giay-to.pdf", testPDF)
			if status != 201 || f["content_type"] != "application/pdf" || len(f["sha256"].(string)) != 64 || f["size"].(float64) != float64(len(testPDF)) {
				t.Errorf("upload = %d %v", status, f)
			}
			if status, _ := cit.upload("hoa-don.pdf", append([]byte("MZ\x90\x00\x03"), bytes.Repeat([]byte{0}, 200)...)); status != 415 {
				t.Errorf("executable disguised as a PDF = %d; want 415", status)
			}
			if status, _ := cit.upload("big.pdf", append(append([]byte{}, testPDF...), bytes.Repeat([]byte("x"), 2<<20)...)); status != 413 {
				t.Errorf("2 MB over a 1 MB limit = %d; want 413", status)
			}
			if status, _ := (&client{t: t, base: base}).upload("a.pdf", testPDF); status != 401 {
				t.Errorf("anonymous upload = %d; want 401", status)
			}

			app1 := khaiSinh(t, a, cit)
			// Bad input, each answered with its status and nothing stored.
			cit.json("POST", "/api/v1/dossiers", `{"procedure_code": `, 400, nil)
			cit.json("POST", "/api/v1/dossiers", `{"procedure_code": "1.001193", "surprise": 1}`, 400, nil)
			var eb errBody
			bad := clone(app1)
			bad["form"] = map[string]any{"nguoi_yeu_cau": map[string]any{"so_dinh_danh": "abc"}}
			cit.json("POST", "/api/v1/dossiers", bad, 422, &eb)
			if len(eb.Error.Fields) == 0 || !regexp.MustCompile(`^form\.`).MatchString(eb.Error.Fields[0].Path) {
				t.Errorf("schema errors = %+v", eb.Error.Fields)
			}
			bad = clone(app1)
			bad["procedure_code"] = "9.999999"
			cit.json("POST", "/api/v1/dossiers", bad, 422, &eb)
			if eb.Error.Fields[0].Path != "procedure_code" {
				t.Errorf("unknown procedure fields = %+v", eb.Error.Fields)
			}
			other := login(t, base, "congdan2")
			_, of := other.upload("x.pdf", testPDF)
			bad = clone(app1)
			atts := bad["attachments"].([]map[string]string)
			bad["attachments"] = []map[string]string{{"component": atts[0]["component"], "file": of["id"].(string)}}
			cit.json("POST", "/api/v1/dossiers", bad, 404, nil)
			login(t, base, "tiepnhan").json("POST", "/api/v1/dossiers", app1, 403, nil)
			var mine struct{ Total int }
			cit.json("GET", "/api/v1/dossiers?mine=1", nil, 200, &mine)
			if mine.Total != 0 {
				t.Fatalf("after rejected submissions the citizen has %d dossiers", mine.Total)
			}

			// A good submission, retried with its Idempotency-Key.
			var first, second struct {
				Code       string
				Status     string
				StatusCode int `json:"status_code"`
			}
			submit := func(into any) {
				js, _ := json.Marshal(app1)
				req, _ := http.NewRequest("POST", base+"/api/v1/dossiers", bytes.NewReader(js))
				req.Header.Set("Authorization", "Bearer "+cit.tok)
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Idempotency-Key", "lan-nop-1")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				body, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != 201 {
					t.Fatalf("submit = %d %s", resp.StatusCode, body)
				}
				json.Unmarshal(body, into)
			}
			submit(&first)
			submit(&second)
			if first.Code == "" || first.Code != second.Code || first.Status != "submitted" || first.StatusCode != 1 {
				t.Errorf("first %+v, retry %+v", first, second)
			}
			cit.json("GET", "/api/v1/dossiers?mine=1", nil, 200, &mine)
			if mine.Total != 1 {
				t.Errorf("mine total = %d; want 1", mine.Total)
			}
			var d struct {
				Code           string
				Status         string
				StatusCode     int      `json:"status_code"`
				DueAt          *string  `json:"due_at"`
				AllowedActions []string `json:"allowed_actions"`
				History        []map[string]any
			}
			cit.json("GET", "/api/v1/dossiers/"+first.Code, nil, 200, &d)
			if d.StatusCode != 1 || d.AllowedActions == nil || len(d.History) != 1 {
				t.Errorf("dossier = %+v", d)
			}
			other.json("GET", "/api/v1/dossiers/"+first.Code, nil, 404, nil)
			login(t, base, "tiepnhan2").json("GET", "/api/v1/dossiers/"+first.Code, nil, 404, nil)
			login(t, base, "tiepnhan").json("GET", "/api/v1/dossiers/"+first.Code, nil, 200, nil)

			// Public tracking: status only, then rate limited.
			anon := &client{t: t, base: base}
			var tr struct {
				StatusCode int `json:"status_code"`
				Details    any
			}
			anon.json("GET", "/api/v1/track/"+first.Code, nil, 200, &tr)
			if tr.StatusCode != 1 || tr.Details != nil {
				t.Errorf("track = %+v", tr)
			}
			limited := false
			for i := 0; i < 30 && !limited; i++ {
				status, _, _ := anon.do("GET", fmt.Sprintf("/api/v1/track/000.00.00.H26-260101-%04d", i), nil)
				limited = status == 429
			}
			if !limited {
				t.Error("tracking was never rate limited")
			}
		})
	}
}

func clone(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

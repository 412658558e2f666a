package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/demo"
)

// TestApplicantView forwards a dossier with an internal note and a working file, then reads it
// as its applicant through the API and the pages: neither the note, nor the hand-over, nor the
// file may show, and the file does not download.
func TestApplicantView(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			a, base := apptest.Start(t, engine)
			cit := login(t, base, "congdan")
			var sub struct{ Code string }
			cit.json("POST", "/api/v1/dossiers", khaiSinh(t, a, cit), 201, &sub)
			login(t, base, "tiepnhan").json("POST", "/api/v1/dossiers/"+sub.Code+"/actions", map[string]any{"action": "receive"}, 200, nil)
			spec := login(t, base, "chuyenvien")
			status, f := spec.upload("ban-lam-viec-noi-bo.pdf", testPDF)
			if status != 201 {
				t.Fatalf("upload = %d %v", status, f)
			}
			fileID := f["id"].(string)
			const note = "Ghi chú nội bộ 7731"
			spec.json("POST", "/api/v1/dossiers/"+sub.Code+"/actions", map[string]any{"action": "forward", "note": note,
				"attachments": []map[string]string{{"file": fileID}}}, 200, nil)

			// The officer sees all of it.
			_, body, _ := spec.do("GET", "/api/v1/dossiers/"+sub.Code, nil)
			for _, s := range []string{note, fileID} {
				if !strings.Contains(string(body), s) {
					t.Fatalf("the officer's view lacks %q: %s", s, body)
				}
			}

			secret := []string{note, fileID, "ban-lam-viec-noi-bo", `"forward"`}
			status, body, _ = cit.do("GET", "/api/v1/dossiers/"+sub.Code, nil)
			if status != 200 {
				t.Fatalf("applicant GET dossier = %d %s", status, body)
			}
			for _, s := range secret {
				if strings.Contains(string(body), s) {
					t.Errorf("the applicant's API view shows %q: %s", s, body)
				}
			}
			if status, _, _ := cit.do("GET", "/api/v1/files/"+fileID, nil); status != 404 {
				t.Errorf("applicant GET /api/v1/files/{working file} = %d; want 404", status)
			}
			if status, _, _ := cit.do("GET", "/api/v1/dossiers/"+sub.Code+"/control-slip.pdf", nil); status != 404 {
				t.Errorf("applicant GET control-slip.pdf = %d; want 404", status)
			}
			if status, body, _ := cit.do("GET", "/api/v1/dossiers/"+sub.Code+"/consultations", nil); status == 200 && strings.Contains(string(body), "question") {
				t.Errorf("applicant sees consultations: %s", body)
			}

			// The pages, signed in with a cookie.
			jar, _ := cookiejar.New(nil)
			web := &http.Client{Jar: jar}
			resp, err := web.PostForm(base+"/dang-nhap", url.Values{"username": {"congdan"}, "password": {"demo"}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			get := func(path string) (int, string) {
				t.Helper()
				resp, err := web.Get(base + path)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				return resp.StatusCode, string(b)
			}
			status, page := get("/ho-so/" + sub.Code)
			if status != 200 || !strings.Contains(page, sub.Code) {
				t.Fatalf("GET /ho-so/%s = %d", sub.Code, status)
			}
			for _, s := range []string{note, fileID, "ban-lam-viec-noi-bo"} {
				if strings.Contains(page, s) {
					t.Errorf("the applicant's page shows %q", s)
				}
			}
			if status, _ := get("/tep/" + fileID); status != 404 {
				t.Errorf("applicant GET /tep/{working file} = %d; want 404", status)
			}
			if status, _ := get("/ho-so/" + sub.Code + "/phieu-kiem-soat.pdf"); status != 404 {
				t.Errorf("applicant GET /ho-so/{code}/phieu-kiem-soat.pdf = %d; want 404", status)
			}
		})
	}
}

// TestCounterApplicantWire checks the API's shape of a counter registration's applicant, now
// that the dossier types carry no JSON tags: what goes in comes back under the same names.
func TestCounterApplicantWire(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		a, base := apptest.Start(t, engine)
		p, err := a.Catalog.Current(context.Background(), "1.001193")
		if err != nil {
			t.Fatal(err)
		}
		form, err := demo.SampleForm(p, false)
		if err != nil {
			t.Fatal(err)
		}
		off := login(t, base, "tiepnhan")
		var sub struct{ Code string }
		off.json("POST", "/api/v1/counter/dossiers", map[string]any{"procedure_code": "1.001193", "form": json.RawMessage(form),
			"applicant": map[string]string{"name": "Lê Văn Cường", "id_number": "001203004568", "phone": "0912345679"}}, 201, &sub)
		var d struct {
			Applicant struct {
				Name     string
				IDNumber string `json:"id_number"`
				Phone    string
			}
		}
		off.json("GET", "/api/v1/dossiers/"+sub.Code, nil, 200, &d)
		if d.Applicant.Name != "Lê Văn Cường" || d.Applicant.IDNumber != "001203004568" || d.Applicant.Phone != "+84912345679" {
			t.Errorf("%s: applicant = %+v", engine, d.Applicant)
		}
	}
}

package app_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/esign/esigntest"
)

// TestSignedResult takes a demo dossier to approval and checks its electronic result
// (CONTRACT.md, Payments): a PDF signed by the ward (pdfsig: valid, the ward's name as signer)
// with a QR code to its verification page; result.pdf for the owner and the ward's officers
// only, 409 before it is issued; the verify API authentic, unknown and revoked; the result in
// the citizen's document store; the public page after revocation.
func TestSignedResult(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			a, base := apptest.Start(t, engine)
			ctx := context.Background()
			cit, other := login(t, base, "congdan"), login(t, base, "congdan2")
			reception, specialist, leader := login(t, base, "tiepnhan"), login(t, base, "chuyenvien"), login(t, base, "lanhdao")
			var sub struct{ Code string }
			cit.json("POST", "/api/v1/dossiers", khaiSinh(t, a, cit), 201, &sub)
			result := "/api/v1/dossiers/" + sub.Code + "/result.pdf"
			for _, c := range []struct {
				who  *client
				want int
			}{{cit, 409}, {reception, 409}, {other, 404}, {&client{t: t, base: base}, 401}} {
				if status, body, _ := c.who.do("GET", result, nil); status != c.want || !strings.Contains(string(body), `"error"`) {
					t.Errorf("before approval GET result.pdf = %d %s; want %d in the envelope", status, body, c.want)
				}
			}
			act := func(c *client, action string) {
				c.json("POST", "/api/v1/dossiers/"+sub.Code+"/actions", map[string]any{"action": action}, 200, nil)
			}
			act(reception, "receive")
			act(specialist, "forward")
			act(leader, "approve")

			status, pdf, hdr := cit.do("GET", result, nil)
			if status != 200 || hdr.Get("Content-Type") != "application/pdf" {
				t.Fatalf("owner GET result.pdf = %d %s", status, hdr.Get("Content-Type"))
			}
			ward, err := a.Org.Agency(ctx, "00070")
			if err != nil {
				t.Fatal(err)
			}
			rep := esigntest.PDFSig(t, pdf)
			if !strings.Contains(rep, "Signature is Valid") || !strings.Contains(rep, "Signer Certificate Common Name: "+ward.Name) {
				t.Errorf("pdfsig on the result:\n%s", rep)
			}
			codes := esigntest.QRCodes(t, pdf)
			if len(codes) != 1 || !strings.HasPrefix(codes[0], base+"/xac-thuc/") {
				t.Fatalf("the result's QR codes = %q; want one to %s/xac-thuc/{serial}", codes, base)
			}
			serial := strings.TrimPrefix(codes[0], base+"/xac-thuc/")
			if text := esigntest.Text(t, pdf); !strings.Contains(text, "được ký số bởi "+strings.ToUpper(ward.Name)) {
				t.Errorf("the result does not say it is signed electronically:\n%s", text)
			}
			if status, same, _ := reception.do("GET", result, nil); status != 200 || string(same) != string(pdf) {
				t.Errorf("officer of the ward GET result.pdf = %d (%d bytes); want the same file", status, len(same))
			}
			for _, c := range []*client{other, login(t, base, "tiepnhan2")} {
				if status, _, _ := c.do("GET", result, nil); status != 404 {
					t.Errorf("GET result.pdf by someone else = %d; want 404", status)
				}
			}

			// The back office links the signed result to its page, where the leader may revoke it.
			for user, want := range map[string]string{"lanhdao": "thu hồi", "tiepnhan": "Xem trang xác thực"} {
				req, _ := http.NewRequest("GET", base+"/can-bo/ho-so/"+sub.Code, nil)
				cookie := strings.TrimPrefix(webSession(t, base, user), "Cookie: ")
				req.Header.Set("Cookie", cookie)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				page, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if !strings.Contains(string(page), `href="/xac-thuc/`+serial+`"`) || !strings.Contains(string(page), want) {
					t.Errorf("the back office's dossier page for %s = %d; want a link to /xac-thuc/%s saying %q", user, res.StatusCode, serial, want)
				}
			}

			sum := sha256.Sum256(pdf)
			hash := hex.EncodeToString(sum[:])
			var v struct {
				Authentic   bool    `json:"authentic"`
				Revoked     bool    `json:"revoked"`
				DossierCode string  `json:"dossier_code"`
				Agency      string  `json:"agency"`
				IssuedAt    string  `json:"issued_at"`
				Serial      string  `json:"serial"`
				RevokedAt   *string `json:"revoked_at"`
			}
			anon := &client{t: t, base: base}
			anon.json("GET", "/api/v1/results/verify?sha256="+hash, nil, 200, &v)
			at, err := time.Parse(time.RFC3339, v.IssuedAt)
			if !v.Authentic || v.Revoked || v.DossierCode != sub.Code || v.Agency != ward.Name || v.Serial != serial || err != nil ||
				!strings.HasSuffix(v.IssuedAt, "+07:00") || time.Since(at) > time.Hour {
				t.Errorf("verify = %+v; want authentic, not revoked, %s by %s, issued now in +07:00", v, sub.Code, ward.Name)
			}
			v.DossierCode, v.Authentic = "", true
			other.json("GET", "/api/v1/results/verify?sha256="+strings.Repeat("0", 64), nil, 200, &v)
			if v.Authentic || v.Revoked || v.DossierCode != "" {
				t.Errorf("verify(unknown) = %+v; want not authentic", v)
			}
			anon.json("GET", "/api/v1/results/verify?sha256=xyz", nil, 400, nil)

			var docs struct {
				Items []struct{ SHA256, Kind, Dossier string }
			}
			cit.json("GET", "/api/v1/me/documents", nil, 200, &docs)
			found := false
			for _, d := range docs.Items {
				found = found || (d.SHA256 == hash && d.Kind == "result" && d.Dossier == sub.Code)
			}
			if !found {
				t.Errorf("the signed result is not in the citizen's documents: %+v", docs.Items)
			}

			revoke := "/api/v1/results/" + serial + "/revoke"
			cit.json("POST", revoke, map[string]string{"reason": "x"}, 403, nil)
			login(t, base, "tiepnhan2").json("POST", revoke, map[string]string{"reason": "x"}, 404, nil)
			leader.json("POST", revoke, map[string]string{"reason": ""}, 422, nil)
			v.Revoked = false
			leader.json("POST", revoke, map[string]string{"reason": "Cấp nhầm"}, 200, &v)
			if !v.Revoked || v.RevokedAt == nil {
				t.Errorf("revoke = %+v; want revoked", v)
			}
			leader.json("POST", revoke, map[string]string{"reason": "lần hai"}, 409, nil)
			v.Authentic, v.Revoked = false, false
			anon.json("GET", "/api/v1/results/verify?sha256="+hash, nil, 200, &v)
			if !v.Authentic || !v.Revoked {
				t.Errorf("verify after revocation = %+v; want authentic and revoked", v)
			}
			if status, _, _ := cit.do("GET", result, nil); status != 409 {
				t.Errorf("GET result.pdf of a revoked result = %d; want 409", status)
			}
			res, err := http.Get(base + "/xac-thuc/" + serial)
			if err != nil {
				t.Fatal(err)
			}
			page, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || !strings.Contains(string(page), "Văn bản đã bị thu hồi") || !strings.Contains(string(page), sub.Code) {
				t.Errorf("GET /xac-thuc/{serial} = %d; want the page saying it is revoked", res.StatusCode)
			}
		})
	}
}

package api_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntime"
)

const bankSecret = "bank-secret-for-the-api-tests"

// vietqrAttempt submits a fee dossier as congdan and starts its VietQR payment, returning its id.
func vietqrAttempt(t *testing.T, srv *httptest.Server, ds *dossier.Store, d *db.DB, citizen string) string {
	t.Helper()
	ctx := context.Background()
	u, _ := org.NewStore(d).User(ctx, "congdan")
	p, _ := catalog.NewStore(d).Current(ctx, "1.004194")
	form, _ := demo.SampleForm(p, false)
	var atts []map[string]string
	for _, c := range p.Components {
		if c.Required && !dossier.FormOnly(c) {
			f, err := ds.Upload(ctx, u, c.ID+".pdf", bytes.NewReader([]byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")))
			if err != nil {
				t.Fatal(err)
			}
			atts = append(atts, map[string]string{"component": c.ID, "file": f.ID})
		}
	}
	r := call(t, srv, "POST", "/dossiers", citizen, map[string]any{"procedure_code": p.Code, "agency_code": "00070",
		"form": json.RawMessage(form), "attachments": atts})
	if r.Status != 201 {
		t.Fatalf("submit = %d %v", r.Status, r.Body)
	}
	r = call(t, srv, "GET", "/dossiers/"+r.Body["code"].(string)+"/invoices", citizen, nil)
	inv := r.Body["items"].([]any)[0].(map[string]any)["id"].(string)
	r = call(t, srv, "POST", "/payments", citizen, map[string]any{"invoice": inv, "method": "vietqr"})
	if r.Status != 201 {
		t.Fatalf("pay = %d %v", r.Status, r.Body)
	}
	return r.Body["id"].(string)
}

func raw(t *testing.T, srv *httptest.Server, path, token, ctype, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1"+path, strings.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// The accountant's API: the bank's signed webhook, a statement, the queue, a payment's ledger
// and the day's report.
func TestAccountsAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv, ds := newPaymentServer(t, d)
		citizen, kt, officer := signIn(t, srv, "congdan"), signIn(t, srv, "ketoan"), signIn(t, srv, "tiepnhan")
		id := vietqrAttempt(t, srv, ds, d, citizen)
		body := map[string]any{"bank_bin": "970415", "account": "113000012345", "transaction_id": "WH1", "amount_vnd": 7000,
			"description": "CT " + strings.ToLower(id), "booked_at": time.Now().In(vntime.Location()).Format(time.RFC3339)}
		b, _ := json.Marshal(body)
		m := hmac.New(sha256.New, []byte(bankSecret))
		m.Write(b)
		sig := "sha256=" + hex.EncodeToString(m.Sum(nil))
		if r := call(t, srv, "POST", "/payments/vietqr/webhook", "", body, "X-Bank-Bin", "970415"); r.Status != 401 || r.errCode() != "invalid_signature" {
			t.Fatalf("unsigned webhook = %d %v", r.Status, r.Body)
		}
		if r := call(t, srv, "POST", "/payments/vietqr/webhook", "", body, "X-Bank-Bin", "970415", "X-Bank-Signature", sig[:20]+"00"); r.Status != 401 {
			t.Fatalf("forged webhook = %d %v", r.Status, r.Body)
		}
		for _, want := range []string{"settled", "already_imported"} {
			r := call(t, srv, "POST", "/payments/vietqr/webhook", "", body, "X-Bank-Bin", "970415", "X-Bank-Signature", sig)
			if r.Status != 200 || r.Body["outcome"] != want || r.Body["payment_id"] != id {
				t.Fatalf("webhook = %d %v; want %s of %s", r.Status, r.Body, want, id)
			}
		}
		day := time.Now().In(vntime.Location()).Format("02/01/2006")
		csv := "Ngày giao dịch;Số tiền ghi có;Nội dung;Số giao dịch\n" + day + ";20.000;chuyen nham;ST1\n"
		if st, out := raw(t, srv, "/payments/statements?filename=sk.csv", citizen, "text/csv", csv); st != 403 {
			t.Fatalf("citizen's statement = %d %s", st, out)
		}
		st, out := raw(t, srv, "/payments/statements?filename=sk.csv", kt, "text/csv", csv)
		if st != 200 || !strings.Contains(out, `"reviewed":1`) {
			t.Fatalf("statement = %d %s", st, out)
		}
		r := call(t, srv, "GET", "/payments/reviews", kt, nil)
		items, _ := r.Body["items"].([]any)
		if r.Status != 200 || len(items) != 1 {
			t.Fatalf("reviews = %d %v", r.Status, r.Body)
		}
		rid := int(items[0].(map[string]any)["id"].(float64))
		path := "/payments/reviews/" + itoa(rid) + "/resolve"
		if r := call(t, srv, "POST", path, officer, map[string]any{"resolution": "ignore", "note": "x"}); r.Status != 404 {
			t.Fatalf("officer resolves = %d %v", r.Status, r.Body)
		}
		if r := call(t, srv, "POST", path, kt, map[string]any{"resolution": "ignore", "note": strings.Repeat("x", 501)}); r.Status != 422 {
			t.Fatalf("a note of 501 characters = %d %v", r.Status, r.Body)
		}
		if r := call(t, srv, "POST", path, kt, map[string]any{"resolution": "ignore", "note": "Chuyển nhầm"}); r.Status != 200 || r.Body["resolution"] != "ignore" {
			t.Fatalf("resolve = %d %v", r.Status, r.Body)
		}
		r = call(t, srv, "GET", "/payments/"+id+"/ledger", kt, nil)
		if evs, _ := r.Body["events"].([]any); r.Status != 200 || r.Body["status"] != "paid" || len(evs) != 1 || evs[0].(map[string]any)["source"] != "webhook" {
			t.Fatalf("ledger = %d %v", r.Status, r.Body)
		}
		if r := call(t, srv, "GET", "/payments/"+id+"/ledger", officer, nil); r.Status != 404 {
			t.Fatalf("officer's ledger = %d", r.Status)
		}
		r = call(t, srv, "POST", "/payments/"+id+"/refunds", kt, map[string]any{"reason": "Rút hồ sơ"})
		if r.Status != 201 || r.Body["amount_vnd"] != 7000.0 {
			t.Fatalf("refund = %d %v", r.Status, r.Body)
		}
		// The accountant's transfer back, marked done once; a citizen cannot.
		closePath := "/payments/" + id + "/refunds/close"
		if r := call(t, srv, "POST", closePath, citizen, map[string]any{"status": "done", "note": "UNC 1"}); r.Status != 404 {
			t.Fatalf("citizen closes = %d %v", r.Status, r.Body)
		}
		if r := call(t, srv, "POST", closePath, kt, map[string]any{"status": "sent", "note": ""}); r.Status != 422 || r.errCode() != "invalid_close" {
			t.Fatalf("bad close = %d %v", r.Status, r.Body)
		}
		if r := call(t, srv, "POST", closePath, kt, map[string]any{"status": "done", "note": "UNC 1"}); r.Status != 200 ||
			r.Body["status"] != "done" || r.Body["outcome"] != "UNC 1" || r.Body["closed_by"] != "ketoan" {
			t.Fatalf("close = %d %v", r.Status, r.Body)
		}
		if r := call(t, srv, "POST", closePath, kt, map[string]any{"status": "rejected", "note": "x"}); r.Status != 409 || r.errCode() != "refund_closed" {
			t.Fatalf("second close = %d %v", r.Status, r.Body)
		}
		date := time.Now().In(vntime.Location()).Format("2006-01-02")
		r = call(t, srv, "GET", "/reports/collections?date="+date, kt, nil)
		if r.Status != 200 || r.Body["total_vnd"] != 7000.0 || r.Body["agency"] != "00070" {
			t.Fatalf("collections = %d %v", r.Status, r.Body)
		}
		if r := call(t, srv, "GET", "/reports/collections?date=2026-13-01", kt, nil); r.Status != 422 {
			t.Fatalf("a bad date = %d", r.Status)
		}
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/reports/collections?format=xlsx", nil)
		req.Header.Set("Authorization", "Bearer "+kt)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("xlsx = %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
	})
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

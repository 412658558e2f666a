package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/payment/refund"
	"github.com/motcua/motcua/internal/vnpay"
	"github.com/motcua/motcua/internal/workflow"
)

const paySecret = "APITESTSECRET"

// newPaymentServer serves the API over the demo city with the payment ledger wired as the
// app wires it: fees raised at submission, VNPay's terminal, a collection account at Hoàn Kiếm.
func newPaymentServer(t *testing.T, d *db.DB) (*httptest.Server, *dossier.Store) {
	t.Helper()
	ctx := context.Background()
	os, cs, ids := org.NewStore(d), catalog.NewStore(d), identity.NewStore(d)
	if err := demo.Seed(ctx, slog.New(slog.DiscardHandler), os, ids, cs); err != nil {
		t.Fatal(err)
	}
	cal := calendar.NewStore(d, nil)
	ds := dossier.NewStore(dossier.Config{DB: d, Catalog: cs, Org: os, Calendar: cal, Blobs: dossier.DiskStore{Dir: t.TempDir()},
		Links: dossier.Links{Track: "https://x/tra-cuu?ma={code}"}})
	wf := workflow.NewStore(workflow.Config{DB: d, Dossiers: ds, Catalog: cs, Org: os, Calendar: cal})
	m, err := vnpay.New(vnpay.Config{TmnCode: "MOTCUA01", HashSecret: paySecret, URL: "https://gw.example/pay"})
	if err != nil {
		t.Fatal(err)
	}
	ps := payment.NewStore(payment.Config{DB: d, Dossiers: ds, Catalog: cs, Org: os, Calendar: cal, Merchant: m, ReturnURL: "https://x/thanh-toan/ket-qua"})
	ds.OnSubmit, wf.Fees = wf.Submitted, ps
	ps.SetBankSecrets(map[string]string{"970415": bankSecret})
	if err := ps.SetCollectionAccount(ctx, "00070", payment.CollectionAccount{BIN: "970415", Account: "113000012345", Holder: "UBND PHUONG HOAN KIEM"}); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	api.New(api.Config{Org: os, Identity: ids, Catalog: cs, Calendar: cal, Dossiers: ds, Workflow: wf, Payments: ps,
		Refunds: refund.New(d, ps), Logger: slog.New(slog.DiscardHandler)}).Register(mux)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok, ok := api.BearerToken(r); ok {
			u, err := ids.TokenUser(r.Context(), tok)
			if err != nil {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			r = r.WithContext(org.WithUser(r.Context(), u))
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, ds
}

func signIn(t *testing.T, srv *httptest.Server, user string) string {
	t.Helper()
	r := call(t, srv, "POST", "/auth/token", "", map[string]any{"username": user, "password": "demo"})
	tok, _ := r.Body["token"].(string)
	if r.Status != 200 || tok == "" {
		t.Fatalf("sign in %s = %d %v", user, r.Status, r.Body)
	}
	return tok
}

func TestPaymentsAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv, ds := newPaymentServer(t, d)
		citizen, other, officer := signIn(t, srv, "congdan"), signIn(t, srv, "congdan2"), signIn(t, srv, "tiepnhan")
		// A fee-bearing dossier (Đăng ký tạm trú, 7,000 đồng), submitted through the API.
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
		if r.Status != 201 || r.Body["status"] != "awaiting_payment" || r.Body["status_code"] != 6.0 {
			t.Fatalf("submit = %d %v; want 201 awaiting_payment (6)", r.Status, r.Body)
		}
		code := r.Body["code"].(string)

		r = call(t, srv, "GET", "/dossiers/"+code+"/invoices", citizen, nil)
		items, _ := r.Body["items"].([]any)
		if r.Status != 200 || len(items) != 1 {
			t.Fatalf("invoices = %d %v; want one", r.Status, r.Body)
		}
		inv := items[0].(map[string]any)
		if inv["amount_vnd"] != 7000.0 || inv["status"] != "unpaid" || inv["id"] == "" {
			t.Fatalf("invoice = %v; want 7000 unpaid", inv)
		}
		invID := inv["id"].(string)
		if r := call(t, srv, "GET", "/dossiers/"+code+"/invoices", officer, nil); r.Status != 200 {
			t.Fatalf("officer's invoices = %d %v; want 200", r.Status, r.Body)
		}
		if r := call(t, srv, "GET", "/dossiers/"+code+"/invoices", other, nil); r.Status != 404 {
			t.Fatalf("another citizen's invoices = %d; want 404", r.Status)
		}
		if r := call(t, srv, "GET", "/dossiers/"+code+"/invoices", "", nil); r.Status != 401 {
			t.Fatalf("anonymous invoices = %d; want 401", r.Status)
		}

		// Errors of POST /payments.
		for _, c := range []struct {
			token  string
			body   any
			status int
			code   string
		}{
			{"", map[string]any{"invoice": invID, "method": "vnpay"}, 401, "unauthenticated"},
			{citizen, map[string]any{"invoice": invID, "method": "cash"}, 422, "invalid_payment"},
			{citizen, map[string]any{"method": "vnpay"}, 422, "invalid_payment"},
			{citizen, map[string]any{"invoice": invID, "method": "vnpay", "extra": 1}, 400, "malformed_json"},
			{other, map[string]any{"invoice": invID, "method": "vnpay"}, 404, "invoice_not_found"},
			{citizen, map[string]any{"bill": "EVN1", "method": "vnpay"}, 404, "bill_not_found"},
		} {
			if r := call(t, srv, "POST", "/payments", c.token, c.body); r.Status != c.status || (c.code != "unauthenticated" && r.errCode() != c.code) {
				t.Errorf("POST /payments %v = %d %v; want %d %s", c.body, r.Status, r.Body, c.status, c.code)
			}
		}

		r = call(t, srv, "POST", "/payments", citizen, map[string]any{"invoice": invID, "method": "vietqr"})
		if r.Status != 201 || r.Body["qr_payload"] == nil || r.Body["status"] != "pending" {
			t.Fatalf("vietqr = %d %v; want 201 with qr_payload", r.Status, r.Body)
		}
		r = call(t, srv, "POST", "/payments", citizen, map[string]any{"invoice": invID, "method": "vnpay"})
		redirect, _ := r.Body["redirect_url"].(string)
		if r.Status != 201 || redirect == "" {
			t.Fatalf("vnpay = %d %v; want 201 with redirect_url", r.Status, r.Body)
		}
		id := r.Body["id"].(string)

		// VNPay's IPN, in its own protocol.
		q := url.Values{"vnp_TmnCode": {"MOTCUA01"}, "vnp_TxnRef": {id}, "vnp_Amount": {"700000"}, "vnp_ResponseCode": {"00"},
			"vnp_TransactionStatus": {"00"}, "vnp_TransactionNo": {"14422574"}, "vnp_BankCode": {"NCB"}}
		h, _ := vnpay.SignQuery(paySecret, q)
		q.Set("vnp_SecureHash", h)
		for _, want := range []string{"00", "02"} {
			r = call(t, srv, "GET", "/payments/vnpay/ipn?"+q.Encode(), "", nil)
			if r.Status != 200 || r.Body["RspCode"] != want {
				t.Fatalf("IPN = %d %v; want 200 RspCode %s", r.Status, r.Body, want)
			}
		}
		q.Set("vnp_SecureHash", "00")
		if r := call(t, srv, "GET", "/payments/vnpay/ipn?"+q.Encode(), "", nil); r.Body["RspCode"] != "97" {
			t.Fatalf("forged IPN = %v; want 97", r.Body)
		}

		r = call(t, srv, "GET", "/payments/"+id, citizen, nil)
		if r.Status != 200 || r.Body["status"] != "paid" || r.Body["counted"] != true || r.Body["kind"] != "fee" || r.Body["ref"] != code {
			t.Fatalf("payment = %d %v; want paid, counted, fee of %s", r.Status, r.Body, code)
		}
		if r := call(t, srv, "GET", "/payments/"+id, other, nil); r.Status != 404 || r.errCode() != "payment_not_found" {
			t.Fatalf("another's payment = %d %v; want 404", r.Status, r.Body)
		}
		r = call(t, srv, "GET", "/payments?mine=1", citizen, nil)
		if r.Status != 200 || r.Body["total"] != 2.0 {
			t.Fatalf("mine = %d %v; want 2 attempts", r.Status, r.Body)
		}
		if r := call(t, srv, "GET", "/payments?mine=1&per_page=0", citizen, nil); r.Status != 400 {
			t.Fatalf("per_page=0 = %d; want 400", r.Status)
		}
		r = call(t, srv, "GET", "/dossiers/"+code+"/invoices", citizen, nil)
		inv = r.Body["items"].([]any)[0].(map[string]any)
		if inv["status"] != "paid" || inv["paid_at"] == nil {
			t.Fatalf("invoice after IPN = %v; want paid with paid_at", inv)
		}
		if r := call(t, srv, "POST", "/payments", citizen, map[string]any{"invoice": invID, "method": "vnpay"}); r.Status != 409 || r.errCode() != "invoice_paid" {
			t.Fatalf("paying again = %d %v; want 409 invoice_paid", r.Status, r.Body)
		}
		r = call(t, srv, "GET", "/dossiers/"+code, citizen, nil)
		if r.Body["status"] != "submitted" {
			t.Fatalf("dossier after payment = %v; want submitted", r.Body["status"])
		}
	})
}

package app_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/esign/esigntest"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/vnpay"
)

// feeProcedure is a demo procedure with a fee: Đăng ký tạm trú, 7,000 đồng, fully online.
const feeProcedure = "1.004194"

// application is a complete online application of procedure code at Hoàn Kiếm, files uploaded.
func application(t *testing.T, a *app.App, c *client, code string) map[string]any {
	t.Helper()
	p, err := a.Catalog.Current(context.Background(), code)
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
	return map[string]any{"procedure_code": code, "agency_code": "00070", "form": json.RawMessage(form), "attachments": atts}
}

// TestPaymentsEndToEnd runs a fee through the real server on both engines with a configured
// VNPay terminal: submission raises the invoice (code 6), the IPN arrives over HTTP, the
// dossier moves on to reception, and the reconciliation is a periodic job.
func TestPaymentsEndToEnd(t *testing.T) {
	const secret = "E2ESECRETE2ESECRET"
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			a, base := apptest.Start(t, engine, func(c *config.Config) {
				c.VNPayTmnCode, c.VNPayHashSecret, c.VNPayURL = "MOTCUA01", secret, "https://gw.example/pay"
			})
			if k, ok := a.Queue.Kind(payment.ReconcileKind); !ok || k.Every != payment.ReconcileEvery {
				t.Errorf("reconciliation job = %+v, %v; want a periodic kind", k, ok)
			}
			cit := login(t, base, "congdan")
			var sub struct{ Code, Status string }
			cit.json("POST", "/api/v1/dossiers", application(t, a, cit, feeProcedure), 201, &sub)
			if sub.Status != "awaiting_payment" {
				t.Fatalf("status = %s; want awaiting_payment", sub.Status)
			}
			var invs struct {
				Items []struct {
					ID        string
					AmountVND int64 `json:"amount_vnd"`
				}
			}
			cit.json("GET", "/api/v1/dossiers/"+sub.Code+"/invoices", nil, 200, &invs)
			if len(invs.Items) != 1 || invs.Items[0].AmountVND != 7000 {
				t.Fatalf("invoices = %+v; want one of 7000 đồng", invs)
			}
			var st struct {
				ID          string
				RedirectURL string `json:"redirect_url"`
			}
			cit.json("POST", "/api/v1/payments", map[string]string{"invoice": invs.Items[0].ID, "method": "vnpay"}, 201, &st)
			receipt := "/api/v1/payments/" + st.ID + "/receipt.pdf"
			if status, body, _ := cit.do("GET", receipt, nil); status != 409 || !strings.Contains(string(body), `"receipt_not_issued"`) {
				t.Fatalf("GET receipt.pdf before payment = %d %s; want 409 receipt_not_issued", status, body)
			}
			u, err := url.Parse(st.RedirectURL)
			if err != nil || u.Query().Get("vnp_ReturnUrl") != a.Cfg.BaseURL+"/thanh-toan/ket-qua" {
				t.Fatalf("redirect_url = %s; want the return page under the base URL", st.RedirectURL)
			}
			q := url.Values{"vnp_TmnCode": {"MOTCUA01"}, "vnp_TxnRef": {st.ID}, "vnp_Amount": {"700000"}, "vnp_ResponseCode": {"00"},
				"vnp_TransactionStatus": {"00"}, "vnp_TransactionNo": {"14422574"}}
			h, _ := vnpay.SignQuery(secret, q)
			q.Set("vnp_SecureHash", h)
			var reply vnpay.Reply
			anon := &client{t: t, base: base}
			anon.json("GET", "/api/v1/payments/vnpay/ipn?"+q.Encode(), nil, 200, &reply)
			if reply.RspCode != "00" {
				t.Fatalf("IPN = %+v; want 00", reply)
			}
			var d struct{ Status string }
			cit.json("GET", "/api/v1/dossiers/"+sub.Code, nil, 200, &d)
			if d.Status != "submitted" {
				t.Fatalf("dossier after payment = %s; want submitted", d.Status)
			}
			// The receipt is signed on the queue; the payer and the ward's officers download it.
			pdf := awaitReceipt(t, a, cit, receipt)
			ward, err := a.Org.Agency(context.Background(), "00070")
			if err != nil {
				t.Fatal(err)
			}
			if rep := esigntest.PDFSig(t, pdf); !strings.Contains(rep, "Signature is Valid") || !strings.Contains(rep, "Common Name: "+ward.Name) {
				t.Errorf("pdfsig on the receipt:\n%s", rep)
			}
			if text := esigntest.Text(t, pdf); !strings.Contains(text, "0000001") || !strings.Contains(text, sub.Code) {
				t.Errorf("the receipt lacks its number 0000001 or the dossier %s:\n%s", sub.Code, text)
			}
			if status, same, _ := login(t, base, "tiepnhan").do("GET", receipt, nil); status != 200 || string(same) != string(pdf) {
				t.Errorf("officer of the payee GET receipt.pdf = %d; want the same file", status)
			}
			for _, c := range []*client{login(t, base, "congdan2"), login(t, base, "tiepnhan2")} {
				if status, _, _ := c.do("GET", receipt, nil); status != 404 {
					t.Errorf("GET receipt.pdf by someone else = %d; want 404", status)
				}
			}
			if status, _, _ := anon.do("GET", receipt, nil); status != 401 {
				t.Errorf("anonymous GET receipt.pdf = %d; want 401", status)
			}
		})
	}
}

// awaitReceipt runs the receipt jobs and returns the receipt once the queue has signed it.
func awaitReceipt(t *testing.T, a *app.App, c *client, path string) []byte {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := a.Queue.Work(context.Background(), payment.ReceiptKind); err != nil {
			t.Fatal(err)
		}
		status, body, hdr := c.do("GET", path, nil)
		if status == 200 && hdr.Get("Content-Type") == "application/pdf" {
			return body
		}
		if status != 409 || time.Now().After(deadline) {
			t.Fatalf("GET %s = %d %s; want the receipt", path, status, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// axePayments checks the payment pages (the citizen signed in): a dossier's fees, a VietQR
// transfer, my payments. VNPay's return page needs a terminal, which the walk's server has not.
func axePayments(t *testing.T, ctx context.Context, w *axeWalk, a *app.App) {
	t.Helper()
	cit := login(t, w.base, "congdan")
	var sub struct{ Code string }
	cit.json("POST", "/api/v1/dossiers", application(t, a, cit, feeProcedure), 201, &sub)
	var invs struct{ Items []struct{ ID string } }
	cit.json("GET", "/api/v1/dossiers/"+sub.Code+"/invoices", nil, 200, &invs)
	var st struct{ ID string }
	cit.json("POST", "/api/v1/payments", map[string]string{"invoice": invs.Items[0].ID, "method": "vietqr"}, 201, &st)
	w.visit("/ho-so/"+sub.Code, `a[href="/thanh-toan/ho-so/`+sub.Code+`"]`)
	w.visit("/thanh-toan/ho-so/"+sub.Code, `form[action="/thanh-toan"]`)
	w.visit("/thanh-toan/"+st.ID, "img")
	w.visit("/thanh-toan", "table")
}

// TestBillReceipt: a bill paid through the ledger gets its e-receipt too, numbered in the
// biller's series and signed by the city (the hub's operator), downloadable by its payer only.
func TestBillReceipt(t *testing.T) {
	const secret = "E2ESECRETE2ESECRET"
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			a, base := apptest.Start(t, engine, func(c *config.Config) {
				c.VNPayTmnCode, c.VNPayHashSecret, c.VNPayURL = "MOTCUA01", secret, "https://gw.example/pay"
			})
			cit := login(t, base, "congdan")
			var billers struct {
				Items []struct{ Code, Sample_customer string }
			}
			cit.json("GET", "/api/v1/billers", nil, 200, &billers)
			b := billers.Items[0]
			var bills struct {
				Items []struct {
					ID         string
					Amount_vnd int64
				}
			}
			cit.json("GET", "/api/v1/bills?biller="+b.Code+"&customer="+b.Sample_customer, nil, 200, &bills)
			bill := bills.Items[0]
			var st struct{ ID string }
			cit.json("POST", "/api/v1/payments", map[string]string{"bill": bill.ID, "method": "vnpay"}, 201, &st)
			q := url.Values{"vnp_TmnCode": {"MOTCUA01"}, "vnp_TxnRef": {st.ID}, "vnp_Amount": {strconv.FormatInt(bill.Amount_vnd*100, 10)},
				"vnp_ResponseCode": {"00"}, "vnp_TransactionStatus": {"00"}, "vnp_TransactionNo": {"14422575"}}
			h, _ := vnpay.SignQuery(secret, q)
			q.Set("vnp_SecureHash", h)
			var reply vnpay.Reply
			(&client{t: t, base: base}).json("GET", "/api/v1/payments/vnpay/ipn?"+q.Encode(), nil, 200, &reply)
			if reply.RspCode != "00" {
				t.Fatalf("IPN = %+v; want 00", reply)
			}
			pdf := awaitReceipt(t, a, cit, "/api/v1/payments/"+st.ID+"/receipt.pdf")
			city, err := a.Org.Agency(context.Background(), demo.CityCode)
			if err != nil {
				t.Fatal(err)
			}
			if rep := esigntest.PDFSig(t, pdf); !strings.Contains(rep, "Signature is Valid") || !strings.Contains(rep, "Common Name: "+city.Name) {
				t.Errorf("pdfsig on the bill's receipt:\n%s", rep)
			}
			r, err := a.Payments.Receipt(context.Background(), st.ID)
			if err != nil || r.Issuer != payment.IssuerOf(payment.KindBill, b.Code) || r.Number != 1 {
				t.Fatalf("Receipt = %+v, %v; want number 1 of %s's series", r, err, b.Code)
			}
			for _, who := range []string{"congdan2", "tiepnhan"} {
				if status, _, _ := login(t, base, who).do("GET", "/api/v1/payments/"+st.ID+"/receipt.pdf", nil); status != 404 {
					t.Errorf("%s GET the bill's receipt = %d; want 404", who, status)
				}
			}
		})
	}
}

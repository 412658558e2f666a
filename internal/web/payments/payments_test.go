package payments

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/esign"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/paperwork"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/vnpay"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/webtest"
)

const secret = "WEBTESTSECRET"

type fixture struct {
	*webtest.Demo
	h    *Handler
	ps   *payment.Store
	sign *esign.Store
}

func setup(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{}
	f.Demo = webtest.NewDemo(t, func(site *web.Site, d *webtest.Demo) ([]webtest.Routes, error) {
		m, err := vnpay.New(vnpay.Config{TmnCode: "MOTCUA01", HashSecret: secret, URL: "https://gw.example/pay"})
		if err != nil {
			return nil, err
		}
		f.ps = payment.NewStore(payment.Config{DB: d.DB, Dossiers: d.Dossiers, Catalog: d.Catalog, Org: d.Org, Calendar: d.Calendar, Merchant: m,
			ReturnURL: "https://motcua.example" + ReturnPath})
		d.Dossiers.OnSubmit, d.Workflow.Fees = d.Workflow.Submitted, f.ps
		f.sign = esign.NewStore(esign.Config{DB: d.DB, Org: d.Org, Dossiers: d.Dossiers, Workflow: d.Workflow,
			Keys: &esign.Demo{DB: d.DB, Org: d.Org}, BaseURL: "https://motcua.example"})
		f.h, err = New(site, Deps{Payments: f.ps, Esign: f.sign})
		return []webtest.Routes{f.h}, err
	})
	return f
}

// submit files a fee-bearing application (Đăng ký tạm trú, 7,000 đồng) for congdan at Hoàn Kiếm.
func (f *fixture) submit(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	u := webtest.MustUser(t, f.Org, "congdan")
	p, err := f.Catalog.Current(ctx, "1.004194")
	if err != nil {
		t.Fatal(err)
	}
	form, _ := demo.SampleForm(p, false)
	in := dossier.SubmitInput{ProcedureCode: p.Code, AgencyCode: "00070", Form: form}
	for _, c := range p.Components {
		if c.Required && !dossier.FormOnly(c) {
			file, err := f.Dossiers.Upload(ctx, u, c.ID+".pdf", bytes.NewReader(webtest.PDF))
			if err != nil {
				t.Fatal(err)
			}
			in.Attachments = append(in.Attachments, dossier.AttachmentInput{Component: c.ID, File: file.ID})
		}
	}
	out, err := f.Dossiers.Submit(ctx, u, in, "")
	if err != nil {
		t.Fatal(err)
	}
	return out.Code
}

func signed(q url.Values) url.Values {
	h, _ := vnpay.SignQuery(secret, q)
	q.Set("vnp_SecureHash", h)
	return q
}

func TestPayByVNPayAndReturn(t *testing.T) {
	f := setup(t)
	code := f.submit(t)
	b := f.Browser(t)
	res, _ := b.Get(FeesURL(code))
	webtest.Location(t, res, 303, "/dang-nhap")
	b.SignIn("congdan")
	body := b.Page(FeesURL(code), 200)
	webtest.MustContain(t, "fees page", body, "7.000 đ", "Chưa thanh toán", `name="method"`, `value="vnpay"`, `value="vietqr"`)
	vals := webtest.FormValues(t, body, "/thanh-toan")
	if vals.Get("ho_so") != code || vals.Get("invoice") == "" || vals.Get("method") != "vnpay" {
		t.Fatalf("pay form = %v; want the invoice, the dossier and vnpay chosen", vals)
	}
	res, _ = b.Post("/thanh-toan", vals)
	loc := webtest.Location(t, res, 303, "https://gw.example/pay?")
	u, _ := url.Parse(loc)
	id := u.Query().Get("vnp_TxnRef")
	if u.Query().Get("vnp_Amount") != "700000" || u.Query().Get("vnp_ReturnUrl") != "https://motcua.example"+ReturnPath {
		t.Fatalf("gateway URL = %s; want 700000 and the return page", loc)
	}

	// The browser comes back claiming success: the page shows what the ledger knows, pending.
	back := signed(url.Values{"vnp_TmnCode": {"MOTCUA01"}, "vnp_TxnRef": {id}, "vnp_Amount": {"700000"},
		"vnp_ResponseCode": {"00"}, "vnp_TransactionStatus": {"00"}})
	body = b.Page(ReturnPath+"?"+back.Encode(), 200)
	webtest.MustContain(t, "return page before the IPN", body, "Đang chờ", id)
	if strings.Contains(body, "Thanh toán thành công") {
		t.Error("the return page trusted the URL")
	}
	forged := url.Values{"vnp_TxnRef": {id}, "vnp_ResponseCode": {"00"}, "vnp_SecureHash": {strings.Repeat("ab", 64)}}
	if res, _ := b.Get(ReturnPath + "?" + forged.Encode()); res.StatusCode != 400 {
		t.Errorf("forged return = %d; want 400", res.StatusCode)
	}

	if r := f.ps.IPN(context.Background(), signed(url.Values{"vnp_TmnCode": {"MOTCUA01"}, "vnp_TxnRef": {id},
		"vnp_Amount": {"700000"}, "vnp_ResponseCode": {"00"}, "vnp_TransactionStatus": {"00"}, "vnp_TransactionNo": {"1"}})); r.RspCode != "00" {
		t.Fatalf("IPN = %+v", r)
	}
	body = b.Page(AttemptURL(id), 200)
	webtest.MustContain(t, "attempt after the IPN", body, "Thanh toán thành công", "Đã thanh toán")
	body = b.Page(FeesURL(code), 200)
	webtest.MustContain(t, "fees page after payment", body, "Đã thanh toán")
	if strings.Contains(body, `action="/thanh-toan"`) {
		t.Error("a paid invoice still offers to pay")
	}
	body = b.Page(MinePath, 200)
	webtest.MustContain(t, "my payments", body, id, "7.000 đ")

	// Others see nothing of it; the agency's officers see the fees, without a pay button.
	o := f.Browser(t)
	o.SignIn("congdan2")
	for _, p := range []string{FeesURL(code), AttemptURL(id)} {
		if res, _ := o.Get(p); res.StatusCode != 404 {
			t.Errorf("congdan2 GET %s = %d; want 404", p, res.StatusCode)
		}
	}
	off := f.Browser(t)
	off.SignIn("tiepnhan")
	body = off.Page(FeesURL(code), 200)
	webtest.MustContain(t, "officer's fees page", body, "7.000 đ", "/can-bo/ho-so/"+code)
}

func TestPayByVietQR(t *testing.T) {
	f := setup(t)
	code := f.submit(t)
	b := f.Browser(t)
	b.SignIn("congdan")
	vals := webtest.FormValues(t, b.Page(FeesURL(code), 200), "/thanh-toan")
	vals.Set("method", "vietqr")
	res, body := b.Post("/thanh-toan", vals)
	if res.StatusCode != 409 || !strings.Contains(webtest.ErrorSummary(body), "VietQR") {
		t.Fatalf("VietQR without an account = %d %s; want 409 naming VietQR", res.StatusCode, webtest.ErrorSummary(body))
	}
	webtest.CheckHTML(t, "failed page", body)
	if err := f.ps.SeedDemoAccounts(context.Background()); err != nil {
		t.Fatal(err)
	}
	res, _ = b.Post("/thanh-toan", vals)
	loc := webtest.Location(t, res, 303, "/thanh-toan/TT")
	body = b.Page(loc, 200)
	webtest.MustContain(t, "VietQR page", body, `src="data:image/png;base64,`, payment.DemoBIN, "7.000 đ", strings.TrimPrefix(loc, "/thanh-toan/"))
	vals.Set("method", "cash")
	if res, _ := b.Post("/thanh-toan", vals); res.StatusCode != 422 {
		t.Errorf("method cash = %d; want 422", res.StatusCode)
	}
}

func TestMessages(t *testing.T) {
	f := setup(t)
	webtest.CheckMessages(t, ".", i18n.MustLoad(embedded, "messages"), f.h.Messages())
}

// A paid fee's e-receipt: linked from the payment, the dossier's fees and my payments; 409 until
// signed, then the signed PDF for the payer and the ward's officers, 404 for anyone else.
func TestReceipt(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	code := f.submit(t)
	u := webtest.MustUser(t, f.Org, "congdan")
	invs, err := f.ps.DossierInvoices(ctx, u, code)
	if err != nil || len(invs) != 1 {
		t.Fatalf("DossierInvoices = %v, %v", invs, err)
	}
	st, err := f.ps.Pay(ctx, u, payment.PayInput{Invoice: invs[0].ID, Method: payment.MethodVNPay}, "", "vn")
	if err != nil {
		t.Fatal(err)
	}
	b := f.Browser(t)
	b.SignIn("congdan")
	if strings.Contains(b.Page(AttemptURL(st.ID), 200), ReceiptURL(st.ID)) {
		t.Error("a pending payment links a receipt")
	}
	f.ps.IPN(ctx, signed(url.Values{"vnp_TmnCode": {"MOTCUA01"}, "vnp_TxnRef": {st.ID}, "vnp_Amount": {"700000"},
		"vnp_ResponseCode": {"00"}, "vnp_TransactionStatus": {"00"}, "vnp_TransactionNo": {"7"}}))
	for _, p := range []string{AttemptURL(st.ID), FeesURL(code), MinePath} {
		webtest.MustContain(t, p, b.Page(p, 200), `href="`+ReceiptURL(st.ID)+`"`, "Tải biên lai (PDF)")
	}
	res, body := b.Get(ReceiptURL(st.ID))
	if res.StatusCode != 409 || !strings.Contains(body, "Biên lai chưa được phát hành") {
		t.Fatalf("receipt before it is signed = %d %s; want 409 saying it is not issued yet", res.StatusCode, body)
	}
	webtest.CheckHTML(t, "receipt not issued", body)

	r, err := f.ps.Receipt(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.sign.Receipt(ctx, esign.ReceiptInput{PaymentID: r.PaymentID, AgencyCode: r.AgencyCode, DossierCode: r.DossierCode,
		Template: r.Template, Symbol: r.Symbol, Number: r.Number, Payer: esign.Payer{UserID: r.PayerID, Name: r.PayerName},
		Items: []paperwork.FeeItem{{Name: r.Lines[0].Name, AmountVND: r.Lines[0].AmountVND}}, TotalVND: r.TotalVND, Method: "VNPay", PaidAt: r.PaidAt}); err != nil {
		t.Fatal(err)
	}
	res, body = b.Get(ReceiptURL(st.ID))
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF") {
		t.Fatalf("receipt = %d %s; want the signed PDF", res.StatusCode, res.Header.Get("Content-Type"))
	}
	off := f.Browser(t)
	off.SignIn("tiepnhan")
	if res, _ := off.Get(ReceiptURL(st.ID)); res.StatusCode != 200 {
		t.Errorf("the ward's officer GET receipt = %d; want 200", res.StatusCode)
	}
	for _, who := range []string{"congdan2", "tiepnhan2"} {
		o := f.Browser(t)
		o.SignIn(who)
		if res, _ := o.Get(ReceiptURL(st.ID)); res.StatusCode != 404 {
			t.Errorf("%s GET receipt = %d; want 404", who, res.StatusCode)
		}
	}
}

package payment_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/vnpay"
	"github.com/motcua/motcua/internal/workflow"
)

const (
	secret  = "TESTSECRETTESTSECRET"
	feeProc = "1.004194" // Đăng ký tạm trú: 7,000 đồng, fully online, commune level
)

var pdf = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

type fixture struct {
	d     *db.DB
	ds    *dossier.Store
	wf    *workflow.Store
	cat   *catalog.Store
	ps    *payment.Store
	users map[string]*org.User
	now   time.Time
}

func setup(t testing.TB, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	os, cs := org.NewStore(d), catalog.NewStore(d)
	if err := demo.Seed(ctx, slog.New(slog.DiscardHandler), os, identity.NewStore(d), cs); err != nil {
		t.Fatal(err)
	}
	f := &fixture{d: d, cat: cs, users: map[string]*org.User{}, now: time.Now()}
	cal := calendar.NewStore(d, nil)
	f.ds = dossier.NewStore(dossier.Config{DB: d, Catalog: cs, Org: os, Calendar: cal, Blobs: dossier.DiskStore{Dir: t.TempDir()},
		Links: dossier.Links{Track: "https://x/tra-cuu?ma={code}"}})
	f.wf = workflow.NewStore(workflow.Config{DB: d, Dossiers: f.ds, Catalog: cs, Org: os, Calendar: cal})
	m, err := vnpay.New(vnpay.Config{TmnCode: "MOTCUA01", HashSecret: secret, URL: "https://gw.example/pay"})
	if err != nil {
		t.Fatal(err)
	}
	f.ps = payment.NewStore(payment.Config{DB: d, Dossiers: f.ds, Catalog: cs, Org: os, Calendar: cal, Merchant: m,
		ReturnURL: "https://motcua.example/thanh-toan/ket-qua"}).WithClock(func() time.Time { return f.now })
	f.ds.OnSubmit = f.wf.Submitted
	f.wf.Fees = f.ps
	for _, a := range demo.Accounts {
		u, err := os.User(ctx, a.Username)
		if err != nil {
			t.Fatal(err)
		}
		f.users[a.Username] = u
	}
	return f
}

// submit files an application of procedure code for congdan at Hoàn Kiếm.
func (f *fixture) submit(t testing.TB, code string) *dossier.Submitted {
	t.Helper()
	ctx := context.Background()
	u := f.users["congdan"]
	p, err := f.cat.Current(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	form, _ := demo.SampleForm(p, false)
	in := dossier.SubmitInput{ProcedureCode: p.Code, AgencyCode: "00070", Form: form}
	for _, c := range p.Components {
		if c.Required && !dossier.FormOnly(c) {
			file, err := f.ds.Upload(ctx, u, c.ID+".pdf", bytes.NewReader(pdf))
			if err != nil {
				t.Fatal(err)
			}
			in.Attachments = append(in.Attachments, dossier.AttachmentInput{Component: c.ID, File: file.ID})
		}
	}
	out, err := f.ds.Submit(ctx, u, in, "")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// invoice is the one fee invoice of a dossier, as its applicant sees it.
func (f *fixture) invoice(t testing.TB, code string) payment.Invoice {
	t.Helper()
	invs, err := f.ps.DossierInvoices(context.Background(), f.users["congdan"], code)
	if err != nil {
		t.Fatal(err)
	}
	if len(invs) != 1 {
		t.Fatalf("DossierInvoices(%s) = %d invoices; want 1", code, len(invs))
	}
	return invs[0]
}

func (f *fixture) pay(t testing.TB, invoice string) *payment.Started {
	t.Helper()
	st, err := f.ps.Pay(context.Background(), f.users["congdan"], payment.PayInput{Invoice: invoice, Method: payment.MethodVNPay},
		"203.0.113.9", "vn")
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// ipn is VNPay's notification of txnRef for amount đồng, signed with key.
func ipn(t testing.TB, key, txnRef string, amount int64, code string) url.Values {
	t.Helper()
	q := url.Values{
		"vnp_TmnCode": {"MOTCUA01"}, "vnp_TxnRef": {txnRef}, "vnp_Amount": {strconv.FormatInt(amount*100, 10)},
		"vnp_ResponseCode": {code}, "vnp_TransactionStatus": {code}, "vnp_TransactionNo": {"1442" + txnRef[len(txnRef)-4:]},
		"vnp_BankCode": {"NCB"}, "vnp_PayDate": {"20261207091806"}, "vnp_OrderInfo": {"Thanh toan"},
	}
	if code != "00" {
		q.Set("vnp_TransactionStatus", "02")
	}
	h, err := vnpay.SignQuery(key, q)
	if err != nil {
		t.Fatal(err)
	}
	q.Set("vnp_SecureHash", h)
	return q
}

// resign signs q again with the terminal's secret after a field was changed.
func resign(t testing.TB, q url.Values) {
	t.Helper()
	q.Del("vnp_SecureHash")
	h, err := vnpay.SignQuery(secret, q)
	if err != nil {
		t.Fatal(err)
	}
	q.Set("vnp_SecureHash", h)
}

func (f *fixture) status(t *testing.T, code string) dossier.Status {
	t.Helper()
	d, err := f.ds.Get(context.Background(), f.users["congdan"], code)
	if err != nil {
		t.Fatal(err)
	}
	return d.Status
}

func (f *fixture) count(t testing.TB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.d.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Code != code {
		t.Fatalf("err = %v; want code %s", err, code)
	}
}

var errNoBill = apperr.NotFound("bill", i18n.Text{"không có phiếu cước", "no such bill"})

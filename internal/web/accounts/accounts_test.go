package accounts

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/payment/refund"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/webtest"
)

type fixture struct {
	*webtest.Demo
	h  *Handler
	ps *payment.Store
}

func setup(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{}
	f.Demo = webtest.NewDemo(t, func(site *web.Site, d *webtest.Demo) ([]webtest.Routes, error) {
		f.ps = payment.NewStore(payment.Config{DB: d.DB, Dossiers: d.Dossiers, Catalog: d.Catalog, Org: d.Org, Calendar: d.Calendar})
		d.Dossiers.OnSubmit, d.Workflow.Fees = d.Workflow.Submitted, f.ps
		var err error
		f.h, err = New(site, Deps{Payments: f.ps, Refunds: refund.New(d.DB, f.ps)})
		return []webtest.Routes{f.h}, err
	})
	if err := f.ps.SeedDemoAccounts(context.Background()); err != nil {
		t.Fatal(err)
	}
	return f
}

// vietqr submits a fee-bearing application (7,000 đồng) for congdan at Hoàn Kiếm and starts
// its VietQR payment.
func (f *fixture) vietqr(t *testing.T) *payment.Started {
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
	invs, err := f.ps.DossierInvoices(ctx, u, out.Code)
	if err != nil || len(invs) != 1 {
		t.Fatalf("invoices = %v, %v", invs, err)
	}
	st, err := f.ps.Pay(ctx, u, payment.PayInput{Invoice: invs[0].ID, Method: payment.MethodVietQR}, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// The accountant imports a statement, works through the queue, refunds a payment and reads the
// day's report; every page passes the HTML checks in both languages; others are turned away.
func TestAccountantPages(t *testing.T) {
	f := setup(t)
	a := f.vietqr(t)
	b := f.Browser(t)
	res, _ := b.Get(HomePath)
	webtest.Location(t, res, 303, "/dang-nhap")
	b.SignIn("ketoan")
	body := b.Page(HomePath, 200)
	webtest.MustContain(t, "empty queue", body, "Không có mục nào cần đối soát")
	b.Page(StatementPath, 200)

	// A file with no file chosen, then a broken one, then the statement.
	res, body = b.Multipart(StatementPath, nil)
	if res.StatusCode != 422 || !strings.Contains(webtest.ErrorSummary(body), "Hãy chọn tệp sao kê") {
		t.Fatalf("no file = %d %q", res.StatusCode, webtest.ErrorSummary(body))
	}
	webtest.CheckHTML(t, "no file", body)
	day := time.Now().In(vntime.Location()).Format("02/01/2006")
	bad := "Ngày giao dịch,Số tiền ghi có,Nội dung,Số giao dịch\n" + day + ",bảy nghìn,x,FT9\n"
	res, body = b.Multipart(StatementPath, nil, webtest.Upload{Field: "tep", Name: "sk.csv", Data: []byte(bad)})
	if res.StatusCode != 422 || !strings.Contains(webtest.ErrorSummary(body), "dòng 2, cột Số tiền ghi có") {
		t.Fatalf("bad statement = %d %q", res.StatusCode, webtest.ErrorSummary(body))
	}
	webtest.CheckHTML(t, "bad statement", body)
	csv := "Ngày giao dịch,Số tiền ghi có,Nội dung,Số giao dịch\n" + day + ",7.000," + strings.ToLower(a.ID) + " nop phi,FT1\n" +
		day + ",50.000,chuyen nham,FT2\n"
	res, body = b.Multipart(StatementPath, nil, webtest.Upload{Field: "tep", Name: "sk.csv", Data: []byte(csv)})
	if res.StatusCode != 200 {
		t.Fatalf("statement = %d\n%s", res.StatusCode, webtest.ErrorSummary(body))
	}
	webtest.MustContain(t, "import", body, "Đã nhập sao kê", "2 khoản ghi có: 1 đã khớp", "Chuyển đối soát", PaymentURL(a.ID))
	webtest.CheckHTML(t, "import", body)

	// The unmatched transfer: a note is required; ignoring it with one resolves it.
	body = b.Page(HomePath, 200)
	webtest.MustContain(t, "queue", body, "Không khớp giao dịch", "FT2", "50.000 đ")
	vals := webtest.FormValues(t, body, "/ke-toan/doi-soat/")
	action := ""
	for _, m := range strings.Split(body, `action="`)[1:] {
		if strings.HasPrefix(m, "/ke-toan/doi-soat/") {
			action = m[:strings.IndexByte(m, '"')]
			break
		}
	}
	vals.Set("resolution", "ignore")
	res, body = b.Post(action, vals)
	if res.StatusCode != 422 || !strings.Contains(webtest.ErrorSummary(body), "Hãy ghi lý do") {
		t.Fatalf("resolve without a note = %d %q", res.StatusCode, webtest.ErrorSummary(body))
	}
	webtest.CheckHTML(t, "resolve without a note", body)
	vals.Set("note", "Chuyển nhầm, đã liên hệ ngân hàng")
	res, _ = b.Post(action, vals)
	webtest.Location(t, res, 303, HomePath+"?xong=")
	body = b.Page(HomePath+"?da-xu-ly=1", 200)
	webtest.MustContain(t, "resolved", body, "Chuyển nhầm, đã liên hệ ngân hàng", "ketoan", "Bỏ qua")

	// The matched payment, its events, and a refund with its reason.
	body = b.Page(PaymentURL(a.ID), 200)
	webtest.MustContain(t, "payment", body, "Đã thanh toán", "statement", "Chưa có khoản hoàn tiền nào")
	res, body = b.Post(PaymentURL(a.ID)+"/hoan-tien", url.Values{"reason": {""}})
	if res.StatusCode != 422 {
		t.Fatalf("refund without a reason = %d", res.StatusCode)
	}
	webtest.CheckHTML(t, "refund without a reason", body)
	res, _ = b.Post(PaymentURL(a.ID)+"/hoan-tien", url.Values{"reason": {"Người nộp rút hồ sơ"}})
	webtest.Location(t, res, 303, PaymentURL(a.ID))
	body = b.Page(PaymentURL(a.ID), 200)
	webtest.MustContain(t, "refunded payment", body, "Người nộp rút hồ sơ", "Đã yêu cầu, chờ hoàn", "/hoan-tien/dong")

	// The transfer back, marked done with a note, once.
	res, body = b.Post(PaymentURL(a.ID)+"/hoan-tien/dong", url.Values{"status": {"done"}, "note": {" "}})
	if res.StatusCode != 422 || !strings.Contains(webtest.ErrorSummary(body), "Hãy ghi chú") {
		t.Fatalf("close without a note = %d %q", res.StatusCode, webtest.ErrorSummary(body))
	}
	webtest.CheckHTML(t, "close without a note", body)
	res, _ = b.Post(PaymentURL(a.ID)+"/hoan-tien/dong", url.Values{"status": {"done"}, "note": {"UNC số 4521 ngày hôm nay"}})
	webtest.Location(t, res, 303, PaymentURL(a.ID))
	body = b.Page(PaymentURL(a.ID), 200)
	webtest.MustContain(t, "refund done", body, "Đã hoàn", "UNC số 4521 ngày hôm nay", "Người đánh dấu")
	if strings.Contains(body, "/hoan-tien/dong") {
		t.Error("a closed refund still offers the close form")
	}
	res, body = b.Post(PaymentURL(a.ID)+"/hoan-tien/dong", url.Values{"status": {"rejected"}, "note": {"nhầm"}})
	if res.StatusCode != 409 || !strings.Contains(webtest.ErrorSummary(body), "đã được đóng") {
		t.Fatalf("second close = %d %q", res.StatusCode, webtest.ErrorSummary(body))
	}
	webtest.CheckHTML(t, "second close", body)

	// The day's report and its spreadsheet.
	body = b.Page(ReportPath, 200)
	webtest.MustContain(t, "report", body, "VietQR", "7.000 đ", "/ke-toan/bao-cao.xlsx?ngay=")
	res, body = b.Get(ReportPath + "?ngay=hôm-nay")
	if res.StatusCode != 400 {
		t.Fatalf("report of a bad date = %d", res.StatusCode)
	}
	webtest.CheckHTML(t, "report of a bad date", body)
	res, body = b.Get(ReportXLSX)
	if res.StatusCode != 200 || !strings.HasPrefix(body, "PK") || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("XLSX = %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}

	// A citizen and an officer are turned away; the officer of another agency sees no payment.
	for _, who := range []string{"congdan", "lanhdao"} {
		o := f.Browser(t)
		o.SignIn(who)
		for _, p := range []string{HomePath, StatementPath, ReportPath, PaymentURL(a.ID)} {
			if res, _ := o.Get(p); res.StatusCode != 403 {
				t.Errorf("%s GET %s = %d; want 403", who, p, res.StatusCode)
			}
		}
	}
}

func TestNewRequires(t *testing.T) {
	if _, err := New(nil, Deps{}); err == nil {
		t.Error("New(nil, Deps{}) succeeded; want an error")
	}
}

func TestMessages(t *testing.T) {
	f := setup(t)
	webtest.CheckMessages(t, ".", i18n.MustLoad(embedded, "messages"), f.h.Messages())
}

// An accountant lands on the review queue after signing in, and the header links to it.
func TestLanding(t *testing.T) {
	u := &org.User{Role: org.RoleAccountant}
	if got := web.Landing(u, "/"); got != HomePath {
		t.Errorf("Landing(accountant) = %q; want %q", got, HomePath)
	}
	if got := web.Landing(u, "/ke-toan/bao-cao"); got != "/ke-toan/bao-cao" {
		t.Errorf("Landing(accountant, next) = %q; want next", got)
	}
	f := setup(t)
	b := f.Browser(t)
	b.SignIn("ketoan")
	webtest.MustContain(t, "header", b.Page(ReportPath, 200), `<a href="/ke-toan">Kế toán</a>`)
}

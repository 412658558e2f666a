package app_test

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/esign/esigntest"
	"github.com/motcua/motcua/internal/payment"
)

// lltp is Cấp Phiếu lý lịch tư pháp: 200.000 đồng online (Thông tư 244/2016/TT-BTC), fully
// online, received by the city police (CATP) at province level.
const lltp = "3.000333"

// download fetches path with the browser's cookies, as a click on a download link does, and
// returns its status, content type and bytes.
func download(t *testing.T, ctx context.Context, path string) (string, []byte) {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(`+jsString(path)+`).then(async r => {
		const b = new Uint8Array(await r.arrayBuffer()); let s = "";
		for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode.apply(null, b.subarray(i, i + 8192));
		return r.status + " " + r.headers.get("content-type") + " " + btoa(s) })`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetch %s: %v", path, err)
	}
	f := strings.SplitN(s, " ", 3)
	if len(f) != 3 {
		t.Fatalf("fetch %s: %q", path, s)
	}
	body, err := base64.StdEncoding.DecodeString(f[2])
	if err != nil {
		t.Fatal(err)
	}
	return f[0] + " " + f[1], body
}

// artifact keeps a file in MOTCUA_ARTIFACTS when set.
func artifact(t *testing.T, name string, b []byte) {
	t.Helper()
	if dir := os.Getenv("MOTCUA_ARTIFACTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// applyForLLTP applies online for a Phiếu lý lịch tư pháp at the city police as the signed-in
// citizen, checking the fee on check-your-answers, and returns the dossier's code.
func applyForLLTP(t *testing.T, ctx context.Context, base string, a *app.App) string {
	t.Helper()
	p, err := a.Catalog.Current(context.Background(), lltp)
	if err != nil {
		t.Fatal(err)
	}
	form, err := demo.SampleForm(p, false)
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/thu-tuc/"+lltp), chromedp.WaitVisible(chromedp.CSS("a.button-start")),
		chromedp.Click(chromedp.CSS("a.button-start")), chromedp.WaitVisible(chromedp.CSS("#agency")),
		chromedp.SetValue(chromedp.CSS("#agency"), "CATP"))
	if err != nil {
		t.Fatal(err)
	}
	fillForm(t, ctx, form)
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[name="_action"][value="continue"]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[type="file"]`)))
	if err != nil {
		t.Fatalf("form → documents: %v\n%s", err, text(t, ctx, "main"))
	}
	// A PDF for each required component that asks for a file (one member of a "one of" group).
	done := map[string]bool{}
	for _, c := range p.Components {
		if !c.Required || dossier.FormOnly(c) || (c.Group != "" && done[c.Group]) {
			continue
		}
		sel := "#file-" + c.ID
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(sel)+`).length`))
		if err != nil || n == 0 {
			continue
		}
		if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS(sel), []string{writePDF(t, c.ID+".pdf")})); err != nil {
			t.Fatal(err)
		}
		done[c.Group] = c.Group != ""
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[name="_action"][value="continue"]`)),
		chromedp.WaitVisible(chromedp.CSS("#declaration")))
	if err != nil {
		t.Fatalf("documents → review: %v\n%s", err, text(t, ctx, "main"))
	}
	screenshot(t, ctx, "fee-01-review.png")
	if review := text(t, ctx, "main"); !strings.Contains(review, "Số tiền phải nộp: 200.000 đ") || !strings.Contains(review, "Thông tư 244/2016/TT-BTC") {
		t.Errorf("check your answers lacks the fee of 200.000 đ and its basis:\n%s", review)
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#declaration")),
		chromedp.Click(chromedp.CSS(`form[action*="/kiem-tra"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".panel-code")))
	if err != nil {
		t.Fatalf("submit: %v\n%s", err, text(t, ctx, "main"))
	}
	screenshot(t, ctx, "fee-02-submitted.png")
	return strings.TrimSpace(text(t, ctx, ".panel-code"))
}

// TestBrowserFeeToSignedResult is issue 12's "done when" in Chromium: a citizen applies online
// for a fee-bearing procedure (Phiếu lý lịch tư pháp at the city police), sees the fee before
// submitting, pays it by clicking through the built-in VNPay sandbox and is back on the return
// page, paid; the signed e-receipt downloads and pdfsig finds it valid; the police's officers
// receive, forward and approve; the citizen downloads the signed result (pdfsig: valid), whose
// QR code leads to the verification page, which says it is authentic.
func TestBrowserFeeToSignedResult(t *testing.T) {
	ctx := browserFor(t, 5*time.Minute)
	a, base := apptest.Start(t, "sqlite")
	signIn(t, ctx, base, "congdan")
	code := applyForLLTP(t, ctx, base, a)
	if !regexp.MustCompile(`^[0-9A-Z.]+-\d{6}-\d{4}$`).MatchString(code) {
		t.Fatalf("reference number %q", code)
	}

	// The dossier waits for its fee; its fees page pays it by VNPay, the default choice.
	err := chromedp.Do(ctx, chromedp.Navigate(base+"/ho-so/"+code), chromedp.WaitVisible(chromedp.CSS(`a[href="/thanh-toan/ho-so/`+code+`"]`)),
		chromedp.Click(chromedp.CSS(`a[href="/thanh-toan/ho-so/`+code+`"]`)), chromedp.WaitVisible(chromedp.CSS(`form[action="/thanh-toan"]`)))
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "fee-03-fees.png")
	if s := text(t, ctx, "main"); !strings.Contains(s, "200.000 đ") || !strings.Contains(s, "Chưa thanh toán") {
		t.Errorf("fees page = %q; want 200.000 đ unpaid", s)
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form[action="/thanh-toan"] input[value="vnpay"]`)),
		chromedp.Click(chromedp.CSS(`form[action="/thanh-toan"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`button[value="confirm"]`)))
	if err != nil {
		t.Fatalf("to the sandbox: %v\n%s", err, text(t, ctx, "body"))
	}
	screenshot(t, ctx, "fee-04-sandbox.png")
	// The payment's page (the return URL) links "my payments" from its main part.
	paidPage := chromedp.WaitVisible(chromedp.CSS(`main a[href="/thanh-toan"]`))
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`label[for="bank-NCB"]`)), chromedp.Click(chromedp.CSS(`button[value="confirm"]`)),
		paidPage)
	if err != nil {
		t.Fatalf("confirm on the sandbox: %v", err)
	}
	returned, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.HasPrefix(returned, base+"/thanh-toan/ket-qua?") {
		t.Fatalf("after the sandbox: %s, %v; want the return page", returned, err)
	}
	// The IPN travels on the job queue: the return page shows what the ledger knows, so it may
	// say "pending" for the moment it takes; it is loaded again until paid.
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(text(t, ctx, "main"), "Thanh toán thành công"); {
		if time.Now().After(deadline) {
			t.Fatalf("the return page never said paid:\n%s", text(t, ctx, "main"))
		}
		if _, err := a.Queue.Work(context.Background(), "vnpay-sandbox-ipn"); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(returned), paidPage); err != nil {
			t.Fatal(err)
		}
	}
	screenshot(t, ctx, "fee-05-paid.png")

	// The e-receipt, signed on the queue: the return page links it.
	sel := `a[href^="/thanh-toan/bien-lai/"]`
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(sel))); err != nil {
		t.Fatalf("no receipt link on the paid page: %v", err)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(`+jsString(sel)+`).getAttribute("href")`))
	if err != nil {
		t.Fatal(err)
	}
	var receipt []byte
	for deadline := time.Now().Add(30 * time.Second); receipt == nil; {
		if _, err := a.Queue.Work(context.Background(), payment.ReceiptKind); err != nil {
			t.Fatal(err)
		}
		switch head, body := download(t, ctx, href); head {
		case "200 application/pdf":
			receipt = body
		case "409 text/html; charset=utf-8":
			if time.Now().After(deadline) {
				t.Fatal("the receipt was never issued")
			}
			time.Sleep(200 * time.Millisecond)
		default:
			t.Fatalf("GET %s = %s", href, head)
		}
	}
	artifact(t, "fee-receipt.pdf", receipt)
	// The dossier's page links the same receipt from its fees.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/ho-so/"+code), chromedp.WaitVisible(chromedp.CSS(`main a[href="`+href+`"]`))); err != nil {
		t.Errorf("the dossier's page does not link the receipt %s: %v", href, err)
	}
	screenshot(t, ctx, "fee-05-dossier-receipt.png")
	police, err := a.Org.Agency(context.Background(), "CATP")
	if err != nil {
		t.Fatal(err)
	}
	if rep := esigntest.PDFSig(t, receipt); !strings.Contains(rep, "Signature is Valid") || !strings.Contains(rep, "Common Name: "+police.Name) {
		t.Errorf("pdfsig on the receipt:\n%s", rep)
	}
	if s := esigntest.Text(t, receipt); !strings.Contains(s, code) || !strings.Contains(s, "200.000") {
		t.Errorf("the receipt lacks the dossier %s or the amount:\n%s", code, s)
	}
	signOut(t, ctx, base)

	// The city police's officers: receive, forward, approve.
	for _, s := range []struct{ who, action string }{{"tiepnhan.catp", "receive"}, {"chuyenvien.catp", "forward"}, {"lanhdao.catp", "approve"}} {
		signIn(t, ctx, base, s.who)
		openDossier(t, ctx, code, "fee-06-"+s.action)
		act(t, ctx, s.action)
		screenshot(t, ctx, "fee-07-"+s.action+"d.png")
		signOut(t, ctx, base)
	}

	// The citizen downloads the signed result; its QR code leads to the verification page.
	signIn(t, ctx, base, "congdan")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/ho-so/"+code), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "fee-08-citizen-result.png")
	head, result := download(t, ctx, "/api/v1/dossiers/"+code+"/result.pdf")
	if head != "200 application/pdf" {
		t.Fatalf("result.pdf = %s", head)
	}
	artifact(t, "fee-result.pdf", result)
	if rep := esigntest.PDFSig(t, result); !strings.Contains(rep, "Signature is Valid") || !strings.Contains(rep, "Common Name: "+police.Name) {
		t.Errorf("pdfsig on the result:\n%s", rep)
	}
	codes := esigntest.QRCodes(t, result)
	if len(codes) != 1 || !strings.HasPrefix(codes[0], base+"/xac-thuc/") {
		t.Fatalf("the result's QR codes = %q; want one to %s/xac-thuc/{serial}", codes, base)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(codes[0]), chromedp.WaitVisible(chromedp.CSS(".notice-title"))); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "fee-09-verified.png")
	if state, details := text(t, ctx, ".notice-title"), text(t, ctx, ".summary-list"); state != "Văn bản hợp lệ" ||
		!strings.Contains(details, code) || !strings.Contains(details, police.Name) {
		t.Errorf("the verification page says %q, %q; want authentic, the dossier and the city police", state, details)
	}
}

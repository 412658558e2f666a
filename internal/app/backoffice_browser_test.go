package app_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/demo"
)

// signOut signs out with the header's button.
func signOut(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	follow(t, ctx, `form[action="/dang-xuat"] button`)
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(`.site-nav a[href^="/dang-nhap"]`))); err != nil {
		t.Fatalf("sign out: %v", err)
	}
}

// applyOnline applies for a birth registration at Phường Hoàn Kiếm as the signed-in citizen,
// through the three pages of the application, and returns the reference number.
func applyOnline(t *testing.T, ctx context.Context, base string, a *app.App) string {
	t.Helper()
	p, err := a.Catalog.Current(context.Background(), "1.001193")
	if err != nil {
		t.Fatal(err)
	}
	form, err := demo.SampleForm(p, false)
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/nop-ho-so/1.001193"), chromedp.WaitVisible(chromedp.CSS("#agency")),
		chromedp.SetValue(chromedp.CSS("#agency"), "00070"))
	if err != nil {
		t.Fatal(err)
	}
	fillForm(t, ctx, form)
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`button[name="_action"][value="continue"]`)),
		chromedp.WaitVisible(chromedp.CSS("#file-giay-chung-sinh")),
		chromedp.SetUploadFiles(chromedp.CSS("#file-giay-chung-sinh"), []string{writePDF(t, "giay-chung-sinh.pdf")}),
		chromedp.SetUploadFiles(chromedp.CSS("#file-giay-to-tuy-than"), []string{writePDF(t, "can-cuoc.pdf")}),
		chromedp.Click(chromedp.CSS(`button[name="_action"][value="continue"]`)),
		chromedp.WaitVisible(chromedp.CSS("#declaration")),
		chromedp.Click(chromedp.CSS("#declaration")),
		chromedp.Click(chromedp.CSS(`form[action*="/kiem-tra"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".panel-code")),
	)
	if err != nil {
		t.Fatalf("apply: %v\n%s", err, text(t, ctx, "main"))
	}
	return strings.TrimSpace(text(t, ctx, ".panel-code"))
}

// act takes an action from the back office's dossier page and waits for the success banner.
func act(t *testing.T, ctx context.Context, action string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.ScrollIntoView(chromedp.CSS("#action-"+action)),
		chromedp.Click(chromedp.CSS("#action-"+action+` button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".notice-success")),
	)
	if err != nil {
		t.Fatalf("%s: %v\n%s", action, err, text(t, ctx, "main"))
	}
}

// fetchHead fetches path with the browser's cookies and returns its status, content type and
// first five bytes.
func fetchHead(t *testing.T, ctx context.Context, path string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(`+jsString(path)+`).then(async r => r.status + " " +
		r.headers.get("content-type") + " " + new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5)))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetch %s: %v", path, err)
	}
	return s
}

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// openDossier goes to the inbox with the header's link and opens the dossier from it.
func openDossier(t *testing.T, ctx context.Context, code, shot string) {
	t.Helper()
	follow(t, ctx, `a[href="/can-bo"]`)
	err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`a[href="/can-bo/ho-so/`+code+`"]`)))
	if err != nil {
		t.Fatalf("inbox: %v\n%s", err, text(t, ctx, "main"))
	}
	screenshot(t, ctx, shot+"-inbox.png")
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href="/can-bo/ho-so/`+code+`"]`)), chromedp.WaitVisible(chromedp.CSS("#actions-heading")))
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, shot+"-dossier.png")
}

// TestBrowserBackOffice takes a dossier from submission to the returned result in a real
// browser with the demo accounts (CONTRACT.md): the citizen applies; the reception officer
// receives it from the inbox and prints the receipt; the specialist forwards it; the leader
// approves; the reception officer returns the result; the citizen downloads it and evaluates
// the service.
func TestBrowserBackOffice(t *testing.T) {
	ctx := browser(t)
	a, base := apptest.Start(t, "sqlite")

	signIn(t, ctx, base, "congdan")
	code := applyOnline(t, ctx, base, a)
	if !codeRe.MatchString(code) {
		t.Fatalf("reference number %q", code)
	}
	screenshot(t, ctx, "backoffice-01-submitted.png")
	signOut(t, ctx, base)

	// Reception: receive, then the receipt (Mẫu 01).
	signIn(t, ctx, base, "tiepnhan")
	openDossier(t, ctx, code, "backoffice-02-reception")
	act(t, ctx, "receive")
	screenshot(t, ctx, "backoffice-03-received.png")
	if s := text(t, ctx, ".notice-success"); !strings.Contains(s, "Đã tiếp nhận hồ sơ") {
		t.Errorf("banner after receiving = %q", s)
	}
	receipt := "/can-bo/ho-so/" + code + "/giay-tiep-nhan.pdf"
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`a[href="`+receipt+`"]`))); err != nil {
		t.Fatal(err)
	}
	if got := fetchHead(t, ctx, receipt); got != "200 application/pdf %PDF-" {
		t.Errorf("receipt = %q; want a PDF", got)
	}
	signOut(t, ctx, base)

	// The specialist the dossier was assigned to forwards it.
	signIn(t, ctx, base, "chuyenvien")
	openDossier(t, ctx, code, "backoffice-04-specialist")
	err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS("#note-forward"), "Hồ sơ đủ điều kiện, đề nghị phê duyệt."))
	if err != nil {
		t.Fatal(err)
	}
	act(t, ctx, "forward")
	screenshot(t, ctx, "backoffice-05-forwarded.png")
	signOut(t, ctx, base)

	// The leader approves: the result document is made from the city's template.
	signIn(t, ctx, base, "lanhdao")
	openDossier(t, ctx, code, "backoffice-06-leader")
	act(t, ctx, "approve")
	screenshot(t, ctx, "backoffice-07-approved.png")
	signOut(t, ctx, base)

	// Reception returns the result.
	signIn(t, ctx, base, "tiepnhan")
	openDossier(t, ctx, code, "backoffice-08-return")
	act(t, ctx, "return_result")
	screenshot(t, ctx, "backoffice-09-returned.png")
	signOut(t, ctx, base)

	// The citizen: the result, its document, and the evaluation.
	signIn(t, ctx, base, "congdan")
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/ho-so/"+code), chromedp.WaitVisible(chromedp.CSS("#evaluation-heading")))
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "backoffice-10-citizen-result.png")
	if s := text(t, ctx, ".summary-list .tag-status"); s != "Đã trả kết quả" {
		t.Errorf("status for the citizen = %q; want Đã trả kết quả", s)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('section[aria-labelledby="results-heading"] a[href^="/tep/"]')?.getAttribute("href") ?? ""`))
	if err != nil || href == "" {
		t.Fatalf("no link to the result document: %v", err)
	}
	if got := fetchHead(t, ctx, href); got != "200 application/pdf %PDF-" {
		t.Errorf("result document = %q; want a PDF", got)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#eval-agencies")),
		chromedp.Click(chromedp.CSS("#eval-publicity")),
		chromedp.Click(chromedp.CSS("#eval-attitude")),
		chromedp.Click(chromedp.CSS("#eval-feedback-2")),
		chromedp.SendKeys(chromedp.CSS("#eval-comment"), "Nhanh, không phải đi lại."),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "backoffice-11-evaluation-form.png")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action$="/danh-gia"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".notice-success")),
	)
	if err != nil {
		t.Fatalf("evaluate: %v\n%s", err, text(t, ctx, "main"))
	}
	screenshot(t, ctx, "backoffice-12-evaluated.png")
	if s := text(t, ctx, "#evaluation"); !strings.Contains(s, "Tổng điểm: 17/18.") || !strings.Contains(s, "Nhanh, không phải đi lại.") {
		t.Errorf("evaluation shown = %q", s)
	}
}

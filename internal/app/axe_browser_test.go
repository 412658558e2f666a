package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/demo"
)

// axeSkipped are the GET page routes that show no page of their own to check, with why.
var axeSkipped = map[string]string{
	"GET /static/":                    "stylesheets, icons and fonts, not pages",
	"GET /dang-nhap/oidc":             "redirects to the identity provider (VNeID); without one configured it is the 404 page, checked",
	"GET /dang-nhap/oidc/callback":    "the identity provider's redirect back: a sign-in or the error page, both checked",
	"GET /tep/{id}":                   "downloads a file (PDF, image)",
	"GET /ho-so/{code}/{file}":        "a legal form as PDF",
	"GET /can-bo/ho-so/{code}/{file}": "a legal form as PDF",
	"GET /thu-tuc/{code}/to-khai.pdf": "a procedure's blank declaration as PDF",
	"GET /sandbox/vnpay/paymentv2/vpcpay.html": "the demo's stand-in for VNPay's page, not motcua's: reached only with a signed pay URL; " +
		"the page checks run in TestSandboxDemo and internal/vnpay/sandbox",
	"GET /sandbox/vnpay/static/sandbox.css": "the VNPay sandbox's stylesheet, not a page",
	"GET /xac-thuc/{serial}/tai-ve":         "downloads an issued document's signed PDF",
	"GET /thanh-toan/bien-lai/{id}":         "downloads a payment's signed e-receipt (PDF)",
	"GET /thanh-toan/ket-qua":               "VNPay's return to the payer: needs a terminal, which the walk's server has not (the page is the payment's, checked)",
	"GET /ke-toan/bao-cao.xlsx":             "the daily collection report as XLSX",
	"GET /bao-cao/thang.pdf":                "the committee's monthly report as PDF",
	"GET /bao-cao/ra-soat.csv":              "the process review's step table as CSV",
	"GET /bao-cao/ra-soat.xlsx":             "the process review's tables as XLSX",
	"GET /chi-dao.xlsx":                     "the directives' tasks as XLSX",
	"GET /chi-dao/tep/{id}":                 "downloads a directive's PDF or a report's document",
	"GET /tin-tuc/atom.xml":                 "the news as an Atom feed, not a page",
	"GET /tin-tuc/rss.xml":                  "the news as an RSS feed, not a page",
	"GET /tin-tuc/anh/{sum}":                "an article's uploaded image, not a page",
}

// axePhone is the phone the citizen puts in the profile, and so in the applications.
const axePhone = "0912345678"

// TestBrowserAxe runs axe-core (WCAG A and AA, best practices) on every page a person reaches,
// in Vietnamese and in English, at a phone's and a desktop's width: the public portal, the
// citizen's application and dossiers, the officers' and administrators' pages, error summaries
// and error pages. Every GET page route must be visited or skipped with a reason (axeSkipped).
// It runs on SQLite only: the pages are the same templates on both engines.
func TestBrowserAxe(t *testing.T) {
	ctx := browserFor(t, 10*time.Minute)
	a, base := apptest.Start(t, "sqlite")
	routes := a.PageRoutes()
	w := newAxeWalk(t, ctx, base, routes)

	// The citizen's profile first: its phone is recorded in the applications, and unlocks tracking.
	signIn(t, ctx, base, "congdan")
	w.visit("/tai-khoan", "#unit_code")
	err := chromedp.Do(ctx, chromedp.Navigate(base+"/tai-khoan?lang=vi"), chromedp.WaitVisible(chromedp.CSS("#phone")),
		chromedp.SendKeys(chromedp.CSS("#phone"), axePhone),
		chromedp.SetValue(chromedp.CSS("#unit_code"), "00070"),
		chromedp.SendKeys(chromedp.CSS("#address_line"), "Số 1 Tràng Tiền"),
		chromedp.Click(chromedp.CSS(`form[action="/tai-khoan"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".notice-success")))
	if err != nil {
		t.Fatalf("profile: %v", err)
	}
	w.visit("/tai-khoan?da_luu=1", ".notice-success")
	ds := axeDossiers(t, a, base)

	axeCitizen(t, ctx, w, a, ds)
	axePayments(t, ctx, w, a)
	axeAccounts(t, ctx, w, a)
	signOut(t, ctx, base)
	axePublic(ctx, w, ds)
	axeOfficers(t, ctx, w, base, ds)
	axeReports(t, ctx, w, base)
	axeDirectives(t, ctx, w, a, base)
	axeNews(t, ctx, w, base)

	w.report()
	w.coverage(routes, axeSkipped)
}

// axeCases are dossiers in the states whose pages differ.
type axeCases struct{ submitted, processing, supplement, done, serial string }

// axeDossiers submits four applications as the demo citizen through the API and takes them
// through the demo process: one left as submitted, one being processed, one waiting for
// documents, one with its result returned.
func axeDossiers(t *testing.T, a *app.App, base string) axeCases {
	t.Helper()
	cit := login(t, base, "congdan")
	submit := func() string {
		var out struct{ Code string }
		cit.json("POST", "/api/v1/dossiers", khaiSinh(t, a, cit), 201, &out)
		return out.Code
	}
	act := func(c *client, code, action string) {
		c.json("POST", "/api/v1/dossiers/"+code+"/actions", map[string]any{"action": action, "note": "Thiếu bản sao giấy chứng sinh."}, 200, nil)
	}
	reception, specialist, leader := login(t, base, "tiepnhan"), login(t, base, "chuyenvien"), login(t, base, "lanhdao")
	ds := axeCases{submitted: submit(), processing: submit(), supplement: submit(), done: submit()}
	act(reception, ds.processing, "receive")
	act(reception, ds.supplement, "request_supplement")
	act(reception, ds.done, "receive")
	act(specialist, ds.done, "forward")
	act(leader, ds.done, "approve")
	act(reception, ds.done, "return_result")
	// The signed result's serial, for its verification page.
	owner, err := a.Org.User(context.Background(), "congdan")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := a.Esign.Result(context.Background(), owner, ds.done)
	if err != nil {
		t.Fatalf("the approved dossier's signed result: %v", err)
	}
	ds.serial = doc.Serial
	return ds
}

// axeCitizen checks the signed-in citizen's pages: applying (form, errors, documents, check
// your answers, confirmation), the dossiers in each state, withdrawing.
func axeCitizen(t *testing.T, ctx context.Context, w *axeWalk, a *app.App, ds axeCases) {
	t.Helper()
	cont := chromedp.Click(chromedp.CSS(`button[name="_action"][value="continue"]`))
	w.visit("/nop-ho-so/1.001193", "#agency")
	w.flow("/nop-ho-so/1.001193 (errors)", "/nop-ho-so/1.001193", ".error-summary", cont)

	// Fill in the form once; the draft's pages then open in either language.
	p, err := a.Catalog.Current(context.Background(), "1.001193")
	if err != nil {
		t.Fatal(err)
	}
	form, err := demo.SampleForm(p, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(w.base+"/nop-ho-so/1.001193?lang=vi"), chromedp.WaitVisible(chromedp.CSS("#agency")),
		chromedp.SetValue(chromedp.CSS("#agency"), "00070")); err != nil {
		t.Fatal(err)
	}
	fillForm(t, ctx, form)
	if err := chromedp.Do(ctx, cont, chromedp.WaitVisible(chromedp.CSS("#file-giay-chung-sinh"))); err != nil {
		t.Fatalf("form → documents: %v\n%s", err, text(t, ctx, "main"))
	}
	docs := w.here()
	w.visit(docs, "#file-giay-chung-sinh")
	w.flow("/nop-ho-so/{code}/tai-lieu (errors)", docs, ".error-summary", cont)
	err = chromedp.Do(ctx, chromedp.Navigate(w.base+docs),
		chromedp.WaitVisible(chromedp.CSS("#file-giay-chung-sinh")),
		chromedp.SetUploadFiles(chromedp.CSS("#file-giay-chung-sinh"), []string{writePDF(t, "giay-chung-sinh.pdf")}),
		chromedp.SetUploadFiles(chromedp.CSS("#file-giay-to-tuy-than"), []string{writePDF(t, "can-cuoc.pdf")}),
		cont, chromedp.WaitVisible(chromedp.CSS("#declaration")))
	if err != nil {
		t.Fatalf("documents → review: %v\n%s", err, text(t, ctx, "main"))
	}
	review := w.here()
	w.visit(review, "#declaration")
	w.flow("/nop-ho-so/{code}/kiem-tra (errors)", review, ".error-summary",
		chromedp.Click(chromedp.CSS(`form[action*="/kiem-tra"] button[type="submit"]`)))

	w.visit("/ho-so", "h1")
	w.visit("/ho-so/"+ds.submitted+"?moi=1", ".panel-code")
	w.visit("/ho-so/"+ds.processing, ".summary-list")
	w.visit("/ho-so/"+ds.supplement, ".summary-list")
	w.visit("/ho-so/"+ds.done, "#evaluation-heading")
	w.visit("/ho-so/"+ds.submitted+"/rut", "h1")
	samples, err := a.Bills.Samples(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	w.visit("/hoa-don", "h1")
	w.visit("/hoa-don/EVNHANOI?ma="+samples["EVNHANOI"], `form[action="/thanh-toan"]`)
	w.errorPage("/can-bo (citizen: 403)", "/can-bo", "h1")
}

// axePublic checks what anyone reaches signed out, sign-in and sign-up included.
func axePublic(ctx context.Context, w *axeWalk, ds axeCases) {
	w.visit("/", "#q")
	w.visit("/thu-tuc?q=khai+sinh", ".result a")
	w.visit("/thu-tuc?q=khong+co+thu+tuc+nao+nhu+the", "h1")
	w.visit("/thu-tuc/1.001193", "a.button-start")
	w.visit("/thu-tuc/1.001193/lich-su", "h1")
	w.visit("/quyet-dinh", "h1")
	w.visit("/lich", "h1")
	w.visit("/tra-cuu", "#ma")
	w.visit("/hoa-don/EVNHANOI", "#ma")
	w.visit("/tra-cuu?ma="+ds.processing, ".track-result")
	w.flow("/tra-cuu (with proof)", "/tra-cuu?ma="+ds.processing, ".track-result .events",
		chromedp.SendKeys(chromedp.CSS("#xac_minh"), axePhone),
		chromedp.Click(chromedp.CSS(`form[action="/tra-cuu"] button[type="submit"]`)))
	w.flow("/tra-cuu (errors)", "/tra-cuu", "#ma-error",
		chromedp.SendKeys(chromedp.CSS("#ma"), "không phải mã"),
		chromedp.Click(chromedp.CSS(`form[action="/tra-cuu"] button[type="submit"]`)))
	w.visit("/xac-thuc", "#tep")
	w.visit("/xac-thuc/"+ds.serial, ".notice-success")
	w.flow("/xac-thuc (errors)", "/xac-thuc", "#sha256-error",
		chromedp.SendKeys(chromedp.CSS("#sha256"), "không phải mã"),
		chromedp.Click(chromedp.CSS(`form[method="get"] button[type="submit"]`)))
	w.errorPage("/xac-thuc/{serial} (404)", "/xac-thuc/AAAAAAAAAAAAAAAAAAAAAAAAAA", "h1")
	w.visit("/dang-nhap", "#username")
	w.flow("/dang-nhap (errors)", "/dang-nhap", ".error-summary",
		chromedp.SendKeys(chromedp.CSS("#username"), "congdan"),
		chromedp.SendKeys(chromedp.CSS("#password"), "sai mật khẩu"),
		chromedp.Click(chromedp.CSS(`form[action="/dang-nhap"] button[type="submit"]`)))
	w.visit("/dang-ky", "#login")
	w.flow("/dang-ky (errors)", "/dang-ky", ".error-summary",
		chromedp.SendKeys(chromedp.CSS("#login"), "hoa.le@example.vn"),
		chromedp.SendKeys(chromedp.CSS("#password"), "mật khẩu dài"),
		chromedp.SendKeys(chromedp.CSS("#password2"), "mật khẩu khác"),
		chromedp.Click(chromedp.CSS(`form[action="/dang-ky"] button[type="submit"]`)))
	w.visit("/dang-ky/xac-minh", "#code")
	w.errorPage("404", "/khong-co-trang-nay", "h1")
	w.errorPage("/dang-nhap/oidc (404)", "/dang-nhap/oidc", "h1")
	w.errorPage("/thu-tuc/{code} (404)", "/thu-tuc/9.999999", "h1")
}

// axeOfficers checks the back office as the reception officer and the specialist, and the
// administrators' pages.
func axeOfficers(t *testing.T, ctx context.Context, w *axeWalk, base string, ds axeCases) {
	t.Helper()
	signIn(t, ctx, base, "tiepnhan")
	w.visit("/can-bo", `a[href="/can-bo/ho-so/`+ds.submitted+`"]`)
	w.visit("/can-bo/ho-so/"+ds.submitted, "#actions-heading")
	w.visit("/can-bo/ho-so/"+ds.supplement, "h1")
	w.visit("/can-bo/ho-so/"+ds.done+"?xong=return_result", "h1")
	w.visit("/can-bo/so-theo-doi", "h1")
	w.visit("/quay/tiep-nhan", "#thu_tuc")
	w.visit("/quay/tiep-nhan?thu_tuc=1.001193", "#ap-name")
	w.flow("/quay/tiep-nhan (errors)", "/quay/tiep-nhan?thu_tuc=1.001193", ".error-summary",
		chromedp.Click(chromedp.CSS(`form[method="post"][action="/quay/tiep-nhan"] button[type="submit"]`)))
	w.visit("/quay/tiep-nhan?ma="+ds.submitted, "#registered-title")
	signOut(t, ctx, base)

	signIn(t, ctx, base, "chuyenvien")
	w.visit("/can-bo", "h1")
	w.visit("/can-bo/ho-so/"+ds.processing, "#actions-heading")
	signOut(t, ctx, base)

	signIn(t, ctx, base, "admin")
	w.visit("/quan-tri/lich", "h1")
	w.visit("/quan-tri/cong-viec", "h1")
	// The process review: today's dossiers of khai sinh, a simulation, and an error summary.
	w.visit("/bao-cao/ra-soat", "#procedure")
	w.visit("/bao-cao/ra-soat?procedure=1.001193&step=approval&mode=remove", "#mo-phong")
	w.visit("/bao-cao/ra-soat?procedure=1.001193&from=2026-03-10&to=2026-03-01", ".error-summary")
	signOut(t, ctx, base)

	// Decision 766: the ranking, a scorecard and a figure's dossiers, as the ward's leader.
	signIn(t, ctx, base, "lanhdao")
	w.visit("/bao-cao/chi-so-766", "h1")
	w.flow("/bao-cao/chi-so-766 (errors)", "/bao-cao/chi-so-766?thang=2026-13", ".error-summary")
	w.visit("/bao-cao/chi-so-766/00070", "h1")
	w.visit("/bao-cao/chi-so-766/00070/2.1?danh-sach=mau-so", "h1")
	signOut(t, ctx, base)
}

// trimLang drops the lang parameter a visit added.
func trimLang(u string) string {
	for _, p := range []string{"?lang=vi&", "?lang=en&"} {
		u = strings.Replace(u, p, "?", 1)
	}
	for _, p := range []string{"?lang=vi", "?lang=en", "&lang=vi", "&lang=en"} {
		u = strings.Replace(u, p, "", 1)
	}
	return u
}

// TestAxeCoverage checks, without a browser, that the walk's coverage check catches a page
// route neither checked nor skipped and a skip naming no route, and that axeSkipped names
// today's routes.
func TestAxeCoverage(t *testing.T) {
	routes := []string{"GET /", "POST /", "GET /moi", "GET /tep/{id}"}
	got := axeUncovered(routes, map[string]bool{"GET /": true}, map[string]string{"GET /tep/{id}": "a file", "GET /cu": "gone"})
	if len(got) != 2 || !strings.HasPrefix(got[0], "GET /moi: ") || !strings.HasPrefix(got[1], "skipped route GET /cu ") {
		t.Errorf("axeUncovered = %q; want GET /moi unchecked and GET /cu stale", got)
	}
	a, _ := apptest.Start(t, "sqlite")
	visitedAll := map[string]bool{}
	for _, r := range a.PageRoutes() {
		if _, skip := axeSkipped[r]; !skip {
			visitedAll[r] = true
		}
	}
	if p := axeUncovered(a.PageRoutes(), visitedAll, axeSkipped); len(p) > 0 {
		t.Errorf("axeSkipped: %q", p)
	}
}

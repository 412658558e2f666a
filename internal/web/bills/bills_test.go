package bills

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/demo/demobill"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web/webtest"

	hub "github.com/motcua/motcua/internal/bills"
)

type fixture struct {
	h     *Handler
	srv   *webtest.Server
	store *hub.Store
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	st := webtest.NewStores(t)
	store := hub.NewStore(st.DB, demobill.Registry(nil))
	site := st.Site(t)
	h, err := New(site, Deps{Bills: store})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"congdan", "congdan2"} {
		if _, err := st.Identity.CreateUser(context.Background(), identity.NewUser{Username: name, Password: "demo", Role: org.RoleCitizen}); err != nil {
			t.Fatal(err)
		}
	}
	return &fixture{h: h, srv: webtest.NewServer(st.Identity, site, h), store: store}
}

func form(vals url.Values) (*strings.Reader, string) {
	return strings.NewReader(vals.Encode()), "Content-Type: application/x-www-form-urlencoded"
}

// TestMessages checks the package's messages against its templates and code.
func TestMessages(t *testing.T) {
	f := newFixture(t)
	webtest.CheckMessages(t, ".", i18n.MustLoad(embedded, "messages"), f.h.Messages(), "bills.category.", "bills.method.")
}

// TestNewRequires checks that New refuses to build without the site or the store.
func TestNewRequires(t *testing.T) {
	if _, err := New(nil, Deps{}); err == nil {
		t.Error("New(nil, Deps{}) succeeded; want an error")
	}
}

// TestBillsPages walks a citizen through the pages: billers by category, a biller's form with
// the sample code, the bills with a pay form per unpaid bill posting bill and method to
// /thanh-toan, saving the code, picking it again, forgetting it; every page passes the HTML
// checks in both languages.
func TestBillsPages(t *testing.T) {
	f := newFixture(t)
	samples, err := f.store.Samples(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sample := samples["EVNHANOI"]
	for lang, want := range map[string][]string{
		"vi": {"Thanh toán hoá đơn", "Tiền điện", "Tiền nước", "Cước viễn thông", "Phí gửi xe", "Học phí", `href="/hoa-don/EVNHANOI"`, "Đăng nhập để tra cứu"},
		"en": {"Pay bills", "Electricity", "Water", "Telephone", "Parking", "School fees"},
	} {
		res, body := f.srv.Do(t, "GET", "/hoa-don?lang="+lang, nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET /hoa-don (%s) = %d", lang, res.StatusCode)
		}
		webtest.MustContain(t, "GET /hoa-don?lang="+lang, body, want...)
		webtest.CheckHTML(t, "GET /hoa-don?lang="+lang, body)
	}
	res, body := f.srv.Do(t, "GET", "/hoa-don/EVNHANOI", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET biller = %d", res.StatusCode)
	}
	webtest.MustContain(t, "the biller's page", body, "Mã khách hàng", "PD và 11 chữ số", sample, `action="/hoa-don/EVNHANOI"`)
	webtest.CheckHTML(t, "GET /hoa-don/EVNHANOI", body)
	if res, _ := f.srv.Do(t, "GET", "/hoa-don/NOPE", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("GET an unknown biller = %d; want 404", res.StatusCode)
	}
	// Bills are for signed-in citizens: an anonymous look-up goes to sign in and back.
	look := "/hoa-don/EVNHANOI?ma=" + sample
	if res, _ := f.srv.Do(t, "GET", look, nil); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/dang-nhap?next=") {
		t.Errorf("anonymous look-up = %d %s; want 303 to sign in", res.StatusCode, res.Header.Get("Location"))
	}

	cookie := f.srv.SignIn(t, "congdan", "demo")
	for _, lang := range []string{"vi", "en"} {
		res, body = f.srv.Do(t, "GET", look+"&lang="+lang, nil, cookie)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s = %d", look, res.StatusCode)
		}
		webtest.CheckHTML(t, "GET "+look+"&lang="+lang, body)
	}
	bs, err := f.store.Fetch(context.Background(), &org.User{ID: 1}, "EVNHANOI", sample)
	if err != nil {
		t.Fatal(err)
	}
	unpaid := bs[0]
	pay := webtest.FormValues(t, body, "/thanh-toan")
	if pay.Get("bill") != unpaid.ID || pay.Get("method") != "vnpay" {
		t.Errorf("the first pay form posts %v; want bill=%s and method=vnpay", pay, unpaid.ID)
	}
	webtest.MustContain(t, "the bills", body, `value="vietqr"`, "Tiền điện tháng 11/2026", "Pay "+moneyText(unpaid.AmountVND), "Unpaid", "Paid")
	if n := strings.Count(body, `action="/thanh-toan"`); n != countUnpaid(bs) {
		t.Errorf("%d pay forms; want one per unpaid bill (%d)", n, countUnpaid(bs))
	}
	for _, c := range []struct {
		ma     string
		status int
	}{{"PD00000000001", http.StatusNotFound}, {"12", http.StatusUnprocessableEntity}} {
		res, body := f.srv.Do(t, "GET", "/hoa-don/EVNHANOI?ma="+c.ma, nil, cookie)
		if res.StatusCode != c.status || !strings.Contains(webtest.ErrorSummary(body), "Mã khách hàng") || !strings.Contains(body, `href="#ma"`) {
			t.Errorf("GET ?ma=%s = %d, summary %q; want %d with an error on ma", c.ma, res.StatusCode, webtest.ErrorSummary(body), c.status)
		}
		webtest.CheckHTML(t, "GET ?ma="+c.ma, body)
	}

	// Save the code, with a label; it is offered on the biller's page and listed at home.
	rd, ct := form(url.Values{"ma": {sample}, "label": {"Nhà Hoàn Kiếm"}})
	res, _ = f.srv.Do(t, "POST", "/hoa-don/EVNHANOI/luu", rd, cookie, ct)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != look+"&da_luu=1" {
		t.Fatalf("POST save = %d %s; want 303 back to the bills", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = f.srv.Do(t, "GET", res.Header.Get("Location"), nil, cookie)
	webtest.MustContain(t, "after saving", body, "Đã lưu mã khách hàng.", "Nhà Hoàn Kiếm ("+sample+")")
	if strings.Contains(body, `action="/hoa-don/EVNHANOI/luu"`) {
		t.Error("the save form is still offered for a saved code")
	}
	webtest.CheckHTML(t, "GET after saving", body)
	_, body = f.srv.Do(t, "GET", "/hoa-don", nil, cookie)
	webtest.MustContain(t, "home with a saved code", body, "Nhà Hoàn Kiếm", `href="`+strings.ReplaceAll(look, "&", "&amp;"))
	webtest.CheckHTML(t, "GET /hoa-don signed in", body)
	// A label too long is an error on the label input.
	rd, ct = form(url.Values{"ma": {samples["VNPT"]}, "label": {strings.Repeat("x", 61)}})
	res, body = f.srv.Do(t, "POST", "/hoa-don/VNPT/luu", rd, cookie, ct)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#label"`) {
		t.Errorf("POST save with a long label = %d, summary %q; want 422 on label", res.StatusCode, webtest.ErrorSummary(body))
	}
	webtest.CheckHTML(t, "POST save with a long label", body)
	// Another citizen does not see it; the owner forgets it.
	other := f.srv.SignIn(t, "congdan2", "demo")
	if _, body := f.srv.Do(t, "GET", "/hoa-don", nil, other); strings.Contains(body, "Nhà Hoàn Kiếm") {
		t.Error("another citizen sees the saved code")
	}
	rd, ct = form(url.Values{"biller": {"EVNHANOI"}, "ma": {sample}})
	if res, _ := f.srv.Do(t, "POST", "/hoa-don/ma-da-luu/xoa", rd, other, ct); res.StatusCode != http.StatusNotFound {
		t.Errorf("another citizen forgets the code = %d; want 404", res.StatusCode)
	}
	rd, ct = form(url.Values{"biller": {"EVNHANOI"}, "ma": {sample}})
	res, _ = f.srv.Do(t, "POST", "/hoa-don/ma-da-luu/xoa", rd, cookie, ct)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST forget = %d; want 303", res.StatusCode)
	}
	_, body = f.srv.Do(t, "GET", res.Header.Get("Location"), nil, cookie)
	webtest.MustContain(t, "after forgetting", body, "Đã xoá mã khách hàng.", "Bạn chưa lưu mã khách hàng nào.")
	webtest.CheckHTML(t, "GET after forgetting", body)
}

func countUnpaid(bs []hub.Bill) int {
	n := 0
	for _, b := range bs {
		if b.Status == hub.Unpaid {
			n++
		}
	}
	return n
}

// moneyText is an amount as the pages show it, "1.234.567 đ".
func moneyText(v int64) string {
	d := strconv.FormatInt(v, 10)
	for i := len(d) - 3; i > 0; i -= 3 {
		d = d[:i] + "." + d[i:]
	}
	return d + " đ"
}

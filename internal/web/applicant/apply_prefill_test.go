package applicant

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/web/webtest"
)

// TestApplyKnowsYou (issue 11): a new application starts with the profile's details, marked
// and editable, never over what the person typed; the result's delivery is chosen on step 1
// (public post needs its address, prefilled from the profile); the review shows the fee and
// the expected date by the rule reception applies.
func TestApplyKnowsYou(t *testing.T) {
	f := newDemoFixture(t)
	ctx := context.Background()
	u := webtest.MustUser(t, f.Org, "congdan")
	if _, err := f.Identity.UpdateProfile(ctx, u, identity.ProfileInput{FullName: "Nguyễn Văn An", IDNumber: "001090000123",
		BirthDate: "1990-05-01", Phone: "0912 345 678", Email: "an@example.vn", UnitCode: "00070", AddressLine: "12 Hàng Bạc"}); err != nil {
		t.Fatal(err)
	}
	p, err := f.Catalog.Current(ctx, "1.001193")
	if err != nil {
		t.Fatal(err)
	}
	b := f.Browser(t)
	b.SignIn("congdan")

	body := b.Page("/nop-ho-so/1.001193?agency=00070", 200)
	webtest.CheckHTML(t, "step 1 prefilled", body)
	webtest.MustContain(t, "step 1 prefilled", body,
		`name="nguoi_yeu_cau.ho_ten" type="text" class="input" value="Nguyễn Văn An"`,
		`name="nguoi_yeu_cau.so_dinh_danh" type="text" class="input input-medium" value="001090000123"`,
		`name="nguoi_yeu_cau.dien_thoai" type="text" class="input input-medium" value="0912345678"`,
		`<p id="f-nguoi_yeu_cau-dien_thoai-hint" class="hint">`, `<strong class="tag tag-prefilled">Lấy từ hồ sơ tài khoản</strong>`,
		`name="_delivery_address" type="text" class="input" value="12 Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội"`)
	// Someone else's details are not the applicant's: the child's and the parents' stay empty.
	for _, name := range []string{"nguoi_duoc_khai_sinh.ho_ten", "cha.ho_ten", "me.so_dinh_danh"} {
		if regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `" [^>]*value="[^"]`).MatchString(body) {
			t.Errorf("%s is prefilled", name)
		}
	}

	// Public post without an address: refused beside the address, and still no draft.
	vals := webtest.FormValues(t, body, "/nop-ho-so/1.001193")
	vals = webtest.Overlay(vals, webtest.SampleValues(t, p, true))
	vals = webtest.Overlay(vals, url.Values{"nguoi_yeu_cau.ho_ten": {"Nguyễn Thị Khác"}, "_agency": {"00070"},
		"_delivery": {"post"}, "_delivery_address": {" "}, "_action": {"continue"}})
	res, body := b.Post("/nop-ho-so/1.001193", vals)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("post without an address = %d; want 422\n%s", res.StatusCode, webtest.ErrorSummary(body))
	}
	webtest.CheckHTML(t, "step 1, no address", body)
	webtest.MustContain(t, "step 1, no address", body, `<a href="#delivery-address">Hãy nhập địa chỉ nhận kết quả qua bưu chính.</a>`,
		`<p id="delivery-address-error" class="error-message">`, `name="_delivery" type="radio" value="post" checked`)
	if ds, _ := f.Dossiers.Drafts(ctx, u); len(ds) != 0 {
		t.Fatalf("an invalid first continue left %d drafts", len(ds))
	}

	vals.Set("_delivery_address", "12 Hàng Bạc, Hoàn Kiếm, Hà Nội")
	res, _ = b.Post("/nop-ho-so/1.001193", vals)
	docsURL := webtest.Location(t, res, http.StatusSeeOther, "/nop-ho-so/1.001193/tai-lieu?draft=")
	draft := strings.TrimPrefix(docsURL, "/nop-ho-so/1.001193/tai-lieu?draft=")
	// The draft resumes with what was typed, not the profile's.
	body = b.Page("/nop-ho-so/1.001193?draft="+draft, 200)
	webtest.MustContain(t, "draft resumed", body, `value="Nguyễn Thị Khác"`, `name="_delivery" type="radio" value="post" checked`,
		`value="12 Hàng Bạc, Hoàn Kiếm, Hà Nội"`)
	if strings.Contains(body, "tag-prefilled") {
		t.Errorf("a resumed draft is marked as prefilled")
	}

	res, _ = b.Multipart(docsURL, url.Values{"_action": {"continue"}},
		webtest.Upload{Field: "file-giay-chung-sinh", Name: "gcs.pdf", Data: webtest.PDF},
		webtest.Upload{Field: "file-giay-to-tuy-than", Name: "cccd.pdf", Data: webtest.PDF})
	reviewURL := webtest.Location(t, res, http.StatusSeeOther, "/nop-ho-so/1.001193/kiem-tra?draft=")
	due, err := f.Workflow.LegalDue(ctx, p, "00070", f.h.now())
	if err != nil || due == nil {
		t.Fatalf("LegalDue = %v, %v", due, err)
	}
	body = b.Page(reviewURL, 200)
	webtest.CheckHTML(t, "review", body)
	webtest.MustContain(t, "review", body, "Hình thức nhận kết quả", "Nhận qua dịch vụ bưu chính công ích", "12 Hàng Bạc, Hoàn Kiếm, Hà Nội",
		`href="/nop-ho-so/1.001193?draft=`+draft+`#delivery"`, "Phí, lệ phí", "Miễn phí",
		"Ngày hẹn trả kết quả dự kiến", due.Format("02/01/2006 15:04"))

	res, _ = b.Post(reviewURL, url.Values{"_declaration": {"true"}})
	loc := webtest.Location(t, res, http.StatusSeeOther, "/ho-so/")
	code := strings.TrimSuffix(strings.TrimPrefix(loc, "/ho-so/"), "?moi=1")
	d, err := f.Dossiers.Get(ctx, u, code)
	if err != nil || d.Delivery != dossier.DeliveryPost || d.DeliveryAddress != "12 Hàng Bạc, Hoàn Kiếm, Hà Nội" {
		t.Errorf("dossier %s: delivery %q to %q, %v", code, d.Delivery, d.DeliveryAddress, err)
	}
	body = b.Page("/ho-so/"+code, 200)
	webtest.MustContain(t, "dossier page", body, "Nhận qua dịch vụ bưu chính công ích")
}

// A draft saved with public post and no address is sent back to step 1's address when
// submitted.
func TestSubmitWithoutPostalAddress(t *testing.T) {
	f := newDemoFixture(t)
	p, err := f.Catalog.Current(context.Background(), "1.001193")
	if err != nil {
		t.Fatal(err)
	}
	b := f.Browser(t)
	b.SignIn("congdan")
	vals := webtest.FormValues(t, b.Page("/nop-ho-so/1.001193?agency=00070", 200), "/nop-ho-so/1.001193")
	vals = webtest.Overlay(vals, webtest.SampleValues(t, p, true))
	vals = webtest.Overlay(vals, url.Values{"_agency": {"00070"}, "_delivery": {"post"}, "_delivery_address": {""}, "_action": {"save"}})
	res, _ := b.Post("/nop-ho-so/1.001193", vals)
	saved := webtest.Location(t, res, http.StatusSeeOther, "/nop-ho-so/1.001193?draft=")
	draft := regexp.MustCompile(`draft=([0-9a-f]+)`).FindStringSubmatch(saved)[1]
	res, _ = b.Multipart("/nop-ho-so/1.001193/tai-lieu?draft="+draft, url.Values{"_action": {"continue"}},
		webtest.Upload{Field: "file-giay-chung-sinh", Name: "gcs.pdf", Data: webtest.PDF},
		webtest.Upload{Field: "file-giay-to-tuy-than", Name: "cccd.pdf", Data: webtest.PDF})
	webtest.Location(t, res, http.StatusSeeOther, "/nop-ho-so/1.001193/kiem-tra?draft="+draft)
	res, body := b.Post("/nop-ho-so/1.001193/kiem-tra?draft="+draft, url.Values{"_declaration": {"true"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("submit without the postal address = %d; want 422", res.StatusCode)
	}
	webtest.CheckHTML(t, "submit without the postal address", body)
	webtest.MustContain(t, "submit without the postal address", body, `<a href="#delivery-address">`, `id="delivery-address"`)
}

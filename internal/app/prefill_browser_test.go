package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/identity"
)

// TestBrowserPrefillAndDelivery (issue 11) applies in a real browser with a filled-in profile:
// the applicant's fields arrive filled and marked, and stay editable; the result is to be
// received by public post, whose address comes from the profile and is required; the review
// shows the choice, the fee and the expected date; the dossier keeps the choice.
func TestBrowserPrefillAndDelivery(t *testing.T) {
	ctx := browser(t)
	a, base := apptest.Start(t, "sqlite")
	bg := context.Background()
	u, err := a.Org.User(bg, "congdan")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Identity.UpdateProfile(bg, u, identity.ProfileInput{FullName: "Nguyễn Văn An", IDNumber: "001090000123",
		BirthDate: "1990-05-01", Phone: "0912345678", UnitCode: "00070", AddressLine: "12 Hàng Bạc"}); err != nil {
		t.Fatal(err)
	}
	p, err := a.Catalog.Current(bg, "1.001193")
	if err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, base, "congdan")
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/nop-ho-so/1.001193"), chromedp.WaitVisible(chromedp.CSS("#agency")))
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "prefill-1-form.png")
	for id, want := range map[string]string{"f-nguoi_yeu_cau-ho_ten": "Nguyễn Văn An", "f-nguoi_yeu_cau-so_dinh_danh": "001090000123",
		"f-nguoi_yeu_cau-dien_thoai": "0912345678", "delivery-address": "12 Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội"} {
		if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#"+id))); v != want {
			t.Errorf("#%s = %q; want %q from the profile", id, v, want)
		}
	}
	if s := text(t, ctx, "#f-nguoi_yeu_cau-ho_ten-hint"); !strings.Contains(s, "Lấy từ hồ sơ tài khoản") {
		t.Errorf("the name's hint = %q; want it marked as taken from the account", s)
	}
	if checked, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('input[name="_delivery"][value="online"]').checked`)); !checked {
		t.Errorf("online is not the delivery chosen by default")
	}

	// The person edits a prefilled field, chooses public post and clears its address.
	form, err := demo.SampleForm(p, false)
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#agency"), "00070"))
	if err != nil {
		t.Fatal(err)
	}
	fillForm(t, ctx, form)
	// Clear as a person selecting the text and deleting it would.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { for (const id of ["f-nguoi_yeu_cau-ho_ten", "delivery-address"]) document.getElementById(id).value = ""; return true })()`)); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#f-nguoi_yeu_cau-ho_ten"), "Nguyễn Thị Mai"),
		chromedp.Click(chromedp.CSS(`input[name="_delivery"][value="post"]`)),
		chromedp.Click(chromedp.CSS(`button[name="_action"][value="continue"]`)),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "prefill-1-no-address.png")
	if s := text(t, ctx, ".error-summary"); !strings.Contains(s, "Hãy nhập địa chỉ nhận kết quả qua bưu chính.") {
		t.Errorf("error summary = %q", s)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#f-nguoi_yeu_cau-ho_ten"))); v != "Nguyễn Thị Mai" {
		t.Errorf("the name typed became %q", v)
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.error-summary a[href="#delivery-address"]`)))
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`)); id != "delivery-address" {
		t.Errorf("the summary's link focused %q; want the address", id)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#delivery-address"), "5 Lý Thái Tổ, Hoàn Kiếm, Hà Nội"),
		chromedp.Click(chromedp.CSS(`button[name="_action"][value="continue"]`)),
		chromedp.WaitVisible(chromedp.CSS("#file-giay-chung-sinh")),
		chromedp.SetUploadFiles(chromedp.CSS("#file-giay-chung-sinh"), []string{writePDF(t, "giay-chung-sinh.pdf")}),
		chromedp.SetUploadFiles(chromedp.CSS("#file-giay-to-tuy-than"), []string{writePDF(t, "can-cuoc.pdf")}),
		chromedp.Click(chromedp.CSS(`button[name="_action"][value="continue"]`)),
		chromedp.WaitVisible(chromedp.CSS("#declaration")),
	)
	if err != nil {
		t.Fatalf("to the review: %v\n%s", err, text(t, ctx, "main"))
	}
	screenshot(t, ctx, "prefill-3-review.png")
	review := text(t, ctx, "main")
	for _, want := range []string{"Nguyễn Thị Mai", "Nhận qua dịch vụ bưu chính công ích", "5 Lý Thái Tổ, Hoàn Kiếm, Hà Nội",
		"Phí, lệ phí", "Miễn phí", "Ngày hẹn trả kết quả dự kiến"} {
		if !strings.Contains(review, want) {
			t.Errorf("review lacks %q", want)
		}
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#declaration")),
		chromedp.Click(chromedp.CSS(`form[action*="/kiem-tra"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".panel-code")),
	)
	if err != nil {
		t.Fatalf("submit: %v\n%s", err, text(t, ctx, "main"))
	}
	code := strings.TrimSpace(text(t, ctx, ".panel-code"))
	d, err := a.Dossiers.Get(bg, u, code)
	if err != nil || d.Delivery != dossier.DeliveryPost || d.DeliveryAddress != "5 Lý Thái Tổ, Hoàn Kiếm, Hà Nội" {
		t.Errorf("dossier %s: %q to %q, %v", code, d.Delivery, d.DeliveryAddress, err)
	}
}

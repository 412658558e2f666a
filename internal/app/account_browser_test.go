package app_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/app/apptest"
)

// TestBrowserSignUp opens a citizen's account in a real browser: the sign-up form (its error
// summary first), the one-time code (read from the outbox, as the e-mail would carry it), and
// the profile, saved with a ward of Hà Nội.
func TestBrowserSignUp(t *testing.T) {
	ctx := browser(t)
	a, base := apptest.Start(t, "sqlite")
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/dang-nhap"),
		chromedp.Click(chromedp.CSS(`a[href="/dang-ky"]`)),
		chromedp.WaitVisible(chromedp.CSS("#login")),
		chromedp.SendKeys(chromedp.CSS("#login"), "hoa.le@example.vn"),
		chromedp.SendKeys(chromedp.CSS("#full_name"), "Lê Thị Hoa"),
		chromedp.SendKeys(chromedp.CSS("#password"), "mật khẩu dài"),
		chromedp.SendKeys(chromedp.CSS("#password2"), "mật khẩu khác"),
		chromedp.Click(chromedp.CSS(`form[action="/dang-ky"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "account-1-signup-errors.png")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`.error-summary a[href="#password2"]`)),
		chromedp.SendKeys(chromedp.CSS("#password"), "mật khẩu dài"),
		chromedp.SendKeys(chromedp.CSS("#password2"), "mật khẩu dài"),
		chromedp.Click(chromedp.CSS(`form[action="/dang-ky"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#code")),
	)
	if err != nil {
		t.Fatalf("sign up: %v\n%s", err, text(t, ctx, "main"))
	}
	screenshot(t, ctx, "account-2-code.png")
	if s := text(t, ctx, "main"); !strings.Contains(s, "hoa.le@example.vn") {
		t.Errorf("the code page does not say where the code went")
	}
	var data string
	if err := a.DB.QueryRow(context.Background(), `SELECT data FROM outbox WHERE recipient = ? ORDER BY id DESC LIMIT 1`,
		"hoa.le@example.vn").Scan(&data); err != nil {
		t.Fatal(err)
	}
	var msg struct{ Code string }
	if err := json.Unmarshal([]byte(data), &msg); err != nil || len(msg.Code) != 6 {
		t.Fatalf("code message = %s, %v", data, err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#code"), msg.Code),
		chromedp.Click(chromedp.CSS(`button[name="_action"][value="verify"]`)),
		chromedp.WaitVisible(chromedp.CSS("#unit_code")),
	)
	if err != nil {
		t.Fatalf("verify: %v\n%s", err, text(t, ctx, "main"))
	}
	// The header names the person (in the phone's menu, closed: its text, not what shows).
	if s, _ := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS("header .user-name"))); !strings.Contains(s, "Lê Thị Hoa") {
		t.Errorf("signed in as %q; want Lê Thị Hoa", s)
	}
	screenshot(t, ctx, "account-3-profile.png")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#phone"), "0912 345 678"),
		chromedp.SetValue(chromedp.CSS("#unit_code"), "00070"),
		chromedp.SendKeys(chromedp.CSS("#address_line"), "Số 1 Tràng Tiền"),
		chromedp.Click(chromedp.CSS(`form[action="/tai-khoan"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".notice-success")),
	)
	if err != nil {
		t.Fatalf("profile: %v\n%s", err, text(t, ctx, "main"))
	}
	screenshot(t, ctx, "account-4-saved.png")
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#unit_code"))); v != "00070" {
		t.Errorf("saved ward = %q; want 00070", v)
	}
}

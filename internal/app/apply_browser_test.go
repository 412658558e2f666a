package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/app/apptest"
	"github.com/motcua/motcua/internal/demo"
)

// codeRe is the code of a dossier received by the demo ward 00070 (Circular 01/2018 Art. 19).
var codeRe = regexp.MustCompile(`^070\.00\.30\.H26-\d{6}-\d{4}$`)

// signIn signs in through the sign-in page.
func signIn(t *testing.T, ctx context.Context, base, username string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/dang-nhap"),
		chromedp.SendKeys(chromedp.CSS("#username"), username),
		chromedp.SendKeys(chromedp.CSS("#password"), demo.Password),
		chromedp.Click(chromedp.CSS(`form[action="/dang-nhap"] button[type="submit"]`)),
		chromedp.WaitReady(chromedp.CSS("header .user-name")), // the next page, signed in
	)
	if err != nil {
		t.Fatalf("sign in as %s: %v", username, err)
	}
}

// leaves flattens a form's JSON into input names (dotted paths) and values, in name order.
func leaves(prefix string, v any, out map[string]any) {
	if m, ok := v.(map[string]any); ok {
		for k, x := range m {
			leaves(strings.TrimPrefix(prefix+"."+k, "."), x, out)
		}
		return
	}
	out[prefix] = v
}

// fillForm fills the inputs of a procedure's form with the values of data as a person would:
// typing into text boxes, choosing radios and options, ticking boxes.
func fillForm(t *testing.T, ctx context.Context, data json.RawMessage) {
	t.Helper()
	var obj map[string]any
	if err := json.Unmarshal(data, &obj); err != nil {
		t.Fatal(err)
	}
	fields := map[string]any{}
	leaves("", obj, fields)
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, name := range names {
		q, _ := json.Marshal(name)
		kind, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(
			`(() => { const e = document.getElementsByName(%s)[0]; return document.getElementsByName(%s + "-day")[0] ? "date" : !e ? "" : e.tagName === "SELECT" ? "select" : e.tagName === "TEXTAREA" ? "textarea" : e.type })()`, q, q)))
		if err != nil {
			t.Fatalf("input %s: %v", name, err)
		}
		sel := fmt.Sprintf(`[name=%s]`, q)
		var value string
		switch v := fields[name].(type) {
		case string:
			value = v
		case []any:
			var lines []string
			for _, x := range v {
				lines = append(lines, fmt.Sprint(x))
			}
			value = strings.Join(lines, "\n")
		default:
			value = fmt.Sprint(v)
		}
		var step chromedp.Action[chromedp.Void]
		switch kind {
		case "radio":
			step = chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=%s][value=%q]`, q, value)))
		case "checkbox":
			step = chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=%s]`, q)))
		case "select":
			step = chromedp.SetValue(chromedp.CSS(sel), value)
		case "date": // YYYY-MM-DD typed day, month, year in the three boxes, as people write it
			step = typeDate(name, value)
		case "":
			t.Fatalf("no input named %s", name)
		default:
			step = chromedp.Steps(chromedp.Clear(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), value))
		}
		if err := chromedp.Do(ctx, step); err != nil {
			t.Fatalf("fill %s (%s) with %q: %v", name, kind, value, err)
		}
	}
}

// typeDate types the date iso (YYYY-MM-DD) into the boxes of the date input name: day, month
// and year without leading zeros, "27", "3", "2007".
func typeDate(name, iso string) chromedp.Action[chromedp.Void] {
	y, m, d := iso[:4], strings.TrimLeft(iso[5:7], "0"), strings.TrimLeft(iso[8:10], "0")
	var steps []chromedp.Action[chromedp.Void]
	for part, v := range map[string]string{"day": d, "month": m, "year": y} {
		q, _ := json.Marshal(name + "-" + part)
		sel := chromedp.CSS(fmt.Sprintf(`[name=%s]`, q))
		steps = append(steps, chromedp.Clear(sel), chromedp.SendKeys(sel, v))
	}
	return chromedp.Steps(steps...)
}

// writePDF writes a small PDF to the test's directory.
func writePDF(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, testPDF, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBrowserApply applies for a birth registration in a real browser, phone-sized and set to
// American English: sign in,
// open the procedure, start, meet the error summary and follow its link to the field, fill the
// form, upload the documents, review, declare and submit, and read the reference number.
func TestBrowserApply(t *testing.T) {
	ctx := browser(t, enUS...) // the dates are typed and read day first all the same
	a, base := apptest.Start(t, "sqlite")
	p, err := a.Catalog.Current(context.Background(), "1.001193")
	if err != nil {
		t.Fatal(err)
	}
	form, err := demo.SampleForm(p, false)
	if err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, base, "congdan")

	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/thu-tuc/1.001193"),
		chromedp.WaitVisible(chromedp.CSS("a.button-start")),
		chromedp.ScrollIntoView(chromedp.CSS("a.button-start")),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "apply-0-procedure.png")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("a.button-start")), chromedp.WaitVisible(chromedp.CSS("#agency"))); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "apply-1-form.png")

	// Continue with nothing filled in: the error summary, whose links lead to the fields.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`button[name="_action"][value="continue"]`)),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "apply-1-errors.png")
	if s := text(t, ctx, ".error-summary"); !strings.Contains(s, "Chọn cơ quan tiếp nhận hồ sơ") || !strings.Contains(s, "“Số định danh cá nhân” là bắt buộc") {
		t.Errorf("error summary = %q", s)
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.error-summary a[href="#f-nguoi_yeu_cau-so_dinh_danh"]`)))
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`)); id != "f-nguoi_yeu_cau-so_dinh_danh" {
		t.Errorf("the summary's link focused %q; want the field", id)
	}

	// Fill in the form and continue.
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#agency"), "00070")); err != nil {
		t.Fatal(err)
	}
	fillForm(t, ctx, form)
	screenshot(t, ctx, "apply-1-filled.png")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`button[name="_action"][value="continue"]`)),
		chromedp.WaitVisible(chromedp.CSS("#file-giay-chung-sinh")),
	)
	if err != nil {
		body := text(t, ctx, "main")
		t.Fatalf("step 1 → 2: %v\n%s", err, body)
	}
	screenshot(t, ctx, "apply-2-documents.png")

	// Documents: a PDF for each required component.
	err = chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.CSS("#file-giay-chung-sinh"), []string{writePDF(t, "giay-chung-sinh.pdf")}),
		chromedp.SetUploadFiles(chromedp.CSS("#file-giay-to-tuy-than"), []string{writePDF(t, "can-cuoc.pdf")}),
		chromedp.Click(chromedp.CSS(`button[name="_action"][value="continue"]`)),
		chromedp.WaitVisible(chromedp.CSS("#declaration")),
	)
	if err != nil {
		t.Fatalf("step 2 → 3: %v\n%s", err, text(t, ctx, "main"))
	}
	screenshot(t, ctx, "apply-3-review.png")
	review := text(t, ctx, "main")
	for _, want := range []string{"Nguyễn Văn An", "giay-chung-sinh.pdf", "can-cuoc.pdf", "15/03/2026"} {
		if !strings.Contains(review, want) {
			t.Errorf("review lacks %q", want)
		}
	}

	// Declare and submit.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#declaration")),
		chromedp.Click(chromedp.CSS(`form[action*="/kiem-tra"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".panel-code")),
	)
	if err != nil {
		t.Fatalf("submit: %v\n%s", err, text(t, ctx, "main"))
	}
	screenshot(t, ctx, "apply-4-confirmation.png")
	code := strings.TrimSpace(text(t, ctx, ".panel-code"))
	if !codeRe.MatchString(code) {
		t.Errorf("reference number %q; want %s", code, codeRe)
	}
	if h1 := text(t, ctx, "h1"); h1 != "Đã nộp hồ sơ" {
		t.Errorf("confirmation h1 = %q", h1)
	}
	d, err := a.Dossiers.Track(context.Background(), code, "")
	if err != nil || d.Status != "submitted" {
		t.Errorf("Track(%s) = %+v, %v", code, d, err)
	}

	// My applications lists it.
	err = chromedp.Do(ctx, chromedp.Navigate(base+"/ho-so"), chromedp.WaitVisible(chromedp.CSS(`a[href="/ho-so/`+code+`"]`)))
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "apply-5-my-applications.png")
}

// TestBrowserCounter registers a paper application at the counter as the demo reception
// officer, with a scanned document, and reads its reference number.
func TestBrowserCounter(t *testing.T) {
	ctx := browser(t)
	a, base := apptest.Start(t, "sqlite")
	p, err := a.Catalog.Current(context.Background(), "1.001193")
	if err != nil {
		t.Fatal(err)
	}
	form, err := demo.SampleForm(p, false)
	if err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, base, "tiepnhan")
	follow(t, ctx, `a[href="/quay/tiep-nhan"]`)
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS("#thu_tuc")),
		chromedp.SetValue(chromedp.CSS("#thu_tuc"), "1.001193"),
		chromedp.Click(chromedp.CSS(`form[method="get"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#ap-name")),
	)
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#ap-name"), "Lê Thị Hoa"),
		chromedp.SendKeys(chromedp.CSS("#ap-phone"), "0912 345 678"),
		chromedp.SendKeys(chromedp.CSS("#ap-id"), "001203004567"),
		chromedp.Click(chromedp.CSS("#channel-2")),
	)
	if err != nil {
		t.Fatal(err)
	}
	fillForm(t, ctx, form)
	err = chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#scan-giay-chung-sinh"), []string{writePDF(t, "ban-quet.pdf")}))
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "counter-1-form.png")
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[method="post"][action="/quay/tiep-nhan"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".panel-code")),
	)
	if err != nil {
		t.Fatalf("register: %v\n%s", err, text(t, ctx, "main"))
	}
	screenshot(t, ctx, "counter-2-registered.png")
	code := strings.TrimSpace(text(t, ctx, ".panel-code"))
	if !codeRe.MatchString(code) {
		t.Errorf("reference number %q; want %s", code, codeRe)
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href="/ho-so/`+code+`"]`)), chromedp.WaitVisible(chromedp.CSS(".events")))
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "counter-3-dossier.png")
	if body := text(t, ctx, "main"); !strings.Contains(body, "Lê Thị Hoa") || !strings.Contains(body, "ban-quet.pdf") {
		t.Errorf("dossier page lacks the applicant or the scan")
	}

	// Anyone tracks it by its code (the receipt's QR code), in English here; the applicant's
	// phone number shows its progress.
	anon := browser(t)
	err = chromedp.Do(anon,
		chromedp.Navigate(base+"/tra-cuu?lang=en&ma="+code),
		chromedp.WaitVisible(chromedp.CSS(".track-result")),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, anon, "track-1-status.png")
	if body := text(t, anon, "main"); !strings.Contains(body, "Submitted") || strings.Contains(body, "Lê Thị Hoa") {
		t.Errorf("tracking without proof: %q", body)
	}
	err = chromedp.Do(anon,
		chromedp.SendKeys(chromedp.CSS("#xac_minh"), "0912345678"),
		chromedp.Click(chromedp.CSS(`form[action="/tra-cuu"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".track-result .events")),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, anon, "track-2-details.png")
	if body := text(t, anon, ".track-result"); !strings.Contains(body, "Lê Thị Hoa") {
		t.Errorf("tracking with the phone shows no details: %q", body)
	}
}

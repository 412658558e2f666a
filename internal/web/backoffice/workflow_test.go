package backoffice

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/webtest"
	"github.com/motcua/motcua/internal/workflow"
)

// submitDossier files an application of procedure code at agency for username, through the
// dossier store (the pages that do it are tested in apply_test.go), with every required file.
func submitDossier(t *testing.T, f *demoFixture, username, code, agency string) string {
	t.Helper()
	ctx := context.Background()
	u := webtest.MustUser(t, f.Org, username)
	p, err := f.Catalog.Current(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	form, err := demo.SampleForm(p, false)
	if err != nil {
		t.Fatal(err)
	}
	in := dossier.SubmitInput{ProcedureCode: p.Code, AgencyCode: agency, Form: form}
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
		t.Fatalf("Submit %s: %v", code, err)
	}
	return out.Code
}

// act posts one action from the dossier's back-office page, as its form does.
func (b *browser) act(code, action string, vals url.Values) (*http.Response, string) {
	b.t.Helper()
	if vals == nil {
		vals = url.Values{}
	}
	vals.Set("action", action)
	return b.Post("/can-bo/ho-so/"+code, vals)
}

// acted checks that an action went through: a 303 back to the page, whose banner says so.
func (b *browser) acted(code, action string, vals url.Values) string {
	b.t.Helper()
	res, body := b.act(code, action, vals)
	if res.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("%s on %s = %d; want 303\n%s", action, code, res.StatusCode, webtest.ErrorSummary(body))
	}
	loc := webtest.Location(b.t, res, http.StatusSeeOther, "/can-bo/ho-so/"+code+"?xong="+action)
	page := b.Page(loc, 200)
	webtest.MustContain(b.t, "after "+action, page, `class="notice notice-success"`, tr(langVI, "done."+action))
	return page
}

// getPDF fetches a form and checks it is a PDF.
func (b *browser) getPDF(path string) {
	b.t.Helper()
	res, body := b.Get(path)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-") {
		b.t.Errorf("GET %s = %d %s, %d bytes starting %q; want a PDF", path, res.StatusCode, res.Header.Get("Content-Type"), len(body), body[:min(len(body), 8)])
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "inline;") {
		b.t.Errorf("GET %s Content-Disposition = %q; want inline", path, cd)
	}
}

// TestBackOfficeHappyPath takes an application from submission to the returned result and the
// evaluation through the pages: receive, forward with a file, approve, return; the receipt and
// control slip print; the citizen downloads the result and evaluates.
func TestBackOfficeHappyPath(t *testing.T) {
	f := newDemoFixture(t)
	code := submitDossier(t, f, "congdan", "1.001193", "00070")

	reception := f.browser(t)
	reception.SignIn("tiepnhan")
	body := reception.Page("/can-bo", 200)
	webtest.MustContain(t, "reception inbox", body, "Hồ sơ cần xử lý", `href="/can-bo/ho-so/`+code+`"`, "Nguyễn Văn An", "Trực tuyến",
		"Mới đăng ký", `href="/can-bo/so-theo-doi"`, `href="/can-bo?han=qua-han"`, "Quá hạn <span class=\"count\">(0)</span>",
		`<a href="/can-bo" aria-current="page">`, "1 hồ sơ.", `<a href="/can-bo">Hồ sơ cần xử lý</a>`)
	body = reception.Page("/can-bo/ho-so/"+code, 200)
	webtest.MustContain(t, "dossier at reception", body, "Tiếp nhận hồ sơ", `name="action" value="receive"`, `name="action" value="request_supplement"`,
		`name="action" value="reject_reception"`, `id="note-request_supplement"`, "Bước hiện tại", "Tiếp nhận hồ sơ", "Giấy chứng sinh",
		"Chưa có biểu mẫu nào được lập cho hồ sơ.", "Nộp hồ sơ")
	for _, absent := range []string{`value="approve"`, `value="forward"`, `value="return_result"`, `action="/can-bo/ho-so/` + code + `/y-kien"`} {
		if strings.Contains(body, absent) {
			t.Errorf("reception sees %s before receiving", absent)
		}
	}
	// The receipt is not issued yet: a page says so.
	res, missing := reception.Get("/can-bo/ho-so/" + code + "/giay-tiep-nhan.pdf")
	if res.StatusCode != http.StatusConflict || !strings.Contains(missing, "Biểu mẫu này chưa được lập") || !strings.Contains(missing, "chưa được tiếp nhận") {
		t.Errorf("receipt before receiving = %d; want 409 with the reason", res.StatusCode)
	}
	webtest.CheckHTML(t, "receipt not issued", missing)
	res, _ = reception.Get("/can-bo/ho-so/" + code + "/khong-co.pdf")
	if res.StatusCode != 404 {
		t.Errorf("unknown form = %d; want 404", res.StatusCode)
	}

	body = reception.acted(code, "receive", nil)
	webtest.MustContain(t, "received", body, "Đang xử lý", `href="/can-bo/ho-so/`+code+`/giay-tiep-nhan.pdf"`, `href="/can-bo/ho-so/`+code+`/phieu-kiem-soat.pdf"`,
		"Tiếp nhận", "Giao xử lý", "Lê Thị Chuyên Viên", `value="assign"`, `id="assignee"`)
	if strings.Contains(body, `value="receive"`) {
		t.Errorf("receiving is still offered")
	}
	reception.getPDF("/can-bo/ho-so/" + code + "/giay-tiep-nhan.pdf")
	reception.getPDF("/can-bo/ho-so/" + code + "/phieu-kiem-soat.pdf")
	if res, _ := reception.act(code, "receive", nil); res.StatusCode != http.StatusConflict {
		t.Errorf("receiving twice = %d; want 409", res.StatusCode)
	}

	specialist := f.browser(t)
	specialist.SignIn("chuyenvien")
	body = specialist.Page("/can-bo", 200)
	webtest.MustContain(t, "specialist inbox", body, `href="/can-bo/ho-so/`+code+`"`, "chuyenvien")
	body = specialist.Page("/can-bo/ho-so/"+code, 200)
	webtest.MustContain(t, "at the specialist", body, `value="forward"`, `enctype="multipart/form-data"`, `id="file-forward"`, "Thẩm định, xử lý hồ sơ",
		"Đề nghị cơ quan khác cho ý kiến", `id="consult-agency"`, "chuyenvien")
	// The apology is offered exactly when the workflow allows it: for this same-day procedure only
	// after the 15:00 cut-off, when the due date is the next working day (Decree 61/2018 Art. 19(9)).
	cv, _ := f.Org.User(context.Background(), "chuyenvien")
	if dd, err := f.Workflow.Get(context.Background(), cv, code); err != nil {
		t.Fatal(err)
	} else if slices.Contains(dd.AllowedActions, "extend") != strings.Contains(body, `value="extend"`) {
		t.Errorf("the page offers extend: %v; the workflow allows it: %v", strings.Contains(body, `value="extend"`), dd.AllowedActions)
	}
	res, body = specialist.Multipart("/can-bo/ho-so/"+code, url.Values{"action": {"forward"}, "note": {"Đủ điều kiện, đề nghị phê duyệt."}},
		webtest.Upload{Field: "file", Name: "du-thao.exe", Data: webtest.EXE})
	if res.StatusCode != http.StatusUnsupportedMediaType || !strings.Contains(body, `<a href="#file-forward">`) || !strings.Contains(body, "Đủ điều kiện, đề nghị phê duyệt.") {
		t.Errorf("forward with an executable = %d; want 415 linked to #file-forward, the note kept", res.StatusCode)
	}
	webtest.CheckHTML(t, "forward refused", body)
	res, body = specialist.Multipart("/can-bo/ho-so/"+code, url.Values{"action": {"forward"}, "note": {"Đủ điều kiện, đề nghị phê duyệt."}},
		webtest.Upload{Field: "file", Name: "to-trinh.pdf", Data: webtest.PDF})
	webtest.Location(t, res, http.StatusSeeOther, "/can-bo/ho-so/"+code+"?xong=forward")
	body = specialist.Page("/can-bo/ho-so/"+code+"?xong=forward", 200)
	webtest.MustContain(t, "forwarded", body, "Đã chuyển hồ sơ sang bước tiếp theo.", "to-trinh.pdf", "Tài liệu xử lý", "Đủ điều kiện, đề nghị phê duyệt.")

	leader := f.browser(t)
	leader.SignIn("lanhdao")
	webtest.MustContain(t, "leader inbox", leader.Page("/can-bo", 200), `href="/can-bo/ho-so/`+code+`"`, "Hồ sơ chờ lãnh đạo phê duyệt")
	webtest.MustContain(t, "at the leader", leader.Page("/can-bo/ho-so/"+code, 200), `value="approve"`, `value="refuse"`, `id="note-refuse"`)
	body = leader.acted(code, "approve", nil)
	webtest.MustContain(t, "approved", body, "Đã xử lý xong", "Kết quả giải quyết", "ket-qua-"+code+".pdf")

	body = reception.Page("/can-bo/ho-so/"+code, 200)
	webtest.MustContain(t, "to return", body, `value="return_result"`, `id="file-return_result"`)
	reception.acted(code, "return_result", nil)

	citizen := f.browser(t)
	citizen.SignIn("congdan")
	body = citizen.Page("/ho-so/"+code, 200)
	webtest.MustContain(t, "returned, for the citizen", body, "Đã trả kết quả", "Kết quả giải quyết", "ket-qua-"+code+".pdf",
		`href="/ho-so/`+code+`/giay-tiep-nhan.pdf"`, "Đánh giá việc giải quyết hồ sơ", `id="eval-agencies"`, `id="eval-attitude-3"`,
		"0 điểm – Thiếu lịch sự, gây phiền hà", `action="/ho-so/`+code+`/danh-gia"`)
	if strings.Contains(body, "phieu-kiem-soat.pdf") || strings.Contains(body, `href="/can-bo`) {
		t.Errorf("the citizen sees the control slip or the back office")
	}
	citizen.getPDF("/ho-so/" + code + "/giay-tiep-nhan.pdf")
	result := regexp.MustCompile(`href="(/tep/[0-9a-f]+)" download>ket-qua-`).FindStringSubmatch(body)
	if result == nil {
		t.Fatal("no link to the result document")
	}
	if res, pdf := citizen.Get(result[1]); res.StatusCode != 200 || !strings.HasPrefix(pdf, "%PDF-") {
		t.Errorf("result document = %d; want the PDF", res.StatusCode)
	}

	// The evaluation: every criterion the applicant scores is required.
	res, body = citizen.Post("/ho-so/"+code+"/danh-gia", url.Values{"diem-agencies": {"2"}, "comment": {"Nhanh gọn."}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("partial evaluation = %d; want 422", res.StatusCode)
	}
	webtest.CheckHTML(t, "partial evaluation", body)
	webtest.MustContain(t, "partial evaluation", body, `<a href="#eval-publicity">`, `<a href="#eval-attitude">`, `<a href="#eval-feedback">`,
		`id="eval-agencies" name="diem-agencies" type="radio" value="2" checked`, "Nhanh gọn.")
	res, _ = citizen.Post("/ho-so/"+code+"/danh-gia", url.Values{"diem-agencies": {"2"}, "diem-publicity": {"2"}, "diem-attitude": {"1"},
		"diem-feedback": {"2"}, "comment": {"Nhanh gọn."}})
	webtest.Location(t, res, http.StatusSeeOther, "/ho-so/"+code+"?xong=evaluate")
	body = citizen.Page("/ho-so/"+code+"?xong=evaluate", 200)
	webtest.MustContain(t, "evaluated", body, "Cảm ơn bạn đã đánh giá.", "Tổng điểm: 17/18.", "Thái độ của cán bộ, công chức", "Nhanh gọn.")
	if strings.Contains(body, `action="/ho-so/`+code+`/danh-gia"`) {
		t.Errorf("the evaluation form is still offered")
	}
	res, _ = citizen.Post("/ho-so/"+code+"/danh-gia", url.Values{"diem-agencies": {"2"}, "diem-publicity": {"2"}, "diem-attitude": {"1"}, "diem-feedback": {"2"}})
	if res.StatusCode != http.StatusConflict {
		t.Errorf("evaluating twice = %d; want 409", res.StatusCode)
	}
	// The officers see it too, in English as well.
	webtest.MustContain(t, "evaluation for officers", reception.Page("/ho-so/"+code, 200), "Tổng điểm: 17/18.", `href="/can-bo/ho-so/`+code+`"`)
}

// TestSupplementPath: the reception officer asks once, completely, for what is missing (Mẫu
// 02); the citizen sends it with the form on the dossier's page; a second request is refused.
func TestSupplementPath(t *testing.T) {
	f := newDemoFixture(t)
	code := submitDossier(t, f, "congdan", "1.001193", "00070")
	reception := f.browser(t)
	reception.SignIn("tiepnhan")
	res, body := reception.act(code, "request_supplement", url.Values{"note": {"  "}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("request without a list = %d; want 422", res.StatusCode)
	}
	webtest.CheckHTML(t, "request without a list", body)
	webtest.MustContain(t, "request without a list", body, `<a href="#note-request_supplement">Nêu đầy đủ, một lần các giấy tờ cần bổ sung`,
		`<p id="note-request_supplement-error" class="error-message">`, `aria-describedby="note-request_supplement-hint note-request_supplement-error"`)
	list := "Giấy chứng sinh bản chính (bản đã nộp bị mờ)\nGiấy tờ tuỳ thân của người đi đăng ký"
	body = reception.acted(code, "request_supplement", url.Values{"note": {list}})
	webtest.MustContain(t, "supplement requested", body, "Yêu cầu bổ sung giấy tờ", `href="/can-bo/ho-so/`+code+`/yeu-cau-bo-sung.pdf"`)
	reception.getPDF("/can-bo/ho-so/" + code + "/yeu-cau-bo-sung.pdf")
	// Forms not issued: a page that says so.
	for _, form := range []string{"xin-loi.pdf", "tu-choi.pdf"} {
		res, body := reception.Get("/can-bo/ho-so/" + code + "/" + form)
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "Quay lại hồ sơ "+code) {
			t.Errorf("%s not issued = %d; want 409 with the way back", form, res.StatusCode)
		}
	}

	citizen := f.browser(t)
	citizen.SignIn("congdan")
	body = citizen.Page("/ho-so/"+code, 200)
	webtest.MustContain(t, "asked to supplement", body, "Bổ sung hồ sơ", "Giấy chứng sinh bản chính (bản đã nộp bị mờ)",
		`href="/ho-so/`+code+`/yeu-cau-bo-sung.pdf"`, `action="/ho-so/`+code+`/bo-sung"`, `enctype="multipart/form-data"`,
		`id="bs-giay-chung-sinh" name="bs-giay-chung-sinh"`, `<span lang="vi">Giấy chứng sinh;`, `id="bs-note"`)
	if strings.Contains(body, `id="bs-to-khai-dien-tu"`) {
		t.Errorf("the supplement asks for a file for the online form itself")
	}
	citizen.getPDF("/ho-so/" + code + "/yeu-cau-bo-sung.pdf")
	res, body = citizen.Multipart("/ho-so/"+code+"/bo-sung", url.Values{"note": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `<a href="#bs-giay-chung-sinh">Đính kèm giấy tờ bổ sung.`) {
		t.Errorf("empty supplement = %d; want 422 linked to the first file input\n%s", res.StatusCode, webtest.ErrorSummary(body))
	}
	webtest.CheckHTML(t, "empty supplement", body)
	res, body = citizen.Multipart("/ho-so/"+code+"/bo-sung", url.Values{"note": {"Đã chụp lại."}}, webtest.Upload{Field: "bs-giay-chung-sinh", Name: "gcs.pdf", Data: webtest.EXE})
	if res.StatusCode != http.StatusUnsupportedMediaType || !strings.Contains(body, `<a href="#bs-giay-chung-sinh">`) || !strings.Contains(body, "Đã chụp lại.") {
		t.Errorf("supplement with an executable = %d; want 415 on its input, the note kept", res.StatusCode)
	}
	res, _ = citizen.Multipart("/ho-so/"+code+"/bo-sung", url.Values{"note": {"Đã chụp lại bản rõ."}},
		webtest.Upload{Field: "bs-giay-chung-sinh", Name: "giay-chung-sinh-moi.pdf", Data: webtest.PDF}, webtest.Upload{Field: "bs-giay-to-tuy-than", Name: "cccd.pdf", Data: webtest.PDF})
	webtest.Location(t, res, http.StatusSeeOther, "/ho-so/"+code+"?xong=supplement")
	body = citizen.Page("/ho-so/"+code+"?xong=supplement", 200)
	webtest.MustContain(t, "supplemented", body, "Đã gửi hồ sơ bổ sung.", "giay-chung-sinh-moi.pdf", "cccd.pdf", "Bổ sung hồ sơ", "Đã chụp lại bản rõ.")
	if strings.Contains(body, `action="/ho-so/`+code+`/bo-sung"`) {
		t.Errorf("the supplement form is still offered")
	}
	// Back at reception; a second request is refused (Decree 61/2018 Art. 15): no form, and a
	// stale one says why.
	body = reception.Page("/can-bo/ho-so/"+code, 200)
	webtest.MustContain(t, "after the supplement", body, `value="receive"`, "Mới đăng ký")
	if strings.Contains(body, `value="request_supplement"`) {
		t.Errorf("a second supplement request is offered")
	}
	res, body = reception.act(code, "request_supplement", url.Values{"note": {"Thêm giấy tờ"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "Chỉ được yêu cầu bổ sung một lần") {
		t.Errorf("second request = %d; want 409 with the rule", res.StatusCode)
	}
	webtest.CheckHTML(t, "second request", body)
}

// TestRefusalPaths: refused at reception (Mẫu 03 at reception), and refused by the leader after
// processing (Mẫu 03 at settlement), each reason required and printed.
func TestRefusalPaths(t *testing.T) {
	f := newDemoFixture(t)
	rejected := submitDossier(t, f, "congdan", "1.001193", "00070")
	refused := submitDossier(t, f, "congdan", "1.001193", "00070")
	reception := f.browser(t)
	reception.SignIn("tiepnhan")
	res, body := reception.act(rejected, "reject_reception", nil)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `<a href="#note-reject_reception">`) {
		t.Errorf("rejection without a reason = %d; want 422 linked to its reason", res.StatusCode)
	}
	body = reception.acted(rejected, "reject_reception", url.Values{"note": {"Hồ sơ thuộc thẩm quyền của phường nơi cư trú."}})
	webtest.MustContain(t, "rejected", body, "Không được tiếp nhận", `href="/can-bo/ho-so/`+rejected+`/tu-choi.pdf"`, "Bạn không có việc nào cần làm")
	reception.getPDF("/can-bo/ho-so/" + rejected + "/tu-choi.pdf")

	reception.acted(refused, "receive", nil)
	specialist := f.browser(t)
	specialist.SignIn("chuyenvien")
	specialist.acted(refused, "forward", url.Values{"note": {"Không đủ điều kiện."}})
	leader := f.browser(t)
	leader.SignIn("lanhdao")
	res, body = leader.act(refused, "refuse", url.Values{"note": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `<a href="#note-refuse">Nêu lý do từ chối giải quyết (Mẫu 03).`) {
		t.Errorf("refusal without reasons = %d; want 422 linked to the reasons", res.StatusCode)
	}
	webtest.CheckHTML(t, "refusal without reasons", body)
	body = leader.acted(refused, "refuse", url.Values{"note": {"Người yêu cầu không có quan hệ với người được khai sinh.\nThiếu văn bản ủy quyền."}})
	webtest.MustContain(t, "refused", body, "Từ chối giải quyết", `href="/can-bo/ho-so/`+refused+`/tu-choi.pdf"`)
	leader.getPDF("/can-bo/ho-so/" + refused + "/tu-choi.pdf")

	citizen := f.browser(t)
	citizen.SignIn("congdan")
	body = citizen.Page("/ho-so/"+rejected, 200)
	webtest.MustContain(t, "rejected, for the citizen", body, `href="/ho-so/`+rejected+`/tu-choi.pdf"`, "Hồ sơ thuộc thẩm quyền của phường nơi cư trú.")
	if strings.Contains(body, "/danh-gia") || strings.Contains(body, "/rut") {
		t.Errorf("a rejected dossier offers an evaluation or a withdrawal")
	}
	citizen.getPDF("/ho-so/" + rejected + "/tu-choi.pdf")
	body = citizen.Page("/ho-so/"+refused, 200)
	webtest.MustContain(t, "refused, for the citizen", body, `href="/ho-so/`+refused+`/tu-choi.pdf"`, `action="/ho-so/`+refused+`/danh-gia"`)
	citizen.getPDF("/ho-so/" + refused + "/tu-choi.pdf")

	// Nobody else sees the forms.
	other := f.browser(t)
	other.SignIn("congdan2")
	if res, _ := other.Get("/ho-so/" + refused + "/tu-choi.pdf"); res.StatusCode != 404 {
		t.Errorf("another citizen's refusal = %d; want 404", res.StatusCode)
	}
	ward := f.browser(t)
	ward.SignIn("tiepnhan2")
	if res, _ := ward.Get("/can-bo/ho-so/" + refused + "/tu-choi.pdf"); res.StatusCode != 404 {
		t.Errorf("another ward's officer = %d; want 404", res.StatusCode)
	}
}

// TestWithdrawalPath: the citizen withdraws after a confirmation page; then it cannot again.
func TestWithdrawalPath(t *testing.T) {
	f := newDemoFixture(t)
	code := submitDossier(t, f, "congdan", "1.001193", "00070")
	citizen := f.browser(t)
	citizen.SignIn("congdan")
	body := citizen.Page("/ho-so/"+code, 200)
	webtest.MustContain(t, "withdrawable", body, `href="/ho-so/`+code+`/rut"`, "Rút hồ sơ")
	body = citizen.Page("/ho-so/"+code+"/rut", 200)
	webtest.MustContain(t, "confirmation", body, "Bạn có chắc muốn rút hồ sơ "+code+"?", `class="warning-text"`, "Có, rút hồ sơ",
		`href="/ho-so/`+code+`">Không, quay lại hồ sơ`, `id="withdraw-note"`, `<span class="visually-hidden">Cảnh báo</span>`)
	// Another citizen cannot, and the officers cannot withdraw for the applicant.
	other := f.browser(t)
	other.SignIn("congdan2")
	if res, _ := other.Post("/ho-so/"+code+"/rut", url.Values{}); res.StatusCode != 404 {
		t.Errorf("another citizen withdrawing = %d; want 404", res.StatusCode)
	}
	officer := f.browser(t)
	officer.SignIn("tiepnhan")
	if res, body := officer.Post("/ho-so/"+code+"/rut", url.Values{}); res.StatusCode != 403 || !strings.Contains(body, "Vai trò của bạn không được") {
		t.Errorf("an officer withdrawing = %d; want 403 with the reason", res.StatusCode)
	}
	res, _ := citizen.Post("/ho-so/"+code+"/rut", url.Values{"note": {"Đã nộp nhầm thủ tục."}})
	webtest.Location(t, res, http.StatusSeeOther, "/ho-so/"+code+"?xong=withdraw")
	body = citizen.Page("/ho-so/"+code+"?xong=withdraw", 200)
	webtest.MustContain(t, "withdrawn", body, "Đã rút hồ sơ.", dossier.StatusWithdrawn.Label(i18n.VI), "Đã nộp nhầm thủ tục.")
	if strings.Contains(body, `href="/ho-so/`+code+`/rut"`) {
		t.Errorf("withdrawal still offered")
	}
	res, _ = citizen.Get("/ho-so/" + code + "/rut")
	webtest.Location(t, res, http.StatusSeeOther, "/ho-so/"+code)
	res, body = citizen.Post("/ho-so/"+code+"/rut", url.Values{})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "Hồ sơ đã kết thúc") {
		t.Errorf("withdrawing twice = %d; want 409 with the reason", res.StatusCode)
	}
	webtest.CheckHTML(t, "withdrawing twice", body)
	webtest.MustContain(t, "withdrawn, for the officer", officer.Page("/can-bo/ho-so/"+code, 200), "Bạn không có việc nào cần làm")
}

// TestApologyPath: the specialist moves the return date once, with an apology (Mẫu 04).
func TestApologyPath(t *testing.T) {
	f := newDemoFixture(t)
	// Đăng ký thường trú: 7 working days, time enough to apologise a day before.
	code := submitDossier(t, f, "congdan", "1.004222", "00070")
	reception := f.browser(t)
	reception.SignIn("tiepnhan")
	reception.acted(code, "receive", nil)
	d, err := f.Workflow.Get(context.Background(), webtest.MustUser(t, f.Org, "congdan"), code)
	if err != nil || d.DueAt == nil {
		t.Fatalf("received dossier without a due date: %v", err)
	}
	specialist := f.browser(t)
	specialist.SignIn("chuyenvien")
	body := specialist.Page("/can-bo/ho-so/"+code, 200)
	webtest.MustContain(t, "extendable", body, `value="extend"`, `<input id="new_due" name="new_due-day" type="text"`,
		`<input id="new_due-month" name="new_due-month"`, `<input id="new_due-year" name="new_due-year"`, `id="note-extend"`)
	res, body := specialist.act(code, "extend", url.Values{"new_due-day": {"5"}, "new_due-month": {"13"}, "new_due-year": {"2030"}, "note": {"Chờ xác minh."}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `<a href="#new_due-month">Tháng của “Ngày hẹn trả mới”`) {
		t.Errorf("apology with month 13 = %d; want 422 naming the month: %s", res.StatusCode, webtest.ErrorSummary(body))
	}
	webtest.CheckHTML(t, "apology with month 13", body)
	res, body = specialist.act(code, "extend", url.Values{"new_due": {""}, "note": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `<a href="#note-extend">`) {
		t.Errorf("apology without a reason = %d; want 422 on the reason", res.StatusCode)
	}
	webtest.CheckHTML(t, "apology without a reason", body)
	past := d.DueAt.In(vntime.Location()).AddDate(0, 0, -1).Format(time.DateOnly)
	res, body = specialist.act(code, "extend", dateBoxes("new_due", past, url.Values{"note": {"Chờ xác minh."}}))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `<a href="#new_due">Ngày hẹn mới phải sau ngày hẹn cũ`) ||
		!strings.Contains(body, `name="new_due-year" type="text" class="input input-width-4" value="`+past[:4]+`"`) {
		t.Errorf("apology with an earlier date = %d; want 422 on the date, kept", res.StatusCode)
	}
	newDue := d.DueAt.In(vntime.Location()).AddDate(0, 0, 7).Format(time.DateOnly)
	body = specialist.acted(code, "extend", dateBoxes("new_due", newDue, url.Values{"note": {"Cần xác minh thông tin nơi cư trú với Công an phường."}}))
	webtest.MustContain(t, "extended", body, `href="/can-bo/ho-so/`+code+`/xin-loi.pdf"`, viDate(newDue))
	if strings.Contains(body, `value="extend"`) {
		t.Errorf("a second apology is offered")
	}
	specialist.getPDF("/can-bo/ho-so/" + code + "/xin-loi.pdf")
	res, body = specialist.act(code, "extend", url.Values{"new_due": {newDue}, "note": {"Lần nữa"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "Chỉ được hẹn lại ngày trả kết quả một lần") {
		t.Errorf("second apology = %d; want 409 with the rule", res.StatusCode)
	}

	citizen := f.browser(t)
	citizen.SignIn("congdan")
	body = citizen.Page("/ho-so/"+code, 200)
	webtest.MustContain(t, "apology, for the citizen", body, `href="/ho-so/`+code+`/xin-loi.pdf"`, "Cần xác minh thông tin nơi cư trú")
	citizen.getPDF("/ho-so/" + code + "/xin-loi.pdf")
}

// TestInbox: the filters, their counts and pagination; who may see the inbox.
func TestInbox(t *testing.T) {
	f := newDemoFixture(t)
	var codes []string
	for range web.PerPage + 1 {
		codes = append(codes, submitDossier(t, f, "congdan", "1.001193", "00070"))
	}
	other := submitDossier(t, f, "congdan", "1.004222", "00070")
	b := f.browser(t)
	b.SignIn("tiepnhan")
	body := b.Page("/can-bo", 200)
	webtest.MustContain(t, "inbox page 1", body, "22 hồ sơ.", "Trang 1/2", `rel="next"`, `Tất cả <span class="count">(22)</span>`)
	if n := strings.Count(body, `href="/can-bo/ho-so/`); n != web.PerPage {
		t.Errorf("page 1 lists %d dossiers; want %d", n, web.PerPage)
	}
	body = b.Page("/can-bo?page=2", 200)
	webtest.MustContain(t, "inbox page 2", body, "Trang 2/2", `rel="prev"`)
	body = b.Page("/can-bo?thu_tuc=1.004222", 200)
	webtest.MustContain(t, "by procedure", body, "1 hồ sơ.", `href="/can-bo/ho-so/`+other+`"`, `<option value="1.004222" lang="vi" selected>`, "Bỏ lọc")
	if strings.Contains(body, `href="/can-bo/ho-so/`+codes[0]+`"`) {
		t.Errorf("the procedure filter lets another procedure through")
	}
	body = b.Page("/can-bo?trang_thai=processing", 200)
	webtest.MustContain(t, "by status", body, "Không có hồ sơ nào khớp với bộ lọc.")
	body = b.Page("/can-bo?han=qua-han", 200)
	webtest.MustContain(t, "overdue", body, `<a href="/can-bo?han=qua-han" aria-current="page">`, "Không có hồ sơ nào khớp với bộ lọc.")
	// A step past its deadline is overdue at once, in words, with no sweep.
	if _, err := f.DB.Exec(context.Background(), `UPDATE dossiers SET step_due_at = ? WHERE code = ?`, time.Now().Add(-time.Hour), other); err != nil {
		t.Fatal(err)
	}
	body = b.Page("/can-bo?han=qua-han", 200)
	webtest.MustContain(t, "overdue", body, `href="/can-bo/ho-so/`+other+`"`, `<strong class="tag tag-overdue">Quá hạn</strong>`, `Quá hạn <span class="count">(1)</span>`)
	for query, id := range map[string]string{"han=som": "han", "trang_thai=khong-co": "trang_thai"} {
		res, body := b.Get("/can-bo?" + query)
		if res.StatusCode != 400 || !strings.Contains(body, `<a href="#`+id+`">`) || !strings.Contains(body, `id="`+id+`-error"`) {
			t.Errorf("GET /can-bo?%s = %d; want 400 linked to #%s", query, res.StatusCode, id)
		}
		webtest.CheckHTML(t, "/can-bo?"+query, body)
	}
	if res, _ := b.Get("/can-bo?page=0"); res.StatusCode != 400 {
		t.Errorf("page 0 = %d; want 400", res.StatusCode)
	}

	// Who may: officers only; anonymous visitors sign in first.
	anon := f.browser(t)
	res, _ := anon.Get("/can-bo")
	webtest.Location(t, res, http.StatusSeeOther, "/dang-nhap?next=%2Fcan-bo")
	res, _ = anon.Get("/can-bo/ho-so/" + other)
	webtest.Location(t, res, http.StatusSeeOther, "/dang-nhap?next=%2Fcan-bo%2Fho-so%2F")
	citizen := f.browser(t)
	citizen.SignIn("congdan")
	for _, path := range []string{"/can-bo", "/can-bo/ho-so/" + other, "/can-bo/so-theo-doi"} {
		webtest.MustContain(t, path+" as a citizen", citizen.Page(path, 403), "Trang này dành cho cán bộ tiếp nhận, chuyên viên và lãnh đạo")
	}
	if res, _ := citizen.act(other, "receive", nil); res.StatusCode != 403 {
		t.Errorf("a citizen posting an action = %d; want 403", res.StatusCode)
	}
	ward := f.browser(t)
	ward.SignIn("tiepnhan2")
	webtest.MustContain(t, "another ward's inbox", ward.Page("/can-bo", 200), "Không có hồ sơ nào đang chờ bạn.")
	ward.Page("/can-bo/ho-so/"+other, 404)
	if res, _ := ward.act(other, "receive", nil); res.StatusCode != 404 {
		t.Errorf("another ward's officer acting = %d; want 404", res.StatusCode)
	}
	// The header links officers to their inbox.
	if body := b.Page("/dang-nhap", 200); !strings.Contains(body, `<li><a href="/can-bo">Hồ sơ cần xử lý</a></li>`) {
		t.Errorf("no inbox link in the officer's header")
	}
	if body := citizen.Page("/dang-nhap", 200); strings.Contains(body, `href="/can-bo"`) {
		t.Errorf("inbox link in a citizen's header")
	}
}

// TestConsultation: the specialist asks the Department of Justice; its officer answers from
// the inbox.
func TestConsultation(t *testing.T) {
	f := newDemoFixture(t)
	ctx := context.Background()
	if _, err := f.Identity.CreateUser(ctx, identity.NewUser{Username: "stp", Password: demo.Password, FullName: "Hoàng Văn Tư Pháp",
		Role: org.RoleSpecialist, AgencyCode: "STP"}); err != nil {
		t.Fatal(err)
	}
	code := submitDossier(t, f, "congdan", "1.004222", "00070")
	reception := f.browser(t)
	reception.SignIn("tiepnhan")
	reception.acted(code, "receive", nil)
	if body := reception.Page("/can-bo/ho-so/"+code, 200); strings.Contains(body, `/y-kien"`) {
		t.Errorf("the reception officer is offered a consultation")
	}
	specialist := f.browser(t)
	specialist.SignIn("chuyenvien")
	res, body := specialist.Post("/can-bo/ho-so/"+code+"/y-kien", url.Values{"agency_code": {""}, "question": {""}, "working_days": {"x"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty consultation = %d; want 422", res.StatusCode)
	}
	webtest.CheckHTML(t, "empty consultation", body)
	webtest.MustContain(t, "empty consultation", body, `<a href="#consult-agency">`, `<a href="#consult-question">`, `<a href="#consult-days">`,
		`<p id="consult-agency-error"`, `value="x"`)
	res, _ = specialist.Post("/can-bo/ho-so/"+code+"/y-kien", url.Values{"agency_code": {"STP"}, "question": {"Đề nghị xác nhận thông tin hộ tịch."},
		"working_days": {"3"}})
	webtest.Location(t, res, http.StatusSeeOther, "/can-bo/ho-so/"+code+"?xong=consult")
	body = specialist.Page("/can-bo/ho-so/"+code+"?xong=consult", 200)
	webtest.MustContain(t, "consulted", body, "Đã gửi yêu cầu lấy ý kiến.", "Sở Tư pháp", "Chờ trả lời", "Đề nghị xác nhận thông tin hộ tịch.", "Lấy ý kiến")

	dept := f.browser(t)
	dept.SignIn("stp")
	body = dept.Page("/can-bo", 200)
	webtest.MustContain(t, "consultation inbox", body, "Yêu cầu cho ý kiến gửi đến cơ quan", "Hồ sơ "+code, "Đề nghị xác nhận thông tin hộ tịch.")
	id := regexp.MustCompile(`action="/can-bo/y-kien/(\d+)"`).FindStringSubmatch(body)
	if id == nil {
		t.Fatal("no answer form")
	}
	res, body = dept.Post("/can-bo/y-kien/"+id[1], url.Values{"answer": {" "}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `<a href="#answer-`+id[1]+`">`) {
		t.Errorf("empty answer = %d; want 422 linked to its textarea", res.StatusCode)
	}
	webtest.CheckHTML(t, "empty answer", body)
	res, _ = dept.Post("/can-bo/y-kien/"+id[1], url.Values{"answer": {"Thông tin hộ tịch khớp với cơ sở dữ liệu."}})
	webtest.Location(t, res, http.StatusSeeOther, "/can-bo?da_tra_loi=1")
	webtest.MustContain(t, "answered", dept.Page("/can-bo?da_tra_loi=1", 200), "Đã gửi ý kiến của cơ quan.", "Không có yêu cầu cho ý kiến nào đang chờ.")
	if res, _ := dept.Post("/can-bo/y-kien/"+id[1], url.Values{"answer": {"Lần hai"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("answering twice = %d; want 409", res.StatusCode)
	}
	if res, _ := reception.Post("/can-bo/y-kien/"+id[1], url.Values{"answer": {"Không phải việc của tôi"}}); res.StatusCode != 404 {
		t.Errorf("another agency answering = %d; want 404", res.StatusCode)
	}
	webtest.MustContain(t, "answer on the dossier", specialist.Page("/can-bo/ho-so/"+code, 200), "Đã trả lời", "Thông tin hộ tịch khớp với cơ sở dữ liệu.")
}

// TestRegisterBook: the register's form and its PDF and XLSX.
func TestRegisterBook(t *testing.T) {
	f := newDemoFixture(t)
	code := submitDossier(t, f, "congdan", "1.001193", "00070")
	b := f.browser(t)
	b.SignIn("tiepnhan")
	b.acted(code, "receive", nil)
	body := b.Page("/can-bo/so-theo-doi", 200)
	webtest.MustContain(t, "register form", body, `<form method="get" action="/can-bo/so-theo-doi"`, `<input id="tu_ngay" name="tu_ngay-day" type="text"`,
		`<input id="den_ngay-year" name="den_ngay-year" type="text"`,
		`id="dinh_dang" name="dinh_dang" type="radio" value="pdf" checked`)
	res, body := b.Get("/can-bo/so-theo-doi?tu_ngay=2026-13-01&den_ngay=&dinh_dang=doc")
	if res.StatusCode != 400 {
		t.Fatalf("bad register query = %d; want 400", res.StatusCode)
	}
	webtest.CheckHTML(t, "bad register query", body)
	webtest.MustContain(t, "bad register query", body, `<a href="#tu_ngay-month">Tháng của`, `<a href="#den_ngay">`, `<a href="#dinh_dang">`)
	res, body = b.Get("/can-bo/so-theo-doi?tu_ngay-day=1&tu_ngay-month=3&tu_ngay-year=&den_ngay-day=31&den_ngay-month=3&den_ngay-year=2026&dinh_dang=pdf")
	if res.StatusCode != 400 || !strings.Contains(body, `<a href="#tu_ngay-year">“Từ ngày” phải có năm.`) {
		t.Errorf("register from a date without its year = %d; want 400 naming the year: %s", res.StatusCode, webtest.ErrorSummary(body))
	}
	res, _ = b.Get("/can-bo/so-theo-doi?tu_ngay=2026-03-10&den_ngay=2026-03-01&dinh_dang=pdf")
	if res.StatusCode != 400 {
		t.Errorf("dates in the wrong order = %d; want 400", res.StatusCode)
	}
	today := time.Now().In(vntime.Location()).Format(time.DateOnly)
	res, pdf := b.Get("/can-bo/so-theo-doi?tu_ngay=" + today + "&den_ngay=" + today + "&dinh_dang=pdf")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf, "%PDF-") ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("register PDF = %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	boxes := dateBoxes("tu_ngay", today, dateBoxes("den_ngay", today, url.Values{"dinh_dang": {"xlsx"}}))
	res, xlsx := b.Get("/can-bo/so-theo-doi?" + boxes.Encode())
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") || !strings.HasPrefix(xlsx, "PK") {
		t.Errorf("register XLSX = %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

// TestWorkflowPagesEnglish: the back office and the applicant's forms in English.
func TestWorkflowPagesEnglish(t *testing.T) {
	f := newDemoFixture(t)
	code := submitDossier(t, f, "congdan", "1.001193", "00070")
	b := f.browser(t)
	b.SignIn("tiepnhan")
	_, body := b.Get("/can-bo/ho-so/" + code + "?lang=en")
	webtest.MustContain(t, "English dossier", body, "Receive the application", "Ask for missing documents", "Refuse to receive",
		"List, once and completely, what must be supplemented", "Printable forms", `<span lang="vi">Tiếp nhận hồ sơ</span>`)
	_, body = b.Get("/can-bo?lang=en")
	webtest.MustContain(t, "English inbox", body, "Applications to handle", "Due soon", "Overdue", "Result due:")
	res, body := b.act(code, workflow.RejectReception, nil)
	if res.StatusCode != 422 || !strings.Contains(body, "Give the reason for refusing reception (form 03).") {
		t.Errorf("English refusal without a reason = %d; want the English message", res.StatusCode)
	}
	b.Get("/?lang=vi")
}

func TestActionFormsComplete(t *testing.T) {
	for _, a := range workflowActions {
		for _, suffix := range []string{".title", ".intro", ".submit"} {
			if !hasKey("act." + a + suffix) {
				t.Errorf("no message act.%s%s", a, suffix)
			}
		}
		if !hasKey("done."+a) || !hasKey("action."+a) {
			t.Errorf("no done or history message for %s", a)
		}
	}
}

// TestLanding: signing in without a page to return to lands each person on their own work:
// officers on the inbox, the administrator on the calendar's administration, citizens on their
// dossiers; a local page to return to wins, a foreign one does not (issue 11).
func TestLanding(t *testing.T) {
	f := newDemoFixture(t)
	for _, tt := range []struct{ user, next, want string }{
		{"tiepnhan", "", web.InboxPath},
		{"chuyenvien", "", web.InboxPath},
		{"lanhdao", "/", web.InboxPath},
		{"admin", "", "/quan-tri/lich"},
		{"catalog", "", "/quyet-dinh"},
		{"congdan", "", "/ho-so"},
		{"tiepnhan", "/thu-tuc/1.001193", "/thu-tuc/1.001193"},
		{"tiepnhan", "https://evil.example/can-bo", web.InboxPath},
		{"congdan", "//evil.example/", "/ho-so"},
	} {
		b := f.Browser(t)
		res, _ := b.Post("/dang-nhap", url.Values{"username": {tt.user}, "password": {demo.Password}, "next": {tt.next}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != tt.want {
			t.Errorf("%s signs in with next=%q: %d to %q; want 303 to %s", tt.user, tt.next, res.StatusCode, res.Header.Get("Location"), tt.want)
		}
	}
}

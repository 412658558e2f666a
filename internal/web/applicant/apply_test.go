package applicant

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/webtest"
	"github.com/motcua/motcua/internal/workflow"
)

// demoFixture is the demo city with the applicant's pages.
type demoFixture struct {
	*webtest.Demo
	h *Handler
}

func newDemoFixture(t *testing.T) *demoFixture {
	t.Helper()
	f := &demoFixture{}
	f.Demo = webtest.NewDemo(t, func(site *web.Site, d *webtest.Demo) ([]webtest.Routes, error) {
		var err error
		f.h, err = New(site, Deps{Catalog: d.Catalog, Org: d.Org, Identity: d.Identity, Dossiers: d.Dossiers, Workflow: d.Workflow})
		return []webtest.Routes{f.h}, err
	})
	return f
}

// TestApplyWithoutJavaScript applies for a birth registration through plain form posts, as a
// browser without JavaScript does: sign in, fill the form (errors first), save a draft, upload
// documents (an executable disguised as a PDF is refused), review, declare and submit; then
// the dossier is the citizen's and nobody else's, and its documents can be attached again.
func TestApplyWithoutJavaScript(t *testing.T) {
	f := newDemoFixture(t)
	ctx := context.Background()
	p, err := f.Catalog.Current(ctx, "1.001193")
	if err != nil {
		t.Fatal(err)
	}
	b := f.Browser(t)

	// Applying asks to sign in first, and comes back.
	res, _ := b.Get("/nop-ho-so/1.001193")
	webtest.Location(t, res, http.StatusSeeOther, "/dang-nhap?next=%2Fnop-ho-so%2F1.001193")
	res, _ = b.Post("/dang-nhap", url.Values{"username": {"congdan"}, "password": {demo.Password}, "next": {"/nop-ho-so/1.001193"}})
	webtest.Location(t, res, http.StatusSeeOther, "/nop-ho-so/1.001193")

	// Step 1: the agency and the form.
	body := b.Page("/nop-ho-so/1.001193", 200)
	webtest.MustContain(t, "step 1", body, `<select id="agency" name="_agency"`, `<option value="00070"`, `name="nguoi_yeu_cau.ho_ten"`,
		`id="f-nguoi_yeu_cau-ho_ten"`, `name="nguoi_duoc_khai_sinh.ngay_sinh-day" type="text"`, `name="nguoi_duoc_khai_sinh.ngay_sinh-year" type="text"`, "Bước 1 trên 3", `value="Việt Nam"`,
		`<span lang="vi">Cha</span> <span class="optional">(không bắt buộc)</span>`, "Lưu nháp", "Hồ sơ của tôi",
		// The applicant's name comes from the account, marked so (issue 11).
		`name="nguoi_yeu_cau.ho_ten" type="text" class="input" value="Nguyễn Văn An"`, `<strong class="tag tag-prefilled">Lấy từ hồ sơ tài khoản</strong>`,
		`name="_delivery" type="radio" value="online" checked`, `name="_delivery_address"`)
	if strings.Contains(body, `<option value="STP"`) {
		t.Errorf("step 1 offers a department for a commune-level procedure")
	}
	empty := webtest.FormValues(t, body, "/nop-ho-so/1.001193")
	empty.Set("_action", "continue")
	res, body = b.Post("/nop-ho-so/1.001193", empty)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("continue with an empty form = %d; want 422", res.StatusCode)
	}
	webtest.CheckHTML(t, "step 1 with errors", body)
	webtest.MustContain(t, "step 1 with errors", body, `<title>Lỗi: `, `class="error-summary"`, `<a href="#agency">Chọn cơ quan tiếp nhận hồ sơ</a>`,
		`<a href="#f-nguoi_yeu_cau-so_dinh_danh">Người yêu cầu: “Số định danh cá nhân” là bắt buộc.</a>`,
		`<p id="f-nguoi_yeu_cau-so_dinh_danh-error" class="error-message">`, `<p id="agency-error"`)
	// An invalid first "Tiếp tục" leaves no draft behind (issue 11): the form still posts to a
	// new application.
	if !strings.Contains(body, `action="/nop-ho-so/1.001193" novalidate`) {
		t.Errorf("step 1 after an invalid first post posts to a draft")
	}
	if ds, _ := f.Dossiers.Drafts(ctx, webtest.MustUser(t, f.Org, "congdan")); len(ds) != 0 {
		t.Fatalf("an invalid first continue left %d drafts", len(ds))
	}

	// Save as draft with part of the form; the draft resumes with the values.
	filled := webtest.Overlay(empty, webtest.SampleValues(t, p, false))
	filled.Set("_agency", "00070")
	partial := webtest.Overlay(filled, url.Values{"nguoi_duoc_khai_sinh.ten": {""}, "nguoi_yeu_cau.dien_thoai": {"09 1234"}, "_action": {"save"}})
	res, _ = b.Post("/nop-ho-so/1.001193", partial)
	saved := webtest.Location(t, res, http.StatusSeeOther, "/nop-ho-so/1.001193?draft=")
	draft := regexp.MustCompile(`draft=([0-9a-f]+)&da_luu=1$`).FindStringSubmatch(saved)[1]
	body = b.Page("/nop-ho-so/1.001193?draft="+draft+"&da_luu=1", 200)
	webtest.MustContain(t, "saved draft", body, "Đã lưu nháp", `value="09 1234"`, `<option value="00070" selected>`)
	// Continue: the server's JSON Schema validator refuses the phone number, beside its field.
	partial.Set("_action", "continue")
	res, body = b.Post("/nop-ho-so/1.001193?draft="+draft, partial)
	if res.StatusCode != 422 {
		t.Fatalf("continue with a bad phone = %d; want 422", res.StatusCode)
	}
	webtest.MustContain(t, "step 1, bad phone", body, `<a href="#f-nguoi_yeu_cau-dien_thoai">Người yêu cầu: “Số điện thoại” không đúng định dạng.</a>`,
		`<a href="#f-nguoi_duoc_khai_sinh-ten">`, `value="09 1234"`)
	if strings.Contains(body, `href="#agency"`) {
		t.Errorf("the agency chosen is reported as missing")
	}
	filled.Set("_action", "continue")
	res, _ = b.Post("/nop-ho-so/1.001193?draft="+draft, filled)
	webtest.Location(t, res, http.StatusSeeOther, "/nop-ho-so/1.001193/tai-lieu?draft="+draft)

	// Step 2: the documents. The declarations the form stands for ask for no file.
	docsURL := "/nop-ho-so/1.001193/tai-lieu?draft=" + draft
	body = b.Page(docsURL, 200)
	webtest.MustContain(t, "step 2", body, `enctype="multipart/form-data"`, `<input type="file" id="file-giay-chung-sinh" name="file-giay-chung-sinh"`,
		`accept=".pdf,.jpg,.jpeg,.png"`, "Bắt buộc", "tờ khai trực tuyến ở bước trước thay cho chúng")
	if strings.Contains(body, `id="file-to-khai"`) || strings.Contains(body, `id="file-to-khai-dien-tu"`) {
		t.Errorf("step 2 asks for a file for the form itself")
	}
	res, body = b.Multipart(docsURL, url.Values{"_action": {"upload"}}, webtest.Upload{Field: "file-giay-chung-sinh", Name: "giay-chung-sinh.pdf", Data: webtest.EXE})
	if res.StatusCode != http.StatusUnsupportedMediaType {
		t.Fatalf("an executable named .pdf = %d; want 415", res.StatusCode)
	}
	webtest.CheckHTML(t, "step 2, executable", body)
	webtest.MustContain(t, "step 2, executable", body, `<a href="#file-giay-chung-sinh">Tệp “giay-chung-sinh.pdf” không phải PDF, JPG, PNG hay DOCX.`,
		`<p id="file-giay-chung-sinh-error" class="error-message">`, `aria-describedby="file-giay-chung-sinh-hint file-giay-chung-sinh-error"`)
	big := append(append([]byte{}, webtest.PDF...), bytes.Repeat([]byte("x"), 1<<20)...)
	res, body = b.Multipart(docsURL, url.Values{"_action": {"upload"}}, webtest.Upload{Field: "file-giay-to-tuy-than", Name: "cccd.pdf", Data: big})
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, `<a href="#file-giay-to-tuy-than">Tệp “cccd.pdf” lớn hơn 1 MB.`) {
		t.Errorf("a file over the limit = %d; want 413 with the message on its field", res.StatusCode)
	}
	res, body = b.Multipart(docsURL, url.Values{"_action": {"continue"}})
	if res.StatusCode != 422 || !strings.Contains(body, `<a href="#file-giay-chung-sinh">Tải lên hoặc chọn tệp cho: Giấy chứng sinh`) {
		t.Errorf("continue without the required documents = %d; want 422 naming them", res.StatusCode)
	}
	// Upload one and stay; then the other and continue.
	res, _ = b.Multipart(docsURL, url.Values{"_action": {"upload"}}, webtest.Upload{Field: "file-giay-chung-sinh", Name: "giấy chứng sinh.pdf", Data: webtest.PDF})
	webtest.Location(t, res, http.StatusSeeOther, docsURL+"#c-giay-chung-sinh")
	body = b.Page(docsURL, 200)
	webtest.MustContain(t, "step 2 with a file", body, "giấy chứng sinh.pdf", `name="_remove" value="giay-chung-sinh|`, "Đã đính kèm")
	res, _ = b.Multipart(docsURL, url.Values{"_action": {"continue"}}, webtest.Upload{Field: "file-giay-to-tuy-than", Name: "cccd.pdf", Data: webtest.PDF},
		webtest.Upload{Field: "file-van-ban-uy-quyen", Name: "", Data: nil})
	webtest.Location(t, res, http.StatusSeeOther, "/nop-ho-so/1.001193/kiem-tra?draft="+draft)

	// Step 3: check your answers, with change links; the declaration is required.
	reviewURL := "/nop-ho-so/1.001193/kiem-tra?draft=" + draft
	body = b.Page(reviewURL, 200)
	webtest.MustContain(t, "review", body, "Kiểm tra hồ sơ trước khi nộp", "Nguyễn Văn An", "001203004567", "15/03/2026",
		`href="/nop-ho-so/1.001193?draft=`+draft+`#f-nguoi_yeu_cau-ho_ten">Sửa`, `href="/nop-ho-so/1.001193?draft=`+draft+`#agency"`,
		"giấy chứng sinh.pdf", "cccd.pdf", `<label for="declaration"`)
	res, body = b.Post(reviewURL, url.Values{})
	if res.StatusCode != 422 || !strings.Contains(body, `<a href="#declaration">`) {
		t.Errorf("submit without the declaration = %d; want 422 linking #declaration", res.StatusCode)
	}
	webtest.CheckHTML(t, "review, no declaration", body)
	res, _ = b.Post(reviewURL, url.Values{"_declaration": {"true"}})
	loc := webtest.Location(t, res, http.StatusSeeOther, "/ho-so/")
	code := strings.TrimSuffix(strings.TrimPrefix(loc, "/ho-so/"), "?moi=1")
	if !webtest.DemoWardCode.MatchString(code) || !strings.HasSuffix(loc, "?moi=1") {
		t.Fatalf("submitted to %s; want /ho-so/<070.00.30.H26-…>?moi=1", loc)
	}
	// A resent post (double click, back button) finds the dossier, not a second one.
	res, _ = b.Post(reviewURL, url.Values{"_declaration": {"true"}})
	webtest.Location(t, res, http.StatusSeeOther, "/ho-so/"+code+"?moi=1")
	body = b.Page(reviewURL, 404)
	webtest.MustContain(t, "submitted draft", body, "Không tìm thấy bản nháp", `href="/ho-so"`)

	// The confirmation, and the dossier page.
	body = b.Page("/ho-so/"+code+"?moi=1", 200)
	webtest.MustContain(t, "confirmation", body, `<h1 class="panel-title">Đã nộp hồ sơ</h1>`, `<strong class="panel-code">`+code+`</strong>`,
		`href="/tra-cuu?ma=`+code+`"`, "Việc gì xảy ra tiếp theo", "Mới đăng ký", "Nguyễn Văn An", "Giấy chứng sinh", "giấy chứng sinh.pdf")
	body = b.Page("/ho-so/"+code, 200)
	webtest.MustContain(t, "dossier page", body, "Hồ sơ "+code, "Trực tuyến", "Quá trình xử lý", `href="/tep/`)
	fileURL := regexp.MustCompile(`href="(/tep/[0-9a-f]+)"`).FindStringSubmatch(body)[1]
	res, pdf := b.Get(fileURL)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || pdf != string(webtest.PDF) ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("GET %s = %d %s %q", fileURL, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
	}

	// My dossiers lists it, with no draft left.
	body = b.Page("/ho-so", 200)
	webtest.MustContain(t, "my dossiers", body, `href="/ho-so/`+code+`"`, "Mới đăng ký", "Bạn có 1 hồ sơ.")
	if strings.Contains(body, "Bản nháp") {
		t.Errorf("my dossiers still lists the submitted draft")
	}

	// Another citizen: the dossier and its files do not exist.
	other := f.Browser(t)
	other.SignIn("congdan2")
	if body := other.Page("/ho-so/"+code, 404); !strings.Contains(body, "Không tìm thấy trang") {
		t.Errorf("another citizen's dossier: not the 404 page")
	}
	if res, _ := other.Get(fileURL); res.StatusCode != 404 {
		t.Errorf("another citizen's file = %d; want 404", res.StatusCode)
	}

	// Once only: a new application offers the documents already given, attached without upload.
	empty = webtest.FormValues(t, b.Page("/nop-ho-so/1.001193?agency=00070", 200), "/nop-ho-so/1.001193")
	second := webtest.Overlay(empty, webtest.SampleValues(t, p, true))
	second.Set("_action", "continue")
	res, _ = b.Post("/nop-ho-so/1.001193", second)
	docsURL = webtest.Location(t, res, http.StatusSeeOther, "/nop-ho-so/1.001193/tai-lieu?draft=")
	body = b.Page(docsURL, 200)
	webtest.MustContain(t, "step 2, once only", body, `<select id="reuse-giay-chung-sinh" name="reuse-giay-chung-sinh"`, "giấy chứng sinh.pdf", "từ hồ sơ "+code)
	fileID := strings.TrimPrefix(fileURL, "/tep/")
	res, body = b.Multipart(docsURL, url.Values{"reuse-giay-chung-sinh": {"not-mine"}, "_action": {"upload"}})
	if res.StatusCode != 422 || !strings.Contains(body, `<a href="#reuse-giay-chung-sinh">`) {
		t.Errorf("reusing a file not in the store = %d; want 422 on the select", res.StatusCode)
	}
	docs, _ := f.Dossiers.Documents(ctx, webtest.MustUser(t, f.Org, "congdan"))
	var cccd string
	for _, d := range docs {
		if d.Name == "cccd.pdf" && d.Dossier == code {
			cccd = d.ID
		}
	}
	res, _ = b.Multipart(docsURL, url.Values{"reuse-giay-chung-sinh": {fileID}, "reuse-giay-to-tuy-than": {cccd}, "_action": {"continue"}})
	reviewURL = webtest.Location(t, res, http.StatusSeeOther, "/nop-ho-so/1.001193/kiem-tra?draft=")
	body = b.Page(reviewURL, 200)
	webtest.MustContain(t, "review, once only", body, "giấy chứng sinh.pdf", "cccd.pdf", `<h3 class="summary-section-title" lang="vi">Cha</h3>`)

	// The draft is listed, resumes, and can be deleted.
	body = b.Page("/ho-so", 200)
	draft2 := strings.TrimPrefix(reviewURL, "/nop-ho-so/1.001193/kiem-tra?draft=")
	webtest.MustContain(t, "my dossiers with a draft", body, "Bản nháp", `href="/nop-ho-so/1.001193?draft=`+draft2+`"`,
		`action="/ho-so/ban-nhap/`+draft2+`/xoa"`)
	res, _ = b.Post("/ho-so/ban-nhap/"+draft2+"/xoa", nil)
	webtest.Location(t, res, http.StatusSeeOther, "/ho-so?da_xoa=1")
	body = b.Page("/ho-so?da_xoa=1", 200)
	if !strings.Contains(body, "Đã xoá bản nháp.") || strings.Contains(body, draft2) {
		t.Errorf("deleted draft still listed, or no notice")
	}
	if res, _ := b.Post("/ho-so/ban-nhap/"+draft2+"/xoa", nil); res.StatusCode != 404 {
		t.Errorf("deleting a deleted draft = %d; want 404", res.StatusCode)
	}
	if res, _ := other.Get("/nop-ho-so/1.001193/tai-lieu?draft=" + draft); res.StatusCode != 404 {
		t.Errorf("another citizen's draft = %d; want 404", res.StatusCode)
	}
}

// TestApplyAccess: citizens only; anonymous visitors sign in first; officers see a 403 page that
// says who the page is for; procedures not online send back to their page.
func TestApplyAccess(t *testing.T) {
	f := newDemoFixture(t)
	anon := f.Browser(t)
	for path, next := range map[string]string{
		"/nop-ho-so/1.001193":                  "%2Fnop-ho-so%2F1.001193",
		"/nop-ho-so/1.001193/kiem-tra?draft=x": "%2Fnop-ho-so%2F1.001193%2Fkiem-tra%3Fdraft%3Dx",
		"/ho-so":                               "%2Fho-so",
		"/ho-so/070.00.30.H26-260101-0001":     "%2Fho-so%2F070.00.30.H26-260101-0001",
		"/tep/abc":                             "%2Ftep%2Fabc",
	} {
		res, _ := anon.Get(path)
		webtest.Location(t, res, http.StatusSeeOther, "/dang-nhap?next="+next)
	}
	res, _ := anon.Post("/nop-ho-so/1.001193", url.Values{})
	webtest.Location(t, res, http.StatusSeeOther, "/dang-nhap?next=%2Fnop-ho-so%2F1.001193")

	officer := f.Browser(t)
	officer.SignIn("tiepnhan")
	for _, path := range []string{"/nop-ho-so/1.001193", "/ho-so"} {
		body := officer.Page(path, 403)
		webtest.MustContain(t, path+" as an officer", body, "Trang này dành cho công dân nộp hồ sơ trực tuyến.")
	}
	citizen := f.Browser(t)
	citizen.SignIn("congdan")
	citizen.Page("/nop-ho-so/9.999999", 404)
	citizen.Page("/nop-ho-so/abc", 404)
	citizen.Page("/nop-ho-so/1.001193?draft=0000", 404)
	citizen.Page("/nop-ho-so/1.001193/tai-lieu?draft=0000", 404)
	res, _ = citizen.Get("/nop-ho-so/1.001193/tai-lieu")
	webtest.Location(t, res, http.StatusSeeOther, "/nop-ho-so/1.001193")
	// A procedure that is not applied for online: its page says so. One received by a single
	// agency: it is chosen already.
	items, _ := demo.Procedures()
	none, single := false, false
	for _, it := range items {
		p := it.Procedure
		switch {
		case p.OnlineLevel == catalog.OnlineNone && !none:
			res, _ := citizen.Get("/nop-ho-so/" + p.Code)
			webtest.Location(t, res, http.StatusSeeOther, "/thu-tuc/"+p.Code)
			none = true
		case p.OnlineLevel != catalog.OnlineNone && len(p.AgencyCodes) == 1 && !single:
			body := citizen.Page("/nop-ho-so/"+p.Code, 200)
			webtest.MustContain(t, "single agency", body, `<option value="`+p.AgencyCodes[0]+`" selected>`)
			single = true
		}
	}
	if !none || !single {
		t.Errorf("the demo catalog has no procedure not online (%v) or received by one agency (%v)", none, single)
	}
}

// TestSubmitErrorsGoBack: what dossier.Store.Submit refuses sends the citizen back to the step
// with the problem, the errors summarised and linked there.
func TestSubmitErrorsGoBack(t *testing.T) {
	f := newDemoFixture(t)
	ctx := context.Background()
	p, err := f.Catalog.Current(ctx, "1.001193")
	if err != nil {
		t.Fatal(err)
	}
	sample, err := demo.SampleForm(p, false)
	if err != nil {
		t.Fatal(err)
	}
	u := webtest.MustUser(t, f.Org, "congdan")
	b := f.Browser(t)
	b.SignIn("congdan")
	tests := []struct {
		name   string
		in     dossier.SubmitInput
		status int
		wants  []string
	}{
		{"form", dossier.SubmitInput{AgencyCode: "00070", Form: []byte(`{"nguoi_yeu_cau": {"ho_ten": "A"}}`)}, 422,
			[]string{`name="_agency"`, `<a href="#f-nguoi_yeu_cau-ho_ten">Người yêu cầu: “Họ, chữ đệm và tên” cần ít nhất 2 ký tự.</a>`,
				`<a href="#f-nguoi_duoc_khai_sinh-ho">`, `value="A"`, "Bước 1 trên 3"}},
		{"agency", dossier.SubmitInput{AgencyCode: "STP", Form: sample}, 422,
			[]string{`<a href="#agency">Sở Tư pháp không tiếp nhận thủ tục này.</a>`, `name="_agency"`}},
		{"documents", dossier.SubmitInput{AgencyCode: "00070", Form: sample}, 422,
			[]string{`<a href="#file-giay-chung-sinh">Thiếu thành phần bắt buộc: Giấy chứng sinh`, `<a href="#file-giay-to-tuy-than">`, "Bước 2 trên 3"}},
	}
	for _, tt := range tests {
		tt.in.ProcedureCode = p.Code
		d, err := f.Dossiers.SaveDraft(ctx, u, "", tt.in)
		if err != nil {
			t.Fatal(err)
		}
		review := "/nop-ho-so/1.001193/kiem-tra?draft=" + d.ID
		b.Page(review, 200)
		res, body := b.Post(review, url.Values{"_declaration": {"true"}})
		if res.StatusCode != tt.status {
			t.Errorf("%s: submit = %d; want %d", tt.name, res.StatusCode, tt.status)
		}
		webtest.CheckHTML(t, "submit refused: "+tt.name, body)
		webtest.MustContain(t, "submit refused: "+tt.name, body, tt.wants...)
		if _, err := f.Dossiers.Draft(ctx, u, d.ID); err != nil {
			t.Errorf("%s: the draft is gone after a refused submission: %v", tt.name, err)
		}
	}
	if ds, _, _ := f.Dossiers.Mine(ctx, u, 1, 10); len(ds) != 0 {
		t.Errorf("refused submissions filed %d dossiers", len(ds))
	}
}

// TestEvaluationLabels checks that every indicator the applicant scores has a label for each
// score.
func TestEvaluationLabels(t *testing.T) {
	msg := newDemoFixture(t).h.Messages()
	for _, ind := range workflow.Indicators {
		if ind.Citizen {
			for s := range 3 {
				if !msg.Has(fmt.Sprintf("eval.%s.%d", ind.Key, s)) {
					t.Errorf("indicator %s has no label for %d", ind.Key, s)
				}
			}
		}
	}
}

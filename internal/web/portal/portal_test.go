package portal

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/webtest"
	"github.com/motcua/motcua/internal/workflow"
)

func ptr[T any](v T) *T { return &v }

var catalogAdmin = &org.User{Username: "catalog", Role: org.RoleCatalogAdmin}

// proc builds a valid procedure in force at commune level.
func proc(code, name, field string) catalog.Procedure {
	return catalog.Procedure{
		Code: code, Name: name, Field: field, Level: catalog.LevelCommune,
		ImplementingAgency: "Ủy ban nhân dân cấp xã", ProcessingDays: ptr(3), FeeVND: ptr[int64](0),
		Components: []catalog.Component{{ID: "to-khai", Name: "Tờ khai", Originals: 1, Required: true}},
		LegalBases: []string{"Nghị định 123/2015/NĐ-CP"}, OnlineLevel: catalog.OnlineFull,
		FormSchema: json.RawMessage(`{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"ho_ten":{"type":"string"}}}`),
	}
}

// fixture is a portal on a real SQLite database with a small catalog:
//   - 1.001193 khai sinh: full detail (fees, template, conditions, channels, source, notes);
//   - 1.000894 kết hôn: amended by decision 2, then abolished by decision 3;
//   - 2.000815 chứng thực: no processing time and no fee published, province level, partial;
//   - 1.001612 hộ kinh doanh: same-day (working hours), fee 100.000 đ, not online;
//   - 25 procedures of the field "Thử nghiệm" to page through.
//
// Agencies: the department STP (province level), the ward 00004 and the commune 00010. 2.000815
// is received by STP, 1.001612 by the ward 00004 only; the rest name no agency.
type fixture struct {
	h        *Handler
	srv      *webtest.Server
	catalog  *catalog.Store
	org      *org.Store
	identity *identity.Store
	calendar *calendar.Store
	dossiers *dossier.Store
	workflow *workflow.Store
	stores   *webtest.Stores
	site     *web.Site
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	st := webtest.NewStores(t)
	f := &fixture{catalog: st.Catalog, org: st.Org, identity: st.Identity, calendar: st.Calendar, dossiers: st.Dossiers, workflow: st.Workflow, stores: st}
	ctx := context.Background()
	for _, a := range []*org.Agency{
		{Code: "UBTP", Kind: org.KindCity, Level: "province", Name: "Ủy ban nhân dân thành phố", NameEn: "City People's Committee"},
		{Code: "STP", ParentCode: "UBTP", Kind: org.KindDepartment, Level: "province", Name: "Sở Tư pháp", NameEn: "Department of Justice"},
		{Code: "SYT", ParentCode: "UBTP", Kind: org.KindDepartment, Level: "province", Name: "Sở Y tế", NameEn: "Department of Health"},
		{Code: "00010", ParentCode: "UBTP", Kind: org.KindCommune, Level: "commune", Name: "UBND Xã Đông Anh"},
		{Code: "00004", ParentCode: "UBTP", Kind: org.KindWard, Level: "commune", Name: "UBND Phường Ba Đình", NameEn: "Ba Đình Ward People's Committee"},
		{Code: "00007", ParentCode: "UBTP", Kind: org.KindWard, Level: "commune", Name: "UBND Phường Ấu Triệu"},
	} {
		if err := f.org.CreateAgency(ctx, a); err != nil {
			t.Fatalf("CreateAgency(%s): %v", a.Code, err)
		}
	}

	birth := proc("1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch")
	birth.LocalCode = "1.001193.000.00.00.H26"
	birth.DecidingAgency = "Chủ tịch Ủy ban nhân dân cấp xã"
	birth.ProcessingTimeText = "Ngay trong ngày tiếp nhận; sau 15 giờ thì trả trong ngày làm việc tiếp theo."
	birth.Fees = []catalog.Fee{
		{Name: "Lệ phí đăng ký khai sinh đúng hạn", AmountVND: ptr[int64](0)},
		{Name: "Lệ phí đăng ký khai sinh quá hạn", AmountVND: ptr[int64](5000), Note: "Theo Nghị quyết của HĐND thành phố.", Case: "qua-han",
			Reductions: []catalog.Reduction{{Name: "Miễn cho người thuộc hộ nghèo", Percent: 100, Categories: []string{"ho-ngheo"},
				Basis: "Luật Hộ tịch số 60/2014/QH13, Điều 11 khoản 1"}}},
		{Name: "Phí cấp bản sao trích lục", AmountVND: nil, Note: "Chưa có mức thu.", Statement: "Hỏi mức phí tại nơi nộp hồ sơ."},
	}
	birth.TimeStatement = "Trong ngày làm việc tiếp nhận hồ sơ."
	birth.Citations = []catalog.Citation{{Figure: "processing_time", Text: "Trình tự: trả kết quả trong ngày.", Source: "https://dichvucong.gov.vn/thu-tuc/1.001193"}}
	birth.LegalDocuments = []catalog.LegalDocument{{Number: "123/2015/NĐ-CP", Kind: "Nghị định", Title: "Quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
		IssuedOn: "2015-11-15", Source: "Cổng DVCQG, căn cứ pháp lý của thủ tục 1.001193"}}
	birth.Components = []catalog.Component{
		{ID: "to-khai", Name: "Tờ khai đăng ký khai sinh", Originals: 1, Required: true, Formats: []string{"pdf", "docx"},
			TemplateName: "Mẫu tờ khai đăng ký khai sinh", TemplateURL: "https://example.gov.vn/mau/to-khai-khai-sinh.docx", Group: "to-khai",
			Condition: "Khi nộp hồ sơ trực tiếp"},
		{ID: "to-khai-dien-tu", Name: "Mẫu hộ tịch điện tử tương tác", Originals: 1, Required: true, Group: "to-khai", Condition: "Khi nộp hồ sơ trực tuyến"},
		{ID: "giay-chung-sinh", Name: "Giấy chứng sinh", Originals: 1, Copies: 1, Required: true},
		{ID: "uy-quyen", Name: "Văn bản ủy quyền", Originals: 1, Condition: "người đi đăng ký được ủy quyền"},
	}
	birth.Steps = []string{"Nộp hồ sơ tại Bộ phận Một cửa.", "Cán bộ kiểm tra và ghi vào Sổ hộ tịch."}
	birth.Conditions = "Không có."
	birth.Result = "Giấy khai sinh (bản chính)."
	birth.Channels = []string{"online", "counter", "post"}
	birth.LegacyLevel = 4
	birth.Source = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193"
	birth.Notes = "Dữ liệu đối chiếu ngày 01/01/2026."

	marriage := proc("1.000894", "Thủ tục đăng ký kết hôn", "Hộ tịch")
	notary := proc("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực")
	notary.ProcessingDays, notary.FeeVND, notary.Level, notary.OnlineLevel = nil, nil, catalog.LevelProvince, catalog.OnlinePartial
	notary.AgencyCodes = []string{"STP"}
	business := proc("1.001612", "Đăng ký thành lập hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh")
	business.ProcessingDays, business.ProcessingHours, business.FeeVND, business.OnlineLevel = nil, ptr(8), ptr[int64](100000), catalog.OnlineNone
	business.AgencyCodes = []string{"00004"}
	business.Fees = []catalog.Fee{{Name: "Lệ phí đăng ký hộ kinh doanh", AmountVND: ptr[int64](100000), Basis: "Nghị quyết 78/2026/NQ-HĐND",
		Reductions: []catalog.Reduction{{Name: "Miễn lệ phí khi nộp hồ sơ trực tuyến", Percent: 100, Online: true, From: "2026-07-25",
			Basis: "Nghị quyết 78/2026/NQ-HĐND", Statement: "Không phải nộp lệ phí khi nộp trực tuyến."}}}}
	publish := []catalog.Procedure{birth, marriage, notary, business}
	for i := range 25 {
		publish = append(publish, proc(fmt.Sprintf("3.%06d", i), fmt.Sprintf("Thủ tục thử nghiệm số %02d", i), "Thử nghiệm"))
	}
	decisions := []*catalog.Decision{
		{Number: "1/QĐ-UBND", SignedOn: "2026-01-05", Signer: "Chủ tịch UBND thành phố", Publish: publish},
		{Number: "2/QĐ-UBND", SignedOn: "2026-02-10", EffectiveOn: "2026-03-01", Signer: "Phó Chủ tịch UBND thành phố",
			Amend: []catalog.Procedure{func() catalog.Procedure {
				p := proc("1.000894", "Thủ tục đăng ký kết hôn (sửa đổi)", "Hộ tịch")
				p.ProcessingDays = ptr(5)
				return p
			}()}},
		{Number: "3/QĐ-UBND", SignedOn: "2026-04-01", Abolish: []string{"1.000894"}},
	}
	for _, dec := range decisions {
		if _, err := f.catalog.ApplyDecision(ctx, catalogAdmin, dec); err != nil {
			t.Fatalf("ApplyDecision(%s): %v", dec.Number, err)
		}
	}
	site := st.Site(t)
	f.site = site
	var err error
	f.h, err = New(site, Deps{Catalog: f.catalog, Calendar: f.calendar, Dossiers: f.dossiers})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	f.srv = webtest.NewServer(f.identity, site, f.h)
	return f
}

// do serves one request; header lines are "Name: value".
func (f *fixture) do(t *testing.T, method, target string, body io.Reader, header ...string) (*http.Response, string) {
	t.Helper()
	return f.srv.Do(t, method, target, body, header...)
}

func (f *fixture) serve(t *testing.T, r *http.Request) (*http.Response, string) {
	t.Helper()
	w := httptest.NewRecorder()
	f.srv.Handler.ServeHTTP(w, r)
	res := w.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

var missingKeyRe = webtest.MissingKey

func TestPages(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		path   string
		status int
		vi, en []string // substrings each language's page must contain
	}{
		{"/", 200,
			[]string{`<form action="/thu-tuc" method="get"`, `<input id="q" name="q" type="search"`, `<label for="q"`, "Tìm kiếm",
				`href="/thu-tuc?field=H%e1%bb%99%20t%e1%bb%8bch"`, "25 thủ tục", "Toàn trình", "Một phần", "Không trực tuyến", `href="/quyet-dinh"`},
			[]string{`<input id="q" name="q" type="search"`, "Search", "Browse by field", `<span lang="vi">Hộ tịch</span>`, "1 procedure",
				"Fully online", "Partially online", "Not online", "See the publication decisions"}},
		{"/thu-tuc?q=khai+sinh", 200,
			[]string{`class="result"`, `href="/thu-tuc/1.001193"`, "1 thủ tục khớp với", "Miễn phí", "3 ngày làm việc", "Cấp xã"},
			[]string{`class="result"`, `href="/thu-tuc/1.001193"`, "1 procedure matches", "Free", "3 working days", "Commune"}},
		{"/thu-tuc?field=Ch%E1%BB%A9ng+th%E1%BB%B1c", 200,
			[]string{`href="/thu-tuc/2.000815"`, "hỏi tại nơi nộp hồ sơ", "Cấp tỉnh", "Một phần"},
			[]string{`href="/thu-tuc/2.000815"`, "ask where you apply", "Provincial", "Partially online"}},
		{"/thu-tuc?q=zzzz", 200,
			[]string{"Không tìm thấy thủ tục nào phù hợp."}, []string{"No procedures match."}},
		{"/thu-tuc/1.001193", 200,
			[]string{`<h1 lang="vi">Thủ tục đăng ký khai sinh</h1>`, "1.001193.000.00.00.H26", "Chủ tịch Ủy ban nhân dân cấp xã",
				"Toàn trình", "mức độ 4", "Trong ngày làm việc tiếp nhận hồ sơ.", "5.000 đ", "Miễn phí", "Hỏi mức phí tại nơi nộp hồ sơ.",
				"Nộp một trong các giấy tờ sau", "Mẫu hộ tịch điện tử tương tác", "Nghị định 123/2015/NĐ-CP</strong> ngày 15/11/2015: Quy định chi tiết",
				`href="https://example.gov.vn/mau/to-khai-khai-sinh.docx"`, "PDF, DOCX", "người đi đăng ký được ủy quyền",
				"Nộp hồ sơ tại Bộ phận Một cửa.", "Giấy khai sinh (bản chính).", "Trực tiếp tại Bộ phận Một cửa",
				"1/QĐ-UBND", "05/01/2026", `href="/thu-tuc/1.001193/lich-su"`,
				`href="/nop-ho-so/1.001193"`, "Nộp hồ sơ trực tuyến",
				"Nộp trực tuyến</h4>", "Cơ quan tiếp nhận sẽ báo mức thu", "Bạn được miễn hoặc giảm", "Miễn cho người thuộc hộ nghèo"},
			[]string{`<h1 lang="vi">Thủ tục đăng ký khai sinh</h1>`, "Fully online", "Formerly level 4", "Trong ngày làm việc tiếp nhận hồ sơ.", "Free", "Submit one of the following",
				"Documents to submit", "Legal basis", `<ol class="steps" lang="vi">`, "signed 05/01/2026", `href="/nop-ho-so/1.001193"`, "Apply online",
				"In person at the one-stop counter"}},
		{"/thu-tuc/1.001612", 200,
			[]string{"8 giờ làm việc", "100.000 đ", "Không trực tuyến", "Thủ tục này không nộp trực tuyến.",
				"Số tiền phải nộp cho một hồ sơ", "Nộp trực tiếp hoặc qua bưu chính", "Tổng cộng", "Căn cứ: <span lang=\"vi\">Nghị quyết 78/2026/NQ-HĐND",
				"Miễn lệ phí khi nộp hồ sơ trực tuyến: Không phải nộp lệ phí khi nộp trực tuyến.", "(từ 25/07/2026)"},
			[]string{"8 working hours", "100.000 đ", "Not online", "cannot be applied for online",
				"What one dossier costs", "Filed at the counter or by post", "Total", "Legal basis: <span lang=\"vi\">Nghị quyết 78/2026/NQ-HĐND", "(from 25/07/2026)"}},
		{"/thu-tuc/2.000815", 200,
			[]string{"Chưa có thông tin; hỏi tại nơi nộp hồ sơ", "Một phần"}, []string{"ask where you apply", "Partially online"}},
		{"/thu-tuc/1.000894", 200,
			[]string{"Đã bãi bỏ", "Thủ tục đăng ký kết hôn (sửa đổi)", "3/QĐ-UBND", "01/04/2026"},
			[]string{"Abolished", "Abolished by decision 3/QĐ-UBND of 01/04/2026"}},
		{"/thu-tuc/1.000894/lich-su", 200,
			[]string{"Phiên bản 1", "Phiên bản 3", "Công bố mới", "Sửa đổi, bổ sung", "Bãi bỏ", "2/QĐ-UBND", "10/02/2026", "5 ngày làm việc", "Hiện hành"},
			[]string{"Version 1", "Version 3", "Published", "Amended", "Abolished", "2/QĐ-UBND", "10/02/2026", "5 working days", "Current"}},
		{"/quyet-dinh", 200,
			[]string{"1/QĐ-UBND", "2/QĐ-UBND", "3/QĐ-UBND", "Phó Chủ tịch UBND thành phố", "01/03/2026", `href="/thu-tuc/1.000894"`, "Bãi bỏ (1)", "Có 3 quyết định."},
			[]string{"1/QĐ-UBND", "Signed by", "01/03/2026", `href="/thu-tuc/1.000894"`, "Abolished (1)", "3 decisions."}},
		{"/dang-nhap", 200,
			[]string{`<label for="username"`, `<label for="password"`, `autocomplete="current-password"`, "Đăng nhập"},
			[]string{`<label for="username"`, "Username", "Password", "Sign in"}},
		{"/khong-co-trang-nay", 404, []string{"Không tìm thấy trang"}, []string{"Page not found"}},
		{"/thu-tuc/9.999999", 404, []string{"Không tìm thấy trang"}, []string{"Page not found"}},
		{"/thu-tuc/9.999999/lich-su", 404, []string{"Không tìm thấy trang"}, []string{"Page not found"}},
		{"/thu-tuc/abc", 404, []string{"Không tìm thấy trang"}, []string{"Page not found"}},
		{"/thu-tuc/%FF%FE", 404, []string{"Không tìm thấy trang"}, []string{"Page not found"}},
	}
	for _, tt := range tests {
		for _, lang := range []string{"vi", "en"} {
			sep := "?"
			if strings.Contains(tt.path, "?") {
				sep = "&"
			}
			target := tt.path + sep + "lang=" + lang
			t.Run(target, func(t *testing.T) {
				res, body := f.do(t, "GET", target, nil)
				if res.StatusCode != tt.status {
					t.Fatalf("GET %s status = %d; want %d\n%s", target, res.StatusCode, tt.status, body)
				}
				if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
					t.Errorf("GET %s Content-Type = %q", target, ct)
				}
				if !strings.Contains(body, `<html lang="`+lang+`">`) {
					t.Errorf(`GET %s: no <html lang="%s">`, target, lang)
				}
				want := tt.vi
				if lang == "en" {
					want = tt.en
				}
				for _, s := range want {
					if !strings.Contains(body, s) {
						t.Errorf("GET %s: missing %q", target, s)
					}
				}
				if m := missingKeyRe.FindString(body); m != "" {
					t.Errorf("GET %s: untranslated message %s", target, m)
				}
				checkHTML(t, target, body)
			})
		}
	}
}

// checkHTML checks the accessibility basics every page must have (webtest.CheckHTML).
func checkHTML(t *testing.T, target, body string) {
	t.Helper()
	webtest.CheckHTML(t, target, body)
}

func TestSearchFolding(t *testing.T) {
	f := newFixture(t)
	for _, q := range []string{
		"khai sinh", "KHAI SINH", "Khai Sinh", "dang ky khai sinh", norm.NFD.String("đăng ký khai sinh"),
		norm.NFD.String("ĐĂNG KÝ KHAI SINH"), "ĐANG KY KHAI SINH", "1.001193",
	} {
		res, body := f.do(t, "GET", "/thu-tuc?"+url.Values{"q": {q}}.Encode(), nil)
		if res.StatusCode != 200 || !strings.Contains(body, `href="/thu-tuc/1.001193"`) {
			t.Errorf("search %q: status %d, found 1.001193 = %v", q, res.StatusCode, strings.Contains(body, `href="/thu-tuc/1.001193"`))
		}
	}
}

func TestSearchHostileQueries(t *testing.T) {
	f := newFixture(t)
	long := strings.Repeat("a", 10<<10)
	tests := []struct {
		query  string
		status int
		errFor string // the input the error summary must link to, if any
	}{
		{`q=%22khai+sinh%22`, 200, ""},
		{`q=%27%3B+DROP+TABLE+procedures%3B+--`, 200, ""},
		{`q=<script>alert(1)</script>`, 200, ""},
		{`q=` + long, 400, "q"},
		{`q=%FF`, 400, "q"},
		{`q=%FF%FE%FD&field=%C0`, 400, "field"},
		{`field=%FF`, 400, "field"},
		{`q=%zz&field=%`, 200, ""},
		{`level=district`, 400, "level"},
		{`online_level=4`, 400, "online_level"},
		{`status=%27+OR+1%3D1`, 400, "status"},
		{`page=-1`, 400, ""},
		{`page=abc`, 400, ""},
		{`page=99999999999999999999999`, 400, ""},
		{`page=10000`, 200, ""},
		{`page=2&q=th%E1%BB%AD+nghi%E1%BB%87m`, 200, ""},
		{`q=` + strings.Repeat("%E1%BB%87", 200), 400, "q"},
		{`q=%00%01%02`, 200, ""},
		{`q=&q=khai&field=&field=x`, 200, ""},
		{`lang=xx&q=khai`, 200, ""},
	}
	for _, tt := range tests {
		res, body := f.do(t, "GET", "/thu-tuc?"+tt.query, nil)
		if res.StatusCode != tt.status {
			t.Errorf("GET /thu-tuc?%.60s status = %d; want %d", tt.query, res.StatusCode, tt.status)
			continue
		}
		if strings.Contains(body, "<script>alert") {
			t.Errorf("GET /thu-tuc?%.60s: query echoed unescaped", tt.query)
		}
		if tt.status == 400 {
			if !strings.Contains(body, `class="error-summary"`) {
				t.Errorf("GET /thu-tuc?%.60s: no error summary", tt.query)
			}
			if tt.errFor != "" && !strings.Contains(body, `<a href="#`+tt.errFor+`">`) {
				t.Errorf("GET /thu-tuc?%.60s: error summary does not link to #%s", tt.query, tt.errFor)
			}
			if tt.errFor != "" && !strings.Contains(body, `id="`+tt.errFor+`-error"`) {
				t.Errorf("GET /thu-tuc?%.60s: no error message at the %s input", tt.query, tt.errFor)
			}
		}
		checkHTML(t, "/thu-tuc?"+tt.query[:min(len(tt.query), 40)], body)
	}
	// English error messages come from the domain's English text.
	_, body := f.do(t, "GET", "/thu-tuc?level=district&lang=en", nil)
	if !strings.Contains(body, "level must be province or commune.") || !strings.Contains(body, "There is a problem") {
		t.Errorf("English 400 page lacks the English messages")
	}
}

func TestPagination(t *testing.T) {
	f := newFixture(t)
	res, body := f.do(t, "GET", "/thu-tuc?field=Th%E1%BB%AD+nghi%E1%BB%87m", nil)
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	if n := strings.Count(body, `class="result"`); n != 20 {
		t.Errorf("page 1 has %d results; want 20", n)
	}
	next := `href="/thu-tuc?field=Th%E1%BB%AD&#43;nghi%E1%BB%87m&amp;page=2" rel="next"`
	if !strings.Contains(body, next) || strings.Contains(body, `rel="prev"`) {
		t.Errorf("page 1 pagination: want only rel=next %s", next)
	}
	if !strings.Contains(body, "Có 25 thủ tục") || !strings.Contains(body, "Trang 1/2") {
		t.Errorf("page 1: missing total or page status")
	}
	_, body = f.do(t, "GET", "/thu-tuc?field=Th%E1%BB%AD+nghi%E1%BB%87m&page=2", nil)
	if n := strings.Count(body, `class="result"`); n != 5 {
		t.Errorf("page 2 has %d results; want 5", n)
	}
	if !strings.Contains(body, `rel="prev"`) || strings.Contains(body, `rel="next"`) {
		t.Errorf("page 2 pagination: want only rel=prev")
	}
	res, body = f.do(t, "GET", "/thu-tuc?field=Th%E1%BB%AD+nghi%E1%BB%87m&page=9", nil)
	if res.StatusCode != 200 || !strings.Contains(body, "Trang này không có kết quả.") {
		t.Errorf("page past the end: status %d, no empty-page note", res.StatusCode)
	}
	// Abolished procedures appear only when asked for.
	_, body = f.do(t, "GET", "/thu-tuc?q=ket+hon", nil)
	if strings.Contains(body, `href="/thu-tuc/1.000894"`) {
		t.Errorf("abolished procedure in the default search")
	}
	_, body = f.do(t, "GET", "/thu-tuc?q=ket+hon&status=abolished", nil)
	if !strings.Contains(body, `href="/thu-tuc/1.000894"`) || !strings.Contains(body, "tag-abolished") {
		t.Errorf("status=abolished does not list 1.000894 with its tag")
	}
}

func TestLocalCodeRedirect(t *testing.T) {
	f := newFixture(t)
	for path, want := range map[string]string{
		"/thu-tuc/1.001193.000.00.00.H26":         "/thu-tuc/1.001193",
		"/thu-tuc/1.001193.000.00.00.H26/lich-su": "/thu-tuc/1.001193/lich-su",
	} {
		res, _ := f.do(t, "GET", path, nil)
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != want {
			t.Errorf("GET %s = %d %s; want 301 %s", path, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
}

func TestEnglishMarksVietnameseContent(t *testing.T) {
	f := newFixture(t)
	_, body := f.do(t, "GET", "/thu-tuc/1.001193?lang=en", nil)
	for _, s := range []string{
		`<h1 lang="vi">`, `<dd lang="vi">Ủy ban nhân dân cấp xã</dd>`, `<td lang="vi">Tờ khai đăng ký khai sinh</td>`,
		`<ul class="list-bullet" lang="vi">`, `<p class="detail-text" lang="vi">Giấy khai sinh (bản chính).</p>`,
	} {
		if !strings.Contains(body, s) {
			t.Errorf("English procedure page: missing %s", s)
		}
	}
}

func TestLanguageSelection(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name   string
		target string
		header []string
		want   string
	}{
		{"default", "/", nil, "vi"},
		{"query en", "/?lang=en", nil, "en"},
		{"query vi beats cookie", "/?lang=vi", []string{"Cookie: lang=en"}, "vi"},
		{"cookie", "/", []string{"Cookie: lang=en"}, "en"},
		{"cookie vi", "/", []string{"Cookie: lang=vi", "Accept-Language: en"}, "vi"},
		{"cookie en beats accept-language", "/", []string{"Cookie: lang=en", "Accept-Language: vi"}, "en"},
		// Without a choice, Accept-Language's first supported language (by q) counts.
		{"accept-language en", "/", []string{"Accept-Language: en-US,en;q=0.9"}, "en"},
		{"accept-language en only", "/thu-tuc", []string{"Accept-Language: en"}, "en"},
		{"accept-language fr then en", "/", []string{"Accept-Language: fr, en;q=0.5"}, "en"},
		{"accept-language vi first", "/", []string{"Accept-Language: vi-VN,vi;q=0.9,en;q=0.8"}, "vi"},
		{"accept-language en preferred by q", "/", []string{"Accept-Language: vi;q=0.4, en-GB;q=0.8"}, "en"},
		{"accept-language vi wins over en", "/", []string{"Accept-Language: fr, vi;q=0.7, en;q=0.5"}, "vi"},
		{"accept-language none supported", "/", []string{"Accept-Language: fr, de;q=0.5"}, "vi"},
		{"bad accept-language", "/", []string{"Accept-Language: ;;;=="}, "vi"},
		{"bad query", "/?lang=de", nil, "vi"},
		{"bad cookie", "/", []string{"Cookie: lang=de"}, "vi"},
	}
	for _, tt := range tests {
		res, body := f.do(t, "GET", tt.target, nil, tt.header...)
		if !strings.Contains(body, `<html lang="`+tt.want+`">`) || res.Header.Get("Content-Language") != tt.want {
			t.Errorf("%s: page language is not %s", tt.name, tt.want)
		}
		// A page kept in memory for anonymous visitors is also sent compressed to those who accept it.
		if v := strings.Join(res.Header.Values("Vary"), ", "); v != "Cookie, Accept-Language" && v != "Cookie, Accept-Language, Accept-Encoding" {
			t.Errorf("%s: Vary = %q; want Cookie, Accept-Language (and Accept-Encoding)", tt.name, v)
		}
	}
	res, body := f.do(t, "GET", "/thu-tuc?q=khai&lang=en", nil)
	var lc *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "lang" {
			lc = c
		}
	}
	if lc == nil || lc.Value != "en" || lc.Path != "/" {
		t.Errorf("?lang=en did not set the lang cookie: %v", res.Cookies())
	}
	// The switch link keeps the page and its query and names the other language.
	if !strings.Contains(body, `href="/thu-tuc?lang=vi&amp;q=khai" lang="vi" hreflang="vi">Tiếng Việt</a>`) {
		t.Errorf("English page has no switch link to Vietnamese")
	}
}

func TestSignInAndOut(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.identity.CreateUser(ctx, identity.NewUser{Username: "congdan", Password: "mat-khau-1", FullName: "Nguyễn Văn An", Role: org.RoleCitizen}); err != nil {
		t.Fatal(err)
	}
	post := func(form url.Values, header ...string) (*http.Response, string) {
		t.Helper()
		return f.do(t, "POST", "/dang-nhap", strings.NewReader(form.Encode()),
			append([]string{"Content-Type: application/x-www-form-urlencoded"}, header...)...)
	}

	// Failures re-render the form with an error summary linked to the field.
	failures := []struct {
		name   string
		form   url.Values
		status int
		field  string
		msg    string
	}{
		{"wrong password", url.Values{"username": {"congdan"}, "password": {"sai"}}, 401, "username", "Tên đăng nhập hoặc mật khẩu không đúng"},
		{"unknown user", url.Values{"username": {"khongco"}, "password": {"x"}}, 401, "username", "Tên đăng nhập hoặc mật khẩu không đúng"},
		{"no username", url.Values{"password": {"x"}}, 400, "username", "Nhập tên đăng nhập"},
		{"no password", url.Values{"username": {"congdan"}}, 400, "password", "Nhập mật khẩu"},
		{"invalid utf-8", url.Values{"username": {"c\xffd"}, "password": {"x"}}, 400, "username", "Tên đăng nhập không hợp lệ"},
	}
	for _, tt := range failures {
		res, body := post(tt.form)
		if res.StatusCode != tt.status {
			t.Errorf("%s: status %d; want %d", tt.name, res.StatusCode, tt.status)
		}
		if !strings.Contains(body, `class="error-summary"`) || !strings.Contains(body, `<a href="#`+tt.field+`">`+tt.msg) {
			t.Errorf("%s: no error summary linking #%s with %q", tt.name, tt.field, tt.msg)
		}
		if !strings.Contains(body, `id="`+tt.field+`-error"`) || !strings.Contains(body, `<title>Lỗi: `) {
			t.Errorf("%s: no field error or error title", tt.name)
		}
		for _, c := range res.Cookies() {
			if c.Name == web.SessionCookie {
				t.Errorf("%s: session cookie set", tt.name)
			}
		}
		checkHTML(t, "POST /dang-nhap "+tt.name, body)
	}
	res, body := post(url.Values{"username": {"congdan"}, "password": {"sai"}}, "Cookie: lang=en")
	if res.StatusCode != 401 || !strings.Contains(body, "The username or password is not correct") || !strings.Contains(body, `value="congdan"`) {
		t.Errorf("English failure: status %d, want the English message and the username kept", res.StatusCode)
	}

	// Success: a session cookie and a 303 to next, or the citizen's dossiers when next is not local.
	for next, want := range map[string]string{
		"":                        "/ho-so",
		"/thu-tuc/1.001193":       "/thu-tuc/1.001193",
		"/thu-tuc?q=khai+sinh":    "/thu-tuc?q=khai+sinh",
		"https://evil.example/":   "/ho-so",
		"//evil.example/":         "/ho-so",
		"/\\evil.example":         "/ho-so",
		"javascript:alert(1)":     "/ho-so",
		"/dang-nhap":              "/ho-so",
		"/%0d%0aSet-Cookie:x=1":   "/%0d%0aSet-Cookie:x=1",
		"/thu-tuc\r\nLocation: x": "/ho-so",
	} {
		res, _ := post(url.Values{"username": {"CongDan "}, "password": {"mat-khau-1"}, "next": {next}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Errorf("sign in with next=%q: %d Location %q; want 303 %q", next, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
	res, _ = post(url.Values{"username": {"congdan"}, "password": {"mat-khau-1"}})
	var session *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == web.SessionCookie {
			session = c
		}
	}
	if session == nil {
		t.Fatal("no session cookie after sign-in")
	}
	if !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Path != "/" || session.Secure || session.MaxAge <= 0 {
		t.Errorf("session cookie = %+v; want HttpOnly, SameSite=Lax, Path=/, not Secure, MaxAge > 0", session)
	}
	u, err := f.identity.SessionUser(ctx, session.Value)
	if err != nil || u.Username != "congdan" {
		t.Fatalf("SessionUser(cookie) = %v, %v", u, err)
	}

	// The header shows the signed-in user (as the lead's middleware puts them in the context)
	// and a sign-out form.
	r := httptest.NewRequest("GET", "/", nil)
	r = r.WithContext(org.WithUser(r.Context(), u))
	res, body = f.serve(t, r)
	if !strings.Contains(body, "Nguyễn Văn An") || !strings.Contains(body, `<form method="post" action="/dang-xuat"`) {
		t.Errorf("header does not show the user and a sign-out form")
	}
	if res.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("signed-in page Cache-Control = %q; want no-store", res.Header.Get("Cache-Control"))
	}

	// Sign-out ends the session and clears the cookie.
	res, _ = f.do(t, "POST", "/dang-xuat", nil, "Cookie: "+web.SessionCookie+"="+session.Value)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Errorf("sign out = %d %s; want 303 /", res.StatusCode, res.Header.Get("Location"))
	}
	cleared := false
	for _, c := range res.Cookies() {
		if c.Name == web.SessionCookie && c.MaxAge < 0 {
			cleared = true
		}
	}
	if !cleared {
		t.Errorf("sign out did not clear the cookie: %v", res.Cookies())
	}
	if _, err := f.identity.SessionUser(ctx, session.Value); err == nil {
		t.Errorf("session still valid after sign-out")
	}

	// Secure cookies when configured.
	site, err := web.NewSite(web.Config{Org: f.org, Identity: f.identity, SecureCookies: true})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	site.Register(mux)
	w := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/dang-nhap", strings.NewReader("username=congdan&password=mat-khau-1"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	mux.ServeHTTP(w, req)
	for _, c := range w.Result().Cookies() {
		if c.Name == web.SessionCookie && !c.Secure {
			t.Errorf("SecureCookies: session cookie not Secure")
		}
	}
}

func TestHeadAndMethods(t *testing.T) {
	f := newFixture(t)
	res, body := f.do(t, "HEAD", "/thu-tuc/1.001193", nil)
	if res.StatusCode != 200 || body != "" {
		t.Errorf("HEAD status %d, body %d bytes; want 200 and none", res.StatusCode, len(body))
	}
	res, _ = f.do(t, "POST", "/thu-tuc", nil)
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /thu-tuc = %d; want 405", res.StatusCode)
	}
}

package notify

import (
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// samples holds realistic data for every template, per language where the labels differ.
// A template without samples fails TestTemplatesComplete, so a new one cannot go untested.
var samples = map[string]map[string]any{
	TemplateOTP:            {"Code": "048213", "Minutes": 10},
	TemplateSignUpExisting: {},
	TemplateSignInLocked:   {"Username": "an.nguyen", "Minutes": 1},
	TemplateDossierSubmitted: {
		"Code":      "H26.22-250612-0042",
		"Procedure": "Cấp Giấy chứng nhận đăng ký hộ kinh doanh",
		"Agency":    "Ủy ban nhân dân phường Hoàn Kiếm",
		"TrackURL":  "https://dichvucong.hanoi.gov.vn/tra-cuu/H26.22-250612-0042",
	},
	TemplateDossierReceived: {
		"Code":     "H26.22-250612-0042",
		"DueAt":    "20/06/2025",
		"TrackURL": "https://dichvucong.hanoi.gov.vn/tra-cuu/H26.22-250612-0042",
	},
	TemplateDossierStatus: {
		"Code":      "H26.22-250612-0042",
		"Procedure": "Cấp Giấy chứng nhận đăng ký hộ kinh doanh",
		"Status":    "Yêu cầu bổ sung hồ sơ",
		"Note":      "Đề nghị bổ sung bản sao hợp đồng thuê địa điểm kinh doanh có chứng thực.",
		"DueAt":     "27/06/2025",
		"TrackURL":  "https://dichvucong.hanoi.gov.vn/tra-cuu/H26.22-250612-0042",
	},
	TemplateFeeReceived: {
		"Code":      "070.00.30.H26-261126-0001",
		"Procedure": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
		"Amount":    "200.000 đ",
		"Reference": "TT7K2M9QH4XPR3ZC",
		"TrackURL":  "https://dichvucong.hanoi.gov.vn/tra-cuu?ma=070.00.30.H26-261126-0001",
	},
	TemplateDossierDeadline: {
		"Officer":   "Lê Thị Chuyên Viên",
		"Code":      "070.00.30.H26-261126-0001",
		"Procedure": "Đăng ký khai sinh",
		"Step":      "Thẩm định, xử lý hồ sơ",
		"State":     "đã quá hạn",
		"DueAt":     "17:00 27/11/2026",
		"URL":       "https://dichvucong.hanoi.gov.vn/can-bo/ho-so/070.00.30.H26-261126-0001",
	},
	TemplateDirectiveTask: {
		"Name":   "Nguyễn Văn Lãnh Đạo",
		"Event":  "overdue",
		"Number": "25/CT-UBND",
		"Task":   "Rà soát, công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa",
		"Agency": "Phường Hoàn Kiếm",
		"DueOn":  "15/12/2026",
		"URL":    "https://dichvucong.hanoi.gov.vn/chi-dao/nhiem-vu/1",
	},
}

func sample(name, lang string) map[string]any {
	d := map[string]any{}
	for k, v := range samples[name] {
		d[k] = v
	}
	if lang == "en" && name == TemplateDossierStatus {
		d["Status"] = "Additional documents required"
		d["Note"] = "Please add a certified copy of the lease for the business premises."
	}
	return d
}

func templateNames(t *testing.T, lang string) []string {
	t.Helper()
	files, err := fs.Glob(templateFS, "templates/"+lang+"/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, strings.TrimSuffix(path.Base(f), ".txt"))
	}
	return names
}

func TestTemplatesComplete(t *testing.T) {
	if _, err := templates(); err != nil {
		t.Fatal(err)
	}
	vi := templateNames(t, "vi")
	for _, lang := range Langs[1:] {
		if got := templateNames(t, lang); !slices.Equal(got, vi) {
			t.Errorf("templates in %s = %v; want the same files as vi: %v", lang, got, vi)
		}
	}
	for _, name := range []string{TemplateOTP, TemplateSignUpExisting, TemplateDossierSubmitted, TemplateDossierReceived, TemplateDossierStatus, TemplateDossierDeadline, TemplateFeeReceived} {
		if !slices.Contains(vi, name) {
			t.Errorf("template %s is missing", name)
		}
	}
	for _, f := range vi {
		if name, _ := strings.CutSuffix(f, ".sms"); samples[name] == nil {
			t.Errorf("template %s has no sample data in samples", name)
		}
	}
	// Texts are stored in NFC, so what we compare and send is what the files say.
	fs.WalkDir(templateFS, "templates", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(templateFS, p)
		if !utf8.Valid(b) || !norm.NFC.IsNormal(b) {
			t.Errorf("%s is not NFC UTF-8", p)
		}
		return nil
	})
}

func TestTemplatesMissingInALanguage(t *testing.T) {
	mail := []byte("Subject: {{.Code}}\n\nBody {{.Code}}\n")
	fsys := fstest.MapFS{
		"templates/vi/otp.txt":     {Data: mail},
		"templates/en/otp.txt":     {Data: mail},
		"templates/vi/otp.sms.txt": {Data: []byte("SMS {{.Code}}")},
		"templates/en/status.txt":  {Data: mail},
	}
	_, err := parseTemplates(fsys)
	if err == nil || !strings.Contains(err.Error(), "en/otp.sms.txt") || !strings.Contains(err.Error(), "vi/status.txt") {
		t.Errorf("parseTemplates with gaps: err = %v; want both gaps named", err)
	}
	delete(fsys, "templates/vi/otp.sms.txt")
	delete(fsys, "templates/en/status.txt")
	if _, err := parseTemplates(fsys); err != nil {
		t.Errorf("parseTemplates without gaps: %v", err)
	}
}

func TestRenderAll(t *testing.T) {
	for name := range samples {
		for _, lang := range Langs {
			t.Run(name+"/"+lang, func(t *testing.T) {
				data := sample(name, lang)
				subject, body, err := Render(name, lang, data)
				if err != nil {
					t.Fatalf("Render(%s, %s) error: %v", name, lang, err)
				}
				if subject == "" || strings.ContainsAny(subject, "\r\n") {
					t.Errorf("subject = %q; want one non-empty line", subject)
				}
				sms, err := RenderSMS(name, lang, data)
				if err != nil {
					t.Fatalf("RenderSMS(%s, %s) error: %v", name, lang, err)
				}
				for _, s := range []string{subject, body, sms} {
					if strings.Contains(s, "<no value>") || strings.Contains(s, "{{") {
						t.Errorf("rendered text has an unfilled placeholder: %q", s)
					}
					if !norm.NFC.IsNormalString(s) {
						t.Errorf("rendered text is not NFC: %q", s)
					}
				}
				// What says which dossier, code or account the message is about.
				id, ok := data["Code"].(string)
				if name == TemplateSignInLocked {
					id, ok = data["Username"].(string)
				}
				if ok && (!strings.Contains(body, id) || !strings.Contains(sms, id)) {
					t.Errorf("body or SMS lacks %q:\n%s\n%s", id, body, sms)
				}
				if strings.Contains(body, "\n\n\n") || strings.HasSuffix(body, "\n\n") {
					t.Errorf("body has stray blank lines:\n%s", body)
				}
				if lang == "vi" && !strings.HasPrefix(body, "Kính gửi") {
					t.Errorf("Vietnamese body starts %q; want a polite address (Kính gửi …)", strings.SplitN(body, "\n", 2)[0])
				}
				if n := utf8.RuneCountInString(sms); n > 300 {
					t.Errorf("SMS is %d characters; want ≤ 300: %q", n, sms)
				}
				segs := smsSegments(sms)
				t.Logf("SMS (%d chars, %d segments): %s", utf8.RuneCountInString(sms), segs, sms)
				if name == TemplateOTP && segs != 1 {
					t.Errorf("OTP SMS takes %d segments; want 1: %q", segs, sms)
				}
			})
		}
	}
}

func TestRenderContent(t *testing.T) {
	subject, body, err := Render(TemplateDossierStatus, "vi", sample(TemplateDossierStatus, "vi"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Hồ sơ H26.22-250612-0042: Yêu cầu bổ sung hồ sơ"; subject != want {
		t.Errorf("subject = %q; want %q", subject, want)
	}
	for _, want := range []string{
		"Kính gửi Ông/Bà,",
		"thủ tục: Cấp Giấy chứng nhận đăng ký hộ kinh doanh",
		"Nội dung thông báo: Đề nghị bổ sung",
		"Ngày hẹn trả kết quả: 27/06/2025.",
		"Trung tâm Phục vụ hành chính công",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}

	// The agency signs the confirmation of a submission.
	_, body, err = Render(TemplateDossierSubmitted, "", sample(TemplateDossierSubmitted, "vi"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, "Trân trọng,\nỦy ban nhân dân phường Hoàn Kiếm\n") {
		t.Errorf("dossier_submitted is not signed by the agency:\n%s", body)
	}
}

func TestRenderOptionalEmpty(t *testing.T) {
	data := sample(TemplateDossierStatus, "vi")
	data["Note"], data["DueAt"] = "", ""
	_, body, err := Render(TemplateDossierStatus, "vi", data)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(body, "Nội dung thông báo") || strings.Contains(body, "Ngày hẹn") || strings.Contains(body, "\n\n\n") {
		t.Errorf("empty Note and DueAt left traces:\n%s", body)
	}
	sms, err := RenderSMS(TemplateDossierStatus, "vi", data)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Hồ sơ H26.22-250612-0042: Yêu cầu bổ sung hồ sơ. Chi tiết: https://dichvucong.hanoi.gov.vn/tra-cuu/H26.22-250612-0042"; sms != want {
		t.Errorf("SMS = %q; want %q", sms, want)
	}
}

func TestRenderErrors(t *testing.T) {
	missing := sample(TemplateDossierStatus, "vi")
	delete(missing, "DueAt") // optional means "", not absent
	tests := []struct {
		name, tmpl, lang string
		data             map[string]any
	}{
		{"missing placeholder", TemplateDossierStatus, "vi", missing},
		{"no data", TemplateOTP, "vi", nil},
		{"unknown template", "nope", "vi", nil},
		{"unknown language", TemplateOTP, "fr", sample(TemplateOTP, "vi")},
	}
	for _, tt := range tests {
		if _, _, err := Render(tt.tmpl, tt.lang, tt.data); err == nil {
			t.Errorf("%s: Render(%s, %s) = nil error; want an error", tt.name, tt.tmpl, tt.lang)
		}
		if _, err := RenderSMS(tt.tmpl, tt.lang, tt.data); err == nil {
			t.Errorf("%s: RenderSMS(%s, %s) = nil error; want an error", tt.name, tt.tmpl, tt.lang)
		}
	}
}

func TestRenderSanitisesSubject(t *testing.T) {
	data := sample(TemplateDossierStatus, "vi")
	data["Status"] = "Đã có kết quả\r\nBcc: attacker@example.com"
	subject, _, err := Render(TemplateDossierStatus, "vi", data)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(subject, "\r\n") {
		t.Errorf("subject = %q; want newlines folded away", subject)
	}
}

func TestUnaccent(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hồ sơ đã được tiếp nhận", "Ho so da duoc tiep nhan"},
		{"ĐĂNG KÝ Hộ KINH DOANH", "DANG KY Ho KINH DOANH"},
		{norm.NFD.String("Mã xác thực"), "Ma xac thuc"},
		{"plain", "plain"},
	}
	for _, tt := range tests {
		if got := unaccent(tt.in); got != tt.want {
			t.Errorf("unaccent(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// smsSegments counts the segments a text takes: 160/153 characters in the GSM 7-bit alphabet,
// 70/67 in UCS-2 (any Vietnamese diacritic forces it).
func smsSegments(s string) int {
	const gsm = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
	single, multi := 160, 153
	n := utf8.RuneCountInString(s)
	for _, r := range s {
		if !strings.ContainsRune(gsm, r) {
			single, multi = 70, 67
			break
		}
	}
	if n <= single {
		return 1
	}
	return (n + multi - 1) / multi
}

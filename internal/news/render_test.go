package news

import (
	"slices"
	"strings"
	"testing"
)

func TestHTMLHostile(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      string // must appear
		never     []string
	}{
		{"script tag", "hi <script>alert(1)</script>", "<p>hi", []string{"<script", "alert(1)</script"}},
		{"event attribute", `<img src="/tin-tuc/anh/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" onerror="alert(1)">`, "", []string{"onerror"}},
		{"javascript link", "[bấm](javascript:alert(1))", "bấm", []string{"javascript:"}},
		{"encoded javascript", "[x](jav&#x09;ascript:alert(1))", "x", []string{"javascript", "ascript:"}},
		{"data link", "[x](data:text/html;base64,PHNjcmlwdD4=)", "x", []string{"data:"}},
		{"svg inline", `<svg onload="alert(1)"><circle/></svg>`, "", []string{"<svg", "onload"}},
		{"svg image", "![logo](https://evil.example/x.svg)", "", []string{"evil.example", ".svg"}},
		{"iframe", `<iframe src="https://evil.example"></iframe>`, "", []string{"<iframe"}},
		{"style", "<style>body{display:none}</style>\n\ntext", "text", []string{"<style", "display:none"}},
		{"own image", "![Ảnh](/tin-tuc/anh/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef)", `src="/tin-tuc/anh/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"`, nil},
		{"link nofollow", "[Cổng](https://dichvucong.gov.vn)", `rel="nofollow"`, nil},
		{"heading shifted", "# Mục một", "<h2", []string{"<h1"}},
		{"sections from h2", "## Chuẩn bị\n\n### Giấy tờ", "<h2>Chuẩn bị</h2>\n<h3>Giấy tờ</h3>", []string{"<h1", "<h4"}},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", "<table>", nil},
	} {
		got := string(HTML(tc.src))
		if tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("%s: HTML(%q) = %q; want it to contain %q", tc.name, tc.src, got, tc.want)
		}
		for _, n := range tc.never {
			if strings.Contains(strings.ToLower(got), n) {
				t.Errorf("%s: HTML(%q) = %q; contains %q", tc.name, tc.src, got, n)
			}
		}
	}
}

func TestSpamRules(t *testing.T) {
	for _, tc := range []struct {
		body string
		want []string
	}{
		{"Thủ tục khai sinh trực tuyến rất nhanh, cảm ơn cán bộ phường.", nil},
		{"xem http://a.example và https://b.example và www.c.example", []string{"links"}},
		{"xem http://a.example và https://b.example", nil},
		{"Chơi CASINO trực tuyến, nổ hũ mỗi ngày", []string{"banned"}},
		{"cá cược", []string{"banned"}},
		{"Thủ tục nộp hồ sơ", nil}, // "no hu" inside other words is no match
		{"hay quááááááááááá", []string{"repeated"}},
		{"hay quáááá", nil},
		{"THỦ TỤC NÀY QUÁ CHẬM, TÔI ĐỢI BA TUẦN RỒI", []string{"caps"}},
		{"UBND HÀ NỘI", nil}, // too short to shout
		{"VAY TIỀN NHANH!!!!!!!!!!!! http://x.example http://y.example http://z.example", []string{"links", "banned", "repeated"}},
		{"VAY TIỀN NHANH LÃI THẤP GỌI NGAY!!!!!!!!!!", []string{"banned", "repeated", "caps"}},
	} {
		if got := DefaultSpam.Check(tc.body); !slices.Equal(got, tc.want) {
			t.Errorf("Check(%q) = %q; want %q", tc.body, got, tc.want)
		}
	}
}

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ title, want string }{
		{"Đăng ký khai sinh", "dang-ky-khai-sinh"},
		{"  Hà Nội: 100% thủ tục trực tuyến! ", "ha-noi-100-thu-tuc-truc-tuyen"},
		{"???", "bai-viet"},
		{strings.Repeat("thông báo ", 20), strings.TrimSuffix(strings.Repeat("thong-bao-", 8), "-")},
	} {
		if got := Slug(tc.title); got != tc.want {
			t.Errorf("Slug(%q) = %q; want %q", tc.title, got, tc.want)
		}
	}
}

package vntext

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Nguyễn Văn Đức", "nguyen van duc"},
		{"ĐẮK LẮK", "dak lak"},
		{"Thừa Thiên Huế", "thua thien hue"},
		{norm.NFD.String("Đà Nẵng"), "da nang"},
		{"Hòa", "hoa"},
		{"Hoà", "hoa"},
		{"ĐĂNG KÝ KHAI SINH", "dang ky khai sinh"},
		{"  đăng-ký   (khai sinh)! ", "dang ky khai sinh"},
		{"1.000894", "1 000894"},
		{"bad\xffutf8", "badutf8"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestNFC(t *testing.T) {
	nfd := norm.NFD.String("Hà Nội")
	if got := NFC(nfd); got != "Hà Nội" || !norm.NFC.IsNormalString(got) {
		t.Errorf("NFC(%q) = %q; want NFC Hà Nội", nfd, got)
	}
}

func TestCollation(t *testing.T) {
	want := strings.Split("An|Ân|Ấn|Bạc Liêu|Bắc Ninh|Cà Mau|Cao Bằng|Da Lat|Dương|Đà Nẵng|Đồng Nai|Hà Giang|Hà Nội|Huế|Hưng Yên|O|Ô|Ơn|U|Ư|Zeta", "|")
	got := slices.Clone(want)
	slices.Reverse(got)
	slices.SortFunc(got, Compare)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("sort by Compare (-want +got):\n%s", d)
	}
	slices.Reverse(got)
	slices.SortFunc(got, func(a, b string) int { return bytes.Compare(Key(a), Key(b)) })
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("sort by Key (-want +got):\n%s", d)
	}
}

func TestStorable(t *testing.T) {
	for s, want := range map[string]bool{"": true, "Nguyễn Văn A": true, "a\x00b": false, "\xff": false, "\xc0\xaf": false, "ệ": true} {
		if got := Storable(s); got != want {
			t.Errorf("Storable(%q) = %v; want %v", s, got, want)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Đăng kí kết hôn", []string{"dang", "ki", "ket", "hon"}},
		{"ĐĂNG KÝ", []string{"dang", "ki"}},
		{"lý lịch, quy định", []string{"li", "lich", "qui", "dinh"}},
		{"y tế, tuy, huyện", []string{"y", "te", "tuy", "huyen"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Words(tt.in); !cmp.Equal(got, tt.want, cmpopts.EquateEmpty()) {
			t.Errorf("Words(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestUntelex(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"keets", "ket", true},
		{"hoon", "hon", true},
		{"ddawng", "dang", true},
		{"thuowng", "thuong", true},
		{"kys", "ky", true},
		{"sinh", "sinh", false},
		{"xin", "xin", false},
	}
	for _, tt := range tests {
		if got, ok := Untelex(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("Untelex(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

package formschema

import (
	"reflect"
	"testing"
)

func TestApplicantKey(t *testing.T) {
	for path, want := range map[string]string{
		"ho_ten": "ho_ten", "nguoi_yeu_cau.dien_thoai": "dien_thoai", "nguoi_de_nghi.so_dinh_danh": "so_dinh_danh",
		"cha.ho_ten": "", "nguoi_yeu_cau.quan_he": "", "ben_nam.so_dinh_danh": "", "noi_cu_tru": "noi_cu_tru",
	} {
		if got := ApplicantKey(path); got != want {
			t.Errorf("ApplicantKey(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestApplicantValues(t *testing.T) {
	form := map[string]any{
		"dien_thoai":    "0912345678",
		"nguoi_yeu_cau": map[string]any{"ho_ten": "Nguyễn Văn An", "so_dinh_danh": "001090000001", "dien_thoai": "0987654321"},
		"cha":           map[string]any{"ho_ten": "Nguyễn Văn Cha", "so_dinh_danh": "001060000001"},
		"so_luong":      2,
	}
	got := ApplicantValues(form)
	want := map[string][]string{"dien_thoai": {"0912345678", "0987654321"}, "ho_ten": {"Nguyễn Văn An"},
		"so_dinh_danh": {"001090000001"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ApplicantValues = %v, want %v", got, want)
	}
	if v := ApplicantValue(form, KeyPhone); v != "0912345678" {
		t.Errorf("ApplicantValue(phone) = %q", v)
	}
}

package vntext

import "testing"

func TestNumberWords(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{
		{0, "không"},
		{5, "năm"},
		{10, "mười"},
		{15, "mười lăm"},
		{21, "hai mươi mốt"},
		{24, "hai mươi tư"},
		{25, "hai mươi lăm"},
		{105, "một trăm linh năm"},
		{110, "một trăm mười"},
		{1000, "một nghìn"},
		{8000, "tám nghìn"},
		{50000, "năm mươi nghìn"},
		{1250000, "một triệu hai trăm năm mươi nghìn"},
		{1000005, "một triệu không trăm linh năm"},
		{2000000000, "hai tỷ"},
		{3000500000, "ba tỷ năm trăm nghìn"},
		{3500000000, "ba tỷ năm trăm triệu"},
		{1000000015, "một tỷ không trăm mười lăm"},
		{1000000000000, "một nghìn tỷ"},
		{-11, "âm mười một"},
	} {
		if got := NumberWords(c.n); got != c.want {
			t.Errorf("NumberWords(%d) = %q; want %q", c.n, got, c.want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1.000", 200000: "200.000",
		1250000: "1.250.000", -5000: "-5.000", -100: "-100", 9223372036854775807: "9.223.372.036.854.775.807",
		-9223372036854775808: "-9.223.372.036.854.775.808"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q; want %q", n, got, want)
		}
	}
}

package contact

import (
	"strings"
	"testing"
)

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		in, want string // want "" for invalid
		mobile   bool
	}{
		// standards.md §5 vectors.
		{"0912345678", "+84912345678", true},
		{"0912 345 678", "+84912345678", true},
		{"+84912345678", "+84912345678", true},
		{"84912345678", "+84912345678", true},
		{"0381234567", "+84381234567", true},
		{"0561234567", "+84561234567", true},
		{"0701234567", "+84701234567", true},
		{"0812345678", "+84812345678", true},
		{"02438251234", "+842438251234", false}, // 024 Hà Nội
		{"024 3825 1234", "+842438251234", false},
		{"(028) 3822 1234", "+842838221234", false}, // 028 HCM
		{"02838221234", "+842838221234", false},
		{" 0912.345.678 ", "+84912345678", true},
		{"+84 (0) 912345678", "+84912345678", true},
		{"01234567890", "", false}, // old 11-digit mobile
		{"091234567", "", false},   // too short
		{"0212345678", "", false},
		{"0891234567", "", false},   // unassigned prefix
		{"1900 1068", "", false},    // premium rate
		{"1800 1091", "", false},    // toll-free
		{"+12025550143", "", false}, // not Vietnamese
		{"0912345678x", "", false},  // libphonenumber would drop the letter
		{"09123+45678", "", false},
		{"", "", false},
		{"abc", "", false},
		{strings.Repeat("9", 40), "", false},
	}
	for _, tt := range tests {
		got, mobile, err := ParsePhone(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("NormalizePhone(%q) = %q; want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want || mobile != tt.mobile {
			t.Errorf("ParsePhone(%q) = %q, mobile %v, %v; want %q, mobile %v", tt.in, got, mobile, err, tt.want, tt.mobile)
		}
		if p, _ := NormalizePhone(tt.in); p != got {
			t.Errorf("NormalizePhone(%q) = %q; want %q", tt.in, p, got)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ten@example.vn", "ten@example.vn"},
		{" Nguyen.Van.A@Example.VN ", "nguyen.van.a@example.vn"},
		{"a+tag@mail.gov.vn", "a+tag@mail.gov.vn"},
		{"", ""},
		{"no-at.example.vn", ""},
		{"a@b", ""}, // no dot in the domain
		{"a@@b.vn", ""},
		{"a@b..vn", ""},
		{"a@-b.vn", ""},
		{"Nguyễn <a@b.vn>", ""}, // display name
		{"a b@c.vn", ""},
		{`"a b"@c.vn`, ""},
		{"a@b.vn (comment)", ""},
		{"a@b_c.vn", ""},
		{strings.Repeat("a", 65) + "@b.vn", ""},
		{"a@" + strings.Repeat("b", 250) + ".vn", ""},
	}
	for _, tt := range tests {
		got, err := NormalizeEmail(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("NormalizeEmail(%q) = %q; want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestNational(t *testing.T) {
	for in, want := range map[string][2]string{
		"+84912345678":  {"0912 345 678", "0912345678"},
		"0243 825 1234": {"024 3825 1234", "02438251234"},
		"not a number":  {"not a number", ""},
	} {
		if got := National(in); got != want[0] {
			t.Errorf("National(%q) = %q, want %q", in, got, want[0])
		}
		if got := Local(in); got != want[1] {
			t.Errorf("Local(%q) = %q, want %q", in, got, want[1])
		}
	}
}

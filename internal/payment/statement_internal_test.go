package payment

import (
	"slices"
	"testing"
)

func TestParseAmount(t *testing.T) {
	for in, want := range map[string]int64{"200000": 200000, "200.000": 200000, "200,000": 200000, "200,000.00": 200000,
		"200.000,00": 200000, "7.000 VND": 7000, "7.000 đ": 7000, "+7,000": 7000, "1.234.567": 1234567, "0": 0, "0,00": 0} {
		if got, ok := parseAmount(in); !ok || got != want {
			t.Errorf("parseAmount(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"7.0", "7,00,0", "-7000", "bảy nghìn", "12.5", "1e6", "9999999999999999"} {
		if got, ok := parseAmount(in); ok {
			t.Errorf("parseAmount(%q) = %d; want refused", in, got)
		}
	}
}

func TestParseBooked(t *testing.T) {
	for _, in := range []string{"07/12/2026", "7/12/2026", "07/12/2026 09:15", "07/12/2026 09:15:01", "2026-12-07", "2026-12-07 09:15:01",
		"07-12-2026", "12-07-26", "2026-12-07T09:15:01+07:00"} {
		got, ok := parseBooked(in)
		if !ok || got.Year() != 2026 || got.Month() != 12 || got.Day() != 7 {
			t.Errorf("parseBooked(%q) = %v, %v; want 7 December 2026", in, got, ok)
		}
	}
	if _, ok := parseBooked("31/02/2026"); ok {
		t.Error("parseBooked(31/02/2026) accepted")
	}
}

// References survive what banks do to a description, and only runs of the alphabet count.
func TestReferences(t *testing.T) {
	const ref = "TT23456789ABCDEF"
	for _, desc := range []string{ref, "tt23456789abcdef", "MBVCB.3374120.TT2345 6789-ABCDEF.CT tu 0123", "IBFT tt 2345 6789 abcd ef",
		"Thanh toán TT23456789ABCDEF phí", "NGUYEN VAN AN CHUYEN TIEN-TT23456789ABCDEF-"} {
		if got := references(desc); !slices.Contains(got, ref) {
			t.Errorf("references(%q) = %v; want %s among them", desc, got, ref)
		}
	}
	for _, desc := range []string{"", "chuyen tien hoc phi", "TT2345", "TT23456789ABCDE0"} {
		for _, r := range references(desc) {
			if r == ref {
				t.Errorf("references(%q) found %s", desc, ref)
			}
		}
	}
	if got := references("TT23456789ABCDEF TT98765432ZYXWVU"); !slices.Contains(got, "TT98765432ZYXWVU") || !slices.Contains(got, ref) {
		t.Errorf("two references = %v; want both, for the ambiguity to be seen", got)
	}
}

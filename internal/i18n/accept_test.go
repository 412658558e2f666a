package i18n

import "testing"

func TestFromAcceptLanguage(t *testing.T) {
	tests := []struct {
		header string
		want   Lang
		ok     bool
	}{
		{"", VI, false},
		{"en", EN, true},
		{"en-US,en;q=0.9", EN, true},
		{"vi-VN,vi;q=0.9,en;q=0.8", VI, true},
		{"fr, en;q=0.5", EN, true},
		{"fr, vi;q=0.7, en;q=0.5", VI, true},
		{"vi;q=0.4, en-GB;q=0.8", EN, true},
		{"fr, de;q=0.5", VI, false},
		{";;;==", VI, false},
		{"en;q=0", VI, false},
	}
	for _, tt := range tests {
		if got, ok := FromAcceptLanguage(tt.header); got != tt.want || ok != tt.ok {
			t.Errorf("FromAcceptLanguage(%q) = %v, %v; want %v, %v", tt.header, got, ok, tt.want, tt.ok)
		}
	}
}

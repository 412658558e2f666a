package pagecache

import (
	"net/http/httptest"
	"testing"

	"github.com/motcua/motcua/internal/org"
)

func TestCacheable(t *testing.T) {
	tests := []struct {
		method, target string
		user           *org.User
		want           bool
	}{
		{"GET", "/", nil, true},
		{"HEAD", "/thu-tuc/1.001193", nil, true},
		{"GET", "/?lang=en", nil, true},
		{"GET", "/?lang=de&lang=en", nil, true},
		{"GET", "/?", nil, true},
		{"GET", "/?lang=en&q=khai+sinh", nil, false},
		{"GET", "/thu-tuc?page=2", nil, false},
		{"GET", "/?utm_source=zalo", nil, false},
		{"POST", "/", nil, false},
		{"GET", "/", &org.User{Username: "congdan", Role: org.RoleCitizen}, false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(tt.method, tt.target, nil)
		if tt.user != nil {
			r = r.WithContext(org.WithUser(r.Context(), tt.user))
		}
		if got := Cacheable(r); got != tt.want {
			t.Errorf("Cacheable(%s %s, user %v) = %v; want %v", tt.method, tt.target, tt.user != nil, got, tt.want)
		}
	}
}

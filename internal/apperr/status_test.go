package apperr

import (
	"net/http"
	"testing"
)

func TestStatus(t *testing.T) {
	tests := []struct {
		k    Kind
		want int
	}{
		{KindInternal, http.StatusInternalServerError},
		{KindInvalid, http.StatusBadRequest},
		{KindUnauthenticated, http.StatusUnauthorized},
		{KindForbidden, http.StatusForbidden},
		{KindNotFound, http.StatusNotFound},
		{KindConflict, http.StatusConflict},
		{KindTooLarge, http.StatusRequestEntityTooLarge},
		{KindUnsupported, http.StatusUnsupportedMediaType},
		{KindUnprocessable, http.StatusUnprocessableEntity},
		{KindRateLimited, http.StatusTooManyRequests},
		{Kind(99), http.StatusInternalServerError},
		{Kind(-1), http.StatusInternalServerError},
	}
	for _, tt := range tests {
		if got := Status(tt.k); got != tt.want {
			t.Errorf("Status(%d) = %d; want %d", tt.k, got, tt.want)
		}
	}
}

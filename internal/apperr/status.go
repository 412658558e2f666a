package apperr

import "net/http"

// statuses is the one table from error kinds to HTTP statuses, shared by the JSON API and the
// pages so that the two edges cannot answer the same error differently.
var statuses = [...]int{
	KindInternal:        http.StatusInternalServerError,
	KindInvalid:         http.StatusBadRequest,
	KindUnauthenticated: http.StatusUnauthorized,
	KindForbidden:       http.StatusForbidden,
	KindNotFound:        http.StatusNotFound,
	KindConflict:        http.StatusConflict,
	KindTooLarge:        http.StatusRequestEntityTooLarge,
	KindUnsupported:     http.StatusUnsupportedMediaType,
	KindUnprocessable:   http.StatusUnprocessableEntity,
	KindRateLimited:     http.StatusTooManyRequests,
}

// Status is the HTTP status of an error of kind k; an internal or unknown kind is 500.
func Status(k Kind) int {
	if k < 0 || int(k) >= len(statuses) {
		return http.StatusInternalServerError
	}
	return statuses[k]
}

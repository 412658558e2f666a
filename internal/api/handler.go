package api

import (
	"net/http"
	"strconv"

	"github.com/motcua/motcua/internal/org"
)

// handlerFunc is the shape of a route's handler in the route table.
type handlerFunc = func(*Handler, http.ResponseWriter, *http.Request)

// signedIn adapts a handler for a signed-in caller that answers JSON: no credentials is 401,
// an error leaves through h.error, a result is written with status.
func signedIn(status int, fn func(h *Handler, r *http.Request, u *org.User) (any, error)) handlerFunc {
	return func(h *Handler, w http.ResponseWriter, r *http.Request) {
		u, err := requireUser(r)
		if err == nil {
			var out any
			if out, err = fn(h, r, u); err == nil {
				writeJSON(w, status, out)
				return
			}
		}
		h.error(w, r, err)
	}
}

// withBody adds a strictly decoded JSON body of type T to signedIn.
func withBody[T any](status int, fn func(h *Handler, r *http.Request, u *org.User, in T) (any, error)) handlerFunc {
	return signedIn(status, func(h *Handler, r *http.Request, u *org.User) (any, error) {
		var in T
		if err := decode(nil, r, &in); err != nil {
			return nil, err
		}
		return fn(h, r, u, in)
	})
}

// listOf wraps a slice as the list answer of CONTRACT.md, never null.
func listOf[T any](items []T, err error) (any, error) { return pageOf(items, len(items), err) }

// pageOf is one page of items and the total of all pages in the list answer, never null.
func pageOf[T any](items []T, total int, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, Total: total}, nil
}

// pathID is the path's {id}; anything but a number is 0, which no store holds: the store's
// own answer (404, or 403 to one who may not act at all) follows.
func pathID(r *http.Request) int64 { id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64); return id }

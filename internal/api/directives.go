package api

import (
	"net/http"
	"strconv"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/directive"
	"github.com/motcua/motcua/internal/org"
)

// The committee's directives and the tasks they assign (issue 14): the office records them,
// agencies' leaders report progress, the office follows every task by state. The rules and who
// may do what are internal/directive's.

// withDirectives is signedIn for the directive routes, 404 without the store.
func withDirectives(status int, fn func(h *Handler, r *http.Request, u *org.User) (any, error)) handlerFunc {
	return signedIn(status, func(h *Handler, r *http.Request, u *org.User) (any, error) {
		if h.dir == nil {
			return nil, apperr.New(apperr.KindNotFound, "route_not_found", msgs.Text("route_not_found"))
		}
		return fn(h, r, u)
	})
}

// directiveFilter reads ?agency=, ?directive=, ?status=, ?page= and ?per_page=.
func directiveFilter(r *http.Request) (directive.Filter, error) {
	q := r.URL.Query()
	p, pp, err := page(r)
	f := directive.Filter{Agency: q.Get("agency"), Status: q.Get("status"), Page: p, PerPage: pp}
	if s := q.Get("directive"); s != "" && err == nil {
		if f.Directive, err = strconv.ParseInt(s, 10, 64); err != nil || f.Directive < 1 {
			err = apperr.Invalid("invalid_query", msgs.Text("invalid_query"), apperr.Field("directive", msgs.Text("must_be_whole_number_from_1", 1_000_000_000)))
		}
	}
	return f, err
}

var createDirective = withDirectives(http.StatusCreated, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	var in directive.Input
	if err := decode(nil, r, &in); err != nil {
		return nil, err
	}
	return h.dir.Record(r.Context(), u, in)
})

var listDirectives = withDirectives(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	f, err := directiveFilter(r)
	if err != nil {
		return nil, err
	}
	return pageOf(h.dir.Directives(r.Context(), u, f.Page, f.PerPage))
})

var getDirective = withDirectives(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	return h.dir.Directive(r.Context(), u, pathID(r))
})

var listDirectiveTasks = withDirectives(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	f, err := directiveFilter(r)
	if err != nil {
		return nil, err
	}
	return pageOf(h.dir.Tasks(r.Context(), u, f))
})

var getDirectiveTask = withDirectives(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	return h.dir.Task(r.Context(), u, pathID(r))
})

var reportDirectiveTask = withDirectives(http.StatusCreated, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	var in directive.ReportInput
	if err := decode(nil, r, &in); err != nil {
		return nil, err
	}
	return h.dir.Report(r.Context(), u, pathID(r), in)
})

// directiveFigures answers the office's figures (the workbook for the committee's meeting is
// the pages', /chi-dao.xlsx).
var directiveFigures = withDirectives(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	f, err := directiveFilter(r)
	f.Status = ""
	if err != nil {
		return nil, err
	}
	return h.dir.Summary(r.Context(), u, f)
})

package api

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/directive"
	"github.com/motcua/motcua/internal/i18n"
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

// pathID reads the {id} of a path; anything but a number is 0, which the store finds nowhere
// (its own 404).
func pathID(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id
}

// directiveFilter reads ?agency=, ?directive= and ?status=, naming a bad directive.
func directiveFilter(r *http.Request) (directive.Filter, error) {
	q := r.URL.Query()
	f := directive.Filter{Agency: q.Get("agency"), Status: q.Get("status")}
	if s := q.Get("directive"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id < 1 {
			return f, apperr.Invalid("invalid_query", msgs.Text("invalid_query"), apperr.Field("directive", msgs.Text("must_be_whole_number_from_1", 1_000_000_000)))
		}
		f.Directive = id
	}
	return f, nil
}

var createDirective = withDirectives(http.StatusCreated, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	var in directive.Input
	if err := decode(nil, r, &in); err != nil {
		return nil, err
	}
	return h.dir.Record(r.Context(), u, in)
})

var listDirectives = withDirectives(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	p, pp, err := page(r)
	if err != nil {
		return nil, err
	}
	items, total, err := h.dir.Directives(r.Context(), u, p, pp)
	if err != nil {
		return nil, err
	}
	if items == nil {
		items = []*directive.Directive{}
	}
	return list[*directive.Directive]{Items: items, Total: total}, nil
})

var getDirective = withDirectives(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	id := pathID(r)
	return h.dir.Directive(r.Context(), u, id)
})

var listDirectiveTasks = withDirectives(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	p, pp, err := page(r)
	if err != nil {
		return nil, err
	}
	f, err := directiveFilter(r)
	if err != nil {
		return nil, err
	}
	f.Page, f.PerPage = p, pp
	items, total, err := h.dir.Tasks(r.Context(), u, f)
	if err != nil {
		return nil, err
	}
	if items == nil {
		items = []*directive.Task{}
	}
	return list[*directive.Task]{Items: items, Total: total}, nil
})

var getDirectiveTask = withDirectives(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	id := pathID(r)
	return h.dir.Task(r.Context(), u, id)
})

var reportDirectiveTask = withDirectives(http.StatusCreated, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	id := pathID(r)
	var in directive.ReportInput
	if err := decode(nil, r, &in); err != nil {
		return nil, err
	}
	return h.dir.Report(r.Context(), u, id, in)
})

// directiveFigures answers the office's figures as JSON, or with ?format=xlsx the workbook for
// the committee's meeting (per agency, per directive, every task).
func (h *Handler) directiveFigures(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	if h.dir == nil {
		h.notFound(w, r)
		return
	}
	f, err := directiveFilter(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	f.Status = ""
	if r.URL.Query().Get("format") != "xlsx" {
		c, err := h.dir.Summary(r.Context(), u, f)
		if err != nil {
			h.error(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, c)
		return
	}
	l := i18n.VI
	if english(r) {
		l = i18n.EN
	}
	var buf bytes.Buffer
	if err := h.dir.WriteXLSX(r.Context(), &buf, u, f, l); err != nil {
		h.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="nhiem-vu-chi-dao.xlsx"`)
	_, _ = w.Write(buf.Bytes())
}

package directives

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/directive"
	"github.com/motcua/motcua/internal/web"
)

const perPage = 20

type tasksData struct {
	Tasks            []*directive.Task
	Total            int
	Filter           directive.Filter
	Follows          bool // the office: every agency, an agency filter
	States           []directive.State
	Page, Pages      int
	PrevURL, NextURL string
	Agencies         web.AgencyOptions
}

// TaskLink is a task's page, for the templates.
func (tasksData) TaskLink(id int64) string { return TaskURL(id) }

// tasks lists the tasks the reader may see, filtered by agency (the office), directive and
// state, soonest due first.
func (h *Handler) tasks(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "officer", TasksPath, seesTasks)
	if !ok {
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	f := directive.Filter{Agency: q.Get("agency"), Status: q.Get("status"), Page: 1, PerPage: perPage}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 0 && n < 100000 {
		f.Page = n
	}
	if n, err := strconv.ParseInt(q.Get("directive"), 10, 64); err == nil && n > 0 {
		f.Directive = n
	}
	d := tasksData{Filter: f, Follows: directive.MayFollow(u), States: directive.States, Page: f.Page}
	if !d.Follows {
		d.Filter.Agency = u.AgencyCode
	}
	list, total, err := h.dir.Tasks(ctx, u, f)
	status := http.StatusOK
	if err != nil {
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.KindUnprocessable {
			h.site.Fail(w, r, v, err)
			return
		}
		v.AddFieldErrors(e, "agency", "status")
		status = http.StatusUnprocessableEntity
	}
	d.Tasks, d.Total = list, total
	d.Pages = max(1, (total+perPage-1)/perPage)
	page := func(n int) string {
		q := url.Values{}
		for k, vs := range r.URL.Query() {
			if k != "page" && k != "lang" {
				q[k] = vs
			}
		}
		q.Set("page", strconv.Itoa(n))
		return TasksPath + "?" + q.Encode()
	}
	if f.Page > 1 {
		d.PrevURL = page(f.Page - 1)
	}
	if f.Page < d.Pages {
		d.NextURL = page(f.Page + 1)
	}
	v.Prev, v.Next = d.PrevURL, d.NextURL
	if d.Follows {
		al, err := h.site.Agencies(ctx)
		if err != nil {
			h.site.Fail(w, r, v, err)
			return
		}
		d.Agencies = al.Options[v.L.Lang]
	}
	v.Data = d
	h.Render(w, r, status, "tasks", v)
}

type taskData struct {
	T         *directive.Task
	MayReport bool
	Status    string // the report form's choice, as posted
	Note      string
	Reported  bool
}

// FileURL is a document's download link, for the templates.
func (taskData) FileURL(id string) string { return fileURL(id) }

func (h *Handler) task(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "officer", TasksPath, seesTasks)
	if !ok {
		return
	}
	t, err := h.dir.Task(r.Context(), u, id(r))
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	h.renderTask(w, r, v, http.StatusOK, taskData{T: t, MayReport: directive.MayReport(u, t) && t.Progress != directive.ProgressDone,
		Reported: r.URL.Query().Get("da-bao-cao") == "1"})
}

func (h *Handler) renderTask(w http.ResponseWriter, r *http.Request, v *web.View, status int, d taskData) {
	v.Data = d
	h.Render(w, r, status, "task", v)
}

// report records a leader's progress report, with its documents.
func (h *Handler) report(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "officer", TasksPath, seesTasks)
	if !ok {
		return
	}
	ctx := r.Context()
	n := id(r)
	t, err := h.dir.Task(ctx, u, n)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	if !directive.MayReport(u, t) {
		h.site.Fail(w, r, v, apperr.New(apperr.KindForbidden, "forbidden", v.L.Text("directives.err.only_leader")))
		return
	}
	var files []string
	m := web.ReadMultipart(w, r, v.L, h.dos.MaxUpload, func(field, name string, part io.Reader) error {
		if field != "files" {
			return nil
		}
		f, err := h.dos.Upload(ctx, u, name, part)
		if err == nil {
			files = append(files, f.ID)
		}
		return err
	})
	d := taskData{T: t, MayReport: true, Status: m.Values.Get("status"), Note: m.Values.Get("note")}
	if len(m.Errors) > 0 {
		v.AddInOrder(m.Errors, "status", "note", "files")
		h.renderTask(w, r, v, m.Status, d)
		return
	}
	if _, err := h.dir.Report(ctx, u, n, directive.ReportInput{Status: d.Status, Note: d.Note, Files: files}); err != nil {
		e, ok := apperr.As(err)
		if !ok || (e.Kind != apperr.KindUnprocessable && e.Kind != apperr.KindConflict) {
			h.site.Fail(w, r, v, err)
			return
		}
		if e.Kind == apperr.KindConflict {
			d.MayReport = false
		}
		for i := range e.Fields {
			if strings.HasPrefix(e.Fields[i].Path, "files") {
				e.Fields[i].Path = "files"
			}
		}
		v.AddFieldErrors(e, "status", "note", "files")
		status := http.StatusUnprocessableEntity
		if e.Kind == apperr.KindConflict {
			status = http.StatusConflict
		}
		h.renderTask(w, r, v, status, d)
		return
	}
	http.Redirect(w, r, TaskURL(n)+"?da-bao-cao=1", http.StatusSeeOther)
}

// Package directives is the pages of the committee's directives (issue 14; no script needed):
// for the committee office, recording a directive with its tasks and signed PDF, and the view
// of every task by state per agency and per directive, drilling down to the tasks, with the
// XLSX workbook for the committee's meeting; for agencies' officers, their agency's tasks, and
// for its leaders the progress report with notes and documents. Who may do what, and every
// figure, are internal/directive's.
package directives

import (
	"embed"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/motcua/motcua/internal/directive"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
)

//go:embed templates/*.html templates/partials/*.html messages/*.json
var embedded embed.FS

var pageNames = []string{"overview", "record", "directive", "tasks", "task"}

// Paths of the pages.
const (
	Path       = web.DirectivesPath      // the office's view by state
	XLSXPath   = "/chi-dao.xlsx"         // its workbook
	RecordPath = "/chi-dao/moi"          // recording a directive
	DirPath    = "/chi-dao/van-ban/{id}" // a directive and its tasks
	TasksPath  = "/chi-dao/nhiem-vu"     // tasks, filtered
	TaskPath   = "/chi-dao/nhiem-vu/{id}"
	FilePath   = "/chi-dao/tep/{id}" // a directive's PDF or a report's document
)

// TaskRows is how many task rows the recording form offers; rows left empty are ignored.
const TaskRows = 6

// Deps are the stores the pages use.
type Deps struct {
	Directives *directive.Store
	Dossiers   *dossier.Store // uploads: the directive's PDF, reports' documents
}

// Handler serves the directives' pages.
type Handler struct {
	*web.Pages
	site *web.Site
	dir  *directive.Store
	dos  *dossier.Store
}

// New parses the pages with the site's layout.
func New(site *web.Site, d Deps) (*Handler, error) {
	if site == nil || d.Directives == nil || d.Dossiers == nil {
		return nil, errors.New("directives: the site, the directive and the dossier stores are required")
	}
	p, err := site.Pages(embedded, pageNames...)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: p, site: site, dir: d.Directives, dos: d.Dossiers}, nil
}

// Register mounts the routes on mux.
func (h *Handler) Register(mux web.Mux) {
	mux.HandleFunc("GET "+Path, h.overview)
	mux.HandleFunc("GET "+XLSXPath, h.xlsx)
	mux.HandleFunc("GET "+RecordPath, h.recordForm)
	mux.HandleFunc("POST "+RecordPath, h.record)
	mux.HandleFunc("GET "+DirPath, h.directive)
	mux.HandleFunc("GET "+TasksPath, h.tasks)
	mux.HandleFunc("GET "+TaskPath, h.task)
	mux.HandleFunc("POST "+TaskPath, h.report)
	mux.HandleFunc("GET "+FilePath, h.file)
}

// TaskURL is the page of task id.
func TaskURL(id int64) string { return TasksPath + "/" + strconv.FormatInt(id, 10) }

// id reads the {id} of the path (0 when it is no number: the store finds nothing).
func id(r *http.Request) int64 {
	n, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return n
}

// tasksURL is the drill-down to the tasks of an agency, a directive and a state.
func tasksURL(agency string, dir int64, status string) string {
	q := url.Values{}
	if agency != "" {
		q.Set("agency", agency)
	}
	if dir != 0 {
		q.Set("directive", strconv.FormatInt(dir, 10))
	}
	if status != "" {
		q.Set("status", status)
	}
	if len(q) == 0 {
		return TasksPath
	}
	return TasksPath + "?" + q.Encode()
}

// file serves a directive's PDF or a report's document to whoever may read it.
func (h *Handler) file(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "officer", Path, web.Anyone)
	if !ok {
		return
	}
	f, err := h.dir.File(r.Context(), u, r.PathValue("id"))
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	rc, err := h.dir.Open(r.Context(), f)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	defer rc.Close()
	h.site.SendFile(w, r, f, rc)
}

// follows says who reads the office's view.
func follows(u *org.User) bool { return directive.MayFollow(u) }

// seesTasks says who reads tasks.
func seesTasks(u *org.User) bool { return directive.MaySeeTasks(u) }

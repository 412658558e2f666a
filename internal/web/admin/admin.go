// Package admin is the administrators' pages: the working calendar's overrides (official
// schedule changes) and the background job queue (its kinds, depth, failures and runs, and the
// dead jobs to retry). Catalog decisions and import, processes and users join it as they get
// pages.
package admin

import (
	"embed"
	"errors"
	"net/http"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
)

// embedded holds the pages' templates and messages.
//
//go:embed templates/*.html messages/*.json
var embedded embed.FS

// pageNames are the package's pages, templates/<name>.html.
var pageNames = []string{"admin_calendar", "admin_jobs"}

// adminCalendarPath is the administrators' page for calendar overrides.
const adminCalendarPath = web.AdminPath

// Handler serves the administrators' pages.
type Handler struct {
	*web.Pages
	calendar *calendar.Store
	queue    *job.Queue
}

// New parses the pages with the site's layout; it fails when a page or a message is missing.
func New(site *web.Site, cal *calendar.Store, queue *job.Queue) (*Handler, error) {
	if site == nil || cal == nil || queue == nil {
		return nil, errors.New("admin: the site, the calendar store and the job queue are required")
	}
	p, err := site.Pages(embedded, pageNames...)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: p, calendar: cal, queue: queue}, nil
}

// Register mounts the administrators' routes on mux.
func (h *Handler) Register(mux web.Mux) {
	mux.HandleFunc("GET "+adminCalendarPath, h.adminCalendar)
	mux.HandleFunc("POST "+adminCalendarPath, h.setOverride)
	mux.HandleFunc("GET "+jobsPath, h.jobs)
	mux.HandleFunc("POST "+jobsPath+"/{id}/thu-lai", h.retryJob)
}

// overrideInputs are the ids of the override form's inputs, named like the fields that
// calendar.Store.SetOverride reports.
var overrideInputs = []string{"date", "kind", "name"}

type adminCalendarData struct {
	Overrides        []calendar.StoredOverride
	Date, Kind, Name string // the form's values
	DateField        *web.FieldView
	Saved            string // YYYY-MM-DD of the override just saved
	SavedYear        int
}

// requireAdmin returns the signed-in system administrator. Otherwise it answers: an anonymous
// visitor is sent to sign in and come back, anyone else sees the 403 page.
func (h *Handler) requireAdmin(w http.ResponseWriter, r *http.Request, v *web.View) (*org.User, bool) {
	return h.Require(w, r, v, "admin", adminCalendarPath, (*org.User).IsAdmin)
}

// adminCalendar lists the overrides of the working calendar with the form to record one.
func (h *Handler) adminCalendar(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	if _, ok := h.requireAdmin(w, r, v); !ok {
		return
	}
	d := adminCalendarData{Kind: string(calendar.OverrideDayOff)}
	if s := r.URL.Query().Get("saved"); s != "" {
		if day, err := calendar.ParseDate(s); err == nil {
			d.Saved, d.SavedYear = day.String(), day.Year
		}
	}
	h.renderAdminCalendar(w, r, v, http.StatusOK, d)
}

// setOverride records an override through calendar.Store.SetOverride and goes back to the
// page with a success banner; invalid input re-renders the form with 422 and the errors.
func (h *Handler) setOverride(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.requireAdmin(w, r, v)
	if !ok {
		return
	}
	l := v.L
	r.Body = http.MaxBytesReader(w, r.Body, web.MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		v.AddError("date", l.T("admin_cal.err.form"))
		h.renderAdminCalendar(w, r, v, http.StatusBadRequest, adminCalendarData{})
		return
	}
	date, dateErr := web.ReadDate(l, r.PostForm, "date", l.T("admin_cal.date"))
	in := calendar.OverrideInput{
		Date: date,
		Kind: r.PostForm.Get("kind"),
		Name: r.PostForm.Get("name"),
	}
	d := adminCalendarData{Date: web.Shown(in.Date), Kind: web.Shown(in.Kind), Name: web.Shown(in.Name)}
	if dateErr != nil {
		v.AddError(dateErr.ID, dateErr.Message) // the box that is wrong
	}
	if !utf8.ValidString(in.Name) {
		v.AddError("name", l.T("admin_cal.err.name"))
	}
	if len(v.Errors) > 0 {
		h.renderAdminCalendar(w, r, v, http.StatusUnprocessableEntity, d)
		return
	}
	o, err := h.calendar.SetOverride(r.Context(), calendar.Actor{ID: u.ID, Username: u.Username, Admin: u.IsAdmin()}, in)
	if e, isApp := apperr.As(err); isApp && len(e.Fields) > 0 {
		for _, f := range e.Fields {
			if f.Path == "kind" { // a radio group: say what to do, not the API's values
				txt := l.Text("admin_cal.err.kind")
				f.Message, f.MessageEn = txt.In(i18n.VI), txt.In(i18n.EN)
			}
			v.AddFieldErrors(&apperr.Error{Fields: []apperr.FieldError{f}}, overrideInputs...)
		}
		h.renderAdminCalendar(w, r, v, http.StatusUnprocessableEntity, d)
		return
	}
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	h.Log().InfoContext(r.Context(), "web: calendar override", "date", o.Date.String(), "kind", o.Kind, "by", u.Username)
	http.Redirect(w, r, adminCalendarPath+"?saved="+o.Date.String(), http.StatusSeeOther)
}

// renderAdminCalendar renders the page with the overrides in force and d's form values.
func (h *Handler) renderAdminCalendar(w http.ResponseWriter, r *http.Request, v *web.View, status int, d adminCalendarData) {
	list, err := h.calendar.Overrides(r.Context())
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	d.Overrides = list
	d.DateField = v.Inputs(web.Input{Kind: web.KindDate, Name: "date", ID: "date", Title: v.L.T("admin_cal.date"),
		Hint: v.L.T("admin_cal.date_hint"), Required: true, Value: d.Date})[0]
	v.Data = d
	h.Render(w, r, status, "admin_calendar", v)
}

package admin

import (
	"net/http"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
)

// jobsPath is the administrators' view of the background job queue: what `motcua jobs` prints,
// and the dead jobs to retry.
const jobsPath = "/quan-tri/cong-viec"

// deadShown bounds the dead jobs listed; the oldest wait on the next page load after a retry.
const deadShown = 50

type jobsData struct {
	Kinds   []kindRow
	Dead    []job.Record
	Retried int64 // the job just queued again
}

// kindRow is one kind of job with its cadence in words.
type kindRow struct {
	job.KindStats
	Cadence string // "every 10 minutes", or "" for a kind that is not periodic
}

// cadence says a period in the page's language.
func cadence(l web.Lang, every time.Duration) string {
	day := 24 * time.Hour
	switch {
	case every <= 0:
		return ""
	case every == day:
		return l.T("admin_jobs.daily")
	case every%day == 0:
		return l.T("admin_jobs.every_days", int(every/day))
	case every == time.Hour:
		return l.T("admin_jobs.hourly")
	case every%time.Hour == 0:
		return l.T("admin_jobs.every_hours", int(every/time.Hour))
	default:
		return l.T("admin_jobs.every_minutes", int(every.Round(time.Minute)/time.Minute))
	}
}

// jobs lists every kind of job with its depth, failures and last and next runs, and the dead
// jobs an administrator may queue again.
func (h *Handler) jobs(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	if _, ok := h.Require(w, r, v, "admin", jobsPath, (*org.User).IsAdmin); !ok {
		return
	}
	stats, err := h.queue.Stats(r.Context())
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	dead, err := h.queue.Dead(r.Context(), deadShown)
	if err != nil {
		h.Fail(w, r, v, err)
		return
	}
	d := jobsData{Dead: dead}
	for _, s := range stats {
		d.Kinds = append(d.Kinds, kindRow{KindStats: s, Cadence: cadence(v.L, s.Every)})
	}
	d.Retried, _ = strconv.ParseInt(r.URL.Query().Get("retried"), 10, 64)
	v.Data = d
	h.Render(w, r, http.StatusOK, "admin_jobs", v)
}

// retryJob queues a dead job again (job.Queue.Retry: 404 for no such job, 409 for one that is
// not dead) and goes back to the list.
func (h *Handler) retryJob(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.Require(w, r, v, "admin", jobsPath, (*org.User).IsAdmin)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.NotFound(w, r)
		return
	}
	if err := h.queue.Retry(r.Context(), id); err != nil {
		h.Fail(w, r, v, err)
		return
	}
	h.Log().InfoContext(r.Context(), "web: job retried", "id", id, "by", u.Username)
	http.Redirect(w, r, jobsPath+"?retried="+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// Package portal is the public portal (cổng dịch vụ công) that anyone reads without signing in:
// the catalog of administrative procedures (search, a procedure, its history), the publication
// decisions behind it, the working calendar, and tracking a dossier by its code.
package portal

import (
	"embed"
	"errors"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/news"
	"github.com/motcua/motcua/internal/ratelimit"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/pagecache"
)

// embedded holds the pages' templates and messages.
//
//go:embed templates/*.html messages/*.json
var embedded embed.FS

// pageNames are the package's pages, templates/<name>.html.
var pageNames = []string{"home", "search", "procedure", "history", "decisions", "calendar", "track"}

// Deps are the stores the portal reads.
type Deps struct {
	Catalog  *catalog.Store
	Calendar *calendar.Store
	Dossiers *dossier.Store
	News     *news.Store // a procedure's page lists the articles about it; nil lists none
	// TrackPerMinute bounds tracking look-ups per client address (config.TrackPerMinute);
	// 0 means 20.
	TrackPerMinute int
}

// Handler serves the public portal.
type Handler struct {
	*web.Pages
	catalog  *catalog.Store
	calendar *calendar.Store
	dossiers *dossier.Store
	news     *news.Store
	now      func() time.Time

	// pages keeps the pages that visitors who are not signed in read most (the home page, the
	// catalog's first page, each procedure) per language and generation of their data.
	pages pagecache.Cache

	// trackLimit bounds public tracking look-ups per client address, against enumeration of
	// dossier codes.
	trackLimit *ratelimit.Limiter
}

// New parses the portal's pages with the site's layout; it fails when a page or a message is
// missing.
func New(site *web.Site, d Deps) (*Handler, error) {
	if site == nil || d.Catalog == nil || d.Calendar == nil || d.Dossiers == nil {
		return nil, errors.New("portal: the site and the catalog, calendar and dossier stores are required")
	}
	p, err := site.Pages(embedded, pageNames...)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: p, catalog: d.Catalog, calendar: d.Calendar, dossiers: d.Dossiers, news: d.News, now: time.Now,
		trackLimit: ratelimit.Tracking(d.TrackPerMinute)}, nil
}

// Register mounts the portal's routes on mux, the home page answering every address no other
// route takes with the 404 page.
func (h *Handler) Register(mux web.Mux) {
	mux.HandleFunc("GET /", h.home)
	mux.HandleFunc("GET /thu-tuc", h.search)
	mux.HandleFunc("GET /thu-tuc/{code}", h.procedure)
	mux.HandleFunc("GET /thu-tuc/{code}/lich-su", h.history)
	mux.HandleFunc("GET /thu-tuc/{code}"+declarationFile, h.declaration)
	mux.HandleFunc("GET /quyet-dinh", h.decisions)
	mux.HandleFunc("GET /lich", h.calendarPage)
	mux.HandleFunc("GET "+trackPath, h.track)
	mux.HandleFunc("POST "+trackPath, h.track)
}

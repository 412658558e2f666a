// Package backoffice is the officers' pages (Decree 61/2018 Arts. 17–20): the inbox, a dossier's
// page with the actions the workflow allows the officer now, consultations of other agencies,
// the legal forms of a dossier (Mẫu 01–05) and the register (Mẫu 06), and registering paper
// dossiers at the counter. Every page and post calls the workflow's own functions, which decide
// who may do what and when; the pages only show what those functions allow and say why they
// refused.
package backoffice

import (
	"embed"
	"errors"
	"time"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/esign"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/workflow"
)

// embedded holds the pages' templates and messages.
//
//go:embed templates/*.html messages/*.json
var embedded embed.FS

// pageNames are the package's pages, templates/<name>.html.
var pageNames = []string{"counter", "inbox", "officer_dossier", "register"}

// Deps are the stores the back office works with.
type Deps struct {
	Catalog  *catalog.Store
	Org      *org.Store
	Dossiers *dossier.Store
	Workflow *workflow.Store
	Esign    *esign.Store // optional: links a signed result to its verification page, where leaders revoke it
}

// Handler serves the back office.
type Handler struct {
	*web.Pages
	catalog  *catalog.Store
	org      *org.Store
	dossiers *dossier.Store
	workflow *workflow.Store
	sign     *esign.Store
	now      func() time.Time
}

// New parses the back office's pages with the site's layout; it fails when a page or a message
// is missing.
func New(site *web.Site, d Deps) (*Handler, error) {
	if site == nil || d.Catalog == nil || d.Org == nil || d.Dossiers == nil || d.Workflow == nil {
		return nil, errors.New("backoffice: the site and the catalog, org, dossier and workflow stores are required")
	}
	p, err := site.Pages(embedded, pageNames...)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: p, catalog: d.Catalog, org: d.Org, dossiers: d.Dossiers, workflow: d.Workflow, sign: d.Esign, now: time.Now}, nil
}

// Register mounts the back office's routes on mux.
func (h *Handler) Register(mux web.Mux) {
	mux.HandleFunc("GET "+web.InboxPath, h.inbox)
	mux.HandleFunc("POST /can-bo/y-kien/{id}", h.answer)
	mux.HandleFunc("GET /can-bo/ho-so/{code}", h.officerDossier)
	mux.HandleFunc("POST /can-bo/ho-so/{code}", h.act)
	mux.HandleFunc("POST /can-bo/ho-so/{code}/y-kien", h.consult)
	mux.HandleFunc("GET /can-bo/ho-so/{code}/{file}", h.officerForm)
	mux.HandleFunc("GET "+web.RegisterPath, h.registerBook)
	mux.HandleFunc("GET "+counterPath, h.counterForm)
	mux.HandleFunc("POST "+counterPath, h.register)
}

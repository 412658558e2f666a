// Package applicant is the citizen's pages: applying online from a procedure's page (a form
// rendered from its JSON Schema, documents, a review, drafts kept on the server), one's
// dossiers (supplement, withdraw, evaluate, the forms issued, downloads), and the account
// (sign-up with a one-time code, the profile).
package applicant

import (
	"embed"
	"errors"
	"time"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/workflow"
)

// embedded holds the pages' templates and messages.
//
//go:embed templates/*.html messages/*.json
var embedded embed.FS

// pageNames are the package's pages, templates/<name>.html.
var pageNames = []string{"apply_form", "apply_documents", "apply_review", "draft_gone", "dossiers", "dossier",
	"withdraw", "signup", "verify", "profile"}

// Deps are the stores the applicant's pages work with.
type Deps struct {
	Catalog  *catalog.Store
	Org      *org.Store
	Identity *identity.Store
	Dossiers *dossier.Store
	Workflow *workflow.Store
	Payments *payment.Store // a dossier's paid fees link their e-receipts; nil: none
}

// Handler serves the applicant's pages.
type Handler struct {
	*web.Pages
	catalog  *catalog.Store
	org      *org.Store
	identity *identity.Store
	dossiers *dossier.Store
	workflow *workflow.Store
	pay      *payment.Store
	secure   bool
	now      func() time.Time
}

// New parses the applicant's pages with the site's layout; it fails when a page or a message is
// missing.
func New(site *web.Site, d Deps) (*Handler, error) {
	if site == nil || d.Catalog == nil || d.Org == nil || d.Identity == nil || d.Dossiers == nil || d.Workflow == nil {
		return nil, errors.New("applicant: the site and the catalog, org, identity, dossier and workflow stores are required")
	}
	p, err := site.Pages(embedded, pageNames...)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: p, catalog: d.Catalog, org: d.Org, identity: d.Identity, dossiers: d.Dossiers, workflow: d.Workflow,
		pay: d.Payments, secure: site.SecureCookies(), now: time.Now}, nil
}

// Register mounts the applicant's routes on mux.
func (h *Handler) Register(mux web.Mux) {
	mux.HandleFunc("GET /nop-ho-so/{code}", h.applyForm)
	mux.HandleFunc("POST /nop-ho-so/{code}", h.saveApplyForm)
	mux.HandleFunc("GET /nop-ho-so/{code}/tai-lieu", h.applyDocuments)
	mux.HandleFunc("POST /nop-ho-so/{code}/tai-lieu", h.saveApplyDocuments)
	mux.HandleFunc("GET /nop-ho-so/{code}/kiem-tra", h.applyReview)
	mux.HandleFunc("POST /nop-ho-so/{code}/kiem-tra", h.submitApplication)
	mux.HandleFunc("GET /ho-so", h.myDossiers)
	mux.HandleFunc("POST /ho-so/ban-nhap/{id}/xoa", h.deleteDraft)
	mux.HandleFunc("GET /ho-so/{code}", h.dossierPage)
	mux.HandleFunc("GET /ho-so/{code}/{file}", h.applicantForm)
	mux.HandleFunc("POST /ho-so/{code}/bo-sung", h.supplement)
	mux.HandleFunc("GET /ho-so/{code}/rut", h.withdrawForm)
	mux.HandleFunc("POST /ho-so/{code}/rut", h.withdraw)
	mux.HandleFunc("POST /ho-so/{code}/danh-gia", h.evaluate)
	mux.HandleFunc("GET /tep/{id}", h.download)
	mux.HandleFunc("GET "+web.SignUpPath, h.signUpForm)
	mux.HandleFunc("POST "+web.SignUpPath, h.signUp)
	mux.HandleFunc("GET "+verifyPath, h.verifyForm)
	mux.HandleFunc("POST "+verifyPath, h.verify)
	mux.HandleFunc("GET "+profilePath, h.profileForm)
	mux.HandleFunc("POST "+profilePath, h.saveProfile)
}

// Package api is motcua's JSON API v1 (CONTRACT.md). Handlers decode, call the same domain
// functions as the HTML pages, and encode; every error leaves through writeError, which maps
// the apperr kinds to HTTP statuses in one table.
package api

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/api/jsonbounds"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/bills"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/directive"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/esign"
	"github.com/motcua/motcua/internal/httpcache"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/indicators"
	"github.com/motcua/motcua/internal/news"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/payment/refund"
	"github.com/motcua/motcua/internal/ratelimit"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/review"
	"github.com/motcua/motcua/internal/workflow"
)

// Config holds the API's dependencies.
type Config struct {
	Catalog  *catalog.Store
	Calendar *calendar.Store
	Dossiers *dossier.Store
	Workflow *workflow.Store
	Org      *org.Store
	Identity *identity.Store
	Bills    *bills.Store    // the bill-payment hub; nil serves no billers
	Esign    *esign.Store    // signed results and receipts; nil answers their routes 404
	Payments *payment.Store  // nil: the payment routes answer 404
	Refunds  *refund.Store   // refunds carried out; nil: closing one answers 404
	Reports  *report.Service // service levels, targets, dossier figures; nil answers 404
	// Indicators scores Decision 766; nil: its routes answer 404.
	Indicators *indicators.Store
	Review     *review.Store    // process review; nil: its routes answer 404
	Directives *directive.Store // the committee's directives and tasks; nil: their routes answer 404
	News       *news.Store      // the portal's articles and comments; nil: their routes answer 404
	// TrackPerMinute bounds tracking look-ups per client address (config.TrackPerMinute);
	// 0 means 20.
	TrackPerMinute int
	Logger         *slog.Logger
}

// Handler serves /api/v1.
type Handler struct {
	cat     *catalog.Store
	cal     *calendar.Store
	dos     *dossier.Store
	wf      *workflow.Store
	org     *org.Store
	id      *identity.Store
	bills   *bills.Store
	sign    *esign.Store
	pay     *payment.Store
	refunds *refund.Store
	rep     *report.Service
	ind     *indicators.Store
	rev     *review.Store
	dir     *directive.Store
	news    *news.Store

	trackLimit *ratelimit.Limiter
	procJSON   httpcache.Cache[string] // each procedure's API answer by code, per catalog generation
	searchJSON httpcache.Cache[string] // search answers by searchKey, bounded (keptQueries)
	summaries  summaryJSON             // each procedure's summary, per catalog generation
	log        *slog.Logger
	routes     *http.ServeMux // the API's routes alone, for Unrouted's 404 or 405
}

// New returns the API handler.
func New(cfg Config) *Handler {
	h := &Handler{cat: cfg.Catalog, cal: cfg.Calendar, dos: cfg.Dossiers, wf: cfg.Workflow, org: cfg.Org, id: cfg.Identity, log: cfg.Logger,
		trackLimit: ratelimit.Tracking(cfg.TrackPerMinute), bills: cfg.Bills, sign: cfg.Esign, pay: cfg.Payments, refunds: cfg.Refunds, rep: cfg.Reports,
		ind: cfg.Indicators, rev: cfg.Review, dir: cfg.Directives, news: cfg.News}
	h.searchJSON.Max = keptQueries
	if h.bills == nil {
		h.bills = bills.NewStore(nil, nil)
	}
	return h
}

// route is one API route; the table is what Register serves and what the OpenAPI test checks.
type route struct {
	method, path string // path relative to /api/v1
	handle       handlerFunc
}

var routes = []route{
	{"GET", "/openapi.json", (*Handler).openAPI},
	{"POST", "/auth/token", (*Handler).createToken},
	{"DELETE", "/auth/token", (*Handler).revokeToken},
	{"GET", "/me", (*Handler).me},
	{"POST", "/auth/signup", (*Handler).signUp},
	{"POST", "/auth/verify", (*Handler).verifySignUp},
	{"POST", "/auth/resend", (*Handler).resendCode},
	{"GET", "/me/profile", (*Handler).profile},
	{"PUT", "/me/profile", (*Handler).updateProfile},
	{"GET", "/agencies", (*Handler).agencies},
	{"GET", "/procedures", (*Handler).listProcedures},
	{"GET", "/procedures/{code}", (*Handler).procedure},
	{"GET", "/procedures/{code}/versions", (*Handler).versions},
	{"GET", "/procedures/{code}/declaration.pdf", (*Handler).declaration},
	{"GET", "/fields", (*Handler).fields},
	{"GET", "/decisions", (*Handler).listDecisions},
	{"POST", "/decisions", (*Handler).createDecision},
	{"GET", "/decisions/{number...}", (*Handler).decision},
	{"GET", "/catalog/export", (*Handler).exportCatalog},
	{"POST", "/catalog/import", (*Handler).importCatalog},
	{"GET", "/catalog/synonyms", (*Handler).synonyms},
	{"PUT", "/catalog/synonyms", (*Handler).replaceSynonyms},
	{"GET", "/calendar/holidays", (*Handler).holidays},
	{"GET", "/calendar/lunar", (*Handler).lunar},
	{"GET", "/calendar/due", (*Handler).due},
	{"GET", "/calendar/overrides", (*Handler).overrides},
	{"POST", "/calendar/overrides", (*Handler).createOverride},
	{"POST", "/files", (*Handler).uploadFile},
	{"GET", "/files/{id}", (*Handler).downloadFile},
	{"POST", "/dossiers", submitDossier},
	{"GET", "/dossiers", (*Handler).listDossiers},
	{"GET", "/dossiers/{code}", getDossier},
	{"POST", "/counter/dossiers", registerDossier},
	{"GET", "/track/{code}", (*Handler).track},
	{"GET", "/drafts", listDrafts},
	{"POST", "/drafts", (*Handler).saveDraft},
	{"GET", "/drafts/{id}", getDraft},
	{"PUT", "/drafts/{id}", (*Handler).saveDraft},
	{"DELETE", "/drafts/{id}", (*Handler).deleteDraft},
	{"GET", "/me/documents", documents},
	{"GET", "/inbox", inbox},
	{"POST", "/dossiers/{code}/actions", act},
	{"GET", "/dossiers/{code}/receipt.pdf", receiptPDF},
	{"POST", "/dossiers/{code}/evaluation", evaluate},
	{"GET", "/dossiers/{code}/evaluation", evaluation},
	{"GET", "/evaluation/indicators", (*Handler).indicators},
	{"POST", "/dossiers/{code}/consultations", consult},
	{"GET", "/dossiers/{code}/consultations", consultations},
	{"GET", "/consultations", consultations},
	{"POST", "/consultations/{id}/answer", answerConsultation},
	{"GET", "/processes", (*Handler).processes},
	{"POST", "/processes", publishProcess},
	{"POST", "/admin/sla-sweep", sweep},
	{"GET", "/reports/service-levels", (*Handler).serviceLevels},
	{"GET", "/reports/service-levels/progress", (*Handler).levelProgress},
	{"GET", "/reports/targets", (*Handler).reportTargets},
	{"PUT", "/reports/targets/{key}", setReportTarget},
	{"GET", "/reports/dossiers", (*Handler).dossierFigures},
	{"GET", "/reports/transparency", (*Handler).transparency},
	{"GET", "/dossiers/{code}/supplement-request.pdf", supplementPDF},
	{"GET", "/dossiers/{code}/refusal.pdf", refusalPDF},
	{"GET", "/dossiers/{code}/apology.pdf", apologyPDF},
	{"GET", "/dossiers/{code}/control-slip.pdf", controlSlipPDF},
	{"GET", "/dossiers/{code}/control-slip.xlsx", (*Handler).controlSlipXLSX},
	{"GET", "/register", (*Handler).register},
	{"GET", "/billers", (*Handler).listBillers},
	{"GET", "/bills", listBills},
	{"POST", "/bills/{id}/complaints", complainBill},
	{"GET", "/me/billers", listSaved},
	{"POST", "/me/billers", saveCustomer},
	{"DELETE", "/me/billers/{biller}/{customer}", (*Handler).forgetCustomer},
	{"GET", "/dossiers/{code}/result.pdf", (*Handler).resultPDF},
	{"GET", "/results/verify", (*Handler).verifyDocument},
	{"POST", "/results/{serial}/revoke", revokeDocument},
	{"GET", "/dossiers/{code}/invoices", withPayments(dossierInvoices)},
	{"POST", "/payments", withPayments(createPayment)},
	{"GET", "/payments", withPayments(listPayments)},
	{"GET", "/payments/{id}", withPayments(getPayment)},
	{"GET", "/payments/{id}/receipt.pdf", withPayments((*Handler).paymentReceipt)},
	{"GET", "/payments/vnpay/ipn", (*Handler).vnpayIPN},
	{"POST", "/payments/vietqr/webhook", withPayments((*Handler).vietqrWebhook)},
	{"POST", "/payments/statements", withPayments((*Handler).importStatement)},
	{"GET", "/payments/reviews", withPayments(listReviews)},
	{"POST", "/payments/reviews/{id}/resolve", withPayments(resolveReview)},
	{"GET", "/payments/{id}/ledger", withPayments(paymentLedger)},
	{"POST", "/payments/{id}/refunds", withPayments(requestRefund)},
	{"POST", "/payments/{id}/refunds/close", withPayments(closeRefund)},
	{"GET", "/reports/collections", withPayments((*Handler).collections)},
	{"GET", "/reports/indicators", withIndicators((*Handler).indicatorScores)},
	{"GET", "/reports/indicators/ranking", withIndicators((*Handler).indicatorRanking)},
	{"GET", "/reports/indicators/{code}/dossiers", withIndicators((*Handler).indicatorDossiers)},
	{"GET", "/reports/review", withReview((*Handler).review)},
	{"GET", "/reports/review/bottlenecks", withReview((*Handler).reviewBottlenecks)},
	{"GET", "/reports/review/simulate", withReview((*Handler).reviewSimulate)},
	{"POST", "/directives", createDirective},
	{"GET", "/directives", listDirectives},
	{"GET", "/directives/{id}", getDirective},
	{"GET", "/directive-tasks", listDirectiveTasks},
	{"GET", "/directive-tasks/{id}", getDirectiveTask},
	{"POST", "/directive-tasks/{id}/reports", reportDirectiveTask},
	{"GET", "/reports/directives", directiveFigures},
	// The portal's news (news.go).
	{"GET", "/articles", withNews((*Handler).listArticles)},
	{"POST", "/articles", withNews(createArticle)},
	{"GET", "/articles/{slug}", withNews((*Handler).getArticle)},
	{"PUT", "/articles/{slug}", withNews(updateArticle)},
	{"POST", "/articles/{slug}/status", withNews(moveArticle)},
	{"GET", "/articles/{slug}/versions", withNews(articleVersions)},
	{"GET", "/articles/{slug}/comments", withNews((*Handler).listComments)},
	{"POST", "/articles/{slug}/comments", withNews((*Handler).postComment)},
	{"GET", "/comments", withNews(moderationQueue)},
	{"POST", "/comments/{id}/moderation", withNews(moderateComment)},
	{"POST", "/articles/{slug}/images", withNews(addArticleImage)},
}

// Request bodies are bounded per route before any handler reads them (a larger body is 413
// body_too_large); the bounds are documented per operation as x-max-bytes in openapi.json.
const (
	smallBody   = 64 << 10 // a login, a note (≤ 4,000 characters), a profile, an override
	formBody    = 1 << 20  // an application form, a process definition
	draftBody   = 512 << 10
	catalogBody = 64 << 20 // a catalog decision may carry thousands of procedures
	uploadSlack = 1 << 20  // multipart framing above the per-file limit
	articleBody = 1 << 20  // two bodies of news.MaxBody characters, Vietnamese in UTF-8
)

// bodyLimits lists the routes whose bodies may exceed smallBody.
var bodyLimits = map[string]int64{
	"POST /auth/token":             maxTokenBody,
	"POST /decisions":              catalogBody,
	"POST /catalog/import":         catalogBody,
	"POST /dossiers":               formBody,
	"POST /counter/dossiers":       formBody,
	"POST /processes":              formBody,
	"POST /drafts":                 draftBody,
	"PUT /drafts/{id}":             draftBody,
	"POST /directives":             formBody, // up to 100 tasks
	"POST /articles":               articleBody,
	"PUT /articles/{slug}":         articleBody,
	"POST /articles/{slug}/images": news.MaxImageBytes + uploadSlack,
}

// maxBytes is the bound on rt's request body; an upload's follows the configured file limit.
func (h *Handler) maxBytes(rt route) int64 {
	key := rt.method + " " + rt.path
	switch {
	case rt.method != "POST" && rt.method != "PUT", key == "POST /admin/sla-sweep": // no body
		return 0
	case key == "POST /files" && h.dos != nil:
		return h.dos.MaxUpload + uploadSlack
	case bodyLimits[key] != 0:
		return bodyLimits[key]
	}
	return smallBody
}

// Register adds the API routes to mux.
// The server answers what no route serves under /api/ with Unrouted.
func (h *Handler) Register(mux *http.ServeMux) {
	h.routes = http.NewServeMux()
	documented, err := jsonbounds.Compile(openapiDoc)
	if err != nil {
		panic("api: the embedded openapi.json does not parse: " + err.Error())
	}
	for _, rt := range routes {
		limit, b := h.maxBytes(rt), documented[rt.method+" "+strings.ReplaceAll(rt.path, "...}", "}")]
		mux.HandleFunc(rt.method+" /api/v1"+rt.path, func(w http.ResponseWriter, r *http.Request) {
			if limit > 0 {
				r.Body = http.MaxBytesReader(w, r.Body, limit)
			}
			rt.handle(h, w, withBounds(r, b))
		})
		h.routes.HandleFunc(rt.method+" /api/v1"+rt.path, h.notFound)
	}
}

//go:embed openapi.json
var openapiDoc []byte

func (h *Handler) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(openapiDoc)
}

func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.error(w, r, apperr.New(apperr.KindNotFound, "route_not_found", msgs.Text("route_not_found")))
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string              `json:"code"`
	Message string              `json:"message"`
	Fields  []apperr.FieldError `json:"fields,omitempty"`
}

// english reports whether the caller prefers English messages.
func english(r *http.Request) bool {
	al := strings.ToLower(r.Header.Get("Accept-Language"))
	return strings.HasPrefix(al, "en") || r.URL.Query().Get("lang") == "en"
}

func (h *Handler) error(w http.ResponseWriter, r *http.Request, err error) {
	e, ok := apperr.As(err)
	if !ok {
		h.log.ErrorContext(r.Context(), "api: internal error", "err", err, "path", r.URL.Path)
		e = apperr.New(apperr.KindInternal, "internal", msgs.Text("internal"))
	}
	h.writeError(w, r, apperr.Status(e.Kind), e)
}

// writeError writes e in the error envelope with status, in the caller's language.
func (h *Handler) writeError(w http.ResponseWriter, r *http.Request, status int, e *apperr.Error) {
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="motcua"`)
	}
	l := i18n.VI
	if english(r) {
		l = i18n.EN
	}
	msg := e.In(l)
	fields := make([]apperr.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		fields[i] = f
		fields[i].Message = f.In(l)
	}
	writeJSON(w, status, errorBody{errorDetail{Code: e.Code, Message: msg, Fields: fields}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// decode reads a JSON body strictly: one value, no unknown fields. Malformed JSON is 400.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	ct := r.Header.Get("Content-Type")
	if ct != "" && !strings.HasPrefix(ct, "application/json") {
		return apperr.New(apperr.KindUnsupported, "unsupported_media_type", msgs.Text("unsupported_media_type"))
	}
	data, err := io.ReadAll(r.Body) // bounded by the route (Register)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return apperr.New(apperr.KindTooLarge, "body_too_large", msgs.Text("body_too_large"))
		}
		return malformed(err)
	}
	if jsonbounds.Depth(data) > jsonbounds.MaxDepth {
		return apperr.New(apperr.KindInvalid, "too_deep", msgs.Text("too_deep", jsonbounds.MaxDepth))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return malformed(err)
	}
	if dec.More() {
		return malformed(errors.New("more than one JSON value"))
	}
	if _, err := dec.Token(); err != io.EOF {
		return malformed(errors.New("trailing data after the JSON value"))
	}
	if path, bad := badText(data); bad {
		return InvalidText(path)
	}
	return checkBounds(r.Context(), data)
}

func malformed(err error) error {
	msg := err.Error()
	var path string
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		path = te.Field
		msg = fmt.Sprintf("expected %s", te.Type)
	} else if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		path = strings.Trim(f, `"`)
		msg = "unknown field"
	}
	e := apperr.New(apperr.KindInvalid, "malformed_json", msgs.Text("malformed_json", msg))
	if path != "" {
		e.Fields = []apperr.FieldError{apperr.Field(path, msgs.Text("invalid", msg))}
	}
	return e
}

// page reads ?page= and ?per_page=, naming a bad one.
func page(r *http.Request) (int, int, error) {
	var fe apperr.Fields
	num := func(name string, def, max int) int {
		s := r.URL.Query().Get(name)
		if s == "" {
			return def
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > max {
			fe.Add(name, msgs.Text("must_be_whole_number_from_1", max))
			return def
		}
		return n
	}
	p, pp := num("page", 1, 1_000_000), num("per_page", 20, 100)
	if fe.Len() > 0 {
		return 0, 0, badQuery(msgs.Text("invalid_query"), fe.List()...)
	}
	return p, pp, nil
}

// badQuery is a 400 invalid_query naming the query parameters at fault: a request's query is
// malformed, not a well-formed request the domain refuses (422).
func badQuery(msg i18n.Text, fields ...apperr.FieldError) *apperr.Error {
	e := apperr.Invalid("invalid_query", msg, fields...)
	e.Kind = apperr.KindInvalid
	return e
}

// list is the shape of every list answer.
type list[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

// Routes lists every API route as "METHOD /api/v1/path", for tests that must cover them all.
func Routes() []string {
	out := make([]string, len(routes))
	for i, rt := range routes {
		out[i] = rt.method + " /api/v1" + rt.path
	}
	return out
}

type boundsKey struct{}

// withBounds gives decode the bounds of the route serving r.
func withBounds(r *http.Request, b *jsonbounds.Bounds) *http.Request {
	if b == nil {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), boundsKey{}, b))
}

// checkBounds refuses a body with longer texts or lists than the route's documented bounds
// (422 too_long naming each field).
func checkBounds(ctx context.Context, data []byte) error {
	b, _ := ctx.Value(boundsKey{}).(*jsonbounds.Bounds)
	if b == nil {
		return nil
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil // decode reports it
	}
	fe := b.Check(v, func(key string, n int) i18n.Text { return msgs.Text(key, n) })
	return fe.Err("too_long", msgs.Text("too_long.body"))
}

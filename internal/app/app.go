// Package app wires motcua together: it opens the database, applies migrations, builds the
// domain stores and the HTTP handler, seeds the demo city when asked, and serves until its
// context ends. cmd/motcua and the end-to-end tests both start motcua through it.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/bills"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/demo/demobill"
	"github.com/motcua/motcua/internal/directive"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/esign"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/indicators"
	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/news"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/payment/refund"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/review"
	"github.com/motcua/motcua/internal/server"
	"github.com/motcua/motcua/internal/stats"
	"github.com/motcua/motcua/internal/vnpay"
	"github.com/motcua/motcua/internal/vnpay/sandbox"
	"github.com/motcua/motcua/internal/web"
	"github.com/motcua/motcua/internal/web/accounts"
	"github.com/motcua/motcua/internal/web/admin"
	"github.com/motcua/motcua/internal/web/applicant"
	"github.com/motcua/motcua/internal/web/backoffice"
	billpages "github.com/motcua/motcua/internal/web/bills"
	"github.com/motcua/motcua/internal/web/dashboard"
	directivepages "github.com/motcua/motcua/internal/web/directives"
	indpages "github.com/motcua/motcua/internal/web/indicators"
	newspages "github.com/motcua/motcua/internal/web/news"
	"github.com/motcua/motcua/internal/web/payments"
	"github.com/motcua/motcua/internal/web/portal"
	reviewpages "github.com/motcua/motcua/internal/web/review"
	"github.com/motcua/motcua/internal/web/verify"
	"github.com/motcua/motcua/internal/workflow"
)

// App is one running motcua.
type App struct {
	Cfg      config.Config
	Log      *slog.Logger
	DB       *db.DB
	Org      *org.Store
	Identity *identity.Store
	Catalog  *catalog.Store
	Calendar *calendar.Store
	Dossiers *dossier.Store
	Workflow *workflow.Store
	Bills    *bills.Store    // the bill-payment hub; the demo billers in demo mode, none otherwise
	Esign    *esign.Store    // signed results and receipts, the registry of issued documents
	Payments *payment.Store  // fees and bills, the ledger, the VNPay IPN
	Refunds  *refund.Store   // refunds carried out: VNPay's refund API, the accountant's transfers
	Reports  *report.Service // the committee's figures: service levels, targets, dossier figures
	// Indicators scores Decision 766/QĐ-TTg per agency and month (the indicators-compute job).
	Indicators *indicators.Store
	Review     *review.Store // process review (rà soát): step times, bottlenecks, simulations
	// Directives holds the committee's directives, the tasks they assign and the agencies'
	// reports (issue 14); its Publish hook puts each new directive on the portal.
	Directives *directive.Store
	News       *news.Store    // the portal's articles and readers' comments; its view counter runs with Serve
	OIDC       *identity.OIDC // nil when no provider is configured or it could not be reached at start
	Handler    http.Handler
	// Queue runs all background work: notifications and the periodic jobs (see registerJobs).
	// Its tuning fields and Notify's senders may be changed between Open and Serve.
	Queue  *job.Queue
	Notify *notify.Sender
	// Sandbox is the built-in VNPay gateway (sandbox.go); nil unless in demo mode without
	// MOTCUA_VNPAY_* settings.
	Sandbox *sandbox.Sandbox

	web   routes        // the pages of every audience
	token *esign.PKCS11 // the PKCS#11 signing token when configured, closed with the App
}

// Open opens the database, migrates it and builds everything; with cfg.Demo it seeds the demo
// city.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	d, err := db.Open(ctx, cfg.DB, cfg.Data)
	if err != nil {
		return nil, err
	}
	n, err := d.Migrate(ctx)
	if err != nil {
		d.Close()
		return nil, err
	}
	if n > 0 {
		log.Info("database migrated", "engine", d.Engine, "applied", n)
	}
	// The dashboard aggregates of a database upgraded with dossiers are rebuilt once, here
	// (stats_state says whether they are built; a new database starts built).
	began := time.Now()
	if rebuilt, err := stats.EnsureBuilt(ctx, d); err != nil {
		d.Close()
		return nil, err
	} else if rebuilt {
		log.Info("dashboard aggregates rebuilt", "engine", d.Engine, "elapsed", time.Since(began).Round(time.Millisecond))
	}
	a := &App{Cfg: cfg, Log: log, DB: d, Org: org.NewStore(d), Identity: identity.NewStore(d), Catalog: catalog.NewStore(d), Calendar: calendar.NewStore(d, auditCalendar, cfg.CalendarOptions()...)}
	a.Calendar.OpenSaturdays(cfg.Saturdays()...)
	if cfg.Demo {
		if err := demo.Seed(ctx, log, a.Org, a.Identity, a.Catalog); err != nil {
			d.Close()
			return nil, fmt.Errorf("demo seed: %w", err)
		}
	}
	blobs, err := openBlobs(ctx, cfg)
	if err != nil {
		d.Close()
		return nil, err
	}
	// Messages and printed forms link to the portal's pages: its base URL and the web's routes.
	base := strings.TrimRight(cfg.BaseURL, "/")
	links := dossier.Links{Track: base + "/tra-cuu?ma={code}", Officer: base + "/can-bo/ho-so/{code}"}
	a.Dossiers = dossier.NewStore(dossier.Config{DB: d, Catalog: a.Catalog, Org: a.Org, Calendar: a.Calendar, Blobs: blobs, Links: links,
		MaxUpload: int64(cfg.MaxUploadMB) << 20})
	a.Workflow = workflow.NewStore(workflow.Config{DB: d, Dossiers: a.Dossiers, Catalog: a.Catalog, Org: a.Org, Calendar: a.Calendar,
		Links: links})
	a.Reports = report.New(report.Deps{DB: d, Catalog: a.Catalog, Org: a.Org, Stats: stats.NewStore(d)})
	a.Review = review.NewStore(review.Config{DB: d, Calendar: a.Calendar, Catalog: a.Catalog, Org: a.Org, Workflow: a.Workflow})
	a.News = news.NewStore(news.Config{DB: d, Catalog: a.Catalog, Blobs: blobs})
	if cfg.Demo {
		if err := demo.SeedNews(ctx, log, a.Org, a.News); err != nil {
			d.Close()
			return nil, fmt.Errorf("demo news: %w", err)
		}
	}
	a.Directives = directive.NewStore(directive.Config{DB: d, Org: a.Org, Files: a.Dossiers, TaskURL: base + directivepages.TaskPath,
		Publish: publishDirective(a.News)})
	if cfg.Demo {
		if err := demo.SeedDirective(ctx, a.Directives, a.Org, time.Now()); err != nil {
			d.Close()
			return nil, fmt.Errorf("demo directive: %w", err)
		}
	}
	keys, err := signingKeys(cfg, a)
	if err != nil {
		d.Close()
		return nil, err
	}
	a.Esign = esign.NewStore(esign.Config{DB: d, Org: a.Org, Dossiers: a.Dossiers, Workflow: a.Workflow, Keys: keys, BaseURL: base})
	if cfg.Demo {
		// CONTRACT.md: in the demo city the result document is generated at approval, and
		// signed by the agency (issue 12).
		a.Workflow.Result = a.Esign.ResultDocument
	}
	var billers *bills.Registry
	if cfg.Demo {
		billers = demobill.Registry(nil)
	}
	a.Bills = bills.NewStore(d, billers)
	if err := a.openPayments(ctx, cfg, base, links); err != nil {
		d.Close()
		return nil, err
	}
	a.Indicators = indicators.NewStore(d, a.Org, nil)
	a.Notify = a.Notifier()
	a.Queue = job.New(d, log)
	gw, err := a.openSandbox(ctx, cfg)
	if err != nil {
		d.Close()
		return nil, err
	}
	a.registerJobs(gw)
	if oc := cfg.OIDC(); oc != nil {
		dctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		// A provider that is down at start must not keep the portal down: sign-in with a
		// password still works, and the error says why the other is missing.
		if a.OIDC, err = identity.NewOIDC(dctx, *oc); err != nil {
			log.Error("OpenID Connect provider unavailable; external sign-in is off", "issuer", oc.Issuer, "err", err)
		}
		cancel()
	}
	pages, site, err := a.pages(cfg, log)
	a.web = pages
	if err != nil {
		d.Close()
		return nil, err
	}
	a.Handler = server.New(server.Deps{DB: d, Identity: a.Identity, Logger: log, ClientIPHeader: cfg.TrustedProxyHeader,
		MetricsToken: cfg.MetricsToken, HSTS: cfg.SecureCookies,
		API: api.New(api.Config{Catalog: a.Catalog, Calendar: a.Calendar, Dossiers: a.Dossiers, Workflow: a.Workflow, Org: a.Org, Identity: a.Identity,
			Bills: a.Bills, Esign: a.Esign, Payments: a.Payments, Refunds: a.Refunds, Reports: a.Reports, Indicators: a.Indicators,
			Review: a.Review, Directives: a.Directives, News: a.News, TrackPerMinute: cfg.TrackPerMinute, Logger: log}), Web: pages,
		WebError: site.Refuse})
	return a, nil
}

// routes mounts the web packages' routes on one mux.
type routes []interface{ Register(web.Mux) }

func (rs routes) Register(mux *http.ServeMux) { rs.register(mux) }

func (rs routes) register(mux web.Mux) {
	for _, r := range rs {
		r.Register(mux)
	}
}

// PageRoutes lists the patterns of every web page ("GET /thu-tuc/{code}") as the packages
// register them, for the tests that walk every route.
func (a *App) PageRoutes() []string {
	var rec recorder
	a.web.register(&rec)
	return rec
}

// recorder is a web.Mux that keeps the patterns.
type recorder []string

func (r *recorder) HandleFunc(pattern string, _ func(http.ResponseWriter, *http.Request)) {
	*r = append(*r, pattern)
}

// pages builds the web site and the pages of each audience on it.
func (a *App) pages(cfg config.Config, log *slog.Logger) (routes, *web.Site, error) {
	site, err := web.NewSite(web.Config{Org: a.Org, Identity: a.Identity, OIDC: a.OIDC, Logger: log, SecureCookies: cfg.SecureCookies})
	if err != nil {
		return nil, nil, err
	}
	pub, err := portal.New(site, portal.Deps{Catalog: a.Catalog, Calendar: a.Calendar, Dossiers: a.Dossiers, News: a.News,
		TrackPerMinute: cfg.TrackPerMinute})
	if err != nil {
		return nil, nil, err
	}
	appl, err := applicant.New(site, applicant.Deps{Catalog: a.Catalog, Org: a.Org, Identity: a.Identity, Dossiers: a.Dossiers, Workflow: a.Workflow,
		Payments: a.Payments})
	if err != nil {
		return nil, nil, err
	}
	back, err := backoffice.New(site, backoffice.Deps{Catalog: a.Catalog, Org: a.Org, Dossiers: a.Dossiers, Workflow: a.Workflow, Esign: a.Esign})
	if err != nil {
		return nil, nil, err
	}
	adm, err := admin.New(site, a.Calendar, a.Queue)
	if err != nil {
		return nil, nil, err
	}
	bp, err := billpages.New(site, billpages.Deps{Bills: a.Bills})
	if err != nil {
		return nil, nil, err
	}
	ver, err := verify.New(site, verify.Deps{Esign: a.Esign})
	if err != nil {
		return nil, nil, err
	}
	pay, err := payments.New(site, payments.Deps{Payments: a.Payments, Esign: a.Esign})
	if err != nil {
		return nil, nil, err
	}
	acct, err := accounts.New(site, accounts.Deps{Payments: a.Payments, Refunds: a.Refunds})
	if err != nil {
		return nil, nil, err
	}
	dash, err := dashboard.New(site, dashboard.Deps{Reports: a.Reports, Org: a.Org})
	if err != nil {
		return nil, nil, err
	}
	ind, err := indpages.New(site, indpages.Deps{Indicators: a.Indicators})
	if err != nil {
		return nil, nil, err
	}
	rev, err := reviewpages.New(site, reviewpages.Deps{Review: a.Review, Catalog: a.Catalog})
	if err != nil {
		return nil, nil, err
	}
	dirs, err := directivepages.New(site, directivepages.Deps{Directives: a.Directives, Dossiers: a.Dossiers})
	if err != nil {
		return nil, nil, err
	}
	np, err := newspages.New(site, newspages.Deps{News: a.News, Catalog: a.Catalog, BaseURL: cfg.BaseURL})
	if err != nil {
		return nil, nil, err
	}
	rs := routes{site, pub, appl, back, adm, bp, ver, pay, acct, dash, ind, rev, dirs, np}
	if a.Sandbox != nil {
		rs = append(rs, sandboxRoutes{a.Sandbox})
	}
	return rs, site, nil
}

// signingKeys is where results and receipts are signed from: the PKCS#12 file or the PKCS#11
// token when configured (config allows one), else in demo mode the test CA kept in the
// database; nil otherwise (nothing is signed).
func signingKeys(cfg config.Config, a *App) (esign.Keys, error) {
	switch {
	case cfg.SignP12 != "":
		return esign.LoadP12(cfg.SignP12, cfg.SignP12Password)
	case cfg.SignPKCS11Module != "":
		t, err := esign.OpenPKCS11(esign.PKCS11Config{Module: cfg.SignPKCS11Module, Token: cfg.SignPKCS11Token,
			PIN: cfg.SignPKCS11PIN, Key: cfg.SignPKCS11Key, Chain: cfg.SignPKCS11Chain})
		if err != nil {
			return nil, err
		}
		a.token = t
		return t, nil
	case cfg.Demo:
		return &esign.Demo{DB: a.DB, Org: a.Org}, nil
	}
	return nil, nil
}

// openPayments builds the ledger and wires it: fees are raised at the process's fee point
// (dossier's submission hook and workflow's Fees), and the VNPay terminal is the configured one.
// Without one the ledger offers no VNPay; the built-in sandbox supplies the demo's terminal.
func (a *App) openPayments(ctx context.Context, cfg config.Config, base string, links dossier.Links) error {
	var m *vnpay.Merchant
	if vc := cfg.VNPay(); vc != nil {
		var err error
		if m, err = vnpay.New(*vc); err != nil {
			return err
		}
	}
	a.Payments = payment.NewStore(payment.Config{DB: a.DB, Dossiers: a.Dossiers, Catalog: a.Catalog, Org: a.Org,
		Calendar: a.Calendar, Merchant: m, ReturnURL: base + payments.ReturnPath, Links: links})
	a.Dossiers.OnSubmit = a.Workflow.Submitted
	a.Workflow.Fees = a.Payments
	a.Payments.Register(payment.KindBill, a.Bills)
	a.Refunds = refund.New(a.DB, a.Payments)
	secrets, err := payment.ParseBankSecrets(cfg.BankWebhookSecret)
	if err != nil {
		return err
	}
	a.Payments.SetBankSecrets(secrets)
	if cfg.Demo {
		return a.Payments.SeedDemoAccounts(ctx)
	}
	return nil
}

// openBlobs opens the store of uploaded files: an S3-compatible bucket when configured,
// otherwise files under --data.
func openBlobs(ctx context.Context, cfg config.Config) (dossier.BlobStore, error) {
	if cfg.S3Endpoint != "" {
		return dossier.NewS3Store(ctx, dossier.S3Config{Endpoint: cfg.S3Endpoint, Bucket: cfg.S3Bucket, AccessKey: cfg.S3AccessKey,
			SecretKey: cfg.S3SecretKey, Region: cfg.S3Region, TLS: cfg.S3TLS, Prefix: "files/"})
	}
	return dossier.DiskStore{Dir: filepath.Join(cfg.Data, "files")}, nil
}

// auditCalendar records calendar changes in the audit log, in the change's transaction.
func auditCalendar(ctx context.Context, tx *db.Tx, by calendar.Actor, action, object string, detail map[string]any) error {
	return audit.Append(ctx, tx, audit.Entry{ActorID: by.ID, Actor: by.Username, Action: action, Object: object, Detail: detail})
}

// Close releases the database (and the signing token).
func (a *App) Close() error {
	if a.token != nil {
		_ = a.token.Close() // the process is ending; the database's error is the one to report
	}
	return a.DB.Close()
}

// viewFlush is how often the article views counted in memory are written (CONTRACT: views
// may lag by a few seconds).
const viewFlush = 5 * time.Second

// Serve serves HTTP on ln and runs the background jobs until ctx ends, then shuts down
// gracefully, letting in-flight requests finish within the configured timeout.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // large uploads on slow mobile links
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	var wg sync.WaitGroup
	jobs, stopJobs := context.WithCancel(ctx)
	defer stopJobs()
	wg.Go(func() { a.Queue.Run(jobs) })
	// Views are flushed every few seconds and once more after the last request (stopJobs
	// follows srv.Shutdown).
	wg.Go(func() { a.News.Views().Run(jobs, viewFlush, a.Log) })

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.Log.Info("motcua serving", "addr", ln.Addr().String(), "engine", a.DB.Engine)
	select {
	case err := <-errc:
		stopJobs()
		wg.Wait()
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down", "grace", a.Cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), a.Cfg.ShutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	stopJobs()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// Notifier returns the notifications' sender: SMTP and the SMS gateway when configured,
// otherwise senders that only log, so a development server shows what it would send.
func (a *App) Notifier() *notify.Sender {
	var mailer notify.Mailer = notify.LogMailer{Logger: a.Log}
	if a.Cfg.SMTPAddr != "" {
		mailer = &notify.SMTPMailer{Addr: a.Cfg.SMTPAddr, From: a.Cfg.SMTPFrom, Username: a.Cfg.SMTPUsername,
			Password: a.Cfg.SMTPPassword, TLS: notify.TLSMode(a.Cfg.SMTPTLS)}
	}
	var sms notify.SMSSender = notify.LogSMS{Logger: a.Log}
	if a.Cfg.SMSURL != "" {
		sms = &notify.HTTPSMS{URL: a.Cfg.SMSURL, APIKey: a.Cfg.SMSAPIKey}
	}
	return &notify.Sender{DB: a.DB, Mailer: mailer, SMS: sms, Logger: a.Log}
}

// SendNotifications is the name `motcua job` knows for delivering the notifications that are
// due, once; in a server the queue delivers each as it comes.
const SendNotifications = "send-notifications"

// registerJobs registers every kind of background work on the queue, each periodic one with
// its own cadence; every periodic job can also be run once from the command line (RunJob).
func (a *App) registerJobs(gw payment.Gateway) {
	a.Queue.Register(a.Notify.Kind())
	a.Queue.Register(a.Bills.Kind()) // confirmations of paid bills to their billers
	a.Queue.Register(job.Kind{Name: "sla-sweep", Every: 10 * time.Minute, Handle: func(ctx context.Context, _ *job.Job) error {
		rep, err := a.Workflow.Sweep(ctx)
		if rep.DueSoon+rep.Overdue+rep.LateSteps > 0 {
			a.Log.Info("deadlines swept", "due_soon", rep.DueSoon, "overdue", rep.Overdue, "escalated", rep.Escalated, "late_steps", rep.LateSteps)
		}
		return err
	}})
	// The committee's tasks: reminders to agencies' leaders, escalation of overdue ones to the office.
	a.Queue.Register(job.Kind{Name: "directive-sweep", Every: time.Hour, Handle: func(ctx context.Context, _ *job.Job) error {
		rep, err := a.Directives.Sweep(ctx)
		if rep.DueSoon+rep.Overdue+rep.Escalated > 0 {
			a.Log.Info("directive tasks swept", "due_soon", rep.DueSoon, "overdue", rep.Overdue, "escalated", rep.Escalated)
		}
		return err
	}})
	// Pending payments are asked of the gateway (VNPay's transaction query), so none stays in
	// limbo when an IPN is lost; VietQR attempts expire unless a transfer is matched.
	a.Queue.Register(a.Payments.Job(gw))
	// VNPay refunds go to VNPay's refund API, retried while it cannot be reached.
	rf, _ := gw.(refund.Gateway)
	a.Queue.Register(a.Refunds.Job(rf))
	// Each settled payment's e-receipt is signed and stored outside the settlement's transaction.
	a.Queue.Register(a.Payments.ReceiptJob(a.issueReceipt))
	// Once a day, yesterday's ledger against VNPay's querydr and the imported statements.
	a.Queue.Register(a.Payments.DailyJob(gw))
	// Decision 766 scores of every agency's current and previous month, hourly.
	a.Queue.Register(a.Indicators.Job())
	a.Queue.Register(job.Kind{Name: "purge-notifications", Every: 24 * time.Hour, Handle: func(ctx context.Context, _ *job.Job) error {
		// Sent and failed messages are kept 90 days for the applicant's history.
		n, err := notify.Purge(ctx, a.DB, time.Now().AddDate(0, 0, -90))
		if n > 0 {
			a.Log.Info("old notifications purged", "count", n)
		}
		return err
	}})
	a.Queue.Register(job.Kind{Name: "purge-credentials", Every: time.Hour, Handle: func(ctx context.Context, _ *job.Job) error {
		if n, err := a.Identity.PurgeSignUps(ctx); err != nil {
			return err
		} else if n > 0 {
			a.Log.Info("expired sign-ups and codes purged", "count", n)
		}
		n, err := a.Identity.PurgeExpired(ctx)
		if n > 0 {
			a.Log.Info("expired sessions and tokens purged", "count", n)
		}
		return err
	}})
	a.Queue.Register(job.Kind{Name: "purge-jobs", Every: 24 * time.Hour, Handle: func(ctx context.Context, _ *job.Job) error {
		// Finished jobs are kept as long as the notifications they delivered.
		n, err := a.Queue.Purge(ctx, time.Now().AddDate(0, 0, -90))
		if n > 0 {
			a.Log.Info("old jobs purged", "count", n)
		}
		return err
	}})
}

// RunJob runs one job once in this process: a periodic kind by name, or SendNotifications.
func (a *App) RunJob(ctx context.Context, name string) error {
	if name == SendNotifications {
		n, err := a.Queue.Work(ctx, notify.Kind)
		if n > 0 {
			a.Log.Info("notifications sent", "count", n)
		}
		return err
	}
	k, ok := a.Queue.Kind(name)
	if !ok || k.Every == 0 {
		return fmt.Errorf("job: unknown job %q", name)
	}
	return a.Queue.RunNow(ctx, name)
}

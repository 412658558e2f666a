// Package accounts is the accountant's pages (kế toán; no script needed): the review queue with
// a resolution form per item, importing a bank statement of the agency's collection account,
// a payment with its ledger events and refunds (and a refund form), and the daily collection
// report with its XLSX download. The rules are internal/payment's; administrators see every
// agency's.
package accounts

import (
	"bytes"
	"embed"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/payment/refund"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/internal/web"
)

//go:embed templates/*.html messages/*.json
var embedded embed.FS

var pageNames = []string{"accounts_reviews", "accounts_statement", "accounts_payment", "accounts_report"}

// Paths of the pages.
const (
	HomePath      = "/ke-toan" // the review queue
	StatementPath = "/ke-toan/sao-ke"
	ReportPath    = "/ke-toan/bao-cao"
	ReportXLSX    = "/ke-toan/bao-cao.xlsx"
)

// PaymentURL is a payment's page for the accountant.
func PaymentURL(id string) string { return "/ke-toan/giao-dich/" + id }

// Deps are the stores the pages use.
type Deps struct {
	Payments *payment.Store
	Refunds  *refund.Store // closing VietQR refunds by hand; nil: no such form
}

// Handler serves the accountant's pages.
type Handler struct {
	*web.Pages
	site    *web.Site
	pay     *payment.Store
	refunds *refund.Store
}

// New parses the pages with the site's layout.
func New(site *web.Site, d Deps) (*Handler, error) {
	if site == nil || d.Payments == nil {
		return nil, errors.New("accounts: the site and the payment store are required")
	}
	p, err := site.Pages(embedded, pageNames...)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: p, site: site, pay: d.Payments, refunds: d.Refunds}, nil
}

// Register mounts the pages on mux.
func (h *Handler) Register(mux web.Mux) {
	mux.HandleFunc("GET "+HomePath, h.reviews)
	mux.HandleFunc("POST /ke-toan/doi-soat/{id}", h.resolve)
	mux.HandleFunc("GET "+StatementPath, h.statementForm)
	mux.HandleFunc("POST "+StatementPath, h.statement)
	mux.HandleFunc("GET /ke-toan/giao-dich/{id}", h.payment)
	mux.HandleFunc("POST /ke-toan/giao-dich/{id}/hoan-tien", h.refund)
	mux.HandleFunc("POST /ke-toan/giao-dich/{id}/hoan-tien/dong", h.closeRefund)
	mux.HandleFunc("GET "+ReportPath, h.report)
	mux.HandleFunc("GET "+ReportXLSX, h.reportXLSX)
}

// IsAccountant says who the pages are for: an agency's accountant, or an administrator.
func IsAccountant(u *org.User) bool { return u.Role == org.RoleAccountant || u.IsAdmin() }

func (h *Handler) require(w http.ResponseWriter, r *http.Request, v *web.View, fallback string) (*org.User, bool) {
	return h.site.Require(w, r, v, "accountant", fallback, IsAccountant)
}

// reviewsData is the review queue.
type reviewsData struct {
	Items    []payment.Review
	Resolved bool
	Notice   string
}

func (h *Handler) reviews(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.require(w, r, v, HomePath)
	if !ok {
		return
	}
	h.renderReviews(w, r, v, u, http.StatusOK)
}

func (h *Handler) renderReviews(w http.ResponseWriter, r *http.Request, v *web.View, u *org.User, status int) {
	d := reviewsData{Resolved: r.URL.Query().Get("da-xu-ly") == "1", Notice: r.URL.Query().Get("xong")}
	items, err := h.pay.Reviews(r.Context(), u, "", d.Resolved, 200)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	d.Items = items
	v.Data = d
	h.Render(w, r, status, "accounts_reviews", v)
}

// resolve posts one item's resolution; errors show on the queue, on the item's own inputs.
func (h *Handler) resolve(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.require(w, r, v, HomePath)
	if !ok {
		return
	}
	if !web.ParseActionForm(w, r, v) {
		h.renderReviews(w, r, v, u, http.StatusBadRequest)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.site.Fail(w, r, v, apperr.NotFound("review", v.L.Text("acct.not_found")))
		return
	}
	in := payment.Resolution{Resolution: r.PostForm.Get("resolution"), Note: r.PostForm.Get("note"), Invoice: r.PostForm.Get("invoice")}
	if _, err := h.pay.Resolve(r.Context(), u, id, in); err != nil {
		e, ok := apperr.As(err)
		if !ok || e.Kind == apperr.KindNotFound || e.Kind == apperr.KindInternal || e.Kind == apperr.KindForbidden {
			h.site.Fail(w, r, v, err)
			return
		}
		sid := strconv.FormatInt(id, 10)
		v.AddErrors(e, func(path string) string {
			switch path {
			case "note", "invoice", "resolution":
				return path + "-" + sid
			}
			return ""
		})
		h.renderReviews(w, r, v, u, apperr.Status(e.Kind))
		return
	}
	http.Redirect(w, r, HomePath+"?xong="+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// statementData is the statement's page: the form, and what an import did.
type statementData struct {
	Admin  bool
	Agency string
	Report *payment.ImportReport
}

func (h *Handler) statementForm(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.require(w, r, v, StatementPath)
	if !ok {
		return
	}
	v.Data = statementData{Admin: u.IsAdmin()}
	h.Render(w, r, http.StatusOK, "accounts_statement", v)
}

// statement imports the uploaded statement, held in memory within its bound.
func (h *Handler) statement(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.require(w, r, v, StatementPath)
	if !ok {
		return
	}
	var file bytes.Buffer
	var name string
	m := web.ReadMultipart(w, r, v.L, payment.MaxStatementBytes, func(field, fname string, part io.Reader) error {
		if field != "tep" {
			return nil
		}
		name = fname
		n, err := io.Copy(&file, io.LimitReader(part, payment.MaxStatementBytes+1))
		if err == nil && n > payment.MaxStatementBytes {
			err = apperr.New(apperr.KindTooLarge, "file_too_large", v.L.Text("acct.statement.too_big", payment.MaxStatementBytes>>20))
		}
		return err
	})
	d := statementData{Admin: u.IsAdmin(), Agency: m.Values.Get("agency")}
	v.Data = d
	if len(m.Errors) > 0 {
		v.AddInOrder(m.Errors, "agency", "tep")
		h.Render(w, r, m.Status, "accounts_statement", v)
		return
	}
	if name == "" {
		v.AddError("tep", v.L.T("acct.statement.choose"))
		h.Render(w, r, http.StatusUnprocessableEntity, "accounts_statement", v)
		return
	}
	rep, err := h.pay.ImportStatement(r.Context(), u, d.Agency, name, &file)
	if err != nil {
		e, ok := apperr.As(err)
		if !ok || e.Kind == apperr.KindInternal || e.Kind == apperr.KindForbidden {
			h.site.Fail(w, r, v, err)
			return
		}
		v.AddErrors(e, func(path string) string {
			if path == "agency" {
				return "agency"
			}
			return "tep"
		})
		h.Render(w, r, apperr.Status(e.Kind), "accounts_statement", v)
		return
	}
	d.Report = rep
	v.Data = d
	h.Render(w, r, http.StatusOK, "accounts_statement", v)
}

// paymentData is a payment's page.
type paymentData struct {
	P        *payment.PaymentDetail
	Reason   string
	CanClose bool              // a pending VietQR refund the accountant marks by hand
	Close    refund.CloseInput // the close form as posted
}

func (h *Handler) payment(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.require(w, r, v, HomePath)
	if !ok {
		return
	}
	h.renderPayment(w, r, v, u, "", http.StatusOK)
}

func (h *Handler) renderPayment(w http.ResponseWriter, r *http.Request, v *web.View, u *org.User, reason string, status int) {
	h.renderPaymentClose(w, r, v, u, reason, refund.CloseInput{}, status)
}

func (h *Handler) renderPaymentClose(w http.ResponseWriter, r *http.Request, v *web.View, u *org.User, reason string, c refund.CloseInput, status int) {
	p, err := h.pay.AccountPayment(r.Context(), u, r.PathValue("id"))
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	d := paymentData{P: p, Reason: reason, Close: c}
	d.CanClose = h.refunds != nil && p.Method == payment.MethodVietQR && len(p.Refunds) > 0 && p.Refunds[0].Status == refund.Pending
	v.Data = d
	h.Render(w, r, status, "accounts_payment", v)
}

func (h *Handler) refund(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.require(w, r, v, HomePath)
	if !ok {
		return
	}
	if !web.ParseActionForm(w, r, v) {
		h.renderPayment(w, r, v, u, "", http.StatusBadRequest)
		return
	}
	reason := r.PostForm.Get("reason")
	if _, err := h.pay.RequestRefund(r.Context(), u, r.PathValue("id"), payment.RefundInput{Reason: reason}); err != nil {
		e, ok := apperr.As(err)
		if !ok || e.Kind == apperr.KindNotFound || e.Kind == apperr.KindInternal {
			h.site.Fail(w, r, v, err)
			return
		}
		v.AddErrors(e, func(string) string { return "reason" })
		h.renderPayment(w, r, v, u, reason, apperr.Status(e.Kind))
		return
	}
	http.Redirect(w, r, PaymentURL(r.PathValue("id")), http.StatusSeeOther)
}

// closeRefund marks the payment's pending VietQR refund done or rejected, with a note.
func (h *Handler) closeRefund(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.require(w, r, v, HomePath)
	if !ok {
		return
	}
	if h.refunds == nil {
		h.site.Fail(w, r, v, apperr.NotFound("refund", v.L.Text("acct.refund.none")))
		return
	}
	if !web.ParseActionForm(w, r, v) {
		h.renderPayment(w, r, v, u, "", http.StatusBadRequest)
		return
	}
	in := refund.CloseInput{Status: r.PostForm.Get("status"), Note: r.PostForm.Get("note")}
	if _, err := h.refunds.Close(r.Context(), u, r.PathValue("id"), in); err != nil {
		e, ok := apperr.As(err)
		if !ok || e.Kind == apperr.KindNotFound || e.Kind == apperr.KindInternal {
			h.site.Fail(w, r, v, err)
			return
		}
		v.AddErrors(e, func(path string) string {
			if path == "status" {
				return "close-done"
			}
			return "note"
		})
		h.renderPaymentClose(w, r, v, u, "", in, apperr.Status(e.Kind))
		return
	}
	http.Redirect(w, r, PaymentURL(r.PathValue("id")), http.StatusSeeOther)
}

// reportData is the daily collection report.
type reportData struct {
	Date string
	C    *payment.Collections
}

func (h *Handler) collections(w http.ResponseWriter, r *http.Request, v *web.View) (*payment.Collections, bool) {
	u, ok := h.require(w, r, v, ReportPath)
	if !ok {
		return nil, false
	}
	date := r.URL.Query().Get("ngay")
	if date == "" {
		date = time.Now().In(vntime.Location()).Format("2006-01-02")
	}
	c, err := h.pay.Collections(r.Context(), u, date, "")
	if err != nil {
		e, ok := apperr.As(err)
		if ok && e.Code == "invalid_date" {
			v.AddError("ngay", v.L.T("acct.report.bad_date"))
			v.Data = reportData{Date: date}
			h.Render(w, r, http.StatusBadRequest, "accounts_report", v)
			return nil, false
		}
		h.site.Fail(w, r, v, err)
		return nil, false
	}
	return c, true
}

func (h *Handler) report(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	c, ok := h.collections(w, r, v)
	if !ok {
		return
	}
	v.Data = reportData{Date: c.Date, C: c}
	h.Render(w, r, http.StatusOK, "accounts_report", v)
}

func (h *Handler) reportXLSX(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	c, ok := h.collections(w, r, v)
	if !ok {
		return
	}
	x, err := c.XLSX()
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="bao-cao-thu-`+c.Date+`.xlsx"`)
	_, _ = w.Write(x)
}

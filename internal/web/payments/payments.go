// Package payments is the payer's pages (phone first, no script needed): a dossier's fees with
// their legal basis and the pay button (VNPay or VietQR), starting a payment, the VietQR
// transfer with its QR code, the page the payer comes back to from VNPay (which shows what the
// ledger knows, never what the URL says), "my payments" (fees and bills) and the signed
// e-receipt of each payment that paid its invoice. Officers of the handling agency see a
// dossier's fees page and download its receipts too.
package payments

import (
	"embed"
	"encoding/base64"
	"errors"
	"html/template"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/esign"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/vietqr"
	"github.com/motcua/motcua/internal/web"
)

//go:embed templates/*.html messages/*.json
var embedded embed.FS

var pageNames = []string{"invoices", "attempt", "mine", "failed", "receipt_pending"}

// Paths of the pages.
const (
	MinePath   = "/thanh-toan"
	ReturnPath = "/thanh-toan/ket-qua" // VNPay's vnp_ReturnUrl: the app builds it from the base URL
)

// FeesURL is a dossier's fees page.
func FeesURL(code string) string { return "/thanh-toan/ho-so/" + code }

// AttemptURL is a payment's page.
func AttemptURL(id string) string { return "/thanh-toan/" + id }

// ReceiptURL is the download of a payment's signed e-receipt.
func ReceiptURL(id string) string { return "/thanh-toan/bien-lai/" + id }

// Deps are the stores the pages use.
type Deps struct {
	Payments *payment.Store
	Esign    *esign.Store // the e-receipts; nil: none offered
}

// Handler serves the payment pages.
type Handler struct {
	*web.Pages
	site *web.Site
	pay  *payment.Store
	sign *esign.Store
}

// New parses the pages with the site's layout.
func New(site *web.Site, d Deps) (*Handler, error) {
	if site == nil || d.Payments == nil {
		return nil, errors.New("payments: the site and the payment store are required")
	}
	p, err := site.Pages(embedded, pageNames...)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: p, site: site, pay: d.Payments, sign: d.Esign}, nil
}

// Register mounts the pages on mux.
func (h *Handler) Register(mux web.Mux) {
	mux.HandleFunc("GET "+MinePath, h.mine)
	mux.HandleFunc("POST "+MinePath, h.start)
	mux.HandleFunc("GET /thanh-toan/ho-so/{code}", h.invoices)
	mux.HandleFunc("GET "+ReturnPath, h.returned)
	mux.HandleFunc("GET /thanh-toan/{id}", h.attempt)
	if h.sign != nil {
		mux.HandleFunc("GET "+ReceiptURL("{id}"), h.receipt)
	}
}

// invoicesData is a dossier's fees page.
type invoicesData struct {
	Code     string
	Invoices []payment.Invoice
	CanPay   bool // the viewer is the payer of an unpaid invoice
	Officer  bool
	Receipts bool // e-receipts are issued
	Back     string
}

func (h *Handler) invoices(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	code := r.PathValue("code")
	u, ok := h.site.Require(w, r, v, "", "", web.Anyone)
	if !ok {
		return
	}
	invs, err := h.pay.DossierInvoices(r.Context(), u, code)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	d := invoicesData{Code: code, Invoices: invs, Officer: u.Role.Officer(), Back: web.DossierURL(code), Receipts: h.sign != nil}
	if d.Officer {
		d.Back = web.OfficerURL(code)
	}
	for _, inv := range invs {
		if inv.Status == payment.InvoiceUnpaid && inv.PayerID == u.ID {
			d.CanPay = true
		}
	}
	v.Data = d
	h.Render(w, r, http.StatusOK, "invoices", v)
}

// failedData is the page of a payment that could not start.
type failedData struct {
	Back string
}

// start creates an attempt from the form (invoice or bill, method): VNPay sends the payer to
// the gateway, VietQR to the transfer's page.
func (h *Handler) start(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "", MinePath, web.Anyone)
	if !ok {
		return
	}
	if !web.ParseActionForm(w, r, v) {
		v.Data = failedData{Back: MinePath}
		h.Render(w, r, http.StatusBadRequest, "failed", v)
		return
	}
	back := MinePath
	if code := r.PostForm.Get("ho_so"); code != "" && !strings.ContainsAny(code, "/?#\\") {
		back = FeesURL(code)
	}
	locale := "vn"
	if v.Lang == "en" {
		locale = "en"
	}
	in := payment.PayInput{Invoice: r.PostForm.Get("invoice"), Bill: r.PostForm.Get("bill"), Method: r.PostForm.Get("method")}
	st, err := h.pay.Pay(r.Context(), u, in, web.ClientIP(r), locale)
	if err != nil {
		e, ok := apperr.As(err)
		if !ok || e.Kind == apperr.KindNotFound || e.Kind == apperr.KindInternal {
			h.site.Fail(w, r, v, err)
			return
		}
		v.AddFieldErrors(e, "method")
		v.Data = failedData{Back: back}
		h.Render(w, r, apperr.Status(e.Kind), "failed", v)
		return
	}
	if st.RedirectURL != "" {
		http.Redirect(w, r, st.RedirectURL, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, AttemptURL(st.ID), http.StatusSeeOther)
}

// attemptData is a payment's page.
type attemptData struct {
	A        *payment.Attempt
	QR       template.URL // the VietQR code as a data: URL, while the transfer is awaited
	Transfer *payment.Transfer
	Returned bool // the payer came back from VNPay
	Receipts bool // e-receipts are issued
	Back     string
}

func (h *Handler) attempt(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "citizen", "", web.Anyone)
	if !ok {
		return
	}
	a, err := h.pay.Payment(r.Context(), u, r.PathValue("id"))
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	h.renderAttempt(w, r, v, u, a, false)
}

func (h *Handler) renderAttempt(w http.ResponseWriter, r *http.Request, v *web.View, u *org.User, a *payment.Attempt, returned bool) {
	d := attemptData{A: a, Returned: returned, Back: MinePath, Receipts: h.sign != nil}
	if a.Kind == payment.KindFee {
		d.Back = FeesURL(a.Ref)
	}
	if a.Method == payment.MethodVietQR && a.Status == payment.StatusPending {
		t, err := h.pay.Transfer(r.Context(), u, a.ID)
		if err != nil {
			h.site.Fail(w, r, v, err)
			return
		}
		img, err := vietqr.PNG(t.Payload, 6)
		if err != nil {
			h.site.Fail(w, r, v, err)
			return
		}
		d.Transfer, d.QR = t, template.URL("data:image/png;base64,"+base64.StdEncoding.EncodeToString(img))
	}
	v.Data = d
	h.Render(w, r, http.StatusOK, "attempt", v)
}

// returned is VNPay's return URL: the signature is checked and the visit recorded, and the page
// shows the attempt as the ledger knows it (the IPN, not the browser, settles a payment).
func (h *Handler) returned(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "citizen", "", web.Anyone)
	if !ok {
		return
	}
	a, err := h.pay.Return(r.Context(), u, r.URL.Query())
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	h.renderAttempt(w, r, v, u, a, true)
}

// mineData is "my payments".
type mineData struct {
	Items    []payment.Attempt
	Total    int
	Receipts bool // e-receipts are issued
}

func (h *Handler) mine(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "citizen", "", web.Anyone)
	if !ok {
		return
	}
	items, total, err := h.pay.Mine(r.Context(), u, 1, 100)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	v.Data = mineData{Items: items, Total: total, Receipts: h.sign != nil}
	h.Render(w, r, http.StatusOK, "mine", v)
}

// receipt downloads a payment's signed e-receipt: its payer and the payee agency's officers
// (payment.Store.Receipted, esign.MayRead); 409 until the queue has signed it.
func (h *Handler) receipt(w http.ResponseWriter, r *http.Request) {
	v := h.NewView(w, r)
	u, ok := h.site.Require(w, r, v, "", "", web.Anyone)
	if !ok {
		return
	}
	a, err := h.pay.Receipted(r.Context(), u, r.PathValue("id"))
	if errors.Is(err, payment.ErrReceiptNotIssued()) {
		v.Data = failedData{Back: AttemptURL(r.PathValue("id"))}
		if u.Role.Officer() {
			v.Data = failedData{Back: MinePath}
		}
		h.Render(w, r, http.StatusConflict, "receipt_pending", v)
		return
	}
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	doc, err := h.sign.ReceiptOf(r.Context(), a.ID)
	if apperr.KindOf(err) == apperr.KindNotFound || errors.Is(err, payment.ErrReceiptNotIssued()) {
		// Signed on the queue seconds after the payment: say so, and where to come back from.
		v.Data = failedData{Back: AttemptURL(a.ID)}
		h.Render(w, r, http.StatusConflict, "receipt_pending", v)
		return
	}
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	f, err := h.sign.Open(r.Context(), u, doc)
	if err != nil {
		h.site.Fail(w, r, v, err)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Length", strconv.FormatInt(doc.Size(), 10))
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": doc.Name()}))
	w.Header().Set("Cache-Control", "private, no-store")
	io.Copy(w, f)
}

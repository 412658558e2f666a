package api

import (
	"net/http"
	"time"

	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/vnpay"
)

// invoiceJSON is an invoice on the wire (CONTRACT.md "Payments").
type invoiceJSON struct {
	ID          string         `json:"id"`
	Kind        string         `json:"kind"`
	Ref         string         `json:"ref"`
	Payee       string         `json:"payee"`
	Description string         `json:"description"`
	AmountVND   int64          `json:"amount_vnd"`
	Lines       []payment.Line `json:"lines"`
	Status      string         `json:"status"`
	PaymentID   string         `json:"payment_id,omitempty"`
	CreatedAt   time.Time      `json:"created_at"`
	PaidAt      *time.Time     `json:"paid_at,omitempty"`
}

func invoiceOut(inv payment.Invoice) invoiceJSON {
	lines := inv.Lines
	if lines == nil {
		lines = []payment.Line{}
	}
	return invoiceJSON{ID: inv.ID, Kind: inv.Kind, Ref: inv.Ref, Payee: inv.Payee, Description: inv.Description,
		AmountVND: inv.AmountVND, Lines: lines, Status: inv.Status, PaymentID: inv.PaymentID, CreatedAt: inv.CreatedAt, PaidAt: inv.PaidAt}
}

// paymentJSON is a payment attempt on the wire.
type paymentJSON struct {
	ID          string     `json:"id"`
	Invoice     string     `json:"invoice"`
	Kind        string     `json:"kind"` // fee | bill
	Ref         string     `json:"ref"`  // the dossier code or the bill id
	Description string     `json:"description"`
	Method      string     `json:"method"`
	AmountVND   int64      `json:"amount_vnd"`
	Status      string     `json:"status"`
	Counted     bool       `json:"counted"` // false for a second payment of a paid invoice (refunded)
	CreatedAt   time.Time  `json:"created_at"`
	ExpiresAt   time.Time  `json:"expires_at"`
	SettledAt   *time.Time `json:"settled_at,omitempty"`
}

func paymentOut(a payment.Attempt) paymentJSON {
	return paymentJSON{ID: a.ID, Invoice: a.InvoiceID, Kind: a.Kind, Ref: a.Ref, Description: a.Description, Method: a.Method,
		AmountVND: a.AmountVND, Status: a.Status, Counted: a.Counted, CreatedAt: a.CreatedAt, ExpiresAt: a.ExpiresAt, SettledAt: a.SettledAt}
}

var dossierInvoices = signedIn(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	invs, err := h.pay.DossierInvoices(r.Context(), u, r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	out := make([]invoiceJSON, len(invs))
	for i, inv := range invs {
		out[i] = invoiceOut(inv)
	}
	return listOf(out, nil)
})

var createPayment = withBody(http.StatusCreated, func(h *Handler, r *http.Request, u *org.User, in payment.PayInput) (any, error) {
	locale := "vn"
	if english(r) {
		locale = "en"
	}
	return h.pay.Pay(r.Context(), u, in, clientIP(r), locale)
})

// listPayments answers ?mine=1 (the only list there is) with the caller's own payments.
var listPayments = signedIn(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	p, pp, err := page(r)
	if err != nil {
		return nil, err
	}
	items, total, err := h.pay.Mine(r.Context(), u, p, pp)
	if err != nil {
		return nil, err
	}
	out := make([]paymentJSON, len(items))
	for i, a := range items {
		out[i] = paymentOut(a)
	}
	return list[paymentJSON]{Items: out, Total: total}, nil
})

var getPayment = signedIn(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	a, err := h.pay.Payment(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return paymentOut(*a), nil
})

// vnpayIPN answers VNPay's server-to-server notification in VNPay's own protocol: always 200
// with {"RspCode","Message"}, never the API's envelope, since VNPay reads only these.
func (h *Handler) vnpayIPN(w http.ResponseWriter, r *http.Request) {
	if h.pay == nil {
		writeJSON(w, http.StatusOK, vnpay.ReplyUnknownError)
		return
	}
	writeJSON(w, http.StatusOK, h.pay.IPN(r.Context(), r.URL.Query()))
}

// withPayments answers 404 for the payment routes of a server without a ledger.
func withPayments(fn handlerFunc) handlerFunc {
	return func(h *Handler, w http.ResponseWriter, r *http.Request) {
		if h.pay == nil {
			h.notFound(w, r)
			return
		}
		fn(h, w, r)
	}
}

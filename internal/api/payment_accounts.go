package api

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/vntime"
)

// The accountant's routes (issue 12): statements, the bank's webhook, the review queue, refunds
// and the daily collection report. The rules are payment's; these only carry them.

// statementBody bounds an uploaded statement: the file and its multipart framing.
const statementBody = payment.MaxStatementBytes + uploadSlack

func init() { bodyLimits["POST /payments/statements"] = statementBody }

// importStatement takes a CSV or XLSX statement (raw, or the multipart part "file") of the
// collection account of ?agency= (the accountant's own by default).
func (h *Handler) importStatement(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	name := r.URL.Query().Get("filename")
	var body io.Reader = r.Body
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "multipart/form-data" {
		f, hdr, err := r.FormFile("file")
		if err != nil {
			h.error(w, r, apperr.New(apperr.KindInvalid, "missing_file", msgs.Text("missing_file")))
			return
		}
		defer f.Close()
		name, body = hdr.Filename, f
	}
	rep, err := h.pay.ImportStatement(r.Context(), u, r.URL.Query().Get("agency"), name, body)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		err = apperr.New(apperr.KindTooLarge, "body_too_large", msgs.Text("body_too_large.file_too_large"))
	}
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

// vietqrWebhook takes a bank's notification of one credit: the body signed with the bank's
// shared secret (HMAC-SHA256, X-Bank-Signature), the bank named by X-Bank-Bin.
func (h *Handler) vietqrWebhook(w http.ResponseWriter, r *http.Request) {
	data, err := io.ReadAll(r.Body) // bounded by the route
	if err != nil {
		h.error(w, r, apperr.New(apperr.KindTooLarge, "body_too_large", msgs.Text("body_too_large")))
		return
	}
	bin := r.Header.Get(payment.WebhookBankHeader)
	if err := h.pay.VerifyWebhook(bin, r.Header.Get(payment.WebhookSignatureHeader), data); err != nil {
		h.error(w, r, err)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(data))
	var in payment.WebhookCredit
	if err := decode(w, r, &in); err != nil {
		h.error(w, r, err)
		return
	}
	res, err := h.pay.Webhook(r.Context(), bin, in)
	if err != nil {
		h.error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

var listReviews = signedIn(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	q := r.URL.Query()
	return listOf(h.pay.Reviews(r.Context(), u, q.Get("agency"), q.Get("resolved") == "1", 500))
})

var resolveReview = withBody(http.StatusOK, func(h *Handler, r *http.Request, u *org.User, in payment.Resolution) (any, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, apperr.NotFound("review", msgs.Text("review_not_found"))
	}
	return h.pay.Resolve(r.Context(), u, id, in)
})

var requestRefund = withBody(http.StatusCreated, func(h *Handler, r *http.Request, u *org.User, in payment.RefundInput) (any, error) {
	return h.pay.RequestRefund(r.Context(), u, r.PathValue("id"), in)
})

// paymentLedgerJSON is an attempt with its ledger events and refunds, for its agency's accountant.
type paymentLedgerJSON struct {
	paymentJSON
	Agency  string            `json:"agency,omitempty"`
	Events  []ledgerEventJSON `json:"events"`
	Refunds []payment.Refund  `json:"refunds"`
}

type ledgerEventJSON struct {
	At       time.Time `json:"at"`
	Source   string    `json:"source"`
	Verified bool      `json:"verified"`
	Outcome  string    `json:"outcome"`
}

var paymentLedger = signedIn(http.StatusOK, func(h *Handler, r *http.Request, u *org.User) (any, error) {
	d, err := h.pay.AccountPayment(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	out := paymentLedgerJSON{paymentJSON: paymentOut(d.Attempt), Agency: d.AgencyCode, Events: []ledgerEventJSON{}, Refunds: d.Refunds}
	for _, e := range d.Events {
		out.Events = append(out.Events, ledgerEventJSON{At: e.At, Source: e.Source, Verified: e.Verified, Outcome: e.Outcome})
	}
	return out, nil
})

// collections answers the daily collection report, JSON or (?format=xlsx) a spreadsheet.
func (h *Handler) collections(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	q := r.URL.Query()
	date := q.Get("date")
	if date == "" {
		date = time.Now().In(vntime.Location()).Format("2006-01-02")
	}
	rep, err := h.pay.Collections(r.Context(), u, date, q.Get("agency"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	if q.Get("format") != "xlsx" {
		writeJSON(w, http.StatusOK, rep)
		return
	}
	x, err := rep.XLSX()
	if err != nil {
		h.error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="thu-`+date+`.xlsx"`)
	_, _ = w.Write(x)
}

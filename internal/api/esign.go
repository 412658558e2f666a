package api

import (
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/esign"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/payment"
)

// documentJSON is an issued document as the API shows it (CONTRACT.md, Payments: verify).
type documentJSON struct {
	Authentic   bool    `json:"authentic"`
	Revoked     bool    `json:"revoked"`
	Kind        string  `json:"kind,omitempty"`
	Serial      string  `json:"serial,omitempty"`
	DossierCode string  `json:"dossier_code,omitempty"`
	Agency      string  `json:"agency,omitempty"`
	AgencyCode  string  `json:"agency_code,omitempty"`
	IssuedAt    string  `json:"issued_at,omitempty"`
	RevokedAt   *string `json:"revoked_at,omitempty"`
	Reason      string  `json:"revocation_reason,omitempty"`
}

func newDocumentJSON(d *esign.Document) documentJSON {
	out := documentJSON{Authentic: true, Revoked: d.Revoked(), Kind: string(d.Kind), Serial: d.Serial, DossierCode: d.DossierCode,
		Agency: d.AgencyName, AgencyCode: d.AgencyCode, IssuedAt: d.IssuedAt.Format(time.RFC3339), Reason: d.Reason}
	if d.RevokedAt != nil {
		s := d.RevokedAt.Format(time.RFC3339)
		out.RevokedAt = &s
	}
	return out
}

// signing answers 404 where no signer is wired, as for a route that does not exist.
func (h *Handler) signing(w http.ResponseWriter, r *http.Request) bool {
	if h.sign == nil {
		h.notFound(w, r)
		return false
	}
	return true
}

// verifyDocument is public: whether a file with this SHA-256 was issued, and its state.
func (h *Handler) verifyDocument(w http.ResponseWriter, r *http.Request) {
	if !h.signing(w, r) {
		return
	}
	v, err := h.sign.Verify(r.Context(), r.URL.Query().Get("sha256"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	if !v.Authentic {
		writeJSON(w, http.StatusOK, documentJSON{})
		return
	}
	writeJSON(w, http.StatusOK, newDocumentJSON(v.Document))
}

// resultPDF serves a dossier's signed electronic result to its owner and the handling agency's
// officers; 409 until it is issued.
func (h *Handler) resultPDF(w http.ResponseWriter, r *http.Request) {
	if !h.signing(w, r) {
		return
	}
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	d, err := h.sign.Result(r.Context(), u, r.PathValue("code"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	h.serveDocument(w, r, u, d)
}

// serveDocument writes a registered document's PDF for a viewer who may read it.
func (h *Handler) serveDocument(w http.ResponseWriter, r *http.Request, u *org.User, d *esign.Document) {
	f, err := h.sign.Open(r.Context(), u, d)
	if err != nil {
		h.error(w, r, err)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Length", strconv.FormatInt(d.Size(), 10))
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Name()}))
	w.Header().Set("Cache-Control", "private, no-store")
	io.Copy(w, f)
}

// revokeInput is the body of a revocation.
type revokeInput struct {
	Reason string `json:"reason"`
}

// revokeDocument revokes an issued document: a leader of the issuing agency or an administrator.
var revokeDocument = withBody(http.StatusOK, func(h *Handler, r *http.Request, u *org.User, in revokeInput) (any, error) {
	if h.sign == nil {
		return nil, apperr.New(apperr.KindNotFound, "route_not_found", msgs.Text("route_not_found"))
	}
	d, err := h.sign.Revoke(r.Context(), u, r.PathValue("serial"), in.Reason)
	if err != nil {
		return nil, err
	}
	return newDocumentJSON(d), nil
})

// paymentReceipt serves a payment's signed e-receipt to its payer and the payee agency's
// officers; 409 receipt_not_issued until it is signed (the queue issues it seconds after the
// payment is settled).
func (h *Handler) paymentReceipt(w http.ResponseWriter, r *http.Request) {
	if !h.signing(w, r) {
		return
	}
	u, err := requireUser(r)
	if err != nil {
		h.error(w, r, err)
		return
	}
	a, err := h.pay.Receipted(r.Context(), u, r.PathValue("id"))
	if err != nil {
		h.error(w, r, err)
		return
	}
	d, err := h.sign.ReceiptOf(r.Context(), a.ID)
	if apperr.KindOf(err) == apperr.KindNotFound {
		err = payment.ErrReceiptNotIssued()
	}
	if err != nil {
		h.error(w, r, err)
		return
	}
	h.serveDocument(w, r, u, d)
}

package api

import (
	"net/http"

	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/payment/refund"
)

// closeRefund marks a VietQR refund done (the accountant transferred the money back) or
// rejected, with a note; a VNPay refund is closed by VNPay's answer (409 refund_by_gateway).
func closeRefund(h *Handler, w http.ResponseWriter, r *http.Request) {
	if h.refunds == nil {
		h.notFound(w, r)
		return
	}
	closeRefundBody(h, w, r)
}

var closeRefundBody = withBody(http.StatusOK, func(h *Handler, r *http.Request, u *org.User, in refund.CloseInput) (any, error) {
	return h.refunds.Close(r.Context(), u, r.PathValue("id"), in)
})

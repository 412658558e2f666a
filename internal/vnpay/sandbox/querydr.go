package sandbox

import (
	"errors"
	"io"
	"net/http"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/vnpay"
	"github.com/motcua/motcua/internal/vntime"
)

// The messages of querydr's answers, in VNPay's words.
var queryMessages = map[string]string{
	vnpay.QueryOK:          "Yêu cầu thành công",
	vnpay.QueryBadTerminal: "Mã định danh kết nối không hợp lệ (kiểm tra lại TmnCode)",
	vnpay.QueryBadFormat:   "Dữ liệu gửi sang không đúng định dạng",
	vnpay.QueryNotFound:    "Không tìm thấy giao dịch yêu cầu",
	vnpay.QueryBadChecksum: "Checksum không hợp lệ",
	vnpay.QueryOther:       "Các lỗi khác",
}

// queryDR answers VNPay's transaction API: a refund (refund.go), or the query from the table.
// An attempt is named by its vnp_TxnRef and its vnp_CreateDate (vnp_TransactionDate), and vnp_TransactionNo when given, as
// at VNPay; vnp_RequestId is not checked for repeats (VNPay's 94). A pending attempt past its
// vnp_ExpireDate is reported failed (02), since the payer can no longer finish it.
func (s *Sandbox) queryDR(w http.ResponseWriter, r *http.Request) {
	if s.down() {
		http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
		return
	}
	res := vnpay.QueryResult{ResponseID: newID(), ResponseCode: vnpay.QueryOther}
	refund := false
	defer func() {
		if refund {
			return // answered by s.refund
		}
		res.Message = queryMessages[res.ResponseCode]
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(s.gw.QueryAnswer(res))
	}()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 16<<10))
	if err != nil {
		res.ResponseCode = vnpay.QueryBadFormat
		return
	}
	if vnpay.Command(body) == vnpay.CommandRefund {
		refund = true
		s.refund(w, r, body)
		return
	}
	q, err := s.gw.ReadQuery(body)
	if err != nil {
		res.ResponseCode = vnpay.QueryCode(err)
		return
	}
	t, err := s.load(r.Context(), s.db, q.TxnRef)
	switch {
	case errors.Is(err, db.ErrNotFound) || err == nil && (t.CreateDate != q.TransactionDate.In(vntime.Location()).Format(vnpay.DateLayout) ||
		q.TransactionNo != "" && q.TransactionNo != t.payment().TransactionNo):
		res.ResponseCode, res.TxnRef = vnpay.QueryNotFound, q.TxnRef
		return
	case err != nil:
		s.log.ErrorContext(r.Context(), "sandbox: querydr", "txn_ref", q.TxnRef, "err", err)
		return
	}
	p := t.payment()
	res = vnpay.QueryResult{ResponseID: res.ResponseID, ResponseCode: vnpay.QueryOK, TxnRef: t.TxnRef,
		AmountVND: t.AmountVND, OrderInfo: t.OrderInfo, BankCode: t.BankCode, PayDate: t.PayDate,
		TransactionNo: p.TransactionNo, TransactionType: vnpay.TransactionPayment, TransactionStatus: t.Status}
	switch {
	case t.Status == statusPending && !s.now().Before(t.ExpireAt):
		res.TransactionStatus = statusFailed
	case t.RefundVND > 0:
		res.TransactionType, res.TransactionStatus = vnpay.RefundFull, statusRefunded
		if t.RefundVND < t.AmountVND {
			res.TransactionType = vnpay.RefundPartial
		}
	}
}

package sandbox

import (
	"errors"
	"net/http"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/vnpay"
	"github.com/motcua/motcua/internal/vntime"
)

// The messages of the refund API's answers, in VNPay's words.
var refundMessages = map[string]string{
	vnpay.RefundOK:          "Yêu cầu thành công",
	vnpay.RefundBadTerminal: "Mã định danh kết nối không hợp lệ (kiểm tra lại TmnCode)",
	vnpay.RefundBadFormat:   "Dữ liệu gửi sang không đúng định dạng",
	vnpay.RefundNotFound:    "Không tìm thấy giao dịch yêu cầu hoàn trả",
	vnpay.RefundAlready:     "Giao dịch đã được gửi yêu cầu hoàn tiền trước đó. Yêu cầu này VNPAY đang xử lý",
	vnpay.RefundRefused:     "Giao dịch này không thành công bên VNPAY. VNPAY từ chối xử lý yêu cầu",
	vnpay.RefundBadChecksum: "Checksum không hợp lệ",
	vnpay.RefundOther:       "Các lỗi khác",
}

// refund answers a refund request (vnp_Command refund on the transaction endpoint): a paid
// transaction is refunded once, of at most its amount (a full refund, 02, of exactly it), and
// querydr reports it refunded from then on. A second refund of it is 94, an unpaid one 95, an
// unknown one (or one named with another date or number) 91; a larger amount is 03.
func (s *Sandbox) refund(w http.ResponseWriter, r *http.Request, body []byte) {
	res := vnpay.RefundResult{ResponseID: newID(), ResponseCode: vnpay.RefundOther}
	defer func() {
		res.Message = refundMessages[res.ResponseCode]
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(s.gw.RefundAnswer(res))
	}()
	q, err := s.gw.ReadRefund(body)
	if err != nil {
		res.ResponseCode = vnpay.QueryCode(err) // the same codes: 97, 02, 03, 99
		return
	}
	res.TxnRef = q.TxnRef
	ctx := r.Context()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		t, err := scanTxn(tx.QueryRow(ctx, `SELECT `+txnColumns+` FROM vnpay_sandbox_txns
			WHERE tmn_code = ? AND txn_ref = ?`+tx.ForUpdate(), s.gw.TmnCode(), q.TxnRef))
		switch {
		case errors.Is(err, db.ErrNotFound) || err == nil && (t.CreateDate != q.TransactionDate.In(vntime.Location()).Format(vnpay.DateLayout) ||
			q.TransactionNo != "" && q.TransactionNo != t.payment().TransactionNo):
			res.ResponseCode = vnpay.RefundNotFound
			return nil
		case err != nil:
			return err
		case t.RefundVND > 0:
			res.ResponseCode = vnpay.RefundAlready
			return nil
		case t.Status != statusPaid:
			res.ResponseCode = vnpay.RefundRefused
			return nil
		case q.AmountVND > t.AmountVND || q.Type == vnpay.RefundFull && q.AmountVND != t.AmountVND:
			res.ResponseCode = vnpay.RefundBadFormat
			return nil
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `UPDATE vnpay_sandbox_txns SET refund_vnd = ?, refund_at = ? WHERE id = ? AND refund_vnd = 0`,
			q.AmountVND, now, t.No); err != nil {
			return err
		}
		p := t.payment()
		res = vnpay.RefundResult{ResponseID: res.ResponseID, ResponseCode: vnpay.RefundOK, TxnRef: t.TxnRef,
			AmountVND: q.AmountVND, OrderInfo: q.OrderInfo, BankCode: t.BankCode, PayDate: now,
			TransactionNo: p.TransactionNo, TransactionType: q.Type, TransactionStatus: statusRefunded}
		return nil
	})
	if err != nil {
		res.ResponseCode = vnpay.RefundOther
		s.log.ErrorContext(ctx, "sandbox: refund", "txn_ref", q.TxnRef, "err", err)
	}
}

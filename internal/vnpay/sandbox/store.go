package sandbox

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/vnpay"
)

// Transaction statuses (vnp_TransactionStatus).
const (
	statusPaid    = "00"
	statusPending = "01"
	statusFailed  = "02"
	// statusRefunded is how querydr reports a refunded payment: 06, the refund sent to the
	// payer's bank (standards.md §2); the table keeps 00 and the refunded amount.
	statusRefunded = "06"
)

// txn is one attempt as the gateway records it.
type txn struct {
	No           int64 // vnp_TransactionNo
	TxnRef       string
	AmountVND    int64
	OrderInfo    string
	CreateDate   string // the merchant's vnp_CreateDate, as sent
	ExpireAt     time.Time
	ReturnURL    string
	ResponseCode string // "" while pending
	Status       string
	BankCode     string
	CardType     string
	PayDate      time.Time // zero while pending
	RefundVND    int64     // refunded of it (refund API), once
}

// sameAttempt: a pay URL for this txn's vnp_TxnRef names the same attempt only with the same
// amount and creation date; anything else reuses a reference VNPay already knows.
func (t txn) sameAttempt(p vnpay.PayRequest) bool {
	return t.AmountVND == p.AmountVND && t.CreateDate == p.CreateDate
}

// payment is what the IPN and the return URL report of the txn.
func (t txn) payment() vnpay.Payment {
	no := strconv.FormatInt(t.No, 10)
	p := vnpay.Payment{
		TxnRef: t.TxnRef, AmountVND: t.AmountVND, OrderInfo: t.OrderInfo,
		ResponseCode: t.ResponseCode, TransactionStatus: t.Status, TransactionNo: no,
		BankCode: t.BankCode, CardType: t.CardType, PayDate: t.PayDate,
	}
	if t.Status == statusPaid {
		p.BankTranNo = "VNP" + no
	}
	return p
}

const txnColumns = `id, txn_ref, amount_vnd, order_info, create_date, expire_at, return_url,
	response_code, transaction_status, bank_code, card_type, pay_date, refund_vnd`

func scanTxn(row interface{ Scan(...any) error }) (txn, error) {
	var t txn
	var pay sql.NullTime
	err := row.Scan(&t.No, &t.TxnRef, &t.AmountVND, &t.OrderInfo, &t.CreateDate, &t.ExpireAt, &t.ReturnURL,
		&t.ResponseCode, &t.Status, &t.BankCode, &t.CardType, &pay, &t.RefundVND)
	if pay.Valid {
		t.PayDate = pay.Time
	}
	return t, err
}

// load reads the attempt of a reference; db.ErrNotFound when VNPay never saw it.
func (s *Sandbox) load(ctx context.Context, q db.Querier, ref string) (txn, error) {
	return scanTxn(q.QueryRow(ctx, `SELECT `+txnColumns+` FROM vnpay_sandbox_txns
		WHERE tmn_code = ? AND txn_ref = ?`, s.gw.TmnCode(), ref))
}

// open records the attempt when the payer first reaches the pay page (VNPay knows a
// transaction from then on, pending), and returns it as recorded.
func (s *Sandbox) open(ctx context.Context, tx *db.Tx, p vnpay.PayRequest, now time.Time) (txn, error) {
	_, err := tx.Exec(ctx, `INSERT INTO vnpay_sandbox_txns (tmn_code, txn_ref, amount_vnd, order_info,
		create_date, expire_at, return_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tmn_code, txn_ref) DO NOTHING`,
		s.gw.TmnCode(), p.TxnRef, p.AmountVND, p.OrderInfo, p.CreateDate, p.ExpireAt, p.ReturnURL, now)
	if err != nil {
		return txn{}, err
	}
	return scanTxn(tx.QueryRow(ctx, `SELECT `+txnColumns+` FROM vnpay_sandbox_txns
		WHERE tmn_code = ? AND txn_ref = ?`+tx.ForUpdate(), s.gw.TmnCode(), p.TxnRef))
}

// finish records the payer's result on a pending attempt; false when it was already finished.
func (s *Sandbox) finish(ctx context.Context, tx *db.Tx, t *txn) (bool, error) {
	res, err := tx.Exec(ctx, `UPDATE vnpay_sandbox_txns SET response_code = ?, transaction_status = ?,
		bank_code = ?, card_type = ?, pay_date = ? WHERE id = ? AND transaction_status = ?`,
		t.ResponseCode, t.Status, t.BankCode, t.CardType, t.PayDate, t.No, statusPending)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

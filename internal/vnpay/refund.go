package vnpay

// refund, VNPay's refund API: the same endpoint as querydr (merchant_webapi/api/transaction, JSON
// POST), vnp_Command "refund". Both directions sign the values joined with | in a fixed order:
//   - request: vnp_RequestId|vnp_Version|vnp_Command|vnp_TmnCode|vnp_TransactionType|vnp_TxnRef|
//     vnp_Amount|vnp_TransactionNo|vnp_TransactionDate|vnp_CreateBy|vnp_CreateDate|vnp_IpAddr|
//     vnp_OrderInfo (VNPay's docs, sandbox.vnpayment.vn/apis/docs/truy-van-hoan-tien/
//     querydr&refund.html, as lehuygiang28/vnpay (MIT) src/services/query.service.ts builds
//     stringToHashOfRequest; an unknown vnp_TransactionNo is sent as "0");
//   - answer: querydr's order without the promotion fields: vnp_ResponseId|vnp_Command|
//     vnp_ResponseCode|vnp_Message|vnp_TmnCode|vnp_TxnRef|vnp_Amount|vnp_BankCode|vnp_PayDate|
//     vnp_TransactionNo|vnp_TransactionType|vnp_TransactionStatus|vnp_OrderInfo (same sources).
// vnp_Amount is the refunded amount in đồng × 100, at most the transaction's.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/vntime"
)

// CommandRefund is the refund API's vnp_Command.
const CommandRefund = "refund"

// vnp_TransactionType of a refund.
const (
	RefundFull    = "02"
	RefundPartial = "03"
)

// The refund API's answer codes (lehuygiang28/vnpay REFUND_RESPONSE_MAP, VNPay's table).
const (
	RefundOK          = "00"
	RefundBadTerminal = "02"
	RefundBadFormat   = "03"
	RefundNotFound    = "91" // no transaction to refund
	RefundAlready     = "94" // a refund of the transaction was asked before; VNPay is processing it
	RefundRefused     = "95" // the transaction did not succeed at VNPay: nothing to refund
	RefundBadChecksum = "97"
	RefundOther       = "99"
)

// MaxCreateBy bounds vnp_CreateBy.
const MaxCreateBy = 250

// RefundRequest asks VNPay to give back (part of) one paid transaction.
type RefundRequest struct {
	RequestID       string    // vnp_RequestId, unique within the day (NewRequestID)
	Type            string    // RefundFull or RefundPartial
	TxnRef          string    // the paid attempt's vnp_TxnRef
	AmountVND       int64     // how much goes back, at most what was paid
	TransactionNo   string    // VNPay's number for the payment ("" when unknown)
	TransactionDate time.Time // the attempt's vnp_CreateDate
	CreateBy        string    // who asks, e.g. the accountant's login
	OrderInfo       string    // why: no diacritics
	IPAddr          string
	CreateAt        time.Time
}

// RefundResult is VNPay's verified answer to a refund.
type RefundResult struct {
	ResponseID        string
	ResponseCode      string // RefundOK, RefundAlready, …
	Message           string
	TxnRef            string
	AmountVND         int64
	OrderInfo         string
	BankCode          string
	PayDate           time.Time
	TransactionNo     string
	TransactionType   string
	TransactionStatus string
}

type refundBody struct {
	RequestID       text `json:"vnp_RequestId"`
	Version         text `json:"vnp_Version"`
	Command         text `json:"vnp_Command"`
	TmnCode         text `json:"vnp_TmnCode"`
	TransactionType text `json:"vnp_TransactionType"`
	TxnRef          text `json:"vnp_TxnRef"`
	Amount          text `json:"vnp_Amount"`
	OrderInfo       text `json:"vnp_OrderInfo"`
	TransactionNo   text `json:"vnp_TransactionNo"`
	TransactionDate text `json:"vnp_TransactionDate"`
	CreateBy        text `json:"vnp_CreateBy"`
	CreateDate      text `json:"vnp_CreateDate"`
	IPAddr          text `json:"vnp_IpAddr"`
	SecureHash      text `json:"vnp_SecureHash"`
}

func (b refundBody) signed() string {
	return join(b.RequestID, b.Version, b.Command, b.TmnCode, b.TransactionType, b.TxnRef, b.Amount,
		b.TransactionNo, b.TransactionDate, b.CreateBy, b.CreateDate, b.IPAddr, b.OrderInfo)
}

func refundSigned(a answerBody, tmnCode string) string {
	return join(a.ResponseID, a.Command, a.ResponseCode, a.Message, text(tmnCode), a.TxnRef, a.Amount,
		a.BankCode, a.PayDate, a.TransactionNo, a.TransactionType, a.TransactionStatus, a.OrderInfo)
}

func (q RefundRequest) validate() error {
	var f fields
	exchange{q.RequestID, q.TxnRef, q.TransactionNo, q.OrderInfo, q.IPAddr, q.TransactionDate, q.CreateAt}.check(&f)
	if q.Type != RefundFull && q.Type != RefundPartial {
		f.add("Type", "not_02_03")
	}
	if q.AmountVND <= 0 || q.AmountVND > MaxAmountVND {
		f.add("AmountVND", "out_of_range")
	}
	if q.CreateBy == "" || len(q.CreateBy) > MaxCreateBy || !onlyChars(q.CreateBy, " ._@-") {
		f.add("CreateBy", "invalid_name")
	}
	return f.err()
}

// Refund asks the gateway at apiURL to refund one paid transaction and verifies the answer's
// signature. Errors are as QueryDR's: an *InputError for a bad q, ErrUnavailable wrapped when
// VNPay cannot be reached (ask again later), a *SignatureError for an unsigned answer. Any
// answer code comes back as a result: only RefundOK (and RefundAlready, a refund asked before)
// means VNPay took the refund.
func (m *Merchant) Refund(ctx context.Context, c *http.Client, apiURL string, q RefundRequest) (RefundResult, error) {
	if err := q.validate(); err != nil {
		return RefundResult{}, err
	}
	loc := vntime.Location()
	no := q.TransactionNo
	if no == "" {
		no = "0"
	}
	b := refundBody{
		RequestID: text(q.RequestID), Version: Version, Command: CommandRefund, TmnCode: text(m.cfg.TmnCode),
		TransactionType: text(q.Type), TxnRef: text(q.TxnRef), Amount: text(strconv.FormatInt(q.AmountVND*100, 10)),
		OrderInfo: text(q.OrderInfo), TransactionNo: text(no),
		TransactionDate: text(q.TransactionDate.In(loc).Format(DateLayout)), CreateBy: text(q.CreateBy),
		CreateDate: text(q.CreateAt.In(loc).Format(DateLayout)), IPAddr: text(q.IPAddr),
	}
	b.SecureHash = text(Sign(m.cfg.HashSecret, b.signed()))
	data, err := post(ctx, c, apiURL, CommandRefund, q.TxnRef, b)
	if err != nil {
		return RefundResult{}, err
	}
	var a answerBody
	if err := json.Unmarshal(data, &a); err != nil {
		return RefundResult{}, fmt.Errorf("vnpay: refund %s: answer: %w", q.TxnRef, err)
	}
	// A refusal is held to the signature too: a forged 91 must not close a refund.
	if err := checkHash(m.cfg.HashSecret, refundSigned(a, m.cfg.TmnCode), string(a.SecureHash)); err != nil {
		return RefundResult{}, fmt.Errorf("vnpay: refund %s answered %q: %w", q.TxnRef, a.ResponseCode, err)
	}
	if a.TmnCode != "" && string(a.TmnCode) != m.cfg.TmnCode || a.TxnRef != "" && string(a.TxnRef) != q.TxnRef {
		return RefundResult{}, fmt.Errorf("vnpay: refund %s: answer is about %s/%s", q.TxnRef, a.TmnCode, a.TxnRef)
	}
	r := RefundResult{
		ResponseID: string(a.ResponseID), ResponseCode: string(a.ResponseCode), Message: string(a.Message),
		TxnRef: string(a.TxnRef), AmountVND: amountVND(string(a.Amount)), OrderInfo: string(a.OrderInfo),
		BankCode: string(a.BankCode), TransactionNo: string(a.TransactionNo),
		TransactionType: string(a.TransactionType), TransactionStatus: string(a.TransactionStatus),
	}
	if t, err := time.ParseInLocation(DateLayout, string(a.PayDate), loc); err == nil {
		r.PayDate = t
	}
	return r, nil
}

// Command returns a transaction API request's vnp_Command ("" when the body is not JSON), so
// that the gateway's one endpoint sends it to ReadQuery or ReadRefund.
func Command(body []byte) string {
	var b struct {
		Command text `json:"vnp_Command"`
	}
	if json.Unmarshal(body, &b) != nil {
		return ""
	}
	return string(b.Command)
}

// ReadRefund reads a refund request body as the gateway; its errors are ReadQuery's, and
// QueryCode maps them to the answer's code (the same codes).
func (g *Gateway) ReadRefund(body []byte) (RefundRequest, error) {
	var b refundBody
	if err := json.Unmarshal(body, &b); err != nil {
		return RefundRequest{}, &InputError{Fields: []FieldError{{"body", "malformed_json"}}}
	}
	if err := checkHash(g.cfg.HashSecret, b.signed(), string(b.SecureHash)); err != nil {
		return RefundRequest{}, err
	}
	if string(b.TmnCode) != g.cfg.TmnCode {
		return RefundRequest{}, ErrWrongTerminal
	}
	var f fields
	if b.Version != Version {
		f.add("vnp_Version", "not_2.1.0")
	}
	if b.Command != CommandRefund {
		f.add("vnp_Command", "not_refund")
	}
	loc := vntime.Location()
	q := RefundRequest{RequestID: string(b.RequestID), Type: string(b.TransactionType), TxnRef: string(b.TxnRef),
		AmountVND: amountVND(string(b.Amount)), TransactionNo: string(b.TransactionNo), CreateBy: string(b.CreateBy),
		OrderInfo: string(b.OrderInfo), IPAddr: string(b.IPAddr)}
	if q.TransactionNo == "0" {
		q.TransactionNo = ""
	}
	q.TransactionDate, _ = time.ParseInLocation(DateLayout, string(b.TransactionDate), loc)
	q.CreateAt, _ = time.ParseInLocation(DateLayout, string(b.CreateDate), loc)
	if e, ok := q.validate().(*InputError); ok {
		f = append(f, e.Fields...)
	}
	if err := f.err(); err != nil {
		return RefundRequest{}, err
	}
	return q, nil
}

// RefundAnswer returns the signed JSON answer reporting r (vnp_Command refund).
func (g *Gateway) RefundAnswer(r RefundResult) []byte {
	a := answerBody{
		ResponseID: text(r.ResponseID), Command: CommandRefund, ResponseCode: text(r.ResponseCode),
		Message: text(r.Message), TmnCode: text(g.cfg.TmnCode), TxnRef: text(r.TxnRef),
		OrderInfo: text(r.OrderInfo), BankCode: text(r.BankCode), TransactionNo: text(r.TransactionNo),
		TransactionType: text(r.TransactionType), TransactionStatus: text(r.TransactionStatus),
	}
	if r.AmountVND > 0 {
		a.Amount = text(strconv.FormatInt(r.AmountVND*100, 10))
	}
	if !r.PayDate.IsZero() {
		a.PayDate = text(r.PayDate.In(vntime.Location()).Format(DateLayout))
	}
	a.SecureHash = text(Sign(g.cfg.HashSecret, refundSigned(a, g.cfg.TmnCode)))
	out, _ := json.Marshal(a) // strings only
	return out
}

// Taken reports that VNPay accepted the refund: 00, or 94 (asked before and being processed:
// a retry of a request whose answer was lost).
func (r RefundResult) Taken() bool {
	return r.ResponseCode == RefundOK || r.ResponseCode == RefundAlready
}

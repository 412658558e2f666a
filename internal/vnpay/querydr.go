package vnpay

// querydr, VNPay's transaction query (merchant_webapi/api/transaction, JSON POST). Unlike the
// pay URL, both directions sign the values alone, joined with | in a fixed order:
//   - request: vnp_RequestId|vnp_Version|vnp_Command|vnp_TmnCode|vnp_TxnRef|vnp_TransactionDate|
//     vnp_CreateDate|vnp_IpAddr|vnp_OrderInfo (VNPay's docs,
//     sandbox.vnpayment.vn/apis/docs/truy-van-hoan-tien/querydr&refund.html, and its sample
//     code, e.g. "let data = vnp_RequestId + "|" + vnp_Version + …" in the Node.js demo);
//   - answer: vnp_ResponseId|vnp_Command|vnp_ResponseCode|vnp_Message|vnp_TmnCode|vnp_TxnRef|
//     vnp_Amount|vnp_BankCode|vnp_PayDate|vnp_TransactionNo|vnp_TransactionType|
//     vnp_TransactionStatus|vnp_OrderInfo|vnp_PromotionCode|vnp_PromotionAmount (the same
//     page's answer table, as lehuygiang28/vnpay (MIT) src/services/query.service.ts checks it),
//     an absent value written as nothing.
// Values are the UTF-8 text as sent, not form-encoded; HMAC-SHA512, lower-case hex.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/vntime"
)

// CommandQuery is querydr's vnp_Command.
const CommandQuery = "querydr"

// querydr's answer codes (vnp_ResponseCode of the API, not of the payment).
const (
	QueryOK          = "00" // the transaction is found; its state is vnp_TransactionStatus
	QueryBadTerminal = "02" // vnp_TmnCode unknown
	QueryBadFormat   = "03" // a field missing or malformed
	QueryNotFound    = "91" // no transaction for vnp_TxnRef and vnp_TransactionDate
	QueryDuplicate   = "94" // vnp_RequestId already used
	QueryBadChecksum = "97"
	QueryOther       = "99"
)

// TransactionPayment is vnp_TransactionType of a payment (02 and 03 are refunds).
const TransactionPayment = "01"

// MaxRequestID bounds vnp_RequestId (Alphanumeric[1,32]).
const MaxRequestID = 32

// QueryRequest asks VNPay what became of one payment attempt.
type QueryRequest struct {
	RequestID       string    // vnp_RequestId: 1–32 letters or digits, unique within the day
	TxnRef          string    // the attempt's vnp_TxnRef
	TransactionDate time.Time // the attempt's vnp_CreateDate
	TransactionNo   string    // VNPay's number for it, when known (optional)
	OrderInfo       string    // why the query is made: no diacritics, as vnp_OrderInfo
	IPAddr          string    // the asking server's IP address
	CreateAt        time.Time // when the query is made
}

// NewRequestID returns a fresh vnp_RequestId: 16 random letters and digits.
func NewRequestID() string {
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, 16)
	rand.Read(b)
	for i := range b {
		b[i] = alnum[int(b[i])%len(alnum)]
	}
	return string(b)
}

// QueryResult is VNPay's verified answer.
type QueryResult struct {
	ResponseID         string
	ResponseCode       string // QueryOK, QueryNotFound, …
	Message            string
	TxnRef             string
	AmountVND          int64
	OrderInfo          string
	BankCode           string
	PayDate            time.Time // zero when absent
	TransactionNo      string
	TransactionType    string // TransactionPayment
	TransactionStatus  string // 00 paid, 01 pending, 02 failed, …
	PromotionCode      string
	PromotionAmountVND int64
}

// Found reports that VNPay knows the transaction; NotFound that it does not (querydr's 91).
func (r QueryResult) Found() bool    { return r.ResponseCode == QueryOK }
func (r QueryResult) NotFound() bool { return r.ResponseCode == QueryNotFound }

// Paid reports that VNPay took the money: found, and vnp_TransactionStatus 00.
func (r QueryResult) Paid() bool { return r.Found() && r.TransactionStatus == "00" }

// ErrUnavailable wraps QueryDR's failures to reach VNPay (the network, a 5xx): the question
// stays open and is asked again later.
var ErrUnavailable = errors.New("vnpay: gateway unavailable")

// text is a JSON value read as text: VNPay's answers write some numbers as numbers.
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	switch {
	case bytes.Equal(b, []byte("null")):
		*t = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = text(s)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		*t = text(n)
	}
	return nil
}

type queryBody struct {
	RequestID       text `json:"vnp_RequestId"`
	Version         text `json:"vnp_Version"`
	Command         text `json:"vnp_Command"`
	TmnCode         text `json:"vnp_TmnCode"`
	TxnRef          text `json:"vnp_TxnRef"`
	OrderInfo       text `json:"vnp_OrderInfo"`
	TransactionNo   text `json:"vnp_TransactionNo,omitempty"`
	TransactionDate text `json:"vnp_TransactionDate"`
	CreateDate      text `json:"vnp_CreateDate"`
	IPAddr          text `json:"vnp_IpAddr"`
	SecureHash      text `json:"vnp_SecureHash"`
}

func (b queryBody) signed() string {
	return join(b.RequestID, b.Version, b.Command, b.TmnCode, b.TxnRef, b.TransactionDate,
		b.CreateDate, b.IPAddr, b.OrderInfo)
}

type answerBody struct {
	ResponseID        text `json:"vnp_ResponseId"`
	Command           text `json:"vnp_Command"`
	ResponseCode      text `json:"vnp_ResponseCode"`
	Message           text `json:"vnp_Message"`
	TmnCode           text `json:"vnp_TmnCode"`
	TxnRef            text `json:"vnp_TxnRef"`
	Amount            text `json:"vnp_Amount"`
	OrderInfo         text `json:"vnp_OrderInfo"`
	BankCode          text `json:"vnp_BankCode"`
	PayDate           text `json:"vnp_PayDate"`
	TransactionNo     text `json:"vnp_TransactionNo"`
	TransactionType   text `json:"vnp_TransactionType"`
	TransactionStatus text `json:"vnp_TransactionStatus"`
	PromotionCode     text `json:"vnp_PromotionCode,omitempty"`
	PromotionAmount   text `json:"vnp_PromotionAmount,omitempty"`
	SecureHash        text `json:"vnp_SecureHash"`
}

func (a answerBody) signed(tmnCode string) string {
	return join(a.ResponseID, a.Command, a.ResponseCode, a.Message, text(tmnCode), a.TxnRef,
		a.Amount, a.BankCode, a.PayDate, a.TransactionNo, a.TransactionType, a.TransactionStatus,
		a.OrderInfo, a.PromotionCode, a.PromotionAmount)
}

func join(vs ...text) string {
	var b strings.Builder
	for i, v := range vs {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(string(v))
	}
	return b.String()
}

func (q QueryRequest) validate() error {
	var f fields
	exchange{q.RequestID, q.TxnRef, q.TransactionNo, q.OrderInfo, q.IPAddr, q.TransactionDate, q.CreateAt}.check(&f)
	return f.err()
}

// exchange is what a querydr and a refund request share, checked alike.
type exchange struct {
	requestID, txnRef, txnNo, orderInfo, ip string
	txnDate, createAt                       time.Time
}

func (e exchange) check(f *fields) {
	if e.requestID == "" || len(e.requestID) > MaxRequestID || !isAlnum(e.requestID) {
		f.add("RequestID", "not_1_32_alnum")
	}
	if e.txnRef == "" || len(e.txnRef) > MaxTxnRef || !onlyChars(e.txnRef, "._-") {
		f.add("TxnRef", "invalid_ref")
	}
	if e.txnDate.IsZero() {
		f.add("TransactionDate", "required")
	}
	if e.txnNo != "" && (len(e.txnNo) > 15 || !onlyChars(e.txnNo, "")) {
		f.add("TransactionNo", "invalid_number")
	}
	if e.orderInfo == "" || len(e.orderInfo) > MaxOrderInfo || !onlyChars(e.orderInfo, " .:_-") {
		f.add("OrderInfo", "invalid_info")
	}
	if net.ParseIP(e.ip) == nil {
		f.add("IPAddr", "invalid_ip")
	}
	if e.createAt.IsZero() {
		f.add("CreateAt", "required")
	}
}

// QueryDR asks the gateway at apiURL (…/merchant_webapi/api/transaction) about one attempt
// and verifies the answer's signature. A result comes back whatever VNPay answers (look at
// ResponseCode: QueryNotFound is an answer, not an error); the error is an *InputError for a
// bad q, ErrUnavailable wrapped when VNPay cannot be reached or answers 5xx, a *SignatureError
// when the answer is not signed by the terminal's secret, or another failure of the exchange.
func (m *Merchant) QueryDR(ctx context.Context, c *http.Client, apiURL string, q QueryRequest) (QueryResult, error) {
	if err := q.validate(); err != nil {
		return QueryResult{}, err
	}
	loc := vntime.Location()
	b := queryBody{
		RequestID: text(q.RequestID), Version: Version, Command: CommandQuery,
		TmnCode: text(m.cfg.TmnCode), TxnRef: text(q.TxnRef), OrderInfo: text(q.OrderInfo),
		TransactionNo:   text(q.TransactionNo),
		TransactionDate: text(q.TransactionDate.In(loc).Format(DateLayout)),
		CreateDate:      text(q.CreateAt.In(loc).Format(DateLayout)), IPAddr: text(q.IPAddr),
	}
	b.SecureHash = text(Sign(m.cfg.HashSecret, b.signed()))
	data, err := post(ctx, c, apiURL, CommandQuery, q.TxnRef, b)
	if err != nil {
		return QueryResult{}, err
	}
	var a answerBody
	if err := json.Unmarshal(data, &a); err != nil {
		return QueryResult{}, fmt.Errorf("vnpay: querydr %s: answer: %w", q.TxnRef, err)
	}
	// Every answer is held to the signature, "not found" too: an unsigned 91 must not expire
	// a payment that was made.
	if err := checkHash(m.cfg.HashSecret, a.signed(m.cfg.TmnCode), string(a.SecureHash)); err != nil {
		return QueryResult{}, fmt.Errorf("vnpay: querydr %s answered %q: %w", q.TxnRef, a.ResponseCode, err)
	}
	if a.TmnCode != "" && string(a.TmnCode) != m.cfg.TmnCode || a.TxnRef != "" && string(a.TxnRef) != q.TxnRef {
		return QueryResult{}, fmt.Errorf("vnpay: querydr %s: answer is about %s/%s", q.TxnRef, a.TmnCode, a.TxnRef)
	}
	r := QueryResult{
		ResponseID: string(a.ResponseID), ResponseCode: string(a.ResponseCode), Message: string(a.Message),
		TxnRef: string(a.TxnRef), AmountVND: amountVND(string(a.Amount)), OrderInfo: string(a.OrderInfo),
		BankCode: string(a.BankCode), TransactionNo: string(a.TransactionNo),
		TransactionType: string(a.TransactionType), TransactionStatus: string(a.TransactionStatus),
		PromotionCode: string(a.PromotionCode), PromotionAmountVND: amountVND(string(a.PromotionAmount)),
	}
	if t, err := time.ParseInLocation(DateLayout, string(a.PayDate), loc); err == nil {
		r.PayDate = t
	}
	return r, nil
}

// post sends one signed JSON request of the transaction API (querydr, refund) and returns the
// answer's body; failures to reach VNPay or a 5xx wrap ErrUnavailable.
func post(ctx context.Context, c *http.Client, apiURL, command, ref string, b any) ([]byte, error) {
	body, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, apiURL, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("vnpay: %s: %w", command, err)
	}
	req.Header.Set("Content-Type", "application/json")
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("vnpay: %s %s: %w: %w", command, ref, ErrUnavailable, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	switch {
	case err != nil:
		return nil, fmt.Errorf("vnpay: %s %s: %w: %w", command, ref, ErrUnavailable, err)
	case resp.StatusCode >= 500:
		return nil, fmt.Errorf("vnpay: %s %s: %w: HTTP %d", command, ref, ErrUnavailable, resp.StatusCode)
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("vnpay: %s %s: HTTP %d", command, ref, resp.StatusCode)
	}
	return data, nil
}

// ReadQuery reads a querydr request body as the gateway: malformed JSON or a missing or bad
// field is an *InputError (03), a bad signature a *SignatureError (97), another terminal
// ErrWrongTerminal (02). QueryCode maps the error to the answer's code.
func (g *Gateway) ReadQuery(body []byte) (QueryRequest, error) {
	var b queryBody
	if err := json.Unmarshal(body, &b); err != nil {
		return QueryRequest{}, &InputError{Fields: []FieldError{{"body", "malformed_json"}}}
	}
	if err := checkHash(g.cfg.HashSecret, b.signed(), string(b.SecureHash)); err != nil {
		return QueryRequest{}, err
	}
	if string(b.TmnCode) != g.cfg.TmnCode {
		return QueryRequest{}, ErrWrongTerminal
	}
	var f fields
	if b.Version != Version {
		f.add("vnp_Version", "not_2.1.0")
	}
	if b.Command != CommandQuery {
		f.add("vnp_Command", "not_querydr")
	}
	loc := vntime.Location()
	q := QueryRequest{RequestID: string(b.RequestID), TxnRef: string(b.TxnRef), TransactionNo: string(b.TransactionNo),
		OrderInfo: string(b.OrderInfo), IPAddr: string(b.IPAddr)}
	q.TransactionDate, _ = time.ParseInLocation(DateLayout, string(b.TransactionDate), loc)
	q.CreateAt, _ = time.ParseInLocation(DateLayout, string(b.CreateDate), loc)
	if e, ok := q.validate().(*InputError); ok {
		f = append(f, e.Fields...)
	}
	if err := f.err(); err != nil {
		return QueryRequest{}, err
	}
	return q, nil
}

// QueryCode is the querydr answer code for ReadQuery's error: 00 for nil.
func QueryCode(err error) string {
	var se *SignatureError
	var ie *InputError
	switch {
	case err == nil:
		return QueryOK
	case errors.As(err, &se):
		return QueryBadChecksum
	case err == ErrWrongTerminal:
		return QueryBadTerminal
	case errors.As(err, &ie):
		return QueryBadFormat
	}
	return QueryOther
}

// QueryAnswer returns the signed JSON answer reporting r (vnp_Command querydr, the gateway's
// terminal, amounts in đồng × 100, vnp_PayDate in GMT+7).
func (g *Gateway) QueryAnswer(r QueryResult) []byte {
	a := answerBody{
		ResponseID: text(r.ResponseID), Command: CommandQuery, ResponseCode: text(r.ResponseCode),
		Message: text(r.Message), TmnCode: text(g.cfg.TmnCode), TxnRef: text(r.TxnRef),
		OrderInfo: text(r.OrderInfo), BankCode: text(r.BankCode), TransactionNo: text(r.TransactionNo),
		TransactionType: text(r.TransactionType), TransactionStatus: text(r.TransactionStatus),
		PromotionCode: text(r.PromotionCode),
	}
	if r.AmountVND > 0 {
		a.Amount = text(strconv.FormatInt(r.AmountVND*100, 10))
	}
	if r.PromotionAmountVND > 0 {
		a.PromotionAmount = text(strconv.FormatInt(r.PromotionAmountVND*100, 10))
	}
	if !r.PayDate.IsZero() {
		a.PayDate = text(r.PayDate.In(vntime.Location()).Format(DateLayout))
	}
	a.SecureHash = text(Sign(g.cfg.HashSecret, a.signed(g.cfg.TmnCode)))
	out, _ := json.Marshal(a) // strings only
	return out
}

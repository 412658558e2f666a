package vnpay

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// refund vectors, signed with "test_secret" by Python's hmac over the documented orders (see
// refund.go), not by this package.
const (
	refundVectorHash       = "765bfba7fab6054c3bfb3a39197b50fc4ea93ce0f7fdbf90a7421084876244bc8b9d7ab49e515b1201ba4011a5cb534f01e94ca0a4f80e7bd64989a50c4185b1"
	refundAnswerVectorHash = "3b29ac061c00b073763d57c2c3d3daf3ffd1b46141862a7e3772cdd0396aff180246df9d51a455034c1db46e034c273979cc1040022a68425d69517872953b00"
)

func vectorRefund() RefundRequest {
	hcm := time.FixedZone("ICT", 7*3600)
	return RefundRequest{
		RequestID: "R20240521092000A2", Type: RefundFull, TxnRef: "1716257871703", AmountVND: 10_000,
		TransactionNo: "14422574", TransactionDate: time.Date(2024, 5, 21, 9, 17, 31, 0, hcm), CreateBy: "ketoan",
		OrderInfo: "Hoan tien 1716257871703", IPAddr: "127.0.0.1", CreateAt: time.Date(2024, 5, 21, 2, 20, 0, 0, time.UTC),
	}
}

const refundAnswerVector = `{"vnp_ResponseId":"6a7b8c9d","vnp_Command":"refund","vnp_ResponseCode":"00",
"vnp_Message":"Yêu cầu thành công","vnp_TmnCode":"DEMOV210","vnp_TxnRef":"1716257871703",
"vnp_Amount":"1000000","vnp_BankCode":"NCB","vnp_PayDate":"20240521091806","vnp_TransactionNo":"14422574",
"vnp_TransactionType":"02","vnp_TransactionStatus":"06","vnp_OrderInfo":"Hoan tien 1716257871703",
"vnp_SecureHash":"` + refundAnswerVectorHash + `"}`

func TestRefundVector(t *testing.T) {
	m := testMerchant(t, vectorBSecret)
	var got map[string]string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &got); err != nil {
			t.Errorf("request body %s: %v", b, err)
		}
		io.WriteString(w, refundAnswerVector)
	}))
	defer srv.Close()
	r, err := m.Refund(context.Background(), srv.Client(), srv.URL, vectorRefund())
	if err != nil {
		t.Fatalf("Refund: %v", err)
	}
	want := map[string]string{
		"vnp_RequestId": "R20240521092000A2", "vnp_Version": "2.1.0", "vnp_Command": "refund", "vnp_TmnCode": "DEMOV210",
		"vnp_TransactionType": "02", "vnp_TxnRef": "1716257871703", "vnp_Amount": "1000000", "vnp_TransactionNo": "14422574",
		"vnp_TransactionDate": "20240521091731", "vnp_CreateBy": "ketoan", "vnp_CreateDate": "20240521092000",
		"vnp_IpAddr": "127.0.0.1", "vnp_OrderInfo": "Hoan tien 1716257871703", "vnp_SecureHash": refundVectorHash,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("request %s = %q; want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("request has %d fields; want %d: %v", len(got), len(want), got)
	}
	if !r.Taken() || r.AmountVND != 10_000 || r.TransactionStatus != "06" || r.TransactionType != RefundFull {
		t.Errorf("Refund = %+v; want 00 of 10.000, refunded", r)
	}
}

// An answer not signed by the terminal's secret is an error, a refusal too; an unreachable
// gateway is ErrUnavailable; a bad request is never sent.
func TestRefundErrors(t *testing.T) {
	m := testMerchant(t, "another secret")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, refundAnswerVector) }))
	defer srv.Close()
	var se *SignatureError
	if _, err := m.Refund(context.Background(), srv.Client(), srv.URL, vectorRefund()); !errors.As(err, &se) {
		t.Errorf("Refund with a forged answer = %v; want a SignatureError", err)
	}
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", 503) }))
	defer down.Close()
	if _, err := m.Refund(context.Background(), down.Client(), down.URL, vectorRefund()); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Refund of a down gateway = %v; want ErrUnavailable", err)
	}
	bad := vectorRefund()
	bad.AmountVND, bad.Type, bad.CreateBy = 0, "01", "kế toán"
	var ie *InputError
	if _, err := m.Refund(context.Background(), srv.Client(), srv.URL, bad); !errors.As(err, &ie) || len(ie.Fields) != 3 {
		t.Errorf("Refund of a bad request = %v; want 3 bad fields", err)
	}
}

// The gateway's side reads what the merchant signs and answers what it verifies.
func TestRefundRoundTrip(t *testing.T) {
	m := testMerchant(t, vectorBSecret)
	g, err := NewGateway(m.cfg)
	if err != nil {
		t.Fatal(err)
	}
	var read RefundRequest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if Command(b) != CommandRefund {
			t.Errorf("Command = %q; want refund", Command(b))
		}
		if read, err = g.ReadRefund(b); err != nil {
			t.Errorf("ReadRefund: %v", err)
		}
		w.Write(g.RefundAnswer(RefundResult{ResponseCode: RefundAlready, TxnRef: read.TxnRef, ResponseID: "1"}))
	}))
	defer srv.Close()
	q := vectorRefund()
	q.TransactionNo = ""
	r, err := m.Refund(context.Background(), srv.Client(), srv.URL, q)
	if err != nil || r.ResponseCode != RefundAlready || !r.Taken() {
		t.Fatalf("Refund = %+v, %v; want 94", r, err)
	}
	if read.AmountVND != 10_000 || read.TransactionNo != "" || read.CreateBy != "ketoan" || !read.TransactionDate.Equal(q.TransactionDate) {
		t.Errorf("ReadRefund = %+v; want the request as sent", read)
	}
}

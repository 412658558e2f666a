package vnpay

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// querydr vectors, signed with "test_secret" by Python's hmac over the documented orders (see
// querydr.go), not by this package.
const (
	queryVectorHash  = "5b231a5a4ec84ec9770bb536e0e40e370ce49bcd5f445fc3e99c8fa50d4badbc28a0d5fd395eb5daf71d80f470177411013de05a33bf8f9fdc1167702d28a738"
	answerVectorHash = "be30278777529ecbb614e13540f757a13ab3466ac9b7728905266ed89056030252a74994bf89a38bac36ecfcfe59c6929e2973aec5b42d5fadbecab6c3f985f0"
)

func vectorQuery() QueryRequest {
	hcm := time.FixedZone("ICT", 7*3600)
	return QueryRequest{
		RequestID: "20240521092000A1", TxnRef: "1716257871703",
		TransactionDate: time.Date(2024, 5, 21, 9, 17, 31, 0, hcm), IPAddr: "127.0.0.1",
		OrderInfo: "Truy van GD 1716257871703", CreateAt: time.Date(2024, 5, 21, 2, 20, 0, 0, time.UTC),
	}
}

// The answer of the vector: a paid transaction, its message in Vietnamese (signed as UTF-8),
// vnp_Amount as a JSON number as VNPay sometimes writes it.
const answerVector = `{"vnp_ResponseId":"5f1d2c3b","vnp_Command":"querydr","vnp_ResponseCode":"00",
"vnp_Message":"Yêu cầu thành công","vnp_TmnCode":"DEMOV210","vnp_TxnRef":"1716257871703",
"vnp_Amount":1000000,"vnp_BankCode":"NCB","vnp_PayDate":"20240521091806","vnp_TransactionNo":"14422574",
"vnp_TransactionType":"01","vnp_TransactionStatus":"00","vnp_OrderInfo":"Thanh toan don hang",
"vnp_SecureHash":"` + answerVectorHash + `"}`

func TestQueryDRVector(t *testing.T) {
	m := testMerchant(t, vectorBSecret)
	var got map[string]string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("querydr sent %s %s; want POST application/json", r.Method, r.Header.Get("Content-Type"))
		}
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &got); err != nil {
			t.Errorf("request body %s: %v", b, err)
		}
		io.WriteString(w, answerVector)
	}))
	defer srv.Close()

	r, err := m.QueryDR(context.Background(), srv.Client(), srv.URL+"/merchant_webapi/api/transaction", vectorQuery())
	if err != nil {
		t.Fatalf("QueryDR: %v", err)
	}
	want := map[string]string{
		"vnp_RequestId": "20240521092000A1", "vnp_Version": "2.1.0", "vnp_Command": "querydr",
		"vnp_TmnCode": "DEMOV210", "vnp_TxnRef": "1716257871703", "vnp_OrderInfo": "Truy van GD 1716257871703",
		"vnp_TransactionDate": "20240521091731", "vnp_CreateDate": "20240521092000", "vnp_IpAddr": "127.0.0.1",
		"vnp_SecureHash": queryVectorHash,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("request %s = %q; want %q", k, got[k], v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("request has %d fields; want %d: %v", len(got), len(want), got)
	}
	if !r.Paid() || r.AmountVND != 10_000 || r.TransactionNo != "14422574" || r.BankCode != "NCB" ||
		r.Message != "Yêu cầu thành công" || !r.PayDate.Equal(time.Date(2024, 5, 21, 2, 18, 6, 0, time.UTC)) {
		t.Errorf("QueryDR = %+v; want paid 10000 đồng, NCB, 14422574, at 09:18:06 GMT+7", r)
	}
}

func TestQueryDRRefusesUnsignedAnswers(t *testing.T) {
	m := testMerchant(t, vectorBSecret)
	for name, body := range map[string]string{
		"changed amount": strings.Replace(answerVector, "1000000", "2000000", 1),
		"no hash":        strings.Replace(answerVector, answerVectorHash, "", 1),
		"not found unsigned": `{"vnp_ResponseId":"1","vnp_Command":"querydr","vnp_ResponseCode":"91",
			"vnp_Message":"Khong tim thay","vnp_TmnCode":"DEMOV210"}`,
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, body) }))
		_, err := m.QueryDR(context.Background(), srv.Client(), srv.URL, vectorQuery())
		srv.Close()
		var se *SignatureError
		if !errors.As(err, &se) {
			t.Errorf("%s: QueryDR error = %v; want a *SignatureError", name, err)
		}
	}
}

func TestQueryDRUnavailable(t *testing.T) {
	m := testMerchant(t, vectorBSecret)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
	}))
	_, err := m.QueryDR(context.Background(), srv.Client(), srv.URL, vectorQuery())
	if !errors.Is(err, ErrUnavailable) {
		t.Errorf("QueryDR on a 503 = %v; want ErrUnavailable", err)
	}
	srv.Close()
	if _, err := m.QueryDR(context.Background(), srv.Client(), srv.URL, vectorQuery()); !errors.Is(err, ErrUnavailable) {
		t.Errorf("QueryDR on a closed server = %v; want ErrUnavailable", err)
	}
	q := vectorQuery()
	q.RequestID, q.IPAddr = "has space", "nope"
	if _, err := m.QueryDR(context.Background(), nil, srv.URL, q); !slicesEqual(badFields(err), []string{"RequestID", "IPAddr"}) {
		t.Errorf("QueryDR with a bad request: bad fields %v; want [RequestID IPAddr]", badFields(err))
	}
}

func TestNewRequestID(t *testing.T) {
	a, b := NewRequestID(), NewRequestID()
	if a == b || len(a) != 16 || !isAlnum(a) {
		t.Errorf("NewRequestID = %q, %q; want two different 16-character alphanumeric ids", a, b)
	}
}

func slicesEqual(a, b []string) bool { return strings.Join(a, ",") == strings.Join(b, ",") }

// The gateway reads the merchant's request and answers it; each side checks the other's
// signature.
func TestQueryDRRoundTrip(t *testing.T) {
	cfg := Config{TmnCode: "DEMOV210", HashSecret: vectorBSecret, URL: SandboxURL}
	m, _ := New(cfg)
	g, err := NewGateway(cfg)
	if err != nil {
		t.Fatal(err)
	}
	payDate := time.Date(2024, 5, 21, 2, 18, 6, 0, time.UTC)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		q, err := g.ReadQuery(b)
		if err != nil {
			t.Errorf("ReadQuery: %v", err)
		}
		if q.TxnRef != "1716257871703" || !q.TransactionDate.Equal(vectorQuery().TransactionDate) {
			t.Errorf("ReadQuery = %+v", q)
		}
		w.Write(g.QueryAnswer(QueryResult{ResponseID: "r1", ResponseCode: QueryOK, Message: "Yêu cầu thành công",
			TxnRef: q.TxnRef, AmountVND: 25_000, OrderInfo: "Le phi", BankCode: "NCB", PayDate: payDate,
			TransactionNo: "7", TransactionType: TransactionPayment, TransactionStatus: "00"}))
	}))
	defer srv.Close()
	r, err := m.QueryDR(context.Background(), srv.Client(), srv.URL, vectorQuery())
	if err != nil {
		t.Fatalf("QueryDR: %v", err)
	}
	if !r.Paid() || r.AmountVND != 25_000 || r.TransactionNo != "7" || !r.PayDate.Equal(payDate) {
		t.Errorf("QueryDR = %+v", r)
	}

	// The vector's answer, rebuilt by QueryAnswer, carries the vector's hash.
	var a answerBody
	if err := json.Unmarshal(g.QueryAnswer(QueryResult{ResponseID: "5f1d2c3b", ResponseCode: "00",
		Message: "Yêu cầu thành công", TxnRef: "1716257871703", AmountVND: 10_000, BankCode: "NCB",
		PayDate: payDate, TransactionNo: "14422574", TransactionType: "01", TransactionStatus: "00",
		OrderInfo: "Thanh toan don hang"}), &a); err != nil {
		t.Fatal(err)
	}
	if a.SecureHash != answerVectorHash {
		t.Errorf("QueryAnswer hash = %s; want the vector's", a.SecureHash)
	}
}

func TestReadQueryCodes(t *testing.T) {
	g, _ := NewGateway(Config{TmnCode: "DEMOV210", HashSecret: vectorBSecret, URL: SandboxURL})
	other, _ := NewGateway(Config{TmnCode: "OTHER123", HashSecret: vectorBSecret, URL: SandboxURL})
	body := func(edit func(*queryBody), secret string) []byte {
		b := queryBody{RequestID: "20240521092000A1", Version: Version, Command: CommandQuery, TmnCode: "DEMOV210",
			TxnRef: "1716257871703", TransactionDate: "20240521091731", CreateDate: "20240521092000",
			IPAddr: "127.0.0.1", OrderInfo: "Truy van GD 1716257871703"}
		edit(&b)
		b.SecureHash = text(Sign(secret, b.signed()))
		out, _ := json.Marshal(b)
		return out
	}
	same := func(*queryBody) {}
	if got := string(body(same, vectorBSecret)); !strings.Contains(got, queryVectorHash) {
		t.Errorf("the vector's request signs as %s; want hash %s", got, queryVectorHash)
	}
	for _, c := range []struct {
		name string
		g    *Gateway
		body []byte
		want string
	}{
		{"the vector", g, body(same, vectorBSecret), QueryOK},
		{"not JSON", g, []byte("vnp_TxnRef=1"), QueryBadFormat},
		{"other secret", g, body(same, "wrong"), QueryBadChecksum},
		{"other terminal", other, body(same, vectorBSecret), QueryBadTerminal},
		{"no TxnRef", g, body(func(b *queryBody) { b.TxnRef = "" }, vectorBSecret), QueryBadFormat},
		{"bad date", g, body(func(b *queryBody) { b.TransactionDate = "21/05/2024" }, vectorBSecret), QueryBadFormat},
		{"command pay", g, body(func(b *queryBody) { b.Command = "pay" }, vectorBSecret), QueryBadFormat},
	} {
		_, err := c.g.ReadQuery(c.body)
		if got := QueryCode(err); got != c.want {
			t.Errorf("%s: ReadQuery code %s (%v); want %s", c.name, got, err, c.want)
		}
	}
}

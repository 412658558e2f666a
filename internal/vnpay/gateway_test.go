package vnpay

import (
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// The gateway signs an IPN exactly as vector (b) was signed.
func TestNotificationVectorB(t *testing.T) {
	// TEST_TMN_CODE is not a valid terminal code; the vector's terminal is built directly.
	g := &Gateway{cfg: Config{TmnCode: "TEST_TMN_CODE", HashSecret: vectorBSecret}}
	q := g.Notification(Payment{
		TxnRef: "1716257871703", AmountVND: 10_000, ResponseCode: "00", TransactionStatus: "00",
		TransactionNo: "14422574", BankCode: "NCB", BankTranNo: "VNP14422574", CardType: "ATM",
		OrderInfo: "Thanh toan don hang 2024-05-21T02:17:31.249Z",
		PayDate:   time.Date(2024, 5, 21, 2, 18, 6, 0, time.UTC),
	})
	if got := q.Get("vnp_SecureHash"); got != vectorBHash {
		t.Errorf("Notification hash = %s; want vector (b)'s %s", got, vectorBHash)
	}
	c, _ := Canonical(q)
	if c != vectorB {
		t.Errorf("Notification fields = %s; want %s", c, vectorB)
	}
}

func testGateway(t *testing.T) (*Gateway, *Merchant) {
	t.Helper()
	cfg := Config{TmnCode: "DEMOV210", HashSecret: "s3cret", URL: "/sandbox/vnpay/paymentv2/vpcpay.html"}
	g, err := NewGateway(cfg)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := New(cfg)
	return g, m
}

func payQuery(t *testing.T, m *Merchant, o Order) url.Values {
	t.Helper()
	s, err := m.PaymentURL(o)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(s)
	return u.Query()
}

func TestVerifyPay(t *testing.T) {
	g, m := testGateway(t)
	o := docsOrder()
	now := o.CreateAt.Add(time.Minute)
	p, err := g.VerifyPay(payQuery(t, m, o), now)
	if err != nil {
		t.Fatalf("VerifyPay: %v", err)
	}
	if p.TxnRef != "5" || p.AmountVND != 18_060 || p.OrderInfo != o.Info || p.ReturnURL != o.ReturnURL ||
		p.CreateDate != "20210801153333" || !p.ExpireAt.Equal(o.CreateAt.Add(DefaultExpiry)) {
		t.Errorf("VerifyPay = %+v", p)
	}
	// A Notification of the attempt verifies as the merchant's IPN.
	ipn := g.Notification(Payment{TxnRef: p.TxnRef, AmountVND: p.AmountVND, ResponseCode: "00",
		TransactionStatus: "00", TransactionNo: "1", PayDate: now})
	got, err := m.VerifyIPN(ipn)
	if err != nil || !got.Paid() || got.AmountVND != 18_060 || got.TmnCode != "DEMOV210" {
		t.Errorf("VerifyIPN(Notification) = %+v, %v; want paid 18060 for DEMOV210", got, err)
	}
}

func TestVerifyPayRefuses(t *testing.T) {
	g, m := testGateway(t)
	o := docsOrder()
	now := o.CreateAt.Add(time.Minute)
	good := payQuery(t, m, o)
	resign := func(edit func(url.Values)) url.Values {
		q := clone(good)
		edit(q)
		q.Del("vnp_SecureHash")
		h, _ := SignQuery("s3cret", q)
		q.Set("vnp_SecureHash", h)
		return q
	}
	other, _ := New(Config{TmnCode: "OTHER123", HashSecret: "s3cret", URL: SandboxURL})
	for _, c := range []struct {
		name string
		q    url.Values
		now  time.Time
		want []string // bad fields; nil for a signature error
	}{
		{"amount changed after signing", func() url.Values { q := clone(good); q.Set("vnp_Amount", "100"); return q }(), now, nil},
		{"no hash", func() url.Values { q := clone(good); q.Del("vnp_SecureHash"); return q }(), now, nil},
		{"other terminal", payQuery(t, other, o), now, []string{"TmnCode"}},
		{"no amount", resign(func(q url.Values) { q.Del("vnp_Amount") }), now, []string{"vnp_Amount"}},
		{"amount with cents", resign(func(q url.Values) { q.Set("vnp_Amount", "1806050") }), now, []string{"vnp_Amount"}},
		{"negative amount", resign(func(q url.Values) { q.Set("vnp_Amount", "-1806000") }), now, []string{"vnp_Amount"}},
		{"version 2.0.1", resign(func(q url.Values) { q.Set("vnp_Version", "2.0.1") }), now, []string{"vnp_Version"}},
		{"dollars", resign(func(q url.Values) { q.Set("vnp_CurrCode", "USD") }), now, []string{"vnp_CurrCode"}},
		{"no expiry", resign(func(q url.Values) { q.Del("vnp_ExpireDate") }), now, []string{"vnp_ExpireDate"}},
		{"return to ftp", resign(func(q url.Values) { q.Set("vnp_ReturnUrl", "ftp://x") }), now, []string{"vnp_ReturnUrl"}},
		{"expired", good, o.CreateAt.Add(DefaultExpiry), []string{"vnp_ExpireDate"}},
	} {
		_, err := g.VerifyPay(c.q, c.now)
		var se *SignatureError
		switch {
		case c.want == nil && !errors.As(err, &se):
			t.Errorf("%s: VerifyPay error %v; want a *SignatureError", c.name, err)
		case c.want != nil && !slices.Equal(badFields(err), c.want):
			t.Errorf("%s: VerifyPay bad fields %v (%v); want %v", c.name, badFields(err), err, c.want)
		}
	}
	if _, err := g.VerifyPay(payQuery(t, other, o), now); err != ErrWrongTerminal {
		t.Errorf("VerifyPay for another terminal = %v; want ErrWrongTerminal", err)
	}
	if _, err := g.VerifyPay(good, o.CreateAt.Add(DefaultExpiry)); err == nil || !strings.Contains(err.Error(), "expired") {
		t.Errorf("VerifyPay at vnp_ExpireDate = %v; want expired", err)
	}
}

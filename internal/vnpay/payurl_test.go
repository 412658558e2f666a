package vnpay

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

func docsOrder() Order {
	return Order{
		TxnRef: "5", AmountVND: 18060, Info: "Thanh toan don hang :5",
		ReturnURL: "https://domainmerchant.vn/ReturnUrl", IPAddr: "127.0.0.1",
		// 15:33:33 in Hà Nội, given in UTC: the URL must carry GMT+7.
		CreateAt: time.Date(2021, 8, 1, 8, 33, 33, 0, time.UTC),
	}
}

// The payment URL of VNPay's docs example is vector (a) with vnp_ExpireDate (required since
// 2.1.0) in its sorted place, then the hash.
func TestPaymentURLVectorA(t *testing.T) {
	m := testMerchant(t, "SECRET")
	got, err := m.PaymentURL(docsOrder())
	if err != nil {
		t.Fatal(err)
	}
	wantQuery := strings.Replace(vectorA, "&vnp_IpAddr=", "&vnp_ExpireDate=20210801154833&vnp_IpAddr=", 1)
	prefix := SandboxURL + "?" + wantQuery + "&vnp_SecureHash="
	if !strings.HasPrefix(got, prefix) {
		t.Fatalf("PaymentURL =\n%s\nwant prefix\n%s", got, prefix)
	}
	if hash := strings.TrimPrefix(got, prefix); hash != Sign("SECRET", wantQuery) {
		t.Errorf("hash %s; want Sign(secret, query)", hash)
	}
	u, _ := url.Parse(got)
	if _, err := m.VerifyReturn(u.Query()); err != nil {
		t.Errorf("own URL does not verify: %v", err)
	}
}

func TestPaymentURLFields(t *testing.T) {
	m := testMerchant(t, "SECRET")
	o := docsOrder()
	o.Locale, o.BankCode, o.OrderType = "en", "VNBANK", "billpayment"
	o.ExpireAt = o.CreateAt.Add(time.Hour)
	q, err := m.Query(o)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{
		"vnp_Version": "2.1.0", "vnp_Command": "pay", "vnp_CurrCode": "VND", "vnp_TmnCode": "DEMOV210",
		"vnp_Locale": "en", "vnp_BankCode": "VNBANK", "vnp_OrderType": "billpayment",
		"vnp_ExpireDate": "20210801163333",
	} {
		if got := q.Get(k); got != want {
			t.Errorf("%s = %q; want %q", k, got, want)
		}
	}
	if _, ok := q[fieldHashType]; ok {
		t.Error("vnp_SecureHashType is sent; 2.1.0 sends none")
	}
}

func TestPaymentURLAmount(t *testing.T) {
	m := testMerchant(t, "SECRET")
	for _, tc := range []struct {
		vnd  int64
		want string
	}{
		{1, "100"},
		{10_000, "1000000"},
		{18_060, "1806000"},
		{999_999_999, "99999999900"},
		{MaxAmountVND, "9223372036854775800"},
	} {
		o := docsOrder()
		o.AmountVND = tc.vnd
		q, err := m.Query(o)
		if err != nil {
			t.Errorf("%d đồng: %v", tc.vnd, err)
			continue
		}
		if got := q.Get("vnp_Amount"); got != tc.want {
			t.Errorf("%d đồng: vnp_Amount = %s; want %s", tc.vnd, got, tc.want)
		}
		// And back, as an IPN reads it.
		if got := amountVND(tc.want); got != tc.vnd {
			t.Errorf("amountVND(%s) = %d; want %d", tc.want, got, tc.vnd)
		}
	}
	for _, vnd := range []int64{0, -1, -10_000, MaxAmountVND + 1} {
		o := docsOrder()
		o.AmountVND = vnd
		_, err := m.Query(o)
		if got := badFields(err); !slices.Equal(got, []string{"AmountVND"}) {
			t.Errorf("%d đồng: bad fields %v; want [AmountVND]", vnd, got)
		}
	}
}

// Create and expire dates are written in Asia/Ho_Chi_Minh whatever the instant's zone, across
// a change of day and year.
func TestPaymentURLTimeZone(t *testing.T) {
	m := testMerchant(t, "SECRET")
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{
		time.Date(2026, 12, 31, 17, 30, 0, 0, time.UTC),
		time.Date(2026, 12, 31, 12, 30, 0, 0, newYork),
		time.Date(2027, 1, 1, 0, 30, 0, 0, time.FixedZone("ICT", 7*3600)),
	} {
		o := docsOrder()
		o.CreateAt, o.ExpireAt = at, at.Add(20*time.Minute)
		q, err := m.Query(o)
		if err != nil {
			t.Fatal(err)
		}
		if c, e := q.Get("vnp_CreateDate"), q.Get("vnp_ExpireDate"); c != "20270101003000" || e != "20270101005000" {
			t.Errorf("%v: create %s, expire %s; want 20270101003000, 20270101005000", at, c, e)
		}
	}
}

func TestPaymentURLBadInput(t *testing.T) {
	m := testMerchant(t, "SECRET")
	for _, tc := range []struct {
		name  string
		edit  func(*Order)
		field string
	}{
		{"no ref", func(o *Order) { o.TxnRef = "" }, "TxnRef"},
		{"ref with space", func(o *Order) { o.TxnRef = "a b" }, "TxnRef"},
		{"ref too long", func(o *Order) { o.TxnRef = strings.Repeat("1", MaxTxnRef+1) }, "TxnRef"},
		{"info with diacritics", func(o *Order) { o.Info = "Thanh toán lệ phí" }, "Info"},
		{"info with ~", func(o *Order) { o.Info = "a~b" }, "Info"},
		{"info with &", func(o *Order) { o.Info = "a&b" }, "Info"},
		{"no info", func(o *Order) { o.Info = "" }, "Info"},
		{"info too long", func(o *Order) { o.Info = strings.Repeat("a", MaxOrderInfo+1) }, "Info"},
		{"order type with space", func(o *Order) { o.OrderType = "bill payment" }, "OrderType"},
		{"relative return URL", func(o *Order) { o.ReturnURL = "/return" }, "ReturnURL"},
		{"javascript return URL", func(o *Order) { o.ReturnURL = "javascript:alert(1)" }, "ReturnURL"},
		{"return URL too long", func(o *Order) { o.ReturnURL = "https://a.vn/" + strings.Repeat("a", MaxReturnURL) }, "ReturnURL"},
		{"bad IP", func(o *Order) { o.IPAddr = "localhost" }, "IPAddr"},
		{"locale vi", func(o *Order) { o.Locale = "vi" }, "Locale"},
		{"bank code with space", func(o *Order) { o.BankCode = "N CB" }, "BankCode"},
		{"no create time", func(o *Order) { o.CreateAt = time.Time{} }, "CreateAt"},
		{"expires before created", func(o *Order) { o.ExpireAt = o.CreateAt.Add(-time.Second) }, "ExpireAt"},
		{"expires when created", func(o *Order) { o.ExpireAt = o.CreateAt }, "ExpireAt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := docsOrder()
			tc.edit(&o)
			u, err := m.PaymentURL(o)
			if got := badFields(err); !slices.Equal(got, []string{tc.field}) {
				t.Errorf("bad fields %v (url %q); want [%s]", got, u, tc.field)
			}
		})
	}
	// Every bad field is listed at once.
	_, err := m.Query(Order{})
	if got := badFields(err); len(got) != 6 {
		t.Errorf("empty order: bad fields %v; want TxnRef, AmountVND, Info, ReturnURL, IPAddr, CreateAt", got)
	}
	o := docsOrder()
	o.IPAddr = "2001:db8::1"
	if _, err := m.PaymentURL(o); err != nil {
		t.Errorf("IPv6 payer: %v", err)
	}
}

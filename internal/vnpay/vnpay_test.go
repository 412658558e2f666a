package vnpay

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// The vectors of standards.md §2.
const (
	// (a) VNPay's docs example of a pay URL's query, without its hash (the secret of DEMOV210 is
	// not public).
	vectorA = "vnp_Amount=1806000&vnp_Command=pay&vnp_CreateDate=20210801153333&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_OrderType=other&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl&vnp_TmnCode=DEMOV210&vnp_TxnRef=5&vnp_Version=2.1.0"
	// (b) an IPN from lehuygiang28/vnpay's tests (MIT), signed with "test_secret".
	vectorB       = "vnp_Amount=1000000&vnp_BankCode=NCB&vnp_BankTranNo=VNP14422574&vnp_CardType=ATM&vnp_OrderInfo=Thanh+toan+don+hang+2024-05-21T02%3A17%3A31.249Z&vnp_PayDate=20240521091806&vnp_ResponseCode=00&vnp_TmnCode=TEST_TMN_CODE&vnp_TransactionNo=14422574&vnp_TransactionStatus=00&vnp_TxnRef=1716257871703"
	vectorBSecret = "test_secret"
	vectorBHash   = "649982421beb422556a1374713c74e58e716ecbd05007c0c0e1f7effdfaf361dbf146889ca446139afe11b9954c4d5c486e99e3b86fcfab6957f29eb0be72895"
)

func TestCanonicalVectors(t *testing.T) {
	for _, tc := range []struct {
		name string
		q    url.Values
		want string
	}{
		{"a: VNPay docs, from decoded values", url.Values{
			"vnp_Version": {"2.1.0"}, "vnp_Command": {"pay"}, "vnp_TmnCode": {"DEMOV210"},
			"vnp_Amount": {"1806000"}, "vnp_CreateDate": {"20210801153333"}, "vnp_CurrCode": {"VND"},
			"vnp_IpAddr": {"127.0.0.1"}, "vnp_Locale": {"vn"}, "vnp_OrderInfo": {"Thanh toan don hang :5"},
			"vnp_OrderType": {"other"}, "vnp_ReturnUrl": {"https://domainmerchant.vn/ReturnUrl"}, "vnp_TxnRef": {"5"},
		}, vectorA},
		{"b: IPN read back from its query", mustQuery(t, vectorB+"&vnp_SecureHash="+vectorBHash), vectorB},
		{"hash fields, empty values and other fields left out", url.Values{
			"vnp_TxnRef": {"7"}, "vnp_BankCode": {""}, "vnp_SecureHash": {"ab"}, "vnp_SecureHashType": {"HmacSHA512"},
			"lang": {"en"}, "VNP_Amount": {"1"}, "vnp_Amount": {"100"},
		}, "vnp_Amount=100&vnp_TxnRef=7"},
		{"form encoding: space as +, ~ kept, * and & escaped", url.Values{"vnp_OrderInfo": {"a b~c*d&e=f/g"}},
			"vnp_OrderInfo=a+b~c%2Ad%26e%3Df%2Fg"},
		{"bytewise order: upper case before lower case", url.Values{"vnp_b": {"1"}, "vnp_B": {"2"}, "vnp_a": {"3"}},
			"vnp_B=2&vnp_a=3&vnp_b=1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Canonical(tc.q)
			if err != nil || got != tc.want {
				t.Errorf("Canonical = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestSignVectorB(t *testing.T) {
	if got := Sign(vectorBSecret, vectorB); got != vectorBHash {
		t.Errorf("Sign = %s; want %s", got, vectorBHash)
	}
	got, err := SignQuery(vectorBSecret, mustQuery(t, vectorB))
	if err != nil || got != vectorBHash {
		t.Errorf("SignQuery = %s, %v; want %s", got, err, vectorBHash)
	}
}

func TestCanonicalRefusesRepeatedField(t *testing.T) {
	q := url.Values{"vnp_TxnRef": {"1", "2"}}
	if _, err := Canonical(q); !errors.Is(err, ErrDuplicateField) {
		t.Errorf("Canonical(repeated) err = %v; want ErrDuplicateField", err)
	}
	// Outside the signed fields a repeat is harmless.
	if _, err := Canonical(url.Values{"x": {"1", "2"}}); err != nil {
		t.Errorf("Canonical(repeated non-vnp) err = %v", err)
	}
}

func TestConfigValidate(t *testing.T) {
	good := Config{TmnCode: "DEMOV210", HashSecret: "SECRET", URL: SandboxURL}
	if err := good.Validate(); err != nil {
		t.Fatalf("good config: %v", err)
	}
	if err := (Config{TmnCode: "DEMOV210", HashSecret: "s", URL: "/sandbox/vnpay/pay"}).Validate(); err != nil {
		t.Errorf("a path to the built-in sandbox: %v", err)
	}
	for _, tc := range []struct {
		name  string
		edit  func(*Config)
		field string
	}{
		{"empty code", func(c *Config) { c.TmnCode = "" }, "TmnCode"},
		{"short code", func(c *Config) { c.TmnCode = "DEMOV21" }, "TmnCode"},
		{"code with _", func(c *Config) { c.TmnCode = "DEMO_210" }, "TmnCode"},
		{"no secret", func(c *Config) { c.HashSecret = "" }, "HashSecret"},
		{"secret with a newline", func(c *Config) { c.HashSecret = "SECRET\n" }, "HashSecret"},
		{"no URL", func(c *Config) { c.URL = "" }, "URL"},
		{"ftp URL", func(c *Config) { c.URL = "ftp://sandbox.vnpayment.vn/x" }, "URL"},
		{"URL with query", func(c *Config) { c.URL = SandboxURL + "?a=1" }, "URL"},
		{"URL with credentials", func(c *Config) { c.URL = "https://u:p@sandbox.vnpayment.vn/x" }, "URL"},
		{"relative path", func(c *Config) { c.URL = "sandbox/pay" }, "URL"},
		{"scheme-relative", func(c *Config) { c.URL = "//evil.example/pay" }, "URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := good
			tc.edit(&c)
			if got := badFields(c.Validate()); !slices.Equal(got, []string{tc.field}) {
				t.Errorf("bad fields = %v; want [%s]", got, tc.field)
			}
			if _, err := New(c); err == nil {
				t.Error("New accepted it")
			}
		})
	}
}

func badFields(err error) []string {
	var ie *InputError
	if !errors.As(err, &ie) {
		return nil
	}
	var names []string
	for _, f := range ie.Fields {
		names = append(names, f.Field)
	}
	return names
}

func mustQuery(t testing.TB, s string) url.Values {
	t.Helper()
	q, err := url.ParseQuery(s)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func testMerchant(t testing.TB, secret string) *Merchant {
	t.Helper()
	m, err := New(Config{TmnCode: "DEMOV210", HashSecret: secret, URL: SandboxURL})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestConfigHidesSecret(t *testing.T) {
	c := Config{TmnCode: "DEMOV210", HashSecret: "TOPSECRETVALUE", URL: SandboxURL}
	m, _ := New(c)
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("%v %+v %#v", m, m, m)} {
		if strings.Contains(s, "TOPSECRETVALUE") {
			t.Errorf("printed config shows its secret: %s", s)
		}
	}
}

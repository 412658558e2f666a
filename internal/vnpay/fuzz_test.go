package vnpay

import (
	"context"
	"net/url"
	"strings"
	"testing"
)

// FuzzVerifyIPN: no query makes verification or the IPN's checks panic; a query signed with the
// secret always verifies, on the wire too; changing, dropping or adding any one signed field
// fails it.
func FuzzVerifyIPN(f *testing.F) {
	const secret = vectorBSecret
	f.Add(vectorB + "&vnp_SecureHash=" + vectorBHash)
	f.Add(vectorB)
	f.Add(vectorA)
	f.Add("vnp_SecureHash=&vnp_Amount=&vnp_TxnRef=%00")
	f.Add("vnp_OrderInfo=a+b~c*d%26e&vnp_Amount=-100&vnp_Amount=100&x=%ff")
	f.Add("vnp_SecureHash=" + vectorBHash + "&vnp_SecureHash=" + vectorBHash)
	f.Add("%zz;&&==&vnp_=1")
	m := testMerchant(f, secret)
	f.Fuzz(func(t *testing.T, raw string) {
		q, _ := url.ParseQuery(raw) // what parsed, even when some did not
		p, err := m.VerifyIPN(q)
		l := &fakeLedger{orders: map[string]*OrderState{p.TxnRef: {AmountVND: p.AmountVND}}}
		switch r := m.AnswerIPN(context.Background(), q, l); r {
		case ReplyConfirmed, ReplyOrderNotFound, ReplyInvalidAmount, ReplyAlreadyConfirmed, ReplyInvalidSignature:
			if (err != nil) != (r == ReplyInvalidSignature) {
				t.Fatalf("verify error %v but reply %+v", err, r)
			}
		default:
			t.Fatalf("reply %+v", r)
		}

		// Sign what parsed, each field once, and send it as a query string.
		signed := url.Values{}
		for k, vs := range q {
			if k != fieldHash && len(vs) > 0 {
				signed.Set(k, vs[0])
			}
		}
		h, err := SignQuery(secret, signed)
		if err != nil {
			t.Fatalf("SignQuery: %v", err)
		}
		signed.Set(fieldHash, h)
		wire, err := url.ParseQuery(signed.Encode())
		if err != nil {
			t.Fatalf("own query %q does not parse: %v", signed.Encode(), err)
		}
		p, err = m.VerifyIPN(wire)
		if err != nil {
			t.Fatalf("signed query %q does not verify: %v", signed.Encode(), err)
		}
		if p.TxnRef != signed.Get("vnp_TxnRef") || p.ResponseCode != signed.Get("vnp_ResponseCode") {
			t.Fatalf("read %+v from %v", p, signed)
		}

		for k, vs := range signed {
			if !isSigned(k, vs[0]) {
				continue
			}
			for _, v := range []string{vs[0] + "0", vs[0][1:], ""} {
				changed := clone(signed)
				changed.Set(k, v)
				if _, err := m.VerifyIPN(changed); err == nil {
					t.Fatalf("%s changed from %q to %q still verifies", k, vs[0], v)
				}
			}
			dropped := clone(signed)
			dropped.Del(k)
			if _, err := m.VerifyIPN(dropped); err == nil {
				t.Fatalf("%s dropped still verifies", k)
			}
		}
		if _, ok := signed["vnp_ZzAdded"]; !ok {
			added := clone(signed)
			added.Set("vnp_ZzAdded", "1")
			if _, err := m.VerifyIPN(added); err == nil {
				t.Fatal("an added field still verifies")
			}
		}
	})
}

func isSigned(k, v string) bool {
	return strings.HasPrefix(k, "vnp_") && k != fieldHash && k != fieldHashType && v != ""
}

func clone(q url.Values) url.Values {
	c := url.Values{}
	for k, vs := range q {
		c[k] = append([]string(nil), vs...)
	}
	return c
}

// FuzzReadQuery: the gateway reads any querydr body without panicking, and what it accepts was
// signed by the terminal and answers 00.
func FuzzReadQuery(f *testing.F) {
	g := &Gateway{cfg: Config{TmnCode: "DEMOV210", HashSecret: vectorBSecret}}
	f.Add([]byte(`{"vnp_RequestId":"20240521092000A1","vnp_Version":"2.1.0","vnp_Command":"querydr","vnp_TmnCode":"DEMOV210",` +
		`"vnp_TxnRef":"1716257871703","vnp_OrderInfo":"Truy van GD 1716257871703","vnp_TransactionDate":20240521091731,` +
		`"vnp_CreateDate":"20240521092000","vnp_IpAddr":"127.0.0.1","vnp_SecureHash":"` + queryVectorHash + `"}`))
	f.Add([]byte(`{"vnp_RequestId":null,"vnp_Amount":1e400}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		q, err := g.ReadQuery(body)
		if err != nil {
			if c := QueryCode(err); c == QueryOK || c == QueryOther {
				t.Fatalf("ReadQuery error %v maps to %s", err, c)
			}
			return
		}
		if q.TxnRef == "" || q.TransactionDate.IsZero() || q.CreateAt.IsZero() {
			t.Fatalf("ReadQuery accepted %s as %+v", body, q)
		}
	})
}

package vnpay

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestVerifyIPNVectorB(t *testing.T) {
	m := testMerchant(t, vectorBSecret)
	for _, hash := range []string{vectorBHash, strings.ToUpper(vectorBHash)} {
		p, err := m.VerifyIPN(mustQuery(t, vectorB+"&vnp_SecureHash="+hash))
		if err != nil {
			t.Fatalf("VerifyIPN: %v", err)
		}
		want := Payment{
			TmnCode: "TEST_TMN_CODE", TxnRef: "1716257871703", AmountVND: 10_000,
			ResponseCode: "00", TransactionStatus: "00", TransactionNo: "14422574",
			BankCode: "NCB", BankTranNo: "VNP14422574", CardType: "ATM",
			OrderInfo: "Thanh toan don hang 2024-05-21T02:17:31.249Z",
			PayDate:   time.Date(2024, 5, 21, 2, 18, 6, 0, time.UTC),
		}
		if !p.PayDate.Equal(want.PayDate) {
			t.Errorf("PayDate = %v; want %v (09:18:06 GMT+7)", p.PayDate, want.PayDate)
		}
		p.PayDate = want.PayDate
		if p != want {
			t.Errorf("payment = %+v\nwant %+v", p, want)
		}
		if !p.Paid() {
			t.Error("Paid() = false for 00/00")
		}
	}
}

func TestVerifyIPNFailures(t *testing.T) {
	m := testMerchant(t, vectorBSecret)
	signed := vectorB + "&vnp_SecureHash=" + vectorBHash
	for _, tc := range []struct {
		name  string
		query string
		want  Reason
	}{
		{"no hash", vectorB, ReasonNoHash},
		{"empty hash", vectorB + "&vnp_SecureHash=", ReasonNoHash},
		{"hash not hex", vectorB + "&vnp_SecureHash=" + strings.Repeat("zz", 64), ReasonBadHash},
		{"hash too short", vectorB + "&vnp_SecureHash=" + vectorBHash[:126], ReasonBadHash},
		{"hash too long", signed + "00", ReasonBadHash},
		{"hash given twice", signed + "&vnp_SecureHash=" + vectorBHash, ReasonDuplicate},
		{"amount given twice", signed + "&vnp_Amount=1000000", ReasonDuplicate},
		{"amount changed", strings.Replace(signed, "vnp_Amount=1000000", "vnp_Amount=100000000", 1), ReasonMismatch},
		{"response code changed", strings.Replace(signed, "vnp_ResponseCode=00", "vnp_ResponseCode=24", 1), ReasonMismatch},
		{"field dropped", strings.Replace(signed, "vnp_CardType=ATM&", "", 1), ReasonMismatch},
		{"field added", signed + "&vnp_Extra=1", ReasonMismatch},
		{"hash of another secret", vectorB + "&vnp_SecureHash=" + Sign("other", vectorB), ReasonMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := m.VerifyIPN(mustQuery(t, tc.query))
			var se *SignatureError
			if !errors.As(err, &se) || se.Reason != tc.want {
				t.Errorf("err = %v; want reason %s", err, tc.want)
			}
			if _, err := m.VerifyReturn(mustQuery(t, tc.query)); err == nil {
				t.Error("VerifyReturn accepted it")
			}
		})
	}
	// What is not signed may be added: other parameters, the 2.0 hash type.
	for _, extra := range []string{"&lang=en", "&vnp_SecureHashType=HmacSHA512", "&vnp_BankCode2="} {
		if _, err := m.VerifyIPN(mustQuery(t, signed+extra)); err != nil {
			t.Errorf("%s: %v", extra, err)
		}
	}
}

func TestAmountVND(t *testing.T) {
	for in, want := range map[string]int64{
		"100": 1, "1000000": 10_000, "9223372036854775800": MaxAmountVND,
		"": 0, "0": 0, "150": 0, "99": 0, "-100": 0, "+100": 0, "1e4": 0, " 100": 0, "100.00": 0,
		"9223372036854775900": 0, "00000000000000000100": 0,
	} {
		if got := amountVND(in); got != want {
			t.Errorf("amountVND(%q) = %d; want %d", in, got, want)
		}
	}
}

// fakeLedger keeps orders in memory and counts what the checks asked of it.
type fakeLedger struct {
	orders           map[string]*OrderState
	orderErr, recErr error
	lookups          int
	recorded         []Payment
}

func (l *fakeLedger) Order(_ context.Context, ref string) (OrderState, error) {
	l.lookups++
	if l.orderErr != nil {
		return OrderState{}, l.orderErr
	}
	o, ok := l.orders[ref]
	if !ok {
		return OrderState{}, fmt.Errorf("ledger: %s: %w", ref, ErrOrderNotFound)
	}
	return *o, nil
}

func (l *fakeLedger) Record(_ context.Context, p Payment) error {
	if l.recErr != nil {
		return l.recErr
	}
	o := l.orders[p.TxnRef]
	if o.Repeat(p) {
		return ErrAlreadyConfirmed
	}
	l.recorded = append(l.recorded, p)
	o.Paid, o.Failed = p.Paid(), !p.Paid() && !p.Pending()
	return nil
}

// ipn builds an IPN for ref and amount (đồng ×100, as sent) signed with secret; the
// transaction status is 00 for a success, 07 for 07 and 02 for any other response code.
func ipn(t *testing.T, secret, ref, amount, rsp string) url.Values {
	status := "02"
	if rsp == "00" || rsp == "07" {
		status = rsp
	}
	return ipnStatus(t, secret, ref, amount, rsp, status)
}

// ipnStatus is ipn with its vnp_TransactionStatus given.
func ipnStatus(t *testing.T, secret, ref, amount, rsp, status string) url.Values {
	q := url.Values{
		"vnp_TmnCode": {"DEMOV210"}, "vnp_TxnRef": {ref}, "vnp_Amount": {amount},
		"vnp_ResponseCode": {rsp}, "vnp_TransactionStatus": {status}, "vnp_TransactionNo": {"14422574"},
		"vnp_PayDate": {"20261207101500"}, "vnp_BankCode": {"NCB"},
	}
	h, err := SignQuery(secret, q)
	if err != nil {
		t.Fatal(err)
	}
	q.Set(fieldHash, h)
	return q
}

// Each reply, in VNPay's order of checks: a query that fails several checks gets the first.
func TestAnswerIPNOrder(t *testing.T) {
	const secret = "SECRET"
	m := testMerchant(t, secret)
	otherSecret := "FORGED"
	boom := errors.New("database down")
	for _, tc := range []struct {
		name        string
		q           url.Values
		state       *OrderState // nil: unknown order
		orderErr    error
		recErr      error
		want        Reply
		lookups     int
		wantRecords int
	}{
		{"forged, unknown order", ipn(t, otherSecret, "X1", "1000000", "00"), nil, nil, nil, ReplyInvalidSignature, 0, 0},
		{"forged, wrong amount, confirmed", ipn(t, otherSecret, "A1", "500", "00"), &OrderState{AmountVND: 10_000, Paid: true}, nil, nil, ReplyInvalidSignature, 0, 0},
		{"forged while the ledger is down", ipn(t, otherSecret, "A1", "1000000", "00"), nil, boom, nil, ReplyInvalidSignature, 0, 0},
		{"unknown order, wrong amount", ipn(t, secret, "X1", "500", "00"), nil, nil, nil, ReplyOrderNotFound, 1, 0},
		{"no order ref", ipn(t, secret, "", "1000000", "00"), nil, nil, nil, ReplyOrderNotFound, 0, 0},
		{"wrong amount, already confirmed", ipn(t, secret, "A1", "2000000", "00"), &OrderState{AmountVND: 10_000, Paid: true}, nil, nil, ReplyInvalidAmount, 1, 0},
		{"amount one hào off", ipn(t, secret, "A1", "1000010", "00"), &OrderState{AmountVND: 10_000}, nil, nil, ReplyInvalidAmount, 1, 0},
		{"amount not digits", ipn(t, secret, "A1", "10000.00", "00"), &OrderState{AmountVND: 10_000}, nil, nil, ReplyInvalidAmount, 1, 0},
		{"amount in đồng, not ×100", ipn(t, secret, "A1", "10000", "00"), &OrderState{AmountVND: 10_000}, nil, nil, ReplyInvalidAmount, 1, 0},
		{"already confirmed", ipn(t, secret, "A1", "1000000", "00"), &OrderState{AmountVND: 10_000, Paid: true}, nil, nil, ReplyAlreadyConfirmed, 1, 0},
		{"confirmed by a concurrent IPN", ipn(t, secret, "A1", "1000000", "00"), &OrderState{AmountVND: 10_000}, nil, ErrAlreadyConfirmed, ReplyAlreadyConfirmed, 1, 0},
		{"paid", ipn(t, secret, "A1", "1000000", "00"), &OrderState{AmountVND: 10_000}, nil, nil, ReplyConfirmed, 1, 1},
		{"payer cancelled: recorded, confirmed", ipn(t, secret, "A1", "1000000", "24"), &OrderState{AmountVND: 10_000}, nil, nil, ReplyConfirmed, 1, 1},
		{"success after a recorded failure: the money moved", ipn(t, secret, "A1", "1000000", "00"), &OrderState{AmountVND: 10_000, Failed: true}, nil, nil, ReplyConfirmed, 1, 1},
		{"failure after a recorded failure", ipn(t, secret, "A1", "1000000", "24"), &OrderState{AmountVND: 10_000, Failed: true}, nil, nil, ReplyAlreadyConfirmed, 1, 0},
		{"pending: recorded, the order stays open", ipnStatus(t, secret, "A1", "1000000", "00", "01"), &OrderState{AmountVND: 10_000}, nil, nil, ReplyConfirmed, 1, 1},
		{"stale pending after success", ipnStatus(t, secret, "A1", "1000000", "99", "01"), &OrderState{AmountVND: 10_000, Paid: true}, nil, nil, ReplyAlreadyConfirmed, 1, 0},
		{"stale pending after failure", ipnStatus(t, secret, "A1", "1000000", "99", "01"), &OrderState{AmountVND: 10_000, Failed: true}, nil, nil, ReplyAlreadyConfirmed, 1, 0},
		{"reversed after success", ipnStatus(t, secret, "A1", "1000000", "00", "04"), &OrderState{AmountVND: 10_000, Paid: true}, nil, nil, ReplyAlreadyConfirmed, 1, 0},
		{"lookup fails", ipn(t, secret, "A1", "1000000", "00"), nil, boom, nil, ReplyUnknownError, 1, 0},
		{"record fails", ipn(t, secret, "A1", "1000000", "00"), &OrderState{AmountVND: 10_000}, nil, boom, ReplyUnknownError, 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := &fakeLedger{orders: map[string]*OrderState{}, orderErr: tc.orderErr, recErr: tc.recErr}
			if tc.state != nil {
				s := *tc.state
				l.orders[tc.q.Get("vnp_TxnRef")] = &s
			}
			if got := m.AnswerIPN(context.Background(), tc.q, l); got != tc.want {
				t.Errorf("reply %+v; want %+v", got, tc.want)
			}
			if l.lookups != tc.lookups || len(l.recorded) != tc.wantRecords {
				t.Errorf("lookups %d, records %d; want %d, %d", l.lookups, len(l.recorded), tc.lookups, tc.wantRecords)
			}
			if len(l.recorded) == 1 {
				p := l.recorded[0]
				if p.TxnRef != "A1" || p.AmountVND != 10_000 || p.Paid() != (tc.q.Get("vnp_ResponseCode") == "00" && tc.q.Get("vnp_TransactionStatus") == "00") {
					t.Errorf("recorded %+v", p)
				}
			}
		})
	}
}

// VNPay repeats an IPN until it hears 00 or 02: the repeat is 02 and records nothing.
func TestAnswerIPNRepeated(t *testing.T) {
	m := testMerchant(t, "SECRET")
	l := &fakeLedger{orders: map[string]*OrderState{"A1": {AmountVND: 10_000}}}
	q := ipn(t, "SECRET", "A1", "1000000", "00")
	for i, want := range []Reply{ReplyConfirmed, ReplyAlreadyConfirmed, ReplyAlreadyConfirmed} {
		if got := m.AnswerIPN(context.Background(), q, l); got != want {
			t.Errorf("IPN #%d: %+v; want %+v", i+1, got, want)
		}
	}
	if len(l.recorded) != 1 {
		t.Errorf("recorded %d times; want once", len(l.recorded))
	}
}

// What VNPay may say of a transaction (standards.md §2), and what the merchant makes of it.
func TestPaymentResult(t *testing.T) {
	for _, c := range []struct {
		rsp, status   string
		paid, pending bool
	}{
		{"00", "00", true, false},
		{"00", "01", false, true},  // not finished
		{"99", "01", false, true},  // not finished
		{"07", "07", false, true},  // debited, held as suspected fraud
		{"07", "00", false, true},  // idem
		{"24", "02", false, false}, // cancelled by the payer
		{"51", "02", false, false}, // insufficient funds
		{"11", "02", false, false}, // timed out
		{"00", "04", false, false}, // reversed: the bank gives the money back
		{"", "", false, false},
	} {
		p := Payment{ResponseCode: c.rsp, TransactionStatus: c.status}
		if p.Paid() != c.paid || p.Pending() != c.pending {
			t.Errorf("%s/%s: Paid %v, Pending %v; want %v, %v", c.rsp, c.status, p.Paid(), p.Pending(), c.paid, c.pending)
		}
	}
}

// A success after a recorded failure counts once; pending IPNs before it change nothing.
func TestAnswerIPNPendingFailedPaid(t *testing.T) {
	m := testMerchant(t, "SECRET")
	l := &fakeLedger{orders: map[string]*OrderState{"A1": {AmountVND: 10_000}}}
	ctx := context.Background()
	for i, s := range []struct {
		q    url.Values
		want Reply
		o    OrderState
	}{
		{ipnStatus(t, "SECRET", "A1", "1000000", "99", "01"), ReplyConfirmed, OrderState{AmountVND: 10_000}},
		{ipn(t, "SECRET", "A1", "1000000", "51"), ReplyConfirmed, OrderState{AmountVND: 10_000, Failed: true}},
		{ipnStatus(t, "SECRET", "A1", "1000000", "99", "01"), ReplyAlreadyConfirmed, OrderState{AmountVND: 10_000, Failed: true}},
		{ipn(t, "SECRET", "A1", "1000000", "00"), ReplyConfirmed, OrderState{AmountVND: 10_000, Paid: true}},
		{ipn(t, "SECRET", "A1", "1000000", "00"), ReplyAlreadyConfirmed, OrderState{AmountVND: 10_000, Paid: true}},
		{ipn(t, "SECRET", "A1", "1000000", "24"), ReplyAlreadyConfirmed, OrderState{AmountVND: 10_000, Paid: true}},
	} {
		if got := m.AnswerIPN(ctx, s.q, l); got != s.want {
			t.Errorf("IPN #%d: %+v; want %+v", i+1, got, s.want)
		}
		if *l.orders["A1"] != s.o {
			t.Errorf("after IPN #%d: %+v; want %+v", i+1, *l.orders["A1"], s.o)
		}
	}
}

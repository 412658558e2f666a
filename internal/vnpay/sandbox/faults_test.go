package sandbox_test

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/vnpay"
	"github.com/motcua/motcua/internal/vnpay/sandbox"
)

func TestFaultDecline(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.sb.SetFaults(sandbox.Faults{Decline: "51"})
		created := e.clock()
		p := e.returned(e.submit(e.open(e.order("F-1", 10_000)), "NCB", "confirm"))
		if p.Paid() || p.ResponseCode != "51" || p.TransactionStatus != "02" {
			t.Errorf("return = %+v; want declined 51/02", p)
		}
		e.work()
		if r := e.ledger.result("F-1"); r == nil || r.Paid() || r.ResponseCode != "51" {
			t.Errorf("ledger = %+v; want the declined result", r)
		}
		if r, err := e.query("F-1", created); err != nil || r.Paid() || r.TransactionStatus != "02" {
			t.Errorf("QueryDR = %+v, %v; want failed", r, err)
		}
	})
}

// A dropped IPN leaves the merchant to find the payment by querydr.
func TestFaultDropIPN(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.sb.SetFaults(sandbox.Faults{DropIPN: true})
		created := e.clock()
		e.returned(e.submit(e.open(e.order("F-2", 10_000)), "NCB", "confirm"))
		e.advance(time.Hour)
		e.work()
		if replies, _ := e.got(); len(replies) != 0 || e.ledger.result("F-2") != nil {
			t.Errorf("IPNs %v; want none", replies)
		}
		if r, err := e.query("F-2", created); err != nil || !r.Paid() {
			t.Errorf("QueryDR = %+v, %v; want paid", r, err)
		}
	})
}

// Repeated IPNs: the first is confirmed, the others answered 02, the money counted once.
func TestFaultDuplicate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.sb.SetFaults(sandbox.Faults{Duplicate: 3})
		p := e.returned(e.submit(e.open(e.order("F-3", 10_000)), "NCB", "confirm"))
		e.work()
		replies, ipns := e.got()
		if !slices.Equal(replies, []string{"00", "02", "02", "02"}) {
			t.Errorf("replies %v; want 00 then 02 three times", replies)
		}
		for _, ipn := range ipns {
			if ipn.TransactionNo != p.TransactionNo || !ipn.Paid() {
				t.Errorf("IPN %+v; want the same paid transaction %s", ipn, p.TransactionNo)
			}
		}
		if r := e.ledger.result("F-3"); r == nil || !r.Paid() {
			t.Errorf("ledger = %+v; want paid once", r)
		}
	})
}

// A delayed IPN arrives after the payer is back: until then the merchant knows nothing.
func TestFaultDelay(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.sb.SetFaults(sandbox.Faults{Delay: 10 * time.Minute})
		e.returned(e.submit(e.open(e.order("F-4", 10_000)), "NCB", "confirm"))
		e.work()
		e.advance(9 * time.Minute)
		e.work()
		if replies, _ := e.got(); len(replies) != 0 {
			t.Fatalf("IPNs %v before the delay; want none", replies)
		}
		e.advance(2 * time.Minute)
		e.work()
		if replies, _ := e.got(); !slices.Equal(replies, []string{"00"}) {
			t.Errorf("IPNs %v after the delay; want one, 00", replies)
		}
	})
}

// A stale IPN (pending, from before the payer finished) after the success one changes nothing.
func TestFaultReorder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.sb.SetFaults(sandbox.Faults{Reorder: true})
		e.returned(e.submit(e.open(e.order("F-5", 10_000)), "NCB", "confirm"))
		e.work()
		replies, ipns := e.got()
		if !slices.Equal(replies, []string{"00", "02"}) || len(ipns) != 2 || !ipns[0].Paid() ||
			ipns[1].Paid() || ipns[1].TransactionStatus != "01" {
			t.Errorf("IPNs %v %+v; want paid (00) then a stale pending one (02)", replies, ipns)
		}
		if r := e.ledger.result("F-5"); r == nil || !r.Paid() {
			t.Errorf("ledger = %+v; want paid", r)
		}
	})
}

// Down: the pay page and querydr answer 503 and no IPN goes out; up again, the IPN is retried.
func TestFaultDown(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		created := e.clock()
		payURL := e.order("F-6", 10_000)
		q := e.open(payURL)
		e.returned(e.submit(q, "NCB", "confirm"))

		e.sb.SetFaults(sandbox.Faults{Down: true})
		if code, _ := e.get(payURL); code != http.StatusServiceUnavailable {
			t.Errorf("pay page while down = %d; want 503", code)
		}
		if resp := e.submit(q, "NCB", "confirm"); resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("confirm while down = %d; want 503", resp.StatusCode)
		}
		if _, err := e.query("F-6", created); !errors.Is(err, vnpay.ErrUnavailable) {
			t.Errorf("QueryDR while down = %v; want ErrUnavailable", err)
		}
		e.work()
		if replies, _ := e.got(); len(replies) != 0 {
			t.Errorf("IPNs while down %v; want none", replies)
		}

		e.sb.SetFaults(sandbox.Faults{})
		e.advance(time.Minute) // the first retry's backoff
		e.work()
		if replies, _ := e.got(); !slices.Equal(replies, []string{"00"}) {
			t.Errorf("IPNs once up %v; want one, 00", replies)
		}
		if r, err := e.query("F-6", created); err != nil || !r.Paid() {
			t.Errorf("QueryDR once up = %+v, %v; want paid", r, err)
		}
	})
}

// Faults may be combined, and changed between payments.
func TestFaultsCombined(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	e.sb.SetFaults(sandbox.Faults{Duplicate: 1, Reorder: true, Delay: time.Minute})
	e.returned(e.submit(e.open(e.order("F-7", 10_000)), "NCB", "confirm"))
	e.sb.SetFaults(sandbox.Faults{})
	e.returned(e.submit(e.open(e.order("F-8", 20_000)), "NCB", "confirm"))
	e.work()
	if replies, _ := e.got(); !slices.Equal(replies, []string{"00"}) {
		t.Errorf("IPNs before the delay %v; want only F-8's", replies)
	}
	e.advance(time.Minute)
	e.work()
	replies, ipns := e.got()
	var refs []string
	for _, p := range ipns {
		refs = append(refs, p.TxnRef)
	}
	if !slices.Equal(replies, []string{"00", "00", "02", "02"}) || strings.Join(refs, ",") != "F-8,F-7,F-7,F-7" {
		t.Errorf("IPNs %v for %v; want F-8 00, then F-7 00, 02 (repeat), 02 (stale)", replies, refs)
	}
	if got := e.sb.Faults(); got != (sandbox.Faults{}) {
		t.Errorf("Faults() = %+v; want none", got)
	}
}

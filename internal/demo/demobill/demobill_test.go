package demobill

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/bills"
	"github.com/motcua/motcua/internal/vntime"
)

// TestTiered checks the tiered tariffs against sums worked by hand.
func TestTiered(t *testing.T) {
	evn := [][2]int64{{50, 1984}, {100, 2050}, {200, 2380}, {300, 2998}, {400, 3350}, {0, 3460}}
	for _, c := range []struct{ use, want int64 }{
		{30, 30 * 1984},
		{120, 50*1984 + 50*2050 + 20*2380},
		{450, 50*1984 + 50*2050 + 100*2380 + 100*2998 + 100*3350 + 50*3460},
	} {
		if got := tiered(c.use, evn); got != c.want {
			t.Errorf("tiered(%d, EVN) = %d; want %d", c.use, got, c.want)
		}
	}
	if got, want := tiered(25, [][2]int64{{10, 8500}, {20, 9900}, {30, 16000}, {0, 27000}}), int64(10*8500+10*9900+5*16000); got != want {
		t.Errorf("tiered(25, water) = %d; want %d", got, want)
	}
}

// TestDemoCustomers: samples are customers with bills, computed the same on every call; a
// code that fails the Luhn check is unknown; Pay is idempotent by reference.
func TestDemoCustomers(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 3, 1, 0, 30, 0, 0, vntime.Location()) }
	ctx := context.Background()
	for _, b := range All(now) {
		in := b.Info()
		if len(in.Samples) != 20 {
			t.Fatalf("%s: %d samples; want 20", in.Code, len(in.Samples))
		}
		for _, c := range in.Samples {
			if !in.Pattern.MatchString(c) {
				t.Errorf("%s: sample %q does not match %s", in.Code, c, in.Pattern)
			}
			one, err := b.Fetch(ctx, c)
			two, _ := b.Fetch(ctx, c)
			if err != nil || len(one) != 3 || one[0] != two[0] || one[0].Paid || one[0].Period != "2026-02" || one[2].Period != "2025-12" {
				t.Fatalf("%s.Fetch(%s) = %+v, %v; want December to February, February unpaid, the same twice", in.Code, c, one, err)
			}
		}
		bad := in.Samples[0][:len(in.Samples[0])-1] + string('0'+(in.Samples[0][len(in.Samples[0])-1]-'0'+1)%10)
		if _, err := b.Fetch(ctx, bad); err != bills.ErrUnknownCustomer {
			t.Errorf("%s.Fetch(%s) = %v; want ErrUnknownCustomer", in.Code, bad, err)
		}
		r1, _ := b.Pay(ctx, bills.Payment{Ref: "P1"})
		r2, _ := b.Pay(ctx, bills.Payment{Ref: "P1"})
		r3, _ := b.Pay(ctx, bills.Payment{Ref: "P2"})
		if r1 == "" || r1 != r2 || r1 == r3 {
			t.Errorf("%s.Pay receipts %q, %q, %q; want one per reference", in.Code, r1, r2, r3)
		}
	}
}

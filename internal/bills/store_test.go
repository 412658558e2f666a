package bills_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/bills"
	"github.com/motcua/motcua/internal/db"
	"github.com/motcua/motcua/internal/db/dbtest"
	"github.com/motcua/motcua/internal/demo/demobill"
	"github.com/motcua/motcua/internal/job"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/vntime"
)

// today is the demo billers' clock in these tests: bills for September, October and November.
var today = time.Date(2026, 12, 7, 9, 0, 0, 0, vntime.Location())

type fixture struct {
	d       *db.DB
	s       *bills.Store
	billers []*demobill.Biller
	u, u2   *org.User
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	bs := demobill.All(func() time.Time { return today })
	list := make([]bills.Biller, len(bs))
	for i, b := range bs {
		list[i] = b
	}
	reg, err := bills.NewRegistry(list...)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{d: d, s: bills.NewStore(d, reg), billers: bs, u: citizen(t, d, "congdan"), u2: citizen(t, d, "congdan2")}
}

func citizen(t *testing.T, d *db.DB, name string) *org.User {
	t.Helper()
	id, err := db.InsertID(context.Background(), d, `INSERT INTO users (username, password_hash, full_name, role, created_at) VALUES (?, 'x', ?, 'citizen', ?)`,
		name, name, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return &org.User{ID: id, Username: name, Role: org.RoleCitizen}
}

func kind(t *testing.T, err error, want apperr.Kind, what string) {
	t.Helper()
	if got := apperr.KindOf(err); got != want {
		t.Errorf("%s: error %v (kind %d); want kind %d", what, err, got, want)
	}
}

// unknown is a well-formed code the demo biller does not have: the sample with its last digit
// changed fails the Luhn check.
func unknown(code string) string {
	last := code[len(code)-1]
	return code[:len(code)-1] + string('0'+(last-'0'+5)%10)
}

// TestFetchEachCategory fetches a sample customer's bills from every demo biller: three
// months, the newest unpaid; an unknown customer is 404, a malformed code 422 naming customer,
// an unknown biller 404, nobody signed in 401.
func TestFetchEachCategory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		seen := map[bills.Category]bool{}
		period := regexp.MustCompile(`^2026-(09|10|11)$`)
		for _, in := range f.s.Registry().Billers() {
			seen[in.Category] = true
			got, err := f.s.Fetch(ctx, f.u, in.Code, " "+in.Samples[0]+" ")
			if err != nil {
				t.Fatalf("Fetch(%s, %s): %v", in.Code, in.Samples[0], err)
			}
			if len(got) != 3 || got[0].Status != bills.Unpaid || got[0].Period != "2026-11" || got[2].Status != bills.Paid {
				t.Fatalf("Fetch(%s, %s) = %+v; want three months, November unpaid, September paid", in.Code, in.Samples[0], got)
			}
			for _, b := range got {
				if len(b.ID) != 16 || b.AmountVND < 10000 || b.AmountVND > 5_000_000 || !period.MatchString(b.Period) ||
					b.Customer != in.Samples[0] || b.Biller != in.Code || !strings.HasPrefix(b.DueOn, "2026-1") || b.Description == "" {
					t.Errorf("Fetch(%s): bill %+v is not a plausible monthly bill", in.Code, b)
				}
			}
			again, err := f.s.Fetch(ctx, f.u2, in.Code, in.Samples[0])
			if err != nil || len(again) != 3 || again[0].ID != got[0].ID || again[0].AmountVND != got[0].AmountVND {
				t.Errorf("refetch(%s) = %+v, %v; want the same bills under the same ids", in.Code, again, err)
			}
			_, err = f.s.Fetch(ctx, f.u, in.Code, unknown(in.Samples[0]))
			kind(t, err, apperr.KindNotFound, "Fetch of an unknown customer of "+in.Code)
			_, err = f.s.Fetch(ctx, f.u, in.Code, "12 chữ")
			kind(t, err, apperr.KindUnprocessable, "Fetch of a malformed code of "+in.Code)
			if e, ok := apperr.As(err); !ok || len(e.Fields) != 1 || e.Fields[0].Path != "customer" || !strings.Contains(e.Fields[0].MessageEn, "e.g.") &&
				!strings.Contains(e.Fields[0].MessageEn, "digits") {
				t.Errorf("malformed code of %s: %v; want the field customer with the expected form", in.Code, err)
			}
		}
		for _, c := range bills.Categories {
			if !seen[c] {
				t.Errorf("no demo biller of category %s", c)
			}
		}
		_, err := f.s.Fetch(ctx, f.u, "NOPE", "123")
		kind(t, err, apperr.KindNotFound, "Fetch of an unknown biller")
		_, err = f.s.Fetch(ctx, nil, "EVNHANOI", f.billers[0].Info().Samples[0])
		kind(t, err, apperr.KindUnauthenticated, "Fetch with nobody signed in")
	})
}

func pay(t *testing.T, d *db.DB, s *bills.Store, ref, payment string) error {
	t.Helper()
	return d.InTx(context.Background(), func(tx *db.Tx) error { return s.Paid(context.Background(), tx, ref, payment, today) })
}

func jobs(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), `SELECT COUNT(*) FROM jobs WHERE kind = ?`, bills.ConfirmKind).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestPaidOnce: Owed gives the bill's amount and biller; Paid records a payment once (again
// with the same payment is no change and queues nothing more), refuses a second payment, and
// a refetch keeps the bill paid whatever the biller says.
func TestPaidOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		code := f.billers[0].Info().Samples[1]
		got, err := f.s.Fetch(ctx, f.u, "EVNHANOI", code)
		if err != nil {
			t.Fatal(err)
		}
		b := got[0]
		amount, payee, desc, err := f.s.Owed(ctx, f.u2, b.ID)
		if err != nil || amount != b.AmountVND || payee != "EVNHANOI" || !strings.Contains(desc, "Tiền điện tháng 11/2026") || !strings.Contains(desc, code) {
			t.Fatalf("Owed = %d, %q, %q, %v; want %d to EVNHANOI for November", amount, payee, desc, err, b.AmountVND)
		}
		_, _, _, err = f.s.Owed(ctx, f.u, "0123456789abcdef")
		kind(t, err, apperr.KindNotFound, "Owed of an unknown bill")
		_, _, _, err = f.s.Owed(ctx, nil, b.ID)
		kind(t, err, apperr.KindNotFound, "Owed with no payer")
		kind(t, pay(t, d, f.s, "nope", "P1"), apperr.KindNotFound, "Paid of an unknown bill")

		if err := pay(t, d, f.s, b.ID, "P1"); err != nil {
			t.Fatalf("Paid: %v", err)
		}
		if err := pay(t, d, f.s, b.ID, "P1"); err != nil {
			t.Errorf("Paid again by the same payment: %v; want no change", err)
		}
		if n := jobs(t, d); n != 1 {
			t.Errorf("%d confirmation jobs; want 1", n)
		}
		kind(t, pay(t, d, f.s, b.ID, "P2"), apperr.KindConflict, "a second payment of a paid bill")
		kind(t, pay(t, d, f.s, got[1].ID, "P1"), apperr.KindConflict, "one payment paying a second bill")
		_, _, _, err = f.s.Owed(ctx, f.u, b.ID)
		kind(t, err, apperr.KindConflict, "Owed of a paid bill")

		// A rolled-back payment leaves the bill unpaid and queues nothing.
		other := got[1]
		if other.Status == bills.Unpaid {
			boom := errors.New("rollback")
			if err := d.InTx(ctx, func(tx *db.Tx) error {
				if err := f.s.Paid(ctx, tx, other.ID, "P3", today); err != nil {
					return err
				}
				return boom
			}); !errors.Is(err, boom) {
				t.Fatal(err)
			}
		}

		again, err := f.s.Fetch(ctx, f.u, "EVNHANOI", code)
		if err != nil {
			t.Fatal(err)
		}
		if again[0].ID != b.ID || again[0].Status != bills.Paid || again[0].PaidBy != "P1" || again[0].PaidAt == nil || !again[0].PaidAt.Equal(today) {
			t.Errorf("refetch after paying = %+v; want the bill still paid by P1 at %v", again[0], today)
		}
		if again[1].Status != other.Status || jobs(t, d) != 1 {
			t.Errorf("after a rolled-back payment: status %s, %d jobs; want %s and 1", again[1].Status, jobs(t, d), other.Status)
		}
	})
}

// clock is a settable clock for the queue.
type clock struct{ t atomic.Pointer[time.Time] }

func (c *clock) Now() time.Time      { return *c.t.Load() }
func (c *clock) Add(d time.Duration) { t := c.Now().Add(d); c.t.Store(&t) }

// TestConfirmRetries: the confirmation job tells the biller of the payment; a biller that
// fails is asked again after the queue's backoff, and the bill records the biller's receipt.
func TestConfirmRetries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		water := f.billers[1]
		var calls atomic.Int32
		water.Fail = func() error {
			if calls.Add(1) == 1 {
				return errors.New("HAWACOM: hệ thống bận")
			}
			return nil
		}
		got, err := f.s.Fetch(ctx, f.u, "NUOCSACHHN", water.Info().Samples[0])
		if err != nil {
			t.Fatal(err)
		}
		if err := pay(t, d, f.s, got[0].ID, "PAY-W1"); err != nil {
			t.Fatal(err)
		}
		var clk clock
		now := time.Now().Add(time.Second)
		clk.t.Store(&now)
		q := job.New(d, nil)
		q.Now = clk.Now
		q.Register(f.s.Kind())
		confirmed := func() *bills.Bill {
			t.Helper()
			b, err := f.s.Bill(ctx, f.u, got[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		if _, err := q.Work(ctx); err != nil {
			t.Fatal(err)
		}
		if calls.Load() != 1 || confirmed().ConfirmedAt != nil {
			t.Fatalf("after the biller failed: %d calls, confirmed %v; want 1 call, not confirmed", calls.Load(), confirmed().ConfirmedAt)
		}
		if n, _ := q.Work(ctx); n != 0 {
			t.Errorf("the failed job ran again before its backoff")
		}
		clk.Add(2 * time.Minute)
		if _, err := q.Work(ctx); err != nil {
			t.Fatal(err)
		}
		b := confirmed()
		if calls.Load() != 2 || b.ConfirmedAt == nil || !strings.HasPrefix(b.BillerReceipt, "NUOCSACHHN-") {
			t.Fatalf("after the retry: %d calls, bill %+v; want 2 calls and the biller's receipt", calls.Load(), b)
		}
		if st, r, _ := water.Status(ctx, "PAY-W1"); st != bills.StateConfirmed || r != b.BillerReceipt {
			t.Errorf("biller's Status = %s, %s; want confirmed with %s", st, r, b.BillerReceipt)
		}
	})
}

// TestSaved: a citizen saves customer codes with labels, at most MaxSaved; saving one again
// changes its label; another citizen sees none of them; forgetting one twice is 404.
func TestSaved(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		evn := f.billers[0].Info()
		for i, c := range evn.Samples[:bills.MaxSaved] {
			if _, err := f.s.Save(ctx, f.u, "EVNHANOI", c, "Nhà "+string(rune('A'+i))); err != nil {
				t.Fatalf("Save #%d: %v", i+1, err)
			}
		}
		_, err := f.s.Save(ctx, f.u, "VNPT", f.billers[2].Info().Samples[0], "")
		kind(t, err, apperr.KindUnprocessable, "saving one code more than MaxSaved")
		if v, err := f.s.Save(ctx, f.u, "EVNHANOI", evn.Samples[0], "Nhà bố mẹ"); err != nil || v.Label != "Nhà bố mẹ" {
			t.Errorf("Save again = %+v, %v; want the new label", v, err)
		}
		list, err := f.s.Saved(ctx, f.u)
		if err != nil || len(list) != bills.MaxSaved || list[0].Label != "Nhà bố mẹ" || list[0].Customer != evn.Samples[0] {
			t.Fatalf("Saved = %d codes, %v; want %d, the first relabelled", len(list), err, bills.MaxSaved)
		}
		if l2, _ := f.s.Saved(ctx, f.u2); len(l2) != 0 {
			t.Errorf("another citizen sees %d saved codes; want 0", len(l2))
		}
		_, err = f.s.Save(ctx, f.u2, "EVNHANOI", evn.Samples[0], strings.Repeat("x", bills.MaxLabel+1))
		kind(t, err, apperr.KindUnprocessable, "a label too long")
		_, err = f.s.Save(ctx, f.u2, "EVNHANOI", unknown(evn.Samples[0]), "")
		kind(t, err, apperr.KindNotFound, "saving an unknown customer")
		_, err = f.s.Save(ctx, f.u2, "EVNHANOI", "PD12", "")
		kind(t, err, apperr.KindUnprocessable, "saving a malformed code")
		if err := f.s.Forget(ctx, f.u, "EVNHANOI", evn.Samples[0]); err != nil {
			t.Fatal(err)
		}
		kind(t, f.s.Forget(ctx, f.u, "EVNHANOI", evn.Samples[0]), apperr.KindNotFound, "forgetting twice")
		if _, err := f.s.Save(ctx, f.u, "VNPT", f.billers[2].Info().Samples[0], "Di động"); err != nil {
			t.Errorf("Save after forgetting one: %v", err)
		}
	})
}

// TestComplain files a complaint about a bill and gets the biller's ticket; an empty one is
// 422 naming text, and one citizen files at most MaxBillComplain per bill.
func TestComplain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		got, err := f.s.Fetch(ctx, f.u, "IPARKING", "30A-"+f.billers[4].Info().Samples[0][3:])
		if err != nil {
			t.Fatal(err)
		}
		for i := range bills.MaxBillComplain {
			tk, err := f.s.Complain(ctx, f.u, got[0].ID, "Tôi không đỗ xe ngày 12.")
			if err != nil || !strings.HasPrefix(tk.Ticket, "KN-IPARKING-") || tk.Status != "open" || tk.ID == 0 {
				t.Fatalf("Complain #%d = %+v, %v; want an open complaint with the biller's ticket", i+1, tk, err)
			}
		}
		_, err = f.s.Complain(ctx, f.u, got[0].ID, "Lần nữa")
		kind(t, err, apperr.KindUnprocessable, "one complaint too many")
		_, err = f.s.Complain(ctx, f.u2, got[0].ID, "  ")
		kind(t, err, apperr.KindUnprocessable, "an empty complaint")
		_, err = f.s.Complain(ctx, f.u2, "nope", "x")
		kind(t, err, apperr.KindNotFound, "a complaint about no bill")
	})
}

// TestPaidRace: two payments of one bill recorded at once (two gateways' confirmations racing):
// exactly one pays it, the other is a conflict, and one confirmation is queued.
func TestPaidRace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		got, err := f.s.Fetch(context.Background(), f.u, "VNEDU", f.billers[5].Info().Samples[0])
		if err != nil {
			t.Fatal(err)
		}
		errs := make(chan error, 8)
		for i := range 8 {
			go func() { errs <- pay(t, d, f.s, got[0].ID, "RACE-"+string(rune('A'+i))) }()
		}
		var ok, conflicts int
		for range 8 {
			switch err := <-errs; {
			case err == nil:
				ok++
			case apperr.KindOf(err) == apperr.KindConflict:
				conflicts++
			default:
				t.Errorf("Paid: %v", err)
			}
		}
		if ok != 1 || conflicts != 7 || jobs(t, d) != 1 {
			t.Errorf("8 racing payments: %d recorded, %d conflicts, %d jobs; want 1, 7, 1", ok, conflicts, jobs(t, d))
		}
	})
}

// TestLookupLimit: one user's look-ups of customer codes are limited (a bill shows a
// household's consumption); another user is not held back by them; malformed codes do not count.
func TestLookupLimit(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	ctx := context.Background()
	code := f.billers[0].Info().Samples[0]
	for range bills.LookupBurst + 5 {
		if _, err := f.s.Fetch(ctx, f.u, "EVNHANOI", "PD1"); apperr.KindOf(err) != apperr.KindUnprocessable {
			t.Fatalf("malformed look-up: %v; want 422", err)
		}
	}
	limited := false
	for i := 0; i < bills.LookupBurst+10 && !limited; i++ {
		_, err := f.s.Fetch(ctx, f.u, "EVNHANOI", code)
		limited = apperr.KindOf(err) == apperr.KindRateLimited
		if err != nil && !limited {
			t.Fatal(err)
		}
		if limited && i < bills.LookupBurst {
			t.Fatalf("look-up #%d limited; want a burst of %d", i+1, bills.LookupBurst)
		}
	}
	if !limited {
		t.Errorf("%d look-ups in a row were all allowed", bills.LookupBurst+10)
	}
	if _, err := f.s.Fetch(ctx, f.u2, "EVNHANOI", code); err != nil {
		t.Errorf("another user's look-up: %v", err)
	}
}

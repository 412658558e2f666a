package calendar

import (
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkDue measures due dates computed from the per-year tables (built before the timer
// starts). Target: 1,000,000 due dates a second on one core; the ratio is reported, never
// asserted.
func BenchmarkDue(b *testing.B) {
	c := mustNew(b)
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 4096
	received := make([]time.Time, n)
	days := make([]int, n)
	start := vn(2025, 1, 1, 0, 0)
	for i := range n {
		received[i] = start.Add(time.Duration(rng.Int64N(int64(3 * 365 * 24 * time.Hour))))
		days[i] = rng.IntN(61) // 0..60 working days
	}
	for y := 2025; y <= 2029; y++ { // warm the tables the inputs reach
		if _, err := c.year(y); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	count := 0
	for b.Loop() {
		i := count % n
		if _, err := c.Due(received[i], days[i]); err != nil {
			b.Fatal(err)
		}
		count++
	}
	perSec := float64(count) / b.Elapsed().Seconds()
	b.ReportMetric(perSec, "due-dates/s")
	b.ReportMetric(perSec/1e6, "x-target")
}

// BenchmarkNewCalendarYear measures building one year's table, the cost of a first use.
func BenchmarkNewCalendarYear(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		c := mustNew(b)
		if _, err := c.year(2026); err != nil {
			b.Fatal(err)
		}
	}
}

package ratelimit

import (
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	l := NewWithClock(20, 10, func() time.Time { return now })
	for i := range 10 {
		if !l.Allow("a") {
			t.Fatalf("Allow(a) #%d = false; want true within the burst of 10", i+1)
		}
	}
	if l.Allow("a") {
		t.Errorf("Allow(a) #11 = true; want false after the burst")
	}
	if !l.Allow("b") {
		t.Errorf("Allow(b) = false; want true: keys have their own buckets")
	}
	now = now.Add(3 * time.Second) // 20 a minute: one token every 3 s
	if !l.Allow("a") {
		t.Errorf("Allow(a) after 3 s = false; want true")
	}
	if l.Allow("a") {
		t.Errorf("Allow(a) again = true; want false")
	}
	now = now.Add(time.Hour)
	for i := range 10 {
		if !l.Allow("a") {
			t.Fatalf("Allow(a) #%d after an hour = false; want a full burst", i+1)
		}
	}
	if l.Allow("a") {
		t.Errorf("the bucket refilled past its burst")
	}
	if n := len(l.buckets); n != 1 {
		t.Errorf("%d buckets after an hour; want the idle one forgotten", n)
	}
}

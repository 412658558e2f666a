// Package ratelimit holds a per-key token bucket kept in memory, for the public endpoints that
// must not be enumerated (dossier tracking). Each replica limits its own traffic; a deployment
// behind a shared proxy limits there too.
package ratelimit

import (
	"sync"
	"time"
)

// Limiter allows each key a burst of requests and then a steady rate. The zero value is not
// usable; build one with New.
type Limiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	buckets map[string]*bucket
	swept   time.Time
	now     func() time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// idle is how long a key's bucket is kept after its last request; a full bucket refills well
// within it, so forgetting it changes nothing.
const idle = 10 * time.Minute

// New returns a limiter allowing perMinute requests a minute per key, with bursts of burst.
func New(perMinute, burst int) *Limiter {
	return NewWithClock(perMinute, burst, time.Now)
}

// Tracking is the limiter of public tracking look-ups, perMinute a minute per client address
// and half of them at once (config.TrackPerMinute; 20 when perMinute is not positive): the
// API's and the portal's page each keep one.
func Tracking(perMinute int) *Limiter {
	if perMinute <= 0 {
		perMinute = 20
	}
	return New(perMinute, max(perMinute/2, 1))
}

// NewWithClock is New with the clock given, for tests.
func NewWithClock(perMinute, burst int, now func() time.Time) *Limiter {
	return &Limiter{rate: float64(perMinute) / 60, burst: float64(burst), buckets: map[string]*bucket{}, now: now}
}

// Allow reports whether key may make a request now, and counts it when it may.
func (l *Limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.swept) > time.Minute { // forget idle keys so the map stays small
		for k, b := range l.buckets {
			if now.Sub(b.at) > idle {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

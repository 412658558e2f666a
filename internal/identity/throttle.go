package identity

import (
	"sync"
	"time"
)

// Sign-in throttling. Every password sign-in takes a token from two buckets, one for the login
// it names (whether or not an account has it, so throttling reveals nothing) and one for the
// client's address; a success gives the account's bucket back in full. A bucket that a failure
// empties locks its key for a backoff that doubles with each lockout in a row (lockoutBase,
// 2×, 4×… up to lockoutMax), after which one attempt is allowed and the bucket refills
// steadily. An attempt while a key is locked, or with an empty bucket, is refused before any
// database read or password hash.
//
// The buckets are kept in memory, per replica: N replicas behind a balancer let an attacker
// N times the attempts, which is still a bounded number, and no database write is needed for
// a refused attempt, so a flood cannot turn into write load (ARCHITECTURE.md).
const (
	AccountBurst   = 5                // failed sign-ins in a row for one login before a lockout
	AccountRefill  = time.Minute      // one more attempt for a login each minute
	AddressBurst   = 20               // failed sign-ins from one address, across logins
	AddressRefill  = 30 * time.Second // one more attempt for an address each 30 seconds
	lockoutBase    = time.Minute
	lockoutMax     = time.Hour
	throttleMaxKey = 200_000 // keys kept at most; beyond, idle keys are dropped first
)

type bucketPolicy struct {
	burst  float64
	refill time.Duration
}

var (
	accountPolicy = bucketPolicy{AccountBurst, AccountRefill}
	addressPolicy = bucketPolicy{AddressBurst, AddressRefill}
)

// throttle holds the buckets of every login and address seen lately. Its zero value is not
// usable; build one with newThrottle.
type throttle struct {
	mu      sync.Mutex
	buckets map[string]*signInBucket
	swept   time.Time
}

type signInBucket struct {
	policy   bucketPolicy
	tokens   float64
	at       time.Time // when tokens was last brought up to date
	until    time.Time // locked until then
	lockouts int       // lockouts in a row; the next one lasts lockoutBase << lockouts
}

func newThrottle() *throttle { return &throttle{buckets: map[string]*signInBucket{}} }

// refill brings b up to now; a bucket that is full again forgets its lockouts.
func (b *signInBucket) refill(now time.Time) {
	if now.After(b.at) {
		b.tokens = min(b.policy.burst, b.tokens+float64(now.Sub(b.at))/float64(b.policy.refill))
		b.at = now
	}
	if b.tokens >= b.policy.burst {
		b.lockouts = 0
	}
}

// wait is how long until b allows an attempt, 0 when it does now.
func (b *signInBucket) wait(now time.Time) time.Duration {
	if now.Before(b.until) {
		return b.until.Sub(now)
	}
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - b.tokens) * float64(b.policy.refill))
}

func (t *throttle) bucket(key string, p bucketPolicy, now time.Time) *signInBucket {
	b, ok := t.buckets[key]
	if !ok {
		b = &signInBucket{policy: p, tokens: p.burst, at: now}
		t.buckets[key] = b
	}
	b.refill(now)
	return b
}

// sweep forgets buckets that are full and unlocked (they would be rebuilt the same), at most
// once a minute, or once a second while the map is too big.
func (t *throttle) sweep(now time.Time) {
	since := now.Sub(t.swept)
	if since < time.Second || since < time.Minute && len(t.buckets) < throttleMaxKey {
		return
	}
	t.swept = now
	for k, b := range t.buckets {
		b.refill(now)
		if b.tokens >= b.policy.burst && !now.Before(b.until) {
			delete(t.buckets, k)
		}
	}
}

// take counts an attempt by login from addr (either may be ""), or says how long to wait when
// one of its buckets refuses it; a refused attempt takes nothing.
func (t *throttle) take(login, addr string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sweep(now)
	var bs []*signInBucket
	if login != "" {
		bs = append(bs, t.bucket("login:"+login, accountPolicy, now))
	}
	if addr != "" {
		bs = append(bs, t.bucket("addr:"+addr, addressPolicy, now))
	}
	var wait time.Duration
	for _, b := range bs {
		wait = max(wait, b.wait(now))
	}
	if wait > 0 {
		return wait
	}
	for _, b := range bs {
		b.tokens--
	}
	return 0
}

// lockout is a key that a failure has just locked.
type lockout struct {
	key   string // "login:…" or "addr:…"
	until time.Time
}

// failed records that the attempt take allowed failed, and returns the keys it locked.
func (t *throttle) failed(login, addr string, now time.Time) []lockout {
	t.mu.Lock()
	defer t.mu.Unlock()
	var locked []lockout
	for _, k := range []string{"login:" + login, "addr:" + addr} {
		b, ok := t.buckets[k]
		if !ok || k == "login:" || k == "addr:" {
			continue
		}
		b.refill(now)
		if b.tokens >= 1 || now.Before(b.until) {
			continue
		}
		b.until = now.Add(min(lockoutMax, lockoutBase<<min(b.lockouts, 10)))
		b.lockouts++
		// One attempt when the lockout ends; refilling starts then.
		b.tokens, b.at = 1, b.until
		locked = append(locked, lockout{k, b.until})
	}
	return locked
}

// succeeded gives login's bucket back in full and the address its token: the holder proved
// who they are.
func (t *throttle) succeeded(login, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if b, ok := t.buckets["login:"+login]; ok {
		b.tokens, b.lockouts, b.until = b.policy.burst, 0, time.Time{}
	}
	if b, ok := t.buckets["addr:"+addr]; ok && addr != "" {
		b.tokens = min(b.policy.burst, b.tokens+1)
	}
}

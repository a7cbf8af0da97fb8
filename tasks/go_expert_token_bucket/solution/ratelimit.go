// Package ratelimit implements a token bucket rate limiter driven by an
// injectable clock.
package ratelimit

import (
	"context"
	"errors"
	"math"
	"sync"
	"time"
)

// Clock is the source of time used by a Limiter.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// NewTimer returns a timer that delivers one value on its channel once d
	// has elapsed.
	NewTimer(d time.Duration) Timer
}

// Timer is a one-shot timer created by a Clock.
type Timer interface {
	// C returns the channel on which the timer delivers its single value.
	C() <-chan time.Time
	// Stop prevents the timer from firing. It returns true if the call
	// stopped the timer, false if it had already fired or been stopped.
	Stop() bool
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) NewTimer(d time.Duration) Timer { return systemTimer{time.NewTimer(d)} }

type systemTimer struct{ t *time.Timer }

func (s systemTimer) C() <-chan time.Time { return s.t.C }
func (s systemTimer) Stop() bool          { return s.t.Stop() }

// SystemClock returns a Clock backed by the time package.
func SystemClock() Clock { return systemClock{} }

var (
	// ErrInvalidArgument reports an invalid rate, burst or token count.
	ErrInvalidArgument = errors.New("ratelimit: invalid argument")
	// ErrExceedsBurst reports a request for more tokens than the burst size.
	ErrExceedsBurst = errors.New("ratelimit: n exceeds burst")
	// ErrNeverAvailable reports a request that can never be satisfied because
	// the rate is zero and the bucket does not hold enough tokens.
	ErrNeverAvailable = errors.New("ratelimit: tokens will never be available")
)

// Limiter is a token bucket rate limiter. It is safe for concurrent use.
type Limiter struct {
	clock Clock

	mu     sync.Mutex
	rate   float64   // tokens per second
	burst  int       // capacity
	tokens float64   // level at last; negative while reservations are pending
	last   time.Time // instant tokens was last brought up to date
}

func validRate(rate float64) bool {
	return rate >= 0 && !math.IsInf(rate, 0) && !math.IsNaN(rate)
}

// New returns a Limiter that refills at rate tokens per second up to burst
// tokens, starting full. A nil clock means SystemClock().
func New(rate float64, burst int, clock Clock) (*Limiter, error) {
	if !validRate(rate) || burst < 1 {
		return nil, ErrInvalidArgument
	}
	if clock == nil {
		clock = SystemClock()
	}
	return &Limiter{
		clock:  clock,
		rate:   rate,
		burst:  burst,
		tokens: float64(burst),
		last:   clock.Now(),
	}, nil
}

// advance refills the bucket up to now and returns now. l.mu must be held.
func (l *Limiter) advance() time.Time {
	now := l.clock.Now()
	if elapsed := now.Sub(l.last); elapsed > 0 {
		l.tokens = math.Min(float64(l.burst), l.tokens+elapsed.Seconds()*l.rate)
		l.last = now
	}
	return now
}

// Rate returns the current refill rate in tokens per second.
func (l *Limiter) Rate() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rate
}

// Burst returns the current bucket capacity.
func (l *Limiter) Burst() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.burst
}

// Tokens returns the number of tokens in the bucket now (negative while
// reservations are outstanding).
func (l *Limiter) Tokens() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.advance()
	return l.tokens
}

// SetRate changes the refill rate from now on; tokens accrued so far are
// accounted at the old rate.
func (l *Limiter) SetRate(rate float64) error {
	if !validRate(rate) {
		return ErrInvalidArgument
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.advance()
	l.rate = rate
	return nil
}

// SetBurst changes the bucket capacity from now on, discarding tokens above
// the new capacity.
func (l *Limiter) SetBurst(burst int) error {
	if burst < 1 {
		return ErrInvalidArgument
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.advance()
	l.burst = burst
	l.tokens = math.Min(l.tokens, float64(burst))
	return nil
}

// Allow is shorthand for AllowN(1).
func (l *Limiter) Allow() bool { return l.AllowN(1) }

// AllowN takes n tokens if they are available now and reports whether it did.
func (l *Limiter) AllowN(n int) bool {
	if n <= 0 {
		return n == 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if n > l.burst {
		return false
	}
	l.advance()
	if l.tokens < float64(n) {
		return false
	}
	l.tokens -= float64(n)
	return true
}

// Reservation is a claim on tokens that become usable at TimeToAct.
type Reservation struct {
	lim       *Limiter
	n         int
	timeToAct time.Time
	cancelled bool // guarded by lim.mu
}

// Reserve claims n tokens, possibly in advance of their availability.
func (l *Limiter) Reserve(n int) (*Reservation, error) {
	if n < 0 {
		return nil, ErrInvalidArgument
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reserveLocked(n)
}

func (l *Limiter) reserveLocked(n int) (*Reservation, error) {
	if n > l.burst {
		return nil, ErrExceedsBurst
	}
	now := l.advance()
	r := &Reservation{lim: l, n: n, timeToAct: now}
	if n == 0 {
		return r, nil
	}
	if deficit := float64(n) - l.tokens; deficit > 0 {
		if l.rate == 0 {
			return nil, ErrNeverAvailable
		}
		r.timeToAct = now.Add(durationFor(deficit, l.rate))
	}
	l.tokens -= float64(n)
	return r, nil
}

// durationFor returns how long rate takes to produce tokens, rounded up to
// the next nanosecond.
func durationFor(tokens, rate float64) time.Duration {
	ns := math.Ceil(tokens / rate * float64(time.Second))
	if ns >= math.MaxInt64 {
		return math.MaxInt64
	}
	return time.Duration(ns)
}

// TimeToAct returns the instant at which the reserved tokens are available.
func (r *Reservation) TimeToAct() time.Time { return r.timeToAct }

// Delay returns how long the holder must wait from now before acting.
func (r *Reservation) Delay() time.Duration {
	if d := r.timeToAct.Sub(r.lim.clock.Now()); d > 0 {
		return d
	}
	return 0
}

// Cancel gives the reserved tokens back if their time to act has not come.
// Later calls do nothing.
func (r *Reservation) Cancel() {
	l := r.lim
	l.mu.Lock()
	defer l.mu.Unlock()
	if r.cancelled || r.n == 0 {
		return
	}
	now := l.advance()
	if !now.Before(r.timeToAct) {
		return
	}
	r.cancelled = true
	l.tokens = math.Min(float64(l.burst), l.tokens+float64(r.n))
}

// Wait blocks until n tokens are available and takes them, or until ctx is
// done, in which case the tokens are given back and ctx.Err() is returned.
func (l *Limiter) Wait(ctx context.Context, n int) error {
	if n < 0 {
		return ErrInvalidArgument
	}
	l.mu.Lock()
	if n > l.burst {
		l.mu.Unlock()
		return ErrExceedsBurst
	}
	if err := ctx.Err(); err != nil {
		l.mu.Unlock()
		return err
	}
	r, err := l.reserveLocked(n)
	l.mu.Unlock()
	if err != nil {
		return err
	}
	delay := r.Delay()
	if delay == 0 {
		return nil
	}
	t := l.clock.NewTimer(delay)
	select {
	case <-t.C():
		return nil
	case <-ctx.Done():
		t.Stop()
		r.Cancel()
		return ctx.Err()
	}
}

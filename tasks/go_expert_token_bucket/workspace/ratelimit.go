// Package ratelimit implements a token bucket rate limiter driven by an
// injectable clock.
package ratelimit

import (
	"context"
	"errors"
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

// SystemClock returns a Clock backed by the time package.
func SystemClock() Clock {
	// TODO: implement.
	return nil
}

var (
	// ErrInvalidArgument reports an invalid rate, burst or token count.
	ErrInvalidArgument = errors.New("ratelimit: invalid argument")
	// ErrExceedsBurst reports a request for more tokens than the burst size.
	ErrExceedsBurst = errors.New("ratelimit: n exceeds burst")
	// ErrNeverAvailable reports a request that can never be satisfied because
	// the rate is zero and the bucket does not hold enough tokens.
	ErrNeverAvailable = errors.New("ratelimit: tokens will never be available")
)

var errNotImplemented = errors.New("ratelimit: not implemented")

// Limiter is a token bucket rate limiter. It is safe for concurrent use.
type Limiter struct {
	// TODO: add fields.
}

// New returns a Limiter that refills at rate tokens per second up to burst
// tokens, starting full. A nil clock means SystemClock().
func New(rate float64, burst int, clock Clock) (*Limiter, error) {
	// TODO: implement.
	return nil, errNotImplemented
}

// Rate returns the current refill rate in tokens per second.
func (l *Limiter) Rate() float64 {
	// TODO: implement.
	return 0
}

// Burst returns the current bucket capacity.
func (l *Limiter) Burst() int {
	// TODO: implement.
	return 0
}

// Tokens returns the number of tokens in the bucket now (negative while
// reservations are outstanding).
func (l *Limiter) Tokens() float64 {
	// TODO: implement.
	return 0
}

// SetRate changes the refill rate from now on.
func (l *Limiter) SetRate(rate float64) error {
	// TODO: implement.
	return errNotImplemented
}

// SetBurst changes the bucket capacity from now on.
func (l *Limiter) SetBurst(burst int) error {
	// TODO: implement.
	return errNotImplemented
}

// Allow is shorthand for AllowN(1).
func (l *Limiter) Allow() bool {
	// TODO: implement.
	return false
}

// AllowN takes n tokens if they are available now and reports whether it did.
func (l *Limiter) AllowN(n int) bool {
	// TODO: implement.
	return false
}

// Reservation is a claim on tokens that become usable at TimeToAct.
type Reservation struct {
	// TODO: add fields.
}

// Reserve claims n tokens, possibly in advance of their availability.
func (l *Limiter) Reserve(n int) (*Reservation, error) {
	// TODO: implement.
	return nil, errNotImplemented
}

// TimeToAct returns the instant at which the reserved tokens are available.
func (r *Reservation) TimeToAct() time.Time {
	// TODO: implement.
	return time.Time{}
}

// Delay returns how long the holder must wait from now before acting.
func (r *Reservation) Delay() time.Duration {
	// TODO: implement.
	return 0
}

// Cancel gives the reserved tokens back if their time to act has not come.
func (r *Reservation) Cancel() {
	// TODO: implement.
}

// Wait blocks until n tokens are available and takes them, or until ctx is
// done.
func (l *Limiter) Wait(ctx context.Context, n int) error {
	// TODO: implement.
	return errNotImplemented
}

package ratelimit_test

import (
	"context"
	"errors"
	"math"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"ratelimit"
)

const ms = time.Millisecond

func mustNew(t *testing.T, rate float64, burst int, clk ratelimit.Clock) *ratelimit.Limiter {
	t.Helper()
	l, err := ratelimit.New(rate, burst, clk)
	if err != nil {
		t.Fatalf("New(%v, %d) error: %v", rate, burst, err)
	}
	if l == nil {
		t.Fatalf("New(%v, %d) returned nil limiter", rate, burst)
	}
	return l
}

func wantTokens(t *testing.T, l *ratelimit.Limiter, want float64) {
	t.Helper()
	if got := l.Tokens(); got != want {
		t.Fatalf("Tokens() = %v, want %v", got, want)
	}
}

// waitResult receives from ch, failing the test after a generous real-time guard.
func waitResult(t *testing.T, ch <-chan error, what string) error {
	t.Helper()
	select {
	case err := <-ch:
		return err
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: did not return", what)
		return nil
	}
}

// assertPending checks that ch has not delivered a value.
func assertPending(t *testing.T, ch <-chan error, what string) {
	t.Helper()
	time.Sleep(20 * ms)
	select {
	case err := <-ch:
		t.Fatalf("%s returned early (err=%v)", what, err)
	default:
	}
}

func TestNewValidatesArguments(t *testing.T) {
	clk := newFakeClock()
	bad := []struct {
		rate  float64
		burst int
	}{
		{-1, 1}, {math.NaN(), 1}, {math.Inf(1), 1}, {math.Inf(-1), 1}, {1, 0}, {1, -3},
	}
	for _, c := range bad {
		l, err := ratelimit.New(c.rate, c.burst, clk)
		if !errors.Is(err, ratelimit.ErrInvalidArgument) {
			t.Errorf("New(%v, %d) error = %v, want ErrInvalidArgument", c.rate, c.burst, err)
		}
		if l != nil {
			t.Errorf("New(%v, %d) returned a non-nil limiter with an error", c.rate, c.burst)
		}
	}
	l := mustNew(t, 0, 3, clk)
	if l.Rate() != 0 || l.Burst() != 3 {
		t.Fatalf("Rate()=%v Burst()=%d, want 0 and 3", l.Rate(), l.Burst())
	}
	wantTokens(t, l, 3)
}

func TestSystemClockAndNilClock(t *testing.T) {
	clk := ratelimit.SystemClock()
	if clk == nil {
		t.Fatal("SystemClock() returned nil")
	}
	if d := time.Since(clk.Now()); d < -time.Minute || d > time.Minute {
		t.Fatalf("SystemClock().Now() is off by %v", d)
	}
	tm := clk.NewTimer(time.Millisecond)
	select {
	case <-tm.C():
	case <-time.After(5 * time.Second):
		t.Fatal("SystemClock timer did not fire")
	}
	long := clk.NewTimer(time.Hour)
	if !long.Stop() {
		t.Fatal("Stop() on a pending system timer returned false")
	}
	if long.Stop() {
		t.Fatal("second Stop() returned true")
	}

	// One token per 1000 s: no refill can happen during this test.
	l := mustNew(t, 0.001, 2, nil)
	if !l.Allow() || !l.Allow() {
		t.Fatal("a new limiter with a nil clock must start full")
	}
	if l.Allow() {
		t.Fatal("third Allow() succeeded on a burst-2 bucket")
	}
}

func TestAllowConsumesBurstThenRefills(t *testing.T) {
	clk := newFakeClock()
	l := mustNew(t, 4, 3, clk)
	for i := 0; i < 3; i++ {
		if !l.Allow() {
			t.Fatalf("Allow() #%d = false on a full bucket", i+1)
		}
	}
	if l.Allow() {
		t.Fatal("Allow() succeeded on an empty bucket")
	}
	wantTokens(t, l, 0)
	clk.Advance(125 * ms)
	wantTokens(t, l, 0.5)
	if l.Allow() {
		t.Fatal("Allow() succeeded with half a token")
	}
	wantTokens(t, l, 0.5)
	clk.Advance(125 * ms)
	if !l.Allow() {
		t.Fatal("Allow() failed with one full token")
	}
	wantTokens(t, l, 0)
}

func TestRefillIsCappedAtBurst(t *testing.T) {
	clk := newFakeClock()
	l := mustNew(t, 4, 5, clk)
	if !l.AllowN(5) {
		t.Fatal("AllowN(5) failed on a full burst-5 bucket")
	}
	clk.Advance(10 * time.Second)
	wantTokens(t, l, 5)
	if !l.AllowN(5) {
		t.Fatal("AllowN(5) failed after a long idle period")
	}
	if l.Allow() {
		t.Fatal("tokens above the burst were kept")
	}
}

func TestAllowNEdgeCases(t *testing.T) {
	clk := newFakeClock()
	l := mustNew(t, 2, 4, clk)
	if !l.AllowN(0) {
		t.Fatal("AllowN(0) = false, want true")
	}
	if l.AllowN(-1) {
		t.Fatal("AllowN(-1) = true, want false")
	}
	if l.AllowN(5) {
		t.Fatal("AllowN(5) = true with burst 4")
	}
	wantTokens(t, l, 4)
	if !l.AllowN(3) {
		t.Fatal("AllowN(3) failed with 4 tokens")
	}
	if l.AllowN(2) {
		t.Fatal("AllowN(2) succeeded with 1 token")
	}
	wantTokens(t, l, 1) // a failed AllowN takes nothing
	clk.Advance(500 * ms)
	if !l.AllowN(2) {
		t.Fatal("AllowN(2) failed with 2 tokens")
	}
	wantTokens(t, l, 0)
}

func TestReserveQueuesDelays(t *testing.T) {
	clk := newFakeClock()
	start := clk.Now()
	l := mustNew(t, 4, 2, clk)

	r1, err := l.Reserve(2)
	if err != nil {
		t.Fatalf("Reserve(2): %v", err)
	}
	if r1.Delay() != 0 || !r1.TimeToAct().Equal(start) {
		t.Fatalf("r1: Delay=%v TimeToAct=%v, want 0 and %v", r1.Delay(), r1.TimeToAct(), start)
	}
	r2, err := l.Reserve(1)
	if err != nil {
		t.Fatalf("Reserve(1): %v", err)
	}
	if r2.Delay() != 250*ms {
		t.Fatalf("r2.Delay() = %v, want 250ms", r2.Delay())
	}
	r3, err := l.Reserve(2)
	if err != nil {
		t.Fatalf("Reserve(2): %v", err)
	}
	if r3.Delay() != 750*ms || !r3.TimeToAct().Equal(start.Add(750*ms)) {
		t.Fatalf("r3: Delay=%v TimeToAct=%v, want 750ms after start", r3.Delay(), r3.TimeToAct())
	}
	wantTokens(t, l, -3)
	if l.Allow() {
		t.Fatal("Allow() succeeded while the bucket is in debt")
	}

	clk.Advance(250 * ms)
	if r2.Delay() != 0 || r3.Delay() != 500*ms {
		t.Fatalf("after 250ms: r2.Delay=%v r3.Delay=%v, want 0 and 500ms", r2.Delay(), r3.Delay())
	}
	wantTokens(t, l, -2)
	r0, err := l.Reserve(0)
	if err != nil || r0.Delay() != 0 {
		t.Fatalf("Reserve(0) = (%v, %v), want zero delay", r0, err)
	}
	wantTokens(t, l, -2)
}

func TestReserveErrors(t *testing.T) {
	clk := newFakeClock()
	l := mustNew(t, 4, 3, clk)
	if _, err := l.Reserve(4); !errors.Is(err, ratelimit.ErrExceedsBurst) {
		t.Fatalf("Reserve(4) with burst 3: err = %v, want ErrExceedsBurst", err)
	}
	if _, err := l.Reserve(-1); !errors.Is(err, ratelimit.ErrInvalidArgument) {
		t.Fatalf("Reserve(-1): err = %v, want ErrInvalidArgument", err)
	}
	wantTokens(t, l, 3)

	z := mustNew(t, 0, 3, clk)
	r, err := z.Reserve(2)
	if err != nil || r.Delay() != 0 {
		t.Fatalf("rate 0, 3 tokens: Reserve(2) = (%v, %v), want immediate", r, err)
	}
	if _, err := z.Reserve(2); !errors.Is(err, ratelimit.ErrNeverAvailable) {
		t.Fatalf("rate 0, 1 token: Reserve(2) err = %v, want ErrNeverAvailable", err)
	}
	wantTokens(t, z, 1) // nothing taken by the failed reservation
	clk.Advance(time.Hour)
	wantTokens(t, z, 1)
}

func TestReservationCancel(t *testing.T) {
	clk := newFakeClock()
	l := mustNew(t, 4, 2, clk)
	r1, _ := l.Reserve(1) // immediate
	r2, err := l.Reserve(2)
	if err != nil {
		t.Fatalf("Reserve(2): %v", err)
	}
	if r2.Delay() != 250*ms {
		t.Fatalf("r2.Delay() = %v, want 250ms", r2.Delay())
	}
	wantTokens(t, l, -1)
	clk.Advance(125 * ms)
	wantTokens(t, l, -0.5)

	r2.Cancel()
	wantTokens(t, l, 1.5)
	r2.Cancel() // second cancel: no effect
	wantTokens(t, l, 1.5)
	r1.Cancel() // its time to act has passed: no effect
	wantTokens(t, l, 1.5)

	// A reservation whose time has come keeps its tokens.
	r3, _ := l.Reserve(2) // deficit 0.5 -> 125ms
	if r3.Delay() != 125*ms {
		t.Fatalf("r3.Delay() = %v, want 125ms", r3.Delay())
	}
	clk.Advance(125 * ms)
	r3.Cancel()
	wantTokens(t, l, 0)
}

func TestSetRateAppliesFromNow(t *testing.T) {
	clk := newFakeClock()
	l := mustNew(t, 4, 4, clk)
	l.AllowN(4)
	clk.Advance(125 * ms) // +0.5 at the old rate
	if err := l.SetRate(8); err != nil {
		t.Fatalf("SetRate(8): %v", err)
	}
	if l.Rate() != 8 {
		t.Fatalf("Rate() = %v, want 8", l.Rate())
	}
	clk.Advance(125 * ms) // +1 at the new rate
	wantTokens(t, l, 1.5)

	for _, bad := range []float64{-0.5, math.NaN(), math.Inf(1)} {
		if err := l.SetRate(bad); !errors.Is(err, ratelimit.ErrInvalidArgument) {
			t.Fatalf("SetRate(%v) err = %v, want ErrInvalidArgument", bad, err)
		}
	}
	if l.Rate() != 8 {
		t.Fatalf("a rejected SetRate changed the rate to %v", l.Rate())
	}

	// Cancelling after a rate increase may not overfill the bucket.
	l2 := mustNew(t, 4, 2, clk)
	l2.AllowN(2)
	r, _ := l2.Reserve(2) // 500ms at 4/s
	if r.Delay() != 500*ms {
		t.Fatalf("Delay() = %v, want 500ms", r.Delay())
	}
	if err := l2.SetRate(64); err != nil {
		t.Fatal(err)
	}
	if r.Delay() != 500*ms {
		t.Fatalf("SetRate changed an existing reservation's delay to %v", r.Delay())
	}
	clk.Advance(125 * ms) // -2 + 8 = 6, capped at 2
	wantTokens(t, l2, 2)
	r.Cancel()
	wantTokens(t, l2, 2)

	// Rate zero stops the refill.
	l3 := mustNew(t, 4, 2, clk)
	l3.AllowN(2)
	clk.Advance(125 * ms)
	if err := l3.SetRate(0); err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	wantTokens(t, l3, 0.5)
}

func TestSetBurst(t *testing.T) {
	clk := newFakeClock()
	l := mustNew(t, 2, 4, clk)
	if err := l.SetBurst(1); err != nil {
		t.Fatalf("SetBurst(1): %v", err)
	}
	if l.Burst() != 1 {
		t.Fatalf("Burst() = %d, want 1", l.Burst())
	}
	wantTokens(t, l, 1)
	if _, err := l.Reserve(2); !errors.Is(err, ratelimit.ErrExceedsBurst) {
		t.Fatalf("Reserve(2) with burst 1: err = %v, want ErrExceedsBurst", err)
	}
	if err := l.SetBurst(0); !errors.Is(err, ratelimit.ErrInvalidArgument) {
		t.Fatalf("SetBurst(0) err = %v, want ErrInvalidArgument", err)
	}
	if err := l.SetBurst(6); err != nil {
		t.Fatalf("SetBurst(6): %v", err)
	}
	wantTokens(t, l, 1) // growing the bucket adds no tokens
	clk.Advance(10 * time.Second)
	wantTokens(t, l, 6)
}

func TestWaitReturnsImmediatelyWhenTokensAvailable(t *testing.T) {
	clk := newFakeClock()
	l := mustNew(t, 4, 2, clk)
	done := make(chan error, 1)
	go func() { done <- l.Wait(context.Background(), 2) }()
	if err := waitResult(t, done, "Wait(2) on a full bucket"); err != nil {
		t.Fatalf("Wait: %v", err)
	}
	if n := len(clk.requestedDurations()); n != 0 {
		t.Fatalf("Wait created %d timers although no wait was needed", n)
	}
	wantTokens(t, l, 0)
}

func TestWaitBlocksForExactDelay(t *testing.T) {
	clk := newFakeClock()
	l := mustNew(t, 4, 2, clk)
	l.AllowN(2)
	done := make(chan error, 1)
	go func() { done <- l.Wait(context.Background(), 1) }()
	clk.waitForTimers(t, 1)
	if got := clk.requestedDurations(); len(got) != 1 || got[0] != 250*ms {
		t.Fatalf("timer durations = %v, want [250ms]", got)
	}
	clk.Advance(250*ms - 1)
	assertPending(t, done, "Wait")
	clk.Advance(1)
	if err := waitResult(t, done, "Wait"); err != nil {
		t.Fatalf("Wait: %v", err)
	}
	wantTokens(t, l, 0)
}

func TestWaitCancellationGivesTokensBack(t *testing.T) {
	clk := newFakeClock()
	l := mustNew(t, 4, 2, clk)
	l.AllowN(2)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- l.Wait(ctx, 2) }()
	clk.waitForTimers(t, 1)
	wantTokens(t, l, -2)
	cancel()
	if err := waitResult(t, done, "cancelled Wait"); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Wait err = %v, want context.Canceled", err)
	}
	if n := clk.pendingTimers(); n != 0 {
		t.Fatalf("%d timers still pending after Wait was cancelled: Wait must Stop its timer", n)
	}
	wantTokens(t, l, 0)
	clk.Advance(250 * ms)
	if !l.Allow() {
		t.Fatal("tokens of the cancelled Wait were not given back")
	}
}

func TestWaitErrors(t *testing.T) {
	clk := newFakeClock()
	l := mustNew(t, 4, 2, clk)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := l.Wait(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait on a done context: err = %v, want context.Canceled", err)
	}
	wantTokens(t, l, 2)
	if err := l.Wait(context.Background(), 3); !errors.Is(err, ratelimit.ErrExceedsBurst) {
		t.Fatalf("Wait(3) with burst 2: err = %v, want ErrExceedsBurst", err)
	}
	if err := l.Wait(context.Background(), -1); !errors.Is(err, ratelimit.ErrInvalidArgument) {
		t.Fatalf("Wait(-1): err = %v, want ErrInvalidArgument", err)
	}
	if err := l.Wait(context.Background(), 0); err != nil {
		t.Fatalf("Wait(0): %v", err)
	}
	z := mustNew(t, 0, 2, clk)
	z.AllowN(2)
	done := make(chan error, 1)
	go func() { done <- z.Wait(context.Background(), 1) }()
	if err := waitResult(t, done, "Wait at rate 0"); !errors.Is(err, ratelimit.ErrNeverAvailable) {
		t.Fatalf("Wait at rate 0 on an empty bucket: err = %v, want ErrNeverAvailable", err)
	}
	wantTokens(t, z, 0)
}

func TestConcurrentWaitersAreServedOneByOne(t *testing.T) {
	clk := newFakeClock()
	l := mustNew(t, 4, 1, clk)
	l.Allow()
	const waiters = 3
	done := make(chan error, waiters)
	for i := 0; i < waiters; i++ {
		go func() { done <- l.Wait(context.Background(), 1) }()
	}
	clk.waitForTimers(t, waiters)
	got := clk.requestedDurations()
	sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
	want := []time.Duration{250 * ms, 500 * ms, 750 * ms}
	if len(got) != len(want) {
		t.Fatalf("timer durations = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("timer durations = %v, want %v", got, want)
		}
	}
	for i := 1; i <= waiters; i++ {
		clk.Advance(250 * ms)
		if err := waitResult(t, done, "Wait"); err != nil {
			t.Fatalf("Wait: %v", err)
		}
		assertPending(t, done, "a later waiter")
	}
	wantTokens(t, l, 0)
}

func TestConcurrentAllowNeverOverspends(t *testing.T) {
	clk := newFakeClock()
	l := mustNew(t, 1, 100, clk)
	var granted atomic.Int64
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				if l.Allow() {
					granted.Add(1)
				}
				_ = l.Tokens()
				_ = l.Rate()
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 50; i++ {
			_ = l.SetRate(1)
			_ = l.SetBurst(100)
		}
	}()
	wg.Wait()
	if g := granted.Load(); g != 100 {
		t.Fatalf("%d Allow() calls succeeded, want exactly 100", g)
	}
	wantTokens(t, l, 0)
}

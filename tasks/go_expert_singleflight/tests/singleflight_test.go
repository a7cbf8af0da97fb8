package singleflight_test

import (
	"errors"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"singleflight"
)

const guard = 5 * time.Second

// outcome is what one Do caller observed: a return or a panic.
type outcome struct {
	v        int
	err      error
	shared   bool
	panicked bool
	panicVal any
}

func callDo(g *singleflight.Group[string, int], key string, fn func() (int, error)) (o outcome) {
	defer func() {
		if r := recover(); r != nil {
			o.panicked, o.panicVal = true, r
		}
	}()
	o.v, o.err, o.shared = g.Do(key, fn)
	return o
}

// goDo runs Do in a new goroutine and delivers what it observed.
func goDo(g *singleflight.Group[string, int], key string, fn func() (int, error)) <-chan outcome {
	ch := make(chan outcome, 1)
	go func() { ch <- callDo(g, key, fn) }()
	return ch
}

func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(guard):
		t.Fatalf("%s: nothing received after %v", what, guard)
		var zero T
		return zero
	}
}

func assertNothing[T any](t *testing.T, ch <-chan T, what string) {
	t.Helper()
	select {
	case v := <-ch:
		t.Fatalf("%s: unexpectedly received %+v", what, v)
	default:
	}
}

// blocker is a function that signals when it starts and returns only when
// released.
type blocker struct {
	started chan struct{}
	release chan struct{}
	calls   atomic.Int32
	v       int
	err     error
	panicV  any
	goexit  bool
}

func newBlocker(v int, err error) *blocker {
	return &blocker{started: make(chan struct{}, 16), release: make(chan struct{}), v: v, err: err}
}

func (b *blocker) fn() (int, error) {
	b.calls.Add(1)
	b.started <- struct{}{}
	<-b.release
	if b.goexit {
		runtime.Goexit()
	}
	if b.panicV != nil {
		panic(b.panicV)
	}
	return b.v, b.err
}

// startLeader starts a Do call in a goroutine and waits until its function
// runs.
func startLeader(t *testing.T, g *singleflight.Group[string, int], key string, b *blocker) <-chan outcome {
	t.Helper()
	res := goDo(g, key, b.fn)
	select {
	case <-b.started:
	case o := <-res:
		t.Fatalf("Do returned %+v before its function finished", o)
	case <-time.After(guard):
		t.Fatal("the function of the first Do call never started")
	}
	return res
}

func waitPending(t *testing.T, g *singleflight.Group[string, int], key string, n int) {
	t.Helper()
	deadline := time.Now().Add(guard)
	for g.Pending(key) != n {
		if time.Now().After(deadline) {
			t.Fatalf("Pending(%q) = %d, want %d", key, g.Pending(key), n)
		}
		time.Sleep(time.Millisecond)
	}
}

func mustNotRun() (int, error) {
	panic("the function of a duplicate call must not run")
}

func TestDoRunsTheFunction(t *testing.T) {
	var g singleflight.Group[string, int]
	v, err, shared := g.Do("k", func() (int, error) { return 42, nil })
	if v != 42 || err != nil || shared {
		t.Fatalf("Do = (%d, %v, %v), want (42, nil, false)", v, err, shared)
	}
	boom := errors.New("boom")
	v, err, shared = g.Do("k", func() (int, error) { return 5, boom })
	if v != 5 || err != boom || shared {
		t.Fatalf("Do = (%d, %v, %v), want (5, boom, false)", v, err, shared)
	}
	if n := g.Pending("k"); n != 0 {
		t.Fatalf("Pending after completion = %d, want 0", n)
	}
}

func TestResultsAreNotCached(t *testing.T) {
	var g singleflight.Group[string, int]
	var calls atomic.Int32
	for i := 1; i <= 3; i++ {
		v, err, shared := g.Do("k", func() (int, error) { return int(calls.Add(1)), nil })
		if v != i || err != nil || shared {
			t.Fatalf("call %d: Do = (%d, %v, %v), want (%d, nil, false)", i, v, err, shared, i)
		}
	}
	r := recv(t, g.DoChan("k", func() (int, error) { return int(calls.Add(1)), nil }), "DoChan")
	if r.Val != 4 || r.Err != nil || r.Shared {
		t.Fatalf("DoChan after earlier calls = %+v, want {4 <nil> false}", r)
	}
}

func TestConcurrentDoCallsShareOneExecution(t *testing.T) {
	var g singleflight.Group[string, int]
	b := newBlocker(7, nil)
	leader := startLeader(t, &g, "k", b)
	waitPending(t, &g, "k", 1)
	var dups []<-chan outcome
	for i := 0; i < 4; i++ {
		dups = append(dups, goDo(&g, "k", mustNotRun))
	}
	waitPending(t, &g, "k", 5)
	assertNothing(t, leader, "leader before release")
	close(b.release)
	for i, ch := range append([]<-chan outcome{leader}, dups...) {
		o := recv(t, ch, "Do caller")
		if o.panicked || o.v != 7 || o.err != nil || !o.shared {
			t.Fatalf("caller %d observed %+v, want value 7, nil error, shared", i, o)
		}
	}
	if c := b.calls.Load(); c != 1 {
		t.Fatalf("function ran %d times, want 1", c)
	}
	if n := g.Pending("k"); n != 0 {
		t.Fatalf("Pending after completion = %d, want 0", n)
	}
}

func TestErrorsAreSharedToo(t *testing.T) {
	var g singleflight.Group[string, int]
	boom := errors.New("boom")
	b := newBlocker(3, boom)
	leader := startLeader(t, &g, "k", b)
	dup := goDo(&g, "k", mustNotRun)
	waitPending(t, &g, "k", 2)
	close(b.release)
	for _, ch := range []<-chan outcome{leader, dup} {
		o := recv(t, ch, "Do caller")
		if o.panicked || o.v != 3 || o.err != boom || !o.shared {
			t.Fatalf("caller observed %+v, want (3, boom, shared)", o)
		}
	}
}

func TestDoChanJoinsSynchronously(t *testing.T) {
	var g singleflight.Group[string, int]
	b := newBlocker(9, nil)
	ch1 := g.DoChan("k", b.fn)
	if n := g.Pending("k"); n != 1 {
		t.Fatalf("Pending after DoChan = %d, want 1", n)
	}
	ch2 := g.DoChan("k", mustNotRun)
	if n := g.Pending("k"); n != 2 {
		t.Fatalf("Pending after a second DoChan = %d, want 2 (DoChan must join before returning)", n)
	}
	_ = g.DoChan("k", mustNotRun) // never read: must not block the call
	recv(t, b.started, "function start")
	assertNothing(t, ch1, "first DoChan before release")
	assertNothing(t, ch2, "second DoChan before release")
	close(b.release)
	for _, ch := range []<-chan singleflight.Result[int]{ch1, ch2} {
		r := recv(t, ch, "DoChan result")
		if r.Val != 9 || r.Err != nil || !r.Shared {
			t.Fatalf("DoChan result = %+v, want {9 <nil> true}", r)
		}
	}
	waitPending(t, &g, "k", 0)
	if c := b.calls.Load(); c != 1 {
		t.Fatalf("function ran %d times, want 1", c)
	}

	// A lone DoChan caller does not share.
	r := recv(t, g.DoChan("solo", func() (int, error) { return 1, nil }), "lone DoChan")
	if r.Val != 1 || r.Err != nil || r.Shared {
		t.Fatalf("lone DoChan = %+v, want {1 <nil> false}", r)
	}
}

func TestDoAndDoChanMix(t *testing.T) {
	var g singleflight.Group[string, int]
	b := newBlocker(11, nil)
	leader := startLeader(t, &g, "k", b)
	waitPending(t, &g, "k", 1)
	ch := g.DoChan("k", mustNotRun)
	dup := goDo(&g, "k", mustNotRun)
	waitPending(t, &g, "k", 3)
	close(b.release)
	for _, c := range []<-chan outcome{leader, dup} {
		if o := recv(t, c, "Do caller"); o.panicked || o.v != 11 || o.err != nil || !o.shared {
			t.Fatalf("Do caller observed %+v, want (11, nil, shared)", o)
		}
	}
	if r := recv(t, ch, "DoChan"); r.Val != 11 || r.Err != nil || !r.Shared {
		t.Fatalf("DoChan result = %+v, want {11 <nil> true}", r)
	}
}

func TestForgetStartsAFreshCall(t *testing.T) {
	var g singleflight.Group[string, int]
	first := newBlocker(1, nil)
	a := startLeader(t, &g, "k", first)
	aDup := goDo(&g, "k", mustNotRun)
	waitPending(t, &g, "k", 2)

	g.Forget("k")
	if n := g.Pending("k"); n != 0 {
		t.Fatalf("Pending after Forget = %d, want 0", n)
	}
	second := newBlocker(2, nil)
	b := startLeader(t, &g, "k", second)
	waitPending(t, &g, "k", 1)

	// The forgotten call completes: its callers get its result, and it must
	// not unregister the newer call.
	close(first.release)
	for _, ch := range []<-chan outcome{a, aDup} {
		if o := recv(t, ch, "caller of the forgotten call"); o.panicked || o.v != 1 || o.err != nil || !o.shared {
			t.Fatalf("caller of the forgotten call observed %+v, want (1, nil, shared)", o)
		}
	}
	if n := g.Pending("k"); n != 1 {
		t.Fatalf("Pending = %d after the forgotten call finished, want 1 (the newer call)", n)
	}
	bDup := goDo(&g, "k", mustNotRun)
	waitPending(t, &g, "k", 2)
	close(second.release)
	for _, ch := range []<-chan outcome{b, bDup} {
		if o := recv(t, ch, "caller of the newer call"); o.panicked || o.v != 2 || o.err != nil || !o.shared {
			t.Fatalf("caller of the newer call observed %+v, want (2, nil, shared)", o)
		}
	}
	if first.calls.Load() != 1 || second.calls.Load() != 1 {
		t.Fatalf("functions ran %d and %d times, want 1 and 1", first.calls.Load(), second.calls.Load())
	}
	g.Forget("unknown") // no effect, no panic
}

func checkPanicError(t *testing.T, o outcome, want any) *singleflight.PanicError {
	t.Helper()
	if !o.panicked {
		t.Fatalf("Do returned %+v, want it to panic", o)
	}
	pe, ok := o.panicVal.(*singleflight.PanicError)
	if !ok {
		t.Fatalf("Do panicked with %T (%v), want *singleflight.PanicError", o.panicVal, o.panicVal)
	}
	if pe.Value != want {
		t.Fatalf("PanicError.Value = %v, want %v", pe.Value, want)
	}
	if len(pe.Stack) == 0 {
		t.Fatal("PanicError.Stack is empty")
	}
	return pe
}

func TestPanicReachesEveryDoCaller(t *testing.T) {
	var g singleflight.Group[string, int]
	b := newBlocker(0, nil)
	b.panicV = "kaboom"
	leader := startLeader(t, &g, "k", b)
	dup := goDo(&g, "k", mustNotRun)
	waitPending(t, &g, "k", 2)
	close(b.release)
	pe := checkPanicError(t, recv(t, leader, "leader"), "kaboom")
	if got, want := pe.Error(), "singleflight: panic: kaboom"; got != want {
		t.Fatalf("Error() = %q, want %q", got, want)
	}
	if pe.Unwrap() != nil {
		t.Fatalf("Unwrap() = %v for a non-error panic value, want nil", pe.Unwrap())
	}
	checkPanicError(t, recv(t, dup, "duplicate"), "kaboom")

	// The key is free again and works normally.
	waitPending(t, &g, "k", 0)
	v, err, shared := g.Do("k", func() (int, error) { return 8, nil })
	if v != 8 || err != nil || shared {
		t.Fatalf("Do after a panicking call = (%d, %v, %v), want (8, nil, false)", v, err, shared)
	}
}

func TestPanicReachesDoChanAsAnError(t *testing.T) {
	var g singleflight.Group[string, int]
	sentinel := errors.New("sentinel")
	b := newBlocker(0, nil)
	b.panicV = sentinel
	ch := g.DoChan("k", b.fn)
	recv(t, b.started, "function start")
	ch2 := g.DoChan("k", mustNotRun)
	dup := goDo(&g, "k", mustNotRun)
	waitPending(t, &g, "k", 3)
	close(b.release)
	for _, c := range []<-chan singleflight.Result[int]{ch, ch2} {
		r := recv(t, c, "DoChan result")
		var pe *singleflight.PanicError
		if !errors.As(r.Err, &pe) {
			t.Fatalf("DoChan result = %+v, want Err of type *PanicError", r)
		}
		if !errors.Is(r.Err, sentinel) {
			t.Fatalf("errors.Is(%v, sentinel) = false: PanicError must unwrap an error value", r.Err)
		}
		if r.Val != 0 || !r.Shared {
			t.Fatalf("DoChan result = %+v, want zero Val and Shared", r)
		}
	}
	checkPanicError(t, recv(t, dup, "Do duplicate"), sentinel)
	waitPending(t, &g, "k", 0)
}

func TestGoexitInTheFunction(t *testing.T) {
	var g singleflight.Group[string, int]
	b := newBlocker(0, nil)
	b.goexit = true
	returned := make(chan struct{}, 1)
	exited := make(chan struct{})
	go func() {
		defer close(exited)
		g.Do("k", b.fn)
		returned <- struct{}{}
	}()
	recv(t, b.started, "function start")
	waitPending(t, &g, "k", 1)
	dup := goDo(&g, "k", mustNotRun)
	waitPending(t, &g, "k", 2)
	ch := g.DoChan("k", mustNotRun)
	waitPending(t, &g, "k", 3)
	close(b.release)

	recv(t, exited, "leader goroutine exit")
	assertNothing(t, returned, "leader Do (its goroutine called runtime.Goexit)")
	if o := recv(t, dup, "Do duplicate"); o.panicked || !errors.Is(o.err, singleflight.ErrGoexit) || o.v != 0 {
		t.Fatalf("Do duplicate observed %+v, want (0, ErrGoexit)", o)
	}
	if r := recv(t, ch, "DoChan"); !errors.Is(r.Err, singleflight.ErrGoexit) || r.Val != 0 {
		t.Fatalf("DoChan result = %+v, want Err ErrGoexit", r)
	}
	waitPending(t, &g, "k", 0)
}

func TestKeysAreIndependent(t *testing.T) {
	var g singleflight.Group[string, int]
	ba, bb := newBlocker(1, nil), newBlocker(2, nil)
	a := startLeader(t, &g, "a", ba)
	b := startLeader(t, &g, "b", bb)
	waitPending(t, &g, "a", 1)
	waitPending(t, &g, "b", 1)
	close(bb.release)
	if o := recv(t, b, "caller of b"); o.v != 2 || o.err != nil || o.shared {
		t.Fatalf("caller of b observed %+v, want (2, nil, false)", o)
	}
	if n := g.Pending("a"); n != 1 {
		t.Fatalf("Pending(a) = %d after b finished, want 1", n)
	}
	close(ba.release)
	if o := recv(t, a, "caller of a"); o.v != 1 || o.err != nil || o.shared {
		t.Fatalf("caller of a observed %+v, want (1, nil, false)", o)
	}
}

type compositeKey struct {
	Region string
	ID     int
}

func TestGenericKeyAndValueTypes(t *testing.T) {
	var g singleflight.Group[compositeKey, []string]
	release := make(chan struct{})
	var calls atomic.Int32
	fn := func() ([]string, error) {
		calls.Add(1)
		<-release
		return []string{"x", "y"}, nil
	}
	ch1 := g.DoChan(compositeKey{"eu", 1}, fn)
	ch2 := g.DoChan(compositeKey{"eu", 1}, fn)
	ch3 := g.DoChan(compositeKey{"us", 1}, fn)
	if n := g.Pending(compositeKey{"eu", 1}); n != 2 {
		t.Fatalf("Pending(eu/1) = %d, want 2", n)
	}
	close(release)
	for i, ch := range []<-chan singleflight.Result[[]string]{ch1, ch2, ch3} {
		r := recv(t, ch, "DoChan")
		if r.Err != nil || len(r.Val) != 2 || r.Val[0] != "x" || r.Shared != (i < 2) {
			t.Fatalf("result %d = %+v", i, r)
		}
	}
	if c := calls.Load(); c != 2 {
		t.Fatalf("function ran %d times, want 2 (one per distinct key)", c)
	}
}

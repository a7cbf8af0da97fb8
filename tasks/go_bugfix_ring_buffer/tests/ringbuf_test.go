package ringbuf_test

import (
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"ringbuf"
)

const guard = 5 * time.Second

func newQueue(t *testing.T, capacity int) *ringbuf.Queue[int] {
	t.Helper()
	q, err := ringbuf.New[int](capacity)
	if err != nil || q == nil {
		t.Fatalf("New(%d) = (%v, %v)", capacity, q, err)
	}
	return q
}

// settle gives goroutines started by the test time to block inside the queue.
// Correct code passes whether or not they have blocked yet.
func settle() {
	for i := 0; i < 10; i++ {
		runtime.Gosched()
	}
	time.Sleep(30 * time.Millisecond)
}

// within runs f in a goroutine and fails the test if it does not finish in time.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(guard):
		t.Fatalf("%s: still blocked after %v", what, guard)
	}
}

type popResult struct {
	v   int
	err error
}

func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(guard):
		t.Fatalf("%s: no result after %v", what, guard)
		var zero T
		return zero
	}
}

func mustPop(t *testing.T, q *ringbuf.Queue[int], want int) {
	t.Helper()
	var v int
	var err error
	within(t, "Pop", func() { v, err = q.Pop() })
	if err != nil || v != want {
		t.Fatalf("Pop() = (%d, %v), want (%d, nil)", v, err, want)
	}
}

func TestNewRejectsInvalidCapacity(t *testing.T) {
	for _, c := range []int{0, -1} {
		q, err := ringbuf.New[int](c)
		if !errors.Is(err, ringbuf.ErrInvalidCapacity) || q != nil {
			t.Fatalf("New(%d) = (%v, %v), want (nil, ErrInvalidCapacity)", c, q, err)
		}
	}
	q := newQueue(t, 5)
	if q.Cap() != 5 || q.Len() != 0 {
		t.Fatalf("Cap()=%d Len()=%d, want 5 and 0", q.Cap(), q.Len())
	}
}

func TestFIFOOrderAcrossWraparound(t *testing.T) {
	q := newQueue(t, 4)
	var model []int
	next := 0
	for round := 0; round < 12; round++ {
		pushes := 1 + round%4
		for i := 0; i < pushes && len(model) < 4; i++ {
			if err := q.TryPush(next); err != nil {
				t.Fatalf("round %d: TryPush(%d) with %d items: %v", round, next, len(model), err)
			}
			model = append(model, next)
			next++
		}
		if q.Len() != len(model) {
			t.Fatalf("round %d: Len() = %d, want %d", round, q.Len(), len(model))
		}
		pops := 1 + (round*3)%4
		for i := 0; i < pops && len(model) > 0; i++ {
			mustPop(t, q, model[0])
			model = model[1:]
		}
	}
	for len(model) > 0 {
		mustPop(t, q, model[0])
		model = model[1:]
	}
	if q.Len() != 0 {
		t.Fatalf("Len() = %d after draining", q.Len())
	}
}

func TestTryPushAndTryPop(t *testing.T) {
	q := newQueue(t, 2)
	if _, err := q.TryPop(); !errors.Is(err, ringbuf.ErrEmpty) {
		t.Fatalf("TryPop on empty queue: err = %v, want ErrEmpty", err)
	}
	for i := 1; i <= 2; i++ {
		if err := q.TryPush(i); err != nil {
			t.Fatalf("TryPush(%d): %v", i, err)
		}
	}
	if err := q.TryPush(3); !errors.Is(err, ringbuf.ErrFull) {
		t.Fatalf("TryPush on full queue: err = %v, want ErrFull", err)
	}
	if q.Len() != 2 {
		t.Fatalf("Len() = %d, want 2", q.Len())
	}
	for _, want := range []int{1} {
		if v, err := q.TryPop(); err != nil || v != want {
			t.Fatalf("TryPop() = (%d, %v), want (%d, nil)", v, err, want)
		}
	}
	if err := q.TryPush(3); err != nil {
		t.Fatalf("TryPush(3) after a pop: %v", err)
	}
	for _, want := range []int{2, 3} {
		if v, err := q.TryPop(); err != nil || v != want {
			t.Fatalf("TryPop() = (%d, %v), want (%d, nil)", v, err, want)
		}
	}
	if _, err := q.TryPop(); !errors.Is(err, ringbuf.ErrEmpty) {
		t.Fatalf("TryPop after draining: err = %v, want ErrEmpty", err)
	}
}

func TestCapacityOneHandOff(t *testing.T) {
	q := newQueue(t, 1)
	const n = 200
	go func() {
		for i := 0; i < n; i++ {
			if err := q.Push(i); err != nil {
				return
			}
		}
	}()
	within(t, "consuming 200 items through a capacity-1 queue", func() {
		for i := 0; i < n; i++ {
			v, err := q.Pop()
			if err != nil || v != i {
				t.Errorf("Pop() = (%d, %v), want (%d, nil)", v, err, i)
				return
			}
		}
	})
}

func TestPopBlocksUntilAnItemArrives(t *testing.T) {
	q := newQueue(t, 3)
	res := make(chan popResult, 1)
	go func() {
		v, err := q.Pop()
		res <- popResult{v, err}
	}()
	settle()
	select {
	case r := <-res:
		t.Fatalf("Pop on an empty queue returned (%d, %v) instead of blocking", r.v, r.err)
	default:
	}
	if err := q.Push(42); err != nil {
		t.Fatalf("Push: %v", err)
	}
	if r := recv(t, res, "blocked Pop"); r.err != nil || r.v != 42 {
		t.Fatalf("blocked Pop = (%d, %v), want (42, nil)", r.v, r.err)
	}
}

func TestPushBlocksWhileFull(t *testing.T) {
	q := newQueue(t, 2)
	q.TryPush(1)
	q.TryPush(2)
	done := make(chan error, 1)
	go func() { done <- q.Push(3) }()
	settle()
	select {
	case err := <-done:
		t.Fatalf("Push on a full queue returned %v instead of blocking", err)
	default:
	}
	mustPop(t, q, 1)
	if err := recv(t, done, "blocked Push"); err != nil {
		t.Fatalf("blocked Push: %v", err)
	}
	mustPop(t, q, 2)
	mustPop(t, q, 3)
}

func TestEveryBlockedConsumerIsWoken(t *testing.T) {
	// One P: the test goroutine pushes both items before either woken
	// consumer gets to run.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	q := newQueue(t, 4)
	res := make(chan popResult, 2)
	for i := 0; i < 2; i++ {
		go func() {
			v, err := q.Pop()
			res <- popResult{v, err}
		}()
	}
	settle()
	if err := q.TryPush(10); err != nil {
		t.Fatalf("TryPush: %v", err)
	}
	if err := q.TryPush(20); err != nil {
		t.Fatalf("TryPush: %v", err)
	}
	got := map[int]bool{}
	for i := 0; i < 2; i++ {
		r := recv(t, res, "consumer blocked in Pop while items are queued")
		if r.err != nil {
			t.Fatalf("Pop: %v", r.err)
		}
		got[r.v] = true
	}
	if !got[10] || !got[20] {
		t.Fatalf("consumers received %v, want 10 and 20", got)
	}
}

func TestEveryBlockedProducerIsWoken(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	q := newQueue(t, 2)
	q.TryPush(1)
	q.TryPush(2)
	done := make(chan error, 2)
	for i := 0; i < 2; i++ {
		v := 100 + i
		go func() { done <- q.Push(v) }()
	}
	settle()
	if v, err := q.TryPop(); err != nil || v != 1 {
		t.Fatalf("TryPop() = (%d, %v), want (1, nil)", v, err)
	}
	if v, err := q.TryPop(); err != nil || v != 2 {
		t.Fatalf("TryPop() = (%d, %v), want (2, nil)", v, err)
	}
	for i := 0; i < 2; i++ {
		if err := recv(t, done, "producer blocked in Push while slots are free"); err != nil {
			t.Fatalf("Push: %v", err)
		}
	}
	if q.Len() != 2 {
		t.Fatalf("Len() = %d, want 2", q.Len())
	}
}

func TestCloseWakesBlockedConsumers(t *testing.T) {
	q := newQueue(t, 2)
	res := make(chan popResult, 3)
	for i := 0; i < 3; i++ {
		go func() {
			v, err := q.Pop()
			res <- popResult{v, err}
		}()
	}
	settle()
	if err := q.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	for i := 0; i < 3; i++ {
		if r := recv(t, res, "consumer blocked in Pop after Close"); !errors.Is(r.err, ringbuf.ErrClosed) {
			t.Fatalf("Pop after Close = (%d, %v), want ErrClosed", r.v, r.err)
		}
	}
}

func TestCloseWakesBlockedProducers(t *testing.T) {
	q := newQueue(t, 1)
	q.TryPush(7)
	done := make(chan error, 2)
	for i := 0; i < 2; i++ {
		go func() { done <- q.Push(8) }()
	}
	settle()
	if err := q.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	for i := 0; i < 2; i++ {
		if err := recv(t, done, "producer blocked in Push after Close"); !errors.Is(err, ringbuf.ErrClosed) {
			t.Fatalf("Push after Close = %v, want ErrClosed", err)
		}
	}
	mustPop(t, q, 7)
	if _, err := q.TryPop(); !errors.Is(err, ringbuf.ErrClosed) {
		t.Fatalf("TryPop on a closed, drained queue: err = %v, want ErrClosed", err)
	}
}

func TestCloseDrainsRemainingItemsThenReportsClosed(t *testing.T) {
	q := newQueue(t, 4)
	for i := 1; i <= 3; i++ {
		q.TryPush(i)
	}
	if err := q.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := q.Close(); !errors.Is(err, ringbuf.ErrClosed) {
		t.Fatalf("second Close: err = %v, want ErrClosed", err)
	}
	if err := q.Push(9); !errors.Is(err, ringbuf.ErrClosed) {
		t.Fatalf("Push after Close: err = %v, want ErrClosed", err)
	}
	if err := q.TryPush(9); !errors.Is(err, ringbuf.ErrClosed) {
		t.Fatalf("TryPush after Close: err = %v, want ErrClosed", err)
	}
	if q.Len() != 3 {
		t.Fatalf("Len() = %d, want 3", q.Len())
	}
	mustPop(t, q, 1)
	mustPop(t, q, 2)
	if v, err := q.TryPop(); err != nil || v != 3 {
		t.Fatalf("TryPop() = (%d, %v), want (3, nil)", v, err)
	}
	var err error
	within(t, "Pop on a closed, drained queue", func() { _, err = q.Pop() })
	if !errors.Is(err, ringbuf.ErrClosed) {
		t.Fatalf("Pop on a closed, drained queue: err = %v, want ErrClosed", err)
	}
	if q.Len() != 0 {
		t.Fatalf("Len() = %d, want 0", q.Len())
	}
}

func TestLenIsSafeDuringConcurrentUse(t *testing.T) {
	q := newQueue(t, 4)
	const n = 500
	stop := make(chan struct{})
	var observer sync.WaitGroup
	observer.Add(1)
	go func() {
		defer observer.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if l := q.Len(); l < 0 || l > q.Cap() {
				t.Errorf("Len() = %d outside [0, %d]", l, q.Cap())
				return
			}
			runtime.Gosched()
		}
	}()
	go func() {
		for i := 0; i < n; i++ {
			if q.Push(i) != nil {
				return
			}
		}
	}()
	within(t, "transferring items while Len is polled", func() {
		for i := 0; i < n; i++ {
			if _, err := q.Pop(); err != nil {
				t.Errorf("Pop: %v", err)
				return
			}
		}
	})
	close(stop)
	observer.Wait()
}

func TestManyProducersAndConsumers(t *testing.T) {
	const producers, consumers, perProducer = 4, 4, 300
	q := newQueue(t, 3)
	var prodWG sync.WaitGroup
	for p := 0; p < producers; p++ {
		prodWG.Add(1)
		go func(p int) {
			defer prodWG.Done()
			for i := 0; i < perProducer; i++ {
				if err := q.Push(p*perProducer + i); err != nil {
					t.Errorf("Push: %v", err)
					return
				}
			}
		}(p)
	}
	results := make([][]int, consumers)
	var consWG sync.WaitGroup
	for c := 0; c < consumers; c++ {
		consWG.Add(1)
		go func(c int) {
			defer consWG.Done()
			for {
				v, err := q.Pop()
				if errors.Is(err, ringbuf.ErrClosed) {
					return
				}
				if err != nil {
					t.Errorf("Pop: %v", err)
					return
				}
				results[c] = append(results[c], v)
			}
		}(c)
	}
	within(t, "producers finishing", prodWG.Wait)
	if err := q.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	within(t, "consumers draining after Close", consWG.Wait)

	seen := make([]int, producers*perProducer)
	for c, vals := range results {
		last := make([]int, producers)
		for i := range last {
			last[i] = -1
		}
		for _, v := range vals {
			if v < 0 || v >= len(seen) {
				t.Fatalf("consumer %d got foreign value %d", c, v)
			}
			seen[v]++
			p, i := v/perProducer, v%perProducer
			if i <= last[p] {
				t.Fatalf("consumer %d got item %d of producer %d after item %d: FIFO order broken", c, i, p, last[p])
			}
			last[p] = i
		}
	}
	for v, n := range seen {
		if n != 1 {
			t.Fatalf("value %d delivered %d times, want exactly once", v, n)
		}
	}
}

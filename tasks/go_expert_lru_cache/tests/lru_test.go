package lru_test

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"lru"
)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type evicted struct {
	Key    string
	Value  int
	Reason lru.EvictReason
}

// recorder collects OnEvict calls.
type recorder struct {
	mu  sync.Mutex
	got []evicted
}

func (r *recorder) onEvict(k string, v int, reason lru.EvictReason) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, evicted{k, v, reason})
}

// take returns and clears the recorded evictions.
func (r *recorder) take() []evicted {
	r.mu.Lock()
	defer r.mu.Unlock()
	got := r.got
	r.got = nil
	return got
}

func newCache(t *testing.T, capacity int, ttl time.Duration, clk lru.Clock, rec *recorder) *lru.Cache[string, int] {
	t.Helper()
	opts := lru.Options[string, int]{TTL: ttl, Clock: clk}
	if rec != nil {
		opts.OnEvict = rec.onEvict
	}
	c, err := lru.New[string, int](capacity, opts)
	if err != nil {
		t.Fatalf("New(%d): %v", capacity, err)
	}
	if c == nil {
		t.Fatalf("New(%d) returned nil", capacity)
	}
	return c
}

func wantKeys(t *testing.T, c *lru.Cache[string, int], want ...string) {
	t.Helper()
	got := c.Keys()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Keys() = %q, want %q", got, want)
	}
	if n := c.Len(); n != len(want) {
		t.Fatalf("Len() = %d, want %d", n, len(want))
	}
}

func wantEvicted(t *testing.T, rec *recorder, want ...evicted) {
	t.Helper()
	got := rec.take()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("evictions = %+v, want %+v", got, want)
	}
}

func wantGet(t *testing.T, c *lru.Cache[string, int], key string, want int, wantOK bool) {
	t.Helper()
	v, ok := c.Get(key)
	if v != want || ok != wantOK {
		t.Fatalf("Get(%q) = (%d, %v), want (%d, %v)", key, v, ok, want, wantOK)
	}
}

func TestNewValidatesArguments(t *testing.T) {
	for _, capacity := range []int{0, -1} {
		c, err := lru.New[string, int](capacity, lru.Options[string, int]{})
		if !errors.Is(err, lru.ErrInvalidCapacity) || c != nil {
			t.Errorf("New(%d) = (%v, %v), want (nil, ErrInvalidCapacity)", capacity, c, err)
		}
	}
	c, err := lru.New[string, int](4, lru.Options[string, int]{TTL: -time.Second})
	if !errors.Is(err, lru.ErrNegativeTTL) || c != nil {
		t.Errorf("New with negative TTL = (%v, %v), want (nil, ErrNegativeTTL)", c, err)
	}
	c, err = lru.New[string, int](1, lru.Options[string, int]{})
	if err != nil || c == nil {
		t.Fatalf("New(1) with zero options = (%v, %v)", c, err)
	}
	c.Put("a", 1)
	wantGet(t, c, "a", 1, true)
}

func TestPutGetAndMiss(t *testing.T) {
	rec := &recorder{}
	c := newCache(t, 3, 0, newFakeClock(), rec)
	wantGet(t, c, "missing", 0, false)
	c.Put("a", 1)
	c.Put("b", 2)
	wantGet(t, c, "a", 1, true)
	wantGet(t, c, "b", 2, true)
	wantGet(t, c, "c", 0, false)
	wantKeys(t, c, "b", "a")
	wantEvicted(t, rec)
}

func TestEvictsLeastRecentlyUsed(t *testing.T) {
	rec := &recorder{}
	c := newCache(t, 3, 0, newFakeClock(), rec)
	c.Put("a", 1)
	c.Put("b", 2)
	c.Put("c", 3)
	wantGet(t, c, "a", 1, true) // a becomes most recent; b is now the LRU
	c.Put("d", 4)
	wantEvicted(t, rec, evicted{"b", 2, lru.ReasonCapacity})
	wantKeys(t, c, "d", "a", "c")
	wantGet(t, c, "b", 0, false)
	c.Put("e", 5)
	wantEvicted(t, rec, evicted{"c", 3, lru.ReasonCapacity})
	wantKeys(t, c, "e", "d", "a")
}

func TestPutExistingKeyReplacesAndPromotes(t *testing.T) {
	rec := &recorder{}
	c := newCache(t, 2, 0, newFakeClock(), rec)
	c.Put("a", 1)
	c.Put("b", 2)
	c.Put("a", 10)
	wantEvicted(t, rec, evicted{"a", 1, lru.ReasonReplaced})
	wantKeys(t, c, "a", "b")
	c.Put("c", 3)
	wantEvicted(t, rec, evicted{"b", 2, lru.ReasonCapacity})
	wantGet(t, c, "a", 10, true)
	wantKeys(t, c, "a", "c")
}

func TestCapacityOne(t *testing.T) {
	rec := &recorder{}
	c := newCache(t, 1, 0, newFakeClock(), rec)
	c.Put("a", 1)
	c.Put("b", 2)
	wantEvicted(t, rec, evicted{"a", 1, lru.ReasonCapacity})
	c.Put("b", 3)
	wantEvicted(t, rec, evicted{"b", 2, lru.ReasonReplaced})
	wantKeys(t, c, "b")
	wantGet(t, c, "b", 3, true)
}

func TestKeysAndLenDoNotChangeRecency(t *testing.T) {
	rec := &recorder{}
	c := newCache(t, 3, 0, newFakeClock(), rec)
	c.Put("a", 1)
	c.Put("b", 2)
	c.Put("c", 3)
	for i := 0; i < 3; i++ {
		wantKeys(t, c, "c", "b", "a")
	}
	c.Put("d", 4)
	wantEvicted(t, rec, evicted{"a", 1, lru.ReasonCapacity})
	keys := c.Keys()
	keys[0] = "mutated"
	wantKeys(t, c, "d", "c", "b")
}

func TestDelete(t *testing.T) {
	rec := &recorder{}
	c := newCache(t, 3, 0, newFakeClock(), rec)
	c.Put("a", 1)
	c.Put("b", 2)
	c.Put("c", 3)
	if !c.Delete("b") {
		t.Fatal("Delete(b) = false, want true")
	}
	wantEvicted(t, rec, evicted{"b", 2, lru.ReasonDeleted})
	if c.Delete("b") {
		t.Fatal("second Delete(b) = true")
	}
	if c.Delete("zzz") {
		t.Fatal("Delete of a missing key = true")
	}
	wantEvicted(t, rec)
	wantKeys(t, c, "c", "a")
	c.Put("d", 4)
	c.Put("e", 5) // full again: a is the LRU
	wantEvicted(t, rec, evicted{"a", 1, lru.ReasonCapacity})
	wantKeys(t, c, "e", "d", "c")
}

func TestTTLExpiresOnGet(t *testing.T) {
	clk := newFakeClock()
	rec := &recorder{}
	c := newCache(t, 4, time.Second, clk, rec)
	c.Put("a", 1)
	clk.Advance(999 * time.Millisecond)
	wantGet(t, c, "a", 1, true) // Get does not extend the lifetime
	clk.Advance(time.Millisecond)
	wantGet(t, c, "a", 0, false) // expired at exactly TTL
	wantEvicted(t, rec, evicted{"a", 1, lru.ReasonExpired})
	wantGet(t, c, "a", 0, false)
	wantEvicted(t, rec)
	wantKeys(t, c)
}

func TestPutRefreshesTTL(t *testing.T) {
	clk := newFakeClock()
	rec := &recorder{}
	c := newCache(t, 4, time.Second, clk, rec)
	c.Put("a", 1)
	clk.Advance(600 * time.Millisecond)
	c.Put("a", 2)
	wantEvicted(t, rec, evicted{"a", 1, lru.ReasonReplaced})
	clk.Advance(600 * time.Millisecond)
	wantGet(t, c, "a", 2, true)
	clk.Advance(400 * time.Millisecond)
	wantGet(t, c, "a", 0, false)
	wantEvicted(t, rec, evicted{"a", 2, lru.ReasonExpired})

	// Putting over an expired entry reports it as expired, not replaced.
	c.Put("b", 1)
	clk.Advance(time.Second)
	c.Put("b", 2)
	wantEvicted(t, rec, evicted{"b", 1, lru.ReasonExpired})
	wantKeys(t, c, "b")
	wantGet(t, c, "b", 2, true)
}

func TestLenAndKeysSkipExpiredWithoutRemoving(t *testing.T) {
	clk := newFakeClock()
	rec := &recorder{}
	c := newCache(t, 4, time.Second, clk, rec)
	c.Put("a", 1)
	c.Put("x", 9)
	clk.Advance(500 * time.Millisecond)
	c.Put("b", 2)
	clk.Advance(500 * time.Millisecond) // a and x expired, b alive
	wantKeys(t, c, "b")
	if c.Len() != 1 {
		t.Fatalf("Len() = %d, want 1", c.Len())
	}
	wantEvicted(t, rec) // reading does not remove anything
	if n := c.RemoveExpired(); n != 2 {
		t.Fatalf("RemoveExpired() = %d, want 2", n)
	}
	wantEvicted(t, rec, evicted{"a", 1, lru.ReasonExpired}, evicted{"x", 9, lru.ReasonExpired})
	if n := c.RemoveExpired(); n != 0 {
		t.Fatalf("second RemoveExpired() = %d, want 0", n)
	}
	wantKeys(t, c, "b")
}

func TestFullCacheDropsExpiredBeforeEvictingLive(t *testing.T) {
	clk := newFakeClock()
	rec := &recorder{}
	c := newCache(t, 3, time.Second, clk, rec)
	c.Put("a", 1)
	c.Put("b", 2)
	clk.Advance(600 * time.Millisecond)
	c.Put("c", 3)
	wantGet(t, c, "a", 1, true) // recency: a, c, b
	clk.Advance(500 * time.Millisecond)
	// a and b are expired (written at t=0); c (t=0.6s) is alive.
	c.Put("d", 4)
	wantEvicted(t, rec, evicted{"b", 2, lru.ReasonExpired}, evicted{"a", 1, lru.ReasonExpired})
	wantKeys(t, c, "d", "c")

	// With nothing expired, a full cache evicts its LRU entry.
	c.Put("e", 5)
	c.Put("f", 6)
	wantEvicted(t, rec, evicted{"c", 3, lru.ReasonCapacity})
	wantKeys(t, c, "f", "e", "d")
}

func TestDeleteExpiredEntry(t *testing.T) {
	clk := newFakeClock()
	rec := &recorder{}
	c := newCache(t, 2, time.Minute, clk, rec)
	c.Put("a", 1)
	clk.Advance(time.Minute)
	if c.Delete("a") {
		t.Fatal("Delete of an expired entry = true, want false")
	}
	wantEvicted(t, rec, evicted{"a", 1, lru.ReasonExpired})
	wantKeys(t, c)
}

func TestNoTTLNeverExpires(t *testing.T) {
	clk := newFakeClock()
	rec := &recorder{}
	c := newCache(t, 2, 0, clk, rec)
	c.Put("a", 1)
	clk.Advance(10000 * time.Hour)
	wantGet(t, c, "a", 1, true)
	if n := c.RemoveExpired(); n != 0 {
		t.Fatalf("RemoveExpired() = %d without a TTL", n)
	}
	wantEvicted(t, rec)
}

func TestCallbackMayUseTheCache(t *testing.T) {
	var c *lru.Cache[string, int]
	var seen []string
	opts := lru.Options[string, int]{
		Clock: newFakeClock(),
		OnEvict: func(k string, v int, reason lru.EvictReason) {
			// Re-entering the cache from the callback must not deadlock.
			seen = append(seen, fmt.Sprintf("%s=%d len=%d", k, v, c.Len()))
			if k == "a" && reason == lru.ReasonCapacity {
				c.Put("evicted-"+k, v)
			}
		},
	}
	var err error
	c, err = lru.New[string, int](2, opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.Put("a", 1)
		c.Put("b", 2)
		c.Put("c", 3) // evicts a; the callback then inserts "evicted-a", which evicts b
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Put deadlocked while running OnEvict (callbacks must run without the cache's lock held)")
	}
	want := []string{"a=1 len=2", "b=2 len=2"}
	if !reflect.DeepEqual(seen, want) {
		t.Fatalf("callback saw %q, want %q", seen, want)
	}
	if got := c.Keys(); !reflect.DeepEqual(got, []string{"evicted-a", "c"}) {
		t.Fatalf("Keys() = %q, want [evicted-a c]", got)
	}
}

type point struct{ X, Y int }

func TestGenericKeyAndValueTypes(t *testing.T) {
	var evictedKeys []point
	c, err := lru.New[point, []string](2, lru.Options[point, []string]{
		OnEvict: func(k point, v []string, _ lru.EvictReason) { evictedKeys = append(evictedKeys, k) },
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	c.Put(point{1, 2}, []string{"x"})
	c.Put(point{3, 4}, nil)
	if v, ok := c.Get(point{1, 2}); !ok || !reflect.DeepEqual(v, []string{"x"}) {
		t.Fatalf("Get({1,2}) = (%v, %v)", v, ok)
	}
	c.Put(point{5, 6}, []string{"y", "z"})
	if !reflect.DeepEqual(evictedKeys, []point{{3, 4}}) {
		t.Fatalf("evicted %v, want [{3 4}]", evictedKeys)
	}
	if got := c.Keys(); !reflect.DeepEqual(got, []point{{5, 6}, {1, 2}}) {
		t.Fatalf("Keys() = %v", got)
	}
}

func TestConcurrentUseKeepsInvariants(t *testing.T) {
	const capacity = 16
	var puts, left atomic.Int64
	c, err := lru.New[int, int](capacity, lru.Options[int, int]{
		OnEvict: func(k, v int, _ lru.EvictReason) {
			if k != v%1000 {
				t.Errorf("evicted pair %d=%d does not belong together", k, v)
			}
			left.Add(1)
		},
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				k := (i*7 + g*13) % 64
				switch i % 5 {
				case 0, 1:
					c.Put(k, k+1000*(g+1))
					puts.Add(1)
				case 2:
					if v, ok := c.Get(k); ok && v%1000 != k {
						t.Errorf("Get(%d) = %d: value of another key", k, v)
					}
				case 3:
					c.Delete(k)
				case 4:
					if n := c.Len(); n < 0 || n > capacity {
						t.Errorf("Len() = %d, capacity %d", n, capacity)
					}
					if keys := c.Keys(); len(keys) > capacity {
						t.Errorf("Keys() has %d entries, capacity %d", len(keys), capacity)
					}
				}
			}
		}(g)
	}
	wg.Wait()
	n := c.Len()
	if got := left.Load() + int64(n); got != puts.Load() {
		t.Fatalf("%d puts but %d evictions + %d live entries: every value must leave exactly once", puts.Load(), left.Load(), n)
	}
	keys := c.Keys()
	seen := map[int]bool{}
	for _, k := range keys {
		if seen[k] {
			t.Fatalf("duplicate key %d in Keys()", k)
		}
		seen[k] = true
	}
	if len(keys) != n {
		t.Fatalf("len(Keys()) = %d, Len() = %d", len(keys), n)
	}
}

// Package lru implements a generic, concurrency-safe least-recently-used cache
// with optional expiry.
package lru

import (
	"errors"
	"sync"
	"time"
)

// Clock is the source of time used for expiry.
type Clock interface {
	Now() time.Time
}

// EvictReason says why an entry left the cache.
type EvictReason int

const (
	// ReasonCapacity: removed to make room for a new key.
	ReasonCapacity EvictReason = iota + 1
	// ReasonExpired: removed because its TTL had elapsed.
	ReasonExpired
	// ReasonDeleted: removed by Delete.
	ReasonDeleted
	// ReasonReplaced: its value was overwritten by Put.
	ReasonReplaced
)

// Options configures a Cache. The zero value means no expiry, the real
// clock and no callback.
type Options[K comparable, V any] struct {
	// TTL is how long an entry lives after it was last written by Put.
	// Zero means entries never expire.
	TTL time.Duration
	// Clock is used for expiry; nil means the real time.
	Clock Clock
	// OnEvict, if set, is called once for every value that leaves the cache.
	OnEvict func(key K, value V, reason EvictReason)
}

var (
	// ErrInvalidCapacity reports a capacity below 1.
	ErrInvalidCapacity = errors.New("lru: capacity must be at least 1")
	// ErrNegativeTTL reports a negative TTL.
	ErrNegativeTTL = errors.New("lru: TTL must not be negative")
)

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

// entry is a node of the circular recency list; the sentinel's next is the
// most recently used entry and its prev the least recently used.
type entry[K comparable, V any] struct {
	key        K
	value      V
	expires    time.Time
	prev, next *entry[K, V]
}

// eviction is a callback invocation deferred until the lock is released.
type eviction[K comparable, V any] struct {
	key    K
	value  V
	reason EvictReason
}

// Cache is a fixed-capacity LRU cache. It is safe for concurrent use.
type Cache[K comparable, V any] struct {
	capacity int
	ttl      time.Duration
	clock    Clock
	onEvict  func(K, V, EvictReason)

	mu    sync.Mutex
	items map[K]*entry[K, V]
	root  entry[K, V] // sentinel
}

// New returns an empty cache holding at most capacity entries.
func New[K comparable, V any](capacity int, opts Options[K, V]) (*Cache[K, V], error) {
	if capacity < 1 {
		return nil, ErrInvalidCapacity
	}
	if opts.TTL < 0 {
		return nil, ErrNegativeTTL
	}
	clock := opts.Clock
	if clock == nil {
		clock = realClock{}
	}
	c := &Cache[K, V]{
		capacity: capacity,
		ttl:      opts.TTL,
		clock:    clock,
		onEvict:  opts.OnEvict,
		items:    make(map[K]*entry[K, V], capacity),
	}
	c.root.next, c.root.prev = &c.root, &c.root
	return c, nil
}

func (c *Cache[K, V]) expired(e *entry[K, V], now time.Time) bool {
	return c.ttl > 0 && !now.Before(e.expires)
}

func (c *Cache[K, V]) unlink(e *entry[K, V]) {
	e.prev.next, e.next.prev = e.next, e.prev
	e.prev, e.next = nil, nil
}

func (c *Cache[K, V]) pushFront(e *entry[K, V]) {
	e.prev, e.next = &c.root, c.root.next
	c.root.next.prev = e
	c.root.next = e
}

// remove drops e and records its eviction. c.mu must be held.
func (c *Cache[K, V]) remove(e *entry[K, V], reason EvictReason, out *[]eviction[K, V]) {
	c.unlink(e)
	delete(c.items, e.key)
	*out = append(*out, eviction[K, V]{e.key, e.value, reason})
}

// removeExpired drops expired entries, least recently used first.
func (c *Cache[K, V]) removeExpired(now time.Time, out *[]eviction[K, V]) int {
	if c.ttl == 0 {
		return 0
	}
	n := 0
	for e := c.root.prev; e != &c.root; {
		prev := e.prev
		if c.expired(e, now) {
			c.remove(e, ReasonExpired, out)
			n++
		}
		e = prev
	}
	return n
}

// unlockAndNotify releases c.mu, then runs the callback for each eviction so
// that callbacks may use the cache.
func (c *Cache[K, V]) unlockAndNotify(evs []eviction[K, V]) {
	c.mu.Unlock()
	if c.onEvict == nil {
		return
	}
	for _, ev := range evs {
		c.onEvict(ev.key, ev.value, ev.reason)
	}
}

// Get returns the value for key and marks it most recently used.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	var evs []eviction[K, V]
	c.mu.Lock()
	defer func() { c.unlockAndNotify(evs) }()
	e, ok := c.items[key]
	if !ok {
		var zero V
		return zero, false
	}
	if c.expired(e, c.clock.Now()) {
		c.remove(e, ReasonExpired, &evs)
		var zero V
		return zero, false
	}
	c.unlink(e)
	c.pushFront(e)
	return e.value, true
}

// Put inserts or replaces the value for key and marks it most recently used.
func (c *Cache[K, V]) Put(key K, value V) {
	var evs []eviction[K, V]
	c.mu.Lock()
	defer func() { c.unlockAndNotify(evs) }()
	now := c.clock.Now()
	if e, ok := c.items[key]; ok {
		if c.expired(e, now) {
			c.remove(e, ReasonExpired, &evs)
		} else {
			evs = append(evs, eviction[K, V]{key, e.value, ReasonReplaced})
			e.value = value
			e.expires = now.Add(c.ttl)
			c.unlink(e)
			c.pushFront(e)
			return
		}
	}
	if len(c.items) >= c.capacity {
		c.removeExpired(now, &evs)
	}
	if len(c.items) >= c.capacity {
		c.remove(c.root.prev, ReasonCapacity, &evs)
	}
	e := &entry[K, V]{key: key, value: value, expires: now.Add(c.ttl)}
	c.items[key] = e
	c.pushFront(e)
}

// Delete removes key and reports whether a live entry was removed.
func (c *Cache[K, V]) Delete(key K) bool {
	var evs []eviction[K, V]
	c.mu.Lock()
	defer func() { c.unlockAndNotify(evs) }()
	e, ok := c.items[key]
	if !ok {
		return false
	}
	if c.expired(e, c.clock.Now()) {
		c.remove(e, ReasonExpired, &evs)
		return false
	}
	c.remove(e, ReasonDeleted, &evs)
	return true
}

// Len returns the number of live (unexpired) entries.
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ttl == 0 {
		return len(c.items)
	}
	now := c.clock.Now()
	n := 0
	for _, e := range c.items {
		if !c.expired(e, now) {
			n++
		}
	}
	return n
}

// Keys returns the live keys, most recently used first.
func (c *Cache[K, V]) Keys() []K {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	keys := make([]K, 0, len(c.items))
	for e := c.root.next; e != &c.root; e = e.next {
		if !c.expired(e, now) {
			keys = append(keys, e.key)
		}
	}
	return keys
}

// RemoveExpired removes every expired entry and returns how many it removed.
func (c *Cache[K, V]) RemoveExpired() int {
	var evs []eviction[K, V]
	c.mu.Lock()
	defer func() { c.unlockAndNotify(evs) }()
	return c.removeExpired(c.clock.Now(), &evs)
}

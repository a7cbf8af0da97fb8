// Package lru implements a generic, concurrency-safe least-recently-used cache
// with optional expiry.
package lru

import (
	"errors"
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

var errNotImplemented = errors.New("lru: not implemented")

// Cache is a fixed-capacity LRU cache. It is safe for concurrent use.
type Cache[K comparable, V any] struct {
	// TODO: add fields.
}

// New returns an empty cache holding at most capacity entries.
func New[K comparable, V any](capacity int, opts Options[K, V]) (*Cache[K, V], error) {
	// TODO: implement.
	return nil, errNotImplemented
}

// Get returns the value for key and marks it most recently used.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	// TODO: implement.
	var zero V
	return zero, false
}

// Put inserts or replaces the value for key and marks it most recently used.
func (c *Cache[K, V]) Put(key K, value V) {
	// TODO: implement.
}

// Delete removes key and reports whether a live entry was removed.
func (c *Cache[K, V]) Delete(key K) bool {
	// TODO: implement.
	return false
}

// Len returns the number of live (unexpired) entries.
func (c *Cache[K, V]) Len() int {
	// TODO: implement.
	return 0
}

// Keys returns the live keys, most recently used first.
func (c *Cache[K, V]) Keys() []K {
	// TODO: implement.
	return nil
}

// RemoveExpired removes every expired entry and returns how many it removed.
func (c *Cache[K, V]) RemoveExpired() int {
	// TODO: implement.
	return 0
}

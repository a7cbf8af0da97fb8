// Package singleflight suppresses duplicate concurrent calls: callers asking
// for the same key while a call is in flight share its result.
package singleflight

import (
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
)

// ErrGoexit is the error given to the other callers when the function of a
// call exits its goroutine with runtime.Goexit.
var ErrGoexit = errors.New("singleflight: function called runtime.Goexit")

// PanicError carries a panic raised by the function of a call.
type PanicError struct {
	// Value is the value passed to panic.
	Value any
	// Stack is the stack trace of the panicking goroutine.
	Stack []byte
}

// Error implements error.
func (p *PanicError) Error() string {
	return fmt.Sprintf("singleflight: panic: %v", p.Value)
}

// Unwrap returns Value if it is an error, else nil.
func (p *PanicError) Unwrap() error {
	err, _ := p.Value.(error)
	return err
}

// Result is what DoChan delivers.
type Result[V any] struct {
	Val    V
	Err    error
	Shared bool
}

// call is one execution of a function, shared by every caller attached to it.
type call[V any] struct {
	done chan struct{} // closed once the fields below are final

	val      V
	err      error
	panicked bool
	shared   bool

	// Guarded by the group's mutex.
	dups  int
	chans []chan<- Result[V]
}

// Group deduplicates calls by key. The zero value is ready to use; a Group
// must not be copied after first use.
type Group[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]*call[V]
}

// join attaches to the call in flight for key, or registers c as the new
// one. g.mu must be held. It reports whether a call was joined.
func (g *Group[K, V]) join(key K) (*call[V], bool) {
	if c, ok := g.m[key]; ok {
		c.dups++
		return c, true
	}
	if g.m == nil {
		g.m = make(map[K]*call[V])
	}
	c := &call[V]{done: make(chan struct{})}
	g.m[key] = c
	return c, false
}

// Do runs fn for key unless a call for key is already in flight, in which
// case it waits for that call and returns its results. If fn panics, every
// Do caller of the call panics with a *PanicError.
func (g *Group[K, V]) Do(key K, fn func() (V, error)) (v V, err error, shared bool) {
	g.mu.Lock()
	c, joined := g.join(key)
	g.mu.Unlock()
	if !joined {
		// If fn calls runtime.Goexit, doCall finishes the call and this
		// goroutine exits without returning.
		g.doCall(c, key, fn)
	} else {
		<-c.done
	}
	if c.panicked {
		panic(c.err)
	}
	return c.val, c.err, c.shared
}

// DoChan is like Do but returns at once with a channel that will receive the
// result. Panics in fn are delivered as a *PanicError in Result.Err.
func (g *Group[K, V]) DoChan(key K, fn func() (V, error)) <-chan Result[V] {
	ch := make(chan Result[V], 1)
	g.mu.Lock()
	c, joined := g.join(key)
	c.chans = append(c.chans, ch)
	g.mu.Unlock()
	if !joined {
		go g.doCall(c, key, fn)
	}
	return ch
}

// doCall runs fn and publishes its outcome, telling a panic (recovered and
// recorded) from runtime.Goexit (which cannot be stopped) apart.
func (g *Group[K, V]) doCall(c *call[V], key K, fn func() (V, error)) {
	normalReturn := false
	recovered := false

	defer func() {
		if !normalReturn && !recovered {
			c.err = ErrGoexit
		}
		g.mu.Lock()
		if g.m[key] == c { // a forgotten call must not remove its successor
			delete(g.m, key)
		}
		c.shared = c.dups > 0
		chans := c.chans
		g.mu.Unlock()

		close(c.done)
		for _, ch := range chans {
			ch <- Result[V]{Val: c.val, Err: c.err, Shared: c.shared}
		}
	}()

	func() {
		defer func() {
			if !normalReturn {
				if r := recover(); r != nil {
					c.err = &PanicError{Value: r, Stack: debug.Stack()}
					c.panicked = true
				}
			}
		}()
		c.val, c.err = fn()
		normalReturn = true
	}()

	if !normalReturn {
		recovered = true
	}
}

// Forget makes later calls for key start a new call instead of joining the
// one in flight. Callers already attached still get its result.
func (g *Group[K, V]) Forget(key K) {
	g.mu.Lock()
	delete(g.m, key)
	g.mu.Unlock()
}

// Pending returns how many callers are attached to the call in flight for
// key (0 if none).
func (g *Group[K, V]) Pending(key K) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	if c, ok := g.m[key]; ok {
		return c.dups + 1
	}
	return 0
}

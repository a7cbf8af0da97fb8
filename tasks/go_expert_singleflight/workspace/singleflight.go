// Package singleflight suppresses duplicate concurrent calls: callers asking
// for the same key while a call is in flight share its result.
package singleflight

import (
	"errors"
)

// ErrGoexit is the error given to the other callers when the function of a
// call exits its goroutine with runtime.Goexit.
var ErrGoexit = errors.New("singleflight: function called runtime.Goexit")

var errNotImplemented = errors.New("singleflight: not implemented")

// PanicError carries a panic raised by the function of a call.
type PanicError struct {
	// Value is the value passed to panic.
	Value any
	// Stack is the stack trace of the panicking goroutine.
	Stack []byte
}

// Error implements error.
func (p *PanicError) Error() string {
	// TODO: implement.
	return "not implemented"
}

// Unwrap returns Value if it is an error, else nil.
func (p *PanicError) Unwrap() error {
	// TODO: implement.
	return nil
}

// Result is what DoChan delivers.
type Result[V any] struct {
	Val    V
	Err    error
	Shared bool
}

// Group deduplicates calls by key. The zero value is ready to use; a Group
// must not be copied after first use.
type Group[K comparable, V any] struct {
	// TODO: add fields.
}

// Do runs fn for key unless a call for key is already in flight, in which
// case it waits for that call and returns its results.
func (g *Group[K, V]) Do(key K, fn func() (V, error)) (v V, err error, shared bool) {
	// TODO: implement.
	return v, errNotImplemented, false
}

// DoChan is like Do but returns at once with a channel that will receive the
// result.
func (g *Group[K, V]) DoChan(key K, fn func() (V, error)) <-chan Result[V] {
	// TODO: implement.
	ch := make(chan Result[V], 1)
	ch <- Result[V]{Err: errNotImplemented}
	return ch
}

// Forget makes later calls for key start a new call instead of joining the
// one in flight.
func (g *Group[K, V]) Forget(key K) {
	// TODO: implement.
}

// Pending returns how many callers are attached to the call in flight for
// key (0 if none).
func (g *Group[K, V]) Pending(key K) int {
	// TODO: implement.
	return 0
}

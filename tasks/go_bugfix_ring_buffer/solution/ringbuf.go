// Package ringbuf provides a bounded, blocking FIFO queue backed by a ring
// buffer, for handing items between producer and consumer goroutines.
package ringbuf

import (
	"errors"
	"sync"
)

var (
	// ErrClosed is returned by operations on a closed queue.
	ErrClosed = errors.New("ringbuf: queue closed")
	// ErrFull is returned by TryPush when the queue has no free slot.
	ErrFull = errors.New("ringbuf: queue full")
	// ErrEmpty is returned by TryPop when the queue holds no item.
	ErrEmpty = errors.New("ringbuf: queue empty")
	// ErrInvalidCapacity is returned by New for a capacity below 1.
	ErrInvalidCapacity = errors.New("ringbuf: capacity must be at least 1")
)

// Queue is a bounded FIFO queue. It is safe for concurrent use.
type Queue[T any] struct {
	mu       sync.Mutex
	notEmpty *sync.Cond // signalled when an item is added
	notFull  *sync.Cond // signalled when a slot is freed

	buf    []T
	head   int // index of the oldest item
	tail   int // index where the next item goes
	count  int
	closed bool
}

// New returns an empty queue that holds at most capacity items.
func New[T any](capacity int) (*Queue[T], error) {
	if capacity < 1 {
		return nil, ErrInvalidCapacity
	}
	q := &Queue[T]{buf: make([]T, capacity)}
	q.notEmpty = sync.NewCond(&q.mu)
	q.notFull = sync.NewCond(&q.mu)
	return q, nil
}

// Cap returns the capacity of the queue.
func (q *Queue[T]) Cap() int { return len(q.buf) }

// Len returns the number of items currently buffered.
func (q *Queue[T]) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.count
}

// Push appends v, blocking while the queue is full. It returns ErrClosed if
// the queue is closed before v could be added.
func (q *Queue[T]) Push(v T) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.count == len(q.buf) && !q.closed {
		q.notFull.Wait()
	}
	if q.closed {
		return ErrClosed
	}
	q.enqueue(v)
	return nil
}

// TryPush appends v if there is room, without blocking.
func (q *Queue[T]) TryPush(v T) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrClosed
	}
	if q.count == len(q.buf) {
		return ErrFull
	}
	q.enqueue(v)
	return nil
}

// Pop removes and returns the oldest item, blocking while the queue is empty.
// After Close it keeps returning the remaining items, then ErrClosed.
func (q *Queue[T]) Pop() (T, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.count == 0 && !q.closed {
		q.notEmpty.Wait()
	}
	if q.count == 0 {
		var zero T
		return zero, ErrClosed
	}
	return q.dequeue(), nil
}

// TryPop removes and returns the oldest item if there is one, without
// blocking.
func (q *Queue[T]) TryPop() (T, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.count == 0 {
		var zero T
		if q.closed {
			return zero, ErrClosed
		}
		return zero, ErrEmpty
	}
	return q.dequeue(), nil
}

// Close stops the queue from accepting items and wakes all blocked callers.
// Items already in the queue can still be popped. Closing twice returns
// ErrClosed.
func (q *Queue[T]) Close() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrClosed
	}
	q.closed = true
	q.notEmpty.Broadcast()
	q.notFull.Broadcast()
	return nil
}

// enqueue stores v at the tail. q.mu must be held and the queue not full.
func (q *Queue[T]) enqueue(v T) {
	q.buf[q.tail] = v
	q.tail = (q.tail + 1) % len(q.buf)
	q.count++
	// Every new item may be the one a waiting consumer needs: signalling only
	// on the empty -> non-empty transition loses wake-ups when several
	// consumers are blocked.
	q.notEmpty.Signal()
}

// dequeue removes the item at the head. q.mu must be held and the queue not
// empty.
func (q *Queue[T]) dequeue() T {
	var zero T
	v := q.buf[q.head]
	q.buf[q.head] = zero // drop the reference for the garbage collector
	q.head = (q.head + 1) % len(q.buf)
	q.count--
	q.notFull.Signal()
	return v
}

//! The token bucket, its FIFO wait queue and the `Acquire` future.
//!
//! All mutable state sits behind one mutex. Every entry point first "settles"
//! the bucket: it credits the refill ticks that have elapsed and hands tokens to
//! queued waiters strictly in FIFO order. Wakers and timer registrations are
//! collected while the lock is held and run after it is released, so a clock or
//! waker that re-enters the limiter cannot deadlock.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

use crate::{AcquireError, Clock, ConfigError};

struct Waiter {
    id: u64,
    n: u32,
    waker: Waker,
}

struct State {
    tokens: u32,
    /// Refill ticks already credited, counted from `Shared::start`.
    ticks: u64,
    queue: VecDeque<Waiter>,
    /// Waiters that were handed their tokens but have not observed it yet.
    granted: HashSet<u64>,
    next_id: u64,
}

struct Shared {
    capacity: u32,
    refill_amount: u32,
    refill_interval: u64,
    start: u64,
    clock: Arc<dyn Clock>,
    state: Mutex<State>,
}

/// Side effects to run once the state lock has been released.
#[derive(Default)]
struct Effects {
    wake: Vec<Waker>,
    timer: Option<(u64, Waker)>,
}

impl Effects {
    fn run(self, clock: &dyn Clock) {
        if let Some((deadline, waker)) = self.timer {
            clock.wake_at(deadline, waker);
        }
        for waker in self.wake {
            waker.wake();
        }
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere cannot leave the state half-updated in a way that
        // matters more than refusing service forever, so recover from poison.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Credits elapsed refill ticks, capped at capacity.
    fn refill(&self, st: &mut State) {
        let now = self.clock.now();
        let total = now.saturating_sub(self.start) / self.refill_interval;
        if total > st.ticks {
            let added = (total - st.ticks).saturating_mul(u64::from(self.refill_amount));
            let tokens = u64::from(st.tokens).saturating_add(added);
            st.tokens = tokens.min(u64::from(self.capacity)) as u32;
            st.ticks = total;
        }
    }

    /// Refills, serves the queue head-first, and arms a timer for a blocked head.
    fn settle(&self, st: &mut State) -> Effects {
        self.refill(st);
        let mut effects = Effects::default();
        while let Some(head) = st.queue.front() {
            if head.n > st.tokens {
                break;
            }
            let head = st.queue.pop_front().expect("non-empty queue");
            st.tokens -= head.n;
            st.granted.insert(head.id);
            effects.wake.push(head.waker);
        }
        if let Some(head) = st.queue.front() {
            let missing = u64::from(head.n - st.tokens);
            let ticks_needed = missing.div_ceil(u64::from(self.refill_amount));
            let deadline = self
                .start
                .saturating_add((st.ticks + ticks_needed).saturating_mul(self.refill_interval));
            effects.timer = Some((deadline, head.waker.clone()));
        }
        effects
    }
}

/// A cloneable handle to one shared token bucket. Clones share the bucket.
#[derive(Clone)]
pub struct RateLimiter {
    shared: Arc<Shared>,
}

impl RateLimiter {
    /// Creates a full bucket of `capacity` tokens that gains `refill_amount`
    /// tokens every `refill_interval` milliseconds, counted from `clock.now()`.
    pub fn new(
        capacity: u32,
        refill_amount: u32,
        refill_interval: u64,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, ConfigError> {
        if capacity == 0 {
            return Err(ConfigError::ZeroCapacity);
        }
        if refill_amount == 0 {
            return Err(ConfigError::ZeroRefillAmount);
        }
        if refill_interval == 0 {
            return Err(ConfigError::ZeroRefillInterval);
        }
        let start = clock.now();
        Ok(RateLimiter {
            shared: Arc::new(Shared {
                capacity,
                refill_amount,
                refill_interval,
                start,
                clock,
                state: Mutex::new(State {
                    tokens: capacity,
                    ticks: 0,
                    queue: VecDeque::new(),
                    granted: HashSet::new(),
                    next_id: 0,
                }),
            }),
        })
    }

    /// Returns a future that resolves once `n` tokens have been taken.
    /// The future does nothing until it is first polled.
    pub fn acquire(&self, n: u32) -> Acquire {
        Acquire {
            shared: self.shared.clone(),
            n,
            phase: Phase::Idle,
        }
    }

    /// Takes `n` tokens right now if `1 <= n <= capacity`, nobody is queued and
    /// enough tokens are available; never waits.
    pub fn try_acquire(&self, n: u32) -> bool {
        if n == 0 || n > self.shared.capacity {
            return false;
        }
        let (ok, effects) = {
            let mut st = self.shared.lock();
            let effects = self.shared.settle(&mut st);
            let ok = st.queue.is_empty() && st.tokens >= n;
            if ok {
                st.tokens -= n;
            }
            (ok, effects)
        };
        effects.run(&*self.shared.clock);
        ok
    }

    /// Tokens currently in the bucket (after refilling and serving waiters).
    pub fn available(&self) -> u32 {
        self.inspect(|st| st.tokens)
    }

    /// Number of waiters in the queue (after refilling and serving waiters).
    pub fn queued(&self) -> usize {
        self.inspect(|st| st.queue.len())
    }

    fn inspect<T>(&self, read: impl FnOnce(&State) -> T) -> T {
        let (value, effects) = {
            let mut st = self.shared.lock();
            let effects = self.shared.settle(&mut st);
            (read(&st), effects)
        };
        effects.run(&*self.shared.clock);
        value
    }
}

enum Phase {
    /// Not polled yet: holds no place in the queue.
    Idle,
    /// Holds a place in the queue (or has been granted) under this id.
    Waiting(u64),
    /// Completed.
    Done,
}

/// The future returned by [`RateLimiter::acquire`].
///
/// Dropping it before completion gives up its place in the queue, or returns
/// its tokens to the bucket if they had already been handed to it.
pub struct Acquire {
    shared: Arc<Shared>,
    n: u32,
    phase: Phase,
}

impl Acquire {
    fn poll_first(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), AcquireError>> {
        if self.n == 0 {
            self.phase = Phase::Done;
            return Poll::Ready(Err(AcquireError::ZeroPermits));
        }
        if self.n > self.shared.capacity {
            self.phase = Phase::Done;
            return Poll::Ready(Err(AcquireError::ExceedsCapacity));
        }
        let shared = self.shared.clone();
        let (done, effects) = {
            let mut st = shared.lock();
            // Serve older waiters first; only then may this request skip the queue.
            let mut effects = shared.settle(&mut st);
            if st.queue.is_empty() && st.tokens >= self.n {
                st.tokens -= self.n;
                (true, effects)
            } else {
                let id = st.next_id;
                st.next_id += 1;
                st.queue.push_back(Waiter {
                    id,
                    n: self.n,
                    waker: cx.waker().clone(),
                });
                self.phase = Phase::Waiting(id);
                let more = shared.settle(&mut st);
                effects.wake.extend(more.wake);
                effects.timer = more.timer;
                (false, effects)
            }
        };
        effects.run(&*shared.clock);
        if done {
            self.phase = Phase::Done;
            Poll::Ready(Ok(()))
        } else {
            Poll::Pending
        }
    }

    fn poll_waiting(&mut self, id: u64, cx: &mut Context<'_>) -> Poll<Result<(), AcquireError>> {
        let shared = self.shared.clone();
        let (done, effects) = {
            let mut st = shared.lock();
            if let Some(w) = st.queue.iter_mut().find(|w| w.id == id) {
                if !w.waker.will_wake(cx.waker()) {
                    w.waker = cx.waker().clone();
                }
            }
            let effects = shared.settle(&mut st);
            (st.granted.remove(&id), effects)
        };
        effects.run(&*shared.clock);
        if done {
            self.phase = Phase::Done;
            Poll::Ready(Ok(()))
        } else {
            Poll::Pending
        }
    }
}

impl Future for Acquire {
    type Output = Result<(), AcquireError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        match this.phase {
            Phase::Idle => this.poll_first(cx),
            Phase::Waiting(id) => this.poll_waiting(id, cx),
            Phase::Done => panic!("Acquire polled after completion"),
        }
    }
}

impl Drop for Acquire {
    fn drop(&mut self) {
        let Phase::Waiting(id) = self.phase else {
            return;
        };
        let effects = {
            let mut st = self.shared.lock();
            if st.granted.remove(&id) {
                let tokens = u64::from(st.tokens) + u64::from(self.n);
                st.tokens = tokens.min(u64::from(self.shared.capacity)) as u32;
            } else {
                st.queue.retain(|w| w.id != id);
            }
            self.shared.settle(&mut st)
        };
        effects.run(&*self.shared.clock);
    }
}

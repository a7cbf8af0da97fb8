//! The token bucket, its FIFO wait queue and the `Acquire` future.
//! See instructions.md for the full contract.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use crate::{AcquireError, Clock, ConfigError};

/// A cloneable handle to one shared token bucket. Clones share the bucket.
#[derive(Clone)]
pub struct RateLimiter {
    // Placeholder: replace with your own shared state.
    clock: Arc<dyn Clock>,
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
        let _ = (capacity, refill_amount, refill_interval, clock);
        todo!()
    }

    /// Returns a future that resolves once `n` tokens have been taken.
    pub fn acquire(&self, n: u32) -> Acquire {
        let _ = n;
        todo!()
    }

    /// Takes `n` tokens right now if that is allowed; never waits.
    pub fn try_acquire(&self, n: u32) -> bool {
        let _ = n;
        todo!()
    }

    /// Tokens currently in the bucket (after refilling and serving waiters).
    pub fn available(&self) -> u32 {
        todo!()
    }

    /// Number of waiters in the queue (after refilling and serving waiters).
    pub fn queued(&self) -> usize {
        todo!()
    }
}

/// The future returned by [`RateLimiter::acquire`].
pub struct Acquire {
    // Placeholder: replace with your own state.
    limiter: RateLimiter,
    n: u32,
}

impl Future for Acquire {
    type Output = Result<(), AcquireError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let _ = cx;
        todo!()
    }
}

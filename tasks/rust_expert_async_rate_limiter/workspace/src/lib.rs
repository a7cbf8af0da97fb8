//! An async token-bucket rate limiter built on the standard library only.
//!
//! Time comes from an injected [`Clock`], which also acts as the timer that
//! wakes waiting tasks. The limiter itself lives in `limiter.rs`.

use std::task::Waker;

mod limiter;

pub use limiter::{Acquire, RateLimiter};

/// A monotonic time source (milliseconds) that can also schedule wake-ups.
pub trait Clock: Send + Sync {
    /// The current time in milliseconds. Never decreases.
    fn now(&self) -> u64;

    /// Asks the clock to call `waker.wake()` once `now() >= deadline`.
    /// A clock may wake immediately if the deadline has already passed.
    fn wake_at(&self, deadline: u64, waker: Waker);
}

/// Why `RateLimiter::new` rejected its arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigError {
    ZeroCapacity,
    ZeroRefillAmount,
    ZeroRefillInterval,
}

/// Why an `Acquire` future failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcquireError {
    /// `acquire(0)` was requested.
    ZeroPermits,
    /// More permits were requested than the bucket can ever hold.
    ExceedsCapacity,
}

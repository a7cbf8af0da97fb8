//! Event-time windowing: assigns timestamped events to fixed-size windows,
//! aggregates them per key and emits results as a watermark advances.
//!
//! The data types of the public API live here; the engine is in `bucketer.rs`.

mod bucketer;

pub use bucketer::Bucketer;

/// One input event: an event-time timestamp, a grouping key and a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub ts: i64,
    pub key: String,
    pub value: i64,
}

impl Event {
    pub fn new(ts: i64, key: &str, value: i64) -> Self {
        Event {
            ts,
            key: key.to_string(),
            value,
        }
    }
}

/// Window geometry and lateness policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowConfig {
    /// Length of every window, `end - start`.
    pub size: i64,
    /// Distance between the starts of consecutive windows (== size for tumbling).
    pub step: i64,
    /// Window starts are `origin + k * step` for every integer k.
    pub origin: i64,
    /// How long after a window's end late events are still accepted.
    pub allowed_lateness: i64,
}

impl WindowConfig {
    /// Non-overlapping windows of `size`: step = size, origin 0, lateness 0.
    pub fn tumbling(size: i64) -> Self {
        WindowConfig {
            size,
            step: size,
            origin: 0,
            allowed_lateness: 0,
        }
    }

    /// Overlapping windows of `size` starting every `step`: origin 0, lateness 0.
    pub fn hopping(size: i64, step: i64) -> Self {
        WindowConfig {
            size,
            step,
            origin: 0,
            allowed_lateness: 0,
        }
    }

    pub fn with_origin(self, origin: i64) -> Self {
        WindowConfig { origin, ..self }
    }

    pub fn with_allowed_lateness(self, allowed_lateness: i64) -> Self {
        WindowConfig {
            allowed_lateness,
            ..self
        }
    }
}

/// Why a `WindowConfig` was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigError {
    NonPositiveSize,
    NonPositiveStep,
    StepExceedsSize,
    NegativeLateness,
}

/// What `Bucketer::add` did with an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Added only to windows whose end is after the watermark.
    OnTime,
    /// Added to at least one window whose end is at or before the watermark.
    Late,
    /// Added to no window: every window it belongs to has expired.
    Dropped,
}

/// Whether a result is the first one for its (key, window) or replaces one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultKind {
    Initial,
    Update,
}

/// The aggregate of one key in one window.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowResult {
    pub key: String,
    pub start: i64,
    pub end: i64,
    pub count: u64,
    pub sum: i64,
    pub min: i64,
    pub max: i64,
    pub mean: f64,
    pub kind: ResultKind,
}

/// Counters of `add` outcomes since the bucketer was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    pub on_time: u64,
    pub late: u64,
    pub dropped: u64,
}

//! The windowing engine. See instructions.md for the full contract.

use crate::{Admission, ConfigError, Event, Stats, WindowConfig, WindowResult};

/// Assigns events to windows per key and emits aggregates as the watermark advances.
pub struct Bucketer {
    config: WindowConfig,
    // Add the state you need.
}

impl Bucketer {
    /// Validates `config` and creates an empty bucketer with no watermark.
    pub fn new(config: WindowConfig) -> Result<Self, ConfigError> {
        let _ = config;
        todo!()
    }

    /// The configuration this bucketer was created with.
    pub fn config(&self) -> WindowConfig {
        self.config
    }

    /// Every window `(start, end)` that contains `ts`, in ascending start order.
    pub fn windows_for(&self, ts: i64) -> Vec<(i64, i64)> {
        let _ = ts;
        todo!()
    }

    /// The current watermark, `None` before the first `advance_watermark`/`flush`.
    pub fn watermark(&self) -> Option<i64> {
        todo!()
    }

    /// Adds one event to every window it belongs to that has not expired.
    pub fn add(&mut self, event: Event) -> Admission {
        let _ = event;
        todo!()
    }

    /// Raises the watermark to `watermark` (never lowers it) and returns the
    /// results that became due, ordered by (start, key).
    pub fn advance_watermark(&mut self, watermark: i64) -> Vec<WindowResult> {
        let _ = watermark;
        todo!()
    }

    /// End of input: same as `advance_watermark(i64::MAX)`.
    pub fn flush(&mut self) -> Vec<WindowResult> {
        todo!()
    }

    /// Number of (key, window) states currently held.
    pub fn pending_windows(&self) -> usize {
        todo!()
    }

    /// Counters of `add` outcomes.
    pub fn stats(&self) -> Stats {
        todo!()
    }
}

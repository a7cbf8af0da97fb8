//! The windowing engine: per-(window, key) aggregates kept in a `BTreeMap`
//! ordered by (start, key), which is exactly the required output order.

use std::collections::BTreeMap;

use crate::{Admission, ConfigError, Event, ResultKind, Stats, WindowConfig, WindowResult};

#[derive(Debug, Clone)]
struct Aggregate {
    count: u64,
    sum: i64,
    min: i64,
    max: i64,
    /// A result for this state has been emitted before.
    emitted: bool,
    /// Events were added since the last emission (or there was none yet).
    dirty: bool,
}

impl Aggregate {
    fn new() -> Self {
        Aggregate {
            count: 0,
            sum: 0,
            min: i64::MAX,
            max: i64::MIN,
            emitted: false,
            dirty: false,
        }
    }

    fn add(&mut self, value: i64) {
        self.count += 1;
        self.sum += value;
        self.min = self.min.min(value);
        self.max = self.max.max(value);
        self.dirty = true;
    }
}

/// Assigns events to windows per key and emits aggregates as the watermark advances.
pub struct Bucketer {
    config: WindowConfig,
    watermark: Option<i64>,
    states: BTreeMap<(i64, String), Aggregate>,
    stats: Stats,
}

impl Bucketer {
    /// Validates `config` and creates an empty bucketer with no watermark.
    pub fn new(config: WindowConfig) -> Result<Self, ConfigError> {
        if config.size <= 0 {
            return Err(ConfigError::NonPositiveSize);
        }
        if config.step <= 0 {
            return Err(ConfigError::NonPositiveStep);
        }
        if config.step > config.size {
            return Err(ConfigError::StepExceedsSize);
        }
        if config.allowed_lateness < 0 {
            return Err(ConfigError::NegativeLateness);
        }
        Ok(Bucketer {
            config,
            watermark: None,
            states: BTreeMap::new(),
            stats: Stats::default(),
        })
    }

    /// The configuration this bucketer was created with.
    pub fn config(&self) -> WindowConfig {
        self.config
    }

    /// Every window `(start, end)` that contains `ts`, in ascending start order.
    pub fn windows_for(&self, ts: i64) -> Vec<(i64, i64)> {
        let WindowConfig {
            size, step, origin, ..
        } = self.config;
        // The last window containing ts starts at the grid point at or before ts.
        let last_start = origin + (ts - origin).div_euclid(step) * step;
        let mut starts = Vec::new();
        let mut start = last_start;
        while start > ts - size {
            starts.push(start);
            start -= step;
        }
        starts.reverse();
        starts.into_iter().map(|s| (s, s + size)).collect()
    }

    /// The current watermark, `None` before the first `advance_watermark`/`flush`.
    pub fn watermark(&self) -> Option<i64> {
        self.watermark
    }

    /// Adds one event to every window it belongs to that has not expired.
    pub fn add(&mut self, event: Event) -> Admission {
        let mut added = false;
        let mut late = false;
        for (start, end) in self.windows_for(event.ts) {
            if self.is_expired(end) {
                continue;
            }
            if self.watermark.is_some_and(|w| end <= w) {
                late = true;
            }
            self.states
                .entry((start, event.key.clone()))
                .or_insert_with(Aggregate::new)
                .add(event.value);
            added = true;
        }
        let admission = match (added, late) {
            (false, _) => Admission::Dropped,
            (true, true) => Admission::Late,
            (true, false) => Admission::OnTime,
        };
        match admission {
            Admission::OnTime => self.stats.on_time += 1,
            Admission::Late => self.stats.late += 1,
            Admission::Dropped => self.stats.dropped += 1,
        }
        admission
    }

    /// Raises the watermark to `watermark` (never lowers it) and returns the
    /// results that became due, ordered by (start, key).
    pub fn advance_watermark(&mut self, watermark: i64) -> Vec<WindowResult> {
        let w = self.watermark.map_or(watermark, |cur| cur.max(watermark));
        self.watermark = Some(w);
        let size = self.config.size;

        let mut results = Vec::new();
        for ((start, key), agg) in self.states.iter_mut() {
            let end = start + size;
            if end > w || !agg.dirty {
                continue;
            }
            results.push(WindowResult {
                key: key.clone(),
                start: *start,
                end,
                count: agg.count,
                sum: agg.sum,
                min: agg.min,
                max: agg.max,
                mean: agg.sum as f64 / agg.count as f64,
                kind: if agg.emitted {
                    ResultKind::Update
                } else {
                    ResultKind::Initial
                },
            });
            agg.emitted = true;
            agg.dirty = false;
        }

        let lateness = self.config.allowed_lateness;
        self.states
            .retain(|(start, _), _| !expired(start + size, lateness, w));
        results
    }

    /// End of input: same as `advance_watermark(i64::MAX)`.
    pub fn flush(&mut self) -> Vec<WindowResult> {
        self.advance_watermark(i64::MAX)
    }

    /// Number of (key, window) states currently held.
    pub fn pending_windows(&self) -> usize {
        self.states.len()
    }

    /// Counters of `add` outcomes.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    fn is_expired(&self, end: i64) -> bool {
        self.watermark
            .is_some_and(|w| expired(end, self.config.allowed_lateness, w))
    }
}

/// A window ending at `end` expires once the watermark reaches end + lateness.
/// Saturating, so extreme configurations cannot overflow.
fn expired(end: i64, lateness: i64, watermark: i64) -> bool {
    end.saturating_add(lateness) <= watermark
}

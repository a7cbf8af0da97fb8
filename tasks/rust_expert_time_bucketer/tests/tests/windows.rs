use time_bucketer::{
    Admission, Bucketer, ConfigError, Event, ResultKind, Stats, WindowConfig, WindowResult,
};

/// Builds the expected result for `key` in [start, end) holding `values`.
fn res(key: &str, start: i64, end: i64, values: &[i64], kind: ResultKind) -> WindowResult {
    let sum: i64 = values.iter().sum();
    WindowResult {
        key: key.to_string(),
        start,
        end,
        count: values.len() as u64,
        sum,
        min: *values.iter().min().unwrap(),
        max: *values.iter().max().unwrap(),
        mean: sum as f64 / values.len() as f64,
        kind,
    }
}

use ResultKind::{Initial, Update};

fn b(config: WindowConfig) -> Bucketer {
    Bucketer::new(config).expect("valid config")
}

#[test]
fn config_validation_reports_first_problem() {
    let err = |c: WindowConfig| Bucketer::new(c).err();
    assert_eq!(
        err(WindowConfig::tumbling(0)),
        Some(ConfigError::NonPositiveSize)
    );
    assert_eq!(
        err(WindowConfig::tumbling(-5)),
        Some(ConfigError::NonPositiveSize)
    );
    assert_eq!(
        err(WindowConfig::hopping(0, -1)),
        Some(ConfigError::NonPositiveSize)
    );
    assert_eq!(
        err(WindowConfig::hopping(10, 0)),
        Some(ConfigError::NonPositiveStep)
    );
    assert_eq!(
        err(WindowConfig::hopping(10, -3).with_allowed_lateness(-1)),
        Some(ConfigError::NonPositiveStep)
    );
    assert_eq!(
        err(WindowConfig::hopping(10, 11)),
        Some(ConfigError::StepExceedsSize)
    );
    assert_eq!(
        err(WindowConfig::tumbling(10).with_allowed_lateness(-1)),
        Some(ConfigError::NegativeLateness)
    );
    assert!(err(WindowConfig::hopping(10, 10).with_origin(-3)).is_none());
    let cfg = WindowConfig::hopping(10, 5)
        .with_origin(2)
        .with_allowed_lateness(7);
    let bk = b(cfg);
    assert_eq!(bk.config(), cfg);
    assert_eq!(bk.watermark(), None);
    assert_eq!(bk.pending_windows(), 0);
    assert_eq!(bk.stats(), Stats::default());
}

#[test]
fn tumbling_window_assignment_uses_floor_and_origin() {
    let t = b(WindowConfig::tumbling(10));
    assert_eq!(t.windows_for(0), vec![(0, 10)]);
    assert_eq!(t.windows_for(9), vec![(0, 10)]);
    assert_eq!(t.windows_for(10), vec![(10, 20)]);
    assert_eq!(t.windows_for(-1), vec![(-10, 0)]);
    assert_eq!(t.windows_for(-10), vec![(-10, 0)]);
    assert_eq!(t.windows_for(-11), vec![(-20, -10)]);

    let o = b(WindowConfig::tumbling(10).with_origin(3));
    assert_eq!(o.windows_for(3), vec![(3, 13)]);
    assert_eq!(o.windows_for(2), vec![(-7, 3)]);
    assert_eq!(o.windows_for(-7), vec![(-7, 3)]);
    assert_eq!(o.windows_for(-8), vec![(-17, -7)]);
    // The origin is only an alignment point: windows exist on both sides of it.
    let far = b(WindowConfig::tumbling(7).with_origin(1_000_000_000_000));
    assert_eq!(far.windows_for(0), vec![(-6, 1)]);
    let big = 1i64 << 60;
    let huge = b(WindowConfig::tumbling(1 << 40).with_origin(-(1 << 61)));
    assert_eq!(huge.windows_for(big), vec![(big, big + (1 << 40))]);
}

#[test]
fn hopping_window_assignment() {
    let h = b(WindowConfig::hopping(10, 4));
    assert_eq!(h.windows_for(9), vec![(0, 10), (4, 14), (8, 18)]);
    assert_eq!(h.windows_for(10), vec![(4, 14), (8, 18)]);
    assert_eq!(h.windows_for(0), vec![(-8, 2), (-4, 6), (0, 10)]);
    assert_eq!(h.windows_for(-1), vec![(-8, 2), (-4, 6)]);
    assert_eq!(h.windows_for(3), vec![(-4, 6), (0, 10)]);

    let o = b(WindowConfig::hopping(6, 3).with_origin(1));
    assert_eq!(o.windows_for(1), vec![(-2, 4), (1, 7)]);
    assert_eq!(o.windows_for(0), vec![(-5, 1), (-2, 4)]);
    assert_eq!(o.windows_for(-5), vec![(-8, -2), (-5, 1)]);

    let same = b(WindowConfig::hopping(5, 5));
    assert_eq!(same.windows_for(12), vec![(10, 15)]);
    let unit = b(WindowConfig::hopping(3, 1));
    assert_eq!(unit.windows_for(0), vec![(-2, 1), (-1, 2), (0, 3)]);
}

#[test]
fn tumbling_aggregates_emit_when_watermark_reaches_window_end() {
    let mut bk = b(WindowConfig::tumbling(10));
    for (ts, v) in [(1, 4), (5, -2), (9, 7), (10, 3), (19, 5), (25, 1)] {
        assert_eq!(bk.add(Event::new(ts, "cpu", v)), Admission::OnTime);
    }
    assert_eq!(bk.pending_windows(), 3);
    assert_eq!(bk.advance_watermark(9), vec![]);
    assert_eq!(bk.watermark(), Some(9));
    // A window [start, end) is complete once the watermark reaches `end`.
    assert_eq!(
        bk.advance_watermark(10),
        vec![res("cpu", 0, 10, &[4, -2, 7], Initial)]
    );
    assert_eq!(bk.advance_watermark(10), vec![]);
    assert_eq!(
        bk.pending_windows(),
        2,
        "lateness 0: the emitted window is gone"
    );
    assert_eq!(
        bk.advance_watermark(100),
        vec![
            res("cpu", 10, 20, &[3, 5], Initial),
            res("cpu", 20, 30, &[1], Initial)
        ]
    );
    assert_eq!(bk.pending_windows(), 0);
    let r = res("x", 0, 10, &[1, 2], Initial);
    assert_eq!(r.mean, 1.5);
    assert_eq!(
        bk.stats(),
        Stats {
            on_time: 6,
            late: 0,
            dropped: 0
        }
    );
}

#[test]
fn results_are_ordered_by_start_then_key_bytewise() {
    let mut bk = b(WindowConfig::tumbling(5));
    let input = [
        (7, "b", 1),
        (3, "é", 2),
        (1, "z", 3),
        (8, "a", 4),
        (2, "B", 5),
        (4, "a", 6),
        (6, "B", 7),
        (0, "a", 8),
    ];
    for (ts, k, v) in input {
        bk.add(Event::new(ts, k, v));
    }
    let out = bk.advance_watermark(10);
    let got: Vec<(i64, &str)> = out.iter().map(|r| (r.start, r.key.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (0, "B"),
            (0, "a"),
            (0, "z"),
            (0, "é"),
            (5, "B"),
            (5, "a"),
            (5, "b")
        ]
    );
    assert_eq!(out[1], res("a", 0, 5, &[6, 8], Initial));
}

#[test]
fn hopping_events_count_in_every_window_containing_them() {
    let mut bk = b(WindowConfig::hopping(10, 5));
    for (ts, v) in [(0, 1), (4, 2), (5, 3), (12, 4)] {
        bk.add(Event::new(ts, "k", v));
    }
    // Windows: [-5,5) {0,4}; [0,10) {0,4,5}; [5,15) {5,12}; [10,20) {12}
    assert_eq!(bk.pending_windows(), 4);
    assert_eq!(
        bk.advance_watermark(15),
        vec![
            res("k", -5, 5, &[1, 2], Initial),
            res("k", 0, 10, &[1, 2, 3], Initial),
            res("k", 5, 15, &[3, 4], Initial),
        ]
    );
    assert_eq!(bk.flush(), vec![res("k", 10, 20, &[4], Initial)]);
}

#[test]
fn late_events_within_allowed_lateness_produce_updates() {
    let mut bk = b(WindowConfig::tumbling(10).with_allowed_lateness(5));
    bk.add(Event::new(2, "k", 10));
    bk.add(Event::new(12, "k", 1));
    assert_eq!(
        bk.advance_watermark(10),
        vec![res("k", 0, 10, &[10], Initial)]
    );
    // Behind the watermark, but window [0,10) is kept until watermark 15.
    assert_eq!(bk.add(Event::new(7, "k", 20)), Admission::Late);
    assert_eq!(bk.add(Event::new(9, "k", 30)), Admission::Late);
    // Not late: its only window [10,20) has not ended yet.
    assert_eq!(bk.add(Event::new(11, "k", 2)), Admission::OnTime);
    // The update carries the whole window, not just the late events.
    assert_eq!(
        bk.advance_watermark(14),
        vec![res("k", 0, 10, &[10, 20, 30], Update)]
    );
    assert_eq!(
        bk.advance_watermark(14),
        vec![],
        "nothing new since the last result"
    );
    assert_eq!(bk.add(Event::new(0, "k", -4)), Admission::Late);
    assert_eq!(bk.pending_windows(), 2);
    assert_eq!(
        bk.advance_watermark(20),
        vec![
            res("k", 0, 10, &[10, 20, 30, -4], Update),
            res("k", 10, 20, &[1, 2], Initial)
        ]
    );
    assert_eq!(
        bk.stats(),
        Stats {
            on_time: 3,
            late: 3,
            dropped: 0
        }
    );
}

#[test]
fn events_for_expired_windows_are_dropped_at_the_exact_boundary() {
    let mut bk = b(WindowConfig::tumbling(10).with_allowed_lateness(5));
    bk.add(Event::new(3, "k", 1));
    assert_eq!(
        bk.advance_watermark(14),
        vec![res("k", 0, 10, &[1], Initial)]
    );
    assert_eq!(
        bk.pending_windows(),
        1,
        "kept while watermark < end + lateness"
    );
    assert_eq!(bk.add(Event::new(9, "k", 2)), Admission::Late);
    assert_eq!(
        bk.advance_watermark(15),
        vec![res("k", 0, 10, &[1, 2], Update)]
    );
    assert_eq!(
        bk.pending_windows(),
        0,
        "expired at watermark == end + lateness"
    );
    assert_eq!(bk.add(Event::new(9, "k", 3)), Admission::Dropped);
    assert_eq!(bk.add(Event::new(-100, "other", 3)), Admission::Dropped);
    assert_eq!(bk.pending_windows(), 0);
    assert_eq!(bk.add(Event::new(10, "k", 4)), Admission::OnTime);
    assert_eq!(bk.advance_watermark(15), vec![]);
    assert_eq!(
        bk.advance_watermark(20),
        vec![res("k", 10, 20, &[4], Initial)]
    );
    assert_eq!(
        bk.stats(),
        Stats {
            on_time: 2,
            late: 1,
            dropped: 2
        }
    );

    let mut zero = b(WindowConfig::tumbling(10));
    zero.add(Event::new(1, "k", 1));
    zero.advance_watermark(10);
    assert_eq!(zero.add(Event::new(9, "k", 1)), Admission::Dropped);
    assert_eq!(zero.add(Event::new(10, "k", 1)), Admission::OnTime);
}

#[test]
fn first_event_of_a_window_arriving_late_gives_an_initial_result() {
    let mut bk = b(WindowConfig::tumbling(10).with_allowed_lateness(20));
    bk.add(Event::new(1, "a", 1));
    assert_eq!(
        bk.advance_watermark(25),
        vec![res("a", 0, 10, &[1], Initial)]
    );
    assert_eq!(bk.add(Event::new(5, "b", 9)), Admission::Late);
    assert_eq!(bk.add(Event::new(15, "a", 2)), Admission::Late);
    assert_eq!(bk.add(Event::new(4, "a", 3)), Admission::Late);
    assert_eq!(
        bk.advance_watermark(26),
        vec![
            res("a", 0, 10, &[1, 3], Update),
            res("b", 0, 10, &[9], Initial),
            res("a", 10, 20, &[2], Initial),
        ]
    );
}

#[test]
fn hopping_late_event_only_joins_windows_that_have_not_expired() {
    let mut bk = b(WindowConfig::hopping(10, 5).with_allowed_lateness(2));
    bk.add(Event::new(8, "k", 1));
    assert_eq!(
        bk.advance_watermark(11),
        vec![res("k", 0, 10, &[1], Initial)]
    );
    // ts 9 belongs to [0,10) (end 10 <= 11, lateness until 12: still open, late)
    // and [5,15) (not ended: on time).
    assert_eq!(bk.add(Event::new(9, "k", 2)), Admission::Late);
    assert_eq!(
        bk.advance_watermark(12),
        vec![res("k", 0, 10, &[1, 2], Update)]
    );
    // Now [0,10) has expired; ts 7 only joins [5,15), which has not ended.
    assert_eq!(bk.add(Event::new(7, "k", 4)), Admission::OnTime);
    assert_eq!(bk.pending_windows(), 1);
    assert_eq!(
        bk.advance_watermark(16),
        vec![res("k", 5, 15, &[1, 2, 4], Initial)]
    );
    // ts 14 -> [5,15) (late, open until 17) and [10,20) (on time)
    assert_eq!(bk.add(Event::new(14, "k", 8)), Admission::Late);
    assert_eq!(
        bk.advance_watermark(17),
        vec![res("k", 5, 15, &[1, 2, 4, 8], Update)]
    );
    // ts 13: [5,15) expired at 17, [10,20) still open.
    assert_eq!(bk.add(Event::new(13, "k", 16)), Admission::OnTime);
    assert_eq!(bk.flush(), vec![res("k", 10, 20, &[8, 16], Initial)]);
}

#[test]
fn watermark_never_moves_backwards_but_pending_updates_are_emitted() {
    let mut bk = b(WindowConfig::tumbling(10).with_allowed_lateness(100));
    bk.add(Event::new(1, "k", 1));
    bk.add(Event::new(31, "k", 1));
    assert_eq!(
        bk.advance_watermark(20),
        vec![res("k", 0, 10, &[1], Initial)]
    );
    assert_eq!(bk.advance_watermark(5), vec![]);
    assert_eq!(bk.watermark(), Some(20));
    assert_eq!(bk.add(Event::new(2, "k", 5)), Admission::Late);
    assert_eq!(bk.add(Event::new(15, "k", 6)), Admission::Late);
    // A lower watermark is ignored, yet the late updates are due.
    assert_eq!(
        bk.advance_watermark(0),
        vec![
            res("k", 0, 10, &[1, 5], Update),
            res("k", 10, 20, &[6], Initial)
        ]
    );
    assert_eq!(bk.watermark(), Some(20));
    assert_eq!(bk.add(Event::new(22, "k", 7)), Admission::OnTime);
    assert_eq!(bk.advance_watermark(29), vec![]);
}

#[test]
fn events_before_any_watermark_are_never_late() {
    let mut bk = b(WindowConfig::tumbling(10));
    assert_eq!(bk.add(Event::new(-1_000_000, "k", 1)), Admission::OnTime);
    assert_eq!(bk.add(Event::new(1_000_000, "k", 2)), Admission::OnTime);
    assert_eq!(
        bk.advance_watermark(-999_990),
        vec![res("k", -1_000_000, -999_990, &[1], Initial)]
    );
    assert_eq!(bk.add(Event::new(-1_000_000, "k", 1)), Admission::Dropped);
}

#[test]
fn flush_emits_everything_and_closes_the_stream() {
    let mut bk = b(WindowConfig::hopping(1 << 40, 1 << 39).with_allowed_lateness(1 << 40));
    let t = 1i64 << 61;
    bk.add(Event::new(t, "late", 3));
    bk.add(Event::new(-t, "early", -3));
    bk.add(Event::new(0, "mid", 0));
    let out = bk.flush();
    let got: Vec<(i64, &str, ResultKind)> = out
        .iter()
        .map(|r| (r.start, r.key.as_str(), r.kind))
        .collect();
    let half = 1i64 << 39;
    assert_eq!(
        got,
        vec![
            (-t - half, "early", Initial),
            (-t, "early", Initial),
            (-half, "mid", Initial),
            (0, "mid", Initial),
            (t - half, "late", Initial),
            (t, "late", Initial),
        ]
    );
    assert_eq!(out[0].end, -t + half);
    assert_eq!(bk.watermark(), Some(i64::MAX));
    assert_eq!(bk.pending_windows(), 0);
    assert_eq!(bk.add(Event::new(t, "late", 1)), Admission::Dropped);
    assert_eq!(bk.flush(), vec![]);
    assert_eq!(
        bk.stats(),
        Stats {
            on_time: 3,
            late: 0,
            dropped: 1
        }
    );
}

#[test]
fn flush_emits_pending_updates_and_unfinished_windows_together() {
    let mut bk = b(WindowConfig::tumbling(10).with_allowed_lateness(50));
    bk.add(Event::new(5, "a", 2));
    bk.add(Event::new(15, "b", 4));
    assert_eq!(
        bk.advance_watermark(10),
        vec![res("a", 0, 10, &[2], Initial)]
    );
    assert_eq!(bk.add(Event::new(6, "a", 5)), Admission::Late);
    assert_eq!(
        bk.flush(),
        vec![
            res("a", 0, 10, &[2, 5], Update),
            res("b", 10, 20, &[4], Initial)
        ]
    );
    assert_eq!(bk.pending_windows(), 0);
}

use chunk_iter::{chunk_by, windows_step, ChunkExt, Remainder};

fn v(items: &[&[i32]]) -> Vec<Vec<i32>> {
    items.iter().map(|c| c.to_vec()).collect()
}

// ---------------------------------------------------------------- chunked

#[test]
fn chunked_keep_yields_the_short_last_chunk() {
    let got: Vec<Vec<i32>> = (0..7).chunked(3, Remainder::Keep).collect();
    assert_eq!(got, v(&[&[0, 1, 2], &[3, 4, 5], &[6]]));
    let exact: Vec<Vec<i32>> = (0..6).chunked(3, Remainder::Keep).collect();
    assert_eq!(exact, v(&[&[0, 1, 2], &[3, 4, 5]]));
    let big: Vec<Vec<i32>> = (0..2).chunked(5, Remainder::Keep).collect();
    assert_eq!(big, v(&[&[0, 1]]));
    let none: Vec<Vec<i32>> = (0..0).chunked(3, Remainder::Keep).collect();
    assert!(none.is_empty());
    let ones: Vec<Vec<i32>> = (0..3).chunked(1, Remainder::Drop).collect();
    assert_eq!(ones, v(&[&[0], &[1], &[2]]));
}

#[test]
fn chunked_drop_discards_the_short_last_chunk() {
    let got: Vec<Vec<i32>> = (0..7).chunked(3, Remainder::Drop).collect();
    assert_eq!(got, v(&[&[0, 1, 2], &[3, 4, 5]]));
    let none: Vec<Vec<i32>> = (0..2).chunked(3, Remainder::Drop).collect();
    assert!(none.is_empty());
    let exact: Vec<Vec<i32>> = (0..9).chunked(3, Remainder::Drop).collect();
    assert_eq!(exact.len(), 3);
}

#[test]
fn chunked_pad_fills_the_last_chunk_with_clones() {
    let got: Vec<Vec<i32>> = (0..7).chunked(3, Remainder::Pad(-1)).collect();
    assert_eq!(got, v(&[&[0, 1, 2], &[3, 4, 5], &[6, -1, -1]]));
    let words: Vec<Vec<String>> = ["a", "b", "c"]
        .iter()
        .map(|s| s.to_string())
        .chunked(2, Remainder::Pad(String::from("_")))
        .collect();
    assert_eq!(words, vec![vec!["a", "b"], vec!["c", "_"]]);
    let none: Vec<Vec<i32>> = std::iter::empty().chunked(4, Remainder::Pad(0)).collect();
    assert!(none.is_empty(), "no padding-only chunk for empty input");
    let exact: Vec<Vec<i32>> = (0..4).chunked(2, Remainder::Pad(9)).collect();
    assert_eq!(exact, v(&[&[0, 1], &[2, 3]]));
}

#[test]
fn chunked_size_hint_and_len_follow_the_policy() {
    let it = (0..10).chunked(3, Remainder::Keep);
    assert_eq!(it.len(), 4);
    assert_eq!((0..10).chunked(3, Remainder::Drop).len(), 3);
    assert_eq!((0..10).chunked(3, Remainder::Pad(0)).len(), 4);
    assert_eq!((0..9).chunked(3, Remainder::Keep).len(), 3);
    assert_eq!((0..0).chunked(3, Remainder::Keep).len(), 0);

    let mut it = vec![1, 2, 3, 4, 5].into_iter().chunked(2, Remainder::Keep);
    assert_eq!(it.size_hint(), (3, Some(3)));
    it.next();
    assert_eq!(it.len(), 2);
    it.next();
    it.next();
    assert_eq!(it.size_hint(), (0, Some(0)));
    assert_eq!(it.next(), None);
    assert_eq!(it.size_hint(), (0, Some(0)));

    // Inexact inner iterator: bounds are divided, rounding as the policy does.
    let filtered = (0..11).filter(|x| x % 2 == 0);
    assert_eq!(
        filtered.clone().chunked(4, Remainder::Keep).size_hint(),
        (0, Some(3))
    );
    assert_eq!(
        filtered.clone().chunked(4, Remainder::Drop).size_hint(),
        (0, Some(2))
    );
    assert_eq!(
        filtered.chunked(4, Remainder::Pad(0)).size_hint(),
        (0, Some(3))
    );

    // Unbounded inner iterator: no overflow when rounding up usize::MAX.
    let inf = std::iter::repeat(1).chunked(2, Remainder::Keep);
    assert_eq!(inf.size_hint(), (usize::MAX / 2 + 1, None));
    let inf_drop = std::iter::repeat(1).chunked(2, Remainder::Drop);
    assert_eq!(inf_drop.size_hint(), (usize::MAX / 2, None));
    let first: Vec<Vec<i32>> = std::iter::repeat(1)
        .chunked(2, Remainder::Keep)
        .take(3)
        .collect();
    assert_eq!(first, v(&[&[1, 1], &[1, 1], &[1, 1]]));
}

#[test]
fn chunked_from_the_back_matches_the_forward_partition() {
    let keep: Vec<Vec<i32>> = (0..10).chunked(3, Remainder::Keep).rev().collect();
    assert_eq!(keep, v(&[&[9], &[6, 7, 8], &[3, 4, 5], &[0, 1, 2]]));
    let drop: Vec<Vec<i32>> = (0..10).chunked(3, Remainder::Drop).rev().collect();
    assert_eq!(drop, v(&[&[6, 7, 8], &[3, 4, 5], &[0, 1, 2]]));
    let pad: Vec<Vec<i32>> = (0..8).chunked(3, Remainder::Pad(0)).rev().collect();
    assert_eq!(pad, v(&[&[6, 7, 0], &[3, 4, 5], &[0, 1, 2]]));
    let short_drop: Vec<Vec<i32>> = (0..2).chunked(3, Remainder::Drop).rev().collect();
    assert!(short_drop.is_empty());
    let exact: Vec<Vec<i32>> = (0..6).chunked(2, Remainder::Drop).rev().collect();
    assert_eq!(exact, v(&[&[4, 5], &[2, 3], &[0, 1]]));
}

#[test]
fn chunked_mixed_front_and_back_iteration() {
    let mut it = (0..11)
        .collect::<Vec<i32>>()
        .into_iter()
        .chunked(3, Remainder::Keep);
    assert_eq!(it.len(), 4);
    assert_eq!(it.next(), Some(vec![0, 1, 2]));
    assert_eq!(it.next_back(), Some(vec![9, 10]));
    assert_eq!(it.len(), 2);
    assert_eq!(it.next_back(), Some(vec![6, 7, 8]));
    assert_eq!(it.next(), Some(vec![3, 4, 5]));
    assert_eq!(it.len(), 0);
    assert_eq!(it.next(), None);
    assert_eq!(it.next_back(), None);

    let mut d = (0..11).chunked(3, Remainder::Drop);
    assert_eq!(d.len(), 3);
    assert_eq!(d.next(), Some(vec![0, 1, 2]));
    assert_eq!(d.next_back(), Some(vec![6, 7, 8]));
    assert_eq!(d.len(), 1);
    assert_eq!(d.next(), Some(vec![3, 4, 5]));
    assert_eq!(d.next_back(), None);
    assert_eq!(d.next(), None);

    let mut p = (0..5).chunked(2, Remainder::Pad(-1));
    assert_eq!(p.next_back(), Some(vec![4, -1]));
    assert_eq!(p.next_back(), Some(vec![2, 3]));
    assert_eq!(p.len(), 1);
    assert_eq!(p.next(), Some(vec![0, 1]));
    assert_eq!(p.next_back(), None);
}

/// Yields 1, 2, then None, then 3, 4, then None for ever: not fused.
struct Flaky(u32);

impl Iterator for Flaky {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        self.0 += 1;
        match self.0 {
            1 | 2 => Some(self.0),
            4 | 5 => Some(self.0 - 1),
            _ => None,
        }
    }
}

#[test]
fn chunked_is_fused_even_over_an_unfused_iterator() {
    let mut it = Flaky(0).chunked(2, Remainder::Keep);
    assert_eq!(it.next(), Some(vec![1, 2]));
    assert_eq!(it.next(), None);
    assert_eq!(it.next(), None, "must stay exhausted");
    assert_eq!(it.size_hint(), (0, Some(0)));

    let mut short = Flaky(0).chunked(3, Remainder::Pad(0));
    assert_eq!(short.next(), Some(vec![1, 2, 0]));
    assert_eq!(short.next(), None);
    assert_eq!(short.next(), None);
}

#[test]
#[should_panic(expected = "chunk size must be non-zero")]
fn chunked_size_zero_panics_on_creation() {
    let _ = (0..3).chunked(0, Remainder::Keep);
}

// ---------------------------------------------------------------- windows_step

#[test]
fn windows_step_yields_windows_that_fit() {
    let data: Vec<i32> = (0..10).collect();
    let w: Vec<&[i32]> = windows_step(&data, 3, 2).collect();
    assert_eq!(w, vec![&[0, 1, 2][..], &[2, 3, 4], &[4, 5, 6], &[6, 7, 8]]);
    let gaps: Vec<&[i32]> = windows_step(&data, 2, 3).collect();
    assert_eq!(gaps, vec![&[0, 1][..], &[3, 4], &[6, 7]]);
    let plain: Vec<&[i32]> = windows_step(&data[..4], 2, 1).collect();
    assert_eq!(plain, vec![&[0, 1][..], &[1, 2], &[2, 3]]);
    assert_eq!(
        windows_step(&data, 10, 7).collect::<Vec<_>>(),
        vec![&data[..]]
    );
    assert_eq!(windows_step(&data, 11, 1).count(), 0);
    assert_eq!(windows_step::<i32>(&[], 1, 1).count(), 0);
    assert_eq!(
        windows_step(&data, 1, 100).collect::<Vec<_>>(),
        vec![&[0][..]]
    );
}

#[test]
fn windows_step_is_double_ended_and_exact_size() {
    let data: Vec<i32> = (0..10).collect();
    let mut it = windows_step(&data, 3, 2);
    assert_eq!(it.len(), 4);
    assert_eq!(it.size_hint(), (4, Some(4)));
    // The last window is the last one that forward iteration yields, not the
    // last three elements of the slice.
    assert_eq!(it.next_back(), Some(&[6, 7, 8][..]));
    assert_eq!(it.next(), Some(&[0, 1, 2][..]));
    assert_eq!(it.len(), 2);
    assert_eq!(it.next_back(), Some(&[4, 5, 6][..]));
    assert_eq!(it.next_back(), Some(&[2, 3, 4][..]));
    assert_eq!(it.len(), 0);
    assert_eq!(it.next(), None);
    assert_eq!(it.next_back(), None);

    let rev: Vec<&[i32]> = windows_step(&data, 4, 3).rev().collect();
    assert_eq!(rev, vec![&[6, 7, 8, 9][..], &[3, 4, 5, 6], &[0, 1, 2, 3]]);
    assert_eq!(windows_step(&data, 3, 4).len(), 2);
    assert_eq!(windows_step(&data, 20, 1).len(), 0);
}

#[test]
#[should_panic(expected = "window size must be non-zero")]
fn windows_step_zero_size_panics_on_creation() {
    let _ = windows_step(&[1, 2, 3], 0, 1);
}

#[test]
#[should_panic(expected = "window step must be non-zero")]
fn windows_step_zero_step_panics_on_creation() {
    let _ = windows_step(&[1, 2, 3], 1, 0);
}

// ---------------------------------------------------------------- chunk_by

#[test]
fn chunk_by_groups_runs_forwards() {
    let data = [1, 1, 2, 3, 3, 3];
    let runs: Vec<&[i32]> = chunk_by(&data, |a, b| a == b).collect();
    assert_eq!(runs, vec![&[1, 1][..], &[2], &[3, 3, 3]]);
    let single: Vec<&[i32]> = chunk_by(&[7], |_, _| false).collect();
    assert_eq!(single, vec![&[7][..]]);
    let all: Vec<&[i32]> = chunk_by(&data, |_, _| true).collect();
    assert_eq!(all, vec![&data[..]]);
    let none: Vec<&[i32]> = chunk_by(&data, |_, _| false).collect();
    assert_eq!(none.len(), 6);
    assert_eq!(chunk_by::<i32, _>(&[], |_, _| true).next(), None);
    // Non-decreasing runs: the predicate sees (earlier, later).
    let sorted_runs: Vec<&[i32]> = chunk_by(&[1, 2, 2, 1, 3, 0, 0, 5], |a, b| a <= b).collect();
    assert_eq!(sorted_runs, vec![&[1, 2, 2][..], &[1, 3], &[0, 0, 5]]);
}

#[test]
fn chunk_by_backwards_uses_the_same_argument_order() {
    let data = [1, 2, 2, 1, 3, 0, 0, 5];
    let rev: Vec<&[i32]> = chunk_by(&data, |a, b| a <= b).rev().collect();
    assert_eq!(rev, vec![&[0, 0, 5][..], &[1, 3], &[1, 2, 2]]);
    let strict: Vec<&[i32]> = chunk_by(&[5, 4, 4, 3, 9], |a, b| a > b).rev().collect();
    assert_eq!(strict, vec![&[9][..], &[4, 3], &[5, 4]]);

    let mut it = chunk_by(&data, |a, b| a <= b);
    assert_eq!(it.next_back(), Some(&[0, 0, 5][..]));
    assert_eq!(it.next(), Some(&[1, 2, 2][..]));
    assert_eq!(it.next_back(), Some(&[1, 3][..]));
    assert_eq!(it.next(), None);
    assert_eq!(it.next_back(), None);
}

#[test]
fn chunk_by_size_hint_is_correct() {
    let data = [1, 1, 2, 3];
    let mut it = chunk_by(&data, |a, b| a == b);
    assert_eq!(it.size_hint(), (1, Some(4)));
    it.next();
    assert_eq!(it.size_hint(), (1, Some(2)));
    it.next_back();
    assert_eq!(it.size_hint(), (1, Some(1)));
    it.next();
    assert_eq!(it.size_hint(), (0, Some(0)));
    assert_eq!(
        chunk_by::<u8, _>(&[], |_, _| true).size_hint(),
        (0, Some(0))
    );
}

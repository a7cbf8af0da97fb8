//! Runs of a slice in which every pair of neighbours satisfies a predicate.

use std::iter::FusedIterator;

/// Splits `slice` into maximal runs where `pred(&a, &b)` holds for every pair of
/// consecutive elements `a, b` (in slice order) inside a run.
pub fn chunk_by<T, F>(slice: &[T], pred: F) -> ChunkBy<'_, T, F>
where
    F: FnMut(&T, &T) -> bool,
{
    ChunkBy { rest: slice, pred }
}

/// Iterator returned by [`chunk_by`].
pub struct ChunkBy<'a, T, F> {
    rest: &'a [T],
    pred: F,
}

impl<'a, T, F> Iterator for ChunkBy<'a, T, F>
where
    F: FnMut(&T, &T) -> bool,
{
    type Item = &'a [T];

    fn next(&mut self) -> Option<&'a [T]> {
        if self.rest.is_empty() {
            return None;
        }
        let mut end = 1;
        while end < self.rest.len() && (self.pred)(&self.rest[end - 1], &self.rest[end]) {
            end += 1;
        }
        let (run, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(run)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.rest.is_empty() {
            (0, Some(0))
        } else {
            (1, Some(self.rest.len()))
        }
    }
}

impl<'a, T, F> DoubleEndedIterator for ChunkBy<'a, T, F>
where
    F: FnMut(&T, &T) -> bool,
{
    fn next_back(&mut self) -> Option<&'a [T]> {
        if self.rest.is_empty() {
            return None;
        }
        let mut start = self.rest.len() - 1;
        // Same argument order as forwards: (earlier element, later element).
        while start > 0 && (self.pred)(&self.rest[start - 1], &self.rest[start]) {
            start -= 1;
        }
        let (rest, run) = self.rest.split_at(start);
        self.rest = rest;
        Some(run)
    }
}

impl<'a, T, F> FusedIterator for ChunkBy<'a, T, F> where F: FnMut(&T, &T) -> bool {}

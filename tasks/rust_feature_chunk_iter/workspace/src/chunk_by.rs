//! Runs of a slice in which every pair of neighbours satisfies a predicate.
//! See instructions.md for the full contract.

/// Splits `slice` into maximal runs where `pred(&a, &b)` holds for every pair of
/// consecutive elements `a, b` (in slice order) inside a run.
pub fn chunk_by<T, F>(slice: &[T], pred: F) -> ChunkBy<'_, T, F>
where
    F: FnMut(&T, &T) -> bool,
{
    let _ = (slice, pred);
    todo!()
}

/// Iterator returned by [`chunk_by`].
pub struct ChunkBy<'a, T, F> {
    // Placeholder: replace with your own fields.
    rest: &'a [T],
    pred: F,
}

impl<'a, T, F> Iterator for ChunkBy<'a, T, F>
where
    F: FnMut(&T, &T) -> bool,
{
    type Item = &'a [T];

    fn next(&mut self) -> Option<&'a [T]> {
        let _ = (&self.rest, &self.pred);
        todo!()
    }
}

impl<'a, T, F> DoubleEndedIterator for ChunkBy<'a, T, F>
where
    F: FnMut(&T, &T) -> bool,
{
    fn next_back(&mut self) -> Option<&'a [T]> {
        todo!()
    }
}

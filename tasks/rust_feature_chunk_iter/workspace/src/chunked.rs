//! Fixed-size chunks over any iterator, with a policy for the short last chunk.
//! See instructions.md for the full contract.

/// What to do with a last chunk that has fewer than `size` items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remainder<T> {
    /// Discard it.
    Drop,
    /// Yield it as it is (shorter than `size`).
    Keep,
    /// Fill it up to `size` with clones of the given value.
    Pad(T),
}

/// Adds [`chunked`](ChunkExt::chunked) to every iterator.
pub trait ChunkExt: Iterator + Sized {
    /// Groups the items into `Vec`s of `size` items.
    ///
    /// # Panics
    /// Panics immediately if `size == 0`.
    fn chunked(self, size: usize, remainder: Remainder<Self::Item>) -> Chunked<Self>
    where
        Self::Item: Clone,
    {
        let _ = (size, remainder);
        todo!()
    }
}

impl<I: Iterator> ChunkExt for I {}

/// Iterator returned by [`ChunkExt::chunked`].
pub struct Chunked<I: Iterator> {
    // Placeholder: replace with your own fields.
    iter: I,
}

impl<I: Iterator> Iterator for Chunked<I>
where
    I::Item: Clone,
{
    type Item = Vec<I::Item>;

    fn next(&mut self) -> Option<Vec<I::Item>> {
        let _ = &self.iter;
        todo!()
    }
}

impl<I: ExactSizeIterator> ExactSizeIterator for Chunked<I> where I::Item: Clone {}

impl<I: DoubleEndedIterator + ExactSizeIterator> DoubleEndedIterator for Chunked<I>
where
    I::Item: Clone,
{
    fn next_back(&mut self) -> Option<Vec<I::Item>> {
        todo!()
    }
}

//! Fixed-size chunks over any iterator, with a policy for the short last chunk.

use std::iter::FusedIterator;

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
        assert!(size > 0, "chunk size must be non-zero");
        Chunked {
            iter: self,
            size,
            remainder,
            done: false,
        }
    }
}

impl<I: Iterator> ChunkExt for I {}

/// Iterator returned by [`ChunkExt::chunked`].
#[derive(Debug, Clone)]
pub struct Chunked<I: Iterator> {
    iter: I,
    size: usize,
    remainder: Remainder<I::Item>,
    done: bool,
}

impl<I: Iterator> Chunked<I>
where
    I::Item: Clone,
{
    /// Applies the remainder policy to a non-empty chunk shorter than `size`.
    fn finish_short(&self, mut chunk: Vec<I::Item>) -> Option<Vec<I::Item>> {
        match &self.remainder {
            Remainder::Drop => None,
            Remainder::Keep => Some(chunk),
            Remainder::Pad(fill) => {
                chunk.resize(self.size, fill.clone());
                Some(chunk)
            }
        }
    }

    /// Number of chunks that `n` remaining items produce.
    fn chunks_for(&self, n: usize) -> usize {
        match self.remainder {
            Remainder::Drop => n / self.size,
            Remainder::Keep | Remainder::Pad(_) => n.div_ceil(self.size),
        }
    }
}

impl<I: Iterator> Iterator for Chunked<I>
where
    I::Item: Clone,
{
    type Item = Vec<I::Item>;

    fn next(&mut self) -> Option<Vec<I::Item>> {
        if self.done {
            return None;
        }
        let mut chunk = Vec::with_capacity(self.size);
        while chunk.len() < self.size {
            match self.iter.next() {
                Some(item) => chunk.push(item),
                None => {
                    self.done = true;
                    if chunk.is_empty() {
                        return None;
                    }
                    return self.finish_short(chunk);
                }
            }
        }
        Some(chunk)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.done {
            return (0, Some(0));
        }
        let (lo, hi) = self.iter.size_hint();
        (self.chunks_for(lo), hi.map(|h| self.chunks_for(h)))
    }
}

impl<I: ExactSizeIterator> ExactSizeIterator for Chunked<I> where I::Item: Clone {}

impl<I: Iterator> FusedIterator for Chunked<I> where I::Item: Clone {}

impl<I: DoubleEndedIterator + ExactSizeIterator> DoubleEndedIterator for Chunked<I>
where
    I::Item: Clone,
{
    fn next_back(&mut self) -> Option<Vec<I::Item>> {
        if self.done {
            return None;
        }
        let len = self.iter.len();
        if len == 0 {
            return None;
        }
        // Front chunks always take whole multiples of `size`, so the short
        // chunk (if any) is always the last `len % size` items.
        let short = len % self.size;
        if short > 0 {
            let chunk = take_back(&mut self.iter, short);
            if let Some(chunk) = self.finish_short(chunk) {
                return Some(chunk);
            }
            if len == short {
                return None;
            }
        }
        Some(take_back(&mut self.iter, self.size))
    }
}

/// Takes `n` items from the back, returned in front-to-back order.
fn take_back<I: DoubleEndedIterator>(iter: &mut I, n: usize) -> Vec<I::Item> {
    let mut chunk: Vec<I::Item> = (0..n).filter_map(|_| iter.next_back()).collect();
    chunk.reverse();
    chunk
}

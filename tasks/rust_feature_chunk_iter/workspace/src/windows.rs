//! Fixed-size windows over a slice whose starts are `step` apart.
//! See instructions.md for the full contract.

use std::marker::PhantomData;

/// Returns the windows `slice[k*step .. k*step + size]` for every `k` for which
/// the window fits entirely in the slice.
///
/// # Panics
/// Panics immediately if `size == 0` or `step == 0`.
pub fn windows_step<T>(slice: &[T], size: usize, step: usize) -> WindowsStep<'_, T> {
    let _ = (slice, size, step);
    todo!()
}

/// Iterator returned by [`windows_step`].
pub struct WindowsStep<'a, T> {
    // Placeholder: replace with your own fields.
    _slice: PhantomData<&'a [T]>,
}

impl<'a, T> Iterator for WindowsStep<'a, T> {
    type Item = &'a [T];

    fn next(&mut self) -> Option<&'a [T]> {
        todo!()
    }
}

impl<'a, T> DoubleEndedIterator for WindowsStep<'a, T> {
    fn next_back(&mut self) -> Option<&'a [T]> {
        todo!()
    }
}

impl<'a, T> ExactSizeIterator for WindowsStep<'a, T> {}

//! Fixed-size windows over a slice whose starts are `step` apart.

use std::iter::FusedIterator;

/// Returns the windows `slice[k*step .. k*step + size]` for every `k` for which
/// the window fits entirely in the slice.
///
/// # Panics
/// Panics immediately if `size == 0` or `step == 0`.
pub fn windows_step<T>(slice: &[T], size: usize, step: usize) -> WindowsStep<'_, T> {
    assert!(size > 0, "window size must be non-zero");
    assert!(step > 0, "window step must be non-zero");
    let count = if slice.len() >= size {
        (slice.len() - size) / step + 1
    } else {
        0
    };
    WindowsStep {
        slice,
        size,
        step,
        front: 0,
        back: count,
    }
}

/// Iterator returned by [`windows_step`]. Windows `front..back` remain.
#[derive(Debug, Clone)]
pub struct WindowsStep<'a, T> {
    slice: &'a [T],
    size: usize,
    step: usize,
    front: usize,
    back: usize,
}

impl<'a, T> WindowsStep<'a, T> {
    fn window(&self, k: usize) -> &'a [T] {
        let start = k * self.step;
        &self.slice[start..start + self.size]
    }
}

impl<'a, T> Iterator for WindowsStep<'a, T> {
    type Item = &'a [T];

    fn next(&mut self) -> Option<&'a [T]> {
        if self.front >= self.back {
            return None;
        }
        let w = self.window(self.front);
        self.front += 1;
        Some(w)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }

    fn nth(&mut self, n: usize) -> Option<&'a [T]> {
        self.front = self.front.saturating_add(n).min(self.back);
        self.next()
    }
}

impl<'a, T> DoubleEndedIterator for WindowsStep<'a, T> {
    fn next_back(&mut self) -> Option<&'a [T]> {
        if self.front >= self.back {
            return None;
        }
        self.back -= 1;
        Some(self.window(self.back))
    }
}

impl<'a, T> ExactSizeIterator for WindowsStep<'a, T> {}

impl<'a, T> FusedIterator for WindowsStep<'a, T> {}

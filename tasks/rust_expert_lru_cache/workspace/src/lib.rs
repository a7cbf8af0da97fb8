//! A generic least-recently-used cache with O(1) `get`/`put`.
//!
//! See instructions.md for the full contract. Replace the placeholder fields
//! and every `todo!()` below.

use std::hash::Hash;
use std::marker::PhantomData;

/// A fixed-capacity cache that evicts the least recently used entry.
pub struct LruCache<K, V> {
    // Placeholder: replace with your own representation.
    _marker: PhantomData<(K, V)>,
}

impl<K: Hash + Eq + Clone, V> LruCache<K, V> {
    /// Creates an empty cache holding at most `capacity` entries.
    pub fn new(capacity: usize) -> Self {
        let _ = capacity;
        todo!()
    }

    /// The maximum number of entries.
    pub fn capacity(&self) -> usize {
        todo!()
    }

    /// The number of entries currently stored.
    pub fn len(&self) -> usize {
        todo!()
    }

    /// True when the cache holds no entries.
    pub fn is_empty(&self) -> bool {
        todo!()
    }

    /// True when `key` is cached. Does not change recency.
    pub fn contains(&self, key: &K) -> bool {
        let _ = key;
        todo!()
    }

    /// Returns the value for `key` and marks it most recently used.
    pub fn get(&mut self, key: &K) -> Option<&V> {
        let _ = key;
        todo!()
    }

    /// Returns the value for `key` mutably and marks it most recently used.
    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        let _ = key;
        todo!()
    }

    /// Returns the value for `key` without changing recency.
    pub fn peek(&self, key: &K) -> Option<&V> {
        let _ = key;
        todo!()
    }

    /// Inserts or updates `key`, making it most recently used. See
    /// instructions.md for what is returned.
    pub fn put(&mut self, key: K, value: V) -> Option<(K, V)> {
        let _ = (key, value);
        todo!()
    }

    /// Removes `key` and returns its value.
    pub fn pop(&mut self, key: &K) -> Option<V> {
        let _ = key;
        todo!()
    }

    /// Removes and returns the least recently used entry.
    pub fn pop_lru(&mut self) -> Option<(K, V)> {
        todo!()
    }

    /// The least recently used entry, without changing recency.
    pub fn peek_lru(&self) -> Option<(&K, &V)> {
        todo!()
    }

    /// Changes the capacity; returns the evicted entries, least recently used first.
    pub fn resize(&mut self, capacity: usize) -> Vec<(K, V)> {
        let _ = capacity;
        todo!()
    }

    /// Removes every entry; the capacity is unchanged.
    pub fn clear(&mut self) {
        todo!()
    }

    /// Iterates from most recently used to least recently used.
    pub fn iter(&self) -> Iter<'_, K, V> {
        todo!()
    }
}

/// Iterator over a cache's entries, most recently used first.
pub struct Iter<'a, K, V> {
    // Placeholder: replace with your own representation.
    _marker: PhantomData<&'a (K, V)>,
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        todo!()
    }
}

impl<'a, K, V> DoubleEndedIterator for Iter<'a, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        todo!()
    }
}

impl<'a, K, V> ExactSizeIterator for Iter<'a, K, V> {}

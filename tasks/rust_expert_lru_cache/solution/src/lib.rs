//! A generic least-recently-used cache with O(1) `get`/`put`.
//!
//! Entries live in a slab (`Vec<Option<Node>>`) and are threaded into a doubly
//! linked list by index, most recently used at `head`, least recently used at
//! `tail`. A `HashMap` maps each key to its slot. Freed slots are recycled
//! through a free list so the slab never grows past the peak number of entries.

use std::collections::HashMap;
use std::hash::Hash;
use std::iter::FusedIterator;

/// Sentinel index meaning "no node".
const NIL: usize = usize::MAX;

struct Node<K, V> {
    key: K,
    value: V,
    prev: usize,
    next: usize,
}

/// A fixed-capacity cache that evicts the least recently used entry.
pub struct LruCache<K, V> {
    capacity: usize,
    map: HashMap<K, usize>,
    slots: Vec<Option<Node<K, V>>>,
    free: Vec<usize>,
    head: usize,
    tail: usize,
}

impl<K: Hash + Eq + Clone, V> LruCache<K, V> {
    /// Creates an empty cache holding at most `capacity` entries.
    pub fn new(capacity: usize) -> Self {
        LruCache {
            capacity,
            map: HashMap::new(),
            slots: Vec::new(),
            free: Vec::new(),
            head: NIL,
            tail: NIL,
        }
    }

    /// The maximum number of entries.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The number of entries currently stored.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when the cache holds no entries.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// True when `key` is cached. Does not change recency.
    pub fn contains(&self, key: &K) -> bool {
        self.map.contains_key(key)
    }

    /// Returns the value for `key` and marks it most recently used.
    pub fn get(&mut self, key: &K) -> Option<&V> {
        let idx = *self.map.get(key)?;
        self.move_to_front(idx);
        Some(&self.node(idx).value)
    }

    /// Returns the value for `key` mutably and marks it most recently used.
    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        let idx = *self.map.get(key)?;
        self.move_to_front(idx);
        Some(&mut self.node_mut(idx).value)
    }

    /// Returns the value for `key` without changing recency.
    pub fn peek(&self, key: &K) -> Option<&V> {
        self.map.get(key).map(|&idx| &self.node(idx).value)
    }

    /// Inserts or updates `key`, making it most recently used.
    ///
    /// Returns the entry that left the cache: the key and old value when `key`
    /// was already present, the evicted least recently used entry when a new
    /// key was inserted into a full cache, or the given entry itself when the
    /// capacity is 0. Returns `None` otherwise.
    pub fn put(&mut self, key: K, value: V) -> Option<(K, V)> {
        if let Some(&idx) = self.map.get(&key) {
            let old = std::mem::replace(&mut self.node_mut(idx).value, value);
            self.move_to_front(idx);
            return Some((key, old));
        }
        if self.capacity == 0 {
            return Some((key, value));
        }
        let evicted = if self.map.len() >= self.capacity {
            self.pop_lru()
        } else {
            None
        };
        let idx = self.alloc(Node {
            key: key.clone(),
            value,
            prev: NIL,
            next: NIL,
        });
        self.attach_front(idx);
        self.map.insert(key, idx);
        evicted
    }

    /// Removes `key` and returns its value.
    pub fn pop(&mut self, key: &K) -> Option<V> {
        let idx = self.map.remove(key)?;
        Some(self.release(idx).value)
    }

    /// Removes and returns the least recently used entry.
    pub fn pop_lru(&mut self) -> Option<(K, V)> {
        if self.tail == NIL {
            return None;
        }
        let idx = self.tail;
        let node = self.release(idx);
        self.map.remove(&node.key);
        Some((node.key, node.value))
    }

    /// The least recently used entry, without changing recency.
    pub fn peek_lru(&self) -> Option<(&K, &V)> {
        if self.tail == NIL {
            return None;
        }
        let node = self.node(self.tail);
        Some((&node.key, &node.value))
    }

    /// Changes the capacity, evicting least recently used entries when the
    /// cache holds more than the new capacity. Returns the evicted entries,
    /// least recently used first.
    pub fn resize(&mut self, capacity: usize) -> Vec<(K, V)> {
        self.capacity = capacity;
        let mut evicted = Vec::new();
        while self.map.len() > capacity {
            match self.pop_lru() {
                Some(entry) => evicted.push(entry),
                None => break,
            }
        }
        if self.map.is_empty() {
            self.slots.clear();
            self.free.clear();
        }
        evicted
    }

    /// Removes every entry; the capacity is unchanged.
    pub fn clear(&mut self) {
        self.map.clear();
        self.slots.clear();
        self.free.clear();
        self.head = NIL;
        self.tail = NIL;
    }

    /// Iterates from most recently used to least recently used.
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter {
            slots: &self.slots,
            front: self.head,
            back: self.tail,
            remaining: self.map.len(),
        }
    }

    fn node(&self, idx: usize) -> &Node<K, V> {
        self.slots[idx].as_ref().expect("live slot")
    }

    fn node_mut(&mut self, idx: usize) -> &mut Node<K, V> {
        self.slots[idx].as_mut().expect("live slot")
    }

    fn alloc(&mut self, node: Node<K, V>) -> usize {
        match self.free.pop() {
            Some(idx) => {
                self.slots[idx] = Some(node);
                idx
            }
            None => {
                self.slots.push(Some(node));
                self.slots.len() - 1
            }
        }
    }

    /// Unlinks slot `idx`, frees it and returns its node. The map is not touched.
    fn release(&mut self, idx: usize) -> Node<K, V> {
        self.detach(idx);
        let node = self.slots[idx].take().expect("live slot");
        self.free.push(idx);
        node
    }

    fn detach(&mut self, idx: usize) {
        let (prev, next) = {
            let n = self.node(idx);
            (n.prev, n.next)
        };
        if prev == NIL {
            self.head = next;
        } else {
            self.node_mut(prev).next = next;
        }
        if next == NIL {
            self.tail = prev;
        } else {
            self.node_mut(next).prev = prev;
        }
    }

    fn attach_front(&mut self, idx: usize) {
        let old_head = self.head;
        {
            let n = self.node_mut(idx);
            n.prev = NIL;
            n.next = old_head;
        }
        if old_head == NIL {
            self.tail = idx;
        } else {
            self.node_mut(old_head).prev = idx;
        }
        self.head = idx;
    }

    fn move_to_front(&mut self, idx: usize) {
        if self.head != idx {
            self.detach(idx);
            self.attach_front(idx);
        }
    }
}

/// Iterator over a cache's entries, most recently used first.
pub struct Iter<'a, K, V> {
    slots: &'a [Option<Node<K, V>>],
    front: usize,
    back: usize,
    remaining: usize,
}

impl<'a, K, V> Iter<'a, K, V> {
    fn node(&self, idx: usize) -> &'a Node<K, V> {
        let slots: &'a [Option<Node<K, V>>] = self.slots;
        slots[idx].as_ref().expect("live slot")
    }
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        if self.remaining == 0 {
            return None;
        }
        let node = self.node(self.front);
        self.front = node.next;
        self.remaining -= 1;
        Some((&node.key, &node.value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<'a, K, V> DoubleEndedIterator for Iter<'a, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.remaining == 0 {
            return None;
        }
        let node = self.node(self.back);
        self.back = node.prev;
        self.remaining -= 1;
        Some((&node.key, &node.value))
    }
}

impl<'a, K, V> ExactSizeIterator for Iter<'a, K, V> {}

impl<'a, K, V> FusedIterator for Iter<'a, K, V> {}

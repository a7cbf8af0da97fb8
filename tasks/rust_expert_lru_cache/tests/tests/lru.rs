use lru_cache::LruCache;
use std::cell::Cell;
use std::collections::VecDeque;
use std::rc::Rc;

fn keys<V>(c: &LruCache<&'static str, V>) -> Vec<&'static str> {
    c.iter().map(|(k, _)| *k).collect()
}

#[test]
fn evicts_least_recently_used_on_insert() {
    let mut c = LruCache::new(2);
    assert_eq!(c.capacity(), 2);
    assert!(c.is_empty());
    assert_eq!(c.put("a", 1), None);
    assert_eq!(c.put("b", 2), None);
    assert_eq!(c.get(&"a"), Some(&1));
    // "b" is now the least recently used entry.
    assert_eq!(c.put("c", 3), Some(("b", 2)));
    assert_eq!(c.len(), 2);
    assert_eq!(c.get(&"b"), None);
    assert_eq!(keys(&c), vec!["c", "a"]);
    assert_eq!(c.put("d", 4), Some(("a", 1)));
    assert_eq!(keys(&c), vec!["d", "c"]);
}

#[test]
fn put_existing_key_replaces_value_and_promotes() {
    let mut c = LruCache::new(3);
    c.put("a", 1);
    c.put("b", 2);
    c.put("c", 3);
    assert_eq!(c.put("a", 10), Some(("a", 1)));
    assert_eq!(c.len(), 3);
    assert_eq!(keys(&c), vec!["a", "c", "b"]);
    // Updating did not evict anything and "b" is now the LRU entry.
    assert_eq!(c.put("d", 4), Some(("b", 2)));
    assert_eq!(c.peek(&"a"), Some(&10));
    assert_eq!(keys(&c), vec!["d", "a", "c"]);
}

#[test]
fn peek_and_contains_do_not_change_recency() {
    let mut c = LruCache::new(2);
    c.put("a", 1);
    c.put("b", 2);
    assert_eq!(c.peek(&"a"), Some(&1));
    assert!(c.contains(&"a"));
    assert!(!c.contains(&"zzz"));
    assert_eq!(c.peek(&"zzz"), None);
    assert_eq!(c.peek_lru(), Some((&"a", &1)));
    assert_eq!(c.put("c", 3), Some(("a", 1)));
    assert_eq!(keys(&c), vec!["c", "b"]);
}

#[test]
fn get_mut_modifies_in_place_and_promotes() {
    let mut c = LruCache::new(3);
    c.put("a", vec![1]);
    c.put("b", vec![2]);
    c.put("c", vec![3]);
    c.get_mut(&"a").unwrap().push(11);
    assert_eq!(c.get_mut(&"missing"), None);
    assert_eq!(keys(&c), vec!["a", "c", "b"]);
    assert_eq!(c.peek(&"a"), Some(&vec![1, 11]));
    assert_eq!(c.pop_lru(), Some(("b", vec![2])));
}

#[test]
fn pop_and_pop_lru() {
    let mut c = LruCache::new(4);
    for (k, v) in [("a", 1), ("b", 2), ("c", 3), ("d", 4)] {
        c.put(k, v);
    }
    assert_eq!(c.pop(&"c"), Some(3));
    assert_eq!(c.pop(&"c"), None);
    assert_eq!(c.len(), 3);
    assert_eq!(keys(&c), vec!["d", "b", "a"]);
    assert_eq!(c.pop_lru(), Some(("a", 1)));
    assert_eq!(c.peek_lru(), Some((&"b", &2)));
    assert_eq!(c.pop_lru(), Some(("b", 2)));
    assert_eq!(c.pop_lru(), Some(("d", 4)));
    assert_eq!(c.pop_lru(), None);
    assert_eq!(c.peek_lru(), None);
    assert!(c.is_empty());
    // Slots freed by pops are reusable and the order is still right.
    c.put("x", 7);
    c.put("y", 8);
    c.get(&"x");
    assert_eq!(keys(&c), vec!["x", "y"]);
}

#[test]
fn iter_is_double_ended_and_exact_size() {
    let mut c = LruCache::new(5);
    for (i, k) in ["a", "b", "c", "d", "e"].into_iter().enumerate() {
        c.put(k, i);
    }
    c.get(&"b");
    // MRU -> LRU: b e d c a
    let mut it = c.iter();
    assert_eq!(it.len(), 5);
    assert_eq!(it.size_hint(), (5, Some(5)));
    assert_eq!(it.next(), Some((&"b", &1)));
    assert_eq!(it.next_back(), Some((&"a", &0)));
    assert_eq!(it.len(), 3);
    assert_eq!(it.next_back(), Some((&"c", &2)));
    assert_eq!(it.next(), Some((&"e", &4)));
    assert_eq!(it.len(), 1);
    assert_eq!(it.next_back(), Some((&"d", &3)));
    assert_eq!(it.len(), 0);
    assert_eq!(it.next(), None);
    assert_eq!(it.next_back(), None);
    let rev: Vec<_> = c.iter().rev().map(|(k, _)| *k).collect();
    assert_eq!(rev, vec!["a", "c", "d", "e", "b"]);
    let empty: LruCache<&str, i32> = LruCache::new(3);
    assert_eq!(empty.iter().len(), 0);
    assert_eq!(empty.iter().next(), None);
}

#[test]
fn capacity_zero_stores_nothing() {
    let mut c = LruCache::new(0);
    assert_eq!(c.put("a", 1), Some(("a", 1)));
    assert_eq!(c.put("a", 2), Some(("a", 2)));
    assert_eq!(c.len(), 0);
    assert!(c.is_empty());
    assert_eq!(c.get(&"a"), None);
    assert_eq!(c.peek(&"a"), None);
    assert!(!c.contains(&"a"));
    assert_eq!(c.pop_lru(), None);
    assert_eq!(c.iter().count(), 0);
    assert!(c.resize(0).is_empty());
    assert_eq!(c.resize(1), vec![]);
    assert_eq!(c.put("b", 3), None);
    assert_eq!(c.put("c", 4), Some(("b", 3)));
    assert_eq!(keys(&c), vec!["c"]);
}

#[test]
fn resize_shrinks_evicting_lru_first_and_grows() {
    let mut c = LruCache::new(5);
    for (i, k) in ["a", "b", "c", "d", "e"].into_iter().enumerate() {
        c.put(k, i);
    }
    c.get(&"a");
    // MRU -> LRU: a e d c b
    assert_eq!(c.resize(2), vec![("b", 1), ("c", 2), ("d", 3)]);
    assert_eq!(c.capacity(), 2);
    assert_eq!(keys(&c), vec!["a", "e"]);
    assert!(c.resize(4).is_empty());
    assert_eq!(c.capacity(), 4);
    c.put("f", 5);
    c.put("g", 6);
    assert_eq!(c.len(), 4);
    assert_eq!(c.put("h", 7), Some(("e", 4)));
    assert_eq!(c.resize(0), vec![("a", 0), ("f", 5), ("g", 6), ("h", 7)]);
    assert!(c.is_empty());
    assert_eq!(c.put("i", 8), Some(("i", 8)));
    assert!(c.is_empty());
}

#[test]
fn clear_empties_but_keeps_capacity() {
    let mut c = LruCache::new(3);
    c.put("a", 1);
    c.put("b", 2);
    c.clear();
    assert!(c.is_empty());
    assert_eq!(c.capacity(), 3);
    assert_eq!(c.get(&"a"), None);
    assert_eq!(c.peek_lru(), None);
    c.put("c", 3);
    c.put("d", 4);
    c.put("e", 5);
    assert_eq!(c.put("f", 6), Some(("c", 3)));
    assert_eq!(keys(&c), vec!["f", "e", "d"]);
}

/// A value that is neither Clone nor Default and counts how often it is dropped.
struct Tracked {
    id: u32,
    drops: Rc<Cell<u32>>,
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.drops.set(self.drops.get() + 1);
    }
}

#[test]
fn values_are_dropped_exactly_once() {
    let drops = Rc::new(Cell::new(0));
    let t = |id| Tracked {
        id,
        drops: drops.clone(),
    };
    {
        let mut c: LruCache<String, Tracked> = LruCache::new(3);
        for i in 0..3 {
            assert!(c.put(format!("k{i}"), t(i)).is_none());
        }
        let evicted = c.put("k3".to_string(), t(3)).expect("eviction");
        assert_eq!(evicted.0, "k0");
        assert_eq!(evicted.1.id, 0);
        assert_eq!(
            drops.get(),
            0,
            "the evicted value is handed back, not dropped"
        );
        drop(evicted);
        assert_eq!(drops.get(), 1);
        let old = c.put("k1".to_string(), t(11)).expect("replaced value");
        assert_eq!(old.1.id, 1);
        drop(old);
        assert_eq!(drops.get(), 2);
        assert_eq!(c.pop(&"k2".to_string()).map(|v| v.id), Some(2));
        assert_eq!(drops.get(), 3);
        let ids: Vec<u32> = c.iter().map(|(_, v)| v.id).collect();
        assert_eq!(ids, vec![11, 3]);
        c.clear();
        assert_eq!(drops.get(), 5);
        c.put("a".to_string(), t(20));
        c.put("b".to_string(), t(21));
        assert_eq!(drops.get(), 5);
    }
    assert_eq!(
        drops.get(),
        7,
        "dropping the cache drops the remaining values"
    );
}

/// Deterministic linear congruential generator (no external crates).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % bound
    }
}

/// Naive reference model: front = most recently used.
struct Model {
    cap: usize,
    items: VecDeque<(u64, u64)>,
}

impl Model {
    fn position(&self, k: u64) -> Option<usize> {
        self.items.iter().position(|(key, _)| *key == k)
    }
    fn get(&mut self, k: u64) -> Option<u64> {
        let i = self.position(k)?;
        let e = self.items.remove(i).unwrap();
        self.items.push_front(e);
        Some(e.1)
    }
    fn put(&mut self, k: u64, v: u64) -> Option<(u64, u64)> {
        if let Some(i) = self.position(k) {
            let old = self.items.remove(i).unwrap();
            self.items.push_front((k, v));
            return Some((k, old.1));
        }
        if self.cap == 0 {
            return Some((k, v));
        }
        let ev = if self.items.len() >= self.cap {
            self.items.pop_back()
        } else {
            None
        };
        self.items.push_front((k, v));
        ev
    }
    fn pop(&mut self, k: u64) -> Option<u64> {
        let i = self.position(k)?;
        self.items.remove(i).map(|e| e.1)
    }
    fn resize(&mut self, cap: usize) -> Vec<(u64, u64)> {
        self.cap = cap;
        let mut out = Vec::new();
        while self.items.len() > cap {
            out.push(self.items.pop_back().unwrap());
        }
        out
    }
}

#[test]
fn matches_reference_model_on_random_operations() {
    let mut rng = Lcg(0x5eed_1234);
    let mut c: LruCache<u64, u64> = LruCache::new(16);
    let mut m = Model {
        cap: 16,
        items: VecDeque::new(),
    };
    for step in 0..30_000u64 {
        let k = rng.next(40);
        match rng.next(100) {
            0..=39 => assert_eq!(c.put(k, step), m.put(k, step), "put at step {step}"),
            40..=69 => assert_eq!(c.get(&k).copied(), m.get(k), "get at step {step}"),
            70..=79 => assert_eq!(c.pop(&k), m.pop(k), "pop at step {step}"),
            80..=86 => assert_eq!(c.pop_lru(), m.items.pop_back(), "pop_lru at step {step}"),
            87..=93 => {
                let expect = m.position(k).map(|i| m.items[i].1);
                assert_eq!(c.peek(&k).copied(), expect, "peek at step {step}");
            }
            94..=96 => {
                if let Some(v) = c.get_mut(&k) {
                    *v += 1_000_000;
                }
                if let Some(i) = m.position(k) {
                    let mut e = m.items.remove(i).unwrap();
                    e.1 += 1_000_000;
                    m.items.push_front(e);
                }
            }
            _ => {
                let cap = rng.next(24) as usize;
                assert_eq!(c.resize(cap), m.resize(cap), "resize at step {step}");
            }
        }
        assert_eq!(c.len(), m.items.len(), "len at step {step}");
        if step % 97 == 0 {
            let got: Vec<(u64, u64)> = c.iter().map(|(k, v)| (*k, *v)).collect();
            let want: Vec<(u64, u64)> = m.items.iter().copied().collect();
            assert_eq!(got, want, "iteration order at step {step}");
            assert_eq!(c.peek_lru().map(|(k, v)| (*k, *v)), m.items.back().copied());
        }
    }
}

#[test]
fn large_workload_runs_in_constant_time_per_operation() {
    // With O(1) get/put this finishes quickly even in a debug build; an O(n)
    // scan per operation would take minutes.
    let cap = 100_000u64;
    let mut c: LruCache<u64, u64> = LruCache::new(cap as usize);
    for k in 0..cap {
        assert!(c.put(k, k).is_none());
    }
    let mut rng = Lcg(42);
    let mut next_key = cap;
    for _ in 0..150_000 {
        // Touch the least recently used entry, then insert a fresh key that
        // must evict the new least recently used entry.
        let (&lru, _) = c.peek_lru().unwrap();
        assert_eq!(c.get(&lru), Some(&lru));
        let expected = *c.peek_lru().unwrap().0;
        let evicted = c.put(next_key, next_key).unwrap();
        assert_eq!(evicted.0, expected);
        next_key += 1;
        let probe = rng.next(next_key);
        let _ = c.get(&probe);
    }
    assert_eq!(c.len(), cap as usize);
    assert_eq!(c.iter().len(), cap as usize);
}

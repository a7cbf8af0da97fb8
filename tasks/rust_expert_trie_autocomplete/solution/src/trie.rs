//! The trie: one node per Unicode scalar value of the normalized key.
//!
//! Children are kept in a `BTreeMap`, so a depth-first walk visits keys in
//! code-point order. Fuzzy searches walk the trie carrying one row of the
//! Levenshtein matrix per node and prune branches that can no longer come
//! within distance 1.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use crate::{FuzzyMatch, Suggestion};

/// The largest edit distance the fuzzy searches accept.
const MAX_DISTANCE: u32 = 1;

#[derive(Debug, Clone)]
struct Entry {
    /// The spelling used by the most recent insert.
    display: String,
    weight: u64,
}

#[derive(Debug, Default)]
struct Node {
    children: BTreeMap<char, Node>,
    entry: Option<Entry>,
}

impl Node {
    fn is_empty(&self) -> bool {
        self.entry.is_none() && self.children.is_empty()
    }
}

/// A candidate result: normalized key, entry and edit distance.
struct Hit<'a> {
    key: String,
    entry: &'a Entry,
    distance: u32,
}

/// A set of weighted words supporting prefix completion and fuzzy lookup.
pub struct Trie {
    case_insensitive: bool,
    root: Node,
    len: usize,
}

impl Trie {
    /// An empty, case-sensitive trie.
    pub fn new() -> Self {
        Trie {
            case_insensitive: false,
            root: Node::default(),
            len: 0,
        }
    }

    /// An empty trie that matches words case-insensitively.
    pub fn case_insensitive() -> Self {
        Trie {
            case_insensitive: true,
            ..Trie::new()
        }
    }

    pub fn is_case_insensitive(&self) -> bool {
        self.case_insensitive
    }

    /// Number of distinct words stored.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Inserts `word` with `weight`, or replaces the weight (and spelling) of an
    /// existing word. Returns the previous weight.
    pub fn insert(&mut self, word: &str, weight: u64) -> Option<u64> {
        let key = self.normalize(word);
        let mut node = &mut self.root;
        for c in key {
            node = node.children.entry(c).or_default();
        }
        let previous = node.entry.replace(Entry {
            display: word.to_string(),
            weight,
        });
        if previous.is_none() {
            self.len += 1;
        }
        previous.map(|e| e.weight)
    }

    /// The weight of `word`, if stored.
    pub fn get(&self, word: &str) -> Option<u64> {
        let key = self.normalize(word);
        self.find(&key)?.entry.as_ref().map(|e| e.weight)
    }

    /// Removes `word`; returns its weight. Branches left empty are pruned.
    pub fn remove(&mut self, word: &str) -> Option<u64> {
        let key = self.normalize(word);
        let removed = remove_at(&mut self.root, &key)?;
        self.len -= 1;
        Some(removed.weight)
    }

    /// Up to `k` words starting with `prefix`, best first.
    pub fn complete(&self, prefix: &str, k: usize) -> Vec<Suggestion> {
        let key = self.normalize(prefix);
        let Some(start) = self.find(&key) else {
            return Vec::new();
        };
        let mut hits = Vec::new();
        let mut path: String = key.iter().collect();
        collect_all(start, &mut path, 0, &mut hits);
        rank(hits, k)
            .into_iter()
            .map(|h| Suggestion {
                word: h.entry.display.clone(),
                weight: h.entry.weight,
            })
            .collect()
    }

    /// Up to `k` words within edit distance 1 of `query`, best first.
    pub fn fuzzy(&self, query: &str, k: usize) -> Vec<FuzzyMatch> {
        let query = self.normalize(query);
        let mut hits = Vec::new();
        let row: Vec<u32> = (0..=query.len() as u32).collect();
        fuzzy_walk(&self.root, &query, &row, &mut String::new(), &mut hits);
        to_matches(rank(hits, k))
    }

    /// Up to `k` words having a prefix within edit distance 1 of `prefix`,
    /// best first; a word's distance is the smallest over all its prefixes.
    pub fn complete_fuzzy(&self, prefix: &str, k: usize) -> Vec<FuzzyMatch> {
        let query = self.normalize(prefix);
        let mut hits = Vec::new();
        let row: Vec<u32> = (0..=query.len() as u32).collect();
        let best = row[query.len()];
        prefix_walk(
            &self.root,
            &query,
            &row,
            best,
            &mut String::new(),
            &mut hits,
        );
        to_matches(rank(hits, k))
    }

    /// The key of `word`: its chars, each lower-cased on its own when the trie
    /// is case-insensitive (no context-dependent rules such as final sigma).
    fn normalize(&self, word: &str) -> Vec<char> {
        if self.case_insensitive {
            word.chars().flat_map(char::to_lowercase).collect()
        } else {
            word.chars().collect()
        }
    }

    fn find(&self, key: &[char]) -> Option<&Node> {
        let mut node = &self.root;
        for c in key {
            node = node.children.get(c)?;
        }
        Some(node)
    }
}

impl Default for Trie {
    fn default() -> Self {
        Self::new()
    }
}

fn remove_at(node: &mut Node, key: &[char]) -> Option<Entry> {
    let Some((first, rest)) = key.split_first() else {
        return node.entry.take();
    };
    let child = node.children.get_mut(first)?;
    let removed = remove_at(child, rest)?;
    if child.is_empty() {
        node.children.remove(first);
    }
    Some(removed)
}

fn collect_all<'a>(node: &'a Node, path: &mut String, distance: u32, hits: &mut Vec<Hit<'a>>) {
    if let Some(entry) = &node.entry {
        hits.push(Hit {
            key: path.clone(),
            entry,
            distance,
        });
    }
    for (&c, child) in &node.children {
        path.push(c);
        collect_all(child, path, distance, hits);
        path.pop();
    }
}

/// One Levenshtein row for `path + c` from the row for `path`.
fn next_row(query: &[char], prev: &[u32], c: char) -> Vec<u32> {
    let mut row = Vec::with_capacity(prev.len());
    row.push(prev[0] + 1);
    for j in 1..prev.len() {
        let substitute = prev[j - 1] + u32::from(query[j - 1] != c);
        let value = substitute.min(prev[j] + 1).min(row[j - 1] + 1);
        row.push(value);
    }
    row
}

/// Whole-word search: `row[j]` is the distance between `query[..j]` and `path`.
fn fuzzy_walk<'a>(
    node: &'a Node,
    query: &[char],
    row: &[u32],
    path: &mut String,
    hits: &mut Vec<Hit<'a>>,
) {
    let distance = row[query.len()];
    if let Some(entry) = &node.entry {
        if distance <= MAX_DISTANCE {
            hits.push(Hit {
                key: path.clone(),
                entry,
                distance,
            });
        }
    }
    for (&c, child) in &node.children {
        let next = next_row(query, row, c);
        if next.iter().min().copied().unwrap_or(0) <= MAX_DISTANCE {
            path.push(c);
            fuzzy_walk(child, query, &next, path, hits);
            path.pop();
        }
    }
}

/// Prefix search: `best` is the smallest `row[query.len()]` seen on the path,
/// i.e. the distance between the query and the closest prefix of `path`.
fn prefix_walk<'a>(
    node: &'a Node,
    query: &[char],
    row: &[u32],
    best: u32,
    path: &mut String,
    hits: &mut Vec<Hit<'a>>,
) {
    if best == 0 {
        // An exact prefix: every word below matches at distance 0.
        collect_all(node, path, 0, hits);
        return;
    }
    // With best == 1 every word below matches too, but a longer prefix may
    // still bring the distance down to 0, so keep walking to refine it.
    if let Some(entry) = &node.entry {
        if best <= MAX_DISTANCE {
            hits.push(Hit {
                key: path.clone(),
                entry,
                distance: best,
            });
        }
    }
    for (&c, child) in &node.children {
        let next = next_row(query, row, c);
        let child_best = best.min(next[query.len()]);
        let reachable = next.iter().min().copied().unwrap_or(0) <= MAX_DISTANCE;
        if child_best <= MAX_DISTANCE || reachable {
            path.push(c);
            prefix_walk(child, query, &next, child_best, path, hits);
            path.pop();
        }
    }
}

/// Best first: distance ascending, weight descending, key ascending.
fn rank(mut hits: Vec<Hit<'_>>, k: usize) -> Vec<Hit<'_>> {
    hits.sort_by(|a, b| {
        (a.distance, Reverse(a.entry.weight), &a.key).cmp(&(
            b.distance,
            Reverse(b.entry.weight),
            &b.key,
        ))
    });
    hits.truncate(k);
    hits
}

fn to_matches(hits: Vec<Hit<'_>>) -> Vec<FuzzyMatch> {
    hits.into_iter()
        .map(|h| FuzzyMatch {
            word: h.entry.display.clone(),
            weight: h.entry.weight,
            distance: h.distance,
        })
        .collect()
}

//! The trie. See instructions.md for the full contract.

use crate::{FuzzyMatch, Suggestion};

/// A set of weighted words supporting prefix completion and fuzzy lookup.
pub struct Trie {
    case_insensitive: bool,
    // Add the state you need.
}

impl Trie {
    /// An empty, case-sensitive trie.
    pub fn new() -> Self {
        todo!()
    }

    /// An empty trie that matches words case-insensitively.
    pub fn case_insensitive() -> Self {
        todo!()
    }

    pub fn is_case_insensitive(&self) -> bool {
        self.case_insensitive
    }

    /// Number of distinct words stored.
    pub fn len(&self) -> usize {
        todo!()
    }

    pub fn is_empty(&self) -> bool {
        todo!()
    }

    /// Inserts `word` with `weight`, or replaces the weight (and spelling) of an
    /// existing word. Returns the previous weight.
    pub fn insert(&mut self, word: &str, weight: u64) -> Option<u64> {
        let _ = (word, weight);
        todo!()
    }

    /// The weight of `word`, if stored.
    pub fn get(&self, word: &str) -> Option<u64> {
        let _ = word;
        todo!()
    }

    /// Removes `word`; returns its weight.
    pub fn remove(&mut self, word: &str) -> Option<u64> {
        let _ = word;
        todo!()
    }

    /// Up to `k` words starting with `prefix`, best first.
    pub fn complete(&self, prefix: &str, k: usize) -> Vec<Suggestion> {
        let _ = (prefix, k);
        todo!()
    }

    /// Up to `k` words within edit distance 1 of `query`, best first.
    pub fn fuzzy(&self, query: &str, k: usize) -> Vec<FuzzyMatch> {
        let _ = (query, k);
        todo!()
    }

    /// Up to `k` words having a prefix within edit distance 1 of `prefix`, best first.
    pub fn complete_fuzzy(&self, prefix: &str, k: usize) -> Vec<FuzzyMatch> {
        let _ = (prefix, k);
        todo!()
    }
}

impl Default for Trie {
    fn default() -> Self {
        Self::new()
    }
}

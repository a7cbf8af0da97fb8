//! A Unicode-aware weighted trie for autocompletion.
//!
//! Result types live here; the trie itself is in `trie.rs`.

mod trie;

pub use trie::Trie;

/// One completion: the word as last inserted, and its weight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub word: String,
    pub weight: u64,
}

/// One fuzzy match: the word as last inserted, its weight and its edit distance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuzzyMatch {
    pub word: String,
    pub weight: u64,
    pub distance: u32,
}

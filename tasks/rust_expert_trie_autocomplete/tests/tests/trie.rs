use std::collections::BTreeMap;

use trie_autocomplete::{FuzzyMatch, Suggestion, Trie};

fn s(word: &str, weight: u64) -> Suggestion {
    Suggestion {
        word: word.to_string(),
        weight,
    }
}

fn f(word: &str, weight: u64, distance: u32) -> FuzzyMatch {
    FuzzyMatch {
        word: word.to_string(),
        weight,
        distance,
    }
}

fn trie(words: &[(&str, u64)]) -> Trie {
    let mut t = Trie::new();
    for &(w, weight) in words {
        t.insert(w, weight);
    }
    t
}

#[test]
fn insert_get_len_and_replace() {
    let mut t = Trie::new();
    assert!(t.is_empty());
    assert!(!t.is_case_insensitive());
    assert_eq!(t.insert("car", 5), None);
    assert_eq!(t.insert("cart", 3), None);
    assert_eq!(t.insert("car", 9), Some(5));
    assert_eq!(t.len(), 2);
    assert_eq!(t.get("car"), Some(9));
    assert_eq!(t.get("ca"), None, "a prefix is not a word");
    assert_eq!(t.get("carts"), None);
    assert_eq!(t.get(""), None);
    assert_eq!(t.insert("", 1), None, "the empty string is a valid word");
    assert_eq!(t.get(""), Some(1));
    assert_eq!(t.len(), 3);
    assert_eq!(t.insert("zero", 0), None);
    assert_eq!(t.get("zero"), Some(0));
}

#[test]
fn remove_returns_the_weight_and_keeps_other_words() {
    let mut t = trie(&[("car", 5), ("cart", 3), ("care", 4), ("cat", 1)]);
    assert_eq!(t.remove("ca"), None);
    assert_eq!(t.remove("carts"), None);
    assert_eq!(t.remove("car"), Some(5));
    assert_eq!(t.remove("car"), None);
    assert_eq!(t.len(), 3);
    assert_eq!(t.get("car"), None);
    assert_eq!(t.get("cart"), Some(3));
    assert_eq!(t.complete("car", 10), vec![s("care", 4), s("cart", 3)]);
    assert_eq!(t.remove("cart"), Some(3));
    assert_eq!(t.remove("care"), Some(4));
    assert_eq!(t.complete("car", 10), vec![]);
    assert_eq!(t.complete("ca", 10), vec![s("cat", 1)]);
    assert_eq!(t.fuzzy("car", 10), vec![f("cat", 1, 1)]);
    assert_eq!(t.remove("cat"), Some(1));
    assert!(t.is_empty());
    assert_eq!(t.complete("", 10), vec![]);
    assert_eq!(t.insert("car", 2), None);
    assert_eq!(t.complete("c", 10), vec![s("car", 2)]);
}

#[test]
fn complete_orders_by_weight_then_code_point_order() {
    let t = trie(&[
        ("apple", 5),
        ("applet", 5),
        ("apply", 9),
        ("Apple", 5),
        ("application", 1),
        ("banana", 100),
        ("app", 5),
    ]);
    assert_eq!(
        t.complete("app", 10),
        vec![
            s("apply", 9),
            s("app", 5),
            s("apple", 5),
            s("applet", 5),
            s("application", 1)
        ]
    );
    assert_eq!(t.complete("app", 2), vec![s("apply", 9), s("app", 5)]);
    assert_eq!(t.complete("app", 0), vec![]);
    assert_eq!(t.complete("apple", 10), vec![s("apple", 5), s("applet", 5)]);
    assert_eq!(t.complete("apples", 10), vec![]);
    assert_eq!(
        t.complete("A", 10),
        vec![s("Apple", 5)],
        "case-sensitive by default"
    );
    assert_eq!(
        t.complete("", 3),
        vec![s("banana", 100), s("apply", 9), s("Apple", 5)],
        "uppercase sorts before lowercase in code-point order"
    );
}

#[test]
fn completion_works_on_unicode_scalar_values() {
    let t = trie(&[
        ("café", 4),
        ("cafe", 4),
        ("caffè", 2),
        ("日本", 7),
        ("日本語", 8),
        ("日曜日", 1),
        ("🙂ok", 3),
        ("🙂", 2),
    ]);
    assert_eq!(
        t.complete("caf", 10),
        vec![s("cafe", 4), s("café", 4), s("caffè", 2)]
    );
    assert_eq!(t.complete("café", 10), vec![s("café", 4)]);
    assert_eq!(
        t.complete("日", 10),
        vec![s("日本語", 8), s("日本", 7), s("日曜日", 1)]
    );
    assert_eq!(t.complete("日本", 1), vec![s("日本語", 8)]);
    assert_eq!(t.complete("🙂", 10), vec![s("🙂ok", 3), s("🙂", 2)]);
    assert_eq!(t.len(), 8);
}

#[test]
fn case_insensitive_matching_keeps_the_latest_spelling() {
    let mut t = Trie::case_insensitive();
    assert!(t.is_case_insensitive());
    assert_eq!(t.insert("Hello", 5), None);
    assert_eq!(t.insert("HELLO", 7), Some(5));
    assert_eq!(t.len(), 1);
    assert_eq!(t.get("hello"), Some(7));
    assert_eq!(t.complete("hE", 10), vec![s("HELLO", 7)]);
    assert_eq!(t.fuzzy("HELO", 10), vec![f("HELLO", 7, 1)]);
    assert_eq!(t.remove("hElLo"), Some(7));
    assert!(t.is_empty());

    let mut cs = Trie::new();
    cs.insert("Hello", 5);
    cs.insert("HELLO", 7);
    assert_eq!(cs.len(), 2);
    assert_eq!(cs.get("hello"), None);
}

#[test]
fn case_insensitive_ties_break_on_the_normalized_key() {
    let mut t = Trie::case_insensitive();
    t.insert("Zeta", 1);
    t.insert("alpha", 1);
    t.insert("Beta", 1);
    t.insert("GAMMA", 2);
    assert_eq!(
        t.complete("", 10),
        vec![s("GAMMA", 2), s("alpha", 1), s("Beta", 1), s("Zeta", 1)]
    );
    assert_eq!(t.fuzzy("ETA", 10), vec![f("Beta", 1, 1), f("Zeta", 1, 1)]);
}

#[test]
fn case_folding_is_per_character() {
    let mut t = Trie::case_insensitive();
    t.insert("İstanbul", 5); // İ lower-cases to two chars: i + U+0307
    t.insert("istanbul", 3);
    t.insert("ΟΔΟΣ", 2); // no final-sigma rule: key is "οδοσ"
    t.insert("STRAẞE", 1); // ẞ -> ß
    t.insert("\u{212A}elvin", 4); // KELVIN SIGN -> k
    assert_eq!(t.len(), 5);
    assert_eq!(
        t.complete("i", 10),
        vec![s("İstanbul", 5), s("istanbul", 3)]
    );
    assert_eq!(t.complete("İ", 10), vec![s("İstanbul", 5)]);
    assert_eq!(t.complete("i\u{307}s", 10), vec![s("İstanbul", 5)]);
    assert_eq!(t.get("i\u{307}stanbul"), Some(5));
    assert_eq!(t.get("οδοσ"), Some(2));
    assert_eq!(t.get("οδος"), None);
    assert_eq!(t.get("straße"), Some(1));
    assert_eq!(t.get("KELVIN"), Some(4));
    assert_eq!(
        t.fuzzy("ISTANBUL", 10),
        vec![f("istanbul", 3, 0), f("İstanbul", 5, 1)]
    );
    assert_eq!(t.fuzzy("οδος", 10), vec![f("ΟΔΟΣ", 2, 1)]);
}

#[test]
fn fuzzy_finds_words_within_one_edit() {
    let t = trie(&[
        ("cat", 5),
        ("cats", 4),
        ("cut", 6),
        ("at", 2),
        ("act", 9),
        ("coat", 3),
        ("dog", 7),
        ("ca", 1),
        ("café", 8),
        ("cafe", 2),
    ]);
    assert_eq!(
        t.fuzzy("cat", 10),
        vec![
            f("cat", 5, 0),
            f("cut", 6, 1),
            f("cats", 4, 1),
            f("coat", 3, 1),
            f("at", 2, 1),
            f("ca", 1, 1),
        ],
        "act is a transposition: distance 2"
    );
    assert_eq!(t.fuzzy("cat", 2), vec![f("cat", 5, 0), f("cut", 6, 1)]);
    assert_eq!(t.fuzzy("cat", 0), vec![]);
    // Distances count chars, not UTF-8 bytes.
    assert_eq!(t.fuzzy("cafe", 10), vec![f("cafe", 2, 0), f("café", 8, 1)]);
    assert_eq!(t.fuzzy("cafë", 10), vec![f("café", 8, 1), f("cafe", 2, 1)]);
    assert_eq!(t.fuzzy("xyz", 10), vec![]);
    assert_eq!(t.fuzzy("", 10), vec![]);
    let with_empty = trie(&[("", 3), ("a", 1), ("ab", 5)]);
    assert_eq!(with_empty.fuzzy("", 10), vec![f("", 3, 0), f("a", 1, 1)]);
    assert_eq!(
        with_empty.fuzzy("b", 10),
        vec![f("ab", 5, 1), f("", 3, 1), f("a", 1, 1)]
    );
}

#[test]
fn complete_fuzzy_tolerates_one_typo_in_the_prefix() {
    let t = trie(&[
        ("hello", 10),
        ("help", 8),
        ("helium", 3),
        ("yellow", 6),
        ("world", 9),
        ("hero", 4),
    ]);
    assert_eq!(
        t.complete_fuzzy("helo", 10),
        vec![
            f("hello", 10, 1),
            f("help", 8, 1),
            f("hero", 4, 1),
            f("helium", 3, 1)
        ]
    );
    assert_eq!(
        t.complete_fuzzy("hel", 10),
        vec![
            f("hello", 10, 0),
            f("help", 8, 0),
            f("helium", 3, 0),
            f("yellow", 6, 1),
            f("hero", 4, 1)
        ]
    );
    assert_eq!(t.complete_fuzzy("hel", 4).len(), 4);
    assert_eq!(t.complete_fuzzy("wrld", 10), vec![f("world", 9, 1)]);
    assert_eq!(t.complete_fuzzy("helpme", 10), vec![]);
    assert_eq!(t.complete_fuzzy("helpm", 10), vec![f("help", 8, 1)]);
    // One character: the empty prefix is within distance 1, so every word qualifies.
    assert_eq!(
        t.complete_fuzzy("y", 3),
        vec![f("yellow", 6, 0), f("hello", 10, 1), f("world", 9, 1)]
    );
    assert_eq!(
        t.complete_fuzzy("", 2),
        vec![f("hello", 10, 0), f("world", 9, 0)]
    );
}

// ------------------------------------------------------------------ brute force

fn lev(a: &[char], b: &[char]) -> u32 {
    let mut prev: Vec<u32> = (0..=b.len() as u32).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut row = vec![i as u32 + 1];
        for (j, cb) in b.iter().enumerate() {
            let v = (prev[j] + u32::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(row[j] + 1);
            row.push(v);
        }
        prev = row;
    }
    prev[b.len()]
}

fn ranked(mut v: Vec<(u32, u64, String)>, k: usize) -> Vec<FuzzyMatch> {
    v.sort_by(|a, b| (a.0, std::cmp::Reverse(a.1), &a.2).cmp(&(b.0, std::cmp::Reverse(b.1), &b.2)));
    v.truncate(k);
    v.into_iter()
        .map(|(d, w, word)| FuzzyMatch {
            word,
            weight: w,
            distance: d,
        })
        .collect()
}

struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % bound
    }
    fn word(&mut self, max_len: u64) -> String {
        const ALPHABET: [char; 5] = ['a', 'b', 'c', 'é', '🙂'];
        let len = self.next(max_len + 1);
        (0..len).map(|_| ALPHABET[self.next(5) as usize]).collect()
    }
}

#[test]
fn agrees_with_brute_force_on_random_dictionaries() {
    let mut rng = Lcg(7);
    let mut t = Trie::new();
    let mut model: BTreeMap<String, u64> = BTreeMap::new();
    for _ in 0..400 {
        let w = rng.word(6);
        let weight = rng.next(6);
        assert_eq!(t.insert(&w, weight), model.insert(w, weight));
    }
    for _ in 0..120 {
        let w = rng.word(6);
        assert_eq!(t.remove(&w), model.remove(&w));
    }
    assert_eq!(t.len(), model.len());
    for round in 0..150 {
        let q = rng.word(5);
        let qc: Vec<char> = q.chars().collect();
        let k = 1 + rng.next(12) as usize;

        let want_complete: Vec<Suggestion> = ranked(
            model
                .iter()
                .filter(|(w, _)| w.starts_with(q.as_str()))
                .map(|(w, &wt)| (0, wt, w.clone()))
                .collect(),
            k,
        )
        .into_iter()
        .map(|m| Suggestion {
            word: m.word,
            weight: m.weight,
        })
        .collect();
        assert_eq!(
            t.complete(&q, k),
            want_complete,
            "complete({q:?}, {k}) round {round}"
        );

        let want_fuzzy = ranked(
            model
                .iter()
                .filter_map(|(w, &wt)| {
                    let d = lev(&qc, &w.chars().collect::<Vec<_>>());
                    (d <= 1).then(|| (d, wt, w.clone()))
                })
                .collect(),
            k,
        );
        assert_eq!(
            t.fuzzy(&q, k),
            want_fuzzy,
            "fuzzy({q:?}, {k}) round {round}"
        );

        let want_prefix = ranked(
            model
                .iter()
                .filter_map(|(w, &wt)| {
                    let chars: Vec<char> = w.chars().collect();
                    let d = (0..=chars.len())
                        .map(|i| lev(&qc, &chars[..i]))
                        .min()
                        .unwrap();
                    (d <= 1).then(|| (d, wt, w.clone()))
                })
                .collect(),
            k,
        );
        assert_eq!(
            t.complete_fuzzy(&q, k),
            want_prefix,
            "complete_fuzzy({q:?}, {k}) round {round}"
        );
    }
}

#[test]
fn large_dictionary_queries_stay_fast() {
    let mut rng = Lcg(99);
    let mut t = Trie::new();
    for i in 0..30_000u64 {
        let w: String = (0..8)
            .map(|_| (b'a' + rng.next(26) as u8) as char)
            .collect();
        t.insert(&w, i % 1000);
    }
    for q in ["abc", "zz", "hello", "qwertyui", "m"] {
        let c = t.complete(q, 5);
        assert!(c.len() <= 5);
        assert!(c.windows(2).all(|p| p[0].weight >= p[1].weight));
        let fz = t.fuzzy(q, 5);
        assert!(fz.iter().all(|m| m.distance <= 1));
        let cf = t.complete_fuzzy(q, 5);
        assert!(cf
            .windows(2)
            .all(|p| (p[0].distance, std::cmp::Reverse(p[0].weight))
                <= (p[1].distance, std::cmp::Reverse(p[1].weight))));
    }
    assert_eq!(t.complete_fuzzy("m", 3).len(), 3);
}

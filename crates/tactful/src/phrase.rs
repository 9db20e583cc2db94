//! Tokens of the normalised text, and sets of short phrases matched on them.
//!
//! Context conditions ("not preceded by `things`", "an alternative follows") look
//! at a few words around a candidate; they compare tokens, so word boundaries
//! hold by construction.

use std::hash::{Hash, Hasher};
use std::ops::Range;

use hashbrown::HashTable;
use rustc_hash::{FxHashMap, FxHasher};
use serde::{Deserialize, Serialize};

/// Splits normalised text into tokens: words (letters, digits, inner
/// apostrophes) and single punctuation characters. Whitespace is dropped.
pub(crate) fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        let start = i;
        i += c.len_utf8();
        if c.is_whitespace() {
            continue;
        }
        if is_word_char(c) {
            i = word_end(text, i);
        }
        out.push(&text[start..i]);
    }
    out
}

/// Where the word token that goes on at byte `i` of `text` ends.
fn word_end(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        // The bulk of a word, ASCII letters and digits, a byte at a time.
        while bytes
            .get(i)
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
        {
            i += 1;
        }
        let Some(n) = char_at(text, i) else { return i };
        let after = i + n.len_utf8();
        let joins = match n {
            '\'' => char_at(text, after).is_some_and(char::is_alphanumeric),
            // 4.2, 15:30 and 1,000 are one number.
            '.' | ':' | ',' => {
                bytes[i - 1].is_ascii_digit() && bytes.get(after).is_some_and(u8::is_ascii_digit)
            }
            _ => is_word_char(n),
        };
        if !joins {
            return i;
        }
        i = after;
    }
}

/// The character at byte `i` of `text` (a character boundary), read without
/// decoding when it is ASCII, as most of a reply is.
pub(crate) fn char_at(text: &str, i: usize) -> Option<char> {
    match *text.as_bytes().get(i)? {
        b @ 0..0x80 => Some(char::from(b)),
        _ => text[i..].chars().next(),
    }
}

/// The character that ends before byte `i` of `text` (a character boundary),
/// read the same way.
pub(crate) fn char_before(text: &str, i: usize) -> Option<char> {
    match *text.as_bytes().get(i.checked_sub(1)?)? {
        b @ 0..0x80 => Some(char::from(b)),
        _ => text[..i].chars().next_back(),
    }
}

/// The runs of word characters of `text`, with their byte offsets.
pub(crate) fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `token` is a word (not punctuation).
pub(crate) fn is_word(token: &str) -> bool {
    token.chars().next().is_some_and(is_word_char)
}

/// A set of short phrases as a trie over tokens; `#` matches any word with a
/// digit. Finding every occurrence costs a walk per position, however many
/// phrases share a first word.
///
/// The trie is flat lists rather than a tree of maps, with one hash index over
/// all its edges: a pack holds thousands of these sets, and flat lists take a
/// fraction of the memory and read back from a precompiled pack in a few
/// allocations. The index is rebuilt when a set is read back.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "Trie", into = "Trie")]
pub(crate) struct PhraseSet {
    trie: Trie,
    /// Every edge, as its index, found by the hash of its node and token.
    index: HashTable<u32>,
    /// How many tokens the longest phrase has.
    longest: usize,
}

/// What a [`PhraseSet`] stores.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Trie {
    /// Every distinct token of the phrases, one after another.
    words: String,
    /// `nodes[0]` is the root.
    nodes: Vec<Node>,
    edges: Vec<Edge>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct Node {
    /// The node that any word with a digit leads to, or [`NONE`].
    digit: u32,
    /// A phrase ends here.
    terminal: bool,
}

/// From the node `from`, the token `words[start..start + len]` leads to the
/// node `to`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Edge {
    from: u32,
    start: u32,
    len: u32,
    to: u32,
}

/// No node: the root, which no edge leads to (and small, as a pack stores it).
const NONE: u32 = 0;

/// Where a `#` stands in a phrase: any word with a digit.
const DIGIT: &str = "#";

impl Trie {
    /// How many tokens lead to each node from the root. A node is always
    /// added after the node that leads to it, so one pass in order does.
    fn depths(&self) -> Vec<usize> {
        let mut parent = vec![NONE; self.nodes.len()];
        for e in &self.edges {
            parent[e.to as usize] = e.from;
        }
        for (n, node) in self.nodes.iter().enumerate() {
            if node.digit != NONE {
                parent[node.digit as usize] = n as u32;
            }
        }
        let mut depths = vec![0; self.nodes.len()];
        for n in 1..depths.len() {
            depths[n] = depths[parent[n] as usize] + 1;
        }
        depths
    }

    fn word(&self, edge: &Edge) -> &str {
        &self.words[edge.start as usize..(edge.start + edge.len) as usize]
    }

    fn add_node(&mut self) -> u32 {
        self.nodes.push(Node::default());
        (self.nodes.len() - 1) as u32
    }

    /// The node that a word with a digit leads to from `node`, added if new.
    fn digit_child(&mut self, node: u32) -> u32 {
        if self.nodes[node as usize].digit == NONE {
            self.nodes[node as usize].digit = self.add_node();
        }
        self.nodes[node as usize].digit
    }

    /// A new node that `token` leads to from `from`; `placed` holds where
    /// each token already stands in `words`.
    fn add_edge<'a>(&mut self, from: u32, token: &'a str, placed: &mut FxHashMap<&'a str, u32>) -> u32 {
        let start = *placed.entry(token).or_insert_with(|| {
            self.words.push_str(token);
            (self.words.len() - token.len()) as u32
        });
        let to = self.add_node();
        self.edges.push(Edge {
            from,
            start,
            len: token.len() as u32,
            to,
        });
        to
    }
}

fn hash(node: u32, token: &str) -> u64 {
    let mut hasher = FxHasher::default();
    (node, token).hash(&mut hasher);
    hasher.finish()
}

impl From<Trie> for PhraseSet {
    fn from(trie: Trie) -> Self {
        let rehash = |&e: &u32| {
            let e = &trie.edges[e as usize];
            hash(e.from, trie.word(e))
        };
        let mut index = HashTable::with_capacity(trie.edges.len());
        for e in 0..trie.edges.len() as u32 {
            index.insert_unique(rehash(&e), e, rehash);
        }
        let longest = trie.depths().into_iter().max().unwrap_or(0);
        Self { trie, index, longest }
    }
}

impl From<PhraseSet> for Trie {
    fn from(set: PhraseSet) -> Self {
        set.trie
    }
}

impl PhraseSet {
    /// Builds a set from normalised literal phrases.
    pub fn new(literals: &[String]) -> Self {
        let mut trie = Trie {
            words: String::new(),
            nodes: vec![Node::default()],
            edges: Vec::new(),
        };
        let mut placed: FxHashMap<&str, u32> = FxHashMap::default();
        let mut children: FxHashMap<(u32, &str), u32> = FxHashMap::default();
        for literal in literals {
            let tokens = tokens(literal);
            if tokens.is_empty() {
                continue;
            }
            let mut node = 0;
            for token in tokens {
                node = match token == DIGIT {
                    true => trie.digit_child(node),
                    false => *children
                        .entry((node, token))
                        .or_insert_with(|| trie.add_edge(node, token, &mut placed)),
                };
            }
            trie.nodes[node as usize].terminal = true;
        }
        trie.into()
    }

    /// Every occurrence in `tokens`, as `(start, end)` token indices.
    pub fn find<'a>(&'a self, tokens: &'a [&'a str]) -> impl Iterator<Item = (usize, usize)> + 'a {
        self.find_from(tokens, 0..tokens.len())
    }

    /// Whether a phrase ends at most `within` tokens before the end of `tokens`.
    pub fn ends_near(&self, tokens: &[&str], within: usize) -> bool {
        // A phrase that ends near enough starts at most its length earlier.
        let first = tokens.len().saturating_sub(within.saturating_add(self.longest));
        self.find_from(tokens, first..tokens.len())
            .any(|(_, e)| e + within >= tokens.len())
    }

    /// Whether a phrase starts among the first `within` tokens of `tokens`.
    pub fn starts_near(&self, tokens: &[&str], within: usize) -> bool {
        self.find_from(tokens, 0..within.min(tokens.len()))
            .next()
            .is_some()
    }

    /// The occurrences in `tokens` that start at one of `starts`.
    pub fn find_from<'a>(
        &'a self,
        tokens: &'a [&'a str],
        starts: Range<usize>,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        starts.flat_map(move |i| {
            let mut ends = Vec::new();
            self.walk(0, tokens, i, &mut ends);
            ends.into_iter().map(move |e| (i, e))
        })
    }

    /// Whether any phrase occurs in `tokens`.
    pub fn occurs_in(&self, tokens: &[&str]) -> bool {
        self.find(tokens).next().is_some()
    }

    /// The node that `token` leads to from `node`.
    fn child(&self, node: u32, token: &str) -> Option<u32> {
        let edges = &self.trie.edges;
        let found = self.index.find(hash(node, token), |&e| {
            let e = &edges[e as usize];
            e.from == node && self.trie.word(e) == token
        })?;
        Some(edges[*found as usize].to)
    }

    /// Collects the end index of every phrase of `node` that starts at
    /// `tokens[at]`.
    fn walk(&self, node: u32, tokens: &[&str], at: usize, ends: &mut Vec<usize>) {
        let Some(&token) = tokens.get(at) else { return };
        if let Some(next) = self.child(node, token) {
            self.step(next, tokens, at, ends);
        }
        let digit = self.trie.nodes[node as usize].digit;
        if digit != NONE && token.bytes().any(|b| b.is_ascii_digit()) {
            self.step(digit, tokens, at, ends);
        }
    }

    /// Goes on to `next` past `tokens[at]`.
    fn step(&self, next: u32, tokens: &[&str], at: usize, ends: &mut Vec<usize>) {
        if self.trie.nodes[next as usize].terminal {
            ends.push(at + 1);
        }
        self.walk(next, tokens, at + 1, ends);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(phrases: &[&str]) -> PhraseSet {
        PhraseSet::new(&phrases.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn tokenises_words_and_punctuation() {
        assert_eq!(
            tokens("at 15:30, 4.2 or 1,000."),
            ["at", "15:30", ",", "4.2", "or", "1,000", "."]
        );
        assert_eq!(
            tokens("i will call, by 3pm. customer's 'x'"),
            [
                "i",
                "will",
                "call",
                ",",
                "by",
                "3pm",
                ".",
                "customer's",
                "'",
                "x",
                "'"
            ]
        );
    }

    #[test]
    fn words_have_offsets() {
        assert_eq!(
            words("i'm - ok!").collect::<Vec<_>>(),
            [(0, "i"), (2, "m"), (6, "ok")]
        );
    }

    #[test]
    fn finds_phrases_on_word_boundaries() {
        let s = set(&["just", "by #", "i will"]);
        let toks = tokens("we adjust it, i will call by 3pm");
        let found: Vec<_> = s.find(&toks).map(|(a, b)| toks[a..b].join(" ")).collect();
        assert_eq!(found, ["i will", "by 3pm"]);
        assert!(!set(&["by #"]).occurs_in(&tokens("by friday")));
    }

    #[test]
    fn finds_every_phrase_that_shares_a_start() {
        let s = set(&["i will call", "i", "i will", "# pm", "call", "i will"]);
        let toks = tokens("i will call at 3 pm");
        let found: Vec<_> = s.find(&toks).map(|(a, b)| toks[a..b].join(" ")).collect();
        assert_eq!(found, ["i", "i will", "i will call", "call", "3 pm"]);
        assert!(!s.occurs_in(&tokens("we phoned")));
        assert!(!set(&[]).occurs_in(&toks));
    }

    #[test]
    fn finds_phrases_near_either_end() {
        let s = set(&["call you", "by #"]);
        let toks = tokens("i will call you back by 3pm");
        // "by 3pm" ends the tokens; "call you" ends two before the end.
        assert!(s.ends_near(&toks, 0));
        assert!(set(&["call you"]).ends_near(&toks, 3));
        assert!(!set(&["call you"]).ends_near(&toks, 2));
        // "call you" starts at the third token.
        assert!(s.starts_near(&toks, 3));
        assert!(!set(&["call you"]).starts_near(&toks, 2));
        assert!(!s.starts_near(&toks, 0) && !s.ends_near(&[], 5));
    }
}

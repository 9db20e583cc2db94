//! Tokens of the normalised text, and sets of short phrases matched on them.
//!
//! Context conditions ("not preceded by `things`", "an alternative follows") look
//! at a few words around a candidate; they compare tokens, so word boundaries
//! hold by construction.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use bytemuck::{Pod, Zeroable};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::pod::{Slice, index};

/// Splits normalised text into tokens: words (letters, digits, inner
/// apostrophes) and single punctuation characters. Whitespace is dropped.
pub(crate) fn tokens(text: &str) -> Vec<&str> {
    tokens_into(text, Vec::new())
}

/// [`tokens`], written into `out` (emptied first), whose room is reused.
///
/// Most of a normalised reply is ASCII words, spaces and punctuation that
/// joins nothing: such text is read 64 bytes at a time, each byte's class
/// one bit of an integer, so that finding a token takes a few bit operations
/// and no branch on its bytes. A block that holds anything else (a wider
/// character, an apostrophe or a number's punctuation that may join two
/// words) is read a token at a time.
pub(crate) fn tokens_into<'t>(text: &'t str, mut out: Vec<&'t str>) -> Vec<&'t str> {
    let bytes = text.as_bytes();
    // Replies run to a token in four or five bytes; sized once, the list of a
    // large text is not copied as it grows.
    out.clear();
    out.reserve(bytes.len() / 4 + 1);
    let mut i = 0;
    while let Some(block) = bytes.get(i..i + 64) {
        let classes = Classes::of(block);
        // A block ends after its last space, so that no token goes on past
        // it; one with no space is read as far as its first token goes.
        let end = i + 64 - classes.spaces.leading_zeros() as usize;
        if end == i || !classes.plain() {
            let end = end.max(i + 1);
            while i < end {
                i = push_token(text, i, &mut out);
            }
            continue;
        }
        classes.push_tokens(text, i, end - i, &mut out);
        i = end;
    }
    while i < bytes.len() {
        i = push_token(text, i, &mut out);
    }
    out
}

/// Pushes the token at byte `i` of `text`, if it is not whitespace, and
/// returns where the next one may start.
fn push_token<'t>(text: &'t str, mut i: usize, out: &mut Vec<&'t str>) -> usize {
    let bytes = text.as_bytes();
    let start = i;
    // ASCII, most of a reply, is told apart without decoding a char.
    let (word, space) = match BYTE_KINDS[usize::from(bytes[i])] {
        ByteKind::Word => {
            i += 1;
            (true, false)
        }
        ByteKind::Other => {
            i += 1;
            (false, bytes[start].is_ascii_whitespace() || bytes[start] == 0x0B)
        }
        ByteKind::Wide => {
            let c = text[i..].chars().next().unwrap_or_default();
            i += c.len_utf8();
            (is_word_char(c), c.is_whitespace())
        }
    };
    if !space {
        if word {
            i = word_end(text, i);
        }
        out.push(&text[start..i]);
    }
    i
}

/// The classes of the 64 bytes of a block, a bit for each byte (the first
/// byte the lowest bit).
struct Classes {
    /// ASCII letters, digits and `_`.
    words: u64,
    /// ASCII whitespace.
    spaces: u64,
    /// Apostrophes (`customer's`) and the punctuation inside numbers (`4.2`,
    /// `15:30`, `1,000`).
    joins: u64,
    /// Whether the block holds a wider character.
    wide: bool,
}

impl Classes {
    fn of(block: &[u8]) -> Self {
        let mut classes = Self {
            words: 0,
            spaces: 0,
            joins: 0,
            wide: false,
        };
        for (n, chunk) in block.chunks_exact(8).enumerate() {
            let x = eight(chunk);
            let words = in_range(x | CASE, b'a', b'z') | in_range(x, b'0', b'9') | in_range(x, b'_', b'_');
            let spaces = in_range(x, b'\t', b'\r') | in_range(x, b' ', b' ');
            // `'`, `,`, `.` and `:`, the bytes of `may_join`.
            let joins = in_range(x, b'\'', b'\'')
                | in_range(x, b',', b'.') & !in_range(x, b'-', b'-')
                | in_range(x, b':', b':');
            let shift = 8 * n;
            classes.words |= gather(words) << shift;
            classes.spaces |= gather(spaces) << shift;
            classes.joins |= gather(joins) << shift;
            classes.wide |= x & HIGH != 0;
        }
        classes
    }

    /// Whether every token of the block is a run of word bytes or one other
    /// byte: no wider character, and nothing that may join two words (see
    /// [`word_end`]), which is only ever right after a word byte.
    fn plain(&self) -> bool {
        !self.wide && self.joins & self.words << 1 & (self.words >> 1) == 0
    }

    /// Pushes the tokens of the first `len` bytes of the block at `at` of `text`.
    fn push_tokens<'t>(&self, text: &'t str, at: usize, len: usize, out: &mut Vec<&'t str>) {
        let within = u64::MAX >> (64 - len);
        // Where a token starts: a word byte after one that is not, or any
        // byte that is neither a word byte nor whitespace.
        let mut starts = (self.words & !(self.words << 1) | !self.words & !self.spaces) & within;
        while starts != 0 {
            let start = starts.trailing_zeros() as usize;
            starts &= starts - 1;
            // A word runs to the first byte that is not one; anything else
            // is one byte long.
            let end = start + (!(self.words >> start)).trailing_zeros().max(1) as usize;
            out.push(&text[at + start..at + end]);
        }
    }
}

/// The high bits of the eight bytes of `class` as eight bits, the first
/// byte's the lowest.
fn gather(class: u64) -> u64 {
    ((class & HIGH) >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// Where the word token that goes on at byte `i` of `text` ends.
fn word_end(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        // The bulk of a word, ASCII letters and digits: eight bytes at a
        // time, as one integer (the end of most words found without a branch
        // per byte), then the last few a byte at a time.
        while let Some(chunk) = bytes.get(i..i + 8) {
            let n = leading_word_bytes(chunk);
            i += n;
            if n < 8 {
                break;
            }
        }
        while bytes
            .get(i)
            .is_some_and(|&b| matches!(BYTE_KINDS[usize::from(b)], ByteKind::Word))
        {
            i += 1;
        }
        // Most words end at a space or a punctuation mark that joins nothing.
        match bytes.get(i) {
            None => return i,
            Some(&b) if b.is_ascii() && !may_join(b) => return i,
            Some(_) => {}
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

/// How many bytes from `from` on are lower-case ASCII letters or digits,
/// most of every word of a normalised reply. Read eight bytes at a time
/// (each byte's class worked out in the one integer, without a branch per
/// byte), the last few one by one.
pub(crate) fn lower_alnum_run(bytes: &[u8], from: usize) -> usize {
    let rest = bytes.get(from..).unwrap_or_default();
    let mut chunks = rest.chunks_exact(8);
    let mut len = 0;
    for chunk in &mut chunks {
        let x = eight(chunk);
        let n = leading(in_range(x, b'a', b'z') | in_range(x, b'0', b'9'));
        len += n;
        if n < 8 {
            return len;
        }
    }
    let tail = chunks.remainder();
    len + tail
        .iter()
        .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        .count()
}

/// How many of the first eight bytes of `chunk` are ASCII letters, digits or
/// `_`, the bytes of a word token, before one that is not.
fn leading_word_bytes(chunk: &[u8]) -> usize {
    let x = eight(chunk);
    // Setting each byte's 0x20 bit turns capitals into small letters, and
    // no other byte into a letter.
    let letters = in_range(x | CASE, b'a', b'z');
    leading(letters | in_range(x, b'0', b'9') | in_range(x, b'_', b'_'))
}

const ONES: u64 = u64::from_ne_bytes([1; 8]);
const HIGH: u64 = ONES << 7;
const CASE: u64 = ONES << 5;

/// The first eight bytes of `chunk` as one integer, the first lowest.
fn eight(chunk: &[u8]) -> u64 {
    u64::from_le_bytes(chunk[..8].try_into().expect("8 bytes"))
}

/// The high bit of each byte of `x` that is ASCII and in `low..=high`.
fn in_range(x: u64, low: u8, high: u8) -> u64 {
    // With the high bit of each byte cleared, adding a byte's distance
    // below 0x80 sets its high bit exactly when it is at least `low`, and
    // no byte carries into the next one.
    let seven = x & !HIGH;
    let at_least = |low: u8| seven + u64::from(0x80 - low) * ONES;
    at_least(low) & !at_least(high + 1) & !x & HIGH
}

/// How many bytes, from the lowest, have their high bit set in `class`
/// before one that has not.
fn leading(class: u64) -> usize {
    (!class & HIGH).trailing_zeros() as usize / 8
}

/// Whether `b` may join two words into one token: an apostrophe before a
/// letter, or a number's punctuation between digits (`customer's`, `4.2`).
fn may_join(b: u8) -> bool {
    matches!(b, b'\'' | b'.' | b':' | b',')
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
    let mut i = 0;
    std::iter::from_fn(move || {
        i = skip(text, i, false);
        let start = i;
        i = skip(text, i, true);
        (i > start).then(|| (start, &text[start..i]))
    })
}

/// Calls `found` with every word of `text` and its offset, as [`words`]
/// finds them, read from the text's `tokens` rather than from its bytes
/// again: a word token is one word unless an apostrophe or a number's
/// punctuation joins words in it (`customer's`, `4.2`).
pub(crate) fn each_word<'t>(text: &'t str, tokens: &[&'t str], mut found: impl FnMut(usize, &'t str)) {
    for &token in tokens {
        let at = token.as_ptr() as usize - text.as_ptr() as usize;
        let kind = |b: &u8| BYTE_KINDS[usize::from(*b)];
        // Most tokens: up to eight ASCII letters and digits, one word, told
        // from the eight bytes of the text from the token on.
        let plain = || match text.as_bytes().get(at..at + 8) {
            Some(chunk) if token.len() <= 8 => leading_word_bytes(chunk) >= token.len(),
            _ => token.as_bytes().iter().all(|b| matches!(kind(b), ByteKind::Word)),
        };
        // A plain word is found as it is; a token that joins words (by an
        // apostrophe, a number's punctuation) or starts with a wide letter
        // is split into them.
        match token.as_bytes().first().map(kind) {
            Some(ByteKind::Word) if plain() => found(at, token),
            Some(ByteKind::Word | ByteKind::Wide) if is_word(token) => {
                words(token).for_each(|(i, word)| found(at + i, word))
            }
            _ => {}
        }
    }
}

/// Where the run of word characters (`word`) or of other characters (not
/// `word`) from byte `i` of `text` ends; ASCII is read a byte at a time.
/// Inlined, so that each caller's loop knows which run it reads.
#[inline(always)]
fn skip(text: &str, mut i: usize, word: bool) -> usize {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(i) {
        let is_word = match BYTE_KINDS[usize::from(b)] {
            ByteKind::Word => true,
            ByteKind::Other => false,
            ByteKind::Wide => {
                let c = text[i..].chars().next().unwrap_or_default();
                if is_word_char(c) != word {
                    break;
                }
                i += c.len_utf8();
                continue;
            }
        };
        if is_word != word {
            break;
        }
        i += 1;
    }
    i
}

/// What a byte of UTF-8 text says about its character.
#[derive(Clone, Copy)]
enum ByteKind {
    /// An ASCII letter, digit or `_`.
    Word,
    /// Any other ASCII character.
    Other,
    /// The start of a longer character, to decode.
    Wide,
}

/// The kind of every byte, looked up rather than worked out: the words of a
/// whole text are read a byte at a time.
static BYTE_KINDS: [ByteKind; 256] = {
    let mut kinds = [ByteKind::Wide; 256];
    let mut b = 0;
    while b < 0x80 {
        let word = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        kinds[b] = if word { ByteKind::Word } else { ByteKind::Other };
        b += 1;
    }
    kinds
};

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
/// The trie is flat lists rather than a tree of maps. A pack holds thousands
/// of these sets, and a precompiled pack stores the lists as plain numbers
/// (`pod.rs`), so a set that one run needs is read where it lies: nothing to
/// decode, no index to rebuild. The nodes are laid out breadth first, so the
/// edges out of a node lie together (sorted by token, for a binary search)
/// and edge `i` leads to node `i + 1`. A word with a digit follows the edge
/// whose token is `#`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PhraseSet {
    /// Every distinct token of the phrases, one after another.
    #[serde(with = "crate::pod::text")]
    words: Cow<'static, str>,
    /// Node `n`'s edges are `edges[starts[n]..starts[n + 1]]`; node 0 is the
    /// root, and the list ends with `edges.len()`.
    #[serde(with = "crate::pod")]
    starts: Slice<u32>,
    /// 1 for each node where a phrase ends.
    #[serde(with = "crate::pod")]
    terminal: Slice<u8>,
    #[serde(with = "crate::pod")]
    edges: Slice<Edge>,
    /// The root's edges by the hash of their token, as `1 + ` their index (0
    /// for an empty slot); a power of two long, twice as long as there are
    /// edges. Nearly every lookup is at the root, where a text's word is
    /// usually no phrase's first word: a probe or two says so, where a binary
    /// search compares strings once per halving (searching the root too made
    /// a 1 MB check 15% slower).
    #[serde(with = "crate::pod")]
    root: Slice<u32>,
    /// A bit for the [`shape`] of each of the root's tokens: most tokens of
    /// a text are no phrase's first word, and most of those are told so
    /// without hashing them.
    root_shapes: u64,
    /// How many tokens the longest phrase has.
    longest: u32,
    /// Whether some phrase has a `#`: most have none, and then a word's
    /// digits need no looking at.
    digits: bool,
}

/// The token `words[start..start + len]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Pod, Zeroable)]
#[repr(C)]
struct Edge {
    start: u32,
    len: u32,
}

/// Where a `#` stands in a phrase: any word with a digit.
const DIGIT: &str = "#";

/// A node of the trie while it is built: its children by token.
#[derive(Default)]
struct Branch<'a> {
    children: BTreeMap<&'a str, usize>,
    terminal: bool,
}

impl PhraseSet {
    /// Builds a set from normalised literal phrases.
    pub fn new(literals: &[String]) -> Self {
        let mut tree = vec![Branch::default()];
        for literal in literals {
            let tokens = tokens(literal);
            if tokens.is_empty() {
                continue;
            }
            let mut node = 0;
            for token in tokens {
                let next = tree.len();
                node = *tree[node].children.entry(token).or_insert(next);
                if node == next {
                    tree.push(Branch::default());
                }
            }
            tree[node].terminal = true;
        }
        Self::flatten(&tree)
    }

    /// Lays `tree` out breadth first: the edges out of each node follow one
    /// another, in the order of its children, and the nodes are numbered in
    /// the same order, so that edge `i` leads to node `i + 1`.
    fn flatten(tree: &[Branch]) -> Self {
        let mut order = vec![0];
        let mut depth = vec![0; tree.len()];
        let mut i = 0;
        while let Some(&old) = order.get(i) {
            for &child in tree[old].children.values() {
                depth[child] = depth[old] + 1;
                order.push(child);
            }
            i += 1;
        }
        let mut words = String::new();
        let mut placed: FxHashMap<&str, u32> = FxHashMap::default();
        let mut starts = Vec::with_capacity(order.len() + 1);
        let mut edges = Vec::with_capacity(order.len());
        for &old in &order {
            starts.push(index(edges.len()));
            for &token in tree[old].children.keys() {
                let start = *placed.entry(token).or_insert_with(|| {
                    words.push_str(token);
                    index(words.len() - token.len())
                });
                edges.push(Edge {
                    start,
                    len: index(token.len()),
                });
            }
        }
        starts.push(index(edges.len()));
        let terminal = order.iter().map(|&old| u8::from(tree[old].terminal)).collect();
        let root = hash_slots(tree[0].children.keys().copied());
        let root_shapes = tree[0]
            .children
            .keys()
            .fold(0, |shapes, token| shapes | shape(token));
        Self {
            words: Cow::Owned(words),
            starts: Cow::Owned(starts),
            terminal: Cow::Owned(terminal),
            edges: Cow::Owned(edges),
            root: Cow::Owned(root),
            root_shapes,
            longest: depth.into_iter().max().unwrap_or(0),
            digits: placed.contains_key(DIGIT),
        }
    }

    /// Every occurrence in `tokens`, as `(start, end)` token indices.
    pub fn find<'a>(&'a self, tokens: &'a [&'a str]) -> impl Iterator<Item = (usize, usize)> + 'a {
        self.find_from(tokens, 0..tokens.len())
    }

    /// Whether a phrase ends at most `within` tokens before the end of `tokens`.
    pub fn ends_near(&self, tokens: &[&str], within: usize) -> bool {
        // A phrase that ends near enough starts at most its length earlier.
        let first = tokens
            .len()
            .saturating_sub(within.saturating_add(self.longest as usize));
        (first..tokens.len()).any(|i| self.ends_from_root(tokens, i, &mut |e| e + within >= tokens.len()))
    }

    /// Whether a phrase starts among the first `within` tokens of `tokens`.
    pub fn starts_near(&self, tokens: &[&str], within: usize) -> bool {
        (0..within.min(tokens.len())).any(|i| self.ends_from_root(tokens, i, &mut |_| true))
    }

    /// The occurrences in `tokens` that start at one of `starts`.
    pub fn find_from<'a>(
        &'a self,
        tokens: &'a [&'a str],
        starts: Range<usize>,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        starts.flat_map(move |i| {
            let mut ends = Vec::new();
            self.ends_from_root(tokens, i, &mut |e| {
                ends.push(e);
                false
            });
            ends.into_iter().map(move |e| (i, e))
        })
    }

    /// Whether any phrase occurs in `tokens`.
    pub fn occurs_in(&self, tokens: &[&str]) -> bool {
        self.starts_near(tokens, tokens.len())
    }

    /// [`PhraseSet::ends_from`] the root, for the phrases that start at
    /// `tokens[at]`. Most tokens are ruled out by the root's filter of first
    /// words here, inlined, before the call that walks the set: a reply-wide
    /// mitigator set is tried at nearly every token of a text.
    #[inline(always)]
    fn ends_from_root(&self, tokens: &[&str], at: usize, end: &mut impl FnMut(usize) -> bool) -> bool {
        let may_start = tokens.get(at).is_some_and(|token| {
            self.root_shapes & shape(token) != 0 || (self.digits && token.bytes().any(|b| b.is_ascii_digit()))
        });
        may_start && self.ends_from(0, tokens, at, end)
    }

    /// The node that `token` leads to from `node`.
    fn child(&self, node: u32, token: &str) -> Option<u32> {
        let found = match node {
            0 => self.root_edge(token)?,
            _ => {
                let (first, end) = (self.starts[node as usize], self.starts[node as usize + 1]);
                let edges = &self.edges[first as usize..end as usize];
                first as usize + edges.binary_search_by(|e| compare(self.word(e), token)).ok()?
            }
        };
        Some(index(found + 1))
    }

    /// The index of the root's edge for `token`.
    fn root_edge(&self, token: &str) -> Option<usize> {
        if self.root_shapes & shape(token) == 0 {
            return None;
        }
        let mask = self.root.len().checked_sub(1)?;
        let mut slot = hash(token) as usize & mask;
        loop {
            let edge = self.root[slot].checked_sub(1)? as usize;
            if self.word(&self.edges[edge]) == token {
                return Some(edge);
            }
            slot = (slot + 1) & mask;
        }
    }

    fn word(&self, edge: &Edge) -> &str {
        &self.words[edge.start as usize..(edge.start + edge.len) as usize]
    }

    /// Calls `end` with the end index of every phrase of `node` that starts
    /// at `tokens[at]`, shortest first, until it returns true; whether it did.
    /// A question (is there a phrase here?) stops at the first answer and
    /// collects nothing.
    fn ends_from(&self, node: u32, tokens: &[&str], at: usize, end: &mut impl FnMut(usize) -> bool) -> bool {
        let Some(&token) = tokens.get(at) else {
            return false;
        };
        // A `#` in the text is punctuation, not a number.
        let literal = match token {
            DIGIT => None,
            _ => self.child(node, token),
        };
        if literal.is_some_and(|next| self.step(next, tokens, at, end)) {
            return true;
        }
        self.digits
            && token.bytes().any(|b| b.is_ascii_digit())
            && self
                .child(node, DIGIT)
                .is_some_and(|next| self.step(next, tokens, at, end))
    }

    /// Goes on to `next` past `tokens[at]`.
    fn step(&self, next: u32, tokens: &[&str], at: usize, end: &mut impl FnMut(usize) -> bool) -> bool {
        (self.terminal[next as usize] != 0 && end(at + 1)) || self.ends_from(next, tokens, at + 1, end)
    }
}

/// `a.cmp(b)`, told by the first bytes when they differ, as most words of
/// a node's edges do, without calling `memcmp`.
fn compare(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.as_bytes().first(), b.as_bytes().first()) {
        (Some(x), Some(y)) if x != y => x.cmp(y),
        _ => a.cmp(b),
    }
}

/// A word's first byte and length, as one of 64 bits.
pub(crate) fn shape(word: &str) -> u64 {
    let first = word.as_bytes().first().map_or(0, |&b| usize::from(b));
    1 << ((first + 13 * word.len()) % 64)
}

/// FNV-1a of `token`. The hash is part of a precompiled pack, so it is
/// defined here, where the pack's hash of its sources covers it, rather than
/// by a hasher whose output may change with its version or the platform.
fn hash(token: &str) -> u64 {
    token.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// An open-addressing table of `tokens` (the edges `0..`, in order) by
/// [`hash`], probed linearly; empty for no tokens.
fn hash_slots<'a>(tokens: impl ExactSizeIterator<Item = &'a str>) -> Vec<u32> {
    if tokens.len() == 0 {
        return Vec::new();
    }
    let mut slots = vec![0; (2 * tokens.len()).next_power_of_two()];
    let mask = slots.len() - 1;
    for (edge, token) in tokens.enumerate() {
        let mut slot = hash(token) as usize & mask;
        while slots[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        slots[slot] = index(edge + 1);
    }
    slots
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(phrases: &[&str]) -> PhraseSet {
        PhraseSet::new(&phrases.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    proptest::proptest! {
        /// Eight bytes at a time count the same as one by one, whatever the
        /// bytes (every class boundary, non-ASCII) and wherever they start.
        #[test]
        fn lower_alnum_runs_are_counted_as_byte_by_byte(
            bytes in proptest::collection::vec(proptest::sample::select(
                b"09/:`az{AZ_ \x7f\x80\xff".to_vec()), 0..40),
            from in 0..45usize,
        ) {
            let alone = bytes
                .iter()
                .skip(from)
                .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                .count();
            proptest::prop_assert_eq!(lower_alnum_run(&bytes, from), alone);
        }
    }

    #[test]
    fn word_bytes_end_at_any_other_byte() {
        let word = b"aZ09_mzA";
        for other in (0..=255u8).filter(|b| !b.is_ascii_alphanumeric() && *b != b'_') {
            for at in 0..8 {
                let mut bytes = word.to_vec();
                bytes[at] = other;
                assert_eq!(leading_word_bytes(&bytes), at, "byte {other:#x} at {at}");
            }
        }
        assert_eq!(leading_word_bytes(word), 8);
    }

    #[test]
    fn lower_alnum_runs_end_at_any_other_byte() {
        let run = b"abcdefghijklmnopqrstuvwxyz0123456789";
        for other in (0..=255u8).filter(|b| !run.contains(b)) {
            for at in 0..run.len() {
                let mut bytes = run.to_vec();
                bytes[at] = other;
                assert_eq!(lower_alnum_run(&bytes, 0), at, "byte {other:#x} at {at}");
            }
        }
        assert_eq!(lower_alnum_run(run, 0), run.len());
        assert_eq!(lower_alnum_run(run, 40), 0);
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
        // A `#` in the text is punctuation: it stands for no number.
        assert!(!set(&["by #"]).occurs_in(&tokens("by #")));
        assert!(set(&["order #"]).occurs_in(&tokens("order 12")));
    }

    /// Where each phrase of `phrases` occurs in `toks`, one token at a time.
    fn found_by_hand(phrases: &[Vec<&str>], toks: &[&str]) -> Vec<(usize, usize)> {
        let same = |p: &str, t: &str| match p {
            DIGIT => t.bytes().any(|b| b.is_ascii_digit()),
            _ => p == t,
        };
        let mut found: Vec<_> = (0..toks.len())
            .flat_map(|i| phrases.iter().map(move |p| (i, p)))
            .filter(|(i, p)| p.len() <= toks.len() - i && p.iter().zip(&toks[*i..]).all(|(p, t)| same(p, t)))
            .map(|(i, p)| (i, i + p.len()))
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    proptest::proptest! {
        #[test]
        fn compare_orders_as_str_does(a in "[a-c#’é]{0,4}", b in "[a-c#’é]{0,4}") {
            proptest::prop_assert_eq!(compare(&a, &b), a.cmp(&b));
        }
    }

    proptest::proptest! {
        /// The flat trie, its root's hash slots and the binary search of
        /// other nodes find what comparing every phrase at every token does,
        /// in sets of up to a few hundred first words (probes that wrap
        /// around included).
        #[test]
        fn the_flat_trie_finds_what_comparing_does(
            phrases in proptest::collection::vec(proptest::collection::vec("[a-e]{1,2}|#|[0-9]", 1..4), 0..300),
            toks in proptest::collection::vec("[a-e]{1,2}|#|[0-9]|x9", 0..40),
        ) {
            let phrases: Vec<Vec<&str>> = phrases.iter().map(|p| p.iter().map(String::as_str).collect()).collect();
            let toks: Vec<&str> = toks.iter().map(String::as_str).collect();
            let literals: Vec<String> = phrases.iter().map(|p| p.join(" ")).collect();
            let set = PhraseSet::new(&literals);
            let mut found: Vec<_> = set.find(&toks).collect();
            // `3` is found twice by the phrases `3` and `#`.
            found.sort_unstable();
            found.dedup();
            proptest::prop_assert_eq!(set.occurs_in(&toks), !found.is_empty());
            proptest::prop_assert_eq!(found, found_by_hand(&phrases, &toks));
        }

        /// Tokens and words read byte by byte are those read a char at a
        /// time: every whitespace dropped (Unicode's too), every other char
        /// outside a word a token of its own.
        #[test]
        fn tokens_are_those_read_char_by_char(text in proptest::prop_oneof![
            "([a-zA-Z0-9_'.,:!?é“’—-]|[ \t\n\r\x0b\x0c\u{a0}\u{2003}\u{85}]){0,200}",
            // Mostly ASCII words, for blocks of 64 bytes read by their classes.
            "(([a-zA-Z_]{1,9}|[0-9]{1,3})([.,:'-]?[0-9a-z]{0,2})?[.,!?'\x22-]{0,2} ?[ \n\t]?){0,60}",
        ]) {
            let mut by_char = Vec::new();
            let mut i = 0;
            while let Some(c) = text[i..].chars().next() {
                let start = i;
                i += c.len_utf8();
                if c.is_whitespace() {
                    continue;
                }
                if is_word_char(c) {
                    i = word_end(&text, i);
                }
                by_char.push(&text[start..i]);
            }
            proptest::prop_assert_eq!(tokens(&text), by_char);
            let runs = text.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty());
            let by_split: Vec<_> = runs.map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w)).collect();
            proptest::prop_assert_eq!(words(&text).collect::<Vec<_>>(), by_split.clone());
            let mut from_tokens = Vec::new();
            each_word(&text, &tokens(&text), |at, word| from_tokens.push((at, word)));
            proptest::prop_assert_eq!(from_tokens, by_split);
        }
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

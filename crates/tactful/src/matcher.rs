//! Match: the anchor words of every rule, found in one pass.
//!
//! Every phrase of a trigger contains one of the trigger's anchor words (worked
//! out from the shape of its patterns when the pack is loaded). One pass over
//! the normalised text's words, each looked up among the anchors, finds anchor
//! words, and a small Aho-Corasick automaton the few anchors that are not plain
//! words (`follow-up`, emoji); each is confirmed by
//! walking the patterns of the triggers it anchors (`walk.rs`) from the places
//! shortly before it where a phrase may start. The few patterns that only make
//! sense once expanded (a word glued to a group, quotes, symbols) are expanded
//! into phrases whose bytes are compared around the anchor instead. Both are
//! prepared the first time one of a trigger's anchors is found, so start-up
//! costs the anchors only, and no rule ever scans the whole text on its own.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use bytemuck::{Pod, Zeroable};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::detect::Detectors;
use crate::normalise::Normalized;
use crate::pattern::anchor_rank;
use crate::phrase::{char_at, char_before, each_word, is_word_char, shape, words};
use crate::pod::{Slice, index};
use crate::precompiled::Deferred;
use crate::rule::{Rule, Trigger};
use crate::walk::Walker;

/// Walking costs little to prepare and more per anchor than looking phrases
/// up in tables, which cost much to build: a linter that has checked more than
/// this many bytes (a big text, or a folder of replies) builds the tables of
/// every phrase and looks all phrases up in them. Both find the same. Bytes
/// are counted in the original text, so a text checked in pieces (`chunk.rs`)
/// uses the tables from its first piece, larger than this with its margin.
const WHOLE_TABLES_AFTER: usize = 256 << 10;

/// Which trigger of which rule a phrase belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Pod, Zeroable, Serialize, Deserialize)]
#[repr(C)]
pub(crate) struct TriggerRef {
    rule: u32,
    trigger: u32,
}

impl TriggerRef {
    pub fn new(rule: usize, trigger: usize) -> Self {
        Self {
            rule: index(rule),
            trigger: index(trigger),
        }
    }

    pub fn rule(self) -> usize {
        self.rule as usize
    }

    pub fn trigger(self) -> usize {
        self.trigger as usize
    }
}

/// A phrase found in the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub at: TriggerRef,
    pub start: usize,
    pub end: usize,
}

/// Distinct byte strings in a trie: finding which of them a text starts with
/// is one walk along it, through a few small nodes that every search shares.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Trie {
    /// The root, as an edge that no byte leads along.
    root: TrieEdge,
    /// The edges out of each node, contiguous and sorted by byte. Each edge
    /// holds what the walk needs of the node it leads to, so a step reads one
    /// list, not a list of edges and then one of nodes.
    #[serde(with = "crate::pod")]
    edges: Slice<TrieEdge>,
}

#[derive(Debug, Clone, Copy, Default, Pod, Zeroable, Serialize, Deserialize)]
#[repr(C)]
struct TrieEdge {
    byte: u8,
    padding: [u8; 3],
    /// The id of the key that ends where the edge leads, or [`NO_KEY`].
    key: u32,
    /// The edges out of where it leads: `edges[first..first + len]`.
    first: u32,
    len: u32,
}

impl TrieEdge {
    /// The edges out of where this edge leads.
    fn out(self) -> Range<usize> {
        self.first as usize..(self.first + self.len) as usize
    }
}

const NO_KEY: u32 = u32::MAX;

/// A [`Trie`] being built, a key at a time: each node keeps its children as
/// a list of siblings, which adding a key walks (most nodes have one child),
/// so that adding a key costs no hashing and no allocation of its own.
struct TrieBuilder {
    /// Node 0 is the root; a node's id is its index, in the order added.
    nodes: Vec<BuildNode>,
    /// The nodes where a key ends.
    ends: Vec<u32>,
}

/// A node of a [`TrieBuilder`]; 0 stands for none, as the root is no child.
#[derive(Clone, Copy, Default)]
struct BuildNode {
    first_child: u32,
    next_sibling: u32,
    /// The byte of the edge leading here.
    byte: u8,
}

impl TrieBuilder {
    fn new() -> Self {
        Self {
            nodes: vec![BuildNode::default()],
            ends: Vec::new(),
        }
    }

    /// Adds a key, and returns its id: the node where it ends, the same for
    /// every copy of it.
    fn insert(&mut self, key: impl Iterator<Item = u8>) -> u32 {
        let mut node = 0;
        for byte in key {
            let mut child = self.nodes[node].first_child;
            while child != 0 && self.nodes[child as usize].byte != byte {
                child = self.nodes[child as usize].next_sibling;
            }
            if child == 0 {
                child = index(self.nodes.len());
                let next_sibling = self.nodes[node].first_child;
                self.nodes.push(BuildNode {
                    first_child: 0,
                    next_sibling,
                    byte,
                });
                self.nodes[node].first_child = child;
            }
            node = child as usize;
        }
        self.ends.push(index(node));
        index(node)
    }

    fn finish(self) -> Trie {
        let mut keys = vec![NO_KEY; self.nodes.len()];
        for end in self.ends {
            keys[end as usize] = end;
        }
        // Each node's edges out, then where they start, a node at a time.
        let mut out = vec![0..0; self.nodes.len()];
        let mut edges = Vec::with_capacity(self.nodes.len().saturating_sub(1));
        for (node, built) in self.nodes.iter().enumerate() {
            let first = edges.len();
            let mut child = built.first_child;
            while child != 0 {
                let byte = self.nodes[child as usize].byte;
                edges.push((byte, child));
                child = self.nodes[child as usize].next_sibling;
            }
            edges[first..].sort_unstable_by_key(|&(byte, _)| byte);
            out[node] = first..edges.len();
        }
        let edge = |byte: u8, node: u32| TrieEdge {
            byte,
            padding: [0; 3],
            key: keys[node as usize],
            first: index(out[node as usize].start),
            len: index(out[node as usize].len()),
        };
        Trie {
            root: edge(0, 0),
            edges: edges.iter().map(|&(byte, node)| edge(byte, node)).collect(),
        }
    }
}

impl Trie {
    /// Puts in `out` the `(length, id)` of every key that `bytes` starts
    /// with and whose length `keep` accepts, shortest first.
    fn starts(
        &self,
        mut bytes: impl Iterator<Item = u8>,
        keep: impl Fn(usize) -> bool,
        out: &mut Vec<(usize, u32)>,
    ) {
        out.clear();
        let mut at = self.root;
        for depth in 0.. {
            if at.key != NO_KEY && keep(depth) {
                out.push((depth, at.key));
            }
            let Some(byte) = bytes.next() else { return };
            // Most nodes have one to a few edges: a scan in order costs less
            // than a binary search, whose branches the CPU cannot predict.
            match self.edges[at.out()].iter().find(|e| e.byte >= byte) {
                Some(&e) if e.byte == byte => at = e,
                _ => return,
            }
        }
    }
}

/// The phrases of every trigger that one anchor word starts, split at the
/// anchor word: the text before it and the rest after it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Table {
    /// The texts before the anchor, read backwards from it.
    prefixes: Trie,
    /// The texts after the anchor word.
    rests: Trie,
    /// The phrase `prefix + rest`: which of the anchor's owners have it, as
    /// an index into `owner_lists`.
    phrases: FxHashMap<(u32, u32), u32>,
    /// Ascending indices into the anchor's owners; few distinct lists are
    /// shared by many phrases.
    owner_lists: Vec<Box<[u32]>>,
    /// What may stand before and after the anchor word.
    neighbours: Neighbourhood,
}

/// What may stand around an anchor word for one of its phrases to be there:
/// the first bytes of the prefixes (read backwards) and of the rests. Over
/// half of the anchor words found in replies fit none, and are ruled out
/// without walking the tries, which lie further away in memory.
///
/// The phrases that end at the anchor word (`told you`, `on you`) are kept
/// apart: their rest is empty, so any text may follow, and were they counted
/// with the others, only the text before would be left to rule anything out
/// of any phrase of such an anchor.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct Neighbourhood {
    /// The prefixes of the phrases that go on after the anchor word.
    before: Neighbours,
    /// The rests of those phrases.
    after: Neighbours,
    /// The prefixes of the phrases that end at the anchor word.
    before_end: Neighbours,
}

impl Neighbourhood {
    fn add(&mut self, prefix: &[u8], rest: &[u8]) {
        let backwards = prefix.iter().rev().copied();
        if rest.is_empty() {
            self.before_end.add(backwards);
        } else {
            self.before.add(backwards);
            self.after.add(rest.iter().copied());
        }
    }

    /// Whether a phrase may stand around the anchor word at `anchor` of `text`.
    #[inline]
    fn may_surround(self, text: &[u8], anchor: &Range<usize>) -> bool {
        // The three bytes after the anchor word, and the three before it read
        // backwards; nearer the text's ends, fewer.
        let after = text.get(anchor.end..anchor.end + 3);
        let before = anchor
            .start
            .checked_sub(3)
            .map(|start| &text[start..anchor.start]);
        // Nearly always three each side, read as numbers.
        if let (Some(&[a, b, c]), Some(&[z, y, x])) = (after, before) {
            let (after, before) = (key(a, b, c), key(x, y, z));
            return self.fits(|n| n.has(after), |n| n.has(before));
        }
        let after = &text[anchor.end..text.len().min(anchor.end + 3)];
        let before: &[u8] = match text[anchor.start.saturating_sub(3)..anchor.start] {
            [c, b, a] => &[a, b, c],
            [b, a] => &[a, b],
            [a] => &[a],
            _ => &[],
        };
        self.fits(|n| n.may_begin(after), |n| n.may_begin(before))
    }

    /// Whether some phrase fits: the text after begins one of the rests and
    /// the text before one of their prefixes, or the text before begins one
    /// of the prefixes of the phrases that end at the anchor word.
    #[inline(always)]
    fn fits(self, after: impl Fn(Neighbours) -> bool, before: impl Fn(Neighbours) -> bool) -> bool {
        (after(self.after) && before(self.before)) || before(self.before_end)
    }
}

/// The first three bytes of some texts, one bit for each (hashed) three they
/// begin with; texts of two bytes are kept by their two, and a shorter one
/// may begin anything. No text at all begins nothing.
///
/// Three bytes, not two: the first is nearly always the space between the
/// anchor word and the next, so two would tell words apart by one letter.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct Neighbours {
    three: u64,
    /// Texts of two bytes; every bit when a text is shorter.
    two: u64,
}

impl Neighbours {
    fn add(&mut self, mut text: impl Iterator<Item = u8>) {
        match (text.next(), text.next(), text.next()) {
            (Some(a), Some(b), Some(c)) => self.three |= Self::bit(key(a, b, c)),
            (Some(a), Some(b), None) => self.two |= Self::bit(key(a, b, 0)),
            _ => self.two = u64::MAX,
        }
    }

    /// Whether one of the texts may begin a text that begins with the three
    /// bytes of `key`.
    #[inline]
    fn has(self, key: u32) -> bool {
        (self.two & Self::bit(key & 0xFFFF) | self.three & Self::bit(key)) != 0
    }

    /// Whether one of the texts may begin a text that begins with `start`
    /// (its first three bytes, or all of it when shorter).
    fn may_begin(self, start: &[u8]) -> bool {
        match *start {
            [a, b, c, ..] => self.has(key(a, b, c)),
            [a, b] => self.two & Self::bit(key(a, b, 0)) != 0,
            _ => self.two == u64::MAX,
        }
    }

    /// A key's bit: the top six bits of its product with an odd constant.
    #[inline]
    fn bit(key: u32) -> u64 {
        1 << (key.wrapping_mul(0x9E37_79B9) >> 26)
    }
}

/// Three bytes as one number (the third 0 for two).
fn key(a: u8, b: u8, c: u8) -> u32 {
    u32::from(a) | u32::from(b) << 8 | u32::from(c) << 16
}

/// Literal phrases of a trigger (those of its patterns that cannot be walked,
/// or all of them), normalised, with the anchor each is filed under. The
/// phrases share one string: a fully expanded pack has hundreds of thousands.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Expansion {
    text: String,
    /// In order of pattern.
    #[serde(with = "crate::pod")]
    phrases: Slice<Filed>,
}

impl Expansion {
    /// The phrases filed under the anchor `pattern`: a table reads those of
    /// its own anchor, not every phrase of every trigger it serves.
    fn filed_under(&self, pattern: usize) -> &[Filed] {
        let from = self.phrases.partition_point(|f| (f.pattern as usize) < pattern);
        let to = self.phrases.partition_point(|f| (f.pattern as usize) <= pattern);
        &self.phrases[from..to]
    }
}

/// One phrase of an [`Expansion`]: `text[start..end]`, its anchor word at `anchor`.
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
#[repr(C)]
struct Filed {
    pattern: u32,
    start: u32,
    anchor: u32,
    end: u32,
}

/// A trigger ready to confirm its anchors.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Compiled {
    walker: Walker,
    /// How far before each anchor word a walked phrase may start, sorted by
    /// pattern; a pattern is absent when no walked phrase holds its word.
    #[serde(with = "crate::pod")]
    reach: Slice<Reach>,
    /// Needed only to build the tables, which a precompiled pack stores.
    expansion: Deferred<Expansion>,
}

impl Compiled {
    /// How far before the anchor word `pattern` a walked phrase may start.
    fn reach(&self, pattern: usize) -> Option<usize> {
        let i = self
            .reach
            .binary_search_by_key(&pattern, |r| r.pattern as usize)
            .ok()?;
        Some(self.reach[i].bytes as usize)
    }
}

#[derive(Debug, Clone, Copy, Pod, Zeroable)]
#[repr(C)]
struct Reach {
    pattern: u32,
    bytes: u32,
}

/// The anchor words of a pack, and the triggers each anchors: a few flat
/// lists, which a precompiled pack reads back with a copy each (thousands of
/// small strings and vectors cost a millisecond to read back).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Anchors {
    /// The words, sorted and distinct, one after another; an anchor's index
    /// is its pattern.
    #[serde(with = "crate::pod::text")]
    text: Cow<'static, str>,
    /// Where each word ends in `text`.
    #[serde(with = "crate::pod")]
    ends: Slice<u32>,
    /// The triggers with each anchor word, an anchor's after the last's.
    #[serde(with = "crate::pod")]
    owners: Slice<TriggerRef>,
    /// Where each anchor's triggers end in `owners`.
    #[serde(with = "crate::pod")]
    owner_ends: Slice<u32>,
    /// The patterns of the anchors that are not plain runs of word
    /// characters (`follow-up`, emoji).
    #[serde(with = "crate::pod")]
    others: Slice<u32>,
}

impl Anchors {
    fn new(rules: &[Rule]) -> Self {
        let mut by_word: BTreeMap<&str, Vec<TriggerRef>> = BTreeMap::new();
        for (r, rule) in rules.iter().enumerate() {
            for (t, trigger) in rule.triggers().iter().enumerate() {
                for word in trigger.anchors.get() {
                    by_word.entry(word).or_default().push(TriggerRef::new(r, t));
                }
            }
        }
        let (mut text, mut ends, mut all_owners, mut owner_ends) =
            (String::new(), Vec::new(), Vec::new(), Vec::new());
        for (word, owners) in by_word {
            text.push_str(word);
            ends.push(index(text.len()));
            all_owners.extend(owners);
            owner_ends.push(index(all_owners.len()));
        }
        let plain = |w: &str| w.chars().all(is_word_char);
        let mut anchors = Self {
            text: text.into(),
            ends: ends.into(),
            owners: all_owners.into(),
            owner_ends: owner_ends.into(),
            others: Slice::default(),
        };
        let others = (0..anchors.len()).filter(|&p| !plain(anchors.word(p)));
        anchors.others = others.map(index).collect();
        anchors
    }

    /// How many anchor words there are.
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The anchor word of pattern `pattern`.
    fn word(&self, pattern: usize) -> &str {
        &self.text[span(&self.ends, pattern)]
    }

    fn words(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|p| self.word(p))
    }

    /// The triggers with the anchor word of pattern `pattern`.
    fn owners(&self, pattern: usize) -> &[TriggerRef] {
        &self.owners[span(&self.owner_ends, pattern)]
    }

    /// The pattern of the anchor `word`: its place among the
    /// sorted words, found without a table to build at start-up.
    fn pattern(&self, word: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = (low + high) / 2;
            match self.word(middle).cmp(word) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(middle),
            }
        }
        None
    }
}

/// The `i`th of items stored one after another, each ending at its `ends`.
fn span(ends: &[u32], i: usize) -> Range<usize> {
    let start = match i {
        0 => 0,
        _ => ends[i - 1] as usize,
    };
    start..ends[i] as usize
}

/// What a precompiled pack stores of a matcher: the anchors, each trigger's
/// [`Compiled`] form (`compiled[rule][trigger]`), each anchor's table of
/// phrases that are not walked (`tables[pattern]`), and the detector
/// triggers, which are known without reading every trigger back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Precompiled {
    anchors: Anchors,
    compiled: Vec<Vec<Deferred<Compiled>>>,
    tables: Vec<Deferred<Table>>,
    detectors: Detectors,
}

/// A word of up to 16 bytes as integers: hashed and compared without a
/// loop over its bytes or a call to `memcmp`. Two words have the same key
/// exactly when they are the same word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct WordKey(u64, u64, usize);

impl WordKey {
    /// The key of `word`, or `None` when it is empty or longer than 16 bytes.
    /// A word of 8 to 16 bytes is read as its first and last 8 (which
    /// overlap), a shorter one likewise by 4, or byte by byte; with the
    /// length, that is all of it.
    #[inline(always)]
    fn of(word: &str) -> Option<Self> {
        let b = word.as_bytes();
        let n = b.len();
        let u64_at = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
        let u32_at = |i: usize| u64::from(u32::from_le_bytes(b[i..i + 4].try_into().expect("4 bytes")));
        let (first, last) = match n {
            1..4 => (
                u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16,
                0,
            ),
            4..8 => (u32_at(0) | u32_at(n - 4) << 32, 0),
            8..=16 => (u64_at(0), u64_at(n - 8)),
            _ => return None,
        };
        Some(Self(first, last, n))
    }
}

/// An anchor word of the table for large texts ([`Matcher::by_word`]).
#[derive(Debug, Clone)]
struct WholeAnchor {
    pattern: u32,
    /// The neighbours of its whole table, once that is built: most anchor
    /// words found in a reply are ruled out by them here, in the entry the
    /// lookup has just read, rather than in the table further away in memory
    /// (a 1 MB check 4% faster).
    neighbours: OnceLock<Neighbourhood>,
}

/// The automaton over anchor words, and for each the triggers it may start.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    anchors: Anchors,
    /// The anchor words of up to 16 bytes, for large texts: built on first
    /// use, as building it costs more than a short reply's few binary
    /// searches. Keyed by [`WordKey`], a lookup compares integers where
    /// strings would call `memcmp` (a 1 MB check 6% faster).
    by_word: OnceLock<FxHashMap<WordKey, WholeAnchor>>,
    /// The anchors that are not plain runs of word characters (`follow-up`,
    /// emoji), in the order of [`Anchors::others`]: plain anchors are found
    /// by looking the text's words up among the anchors, these with this
    /// small automaton.
    others: AhoCorasick,
    /// `compiled[rule][trigger]`, read back or compiled on first use.
    compiled: Vec<Vec<Deferred<Compiled>>>,
    /// `tables[pattern]`, of the phrases that are not walked, read back or
    /// built the first time the anchor is found.
    tables: Vec<Deferred<Table>>,
    /// `whole[rule][trigger]`: every phrase of the trigger, filled on first
    /// use. Like `whole_tables`, made when whole tables are first used: a
    /// short text never needs them.
    whole: OnceLock<Vec<Vec<OnceLock<Expansion>>>>,
    /// `whole_tables[pattern]`, of every phrase, filled on first use.
    whole_tables: OnceLock<Vec<OnceLock<Box<Table>>>>,
    /// Bytes checked so far, by every clone: once they pass
    /// [`WHOLE_TABLES_AFTER`], phrases are found from whole tables.
    checked: Arc<AtomicUsize>,
    /// Triggers that find candidates in capitals and punctuation.
    detectors: Detectors,
}

impl Matcher {
    pub fn new(rules: &[Rule]) -> Self {
        let anchors = Anchors::new(rules);
        let precompiled = Precompiled {
            compiled: per_trigger(rules),
            tables: (0..anchors.len()).map(|_| Deferred::default()).collect(),
            anchors,
            detectors: Detectors::new(rules),
        };
        Self::precompiled(precompiled)
    }

    /// A matcher with what a precompiled pack stored of it.
    pub fn precompiled(precompiled: Precompiled) -> Self {
        let Precompiled {
            anchors,
            compiled,
            tables,
            detectors,
        } = precompiled;
        let others = automaton(
            anchors.others.iter().map(|&p| anchors.word(p as usize)),
            AhoCorasickKind::NoncontiguousNFA,
        );
        Self {
            whole_tables: OnceLock::new(),
            tables,
            by_word: OnceLock::new(),
            others,
            anchors,
            compiled,
            whole: OnceLock::new(),
            checked: Arc::default(),
            detectors,
        }
    }

    /// The anchor words, sorted: a word's place is its pattern.
    pub fn anchors(&self) -> impl Iterator<Item = &str> {
        self.anchors.words()
    }

    /// What a precompiled pack stores: every trigger compiled, every table
    /// built.
    #[cfg(test)]
    pub fn precompile(self, rules: &[Rule]) -> Precompiled {
        for (r, rule) in rules.iter().enumerate() {
            for t in 0..rule.triggers().len() {
                self.compiled(TriggerRef::new(r, t), rules);
            }
        }
        for pattern in 0..self.anchors.len() {
            self.table(pattern, rules, false);
        }
        Precompiled {
            anchors: self.anchors,
            compiled: self.compiled,
            tables: self.tables,
            detectors: self.detectors,
        }
    }

    /// Calls `found` with the range and pattern of every anchor word on word
    /// boundaries in `text`: plain anchors are the text's words (read from
    /// its `tokens`, which the judge reads too) looked up
    /// among the anchors (by hash when `whole`, on large texts, which pay for
    /// the table; by binary search otherwise), the others found by their small
    /// automaton. Looking a word up costs less than running one automaton of
    /// every anchor, which stops at every `i` and `a` inside a word.
    fn find_anchors(
        &self,
        text: &str,
        tokens: &[&str],
        whole: bool,
        mut found: impl FnMut(Range<usize>, usize, Option<&Neighbourhood>),
    ) {
        for m in self.others.find_overlapping_iter(text) {
            if on_word_boundaries(text, m.start(), m.end()) {
                found(
                    m.range(),
                    self.anchors.others[m.pattern().as_usize()] as usize,
                    None,
                );
            }
        }
        let by_word = whole.then(|| {
            self.by_word.get_or_init(|| {
                self.anchors
                    .words()
                    .zip(0..)
                    .filter_map(|(word, pattern)| {
                        let neighbours = OnceLock::new();
                        Some((WordKey::of(word)?, WholeAnchor { pattern, neighbours }))
                    })
                    .collect()
            })
        });
        each_word(text, tokens, |start, word| {
            let anchor = match (by_word, WordKey::of(word)) {
                (Some(by_word), Some(key)) => by_word
                    .get(&key)
                    .map(|a| (a.pattern as usize, a.neighbours.get())),
                _ => self.anchors.pattern(word).map(|p| (p, None)),
            };
            if let Some((pattern, neighbours)) = anchor {
                found(start..start + word.len(), pattern, neighbours);
            }
        });
    }

    /// Every phrase occurrence on word boundaries in the normalised `view` of
    /// `text`, whose tokens are `tokens`, in order of position, then the
    /// candidates of the detectors; written into `out` (emptied first),
    /// whose room is reused.
    pub fn candidates(
        &self,
        text: &str,
        view: &Normalized,
        tokens: &[&str],
        rules: &[Rule],
        out: Vec<Candidate>,
    ) -> Vec<Candidate> {
        let len = text.len();
        let whole = self.checked.fetch_add(len, Ordering::Relaxed) + len > WHOLE_TABLES_AFTER;
        self.candidates_by(text, view, tokens, rules, whole, out)
    }

    /// [`Matcher::candidates`], walking the patterns that walk unless `whole`.
    fn candidates_by(
        &self,
        text: &str,
        view: &Normalized,
        tokens: &[&str],
        rules: &[Rule],
        whole: bool,
        mut out: Vec<Candidate>,
    ) -> Vec<Candidate> {
        let original = text;
        let text = view.text.as_str();
        let bytes = text.as_bytes();
        out.clear();
        let (mut prefixes, mut rests) = (Vec::new(), Vec::new());
        let mut walked = (Vec::new(), Vec::new());
        self.find_anchors(text, tokens, whole, |range, pattern, known| {
            // Neighbours known from the anchor's entry spare reading its table.
            if known.is_some_and(|n| !n.may_surround(bytes, &range)) {
                return;
            }
            let (anchor, after) = (range.start, range.end);
            if !whole {
                self.walk(
                    text,
                    range.clone(),
                    pattern,
                    rules,
                    (&mut walked.0, &mut walked.1),
                    &mut out,
                );
            }
            let table = self.table(pattern, rules, whole);
            if known.is_none() && !table.neighbours.may_surround(bytes, &range) {
                return;
            }
            // A phrase may neither start nor end inside a word. The rest after
            // the anchor is read first: when no phrase goes on from here, the
            // text before the anchor need not be read.
            let ends = |len: usize| ends_cleanly(text, after + len);
            table
                .rests
                .starts(bytes[after..].iter().copied(), ends, &mut rests);
            if rests.is_empty() {
                return;
            }
            let before = bytes[..anchor].iter().rev().copied();
            let starts = |len: usize| len == 0 || starts_cleanly(text, anchor - len);
            table.prefixes.starts(before, starts, &mut prefixes);
            for &(prefix, p) in &prefixes {
                for &(rest, r) in &rests {
                    let Some(&list) = table.phrases.get(&(p, r)) else {
                        continue;
                    };
                    let (start, end) = (anchor - prefix, after + rest);
                    let owners = self.anchors.owners(pattern);
                    out.extend(table.owner_lists[list as usize].iter().map(|&o| Candidate {
                        at: owners[o as usize],
                        start,
                        end,
                    }));
                }
            }
        });
        // A phrase holding two anchor words is found from both, and two
        // patterns of a trigger may share a phrase.
        sort_nearly_sorted(&mut out, |c| (c.start, c.end, c.at.rule, c.at.trigger));
        out.dedup();
        self.detectors.candidates(original, view, rules, &mut out);
        out
    }

    /// Walks the patterns of the owners of the anchor `pattern`, found at
    /// `anchor`, from every place close enough before it where a phrase may start.
    fn walk(
        &self,
        text: &str,
        anchor: Range<usize>,
        pattern: usize,
        rules: &[Rule],
        (starts, ends): (&mut Vec<usize>, &mut Vec<usize>),
        out: &mut Vec<Candidate>,
    ) {
        let owners = self.anchors.owners(pattern);
        let reach = |at: TriggerRef| self.compiled(at, rules).reach(pattern);
        let Some(furthest) = owners.iter().filter_map(|&at| reach(at)).max() else {
            return;
        };
        phrase_starts(text, anchor.start.saturating_sub(furthest), anchor.start, starts);
        for &at in owners {
            let Some(first) = reach(at).map(|r| anchor.start.saturating_sub(r)) else {
                continue;
            };
            let walker = &self.compiled(at, rules).walker;
            for &start in starts.iter().filter(|&&s| s >= first) {
                ends.clear();
                walker.ends_from(text.as_bytes(), start, ends);
                // Phrases that end before the anchor are found from their own.
                let found = ends.iter().filter(|&&e| e >= anchor.end && ends_cleanly(text, e));
                out.extend(found.map(|&end| Candidate { at, start, end }));
            }
        }
    }

    /// The phrases that the anchor `pattern` starts, from the expansions of
    /// its owners.
    fn table(&self, pattern: usize, rules: &[Rule], whole: bool) -> &Table {
        let build = || self.build_table(pattern, rules, whole);
        match whole {
            true => {
                let tables = self
                    .whole_tables
                    .get_or_init(|| (0..self.anchors.len()).map(|_| OnceLock::new()).collect());
                tables[pattern].get_or_init(|| {
                    let table = Box::new(build());
                    let key = WordKey::of(self.anchors.word(pattern));
                    if let Some(anchor) = key.and_then(|key| self.by_word.get()?.get(&key)) {
                        // Set once: the table is built once.
                        let _ = anchor.neighbours.set(table.neighbours);
                    }
                    table
                })
            }
            false => self.tables[pattern].get_or_init(build),
        }
    }

    fn build_table(&self, pattern: usize, rules: &[Rule], whole: bool) -> Table {
        // Each phrase is split around its anchor word, which the text holds
        // where the anchor is found: the text before it goes in backwards,
        // read from the anchor, and the rest after it.
        let anchor_len = self.anchors.word(pattern).len();
        let (mut prefixes, mut rests) = (TrieBuilder::new(), TrieBuilder::new());
        let mut neighbours = Neighbourhood::default();
        // Owners come in order, and a trigger's phrases are distinct.
        let mut owners: FxHashMap<(u32, u32), Vec<u32>> = FxHashMap::default();
        // Phrases share their prefixes and rests many times over: each
        // distinct one is put in its trie once.
        let (mut prefix_ids, mut rest_ids) = (FxHashMap::default(), FxHashMap::default());
        for (owner, &at) in self.anchors.owners(pattern).iter().enumerate() {
            let expansion = match whole {
                true => {
                    self.whole.get_or_init(|| per_trigger(rules))[at.rule()][at.trigger()].get_or_init(|| {
                        let trigger = &rules[at.rule()].triggers()[at.trigger()];
                        self.file(trigger.phrases.literals(), trigger)
                    })
                }
                false => self.compiled(at, rules).expansion.get(),
            };
            let bytes = expansion.text.as_bytes();
            for f in expansion.filed_under(pattern) {
                debug_assert_eq!(
                    &expansion.text[f.anchor as usize..][..anchor_len],
                    self.anchors.word(pattern)
                );
                let prefix_bytes = &bytes[f.start as usize..f.anchor as usize];
                let rest_bytes = &bytes[f.anchor as usize + anchor_len..f.end as usize];
                neighbours.add(prefix_bytes, rest_bytes);
                let prefix = *prefix_ids
                    .entry(prefix_bytes)
                    .or_insert_with(|| prefixes.insert(prefix_bytes.iter().rev().copied()));
                let rest = *rest_ids
                    .entry(rest_bytes)
                    .or_insert_with(|| rests.insert(rest_bytes.iter().copied()));
                owners.entry((prefix, rest)).or_default().push(owner as u32);
            }
        }
        let mut table = Table {
            prefixes: prefixes.finish(),
            rests: rests.finish(),
            neighbours,
            ..Table::default()
        };
        let mut lists: FxHashMap<Vec<u32>, u32> = FxHashMap::default();
        for (phrase, list) in owners {
            let next = lists.len() as u32;
            let id = *lists.entry(list).or_insert(next);
            table.phrases.insert(phrase, id);
        }
        table.owner_lists = vec![Box::default(); lists.len()];
        for (list, id) in lists {
            table.owner_lists[id as usize] = list.into_boxed_slice();
        }
        table
    }

    fn compiled(&self, at: TriggerRef, rules: &[Rule]) -> &Compiled {
        self.compiled[at.rule()][at.trigger()]
            .get_or_init(|| self.compile(&rules[at.rule()].triggers()[at.trigger()]))
    }

    /// Puts a trigger's patterns in normal form, and expands those that have
    /// none, filing each phrase under its best anchor word.
    fn compile(&self, trigger: &Trigger) -> Compiled {
        let (walkable, literals) = trigger.phrases.walkable();
        let walker = Walker::new(walkable);
        let reaches = walker.reaches();
        let mut reach: Vec<Reach> = trigger
            .anchors
            .get()
            .iter()
            .filter_map(|word| {
                Some(Reach {
                    pattern: index(self.anchors.pattern(word)?),
                    bytes: index(*reaches.get(word.as_str())?),
                })
            })
            .collect();
        reach.sort_unstable_by_key(|r| r.pattern);
        Compiled {
            walker,
            reach: reach.into(),
            expansion: Deferred::new(self.file(literals, trigger)),
        }
    }

    /// Files each literal phrase of a trigger under its best anchor word.
    fn file(&self, literals: Vec<String>, trigger: &Trigger) -> Expansion {
        let anchors = AnchorIndex::new(trigger.anchors.get(), |word| self.anchors.pattern(word));
        // Sized to fit: a large text expands hundreds of thousands of phrases.
        let mut text = String::with_capacity(literals.iter().map(String::len).sum());
        let mut phrases = Vec::with_capacity(literals.len());
        for phrase in literals {
            let Some((at, pattern)) = anchors.best_in(&phrase) else {
                debug_assert!(
                    false,
                    "phrase {phrase:?} has none of its anchors {:?}",
                    trigger.anchors
                );
                continue;
            };
            let start = text.len();
            text.push_str(&phrase);
            phrases.push(Filed {
                pattern: index(pattern.expect("an anchor of the pack")),
                start: index(start),
                anchor: index(start + at),
                end: index(text.len()),
            });
        }
        // Stable: a pattern's phrases stay in the order of the literals.
        phrases.sort_by_key(|f| f.pattern);
        Expansion {
            text,
            phrases: phrases.into(),
        }
    }
}

/// An automaton over `words` that finds every occurrence of each, overlapping:
/// anchors share starts (`i`, `is`) and the word check cuts the rest.
fn automaton<I: IntoIterator<Item = P>, P: AsRef<[u8]>>(words: I, kind: AhoCorasickKind) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(kind))
        .build(words)
        .expect("rule anchors always build an automaton")
}

/// An empty cell for every trigger of every rule.
fn per_trigger<T: Default>(rules: &[Rule]) -> Vec<Vec<T>> {
    rules
        .iter()
        .map(|r| r.triggers().iter().map(|_| T::default()).collect())
        .collect()
}

/// A trigger's anchor words, each with how good an anchor it is and its
/// pattern among the matcher's anchors: filing a trigger's phrases (hundreds
/// of thousands for some) looks each of their words up once, where a binary
/// search compared it with several anchors and ranked each anchor found anew.
struct AnchorIndex<'a> {
    by_word: FxHashMap<&'a str, (Rank, Option<usize>)>,
    /// A bit for the [`shape`] of each anchor word: most words of a phrase
    /// are none, and this tells most of them so without hashing them.
    shapes: u64,
}

/// How good an anchor a word is ([`anchor_rank`]): the higher the better.
type Rank = (std::cmp::Reverse<usize>, usize);

impl<'a> AnchorIndex<'a> {
    /// The index of `anchors`, whose patterns `pattern` tells.
    fn new(anchors: &'a [String], pattern: impl Fn(&str) -> Option<usize>) -> Self {
        let entry = |word: &'a String| (word.as_str(), (anchor_rank(word), pattern(word)));
        Self {
            by_word: anchors.iter().map(entry).collect(),
            shapes: anchors.iter().fold(0, |shapes, word| shapes | shape(word)),
        }
    }

    /// Where the first occurrence, as a whole word, of the best anchor in
    /// `phrase` starts, and its pattern; a phrase without words may be its own
    /// anchor.
    fn best_in(&self, phrase: &str) -> Option<(usize, Option<usize>)> {
        if !phrase.chars().any(is_word_char) {
            return self.by_word.get(phrase).map(|&(_, pattern)| (0, pattern));
        }
        let mut best: Option<(usize, Rank, Option<usize>)> = None;
        for (i, word) in words(phrase).filter(|(_, word)| self.shapes & shape(word) != 0) {
            if let Some(&(rank, pattern)) = self.by_word.get(word) {
                if best.is_none_or(|(_, b, _)| rank > b) {
                    best = Some((i, rank, pattern));
                }
            }
        }
        best.map(|(i, _, pattern)| (i, pattern))
    }
}

/// Sorts `items` by `key`, as `sort_unstable_by_key` does, faster when they
/// are nearly in order already, as candidates are: they come in order of
/// their anchor words, and each is moved back past the few found from later
/// anchors that start after it. Past a budget of moves (which a text of
/// many overlapping phrases might need), the rest is left to the full sort.
fn sort_nearly_sorted<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    let mut budget = 8 * items.len();
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && key(&items[j - 1]) > key(&items[j]) {
            if budget == 0 {
                return items.sort_unstable_by_key(key);
            }
            items.swap(j - 1, j);
            (j, budget) = (j - 1, budget - 1);
        }
    }
}

/// Where a phrase may start in `text` from `from` (which may cut a character)
/// up to `last`, a char boundary: at any character but a space that does not
/// continue a word.
fn phrase_starts(text: &str, mut from: usize, last: usize, out: &mut Vec<usize>) {
    out.clear();
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut previous = text[..from].chars().next_back();
    for (i, c) in text[from..].char_indices() {
        if from + i > last {
            break;
        }
        if c != ' ' && !cuts(previous, Some(c)) {
            out.push(from + i);
        }
        previous = Some(c);
    }
}

/// A match may not cut a word: `just` must not hit `adjust`, `hell` not `hello`.
fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    starts_cleanly(text, start) && ends_cleanly(text, end)
}

/// Whether a match may start at `start`: not between two word characters
/// (nor inside a character).
fn starts_cleanly(text: &str, start: usize) -> bool {
    text.is_char_boundary(start) && !cuts(char_before(text, start), char_at(text, start))
}

/// Whether a match may end at `end`: not between two word characters (nor
/// inside a character).
fn ends_cleanly(text: &str, end: usize) -> bool {
    text.is_char_boundary(end) && !cuts(char_at(text, end), char_before(text, end))
}

fn cuts(outside: Option<char>, inside: Option<char>) -> bool {
    outside.is_some_and(is_word_char) && inside.is_some_and(is_word_char)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Walking and whole tables find the same candidates in every example of
    /// the default pack, bad and good, and in all of them at once.
    #[test]
    fn walking_and_tables_agree() {
        let linter = crate::Linter::default_pack();
        let examples: Vec<&str> = linter
            .rules
            .iter()
            .flat_map(|r| r.examples().bad.iter().chain(&r.examples().good))
            .map(String::as_str)
            .collect();
        let all = examples.join("\n\n");
        for text in examples.into_iter().chain([all.as_str()]) {
            let pieces = [crate::source::Piece::Prose(0..text.len())];
            let view = crate::normalise::normalise(text, &pieces);
            let tokens = crate::phrase::tokens(&view.text);
            let by = |whole| {
                linter
                    .matcher
                    .candidates_by(text, &view, &tokens, &linter.rules, whole, Vec::new())
            };
            assert_eq!(by(false), by(true), "{text}");
        }
    }

    #[test]
    fn neighbours_rule_out_only_what_no_text_begins() {
        let mut n = Neighbours::default();
        n.add(" account".bytes());
        n.add(" me".bytes());
        n.add(".,".bytes());
        assert!(n.may_begin(b" ac") && n.may_begin(b" me") && n.may_begin(b".,x") && n.may_begin(b".,"));
        // The same first two bytes, another third.
        assert!(!n.may_begin(b" ab") && !n.may_begin(b" mo"));
        // Too short to hold a text of three bytes, or of two.
        assert!(!n.may_begin(b" m") && !n.may_begin(b" "));
        // A text shorter than two bytes may begin anything.
        n.add("s".bytes());
        assert!(n.may_begin(b" yo") && n.may_begin(b" y") && n.may_begin(b""));
    }

    #[test]
    fn phrases_that_end_at_the_anchor_are_told_by_the_text_before_it() {
        let mut n = Neighbourhood::default();
        for (prefix, rest) in [("told ", ""), ("", " need to"), ("as ", " said")] {
            n.add(prefix.as_bytes(), rest.as_bytes());
        }
        let around = |text: &str| {
            let at = text.find("you").expect("an anchor");
            n.may_surround(text.as_bytes(), &(at..at + 3))
        };
        for text in [
            "i told you so",
            "and you need it",
            "as you said",
            "you need",
            "told you",
        ] {
            assert!(around(text), "{text}");
        }
        for text in ["so you know", "as you were", "you", "thank you."] {
            assert!(!around(text), "{text}");
        }
    }

    #[test]
    fn anchor_words_and_owners_are_found_in_the_flat_lists() {
        let (our, policy) = (TriggerRef::new(0, 1), TriggerRef::new(2, 0));
        let anchors = Anchors {
            text: "ourpolicywe".into(),
            ends: vec![3, 9, 11].into(),
            owners: vec![our, policy, our].into(),
            owner_ends: vec![1, 1, 3].into(),
            others: Slice::default(),
        };
        assert_eq!(anchors.words().collect::<Vec<_>>(), ["our", "policy", "we"]);
        for (pattern, word) in anchors.words().enumerate() {
            assert_eq!(anchors.pattern(word), Some(pattern));
        }
        for absent in ["", "a", "ou", "ours", "p", "zz"] {
            assert_eq!(anchors.pattern(absent), None, "{absent}");
        }
        assert_eq!(anchors.owners(0), [our]);
        assert!(anchors.owners(1).is_empty());
        assert_eq!(anchors.owners(2), [policy, our]);
    }

    #[test]
    fn anchors_are_the_best_whole_word() {
        let anchors = ["our", "policy", "?!"].map(String::from);
        let index = AnchorIndex::new(&anchors, |word| anchors.iter().position(|a| a == word));
        assert_eq!(index.best_in("that is our policy"), Some((12, Some(1))));
        assert_eq!(index.best_in("our policyholder"), Some((0, Some(0))));
        // Of two equally good anchors, the first.
        assert_eq!(index.best_in("our our"), Some((0, Some(0))));
        assert_eq!(index.best_in("?!"), Some((0, Some(2))));
        assert_eq!(index.best_in("nothing here"), None);
    }

    proptest::proptest! {
        /// Nearly sorted or not (past the budget of moves), the order is a
        /// sort's.
        #[test]
        fn nearly_sorted_items_are_sorted(
            mut items in proptest::collection::vec((0u8..50, 0u8..4), 0..200),
            shuffled in proptest::bool::ANY,
        ) {
            if !shuffled {
                items.sort_unstable();
                for i in (3..items.len()).step_by(7) {
                    items.swap(i - 3, i);
                }
            }
            let mut expected = items.clone();
            expected.sort_unstable();
            sort_nearly_sorted(&mut items, |&item| item);
            proptest::prop_assert_eq!(items, expected);
        }

        /// Wherever one of an anchor's phrases stands, its neighbourhood lets
        /// it be: the filter may let through what no phrase fits, never
        /// rule out what one does.
        #[test]
        fn neighbourhoods_never_rule_out_a_phrase_that_is_there(
            phrases in proptest::collection::vec(("[a .']{0,5}", "[a .']{0,5}"), 1..6),
            which in proptest::prelude::any::<proptest::sample::Index>(),
            (before, after) in ("[a .']{0,4}", "[a .']{0,4}"),
        ) {
            let mut n = Neighbourhood::default();
            for (prefix, rest) in &phrases {
                n.add(prefix.as_bytes(), rest.as_bytes());
            }
            let (prefix, rest) = which.get(&phrases);
            let text = format!("{before}{prefix}you{rest}{after}");
            let at = before.len() + prefix.len();
            proptest::prop_assert!(n.may_surround(text.as_bytes(), &(at..at + 3)), "{:?}", text);
        }
    }

    /// Every word of `a` and `b` up to 16 letters: two letters are enough to
    /// find a byte or a length that the key leaves out.
    #[test]
    fn words_have_the_same_key_exactly_when_they_are_the_same() {
        let mut seen = HashMap::new();
        for len in 0..=16 {
            for bits in 0..1u32 << len {
                let word: String = (0..len)
                    .map(|i| if bits >> i & 1 == 1 { 'b' } else { 'a' })
                    .collect();
                let key = WordKey::of(&word);
                assert_eq!(key.is_some(), len > 0, "{word}");
                if let Some(key) = key {
                    assert_eq!(seen.insert(key, word.clone()), None, "{word}");
                }
            }
        }
        assert_eq!(WordKey::of(&"a".repeat(17)), None);
    }

    #[test]
    fn word_boundaries() {
        assert!(on_word_boundaries("we just", 3, 7));
        assert!(!on_word_boundaries("adjust", 2, 6));
        assert!(!on_word_boundaries("hello", 0, 4));
        assert!(on_word_boundaries("hell!", 0, 4));
        assert!(on_word_boundaries("really?!", 0, 7));
        assert!(!on_word_boundaries("paypal", 3, 6));
    }

    #[test]
    fn every_phrase_of_the_default_pack_has_an_anchor() {
        let linter = crate::Linter::default_pack();
        for rule in linter.rules() {
            for trigger in rule.triggers() {
                let anchors =
                    AnchorIndex::new(trigger.anchors.get(), |word| linter.matcher.anchors.pattern(word));
                for phrase in trigger.phrases.literals() {
                    assert!(
                        anchors
                            .best_in(&phrase)
                            .is_some_and(|(_, pattern)| pattern.is_some()),
                        "{}: {phrase:?} has none of {:?}",
                        rule.id,
                        trigger.anchors
                    );
                }
            }
        }
    }
}

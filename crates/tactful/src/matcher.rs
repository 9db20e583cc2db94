//! Match: one Aho-Corasick automaton over the anchors of every rule.
//!
//! Each literal phrase of a trigger is anchored on its most distinctive word
//! (`that is our policy` on `policy`). One pass of the automaton over the
//! normalised text finds anchor words; each is confirmed by comparing the bytes
//! of the phrases it anchors around it. No rule ever scans the whole text on its
//! own, and the automaton stays small however many phrase variants a pack has.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::phrase::is_word_char;
use crate::rule::Rule;

/// Which trigger of which rule a phrase belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TriggerRef {
    pub rule: usize,
    pub trigger: usize,
}

/// A phrase found in the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub at: TriggerRef,
    pub start: usize,
    pub end: usize,
}

/// The rests of phrases after a shared prefix, with their owners.
type Rests = Vec<(Box<str>, TriggerRef)>;

/// The phrases that share an anchor word and the text before it: the prefix is
/// compared once for all of them.
#[derive(Debug, Clone)]
struct Prefixed {
    /// The phrase up to its anchor word.
    prefix: Box<str>,
    /// The rest of each phrase, from the anchor word on, and its owner.
    rests: Rests,
}

/// The automaton over anchor words and, for each, the phrases it anchors.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    automaton: AhoCorasick,
    /// `groups[pattern]` lists the phrases anchored by that pattern.
    groups: Vec<Vec<Prefixed>>,
}

/// Words too common to anchor a phrase on when a rarer one is available.
const COMMON: &[&str] = &[
    "a", "am", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "do", "for", "get", "had",
    "has", "have", "i", "if", "in", "is", "it", "just", "me", "my", "not", "of", "on", "or", "our", "please",
    "so", "that", "the", "this", "to", "us", "was", "we", "were", "will", "with", "would", "you", "your",
];

impl Matcher {
    pub fn new(rules: &[Rule]) -> Self {
        let mut by_anchor: BTreeMap<&str, BTreeMap<&str, Rests>> = BTreeMap::new();
        for (r, rule) in rules.iter().enumerate() {
            for (t, trigger) in rule.triggers.iter().enumerate() {
                for phrase in &trigger.literals {
                    let (anchor_at, anchor) = anchor_of(phrase);
                    let owner = TriggerRef { rule: r, trigger: t };
                    let (prefix, rest) = phrase.split_at(anchor_at);
                    let rests = by_anchor.entry(anchor).or_default().entry(prefix).or_default();
                    rests.push((rest.into(), owner));
                }
            }
        }
        let groups: Vec<Vec<Prefixed>> = by_anchor
            .values()
            .map(|prefixes| {
                let prefixed = prefixes.iter().map(|(p, rests)| Prefixed {
                    prefix: (*p).into(),
                    rests: rests.clone(),
                });
                prefixed.collect()
            })
            .collect();
        // Anchors overlap (`sorry` and `sorry,`), so the search is overlapping,
        // which needs standard semantics; a DFA is the fastest scanner.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(by_anchor.keys())
            .expect("rule anchors always build an automaton");
        Self { automaton, groups }
    }

    /// How many distinct anchors the automaton holds.
    pub fn anchor_count(&self) -> usize {
        self.groups.len()
    }

    /// Every phrase occurrence on word boundaries, in order of anchor position.
    pub fn candidates(&self, text: &str) -> Vec<Candidate> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        for m in self.automaton.find_overlapping_iter(text) {
            for group in &self.groups[m.pattern().as_usize()] {
                let Some(start) = m.start().checked_sub(group.prefix.len()) else {
                    continue;
                };
                if bytes[start..m.start()] != *group.prefix.as_bytes() {
                    continue;
                }
                for (rest, owner) in &group.rests {
                    let end = m.start() + rest.len();
                    if bytes.get(m.start()..end) == Some(rest.as_bytes())
                        && on_word_boundaries(text, start, end)
                    {
                        out.push(Candidate {
                            at: *owner,
                            start,
                            end,
                        });
                    }
                }
            }
        }
        out
    }
}

/// The byte offset and text of a phrase's most distinctive word: the longest
/// uncommon word, else the longest word, else the whole phrase.
fn anchor_of(phrase: &str) -> (usize, &str) {
    let words = phrase
        .char_indices()
        .filter(|&(i, c)| is_word_char(c) && !phrase[..i].chars().next_back().is_some_and(is_word_char))
        .map(|(i, _)| {
            let len = phrase[i..]
                .find(|c: char| !is_word_char(c))
                .unwrap_or(phrase.len() - i);
            (i, &phrase[i..i + len])
        });
    let best = words.max_by_key(|&(i, w)| (!COMMON.contains(&w), w.len(), std::cmp::Reverse(i)));
    best.unwrap_or((0, phrase))
}

/// A match may not cut a word: `just` must not hit `adjust`, `hell` not `hello`.
fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    let after = text[end..].chars().next();
    let cuts = |outside: Option<char>, inside: Option<char>| {
        outside.is_some_and(is_word_char) && inside.is_some_and(is_word_char)
    };
    !cuts(before, first) && !cuts(after, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_distinctive_words() {
        assert_eq!(anchor_of("that is our policy"), (12, "policy"));
        assert_eq!(anchor_of("you must"), (4, "must"));
        assert_eq!(anchor_of("sorry, but"), (0, "sorry"));
        assert_eq!(anchor_of("?!"), (0, "?!"));
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
}

//! Match: one Aho-Corasick automaton over the anchor words of every rule.
//!
//! Every phrase of a trigger contains one of the trigger's anchor words (worked
//! out from the shape of its patterns when the pack is loaded). One pass of the
//! automaton over the normalised text finds anchor words; each is confirmed by
//! comparing, around it, the bytes of the phrases it anchors. A trigger's
//! phrases are expanded the first time one of its anchors is found, so start-up
//! costs the anchors only, and no rule ever scans the whole text on its own.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rustc_hash::FxHashMap;

use crate::detect::Detectors;
use crate::normalise::Normalized;
use crate::pattern::anchor_rank;
use crate::phrase::{is_word_char, words};
use crate::rule::{Rule, Trigger};

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

/// Byte strings of one length, with their values.
type Keyed<V> = FxHashMap<Box<[u8]>, V>;

/// Byte strings grouped by length, each with a value: which of them stand at a
/// place in the text costs one hash lookup per distinct length, however many
/// there are.
#[derive(Debug, Clone)]
struct ByLength<V> {
    // Keys are short phrase pieces looked up on every anchor hit: a fast,
    // non-cryptographic hash is the right trade.
    groups: Vec<(usize, Keyed<V>)>,
}

impl<V> Default for ByLength<V> {
    fn default() -> Self {
        Self { groups: Vec::new() }
    }
}

impl<V: Default> ByLength<V> {
    fn entry(&mut self, key: &[u8]) -> &mut V {
        let i = match self.groups.iter().position(|(len, _)| *len == key.len()) {
            Some(i) => i,
            None => {
                self.groups.push((key.len(), FxHashMap::default()));
                self.groups.len() - 1
            }
        };
        self.groups[i].1.entry(key.into()).or_default()
    }
}

impl<V> ByLength<V> {
    /// The entries found by `at`, which gives the text's bytes of a length.
    fn found<'a, 't>(
        &'a self,
        at: impl Fn(usize) -> Option<&'t [u8]>,
    ) -> impl Iterator<Item = (usize, &'a V)> {
        self.groups
            .iter()
            .filter_map(move |(len, map)| at(*len).and_then(|k| map.get(k)).map(|v| (*len, v)))
    }
}

/// A trigger's phrases split at their anchor word: the text before it, then
/// the rest from the anchor on.
type Phrases = ByLength<ByLength<()>>;

/// A trigger's phrases, by the automaton pattern of their anchor.
type Anchored = FxHashMap<usize, Phrases>;

/// The automaton over anchor words, and for each the triggers it may start.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    automaton: AhoCorasick,
    /// `owners[pattern]`: the triggers with that anchor word.
    owners: Vec<Vec<TriggerRef>>,
    /// Automaton pattern of each anchor word.
    ids: HashMap<String, usize>,
    /// `anchored[rule][trigger]`, filled on first use.
    anchored: Vec<Vec<OnceLock<Anchored>>>,
    /// Triggers that find candidates in capitals and punctuation.
    detectors: Detectors,
}

impl Matcher {
    pub fn new(rules: &[Rule]) -> Self {
        let mut by_word: BTreeMap<&str, Vec<TriggerRef>> = BTreeMap::new();
        for (r, rule) in rules.iter().enumerate() {
            for (t, trigger) in rule.triggers.iter().enumerate() {
                for word in &trigger.anchors {
                    by_word
                        .entry(word)
                        .or_default()
                        .push(TriggerRef { rule: r, trigger: t });
                }
            }
        }
        let ids = by_word
            .keys()
            .enumerate()
            .map(|(i, w)| (w.to_string(), i))
            .collect();
        // Anchors overlap (`sorry` inside `sorrynot` is cut by the word check,
        // but `i` and `is` share a start), so the search is overlapping, which
        // needs standard semantics; a DFA is the fastest scanner.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(by_word.keys())
            .expect("rule anchors always build an automaton");
        let owners = by_word.into_values().collect();
        let anchored = rules
            .iter()
            .map(|r| r.triggers.iter().map(|_| OnceLock::new()).collect())
            .collect();
        Self {
            automaton,
            owners,
            ids,
            anchored,
            detectors: Detectors::new(rules),
        }
    }

    /// Every phrase occurrence on word boundaries in the normalised `view` of
    /// `text`, in order of anchor position, then the candidates of the detectors.
    pub fn candidates(&self, text: &str, view: &Normalized, rules: &[Rule]) -> Vec<Candidate> {
        let original = text;
        let text = view.text.as_str();
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        for m in self.automaton.find_overlapping_iter(text) {
            if !on_word_boundaries(text, m.start(), m.end()) {
                continue;
            }
            let (anchor, pattern) = (m.start(), m.pattern().as_usize());
            for &at in &self.owners[pattern] {
                let Some(phrases) = self.anchored(at, rules).get(&pattern) else {
                    continue;
                };
                let before = |len: usize| anchor.checked_sub(len).map(|s| &bytes[s..anchor]);
                let after = |len: usize| bytes.get(anchor..anchor + len);
                for (prefix, rests) in phrases.found(before) {
                    for (rest, ()) in rests.found(after) {
                        let (start, end) = (anchor - prefix, anchor + rest);
                        if on_word_boundaries(text, start, end) {
                            out.push(Candidate { at, start, end });
                        }
                    }
                }
            }
        }
        self.detectors.candidates(original, view, rules, &mut out);
        out
    }

    fn anchored(&self, at: TriggerRef, rules: &[Rule]) -> &Anchored {
        self.anchored[at.rule][at.trigger].get_or_init(|| self.anchor(&rules[at.rule].triggers[at.trigger]))
    }

    /// Expands a trigger's phrases and files each under its best anchor word.
    fn anchor(&self, trigger: &Trigger) -> Anchored {
        let mut anchored = Anchored::default();
        for phrase in trigger.phrases.literals() {
            let Some((at, word)) = anchor_in(&phrase, &trigger.anchors) else {
                debug_assert!(
                    false,
                    "phrase {phrase:?} has none of its anchors {:?}",
                    trigger.anchors
                );
                continue;
            };
            let (prefix, rest) = phrase.as_bytes().split_at(at);
            anchored
                .entry(self.ids[word])
                .or_default()
                .entry(prefix)
                .entry(rest);
        }
        anchored
    }
}

/// The first occurrence, as a whole word, of the best of `anchors` in `phrase`;
/// a phrase without words may be its own anchor.
fn anchor_in<'a>(phrase: &str, anchors: &'a [String]) -> Option<(usize, &'a str)> {
    if !phrase.chars().any(is_word_char) {
        return anchors
            .iter()
            .find(|a| a.as_str() == phrase)
            .map(|a| (0, a.as_str()));
    }
    let mut best: Option<(usize, &str)> = None;
    for (i, word) in words(phrase) {
        if let Some(a) = anchors.iter().find(|a| a.as_str() == word) {
            if best.is_none_or(|(_, b)| anchor_rank(a) > anchor_rank(b)) {
                best = Some((i, a));
            }
        }
    }
    best
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
    fn anchors_are_the_best_whole_word() {
        let anchors = ["policy".to_string(), "our".to_string()];
        assert_eq!(anchor_in("that is our policy", &anchors), Some((12, "policy")));
        assert_eq!(anchor_in("our policyholder", &anchors), Some((0, "our")));
        assert_eq!(anchor_in("nothing here", &anchors), None);
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
            for trigger in &rule.triggers {
                for phrase in trigger.phrases.literals() {
                    assert!(
                        anchor_in(&phrase, &trigger.anchors).is_some(),
                        "{}: {phrase:?} has none of {:?}",
                        rule.id,
                        trigger.anchors
                    );
                }
            }
        }
    }
}

//! Match: one Aho-Corasick automaton over the literal anchors of every rule.
//!
//! One pass over the normalised text yields candidates; each must start and end
//! on a word boundary. The judge then confirms a candidate on a small window
//! around it, so no rule ever scans the whole text on its own.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::phrase::is_word_char;
use crate::rule::Rule;

/// Which trigger of which rule an anchor belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TriggerRef {
    pub rule: usize,
    pub trigger: usize,
}

/// A literal anchor found in the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub at: TriggerRef,
    pub start: usize,
    pub end: usize,
}

/// The automaton and, for each of its patterns, the triggers that own it.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    automaton: AhoCorasick,
    /// `owners[pattern]` is a range into `refs`.
    owners: Vec<std::ops::Range<usize>>,
    refs: Vec<TriggerRef>,
}

impl Matcher {
    pub fn new(rules: &[Rule]) -> Self {
        let mut by_literal: std::collections::BTreeMap<&str, Vec<TriggerRef>> = Default::default();
        for (r, rule) in rules.iter().enumerate() {
            for (t, trigger) in rule.triggers.iter().enumerate() {
                for literal in &trigger.literals {
                    by_literal.entry(literal).or_default().push(TriggerRef { rule: r, trigger: t });
                }
            }
        }
        let mut owners = Vec::with_capacity(by_literal.len());
        let mut refs = Vec::new();
        for list in by_literal.values() {
            owners.push(refs.len()..refs.len() + list.len());
            refs.extend(list);
        }
        // Overlapping search needs standard semantics; a DFA is the fastest
        // scanner for a few thousand short anchors.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(by_literal.keys())
            .expect("rule anchors always build an automaton");
        Self { automaton, owners, refs }
    }

    /// Every anchor occurrence on word boundaries, in order of end position.
    pub fn candidates(&self, text: &str) -> Vec<Candidate> {
        let mut out = Vec::new();
        for m in self.automaton.find_overlapping_iter(text) {
            if !on_word_boundaries(text, m.start(), m.end()) {
                continue;
            }
            for &at in &self.refs[self.owners[m.pattern().as_usize()].clone()] {
                out.push(Candidate { at, start: m.start(), end: m.end() });
            }
        }
        out
    }
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
    fn word_boundaries() {
        assert!(on_word_boundaries("we just", 3, 7));
        assert!(!on_word_boundaries("adjust", 2, 6));
        assert!(!on_word_boundaries("hello", 0, 4));
        assert!(on_word_boundaries("hell!", 0, 4));
        assert!(on_word_boundaries("really?!", 0, 7));
        assert!(!on_word_boundaries("paypal", 3, 6));
    }
}

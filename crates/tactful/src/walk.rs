//! Walk: a trigger's patterns, in normal form, followed over the normalised
//! text from where a phrase may start, without expanding them into phrases.
//!
//! Expanding every phrase of a trigger costs far more than checking a short
//! reply (the default pack has hundreds of thousands of phrases), so the
//! matcher walks the patterns instead: a few byte comparisons per branch, most
//! of which fail on the first byte.
//!
//! A walker is a few flat lists of plain numbers and one string, rather than
//! a tree of steps: a short reply reads back the walkers of hundreds of
//! triggers from a precompiled pack, and flat lists read back with a copy
//! each where a tree costs an allocation per step.

use std::borrow::Cow;
use std::ops::Range;

use bytemuck::{Pod, Zeroable};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::pattern::{Part, is_sentence_mark};
use crate::phrase::words;
use crate::pod::{ByteTo, Slice, index};

/// A trigger's patterns in normal form.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Walker {
    /// Every piece of text and every literal, one after another.
    #[serde(with = "crate::pod::text")]
    text: Cow<'static, str>,
    /// Every branch: the patterns first (`..patterns`), then the branches
    /// of their choices.
    #[serde(with = "crate::pod")]
    branches: Slice<Branch>,
    patterns: u32,
    /// The steps of every branch, a branch's one after another.
    #[serde(with = "crate::pod")]
    steps: Slice<Step>,
    /// The literals of every set, as spans of `text`.
    #[serde(with = "crate::pod")]
    literals: Slice<Span>,
    /// For each set or choice, its literals or branches by the first byte
    /// (other than a space) they may start with, sorted.
    #[serde(with = "crate::pod")]
    by_first: Slice<ByteTo>,
    /// For each set or choice, its literals or branches that may be blank,
    /// tried whatever comes next.
    #[serde(with = "crate::pod")]
    blank: Slice<u32>,
    /// The bytes some phrase starts with.
    #[serde(with = "crate::pod::one")]
    first: ByteSet,
}

/// A span of one of a walker's lists.
#[derive(Debug, Clone, Copy, Default, Pod, Zeroable)]
#[repr(C)]
struct Span {
    start: u32,
    end: u32,
}

impl Span {
    fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One branch of a choice (or a whole pattern), with the bytes it may start
/// with, so that a walk tries only the branches that the text's next bytes
/// allow.
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
#[repr(C)]
struct Branch {
    first: ByteSet,
    /// Of `steps`.
    steps: Span,
    /// 1 if the branch may match no word at all.
    blank: u32,
    padding: u32,
}

/// A pattern part as the walker follows it: a piece of text; the literals of
/// a set, or alternatives of plain text; or a choice between branches.
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
#[repr(C)]
struct Step {
    kind: u32,
    /// [`TEXT`]: a span of `text`; [`SET`]: of `literals`; [`CHOICE`]: of `branches`.
    items: Span,
    /// Of `by_first` and `blank`, for a set or a choice.
    by_first: Span,
    blank: Span,
}

const TEXT: u32 = 0;
const SET: u32 = 1;
const CHOICE: u32 = 2;

impl Walker {
    pub fn new(patterns: Vec<Vec<Part>>) -> Self {
        // A pattern's branch goes in its place once its steps are known.
        let mut builder = Builder {
            branches: vec![Branch::zeroed(); patterns.len()],
            ..Builder::default()
        };
        let mut first = ByteSet::default();
        for (i, parts) in patterns.iter().enumerate() {
            let branch = builder.branch(parts);
            first.extend(&branch.first);
            builder.branches[i] = branch;
        }
        Self {
            text: builder.text.into(),
            branches: builder.branches.into(),
            patterns: index(patterns.len()),
            steps: builder.steps.into(),
            literals: builder.literals.into(),
            by_first: builder.by_first.into(),
            blank: builder.blank.into(),
            first,
        }
    }
}

/// A [`Walker`]'s lists while it is built.
#[derive(Default)]
struct Builder {
    text: String,
    branches: Vec<Branch>,
    steps: Vec<Step>,
    literals: Vec<Span>,
    by_first: Vec<ByteTo>,
    blank: Vec<u32>,
}

impl Builder {
    /// Adds the steps of `parts` and returns their branch.
    fn branch(&mut self, parts: &[Part]) -> Branch {
        // Nested choices add their own steps first, so that a branch's steps
        // stay one after another.
        let steps: Vec<Step> = parts.iter().map(|part| self.step(part)).collect();
        let mut first = ByteSet::default();
        let blank = self.first_bytes(&steps, &mut first);
        let start = self.steps.len();
        self.steps.extend(steps);
        Branch {
            first,
            steps: span(start, self.steps.len()),
            blank: u32::from(blank),
            padding: 0,
        }
    }

    fn step(&mut self, part: &Part) -> Step {
        match part {
            Part::Text(piece) => {
                let start = self.text.len();
                self.text.push_str(piece);
                Step {
                    kind: TEXT,
                    items: span(start, self.text.len()),
                    ..Step::zeroed()
                }
            }
            Part::Set(literals) => self.set(&literals.iter().map(|l| &**l).collect::<Vec<_>>()),
            Part::Alt(alts) => match alts.iter().map(|a| plain_text(a)).collect::<Option<Vec<_>>>() {
                Some(texts) => self.set(&texts),
                None => self.choice(alts),
            },
        }
    }

    /// A step of literals, filed by their first byte other than a space.
    fn set(&mut self, literals: &[&str]) -> Step {
        let (start, blank_start) = (self.literals.len(), self.blank.len());
        let mut by_first = Vec::new();
        for (i, literal) in literals.iter().enumerate() {
            let at = self.text.len();
            self.text.push_str(literal);
            self.literals.push(span(at, self.text.len()));
            let index = index(start + i);
            match literal.bytes().find(|&b| b != b' ') {
                Some(b) => by_first.push(ByteTo::new(b, index)),
                None => self.blank.push(index),
            }
        }
        self.filed(SET, span(start, self.literals.len()), by_first, blank_start)
    }

    /// A step of branches, filed by every byte each may start with.
    fn choice(&mut self, alts: &[Vec<Part>]) -> Step {
        let branches: Vec<Branch> = alts.iter().map(|a| self.branch(a)).collect();
        let start = self.branches.len();
        let blank_start = self.blank.len();
        let mut by_first = Vec::new();
        for (i, branch) in branches.iter().enumerate() {
            let i = index(start + i);
            by_first.extend(
                (0..=255)
                    .filter(|&b| branch.first.contains(b))
                    .map(|b| ByteTo::new(b, i)),
            );
            if branch.blank != 0 {
                self.blank.push(i);
            }
        }
        self.branches.extend(branches);
        self.filed(CHOICE, span(start, self.branches.len()), by_first, blank_start)
    }

    /// A set or choice step over `items`, filed by first byte; the blank
    /// ones are those added to `blank` from `blank_start`.
    fn filed(&mut self, kind: u32, items: Span, mut by_first: Vec<ByteTo>, blank_start: usize) -> Step {
        by_first.sort_unstable();
        let start = self.by_first.len();
        self.by_first.extend(by_first);
        Step {
            kind,
            items,
            by_first: span(start, self.by_first.len()),
            blank: span(blank_start, self.blank.len()),
        }
    }

    /// Marks the bytes the phrases of `steps` may start with; returns whether
    /// the steps may also be blank, letting the next step start the phrase.
    fn first_bytes(&self, steps: &[Step], first: &mut ByteSet) -> bool {
        for step in steps {
            let blank = match step.kind {
                TEXT => match self.text[step.items.range()].bytes().find(|&b| b != b' ') {
                    Some(b) => {
                        first.insert(b);
                        false
                    }
                    None => true,
                },
                SET => {
                    for p in &self.by_first[step.by_first.range()] {
                        first.insert(p.byte);
                    }
                    !step.blank.range().is_empty()
                }
                _ => {
                    for branch in &self.branches[step.items.range()] {
                        first.extend(&branch.first);
                    }
                    !step.blank.range().is_empty()
                }
            };
            if !blank {
                return false;
            }
        }
        true
    }
}

impl Walker {
    fn str(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    fn steps_of(&self, branch: &Branch) -> &[Step] {
        &self.steps[branch.steps.range()]
    }

    /// Calls `visit` with the literals or branches of a set or choice step
    /// that may be blank, then with those that may start with one of the
    /// text's next bytes at `at`.
    fn tried(&self, step: &Step, text: &[u8], at: At, mut visit: impl FnMut(usize)) {
        for &i in &self.blank[step.blank.range()] {
            visit(i as usize);
        }
        let by_first = &self.by_first[step.by_first.range()];
        for byte in next_bytes(text, at).into_iter().flatten() {
            for i in starting(by_first, byte) {
                visit(i as usize);
            }
        }
    }

    /// For every word of the phrases, the furthest from a phrase's start, in
    /// bytes, that it may start (an upper bound). Walks for an anchor word
    /// need start only that far before it.
    pub fn reaches(&self) -> FxHashMap<&str, usize> {
        let mut reaches = FxHashMap::default();
        for pattern in &self.branches[..self.patterns as usize] {
            self.word_reaches(self.steps_of(pattern), 0, &mut reaches);
        }
        reaches
    }

    /// Puts in `ends` the end of every phrase that starts at `start` of
    /// `text` (ends may repeat).
    pub fn ends_from(&self, text: &[u8], start: usize, ends: &mut Vec<usize>) {
        let Some(&b) = text.get(start) else { return };
        if !self.first.contains(b) {
            return;
        }
        let at = At {
            pos: start,
            space: false,
            started: false,
        };
        let patterns = &self.branches[..self.patterns as usize];
        for pattern in patterns.iter().filter(|p| p.first.contains(b)) {
            self.walk(self.steps_of(pattern), &Then::Done, text, at, ends);
        }
    }

    fn walk(&self, steps: &[Step], then: &Then<'_>, text: &[u8], at: At, ends: &mut Vec<usize>) {
        let Some((step, rest)) = steps.split_first() else {
            match then {
                // Empty phrases are no phrases, and a trailing space is dropped.
                Then::Done if at.started => ends.push(at.pos),
                Then::Done => {}
                Then::Steps(steps, then) => self.walk(steps, then, text, at, ends),
            }
            return;
        };
        match step.kind {
            TEXT => {
                if let Some(at) = advance(self.str(step.items), text, at) {
                    self.walk(rest, then, text, at, ends);
                }
            }
            SET => self.tried(step, text, at, |i| {
                if let Some(at) = advance(self.str(self.literals[i]), text, at) {
                    self.walk(rest, then, text, at, ends);
                }
            }),
            _ => {
                let then = Then::Steps(rest, then);
                self.tried(step, text, at, |i| {
                    self.walk(self.steps_of(&self.branches[i]), &then, text, at, ends);
                });
            }
        }
    }

    fn max_len(&self, steps: &[Step]) -> usize {
        steps.iter().map(|step| self.step_max_len(step)).sum()
    }

    fn step_max_len(&self, step: &Step) -> usize {
        let items = step.items.range();
        match step.kind {
            TEXT => items.len(),
            SET => self.literals[items]
                .iter()
                .map(|l| l.range().len())
                .max()
                .unwrap_or(0),
            _ => self.branches[items]
                .iter()
                .map(|b| self.max_len(self.steps_of(b)))
                .max()
                .unwrap_or(0),
        }
    }

    /// Records the reach of the words of `steps`, which start `before` bytes
    /// at most into a phrase. Words never straddle two pieces of a pattern in
    /// normal form, so each piece is searched on its own.
    fn word_reaches<'a>(
        &'a self,
        steps: &[Step],
        mut before: usize,
        reaches: &mut FxHashMap<&'a str, usize>,
    ) {
        for step in steps {
            let items = step.items.range();
            match step.kind {
                TEXT => piece_reaches(self.str(step.items), before, reaches),
                SET => {
                    for &literal in &self.literals[items] {
                        piece_reaches(self.str(literal), before, reaches);
                    }
                }
                _ => {
                    for branch in &self.branches[items] {
                        self.word_reaches(self.steps_of(branch), before, reaches);
                    }
                }
            }
            before += self.step_max_len(step);
        }
    }
}

fn span(start: usize, end: usize) -> Span {
    Span {
        start: index(start),
        end: index(end),
    }
}

/// The text of an alternative that is one piece of text or nothing, which
/// walks as a literal does.
fn plain_text(parts: &[Part]) -> Option<&str> {
    match parts {
        [] => Some(""),
        [Part::Text(piece)] => Some(piece),
        _ => None,
    }
}

/// The indices filed under `byte` in `by_first`, sorted.
fn starting(by_first: &[ByteTo], byte: u8) -> impl Iterator<Item = u32> + '_ {
    let from = by_first.partition_point(|p| p.byte < byte);
    by_first[from..]
        .iter()
        .take_while(move |p| p.byte == byte)
        .map(|p| p.to)
}

/// A set of bytes, one bit each.
#[derive(Debug, Clone, Copy, Default, Pod, Zeroable)]
#[repr(transparent)]
struct ByteSet([u64; 4]);

impl ByteSet {
    fn insert(&mut self, b: u8) {
        self.0[usize::from(b >> 6)] |= 1 << (b & 63);
    }

    fn extend(&mut self, other: &ByteSet) {
        for (word, more) in self.0.iter_mut().zip(other.0) {
            *word |= more;
        }
    }

    fn contains(&self, b: u8) -> bool {
        self.0[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }
}

/// How far a walk has come: the next byte of the text, whether the pattern
/// has a space to match before its next word, and whether a word was matched.
#[derive(Debug, Clone, Copy)]
struct At {
    pos: usize,
    space: bool,
    started: bool,
}

/// What follows the steps being walked: the rest of each enclosing sequence.
enum Then<'a> {
    Done,
    Steps(&'a [Step], &'a Then<'a>),
}

/// The bytes a branch or literal may start with to match at `at`: the text's
/// next byte, or the one after when a space comes first. (One that may start
/// with both is walked twice; its ends repeat.)
fn next_bytes(text: &[u8], at: At) -> [Option<u8>; 2] {
    let next = |i: usize| text.get(at.pos + i).copied();
    let mut bytes = [next(0), next(1)];
    if bytes[0] == bytes[1] {
        bytes[1] = None;
    }
    bytes
}

/// Matches one piece at `at`. Spaces collapse as the normaliser collapses
/// them: runs of them, across pieces too, match one space of the text, and
/// none is matched before the first word, after the last or before
/// punctuation.
fn advance(piece: &str, text: &[u8], mut at: At) -> Option<At> {
    for &b in piece.as_bytes() {
        if b == b' ' {
            at.space |= at.started;
            continue;
        }
        // No space is kept before sentence punctuation.
        if at.space && !is_sentence_mark(char::from(b)) {
            if text.get(at.pos) != Some(&b' ') {
                return None;
            }
            at.pos += 1;
        }
        at.space = false;
        if text.get(at.pos) != Some(&b) {
            return None;
        }
        at.pos += 1;
        at.started = true;
    }
    Some(at)
}

fn piece_reaches<'a>(piece: &'a str, before: usize, reaches: &mut FxHashMap<&'a str, usize>) {
    for (at, word) in words(piece) {
        let reach = reaches.entry(word).or_default();
        *reach = (*reach).max(before + at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::{Sets, normal_form, parse};

    fn ends(pattern: &str, sets: &Sets, text: &str, start: usize) -> Vec<usize> {
        let seq = normal_form(&parse(pattern, sets).unwrap(), sets).expect("a plain pattern");
        let mut out = Vec::new();
        Walker::new(vec![seq]).ends_from(text.as_bytes(), start, &mut out);
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn walks_alternatives_optionals_and_sets() {
        let mut sets = Sets::new();
        sets.insert("EMO".into(), vec!["upset".into(), "let down".into()]);
        let text = "you seem very let down today";
        assert_eq!(ends("you (seem [very ]|are ){EMO}", &sets, text, 0), [22]);
        assert_eq!(
            ends("you (seem [very ]|are ){EMO}", &sets, "you are upset", 0),
            [13]
        );
        // Every length that matches, from one start.
        assert_eq!(ends("calm down[ now]", &sets, "calm down now", 0), [9, 13]);
        assert!(ends("calm down", &sets, "calm dow", 0).is_empty());
        assert!(ends("calm down", &sets, "x calm down", 0).is_empty());
    }

    #[test]
    fn spaces_collapse_across_pieces() {
        let sets = Sets::new();
        // `[our ] policy` expands to `that is  policy`, which normalises to one space.
        assert_eq!(ends("that is [our ] policy", &sets, "that is policy", 0), [14]);
        assert_eq!(ends("[please ]relax", &sets, "relax.", 0), [5]);
        assert_eq!(ends("[please ]relax", &sets, "please relax", 0), [12]);
        // Nor is a space kept before punctuation.
        assert_eq!(ends("no(,| ,|) sorry", &sets, "no, sorry", 0), [9]);
        assert_eq!(ends("no(,| ,|) sorry", &sets, "no sorry", 0), [8]);
        assert!(ends("no(,| ,|) sorry", &sets, "no , sorry", 0).is_empty());
    }

    #[test]
    fn pieces_are_normalised_like_the_text() {
        let sets = Sets::new();
        assert_eq!(ends("We Can't (help|assist)", &sets, "we can not help", 0), [15]);
    }

    #[test]
    fn glued_words_have_no_normal_form() {
        let sets = Sets::new();
        for glued in [
            "sorr(y|ies)",
            "(it|that)'s fine",
            "we (can|could)n't",
            "open 24/7",
        ] {
            assert_eq!(normal_form(&parse(glued, &sets).unwrap(), &sets), None, "{glued}");
        }
    }
}

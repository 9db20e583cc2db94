//! Walk: a trigger's patterns, in normal form, followed over the normalised
//! text from where a phrase may start, without expanding them into phrases.
//!
//! Expanding every phrase of a trigger costs far more than checking a short
//! reply (the default pack has hundreds of thousands of phrases), so the
//! matcher walks the patterns instead: a few byte comparisons per branch, most
//! of which fail on the first byte.

use bytemuck::{Pod, Zeroable};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::pattern::{Part, is_sentence_mark};
use crate::phrase::words;
use crate::pod::ByteTo;

/// A trigger's patterns in normal form.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Walker {
    seqs: Vec<Branch>,
    /// The bytes some phrase starts with.
    #[serde(with = "crate::pod::one")]
    first: ByteSet,
}

impl Walker {
    pub fn new(seqs: Vec<Vec<Part>>) -> Self {
        let seqs: Vec<Branch> = seqs.iter().map(|s| Branch::new(steps(s))).collect();
        let mut first = ByteSet::default();
        for seq in &seqs {
            first.extend(&seq.first);
        }
        Self { seqs, first }
    }

    /// For every word of the phrases, the furthest from a phrase's start, in
    /// bytes, that it may start (an upper bound). Walks for an anchor word
    /// need start only that far before it.
    pub fn reaches(&self) -> FxHashMap<&str, usize> {
        let mut reaches = FxHashMap::default();
        for seq in &self.seqs {
            word_reaches(&seq.steps, 0, &mut reaches);
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
        for seq in self.seqs.iter().filter(|s| s.first.contains(b)) {
            walk(&seq.steps, &Then::Done, text, at, ends);
        }
    }
}

/// A pattern part as the walker follows it: the literals of a set, and
/// alternatives of plain text, become a list of literals; other alternatives
/// a choice between branches.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum Step {
    Text(Box<str>),
    Literals(Literals),
    Choice(Choice),
}

/// The literals of a set in one string, indexed by the byte each starts
/// with: a few allocations however many literals, to build or to read back.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Literals {
    text: Box<str>,
    /// Where each literal ends in `text`; each starts where the last ended.
    #[serde(with = "crate::pod")]
    ends: Vec<u32>,
    /// The first byte other than a space of every literal, and the literal,
    /// sorted.
    #[serde(with = "crate::pod")]
    by_first: Vec<ByteTo>,
    /// The literals of spaces only, which match before whatever comes next.
    #[serde(with = "crate::pod")]
    blank: Vec<u32>,
}

impl Literals {
    fn new(literals: &[Box<str>]) -> Self {
        let mut text = String::new();
        let (mut ends, mut by_first, mut blank) = (Vec::new(), Vec::new(), Vec::new());
        for (i, literal) in literals.iter().enumerate() {
            text.push_str(literal);
            ends.push(u32::try_from(text.len()).expect("a set's literals fit in 4 GB"));
            match literal.bytes().find(|&b| b != b' ') {
                Some(b) => by_first.push(ByteTo::new(b, i as u32)),
                None => blank.push(i as u32),
            }
        }
        by_first.sort_unstable();
        Self {
            text: text.into(),
            ends,
            by_first,
            blank,
        }
    }

    fn literal(&self, i: u32) -> &str {
        let start = match i {
            0 => 0,
            _ => self.ends[i as usize - 1] as usize,
        };
        &self.text[start..self.ends[i as usize] as usize]
    }

    fn all(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len() as u32).map(|i| self.literal(i))
    }

    /// The literals that may start with `byte`.
    fn starting(&self, byte: u8) -> impl Iterator<Item = &str> {
        starting(&self.by_first, byte).map(|i| self.literal(i))
    }
}

/// Branches indexed by the bytes they may start with: a set may hold
/// hundreds of literals, of which the text's next byte allows a few.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Choice {
    branches: Vec<Branch>,
    /// Every first byte of every branch, and the branch, sorted.
    #[serde(with = "crate::pod")]
    by_first: Vec<ByteTo>,
    /// The branches that may be blank, tried whatever comes next.
    #[serde(with = "crate::pod")]
    blank: Vec<u32>,
}

impl Choice {
    fn new(branches: Vec<Branch>) -> Self {
        let mut by_first = Vec::new();
        for (i, branch) in branches.iter().enumerate() {
            by_first.extend(
                (0..=255)
                    .filter(|&b| branch.first.contains(b))
                    .map(|b| ByteTo::new(b, i as u32)),
            );
        }
        by_first.sort_unstable();
        let blank = (0..branches.len() as u32)
            .filter(|&i| branches[i as usize].blank)
            .collect();
        Self {
            branches,
            by_first,
            blank,
        }
    }

    /// The branches that may start with `byte`.
    fn starting(&self, byte: u8) -> impl Iterator<Item = &Branch> {
        starting(&self.by_first, byte).map(|i| &self.branches[i as usize])
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

/// One branch of a choice, with the bytes it may start with, so that a walk
/// tries only the branches that the text's next bytes allow.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Branch {
    #[serde(with = "crate::pod::one")]
    first: ByteSet,
    /// The branch may match no word at all.
    blank: bool,
    steps: Vec<Step>,
}

impl Branch {
    fn new(steps: Vec<Step>) -> Self {
        let mut first = ByteSet::default();
        let blank = first_bytes(&steps, &mut first);
        Self { first, blank, steps }
    }
}

fn steps(parts: &[Part]) -> Vec<Step> {
    parts
        .iter()
        .map(|part| match part {
            Part::Text(piece) => Step::Text(piece.clone()),
            Part::Set(literals) => Step::Literals(Literals::new(literals)),
            Part::Alt(alts) => match alts.iter().map(|a| plain_text(a)).collect::<Option<Vec<_>>>() {
                Some(texts) => Step::Literals(Literals::new(&texts)),
                None => Step::Choice(Choice::new(alts.iter().map(|a| Branch::new(steps(a))).collect())),
            },
        })
        .collect()
}

/// The text of an alternative that is one piece of text or nothing, which
/// walks as a literal does.
fn plain_text(parts: &[Part]) -> Option<Box<str>> {
    match parts {
        [] => Some("".into()),
        [Part::Text(piece)] => Some(piece.clone()),
        _ => None,
    }
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

fn walk(steps: &[Step], then: &Then<'_>, text: &[u8], at: At, ends: &mut Vec<usize>) {
    let Some((step, rest)) = steps.split_first() else {
        match then {
            // Empty phrases are no phrases, and a trailing space is dropped.
            Then::Done if at.started => ends.push(at.pos),
            Then::Done => {}
            Then::Steps(steps, then) => walk(steps, then, text, at, ends),
        }
        return;
    };
    match step {
        Step::Text(piece) => {
            if let Some(at) = advance(piece, text, at) {
                walk(rest, then, text, at, ends);
            }
        }
        Step::Literals(literals) => {
            let blank = literals.blank.iter().map(|&i| literals.literal(i));
            let starting = next_bytes(text, at).flat_map(|b| literals.starting(b));
            for literal in blank.chain(starting) {
                if let Some(at) = advance(literal, text, at) {
                    walk(rest, then, text, at, ends);
                }
            }
        }
        Step::Choice(choice) => {
            let blank = choice.blank.iter().map(|&i| &choice.branches[i as usize]);
            let starting = next_bytes(text, at).flat_map(|b| choice.starting(b));
            let then = Then::Steps(rest, then);
            for branch in blank.chain(starting) {
                walk(&branch.steps, &then, text, at, ends);
            }
        }
    }
}

/// The bytes a branch or literal may start with to match at `at`: the text's
/// next byte, or the one after when a space comes first. (One that may start
/// with both is walked twice; its ends repeat.)
fn next_bytes(text: &[u8], at: At) -> impl Iterator<Item = u8> {
    let next = |i: usize| text.get(at.pos + i).copied();
    let mut bytes = [next(0), next(1)];
    if bytes[0] == bytes[1] {
        bytes[1] = None;
    }
    bytes.into_iter().flatten()
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

fn max_len(steps: &[Step]) -> usize {
    steps.iter().map(step_max_len).sum()
}

fn step_max_len(step: &Step) -> usize {
    match step {
        Step::Text(piece) => piece.len(),
        Step::Literals(literals) => literals.all().map(str::len).max().unwrap_or(0),
        Step::Choice(choice) => choice
            .branches
            .iter()
            .map(|b| max_len(&b.steps))
            .max()
            .unwrap_or(0),
    }
}

/// Records the reach of the words of `steps`, which start `before` bytes
/// at most into a phrase. Words never straddle two pieces of a pattern in
/// normal form, so each piece is searched on its own.
fn word_reaches<'a>(steps: &'a [Step], mut before: usize, reaches: &mut FxHashMap<&'a str, usize>) {
    for step in steps {
        match step {
            Step::Text(piece) => piece_reaches(piece, before, reaches),
            Step::Literals(literals) => {
                for literal in literals.all() {
                    piece_reaches(literal, before, reaches);
                }
            }
            Step::Choice(choice) => {
                for branch in &choice.branches {
                    word_reaches(&branch.steps, before, reaches);
                }
            }
        }
        before += step_max_len(step);
    }
}

fn piece_reaches<'a>(piece: &'a str, before: usize, reaches: &mut FxHashMap<&'a str, usize>) {
    for (at, word) in words(piece) {
        let reach = reaches.entry(word).or_default();
        *reach = (*reach).max(before + at);
    }
}

/// Marks the bytes the phrases of `steps` may start with; returns whether
/// the steps may also be blank, letting the next step start the phrase.
fn first_bytes(steps: &[Step], first: &mut ByteSet) -> bool {
    for step in steps {
        let blank = match step {
            Step::Text(piece) => match piece.bytes().find(|&b| b != b' ') {
                Some(b) => {
                    first.insert(b);
                    false
                }
                None => true,
            },
            Step::Literals(literals) => {
                for p in &literals.by_first {
                    first.insert(p.byte);
                }
                !literals.blank.is_empty()
            }
            Step::Choice(choice) => {
                for branch in &choice.branches {
                    first.extend(&branch.first);
                }
                !choice.blank.is_empty()
            }
        };
        if !blank {
            return false;
        }
    }
    true
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

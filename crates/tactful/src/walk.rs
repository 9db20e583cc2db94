//! Walk: a trigger's patterns, in normal form, followed over the normalised
//! text from where a phrase may start, without expanding them into phrases.
//!
//! Expanding every phrase of a trigger costs far more than checking a short
//! reply (the default pack has hundreds of thousands of phrases), so the
//! matcher walks the patterns instead: a few byte comparisons per branch, most
//! of which fail on the first byte.

use crate::pattern::{Part, is_sentence_mark};

/// A trigger's patterns in normal form.
#[derive(Debug, Clone, Default)]
pub(crate) struct Walker {
    seqs: Vec<Vec<Part>>,
    /// An upper bound on the length of a phrase, in bytes: how far before an
    /// anchor a phrase may start.
    pub max_len: usize,
    /// The bytes some phrase starts with.
    first: ByteSet,
}

impl Walker {
    pub fn new(seqs: Vec<Vec<Part>>) -> Self {
        let max_len = seqs.iter().map(|s| seq_max_len(s)).max().unwrap_or(0);
        let mut first = ByteSet::default();
        for seq in &seqs {
            first_bytes(seq, &mut first);
        }
        Self { seqs, max_len, first }
    }

    /// Puts in `ends` the end of every phrase that starts at `start` of
    /// `text` (ends may repeat).
    pub fn ends_from(&self, text: &[u8], start: usize, ends: &mut Vec<usize>) {
        if !text.get(start).is_some_and(|&b| self.first.contains(b)) {
            return;
        }
        let at = At {
            pos: start,
            space: false,
            started: false,
        };
        for seq in &self.seqs {
            walk(seq, &Then::Done, text, at, ends);
        }
    }
}

/// A set of bytes, one bit each.
#[derive(Debug, Clone, Copy, Default)]
struct ByteSet([u64; 4]);

impl ByteSet {
    fn insert(&mut self, b: u8) {
        self.0[usize::from(b >> 6)] |= 1 << (b & 63);
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

/// What follows the parts being walked: the rest of each enclosing sequence.
enum Then<'a> {
    Done,
    Parts(&'a [Part], &'a Then<'a>),
}

fn walk(parts: &[Part], then: &Then<'_>, text: &[u8], at: At, ends: &mut Vec<usize>) {
    let Some((part, rest)) = parts.split_first() else {
        match then {
            // Empty phrases are no phrases, and a trailing space is dropped.
            Then::Done if at.started => ends.push(at.pos),
            Then::Done => {}
            Then::Parts(parts, then) => walk(parts, then, text, at, ends),
        }
        return;
    };
    match part {
        Part::Text(piece) => {
            if let Some(at) = step(piece, text, at) {
                walk(rest, then, text, at, ends);
            }
        }
        Part::Set(literals) => {
            for literal in literals {
                if let Some(at) = step(literal, text, at) {
                    walk(rest, then, text, at, ends);
                }
            }
        }
        Part::Alt(alts) => {
            let then = Then::Parts(rest, then);
            for alt in alts {
                walk(alt, &then, text, at, ends);
            }
        }
    }
}

/// Matches one piece at `at`. Spaces collapse as the normaliser collapses
/// them: runs of them, across pieces too, match one space of the text, and
/// none is matched before the first word, after the last or before
/// punctuation.
fn step(piece: &str, text: &[u8], mut at: At) -> Option<At> {
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

fn seq_max_len(parts: &[Part]) -> usize {
    parts
        .iter()
        .map(|part| match part {
            Part::Text(piece) => piece.len(),
            Part::Set(literals) => literals.iter().map(|l| l.len()).max().unwrap_or(0),
            Part::Alt(alts) => alts.iter().map(|a| seq_max_len(a)).max().unwrap_or(0),
        })
        .sum()
}

/// Marks the bytes the phrases of `parts` may start with; returns whether
/// the parts may also be blank, letting the next part start the phrase.
fn first_bytes(parts: &[Part], first: &mut ByteSet) -> bool {
    let piece_first = |piece: &str, first: &mut ByteSet| match piece.bytes().find(|&b| b != b' ') {
        Some(b) => {
            first.insert(b);
            false
        }
        None => true,
    };
    for part in parts {
        let blank = match part {
            Part::Text(piece) => piece_first(piece, first),
            // Every literal and branch is marked, so no short circuit.
            Part::Set(literals) => literals
                .iter()
                .fold(false, |blank, l| piece_first(l, first) | blank),
            Part::Alt(alts) => alts.iter().fold(false, |blank, a| first_bytes(a, first) | blank),
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

//! The phrase pattern language of rule files.
//!
//! `(a|b)` alternation, `[x]` optional, `{SET}` a named set; everything else is
//! literal text. A pattern is parsed once when a pack is loaded; from the parse
//! the loader takes its *anchor words* (words of which every expansion contains
//! one) for the automaton, and only the triggers that a text actually hits are
//! ever expanded into their literal phrases.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::normalise::{is_apostrophe, normalise_phrase};
use crate::phrase::is_word_char;

/// More literals than this from one pattern (or one set) is almost certainly a
/// mistake.
pub(crate) const MAX_EXPANSION: usize = 2_000;

/// The longest pattern, in characters: four times the longest in the built-in
/// pack. Rule files may come from anyone; this and [`MAX_NESTING`] keep
/// loading and matching them small and the recursion over a pattern shallow.
pub(crate) const MAX_LENGTH: usize = 4_000;

/// How deep groups may nest; the built-in pack needs 4.
pub(crate) const MAX_NESTING: usize = 16;

/// Why a pattern could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PatternError {
    Unbalanced(char),
    UnknownSet(String),
    TooLarge,
    TooLong,
    TooDeep,
    Empty,
}

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unbalanced(c) => write!(f, "unbalanced `{c}`"),
            Self::UnknownSet(name) => write!(f, "unknown set `{{{name}}}`"),
            Self::TooLarge => write!(f, "expands to more than {MAX_EXPANSION} phrases"),
            Self::TooLong => write!(f, "is longer than {MAX_LENGTH} characters"),
            Self::TooDeep => write!(f, "nests groups more than {MAX_NESTING} deep"),
            Self::Empty => write!(f, "expands to an empty phrase"),
        }
    }
}

/// Named sets, already expanded to literals.
pub(crate) type Sets = BTreeMap<String, Vec<String>>;

/// A parsed pattern: a sequence of parts.
pub(crate) type Seq = Vec<Node>;

/// One part of a pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Node {
    Text(String),
    /// One of the alternatives; `[x]` is `(x|)`.
    Alt(Vec<Seq>),
    Set(String),
}

/// Parses `pattern`, checking that its sets exist and that it stays within
/// [`MAX_LENGTH`], [`MAX_NESTING`] and [`MAX_EXPANSION`].
pub(crate) fn parse(pattern: &str, sets: &Sets) -> Result<Seq, PatternError> {
    if pattern.chars().nth(MAX_LENGTH).is_some() {
        return Err(PatternError::TooLong);
    }
    let mut parser = Parser {
        chars: pattern.chars().collect(),
        pos: 0,
        depth: 0,
    };
    let seq = parser.sequence()?;
    if let Some(&c) = parser.chars.get(parser.pos) {
        return Err(PatternError::Unbalanced(c));
    }
    if count(&seq, sets)? > MAX_EXPANSION {
        return Err(PatternError::TooLarge);
    }
    Ok(seq)
}

/// Parses and expands `pattern` into its literal phrases (not yet normalised).
pub(crate) fn expand(pattern: &str, sets: &Sets) -> Result<Vec<String>, PatternError> {
    Ok(expand_seq(&parse(pattern, sets)?, sets))
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    /// Groups open around `pos`.
    depth: usize,
}

impl Parser {
    fn sequence(&mut self) -> Result<Seq, PatternError> {
        let mut seq = Vec::new();
        let mut text = String::new();
        while let Some(c) = self.chars.get(self.pos).copied() {
            let node = match c {
                '|' | ')' | ']' => break,
                '(' => Node::Alt(self.group(')')?),
                '[' => {
                    let mut alts = self.group(']')?;
                    alts.push(Vec::new());
                    Node::Alt(alts)
                }
                '{' => Node::Set(self.set_name()?),
                _ => {
                    text.push(c);
                    self.pos += 1;
                    continue;
                }
            };
            if !text.is_empty() {
                seq.push(Node::Text(std::mem::take(&mut text)));
            }
            seq.push(node);
        }
        if !text.is_empty() {
            seq.push(Node::Text(text));
        }
        Ok(seq)
    }

    fn group(&mut self, close: char) -> Result<Vec<Seq>, PatternError> {
        let open = self.chars[self.pos];
        self.pos += 1;
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(PatternError::TooDeep);
        }
        let mut alts = vec![self.sequence()?];
        while self.chars.get(self.pos) == Some(&'|') {
            self.pos += 1;
            alts.push(self.sequence()?);
        }
        if self.chars.get(self.pos) != Some(&close) {
            return Err(PatternError::Unbalanced(open));
        }
        self.pos += 1;
        self.depth -= 1;
        Ok(alts)
    }

    fn set_name(&mut self) -> Result<String, PatternError> {
        let start = self.pos + 1;
        let len = self.chars[start..]
            .iter()
            .position(|&c| c == '}')
            .ok_or(PatternError::Unbalanced('{'))?;
        self.pos = start + len + 1;
        Ok(self.chars[start..start + len].iter().collect())
    }
}

fn set<'a>(name: &str, sets: &'a Sets) -> Result<&'a [String], PatternError> {
    sets.get(name)
        .map(Vec::as_slice)
        .ok_or_else(|| PatternError::UnknownSet(name.to_string()))
}

/// How many phrases a sequence expands to (saturating).
fn count(seq: &Seq, sets: &Sets) -> Result<usize, PatternError> {
    let mut n: usize = 1;
    for node in seq {
        let k = match node {
            Node::Text(_) => 1,
            Node::Set(name) => set(name, sets)?.len(),
            Node::Alt(alts) => alts
                .iter()
                .try_fold(0, |sum: usize, a| Ok(sum.saturating_add(count(a, sets)?)))?,
        };
        n = n.saturating_mul(k);
    }
    Ok(n)
}

/// Every phrase of a checked sequence, the last part varying fastest.
pub(crate) fn expand_seq(seq: &Seq, sets: &Sets) -> Vec<String> {
    let choices: Vec<Cow<'_, [String]>> = seq
        .iter()
        .map(|node| match node {
            Node::Text(t) => Cow::Borrowed(std::slice::from_ref(t)),
            Node::Set(name) => Cow::Borrowed(sets.get(name).map_or(&[][..], Vec::as_slice)),
            Node::Alt(alts) => Cow::Owned(alts.iter().flat_map(|a| expand_seq(a, sets)).collect()),
        })
        .collect();
    // Each phrase is written once, at its length: joining a part at a time
    // copied a phrase once per part.
    let phrases = choices.iter().map(|c| c.len()).product();
    let mut out = Vec::with_capacity(phrases);
    let mut chosen = vec![0; choices.len()];
    for _ in 0..phrases {
        let parts = || chosen.iter().zip(&choices).map(|(&i, c)| c[i].as_str());
        let mut phrase = String::with_capacity(parts().map(str::len).sum());
        parts().for_each(|part| phrase.push_str(part));
        out.push(phrase);
        for (i, c) in chosen.iter_mut().zip(&choices).rev() {
            *i += 1;
            if *i < c.len() {
                break;
            }
            *i = 0;
        }
    }
    out
}

/// The most frequent words of English, and of replies: an anchor that is one
/// of these is confirmed at nearly every line of a text.
const VERY_COMMON: &[&str] = &[
    "a", "and", "are", "as", "be", "for", "have", "i", "in", "is", "it", "of", "on", "that", "the", "this",
    "to", "was", "we", "with", "you", "your",
];

/// Words too common to anchor on when a rarer one is available.
const COMMON: &[&str] = &[
    "am", "an", "at", "been", "but", "by", "can", "do", "get", "had", "has", "if", "just", "me", "my", "not",
    "or", "our", "please", "so", "us", "were", "will", "would",
];

/// Roughly how often `word` occurs in a reply, against an uncommon word of
/// four letters or more: what anchoring on it costs, as the matcher confirms
/// every occurrence of an anchor word.
fn frequency(word: &str) -> usize {
    if VERY_COMMON.contains(&word) {
        64
    } else if COMMON.contains(&word) {
        16
    } else if word.len() <= 3 {
        4
    } else {
        1
    }
}

/// How good a word is as an anchor (the greater the better): rare words
/// first, then longer ones.
pub(crate) fn anchor_rank(word: &str) -> (Reverse<usize>, usize) {
    (Reverse(frequency(word)), word.len())
}

/// Words (normalised) of which every phrase of `seq` contains at least one as
/// a whole word, or `None` when the pattern gives no such guarantee.
pub(crate) fn anchor_words(seq: &Seq, sets: &Sets) -> Option<Vec<String>> {
    let mut words = cover(seq, sets, true, true)?;
    words.sort();
    words.dedup();
    Some(words)
}

/// Whether some expansion of `seq` is empty.
pub(crate) fn can_be_empty(seq: &Seq, sets: &Sets) -> bool {
    seq_edges(seq, sets).empty
}

/// Whether a character separates words for good: whitespace and punctuation,
/// but not apostrophes, which contractions glue words with.
fn is_delimiter(c: char) -> bool {
    !is_word_char(c) && !is_apostrophe(c)
}

/// Whether the text that starts with `chars` (read in either direction)
/// certainly starts with a delimiter. A quote mark next to a space or a
/// punctuation mark (`your 'broken' parcel`) counts: it never joins the
/// word beyond it into a contraction.
fn starts_delimited(mut chars: impl Iterator<Item = char>) -> bool {
    match (chars.next(), chars.next()) {
        (Some(c), _) if is_delimiter(c) => true,
        (Some(c), Some(next)) => is_apostrophe(c) && is_delimiter(next),
        _ => false,
    }
}

/// `(can be empty, every non-empty expansion starts with a delimiter)` and the
/// same for the end, for one node.
#[derive(Clone, Copy)]
struct Edges {
    empty: bool,
    starts_delimited: bool,
    ends_delimited: bool,
    /// The node is one apostrophe, which delimits just when what lies
    /// beyond it does (`'{claim}'` at the end of a phrase, in quotes).
    apostrophe: bool,
}

fn edges(node: &Node, sets: &Sets) -> Edges {
    match node {
        Node::Text(t) => Edges {
            empty: t.is_empty(),
            starts_delimited: starts_delimited(t.chars()),
            ends_delimited: starts_delimited(t.chars().rev()),
            apostrophe: t.chars().count() == 1 && t.chars().all(is_apostrophe),
        },
        Node::Set(name) => {
            let literals = sets.get(name).map(Vec::as_slice).unwrap_or_default();
            Edges {
                empty: literals.iter().any(String::is_empty),
                starts_delimited: literals.iter().all(|l| l.chars().next().is_none_or(is_delimiter)),
                ends_delimited: literals
                    .iter()
                    .all(|l| l.chars().next_back().is_none_or(is_delimiter)),
                apostrophe: false,
            }
        }
        Node::Alt(alts) => {
            let seqs: Vec<Edges> = alts.iter().map(|a| seq_edges(a, sets)).collect();
            Edges {
                empty: seqs.iter().any(|e| e.empty),
                starts_delimited: seqs.iter().all(|e| e.empty || e.starts_delimited),
                ends_delimited: seqs.iter().all(|e| e.empty || e.ends_delimited),
                apostrophe: false,
            }
        }
    }
}

fn seq_edges(seq: &Seq, sets: &Sets) -> Edges {
    let all: Vec<Edges> = seq.iter().map(|n| edges(n, sets)).collect();
    Edges {
        empty: all.iter().all(|e| e.empty),
        starts_delimited: delimited_from(all.iter().copied(), false),
        ends_delimited: delimited_from(
            all.iter().rev().map(|e| Edges {
                starts_delimited: e.ends_delimited,
                ..*e
            }),
            false,
        ),
        apostrophe: false,
    }
}

/// Whether the first non-empty expansion of these nodes, taken in order,
/// certainly starts with a delimiter; `fallback` when they can all be empty.
fn delimited_from(mut nodes: impl Iterator<Item = Edges>, fallback: bool) -> bool {
    for e in nodes.by_ref() {
        if e.apostrophe {
            continue;
        }
        let delimited = e.starts_delimited;
        if !e.empty {
            return delimited;
        }
        if !delimited {
            return false;
        }
    }
    fallback
}

/// For each node of `seq`, whether a delimiter certainly lies just before it
/// and just after it (`left_open`, `right_open`: beyond the sequence's edges).
fn delimited_sides(seq: &Seq, sets: &Sets, left_open: bool, right_open: bool) -> Vec<(bool, bool)> {
    let all: Vec<Edges> = seq.iter().map(|n| edges(n, sets)).collect();
    (0..seq.len())
        .map(|i| {
            // The neighbour before node i is the end of some earlier node (or
            // the pattern's own left edge), reading right to left.
            let before = all[..i].iter().rev().map(|e| Edges {
                starts_delimited: e.ends_delimited,
                ..*e
            });
            let left = delimited_from(before, left_open);
            let right = delimited_from(all[i + 1..].iter().copied(), right_open);
            (left, right)
        })
        .collect()
}

fn cover(seq: &Seq, sets: &Sets, left_open: bool, right_open: bool) -> Option<Vec<String>> {
    let sides = delimited_sides(seq, sets, left_open, right_open);
    let mut best: Option<Vec<String>> = None;
    for (node, &(left, right)) in seq.iter().zip(&sides) {
        let Some(words) = node_cover(node, sets, left, right) else {
            continue;
        };
        if best.as_ref().is_none_or(|b| cost(&words) < cost(b)) {
            best = Some(words);
        }
    }
    best
}

/// A pattern part with its text normalised as a text is, so that the pattern
/// can be walked over the normalised text without expanding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Part {
    /// Words separated by spaces; a space at an edge joins the neighbour.
    Text(Box<str>),
    Alt(Vec<Vec<Part>>),
    /// A named set's literals, each a [`Part::Text`].
    Set(Vec<Box<str>>),
}

/// `seq` with its text normalised piece by piece, when that gives exactly the
/// phrases that normalising each expansion gives: every piece is words
/// separated by spaces, and no word is glued to a neighbouring piece (where
/// `sorr(y|ies)` or `(it|that)'s` would only become a word, or a contraction,
/// once expanded). `None` otherwise: such patterns are expanded instead.
pub(crate) fn normal_form(seq: &Seq, sets: &Sets) -> Option<Vec<Part>> {
    normal_seq(seq, sets, true, true)
}

fn normal_seq(seq: &Seq, sets: &Sets, left_open: bool, right_open: bool) -> Option<Vec<Part>> {
    let sides = delimited_sides(seq, sets, left_open, right_open);
    seq.iter()
        .zip(sides)
        .map(|(node, (left, right))| match node {
            Node::Text(t) => normal_piece(t, left, right).map(Part::Text),
            Node::Set(name) => sets
                .get(name)?
                .iter()
                .map(|literal| normal_piece(literal, left, right))
                .collect::<Option<_>>()
                .map(Part::Set),
            Node::Alt(alts) => alts
                .iter()
                .map(|a| normal_seq(a, sets, left, right))
                .collect::<Option<_>>()
                .map(Part::Alt),
        })
        .collect()
}

/// A piece of pattern text normalised word by word, keeping a space at either
/// edge; `None` if it holds anything but plain words, sentence punctuation and
/// spaces, or a word touches an edge that is not `open` (no delimiter
/// certainly lies beyond).
fn normal_piece(text: &str, left_open: bool, right_open: bool) -> Option<Box<str>> {
    let glued_left = !left_open && text.chars().next().is_some_and(is_word_char);
    let glued_right = !right_open && text.chars().next_back().is_some_and(is_word_char);
    if glued_left || glued_right {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 4);
    if text.starts_with(' ') {
        out.push(' ');
    }
    let mut tokens = text.split(' ').filter(|t| !t.is_empty()).peekable();
    while let Some(token) = tokens.next() {
        // `sorry,` is a word and its punctuation.
        let (word, marks) = token.split_at(token.trim_end_matches(is_sentence_mark).len());
        if !(word.is_empty() || is_plain_word(word)) || !marks.chars().all(is_sentence_mark) {
            return None;
        }
        if !word.is_empty() {
            out.push_str(&normalise_phrase(word));
        }
        out.push_str(marks);
        if tokens.peek().is_some() {
            out.push(' ');
        }
    }
    if text.ends_with(' ') && text.len() > 1 {
        out.push(' ');
    }
    Some(out.into())
}

/// Punctuation that the normaliser keeps, with no space before it.
pub(crate) fn is_sentence_mark(c: char) -> bool {
    matches!(c, ',' | '.' | ';' | ':' | '!' | '?')
}

/// Word characters, with apostrophes and hyphens only between two of them
/// (`can't`, `e-mail`).
fn is_plain_word(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    chars.iter().enumerate().all(|(i, &c)| {
        is_word_char(c)
            || (matches!(c, '\'' | '\u{2019}' | '-')
                && i > 0
                && chars.get(i + 1).is_some_and(|&n| is_word_char(n))
                && is_word_char(chars[i - 1]))
    })
}

/// Lower is better: how often the words occur together, then fewer words.
fn cost(words: &[String]) -> (usize, usize) {
    (words.iter().map(|w| frequency(w)).sum(), words.len())
}

fn node_cover(node: &Node, sets: &Sets, left: bool, right: bool) -> Option<Vec<String>> {
    match node {
        Node::Text(t) => text_anchor(t, left, right).map(|w| vec![w]),
        Node::Set(name) if left && right => sets
            .get(name)?
            .iter()
            .map(|l| text_anchor(l, true, true))
            .collect(),
        Node::Set(_) => None,
        Node::Alt(alts) => {
            let mut words = Vec::new();
            for alt in alts {
                words.extend(cover(alt, sets, left, right)?);
            }
            Some(words)
        }
    }
}

/// The best whole word of a piece of pattern text, normalised. Words touching
/// an edge of the text count only when that edge is `open` (a delimiter or the
/// end of the phrase lies beyond it).
fn text_anchor(text: &str, left_open: bool, right_open: bool) -> Option<String> {
    let mut best: Option<String> = None;
    for (start, end) in raw_words(text) {
        let whole_left = if start == 0 {
            left_open
        } else {
            text[..start].chars().next_back().is_some_and(is_delimiter)
        };
        let whole_right = if end == text.len() {
            right_open
        } else {
            text[end..].chars().next().is_some_and(is_delimiter)
        };
        if !(whole_left && whole_right) {
            continue;
        }
        let normal = normalise_phrase(&text[start..end]);
        for word in normal.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()) {
            if best.as_deref().is_none_or(|b| anchor_rank(word) > anchor_rank(b)) {
                best = Some(word.to_string());
            }
        }
    }
    best
}

/// Byte ranges of the words of `text`, apostrophes inside words included.
fn raw_words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_is_word = chars.peek().is_some_and(|&(_, n)| is_word_char(n));
        let inside = is_word_char(c) || (start.is_some() && !is_delimiter(c) && next_is_word);
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(pattern: &str, sets: &Sets) -> Vec<String> {
        let mut v = expand(pattern, sets).unwrap();
        v.sort();
        v
    }

    fn anchors(pattern: &str, sets: &Sets) -> Option<Vec<String>> {
        anchor_words(&parse(pattern, sets).unwrap(), sets)
    }

    #[test]
    fn alternation_and_optional() {
        let sets = Sets::new();
        assert_eq!(
            sorted("(that is|it is) [our ]policy", &sets),
            [
                "it is our policy",
                "it is policy",
                "that is our policy",
                "that is policy"
            ]
        );
    }

    #[test]
    fn phrases_come_with_the_last_part_varying_fastest() {
        let mut sets = Sets::new();
        sets.insert("S".into(), vec!["x".into(), "y".into()]);
        sets.insert("NONE".into(), Vec::new());
        assert_eq!(
            expand("(a|b) [c ]{S}", &sets).unwrap(),
            ["a c x", "a c y", "a x", "a y", "b c x", "b c y", "b x", "b y"]
        );
        assert!(expand("a {NONE}", &sets).unwrap().is_empty());
        assert_eq!(expand("", &sets).unwrap(), [""]);
    }

    #[test]
    fn nested_groups_and_sets() {
        let mut sets = Sets::new();
        sets.insert("EMO".into(), vec!["upset".into(), "angry".into()]);
        assert_eq!(
            sorted("you (seem (very |)|are ){EMO}", &sets),
            [
                "you are angry",
                "you are upset",
                "you seem angry",
                "you seem upset",
                "you seem very angry",
                "you seem very upset"
            ]
        );
    }

    #[test]
    fn errors() {
        let sets = Sets::new();
        assert_eq!(expand("(a|b", &sets), Err(PatternError::Unbalanced('(')));
        assert_eq!(expand("a]", &sets), Err(PatternError::Unbalanced(']')));
        assert_eq!(
            expand("{NOPE}", &sets),
            Err(PatternError::UnknownSet("NOPE".into()))
        );
        let huge = "(a|b|c|d|e|f|g|h|i|j)".repeat(4);
        assert_eq!(expand(&huge, &sets), Err(PatternError::TooLarge));
        // Past usize's range, as a sum of alternatives too: no overflow.
        let vast = format!("(x{}|y)", "(a|b)".repeat(200));
        assert_eq!(expand(&vast, &sets), Err(PatternError::TooLarge));
        let deep = format!("{}a{}", "(".repeat(17), ")".repeat(17));
        assert_eq!(expand(&deep, &sets), Err(PatternError::TooDeep));
        assert!(expand(&format!("{}a{}", "(".repeat(16), ")".repeat(16)), &sets).is_ok());
        assert_eq!(
            expand(&"a".repeat(MAX_LENGTH + 1), &sets),
            Err(PatternError::TooLong)
        );
    }

    #[test]
    fn anchor_words_cover_every_phrase() {
        let mut sets = Sets::new();
        sets.insert("EMO".into(), vec!["upset".into(), "let down".into()]);
        assert_eq!(
            anchors("(that's|it is) [our ]policy", &sets),
            Some(vec!["policy".into()])
        );
        assert_eq!(anchors("you seem {EMO}", &sets), Some(vec!["seem".into()]));
        assert_eq!(
            anchors("you are {EMO}", &sets),
            Some(vec!["down".into(), "upset".into()])
        );
        assert_eq!(
            anchors("(calm|relax) now", &sets),
            Some(vec!["calm".into(), "relax".into()])
        );
        // Words glued to a group or an apostrophe are not whole words.
        assert_eq!(anchors("sorr(y|ies)", &sets), None);
        assert_eq!(anchors("you('re| are) wrong", &sets), Some(vec!["wrong".into()]));
        assert_eq!(anchors("[please ]relax", &sets), Some(vec!["relax".into()]));
        assert_eq!(anchors("[x]", &sets), None);
    }

    #[test]
    fn quote_marks_delimit_words_that_apostrophes_would_glue() {
        let mut sets = Sets::new();
        sets.insert("CLAIM".into(), vec!["broken".into(), "late".into()]);
        let claims = Some(vec!["broken".to_string(), "late".to_string()]);
        // Quoted after a space, at the end of the phrase or before a space.
        assert_eq!(anchors("(the|your) '{CLAIM}'", &sets), claims);
        assert_eq!(
            anchors("(the|your) \u{2018}{CLAIM}\u{2019}, (the|your)", &sets),
            claims
        );
        assert_eq!(anchors("'{CLAIM}'", &sets), claims);
        // An apostrophe between a word and a group may make a contraction:
        // `won't` is `will not`, and `won` no word of it.
        assert_eq!(
            anchors("(can|won)'t (the|your) parcel", &sets),
            Some(vec!["parcel".into()])
        );
        assert_eq!(
            anchors("(the|your) {CLAIM}'s", &sets),
            Some(vec!["the".into(), "your".into()])
        );
        assert_eq!(
            anchors("(the|your) x'{CLAIM}'", &sets),
            Some(vec!["the".into(), "your".into()])
        );
    }

    #[test]
    fn anchors_are_the_words_least_often_met() {
        let sets = Sets::new();
        // A short word beats a very common one...
        assert_eq!(anchors("at the end of the day", &sets), Some(vec!["end".into()]));
        // ...and several rare words beat one that is on every line.
        assert_eq!(
            anchors("and (we|i) (will|shall|may)", &sets),
            Some(vec!["may".into(), "shall".into(), "will".into()])
        );
        assert_eq!(anchors("and (we|you) (are|is)", &sets), Some(vec!["and".into()]));
    }
}

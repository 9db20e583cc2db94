//! Sentences of the normalised text: where one ends and the next begins.
//!
//! Context is read sentence by sentence, so finding a sentence's bounds must stay
//! cheap and local: a text's sentence ends are found once, and a sentence
//! reaches at most [`MAX_SENTENCE`] bytes either side of what it is asked about.

use std::borrow::Cow;
use std::ops::Range;

use crate::seek::Cursor;

/// How far a sentence reaches; keeps the context of one enormous line small.
const MAX_SENTENCE: usize = 600;

pub(crate) fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Where the sentences of a text end, found in one pass: a text asks for the
/// sentence around each of its candidates, often many to a sentence.
pub(crate) struct Sentences<'a> {
    text: &'a str,
    /// The offset of every character that ends a sentence, in order; each
    /// is one byte.
    ends: Cow<'a, [usize]>,
    /// Where the last search of `ends` ended.
    cursor: Cursor,
}

impl<'a> Sentences<'a> {
    #[cfg(test)]
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            ends: Cow::Owned(ends(text)),
            cursor: Cursor::default(),
        }
    }

    /// The sentences of `text`, whose [`ends`] are known.
    pub fn with_ends(text: &'a str, ends: &'a [usize]) -> Self {
        Self {
            text,
            ends: Cow::Borrowed(ends),
            cursor: Cursor::default(),
        }
    }

    /// The sentence containing `start..end`: from after the previous sentence
    /// end to the next one, at most [`MAX_SENTENCE`] bytes either side.
    pub fn around(&self, start: usize, end: usize) -> Range<usize> {
        let lo = floor_char(self.text, start.saturating_sub(MAX_SENTENCE));
        let hi = floor_char(self.text, (end + MAX_SENTENCE).min(self.text.len()));
        let before = self.ends_before(start);
        let s = match before.checked_sub(1).map(|b| self.ends[b]) {
            Some(i) if i >= lo => i + 1,
            _ => lo,
        };
        let e = match self.ends.get(self.ends_before(end)) {
            Some(&i) if i < hi => i + 1,
            _ => hi,
        };
        s..e
    }

    /// Whether a sentence from [`Sentences::around`] was cut at the bound,
    /// rather than reaching a sentence end or an end of the text either side.
    pub fn cut(&self, sentence: &Range<usize>) -> bool {
        let whole = |i: usize| {
            i == 0 || i == self.text.len() || self.ends.get(self.ends_before(i - 1)) == Some(&(i - 1))
        };
        !whole(sentence.start) || !whole(sentence.end)
    }

    /// How many sentence ends lie before `at`.
    fn ends_before(&self, at: usize) -> usize {
        self.cursor
            .partition_point(self.ends.len(), |i| self.ends[i] < at)
    }
}

/// The offset of every character of `text` that ends a sentence, in order.
pub(crate) fn ends(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    // memchr looks for three bytes at most: the `?` come from a second
    // pass, merged in order with the rest.
    let mut others = memchr::memchr3_iter(b'\n', b'.', b'!', bytes).peekable();
    let mut questions = memchr::memchr_iter(b'?', bytes).peekable();
    let mut ends = Vec::new();
    while let Some(i) = match (others.peek(), questions.peek()) {
        (Some(o), Some(q)) if q < o => questions.next(),
        (Some(_), _) => others.next(),
        (None, _) => questions.next(),
    } {
        if ends_sentence(text, i, char::from(bytes[i])) {
            ends.push(i);
        }
    }
    ends
}

/// Whether the character `c` at `i` ends a sentence.
pub(crate) fn ends_sentence(text: &str, i: usize, c: char) -> bool {
    // What stands around a terminator is told by its ASCII bytes, without
    // decoding the characters.
    let next = text.as_bytes().get(i + 1);
    match c {
        '\n' => true,
        '!' | '?' => !matches!(next, Some(b'!' | b'?')),
        '.' => {
            let at_end = next.is_none_or(|b| matches!(b, b' ' | b'\n' | b'"' | b'\'' | b')'));
            at_end && !is_abbreviation(&text[..i], &text[i + 1..])
        }
        _ => false,
    }
}

fn is_abbreviation(before: &str, after: &str) -> bool {
    let delimiter = before.bytes().rposition(|b| matches!(b, b' ' | b'\n' | b'('));
    let word = &before[delimiter.map_or(0, |d| d + 1)..];
    let numbered = word == "no" && after.trim_start().starts_with(|c: char| c.is_ascii_digit());
    numbered
        || matches!(
            word,
            "mr" | "mrs" | "ms" | "dr" | "st" | "e.g" | "i.e" | "etc" | "vs" | "approx" | "ref"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence_of<'a>(text: &'a str, needle: &str) -> &'a str {
        let start = text.find(needle).unwrap();
        &text[Sentences::new(text).around(start, start + needle.len())]
    }

    #[test]
    fn sentences_split_on_terminators_not_abbreviations() {
        let t = "hi mr. lee. that is our policy, sorry! call no. 5 today?";
        assert_eq!(sentence_of(t, "policy"), " that is our policy, sorry!");
        assert_eq!(sentence_of(t, "lee"), "hi mr. lee.");
        assert_eq!(sentence_of(t, "today"), " call no. 5 today?");
    }

    #[test]
    fn a_sentence_is_read_at_most_a_bound_either_side() {
        let long = format!("one. {} two {} three.", "a ".repeat(400), "b ".repeat(400));
        let two = long.find("two").unwrap();
        let sentences = Sentences::new(&long);
        let around = sentences.around(two, two + 3);
        assert_eq!(around, two - MAX_SENTENCE..two + 3 + MAX_SENTENCE);
        assert!(sentences.cut(&around));
        let short = "one. two three. four";
        let two = short.find("two").unwrap();
        assert_eq!(&short[Sentences::new(short).around(two, two + 3)], " two three.");
        assert_eq!(&short[Sentences::new(short).around(0, 3)], "one.");
        assert_eq!(&short[Sentences::new(short).around(16, 20)], " four");
        assert!(!Sentences::new(short).cut(&(4..15)));
    }
}

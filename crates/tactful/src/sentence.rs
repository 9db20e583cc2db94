//! Sentences of the normalised text: where one ends and the next begins.
//!
//! Context is read sentence by sentence, so finding a sentence's bounds must stay
//! cheap and local: it looks at most [`MAX_SENTENCE`] bytes either side.

use std::ops::Range;

/// How far to look for a sentence end; keeps one enormous line linear.
const MAX_SENTENCE: usize = 600;

pub(crate) fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The sentence containing `start..end`: from after the previous sentence end to
/// the next one, at most [`MAX_SENTENCE`] bytes either side.
pub(crate) fn sentence_range(text: &str, start: usize, end: usize) -> Range<usize> {
    let lo = floor_char(text, start.saturating_sub(MAX_SENTENCE));
    let hi = floor_char(text, (end + MAX_SENTENCE).min(text.len()));
    let head = &text[lo..start];
    let s = head
        .char_indices()
        .rev()
        .find(|&(i, c)| ends_sentence(text, lo + i, c))
        .map_or(lo, |(i, c)| lo + i + c.len_utf8());
    let tail = &text[end..hi];
    let e = tail
        .char_indices()
        .find(|&(i, c)| ends_sentence(text, end + i, c))
        .map_or(hi, |(i, c)| end + i + c.len_utf8());
    s..e
}

/// Whether the character `c` at `i` ends a sentence.
pub(crate) fn ends_sentence(text: &str, i: usize, c: char) -> bool {
    match c {
        '\n' => true,
        '!' | '?' => !text[i + 1..].starts_with(['!', '?']),
        '.' => {
            let rest = &text[i + 1..];
            let at_end = rest.is_empty() || rest.starts_with([' ', '\n', '"', '\'', ')']);
            at_end && !is_abbreviation(&text[..i], rest)
        }
        _ => false,
    }
}

fn is_abbreviation(before: &str, after: &str) -> bool {
    let word = before.rsplit([' ', '\n', '(']).next().unwrap_or("");
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
        &text[sentence_range(text, start, start + needle.len())]
    }

    #[test]
    fn sentences_split_on_terminators_not_abbreviations() {
        let t = "hi mr. lee. that is our policy, sorry! call no. 5 today?";
        assert_eq!(sentence_of(t, "policy"), " that is our policy, sorry!");
        assert_eq!(sentence_of(t, "lee"), "hi mr. lee.");
        assert_eq!(sentence_of(t, "today"), " call no. 5 today?");
    }
}

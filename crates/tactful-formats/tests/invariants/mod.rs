//! What the readers promise for any file they read, as assertions: shared by the
//! property tests and the fuzz targets (`fuzz/src/lib.rs`).

// Each test crate that includes this module uses only part of it.
#![allow(dead_code)]

use std::ops::Range;

use tactful_formats::{Kind, Options, Reply, read};

/// Every char of the reply's text maps to a span of the file on char
/// boundaries, in the text's order; where that span is as long as the char and
/// the char is not white space (which YAML folds), it is the char itself.
pub fn assert_maps_into(file: &str, reply: &Reply<'_>) {
    let text = &reply.text;
    let mut last = 0;
    for (i, c) in text.char_indices() {
        let span = reply.file_span(i..i + c.len_utf8());
        assert!(
            last <= span.start && span.start <= span.end && span.end <= file.len(),
            "{c:?} at {i}: {span:?}"
        );
        assert!(
            file.is_char_boundary(span.start) && file.is_char_boundary(span.end),
            "{span:?}"
        );
        let raw = &file[span.clone()];
        if raw.len() == c.len_utf8() && !c.is_whitespace() {
            assert_eq!(raw.chars().next(), Some(c), "{c:?} at {i} maps to {raw:?}");
        }
        last = span.start;
    }
    let whole = reply.file_span(0..text.len());
    assert!(whole.start <= whole.end && whole.end <= file.len(), "{whole:?}");
}

/// The first word of reply `i` of `file`, rewritten as `rewrite` with
/// [`Reply::encode`] at the word's file span, reads back as the reply's text
/// with that word rewritten, the other replies as they were. Nothing is checked
/// when the reply has no word or the rewrite cannot go in place.
pub fn assert_rewrite_reads_back(file: &str, kind: Kind, replies: &[Reply<'_>], i: usize, rewrite: &str) {
    let text = &replies[i].text;
    let Some(word) = first_word(text) else { return };
    let Some(encoded) = replies[i].encode(rewrite) else {
        return;
    };
    let at = replies[i].file_span(word.clone());
    let rewritten = format!("{}{encoded}{}", &file[..at.start], &file[at.end..]);
    let again = read(&rewritten, kind, &Options::default())
        .unwrap_or_else(|e| panic!("{rewritten:?} no longer reads: {e}"));
    let mut expected = texts(replies);
    expected[i] = format!("{}{rewrite}{}", &text[..word.start], &text[word.end..]);
    assert_eq!(
        texts(&again),
        expected,
        "after rewriting {word:?} of reply {i} in {rewritten:?}"
    );
}

fn texts(replies: &[Reply<'_>]) -> Vec<String> {
    replies.iter().map(|r| r.text.to_string()).collect()
}

/// The byte range of the first run of ASCII letters in `text`.
fn first_word(text: &str) -> Option<Range<usize>> {
    let start = text.find(|c: char| c.is_ascii_alphabetic())?;
    let len = text[start..]
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(text.len() - start);
    Some(start..start + len)
}

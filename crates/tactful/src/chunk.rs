//! Chunk: a very large plain text is checked a piece at a time, so that memory
//! stays close to the size of the input whatever its length.
//!
//! Pieces are cut at blank lines (where a sentence always ends) and each is
//! checked with up to [`MARGIN`] bytes of the text around it, cut at blank
//! lines too, so that every context window of the judge — a sentence, the next
//! sentence, a reply's worth either side — sees the same text as it would in
//! the whole. Only the findings that start inside the piece itself are kept.
//! Mail history and signatures hide the rest of the text, so the text is cut
//! where they start before it is split.
//!
//! Markdown and HTML are always checked whole: a blank line there may sit
//! inside a code block or an element, which a piece on its own would misread.

use std::ops::Range;

use memchr::memmem;

use crate::mask;
use crate::report::Diagnostic;
use crate::source::Format;

/// Texts up to this size are checked whole; larger ones in pieces of about it.
pub(crate) const CHUNK: usize = 1 << 20;

/// Context read either side of a piece: far more than the judge's widest
/// window (a reply's worth, a few thousand bytes).
pub(crate) const MARGIN: usize = 64 << 10;

const BLANK_LINE: &[u8] = b"\n\n";

/// Checks `text` with `check`, in pieces when it is large plain text.
pub(crate) fn check(
    text: &str,
    format: Format,
    check: impl Fn(&str) -> Vec<Diagnostic>,
    (chunk, margin): (usize, usize),
) -> Vec<Diagnostic> {
    if format != Format::Plain || text.len() <= chunk {
        return check(text);
    }
    let text = &text[..mask::tail_start(text, format).unwrap_or(text.len())];
    let mut out = Vec::new();
    for (context, keep) in pieces(text, chunk, margin) {
        let found = check(&text[context.clone()]);
        out.extend(found.into_iter().filter_map(|mut d| {
            d.span = d.span.start + context.start..d.span.end + context.start;
            keep.contains(&d.span.start).then_some(d)
        }));
    }
    out
}

/// `(context, piece)` byte ranges that cover `text`: pieces of about `chunk`
/// bytes, each inside its context of up to `margin` more bytes either side.
fn pieces(text: &str, chunk: usize, margin: usize) -> Vec<(Range<usize>, Range<usize>)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let end = cut_after(bytes, start + chunk);
        let context = cut_before(bytes, start.saturating_sub(margin))..cut_after(bytes, end + margin);
        out.push((context, start..end));
        start = end;
    }
    out
}

/// The first place at or after `at` just past a blank line, or the end.
fn cut_after(bytes: &[u8], at: usize) -> usize {
    if at >= bytes.len() {
        return bytes.len();
    }
    memmem::find(&bytes[at..], BLANK_LINE).map_or(bytes.len(), |i| at + i + BLANK_LINE.len())
}

/// The last place at or before `at` just past a blank line, or the start.
fn cut_before(bytes: &[u8], at: usize) -> usize {
    memmem::rfind(&bytes[..at], BLANK_LINE).map_or(0, |i| i + BLANK_LINE.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_are_cut_at_blank_lines_and_cover_the_text() {
        let text = "one two.\n\nthree four.\n\nfive six.\n\nseven.";
        let pieces = pieces(text, 5, 12);
        let kept: Vec<&str> = pieces.iter().map(|(_, k)| &text[k.clone()]).collect();
        assert_eq!(
            kept,
            ["one two.\n\n", "three four.\n\n", "five six.\n\n", "seven."]
        );
        assert_eq!(&text[pieces[2].0.clone()], "three four.\n\nfive six.\n\nseven.");
    }

    #[test]
    fn a_text_without_blank_lines_is_one_piece() {
        let text = "a very long line. ".repeat(10);
        assert_eq!(pieces(&text, 8, 4), [(0..text.len(), 0..text.len())]);
    }
}

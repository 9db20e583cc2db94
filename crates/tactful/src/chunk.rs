//! Chunk: a very large plain or HTML text is checked a piece at a time, so that
//! memory stays close to the size of the input whatever its length.
//!
//! Each piece is checked inside a context of at least a margin of bytes of the
//! text either side, and only the findings that start inside the piece itself
//! are kept. Every window of the judge is far narrower than the margin: a
//! sentence looks at most 600 bytes either side, a reply-wide window 4,000, a
//! reply's opening 400. So a finding inside the piece is judged on the same
//! text as in the whole, and the piece's own edges may fall anywhere.
//!
//! What matters is where a context starts and ends, for a few readings carry on
//! from the start of the text:
//! - mail history and signatures hide the rest of the text, so the text is cut
//!   where they start before it is split;
//! - HTML skips the content of some elements (quotes, code, comments) and marks
//!   bold text up to its closing tag, so an HTML context starts and ends only
//!   where the tag scanner stands outside every tag, skipped element and
//!   emphasis;
//! - quoted lines, history and signatures are recognised where a line starts,
//!   so a context that starts inside a line is checked behind a NUL, which
//!   starts no such line and is no word.
//!
//! Contexts are cut, in order of preference, just past a blank line (where a
//! sentence always ends), a line break, a sentence end (`. `, `! `, `? `) or
//! other whitespace, whichever kind is found first within a margin of the
//! wanted place; a text on one enormous line is thus cut too. Markdown is always
//! checked whole: a blank line there may sit inside a list or a code block, and
//! link references reach across the whole document.

use std::ops::Range;

use memchr::{memchr_iter, memchr3_iter, memmem};

use crate::mask;
use crate::report::Diagnostic;
use crate::source::{Format, HtmlScanner};

/// How large a text is checked whole, and the pieces a larger one is cut into.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sizes {
    /// Texts up to this size are checked whole.
    pub whole: usize,
    /// Larger ones in pieces of about this size.
    pub piece: usize,
    /// Context read either side of a piece.
    pub margin: usize,
}

impl Sizes {
    /// A piece's working copies (tokens, the normalised view, candidates)
    /// cost about ten times its size, so pieces are small; a text of up to a
    /// mebibyte, whose copies cost little, is checked whole rather than pay
    /// for the margins, which make a piece cost an eighth more than its share.
    /// The margin is four times the judge's widest window (a reply's worth,
    /// a few thousand bytes).
    pub const DEFAULT: Self = Self {
        whole: 1 << 20,
        piece: 256 << 10,
        margin: 16 << 10,
    };
}

/// Stands before a context that starts inside a line (see the module docs).
const GUARD: &str = "\0";

/// A part of a text that is checked on its own: its piece, where the findings
/// kept start, and the context read around it. See [`crate::Linter::parts`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    context: Range<usize>,
    piece: Range<usize>,
}

/// The findings of `text` by `check`, in order of position: checked whole, or
/// one piece after another as the iterator is advanced when it is large plain
/// text or HTML, so only one piece's findings are held at a time.
pub(crate) fn check<'a>(
    text: &'a str,
    format: Format,
    check: impl Fn(&str) -> Vec<Diagnostic> + 'a,
    sizes: Sizes,
) -> impl Iterator<Item = Diagnostic> + 'a {
    parts(text, format, sizes)
        .into_iter()
        .flat_map(move |part| check_part(text, &part, &check))
}

/// The parts `text` is checked in: the whole text, or pieces of large plain
/// text or HTML, up to where mail history or a signature hides the rest.
pub(crate) fn parts(text: &str, format: Format, sizes: Sizes) -> Vec<Part> {
    let ranges = match format == Format::Markdown || text.len() <= sizes.whole {
        // Matches are never empty, so every finding starts before the end.
        true => vec![(0..text.len(), 0..text.len())],
        false => {
            let text = &text[..mask::tail_start(text, format).unwrap_or(text.len())];
            pieces(text, format, sizes.piece, sizes.margin)
        }
    };
    let part = |(context, piece)| Part { context, piece };
    ranges.into_iter().map(part).collect()
}

/// The findings by `check` of one part of `text` that start in its piece.
pub(crate) fn check_part(
    text: &str,
    part: &Part,
    check: &impl Fn(&str) -> Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut found = check_context(text, part.context.clone(), check);
    found.retain(|d| part.piece.contains(&d.span.start));
    found
}

/// The findings of `text[context]`, with spans in offsets of `text`.
fn check_context(
    text: &str,
    context: Range<usize>,
    check: &impl Fn(&str) -> Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let inside_line = context.start > 0 && text.as_bytes()[context.start - 1] != b'\n';
    let (mut found, shift) = match inside_line {
        true => (
            check(&[GUARD, &text[context.clone()]].concat()),
            context.start - GUARD.len(),
        ),
        false => (check(&text[context.clone()]), context.start),
    };
    for d in &mut found {
        d.span = d.span.start + shift..d.span.end + shift;
    }
    found
}

/// `(context, piece)` byte ranges that cover `text`: pieces of about `chunk`
/// bytes, each inside its context of at least `margin` more bytes either side
/// (or up to the text's ends).
fn pieces(text: &str, format: Format, chunk: usize, margin: usize) -> Vec<(Range<usize>, Range<usize>)> {
    // Cuts at least a margin apart: a piece runs from one cut to another, and
    // its context from the cut before to the cut after.
    let step = margin.max(1);
    let mut cutter = Cutter::new(text, format);
    let mut cuts = vec![0];
    while let Some(&last) = cuts.last().filter(|&&last| last < text.len()) {
        cuts.push(cutter.next(last + step, step));
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < cuts.len() {
        let j = (i + 1..cuts.len())
            .find(|&j| cuts[j] >= cuts[i] + chunk)
            .unwrap_or(cuts.len() - 1);
        let context = cuts[i.saturating_sub(1)]..cuts[(j + 1).min(cuts.len() - 1)];
        out.push((context, cuts[i]..cuts[j]));
        i = j;
    }
    out
}

/// The kinds of place a text is cut at, in order of preference; each cut
/// falls just after the place's last byte.
#[derive(Debug, Clone, Copy)]
enum Place {
    BlankLine,
    LineBreak,
    SentenceEnd,
    Whitespace,
}

const PLACES: [Place; 4] = [
    Place::BlankLine,
    Place::LineBreak,
    Place::SentenceEnd,
    Place::Whitespace,
];

/// Finds cuts in a text, walking forward.
struct Cutter<'a> {
    text: &'a str,
    /// For HTML, the tag scanner, standing at or before the last cut.
    html: Option<HtmlScanner>,
}

impl<'a> Cutter<'a> {
    fn new(text: &'a str, format: Format) -> Self {
        Self {
            text,
            html: (format == Format::Html).then(HtmlScanner::default),
        }
    }

    /// The first cut at or after `at` of the most preferred kind found within
    /// `near` bytes; failing all, the first whitespace after, or the end.
    fn next(&mut self, at: usize, near: usize) -> usize {
        let len = self.text.len();
        if at >= len {
            return len;
        }
        let window = at..(at + near).min(len);
        PLACES
            .into_iter()
            .find_map(|place| self.first(place, window.clone()))
            .or_else(|| self.first(Place::Whitespace, at..len))
            .unwrap_or(len)
    }

    /// The first cut after a `place` starting in `range` where the text can be
    /// read on its own; the HTML scanner moves there when there is one.
    fn first(&mut self, place: Place, range: Range<usize>) -> Option<usize> {
        let text = self.text;
        let mut html = self.html.clone();
        let found = places(text.as_bytes(), place, range)
            .find(|&cut| html.as_mut().is_none_or(|h| h.reads_alone_from(text, cut)));
        if found.is_some() {
            self.html = html;
        }
        found
    }
}

/// The cuts just after each `place` that starts in `range` of `bytes`, in order.
fn places(bytes: &[u8], place: Place, range: Range<usize>) -> Box<dyn Iterator<Item = usize> + '_> {
    let start = range.start;
    let end = bytes.len().min(range.end + 1);
    let hay = &bytes[start..end];
    match place {
        Place::BlankLine => Box::new(memmem::find_iter(hay, b"\n\n").map(move |i| start + i + 2)),
        Place::LineBreak => Box::new(memchr_iter(b'\n', hay).map(move |i| start + i + 1)),
        Place::SentenceEnd => Box::new(
            memchr_iter(b' ', hay)
                .filter(move |&i| i > 0 && matches!(hay[i - 1], b'.' | b'!' | b'?'))
                .map(move |i| start + i + 1),
        ),
        Place::Whitespace => Box::new(memchr3_iter(b' ', b'\t', b'\n', hay).map(move |i| start + i + 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str, format: Format, chunk: usize, margin: usize) -> Vec<&str> {
        pieces(text, format, chunk, margin)
            .into_iter()
            .map(|(_, keep)| &text[keep])
            .collect()
    }

    #[test]
    fn pieces_cover_the_text_inside_contexts_a_margin_wider() {
        let text = "one two.\n\nthree.\n\nfour.\n\n".repeat(20);
        let (chunk, margin) = (40, 12);
        let pieces = pieces(&text, Format::Plain, chunk, margin);
        assert!(pieces.len() > 5);
        assert_eq!(pieces.first().unwrap().1.start, 0);
        assert_eq!(pieces.last().unwrap().1.end, text.len());
        for pair in pieces.windows(2) {
            assert_eq!(pair[0].1.end, pair[1].1.start);
        }
        for (context, keep) in &pieces {
            assert!(keep.start == 0 || keep.start - context.start >= margin);
            assert!(keep.end == text.len() || context.end - keep.end >= margin);
            // A blank line is never farther than the margin: every cut is at one.
            assert!(text[..keep.end].ends_with("\n\n"));
        }
    }

    #[test]
    fn without_blank_lines_pieces_are_cut_at_lines_then_sentences_then_spaces() {
        let lines = "aa bb cc.\ndd ee ff.\ngg hh ii.\njj";
        assert_eq!(
            kept(lines, Format::Plain, 6, 6),
            ["aa bb cc.\n", "dd ee ff.\n", "gg hh ii.\n", "jj"]
        );
        let sentences = "aa bb cc. dd ee ff! gg hh ii? jj";
        assert_eq!(
            kept(sentences, Format::Plain, 6, 6),
            ["aa bb cc. ", "dd ee ff! ", "gg hh ii? ", "jj"]
        );
        let words = "aaaa bbbb cccc dddd eeee";
        assert_eq!(
            kept(words, Format::Plain, 6, 6),
            ["aaaa bbbb ", "cccc dddd ", "eeee"]
        );
        let one_word = "a".repeat(50);
        assert_eq!(kept(&one_word, Format::Plain, 6, 6), [one_word.as_str()]);
    }

    #[test]
    fn html_is_never_cut_inside_a_tag_a_skipped_element_or_bold_text() {
        let text = "<p>one two\n\nthree</p>\n\n<blockquote>four five\n\nsix</blockquote>\n\n\
                    <b>seven eight\n\nnine</b>\n\n<a title=\"ten\n\neleven\">twelve</a>\n\n\
                    <!-- thirteen\n\nfourteen -->\n\nfifteen sixteen";
        let cuts: Vec<usize> = pieces(text, Format::Html, 1, 1)
            .into_iter()
            .map(|(_, keep)| keep.start)
            .collect();
        let between = |from: &str, to: &str| text.find(from).unwrap()..text.find(to).unwrap() + to.len();
        let closed = [
            between("<blockquote>", "</blockquote>"),
            between("<b>", "</b>"),
            between("<a ", "\">"),
            between("<!--", "-->"),
        ];
        assert!(cuts.len() > 6, "{cuts:?}");
        for cut in &cuts {
            assert!(
                !closed.iter().any(|c| c.start < *cut && *cut < c.end),
                "{cut} in {cuts:?}"
            );
        }
        let p = between("<p>", "</p>");
        assert!(cuts.iter().any(|cut| p.contains(cut) && *cut > p.start));
    }

    #[test]
    fn a_large_text_is_checked_a_piece_at_a_time_as_findings_are_asked_for() {
        let text = "one two.\n\n".repeat(100);
        let calls = std::cell::Cell::new(0);
        // A finding on every word `one` of the part.
        let ones = |part: &str| {
            calls.set(calls.get() + 1);
            let found = part.match_indices("one").map(|(start, _)| Diagnostic {
                rule: "test/one".into(),
                category: crate::Category::ALL[0],
                severity: crate::Severity::Info,
                message: "".into(),
                span: start..start + 3,
                matched: "one".to_string(),
                suggestions: Vec::new().into(),
                fix: None,
            });
            found.collect()
        };
        let sizes = Sizes {
            whole: 100,
            piece: 100,
            margin: 20,
        };
        let mut found = check(&text, Format::Plain, ones, sizes);
        let first = found.next().expect("the first piece's finding");
        assert_eq!((first.span.start, calls.get()), (0, 1));
        let starts: Vec<usize> = std::iter::once(0).chain(found.map(|d| d.span.start)).collect();
        assert!(calls.get() > 5, "{}", calls.get());
        let expected: Vec<usize> = text.match_indices("one").map(|(i, _)| i).collect();
        assert_eq!(starts, expected);
    }

    #[test]
    fn a_context_inside_a_line_does_not_start_a_quoted_line() {
        let text = "I can help. > You never listen. Thanks.";
        let start = text.find('>').unwrap();
        let seen = |part: &str| {
            assert_eq!(part, format!("{GUARD}{}", &text[start..]));
            Vec::new()
        };
        assert!(check_context(text, start..text.len(), &seen).is_empty());
    }
}

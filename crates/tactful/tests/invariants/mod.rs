//! What the engine promises for any text, as assertions: shared by the property
//! tests, the regression tests and the fuzz targets (`fuzz/src/lib.rs`).

// Each test crate that includes this module uses only part of it.
#![allow(dead_code)]

use std::ops::Range;

use tactful::{Diagnostic, Format, LineColumn, LineIndex, Linter, apply_fixes};

/// How many check-and-fix passes may change a text, as in `tactful check --fix`:
/// past that, two fixes are feeding each other.
pub const MAX_FIX_PASSES: usize = 10;

/// Every format the engine reads.
pub const FORMATS: [Format; 3] = [Format::Plain, Format::Markdown, Format::Html];

/// Spans inside the text, on char boundaries and not empty, `matched` equal to
/// the spanned text, diagnostics in order of position, and [`LineIndex`] lines
/// and columns equal to ones counted afresh.
pub fn assert_diagnostics(text: &str, found: &[Diagnostic]) {
    let index = LineIndex::new(text);
    let mut last = 0;
    for d in found {
        let span = d.span.clone();
        assert!(span.start < span.end && span.end <= text.len(), "{d:?}");
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{d:?}"
        );
        assert_eq!(text[span.clone()], d.matched);
        assert!(span.start >= last, "out of order: {found:?}");
        last = span.start;
        for offset in [span.start, span.end] {
            assert_eq!(
                index.line_column(offset),
                counted(text, offset),
                "offset {offset}"
            );
        }
    }
}

/// The 1-based line and column (in chars) of `offset`, counted from the start.
pub fn counted(text: &str, offset: usize) -> LineColumn {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    LineColumn {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

/// Checks and fixes `text` until no fix is left, as `--fix` does, and returns
/// the result: each pass keeps the engine's promises, changes only the flagged
/// spans and applies every fix that does not overlap an earlier one, and the
/// passes come to an end.
pub fn fix_until_settled(linter: &Linter, text: &str, format: Format) -> String {
    let mut text = text.to_owned();
    for _ in 0..MAX_FIX_PASSES {
        let found = linter.check(&text, format);
        assert_diagnostics(&text, &found);
        let replacements: Vec<_> = found.iter().filter_map(Diagnostic::replacement).collect();
        let fixed = apply_fixes(&text, replacements.iter().cloned());
        let spans: Vec<_> = replacements.into_iter().map(|(span, _)| span).collect();
        assert_eq!(fixed.applied, disjoint(&spans), "a fix was skipped: {found:?}");
        assert_outside_unchanged(&text, &spans, &fixed.text);
        if fixed.applied == 0 {
            assert_eq!(fixed.text, text);
            return text;
        }
        text = fixed.text;
    }
    panic!("fixes still change the text after {MAX_FIX_PASSES} passes: {text:?}");
}

/// How many of `spans` (in order of position) do not overlap one kept before.
fn disjoint(spans: &[Range<usize>]) -> usize {
    let mut end = 0;
    let mut kept = 0;
    for span in sorted(spans) {
        if span.start >= end {
            end = span.end;
            kept += 1;
        }
    }
    kept
}

/// The text outside `spans` comes through in order: what precedes the first
/// span starts `after`, what follows the last ends it, and each stretch in
/// between is found in `after` following the one before.
pub fn assert_outside_unchanged(before: &str, spans: &[Range<usize>], after: &str) {
    let mut stretches = Vec::new();
    let mut at = 0;
    for span in sorted(spans) {
        stretches.push(&before[at..span.start.max(at)]);
        at = at.max(span.end);
    }
    let last = &before[at..];
    assert!(
        after.ends_with(last),
        "the text after the last fix changed: {after:?}"
    );
    let mut rest = &after[..after.len() - last.len()];
    for (i, stretch) in stretches.into_iter().enumerate() {
        let found = if i == 0 {
            rest.starts_with(stretch).then_some(0)
        } else {
            rest.find(stretch)
        };
        let Some(found) = found else {
            panic!("{stretch:?}, outside the fixes, is not in {after:?}");
        };
        rest = &rest[found + stretch.len()..];
    }
}

fn sorted(spans: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut spans = spans.to_vec();
    spans.sort_by_key(|span| span.start);
    spans
}

//! The objects JavaScript sees: diagnostics shaped like the CLI's JSON output
//! (`--format json`), but with offsets in UTF-16 code units, and the
//! replacements JavaScript hands back to be written in.

use std::fmt;

use serde::{Deserialize, Serialize};
use tactful::{Diagnostic, LineIndex};

use crate::utf16::Utf16Cursor;

/// One diagnostic as JavaScript receives it. `line`/`column` are the CLI's
/// (1-based, counted in Unicode scalar values); `start`/`end` index the
/// JavaScript string directly, and `span` holds the same two under the key
/// the CLI's JSON uses.
#[derive(Debug, Serialize)]
pub struct Finding<'a> {
    rule: &'a str,
    category: &'static str,
    severity: &'static str,
    message: &'a str,
    start: usize,
    end: usize,
    span: Span,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    matched: &'a str,
    suggestions: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<&'a str>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
}

/// The diagnostics of `text` as JavaScript objects' data.
pub fn findings<'a>(text: &str, diagnostics: &'a [Diagnostic]) -> Vec<Finding<'a>> {
    let mut cursor = Utf16Cursor::new(text);
    let lines = LineIndex::new(text);
    diagnostics
        .iter()
        .map(|d| {
            let units = cursor
                .units(d.span.clone())
                .expect("the engine's spans lie on character boundaries of the text");
            let (start, end) = (lines.line_column(d.span.start), lines.line_column(d.span.end));
            Finding {
                rule: &d.rule,
                category: d.category.as_str(),
                severity: d.severity.as_str(),
                message: &d.message,
                start: units.start,
                end: units.end,
                span: Span {
                    start: units.start,
                    end: units.end,
                },
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                matched: &d.matched,
                suggestions: &d.suggestions,
                fix: d.fix.as_deref(),
            }
        })
        .collect()
}

/// What `applyFixes` reads of each diagnostic handed back: its UTF-16 span
/// and its fix, if it has one. Other keys are ignored.
#[derive(Debug, Deserialize)]
pub struct Replacement {
    start: usize,
    end: usize,
    fix: Option<String>,
}

/// A diagnostic handed back whose span is not one of the text's.
#[derive(Debug, PartialEq, Eq)]
pub struct StaleSpan {
    index: usize,
    start: usize,
    end: usize,
}

impl fmt::Display for StaleSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "diagnostic {}: {}..{} is not a span of this text (it ends past the text or splits a \
             character); check the text again before fixing",
            self.index, self.start, self.end
        )
    }
}

/// `text` with the fixes of `wanted` written in (those without one are
/// skipped, and overlapping ones as `tactful::apply_fixes` does).
pub fn apply(text: &str, wanted: &[Replacement]) -> Result<String, StaleSpan> {
    let mut cursor = Utf16Cursor::new(text);
    let mut replacements = Vec::new();
    for (index, r) in wanted.iter().enumerate() {
        let Some(fix) = &r.fix else { continue };
        let bytes = cursor.bytes(r.start..r.end).ok_or(StaleSpan {
            index,
            start: r.start,
            end: r.end,
        })?;
        replacements.push((bytes, fix.as_str()));
    }
    Ok(tactful::apply_fixes(text, replacements).text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tactful::{Format, Linter};

    /// `text` sliced like a JavaScript string.
    fn js_slice(text: &str, start: usize, end: usize) -> String {
        let units: Vec<u16> = text.encode_utf16().collect();
        String::from_utf16(&units[start..end]).unwrap()
    }

    const REPLY: &str = "Hello 👋🏽 Sam! 😀 We apologize for any inconvenience caused. Please calm down.";

    #[test]
    fn spans_select_the_matched_text_in_utf16_and_lines_match_the_engine() {
        let diagnostics = Linter::default_pack().check(REPLY, Format::Plain);
        let found = findings(REPLY, &diagnostics);
        assert!(found.len() >= 2, "{found:?}");
        for (f, d) in found.iter().zip(&diagnostics) {
            assert_eq!(js_slice(REPLY, f.start, f.end), f.matched);
            assert_eq!(
                f.span,
                Span {
                    start: f.start,
                    end: f.end
                }
            );
            assert!(
                f.start < d.span.start,
                "the emoji before it are fewer units than bytes"
            );
            assert_eq!(f.line, 1);
            assert_eq!(f.column, REPLY[..d.span.start].chars().count() + 1);
        }
    }

    #[test]
    fn fixes_handed_back_in_utf16_are_written_where_they_were_found() {
        let diagnostics = Linter::default_pack().check(REPLY, Format::Plain);
        let wanted: Vec<Replacement> = findings(REPLY, &diagnostics)
            .iter()
            .map(|f| Replacement {
                start: f.start,
                end: f.end,
                fix: f.fix.map(str::to_string),
            })
            .collect();
        assert!(
            wanted.iter().any(|r| r.fix.is_some()),
            "the reply has a fixable phrase"
        );
        let expected = tactful::apply_fixes(REPLY, diagnostics.iter().filter_map(Diagnostic::replacement));
        assert_eq!(apply(REPLY, &wanted), Ok(expected.text));
    }

    #[test]
    fn a_span_of_another_text_is_refused_with_its_index() {
        let wanted = [
            Replacement {
                start: 0,
                end: 2,
                fix: None,
            },
            Replacement {
                start: 4,
                end: 6,
                fix: Some("x".into()),
            },
        ];
        let err = apply("Hi 👋🏽", &wanted).unwrap_err();
        assert_eq!(
            err,
            StaleSpan {
                index: 1,
                start: 4,
                end: 6
            }
        );
        assert!(err.to_string().starts_with("diagnostic 1: 4..6 is not a span"));
    }
}

//! Report: findings as diagnostics in the original text's byte offsets.

use std::cell::Cell;
use std::cmp::Ordering;
use std::ops::Range;
use std::sync::Arc;

use crate::rule::{Category, Rule, Severity};

/// One problem found in a text. The rule's own words (id, message,
/// suggestions) are shared by all its diagnostics rather than copied into each:
/// a large text may have a hundred thousand.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// The rule id, `category/name`.
    pub rule: Arc<str>,
    /// The rule's category.
    pub category: Category,
    /// Severity after context was weighed.
    pub severity: Severity,
    /// One line: what is wrong.
    pub message: Arc<str>,
    /// Byte range in the original text, always on char boundaries.
    pub span: Range<usize>,
    /// The original text of `span`.
    pub matched: String,
    /// Empathetic rewrites.
    pub suggestions: Arc<[String]>,
    /// A replacement for `span` that is safe to write without a human looking:
    /// the rule marks it safe for the matched phrase, it touches no masked text
    /// (placeholder, code, URL, quote) or markup, and its first letter follows
    /// the case of the matched text. See [`apply_fixes`](crate::apply_fixes).
    pub fix: Option<String>,
}

impl Diagnostic {
    /// `(span, fix)` when the diagnostic has a fix: what
    /// [`apply_fixes`](crate::apply_fixes) takes.
    pub fn replacement(&self) -> Option<(Range<usize>, &str)> {
        Some((self.span.clone(), self.fix.as_deref()?))
    }
}

/// The words of a rule that its diagnostics share.
#[derive(Debug, Clone)]
pub(crate) struct RuleWords {
    pub id: Arc<str>,
    pub message: Arc<str>,
    pub suggestions: Arc<[String]>,
}

impl RuleWords {
    pub fn of(rule: &Rule) -> Self {
        Self {
            id: rule.id.as_str().into(),
            message: rule.message.as_str().into(),
            suggestions: rule.suggestions.as_slice().into(),
        }
    }
}

/// A 1-based line and column, the column counted in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineColumn {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in Unicode scalar values.
    pub column: usize,
}

/// Converts byte offsets of a text into lines and columns.
///
/// It keeps no table of lines, which for a text of a hundred megabytes would
/// take as many more: each answer walks from where the last one stood, so
/// offsets asked in order of position (as diagnostics come) cost the text's
/// length in all, whatever the number of lines or the length of one line.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Where the last answer stood.
    last: Cell<Place>,
}

/// A byte offset with its line and column, all counted from the start.
#[derive(Debug, Clone, Copy)]
struct Place {
    offset: usize,
    /// 0-based line.
    line: usize,
    /// Byte offset where `line` starts.
    line_start: usize,
    /// 1-based column in Unicode scalar values.
    column: usize,
}

impl<'a> LineIndex<'a> {
    /// An index of `text`.
    pub fn new(text: &'a str) -> Self {
        let start = Place {
            offset: 0,
            line: 0,
            line_start: 0,
            column: 1,
        };
        Self {
            text,
            last: Cell::new(start),
        }
    }

    /// The line and column of byte `offset` (clamped to the text).
    pub fn line_column(&self, offset: usize) -> LineColumn {
        let place = self.walk_to(offset.min(self.text.len()));
        self.last.set(place);
        LineColumn {
            line: place.line + 1,
            column: place.column,
        }
    }

    /// `offset` placed by walking from the last answer.
    fn walk_to(&self, offset: usize) -> Place {
        let bytes = self.text.as_bytes();
        let last = self.last.get();
        let (lines, column) = match offset >= last.offset {
            true => {
                let between = &bytes[last.offset..offset];
                (newlines(between) as isize, last.column + chars(between))
            }
            false => {
                let between = &bytes[offset..last.offset];
                (
                    -(newlines(between) as isize),
                    last.column.wrapping_sub(chars(between)),
                )
            }
        };
        if lines == 0 {
            return Place {
                offset,
                column,
                ..last
            };
        }
        let line_start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |i| i + 1);
        Place {
            offset,
            line: last
                .line
                .checked_add_signed(lines)
                .expect("lines counted from the start"),
            line_start,
            column: 1 + chars(&bytes[line_start..offset]),
        }
    }

    /// The byte offset where the 1-based `line` starts; a line past the end of
    /// the text is an error.
    pub fn line_start(&self, line: usize) -> usize {
        let (bytes, last) = (self.text.as_bytes(), self.last.get());
        let line = line - 1;
        let found = match line.cmp(&last.line) {
            Ordering::Equal => Some(last.line_start),
            Ordering::Greater => memchr::memchr_iter(b'\n', &bytes[last.line_start..])
                .nth(line - last.line - 1)
                .map(|i| last.line_start + i + 1),
            // The newlines before the last line end, walking back, lines
            // `last.line - 1`, `last.line - 2`…: the one before `line` ends line `line - 1`.
            Ordering::Less => Some(
                memchr::memrchr_iter(b'\n', &bytes[..last.line_start])
                    .nth(last.line - line)
                    .map_or(0, |i| i + 1),
            ),
        };
        found.unwrap_or_else(|| panic!("line {} is past the end of the text", line + 1))
    }

    /// The text of the 1-based `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.line_start(line);
        let end =
            memchr::memchr(b'\n', &self.text.as_bytes()[start..]).map_or(self.text.len(), |i| start + i);
        self.text[start..end].trim_end_matches('\r')
    }
}

fn newlines(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

/// The Unicode scalar values in `bytes`: the bytes that start one.
fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_scalar_values() {
        let text = "ab\r\n😀é x\nlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_column(0), LineColumn { line: 1, column: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_column(x), LineColumn { line: 2, column: 4 });
        assert_eq!(idx.line_column(text.len()), LineColumn { line: 3, column: 5 });
        assert_eq!(idx.line_text(1), "ab");
        assert_eq!(idx.line_text(2), "😀é x");
    }

    #[test]
    fn answers_do_not_depend_on_the_order_of_questions() {
        let text = "é😀 ab\r\nxyz\n\nlast line ü";
        let offsets: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        let fresh = |o| LineIndex::new(text).line_column(o);
        let index = LineIndex::new(text);
        for &o in offsets
            .iter()
            .chain(offsets.iter().rev())
            .chain(offsets.iter().step_by(3))
        {
            assert_eq!(index.line_column(o), fresh(o), "offset {o}");
        }
    }

    #[test]
    fn lines_are_found_from_wherever_the_last_answer_stood() {
        let text = "first\r\n\nthird ü\nfourth\n";
        let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let index = LineIndex::new(text);
        for at in [0, text.len(), starts[2] + 2, 3] {
            index.line_column(at);
            for (i, (&start, &line)) in starts.iter().zip(&lines).enumerate() {
                assert_eq!(index.line_start(i + 1), start, "line {} from {at}", i + 1);
                assert_eq!(index.line_text(i + 1), line, "line {} from {at}", i + 1);
            }
        }
    }
}

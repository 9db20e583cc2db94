//! Report: findings as diagnostics in the original text's byte offsets.

use std::cell::Cell;
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
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    /// The last answer, as (byte offset, column): offsets asked in order on one
    /// long line then cost only the distance from the last one, which keeps a
    /// single enormous line linear.
    last: Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Self {
            text,
            starts,
            last: Cell::new((0, 1)),
        }
    }

    /// The line and column of byte `offset` (clamped to the text).
    pub fn line_column(&self, offset: usize) -> LineColumn {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let (last, last_column) = self.last.get();
        let column = match self.text.get(last..offset) {
            Some(between) if last >= start => last_column + between.chars().count(),
            _ => self.text.get(start..offset).map_or(0, |s| s.chars().count()) + 1,
        };
        self.last.set((offset, column));
        LineColumn {
            line: line + 1,
            column,
        }
    }

    /// The byte offset where the 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line - 1]
    }

    /// The text of the 1-based `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &'a str {
        let start = self.starts[line - 1];
        let end = self.starts.get(line).map_or(self.text.len(), |&e| e - 1);
        self.text[start..end].trim_end_matches('\r')
    }
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
}

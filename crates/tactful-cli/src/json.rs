//! The JSON output, version 1: wire types only, converted from diagnostics.

use std::io::Write;

use serde::{Serialize, Serializer};
use tactful::{LineIndex, Severity};

use crate::inputs::{Checked, CheckedFile, Finding};

/// The output format's version; bumped only when a field changes meaning.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    files: FilesOut<'a>,
    summary: Summary,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    input_errors: &'a [String],
}

/// The files, converted one at a time as they are written, and each file's
/// diagnostics one at a time too: the output of a file with a hundred thousand
/// findings is never held whole.
struct FilesOut<'a>(&'a [CheckedFile]);

impl Serialize for FilesOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(file))
    }
}

#[derive(Serialize)]
struct FileOut<'a> {
    path: &'a str,
    /// How many replies the file holds: one for a plain, Markdown or HTML
    /// file, one per macro or template for an export.
    replies: usize,
    diagnostics: DiagnosticsOut<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unused_suppressions: Vec<UnusedOut<'a>>,
}

/// The findings of a file, with the index that places them in lines.
struct DiagnosticsOut<'a> {
    findings: &'a [Finding],
    index: LineIndex<'a>,
}

impl Serialize for DiagnosticsOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.findings.iter().map(|f| diagnostic(f, &self.index)))
    }
}

/// A suppression comment that covered no finding.
#[derive(Serialize)]
struct UnusedOut<'a> {
    span: Span,
    line: usize,
    column: usize,
    rules: &'a [String],
}

#[derive(Serialize)]
struct DiagnosticOut<'a> {
    rule: &'a str,
    category: &'static str,
    severity: &'static str,
    message: &'a str,
    span: Span,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    matched: &'a str,
    suggestions: &'a [String],
    /// What `--fix` writes over `span`.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reply: Option<&'a str>,
    fingerprint: &'a str,
}

#[derive(Serialize)]
struct Span {
    start: usize,
    end: usize,
}

/// Counts of checked files and of findings per severity.
#[derive(Serialize, Default)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(checked: &Checked) -> Self {
        let mut s = Summary {
            files: checked.files.len(),
            ..Default::default()
        };
        for f in checked.files.iter().flat_map(|f| &f.findings) {
            match f.diagnostic.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

pub fn write(out: &mut impl Write, checked: &Checked) -> std::io::Result<()> {
    let report = Report {
        version: VERSION,
        files: FilesOut(&checked.files),
        summary: Summary::of(checked),
        input_errors: &checked.failures,
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

fn file(f: &CheckedFile) -> FileOut<'_> {
    let index = LineIndex::new(&f.text);
    let unused_suppressions = f
        .unused_suppressions
        .iter()
        .map(|u| {
            let at = index.line_column(u.span.start);
            UnusedOut {
                span: Span {
                    start: u.span.start,
                    end: u.span.end,
                },
                line: at.line,
                column: at.column,
                rules: &u.rules,
            }
        })
        .collect();
    FileOut {
        path: &f.path,
        replies: f.replies,
        diagnostics: DiagnosticsOut {
            findings: &f.findings,
            index,
        },
        unused_suppressions,
    }
}

fn diagnostic<'a>(f: &'a Finding, index: &LineIndex<'_>) -> DiagnosticOut<'a> {
    let d = &f.diagnostic;
    let start = index.line_column(d.span.start);
    let end = index.line_column(d.span.end);
    DiagnosticOut {
        rule: &d.rule,
        category: d.category.as_str(),
        severity: d.severity.as_str(),
        message: &d.message,
        span: Span {
            start: d.span.start,
            end: d.span.end,
        },
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        matched: &d.matched,
        suggestions: &d.suggestions,
        fix: f.fix.as_deref(),
        reply: f.reply.as_deref(),
        fingerprint: &f.fingerprint,
    }
}

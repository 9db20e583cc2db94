//! The JSON output, version 1: wire types only, converted from diagnostics.

use std::cell::Cell;
use std::io::Write;

use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};
use tactful::{LineIndex, Severity};

use crate::baseline::Known;
use crate::inputs::{Checked, CheckedFile, Finding, Tally, Unused};

/// The output format's version; bumped only when a field changes meaning.
pub const VERSION: u32 = 1;

/// The files, converted one at a time as they are written, and each file's
/// diagnostics one at a time too: the output of a file with a hundred thousand
/// findings is never held whole, nor are the findings of a pending file.
struct FilesOut<'a> {
    files: &'a [CheckedFile],
    known: Option<&'a Known>,
    /// The pending file's tally, once it is written.
    tally: &'a Cell<Option<Tally>>,
}

impl Serialize for FilesOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.files.iter().map(|file| FileOut {
            file,
            known: self.known,
            tally: self.tally,
        }))
    }
}

/// One file: its path, how many replies it holds (one for a plain, Markdown or
/// HTML file, one per macro or template for an export), its diagnostics, and
/// the suppression comments that covered nothing, known once they are written.
struct FileOut<'a> {
    file: &'a CheckedFile,
    known: Option<&'a Known>,
    tally: &'a Cell<Option<Tally>>,
}

impl Serialize for FileOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let file = self.file;
        let mut out = serializer.serialize_struct("File", 4)?;
        out.serialize_field("path", &file.path)?;
        out.serialize_field("replies", &file.replies)?;
        let diagnostics = DiagnosticsOut {
            file,
            known: self.known,
            tally: Cell::new(None),
        };
        out.serialize_field("diagnostics", &diagnostics)?;
        let tally = diagnostics.tally.take();
        let unused = tally
            .as_ref()
            .map_or(&file.unused_suppressions, |t| &t.unused_suppressions);
        match unused.is_empty() {
            true => out.skip_field("unused_suppressions")?,
            false => out.serialize_field("unused_suppressions", &unused_out(file, unused))?,
        }
        if tally.is_some() {
            self.tally.set(tally);
        }
        out.end()
    }
}

/// The findings of a file, placed in lines as they come.
struct DiagnosticsOut<'a> {
    file: &'a CheckedFile,
    known: Option<&'a Known>,
    tally: Cell<Option<Tally>>,
}

impl Serialize for DiagnosticsOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let index = LineIndex::new(&self.file.text);
        let mut seq = serializer.serialize_seq(None)?;
        let tally = self
            .file
            .each_finding(self.known, |f| seq.serialize_element(&diagnostic(f, &index)))?;
        self.tally.set(tally);
        seq.end()
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
    /// The counts of `checked`, with those of its pending file's findings
    /// when they have been written.
    pub fn of(checked: &Checked, streamed: Option<&Tally>) -> Self {
        let mut s = Summary {
            files: checked.files.len(),
            ..Default::default()
        };
        for f in checked.files.iter().flat_map(|f| &f.findings) {
            s.count(f.diagnostic.severity);
        }
        if let Some(t) = streamed {
            s.errors += t.counts.errors;
            s.warnings += t.counts.warnings;
            s.infos += t.counts.infos;
        }
        s
    }

    /// Counts one finding of this severity.
    pub fn count(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// Whether a finding at or above `threshold` was counted.
    pub fn reaches(&self, threshold: Severity) -> bool {
        [
            (Severity::Error, self.errors),
            (Severity::Warning, self.warnings),
            (Severity::Info, self.infos),
        ]
        .into_iter()
        .any(|(severity, n)| n > 0 && severity >= threshold)
    }
}

/// Writes the report, checking a pending file as its diagnostics are written;
/// returns its tally.
pub fn write(
    out: &mut impl Write,
    checked: &Checked,
    known: Option<&Known>,
) -> std::io::Result<Option<Tally>> {
    let tally = Cell::new(None);
    let mut serializer = serde_json::Serializer::pretty(&mut *out);
    let mut report = serializer.serialize_struct("Report", 4)?;
    report.serialize_field("version", &VERSION)?;
    let files = FilesOut {
        files: &checked.files,
        known,
        tally: &tally,
    };
    report.serialize_field("files", &files)?;
    let tally = tally.into_inner();
    report.serialize_field("summary", &Summary::of(checked, tally.as_ref()))?;
    match checked.failures.is_empty() {
        true => report.skip_field("input_errors")?,
        false => report.serialize_field("input_errors", &checked.failures)?,
    }
    SerializeStruct::end(report)?;
    writeln!(out)?;
    Ok(tally)
}

fn unused_out<'a>(file: &'a CheckedFile, unused: &'a [Unused]) -> Vec<UnusedOut<'a>> {
    let index = LineIndex::new(&file.text);
    unused
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
        .collect()
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

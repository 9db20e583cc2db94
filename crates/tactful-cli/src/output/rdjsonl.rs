//! `--format rdjsonl`: reviewdog's Diagnostic Format, one JSON object a line.
//!
//! reviewdog counts columns in UTF-8 bytes, unlike the other formats. It reads
//! `suggestions` as replacements for the flagged range, and tactful's rewrites
//! are whole sentences to adapt, not drop-in text, so the first one goes in the
//! message instead.

use std::io::Write;

use serde::Serialize;
use tactful::Severity;

use crate::inputs::Checked;
use crate::output::{Located, Position, located};

#[derive(Serialize)]
struct Diagnostic<'a> {
    message: String,
    location: Location<'a>,
    severity: &'static str,
    source: Source,
    code: Code<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    range: Range,
}

#[derive(Serialize)]
struct Range {
    start: BytePosition,
    end: BytePosition,
}

#[derive(Serialize)]
struct BytePosition {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Source {
    name: &'static str,
}

#[derive(Serialize)]
struct Code<'a> {
    value: &'a str,
}

pub fn write(out: &mut impl Write, checked: &Checked) -> std::io::Result<()> {
    for found in located(checked) {
        serde_json::to_writer(&mut *out, &diagnostic(&found))?;
        writeln!(out)?;
    }
    Ok(())
}

fn diagnostic<'a>(found: &'a Located<'_>) -> Diagnostic<'a> {
    let d = &found.finding.diagnostic;
    Diagnostic {
        message: found.message_with_help(),
        location: Location {
            path: &found.path,
            range: Range {
                start: bytes(found.start),
                end: bytes(found.end),
            },
        },
        severity: match d.severity {
            Severity::Error => "ERROR",
            Severity::Warning => "WARNING",
            Severity::Info => "INFO",
        },
        source: Source { name: "tactful" },
        code: Code { value: &d.rule },
    }
}

fn bytes(at: Position) -> BytePosition {
    BytePosition {
        line: at.line,
        column: at.byte_column,
    }
}

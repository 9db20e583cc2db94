//! `--format gitlab`: GitLab Code Quality, a JSON array of issues that merge
//! requests show inline.
//!
//! GitLab keeps one issue per fingerprint, so each carries a hash of the path
//! and the finding's own fingerprint: unique within a run, and stable across
//! edits that move lines. Severities map to GitLab's scale without its two
//! highest steps, which suggest a broken build rather than a reply to reword:
//! error is `major`, warning `minor`, info `info`.

use std::io::Write;

use serde::Serialize;
use tactful::Severity;

use crate::inputs::Checked;
use crate::output::{Located, located};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

pub fn write(out: &mut impl Write, checked: &Checked) -> std::io::Result<()> {
    let found: Vec<Located<'_>> = located(checked).collect();
    let issues: Vec<Issue<'_>> = found.iter().map(issue).collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

fn issue<'a>(found: &'a Located<'_>) -> Issue<'a> {
    let d = &found.finding.diagnostic;
    let key = format!("{}\0{}", found.path, found.finding.fingerprint);
    Issue {
        description: found.message().into_owned(),
        check_name: &d.rule,
        fingerprint: format!("{:032x}", xxhash_rust::xxh3::xxh3_128(key.as_bytes())),
        severity: match d.severity {
            Severity::Error => "major",
            Severity::Warning => "minor",
            Severity::Info => "info",
        },
        location: Location {
            path: &found.path,
            lines: Lines {
                begin: found.start.line,
                end: found.end.line,
            },
        },
    }
}

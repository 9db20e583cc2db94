//! `--format sarif`: a SARIF 2.1.0 log, which GitHub code scanning and other
//! dashboards read.
//!
//! One run. The driver lists the rules that have findings, sorted by id, with
//! the rationale and rewrites as help. Columns count Unicode code points
//! (`columnKind`), as the JSON output's do. Paths are relative URI references
//! with forward slashes and percent-encoding; standard input has no URI, only a
//! description, since `-` would name a file. Each result carries the finding's
//! fingerprint, which survives lines moving, as `tactfulFingerprint/v1`.
//! Unreadable inputs are reported as notifications of a failed invocation.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use tactful::{Diagnostic, Rule, Severity};

use crate::inputs::Checked;
use crate::output::{Located, located};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// What stays as it is in a URI path: RFC 3986's unreserved characters and the
/// separator.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation<'a>; 1],
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    short_description: Message<'a>,
    full_description: Message<'a>,
    help: Help,
    default_configuration: Configuration,
    properties: Properties<'a>,
}

#[derive(Serialize)]
struct Message<'a> {
    text: Cow<'a, str>,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Properties<'a> {
    tags: [&'a str; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
struct Notification<'a> {
    level: &'static str,
    message: Message<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Message<'a>,
    locations: [Location<'a>; 1],
    partial_fingerprints: Fingerprints<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Message<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct Fingerprints<'a> {
    #[serde(rename = "tactfulFingerprint/v1")]
    tactful: &'a str,
}

pub fn write(out: &mut impl Write, checked: &Checked) -> std::io::Result<()> {
    let found: Vec<Located<'_>> = located(checked).collect();
    // Rule id → index in the driver's rules, in id order. A rule comes from the
    // linter of the file's config, which may add rules of its own.
    let mut first_of: BTreeMap<&str, (&Diagnostic, Option<&Rule>)> = BTreeMap::new();
    for file in &checked.files {
        for f in &file.findings {
            let d = &f.diagnostic;
            first_of
                .entry(&*d.rule)
                .or_insert_with(|| (d, file.config.linter.rule(&d.rule)));
        }
    }
    let index: BTreeMap<&str, usize> = first_of.keys().enumerate().map(|(i, id)| (*id, i)).collect();
    let rules = first_of.values().map(|(d, rule)| descriptor(d, *rule)).collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "tactful",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            invocations: [invocation(checked)],
            column_kind: "unicodeCodePoints",
            results: found
                .iter()
                .map(|f| result(f, index[&*f.finding.diagnostic.rule]))
                .collect(),
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

/// The rule's description from the pack, or from the diagnostic for a rule the
/// pack does not hold.
fn descriptor<'a>(d: &'a Diagnostic, rule: Option<&'a Rule>) -> Descriptor<'a> {
    let message = rule.map_or(&*d.message, |r| &r.message);
    let rationale = rule.map_or(&*d.message, |r| r.rationale());
    let rewrites = rule.map_or(&*d.suggestions, |r| &r.suggestions);
    let list = rewrites
        .iter()
        .map(|r| format!("- {}", r.trim()))
        .collect::<Vec<_>>()
        .join("\n");
    let explain = format!(
        "`tactful explain {}` shows what it flags and leaves alone.",
        d.rule
    );
    Descriptor {
        id: &d.rule,
        short_description: text(message),
        full_description: text(rationale),
        help: Help {
            text: format!("{rationale}\n\nTry instead:\n{list}\n\n{explain}"),
            markdown: format!("{rationale}\n\n**Try instead:**\n\n{list}\n\n{explain}"),
        },
        default_configuration: Configuration {
            level: level(rule.map_or(d.severity, |r| r.severity)),
        },
        properties: Properties {
            tags: [d.category.as_str()],
        },
    }
}

fn invocation(checked: &Checked) -> Invocation<'_> {
    Invocation {
        execution_successful: checked.failures.is_empty(),
        tool_execution_notifications: checked
            .failures
            .iter()
            .map(|failure| Notification {
                level: "error",
                message: text(failure),
            })
            .collect(),
    }
}

fn result<'a>(found: &'a Located<'_>, rule_index: usize) -> SarifResult<'a> {
    let d = &found.finding.diagnostic;
    SarifResult {
        rule_id: &d.rule,
        rule_index,
        level: level(d.severity),
        message: Message {
            text: found.message(),
        },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: artifact(&found.path),
                region: Region {
                    start_line: found.start.line,
                    start_column: found.start.column,
                    end_line: found.end.line,
                    end_column: found.end.column,
                },
            },
        }],
        partial_fingerprints: Fingerprints {
            tactful: &found.finding.fingerprint,
        },
    }
}

fn artifact(path: &str) -> ArtifactLocation<'static> {
    if path == "-" {
        return ArtifactLocation {
            uri: None,
            description: Some(text("standard input")),
        };
    }
    let encoded = utf8_percent_encode(path, PATH);
    // An absolute path is a file URI; a relative one stays a relative reference,
    // which GitHub resolves against the repository root.
    let uri = if path.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded.to_string()
    };
    ArtifactLocation {
        uri: Some(uri),
        description: None,
    }
}

fn text(s: &str) -> Message<'_> {
    Message {
        text: Cow::Borrowed(s),
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_percent_encoded_uri_references() {
        let uri = |p| artifact(p).uri;
        assert_eq!(
            uri("macros/50% off: a,b é.md").unwrap(),
            "macros/50%25%20off%3A%20a%2Cb%20%C3%A9.md"
        );
        assert_eq!(uri("/srv/a b.md").unwrap(), "file:///srv/a%20b.md");
        assert!(uri("-").is_none());
    }
}

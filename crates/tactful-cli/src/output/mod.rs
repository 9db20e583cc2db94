//! Printers for CI tools, and what they share: each finding with its positions
//! in the units the tools count in, its path as those tools expect it, and the
//! message they show.
//!
//! Spans are UTF-8 bytes of the file as read. SARIF, GitHub, Checkstyle, JUnit
//! and `short` count columns in Unicode scalar values like the JSON output;
//! reviewdog counts them in bytes. Lines and columns are 1-based everywhere and
//! an end column points just past the last character.

pub mod checkstyle;
pub mod github;
pub mod gitlab;
pub mod junit;
pub mod rdjsonl;
pub mod sarif;
pub mod short;

use std::borrow::Cow;
use std::io::Write;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, Event};
use tactful::LineIndex;

use crate::inputs::{Checked, CheckedFile, Finding};

/// A 1-based line and column, the column counted two ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    /// In Unicode scalar values.
    pub column: usize,
    /// In UTF-8 bytes.
    pub byte_column: usize,
}

/// A finding with the places where it starts and ends.
pub struct Located<'a> {
    /// See [`report_path`].
    pub path: Cow<'a, str>,
    pub finding: &'a Finding,
    pub start: Position,
    /// Just past the last character.
    pub end: Position,
}

impl Located<'_> {
    /// The rule's message, naming the reply when the file holds many.
    pub fn message(&self) -> Cow<'_, str> {
        let message = &self.finding.diagnostic.message;
        match &self.finding.reply {
            Some(reply) => Cow::Owned(format!("{message} (in \u{201c}{reply}\u{201d})")),
            None => Cow::Borrowed(message),
        }
    }

    /// The message with the first rewrite on a line of its own, for tools that
    /// show annotations to people and have no other place for help.
    pub fn message_with_help(&self) -> String {
        match self.finding.diagnostic.suggestions.first() {
            Some(rewrite) => format!("{}\ntry: {rewrite}", self.message()),
            None => self.message().into_owned(),
        }
    }

    pub fn on_one_line(&self) -> bool {
        self.start.line == self.end.line
    }
}

/// Every finding of `checked` with its positions, file by file in output order.
pub fn located(checked: &Checked) -> impl Iterator<Item = Located<'_>> {
    checked.files.iter().flat_map(located_in)
}

/// The findings of one file with their positions.
pub fn located_in(file: &CheckedFile) -> impl Iterator<Item = Located<'_>> {
    let index = LineIndex::new(&file.text);
    let path = report_path(&file.path);
    file.findings.iter().map(move |finding| Located {
        path: path.clone(),
        finding,
        start: position(&index, finding.diagnostic.span.start),
        end: position(&index, finding.diagnostic.span.end),
    })
}

/// An XML writer that indents, after the declaration.
pub fn xml_document<W: Write>(out: W) -> std::io::Result<Writer<W>> {
    let mut xml = Writer::new_with_indent(out, b' ', 2);
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(xml)
}

fn position(index: &LineIndex<'_>, offset: usize) -> Position {
    let at = index.line_column(offset);
    Position {
        line: at.line,
        column: at.column,
        byte_column: offset - index.line_start(at.line) + 1,
    }
}

/// The path as CI tools want it: with forward slashes and without a leading
/// `./`, so that a path given as `./macros/a.md` matches the repository's
/// `macros/a.md`. Standard input stays `-`.
pub fn report_path(path: &str) -> Cow<'_, str> {
    let path = path.strip_prefix("./").unwrap_or(path);
    if cfg!(windows) {
        Cow::Owned(path.replace('\\', "/"))
    } else {
        Cow::Borrowed(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    use crate::config::Config;
    use crate::inputs::{Reading, check_text};

    #[test]
    fn positions_count_scalar_values_and_bytes() {
        let text = "ab\n«é» x";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        let at = position(&index, x);
        assert_eq!(
            at,
            Position {
                line: 2,
                column: 5,
                byte_column: 8
            }
        );
        assert_eq!(position(&index, 0).byte_column, 1);
    }

    #[test]
    fn messages_name_the_reply_and_add_the_first_rewrite() {
        let text = "Bonjour Zoë, please calm down.";
        let config = Arc::new(Config::defaults(Arc::new(tactful::Linter::default_pack())));
        let reading = Reading {
            kind: Some(tactful_formats::Kind::Plain),
            ..Reading::default()
        };
        let mut file = check_text(config, "./macros.json".into(), text.into(), &reading, false).unwrap();
        file.findings
            .retain(|f| *f.diagnostic.rule == *"dismissive/calm-down");
        file.findings[0].reply = Some("Refund – late".to_string());
        let diagnostic = file.findings[0].diagnostic.clone();
        let checked = Checked {
            files: vec![file],
            failures: Vec::new(),
            notes: Vec::new(),
            skipped: Vec::new(),
        };
        let found: Vec<Located<'_>> = located(&checked).collect();
        assert_eq!(found[0].path, "macros.json");
        assert_eq!(
            found[0].message(),
            format!("{} (in \u{201c}Refund – late\u{201d})", diagnostic.message)
        );
        assert_eq!(
            found[0].message_with_help(),
            format!("{}\ntry: {}", found[0].message(), diagnostic.suggestions[0])
        );
        let start = text.find("please").unwrap();
        assert_eq!(found[0].start.column, start);
        assert_eq!(found[0].start.byte_column, start + 1);
    }

    #[test]
    fn report_paths_drop_a_leading_dot_slash() {
        assert_eq!(report_path("./macros/a.md"), "macros/a.md");
        assert_eq!(report_path("macros/a.md"), "macros/a.md");
        assert_eq!(report_path("-"), "-");
    }
}

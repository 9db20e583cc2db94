//! `--format github`: GitHub Actions workflow commands, which the runner turns
//! into annotations on the pull request's files.
//!
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`, with
//! `notice` for info. The runner reads `%`, CR and LF escaped in the message,
//! and also `:` and `,` in property values, which would otherwise end them.
//! Columns are given only when the finding sits on one line, as GitHub's checks
//! API accepts them only then.

use std::io::Write;

use tactful::Severity;

use crate::inputs::Checked;
use crate::output::{Located, located};

pub fn write(out: &mut impl Write, checked: &Checked) -> std::io::Result<()> {
    for found in located(checked) {
        writeln!(out, "{}", command(&found))?;
    }
    Ok(())
}

fn command(found: &Located<'_>) -> String {
    let d = &found.finding.diagnostic;
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let one_line = found.on_one_line();
    let properties = [
        ("file", Some(found.path.to_string())),
        ("line", Some(found.start.line.to_string())),
        ("col", one_line.then(|| found.start.column.to_string())),
        ("endLine", Some(found.end.line.to_string())),
        ("endColumn", one_line.then(|| found.end.column.to_string())),
        ("title", Some(d.rule.to_string())),
    ];
    let properties = properties
        .iter()
        .filter_map(|(name, value)| Some(format!("{name}={}", escape_property(value.as_deref()?))))
        .collect::<Vec<_>>()
        .join(",");
    format!(
        "::{level} {properties}::{}",
        escape_data(&found.message_with_help())
    )
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_percent_first_then_line_breaks_and_separators() {
        assert_eq!(escape_data("100%: a,b\r\nc"), "100%25: a,b%0D%0Ac");
        assert_eq!(escape_property("a%3A:b,c\n"), "a%253A%3Ab%2Cc%0A");
    }
}

//! `--format short`: one line per finding, `path:line:col: severity[rule] message`,
//! the shape compilers print, so editors and `grep` can jump to it.
//!
//! Nothing else goes to standard output, and no summary goes to standard error:
//! the exit code says whether anything failed, and standard error stays for the
//! inputs that could not be read.

use std::io::Write;

use crate::inputs::Checked;
use crate::output::{Located, located};

pub fn write(out: &mut impl Write, checked: &Checked) -> std::io::Result<()> {
    for found in located(checked) {
        writeln!(out, "{}", line(&found))?;
    }
    Ok(())
}

/// One finding as a `short` line (without the line ending).
pub fn line(found: &Located<'_>) -> String {
    let d = &found.finding.diagnostic;
    format!(
        "{}:{}:{}: {}[{}] {}",
        found.path,
        found.start.line,
        found.start.column,
        d.severity,
        d.rule,
        found.message()
    )
}

//! The default rule pack: the files of `rules/`, embedded at build time.

use crate::rule::{self, Rule, RuleError};

/// `(file name, contents)` of every file of the default pack, in name order
/// (the list is made by `build.rs` from the `rules/` folder).
pub const DEFAULT_FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/default_files.rs"));

/// Loads rules from `(file name, contents)` pairs. Sets are shared across files.
pub fn load<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Vec<Rule>, RuleError> {
    let parsed = files
        .into_iter()
        .map(|(name, text)| rule::parse_file(name, text))
        .collect::<Result<_, _>>()?;
    rule::compile(parsed)
}

//! The default rule pack: the files of `rules/`, embedded at build time.

use crate::rule::{self, Rule, RuleError};

/// `(file name, contents)` of every file of the default pack.
pub const DEFAULT_FILES: &[(&str, &str)] = &[
    ("rules/sets.toml", include_str!("../../../rules/sets.toml")),
    (
        "rules/dismissive.toml",
        include_str!("../../../rules/dismissive.toml"),
    ),
    (
        "rules/blame-shifting.toml",
        include_str!("../../../rules/blame-shifting.toml"),
    ),
    (
        "rules/policy-hiding.toml",
        include_str!("../../../rules/policy-hiding.toml"),
    ),
    (
        "rules/non-apology.toml",
        include_str!("../../../rules/non-apology.toml"),
    ),
    (
        "rules/no-ownership.toml",
        include_str!("../../../rules/no-ownership.toml"),
    ),
    (
        "rules/negative-language.toml",
        include_str!("../../../rules/negative-language.toml"),
    ),
    (
        "rules/commanding.toml",
        include_str!("../../../rules/commanding.toml"),
    ),
    ("rules/insult.toml", include_str!("../../../rules/insult.toml")),
    ("rules/sarcasm.toml", include_str!("../../../rules/sarcasm.toml")),
    (
        "rules/correcting-customer.toml",
        include_str!("../../../rules/correcting-customer.toml"),
    ),
];

/// Loads rules from `(file name, contents)` pairs. Sets are shared across files.
pub fn load<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Vec<Rule>, RuleError> {
    let parsed = files
        .into_iter()
        .map(|(name, text)| rule::parse_file(name, text))
        .collect::<Result<_, _>>()?;
    rule::compile(parsed)
}

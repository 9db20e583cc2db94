//! Configuration: the text of a `tactful.toml`, parsed and checked, with no
//! file access. [`Linter::with_config`](crate::Linter::with_config) applies the
//! parts that need no files — `select`, `ignore`, `[severity]` and
//! `[[phrases]]`; the parts that name files (`extends`, `rules`, the globs of
//! `[[overrides]]`) and macros of exports (`[[suppress]]`) are kept as data for
//! the caller to resolve, as the command-line tool does.
//!
//! ```toml
//! select = ["dismissive", "policy-hiding"]   # categories or rule ids; default: all
//! ignore = ["jargon", "robotic-cliche/valued-customer"]
//!
//! [severity]
//! "over-apology" = "warning"            # or "off"
//!
//! [[phrases]]                           # a team's own banned words
//! phrase = "tossed over"
//! message = "Sounds like a reprimand."
//! suggestion = "As I mentioned, …"
//! ```
//!
//! Unknown keys, unknown rule ids and bad values are errors with the line and
//! column where they are written.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::report::LineIndex;
use crate::rule::{Category, Severity};
use crate::{Diagnostic, Linter};

/// A configuration error, with where it is written: `line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
#[non_exhaustive]
pub struct ConfigError {
    /// 1-based line in the configuration text.
    pub line: usize,
    /// 1-based column, in Unicode scalar values.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// Which findings to keep, and at what severity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// `None` keeps every rule.
    select: Option<Vec<String>>,
    ignore: Vec<String>,
    /// Severity overrides in the order written; `None` turns a rule off.
    severity: Vec<(String, Option<Severity>)>,
}

impl Filter {
    /// Lays `other` over `self`, as a later file or an override does: its
    /// `select` replaces, its `ignore` adds, its severities win.
    pub fn extend(&mut self, other: &Filter) {
        if other.select.is_some() {
            self.select.clone_from(&other.select);
        }
        self.ignore.extend(other.ignore.iter().cloned());
        self.severity.extend(other.severity.iter().cloned());
    }

    /// The severity `d` is reported at, or `None` when it is filtered out.
    pub fn apply(&self, d: &Diagnostic) -> Option<Severity> {
        let names = |sel: &String| sel == "all" || *sel == *d.rule || sel == d.category.as_str();
        if self.select.as_ref().is_some_and(|s| !s.iter().any(names)) || self.ignore.iter().any(names) {
            return None;
        }
        // The most specific override wins: a rule id over its category.
        let by_rule = self.severity.iter().rev().find(|(k, _)| *k == *d.rule);
        let by_category = self.severity.iter().rev().find(|(k, _)| names(k));
        match by_rule.or(by_category) {
            Some((_, level)) => *level,
            None => Some(d.severity),
        }
    }

    /// Keeps what the filter keeps, at the severity it gives.
    pub fn retain(&self, diagnostics: &mut Vec<Diagnostic>) {
        diagnostics.retain_mut(|d| match self.apply(d) {
            Some(severity) => {
                d.severity = severity;
                true
            }
            None => false,
        });
    }
}

/// A value as written in the configuration, with the byte offset where it
/// starts, so that a later check can point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Located {
    /// The value.
    pub value: String,
    /// Byte offset in the configuration text.
    pub at: usize,
}

/// An `[[overrides]]` entry: a filter for the files its globs match.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Override {
    /// Globs, relative to the configuration's folder.
    pub files: Vec<Located>,
    /// What to keep in those files, laid over the configuration's own filter.
    pub filter: Filter,
}

/// A `[[suppress]]` entry: findings to leave out of one reply of an export.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Suppression {
    /// The reply's id or title.
    pub reply: Located,
    /// Rule ids or categories; empty for all.
    pub rules: Vec<String>,
    /// Globs of the files it applies to; `None` for all.
    pub files: Option<Vec<Located>>,
}

impl Suppression {
    /// Whether this entry covers `d` in a reply known by `names` (id, title).
    pub fn covers(&self, names: &[&str], d: &Diagnostic) -> bool {
        names.contains(&self.reply.value.as_str())
            && (self.rules.is_empty()
                || self
                    .rules
                    .iter()
                    .any(|r| *r == *d.rule || r == d.category.as_str()))
    }
}

/// A parsed `tactful.toml`.
///
/// ```
/// use tactful::{Config, Format, Linter, Severity};
///
/// let config = Config::from_toml(r#"
///     ignore = ["negative-language"]
///     [severity]
///     "dismissive/calm-down" = "warning"
/// "#).unwrap();
/// let linter = Linter::with_config(&config).unwrap();
/// let found = linter.check("Unfortunately, please calm down.", Format::Plain);
/// assert_eq!(found.len(), 1);
/// assert_eq!((&*found[0].rule, found[0].severity), ("dismissive/calm-down", Severity::Warning));
///
/// let typo = Config::from_toml("ignroe = [\"jargon\"]").unwrap_err();
/// assert_eq!((typo.line, typo.column), (1, 1));
/// ```
#[derive(Debug, Clone)]
pub struct Config {
    text: String,
    /// Configurations this one is laid over, with where `extends` is written.
    pub extends: Vec<Located>,
    /// Extra rule files: paths or globs.
    pub rules: Vec<Located>,
    /// `select`, `ignore` and `[severity]`.
    pub filter: Filter,
    /// `[[overrides]]`, in order.
    pub overrides: Vec<Override>,
    /// `[[suppress]]`, in order.
    pub suppress: Vec<Suppression>,
    /// The `[[phrases]]` as a rule file for [`pack::load`](crate::pack::load).
    phrase_rules: Option<String>,
    /// Every rule selector, to check against the rules once they are known.
    names: Vec<Located>,
}

impl Config {
    /// Parses and checks a configuration's text. Rule ids are checked later,
    /// against the rules they are used with ([`Config::check_names`]).
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        let def: FileDef = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            error_at(text, at, e.message())
        })?;
        Parser {
            text,
            names: Vec::new(),
        }
        .config(def)
    }

    /// The rules `[[phrases]]` adds, as a rule file's text.
    pub fn phrase_rules(&self) -> Option<&str> {
        self.phrase_rules.as_deref()
    }

    /// Every rule selector must name a category, a rule of `linter`, or `all`.
    pub fn check_names(&self, linter: &Linter) -> Result<(), ConfigError> {
        for name in &self.names {
            let n = name.value.as_str();
            if n != "all" && n.parse::<Category>().is_err() && linter.rule(n).is_none() {
                return Err(self.error_at(
                    name.at,
                    format!("`{n}` is neither a category nor a rule id (see `tactful rules`)"),
                ));
            }
        }
        Ok(())
    }

    /// An error at byte offset `at` of this configuration's text.
    pub fn error_at(&self, at: usize, message: impl Into<String>) -> ConfigError {
        error_at(&self.text, at, message)
    }

    /// The 1-based line of byte offset `at`.
    pub fn line_of(&self, at: usize) -> usize {
        LineIndex::new(&self.text).line_column(at).line
    }
}

fn error_at(text: &str, at: usize, message: impl Into<String>) -> ConfigError {
    let lc = LineIndex::new(text).line_column(at.min(text.len()));
    ConfigError {
        line: lc.line,
        column: lc.column,
        message: message.into().trim_end().to_string(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    extends: Option<Spanned<OneOrMany>>,
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    rules: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    phrases: Vec<Spanned<PhraseDef>>,
    #[serde(default)]
    overrides: Vec<OverrideDef>,
    #[serde(default)]
    suppress: Vec<SuppressDef>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseDef {
    /// One phrase, or several that share the message.
    phrase: Option<String>,
    #[serde(default)]
    phrases: Vec<String>,
    message: String,
    suggestion: Option<String>,
    #[serde(default)]
    suggestions: Vec<String>,
    severity: Option<String>,
    category: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideDef {
    files: Vec<Spanned<String>>,
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SuppressDef {
    reply: Spanned<String>,
    #[serde(default)]
    rules: Vec<Spanned<String>>,
    #[allow(dead_code, reason = "required so that every suppression says why")]
    reason: String,
    files: Option<Vec<Spanned<String>>>,
}

/// Turns the parsed file into a [`Config`], collecting rule selectors.
struct Parser<'a> {
    text: &'a str,
    names: Vec<Located>,
}

fn located(s: Spanned<String>) -> Located {
    Located {
        at: s.span().start,
        value: s.into_inner(),
    }
}

impl Parser<'_> {
    fn config(mut self, def: FileDef) -> Result<Config, ConfigError> {
        let extends = match def.extends {
            None => Vec::new(),
            Some(e) => {
                let at = e.span().start;
                let paths = match e.into_inner() {
                    OneOrMany::One(p) => vec![p],
                    OneOrMany::Many(ps) => ps,
                };
                paths.into_iter().map(|value| Located { value, at }).collect()
            }
        };
        let filter = self.filter(def.select, def.ignore, def.severity)?;
        let overrides = def
            .overrides
            .into_iter()
            .map(|o| {
                Ok(Override {
                    files: o.files.into_iter().map(located).collect(),
                    filter: self.filter(o.select, o.ignore, o.severity)?,
                })
            })
            .collect::<Result<_, ConfigError>>()?;
        let suppress = def.suppress.into_iter().map(|s| self.suppression(s)).collect();
        let phrase_rules = if def.phrases.is_empty() {
            None
        } else {
            Some(self.phrase_rules(&def.phrases)?)
        };
        Ok(Config {
            text: self.text.to_string(),
            extends,
            rules: def.rules.into_iter().map(located).collect(),
            filter,
            overrides,
            suppress,
            phrase_rules,
            names: self.names,
        })
    }

    fn filter(
        &mut self,
        select: Option<Vec<Spanned<String>>>,
        ignore: Vec<Spanned<String>>,
        severity: BTreeMap<String, Spanned<String>>,
    ) -> Result<Filter, ConfigError> {
        let mut levels = Vec::new();
        for (name, level) in severity {
            let parsed = match level.get_ref().as_str() {
                "off" => None,
                other => Some(other.parse::<Severity>().map_err(|_| {
                    error_at(
                        self.text,
                        level.span().start,
                        "a severity is `error`, `warning`, `info` or `off`",
                    )
                })?),
            };
            self.names.push(Located {
                value: name.clone(),
                at: level.span().start,
            });
            levels.push((name, parsed));
        }
        let select: Option<Vec<Located>> = select.map(|s| s.into_iter().map(located).collect());
        let ignore: Vec<Located> = ignore.into_iter().map(located).collect();
        self.names.extend(select.iter().flatten().cloned());
        self.names.extend(ignore.iter().cloned());
        let values = |v: Vec<Located>| v.into_iter().map(|l| l.value).collect();
        Ok(Filter {
            select: select.map(values),
            ignore: values(ignore),
            severity: levels,
        })
    }

    fn suppression(&mut self, s: SuppressDef) -> Suppression {
        let rules: Vec<Located> = s.rules.into_iter().map(located).collect();
        self.names.extend(rules.iter().cloned());
        Suppression {
            reply: located(s.reply),
            rules: rules.into_iter().map(|l| l.value).collect(),
            files: s.files.map(|f| f.into_iter().map(located).collect()),
        }
    }

    /// The `[[phrases]]` entries as a rule file for the pack loader.
    fn phrase_rules(&self, phrases: &[Spanned<PhraseDef>]) -> Result<String, ConfigError> {
        let rule = phrases
            .iter()
            .map(|entry| phrase_rule(entry.get_ref()).map_err(|m| error_at(self.text, entry.span().start, m)))
            .collect::<Result<_, _>>()?;
        toml::to_string(&GeneratedFile { rule }).map_err(|e| error_at(self.text, 0, e.to_string()))
    }
}

fn phrase_rule(p: &PhraseDef) -> Result<GeneratedRule, String> {
    let phrases: Vec<String> = p.phrase.iter().chain(&p.phrases).cloned().collect();
    let Some(first) = phrases.first() else {
        return Err("a `[[phrases]]` entry needs `phrase` or `phrases`".into());
    };
    if let Some(bad) = phrases
        .iter()
        .find(|p| p.contains(['(', ')', '[', ']', '{', '}', '|']))
    {
        return Err(format!(
            "`{bad}`: custom phrases are plain words; ( ) [ ] {{ }} | are not allowed"
        ));
    }
    let category = p.category.as_deref().unwrap_or("negative-language");
    category
        .parse::<Category>()
        .map_err(|_| format!("`{category}` is not a category (see `tactful rules`)"))?;
    let severity = p.severity.as_deref().unwrap_or("warning");
    severity
        .parse::<Severity>()
        .map_err(|_| format!("`{severity}`: a severity is `error`, `warning` or `info`"))?;
    let suggestions: Vec<String> = p.suggestion.iter().chain(&p.suggestions).cloned().collect();
    if suggestions.is_empty() {
        return Err(
            "a `[[phrases]]` entry needs a `suggestion` (or `suggestions`): what to write instead".into(),
        );
    }
    let name = p.name.clone().unwrap_or_else(|| slug(first));
    Ok(GeneratedRule {
        id: format!("{category}/custom-{name}"),
        severity: severity.to_string(),
        message: p.message.clone(),
        rationale: "A phrase the team's configuration asks to avoid.".into(),
        suggestions,
        trigger: vec![GeneratedTrigger { phrases }],
    })
}

/// A rule id's name part from a phrase: `per my last email` → `per-my-last-email`.
fn slug(phrase: &str) -> String {
    phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

#[derive(Serialize)]
struct GeneratedFile {
    rule: Vec<GeneratedRule>,
}

#[derive(Serialize)]
struct GeneratedRule {
    id: String,
    severity: String,
    message: String,
    rationale: String,
    suggestions: Vec<String>,
    trigger: Vec<GeneratedTrigger>,
}

#[derive(Serialize)]
struct GeneratedTrigger {
    phrases: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;

    #[test]
    fn unknown_key_bad_severity_and_bad_phrase_point_at_their_place() {
        let e = Config::from_toml("select = [\"dismissive\"]\nignroe = [\"jargon\"]\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1));
        assert!(e.message.contains("ignroe"), "{e}");
        let e = Config::from_toml("[severity]\njargon = \"loud\"\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "2:10: a severity is `error`, `warning`, `info` or `off`"
        );
        let e = Config::from_toml("[[phrases]]\nphrase = \"a (b)\"\nmessage = \"m\"\n").unwrap_err();
        assert!(e.message.contains("plain words"), "{e}");
        let e = Config::from_toml(
            "[[phrases]]\nphrase = \"ab\"\nmessage = \"m\"\nsuggestion = \"s\"\nseverity = \"loud\"\n",
        )
        .unwrap_err();
        assert!(e.message.contains("`loud`"), "{e}");
        let e = Config::from_toml("[[phrases]]\nphrase = \"ab\"\nmessage = \"m\"\n").unwrap_err();
        assert!(e.message.contains("suggestion"), "{e}");
    }

    #[test]
    fn unknown_rule_ids_are_found_against_the_rules() {
        let config = Config::from_toml("ignore = [\"jargon\", \"dismisive\"]\n").unwrap();
        let e = config.check_names(&Linter::default_pack()).unwrap_err();
        assert_eq!((e.line, e.column), (1, 21));
        assert!(Linter::with_config(&config).is_err());
    }

    #[test]
    fn filter_keeps_the_most_specific_severity() {
        let config = Config::from_toml(
            "select = [\"policy-hiding\", \"dismissive\"]\n[severity]\npolicy-hiding = \"info\"\n\"dismissive/calm-down\" = \"off\"\n",
        )
        .unwrap();
        let linter = Linter::with_config(&config).unwrap();
        let found = linter.check("Unfortunately that's our policy. Calm down.", Format::Plain);
        let got: Vec<_> = found.iter().map(|d| (&*d.rule, d.severity)).collect();
        assert_eq!(got, vec![("policy-hiding/thats-our-policy", Severity::Info)]);
    }

    #[test]
    fn phrases_become_rules() {
        let config = Config::from_toml(
            "[[phrases]]\nphrase = \"tossed over\"\nmessage = \"Sounds like a reprimand.\"\nsuggestion = \"passed to\"\nseverity = \"error\"\n",
        )
        .unwrap();
        let linter = Linter::with_config(&config).unwrap();
        let found = linter.check("Thanks, the ticket was tossed over to billing.", Format::Plain);
        let got: Vec<_> = found.iter().map(|d| (&*d.rule, d.severity)).collect();
        assert_eq!(
            got,
            vec![("negative-language/custom-tossed-over", Severity::Error)]
        );
    }

    #[test]
    fn parts_that_need_files_are_refused_by_with_config() {
        let config = Config::from_toml("\nextends = \"../team.toml\"\n").unwrap();
        assert_eq!(config.extends[0].value, "../team.toml");
        let e = Linter::with_config(&config).unwrap_err();
        assert_eq!((e.line, e.column), (2, 11));
        let config = Config::from_toml("rules = [\"team/*.toml\"]\n").unwrap();
        assert!(Linter::with_config(&config).is_err());
    }
}

//! Configuration: `tactful.toml` or `.tactful.toml`, found by walking up from
//! each checked file, resolved here at the edge into a linter and a filter.
//!
//! ```toml
//! extends = "../team/tactful.toml"      # a shared team config, applied first
//! select = ["dismissive", "policy-hiding"]   # categories or rule ids; default: all
//! ignore = ["jargon", "robotic-cliche/valued-customer"]
//! rules = ["team-rules/*.toml"]         # extra rule files
//!
//! [severity]
//! "over-apology" = "warning"            # or "off"
//!
//! [[phrases]]                           # a team's own banned words
//! phrase = "tossed over"
//! message = "Sounds like a reprimand."
//! suggestion = "As I mentioned, …"
//!
//! [[overrides]]
//! files = ["legacy/**"]
//! ignore = ["shouting"]
//!
//! [[suppress]]                          # macros of JSON exports, by id or title
//! reply = "360001234"
//! rules = ["policy-hiding"]
//! reason = "Legal wording, approved by counsel."
//! ```
//!
//! Every path and glob is relative to the file that names it. Unknown keys,
//! unknown rule ids and bad values are errors that name the file, line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};
use tactful::{Category, Diagnostic, LineIndex, Linter, Severity};
use toml::Spanned;

/// The names a config file may have, in the order they are looked for.
pub const FILE_NAMES: &[&str] = &["tactful.toml", ".tactful.toml"];

/// A config error: `path:line:column: message`.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}")]
pub struct ConfigError {
    path: String,
    line: usize,
    column: usize,
    message: String,
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

/// A severity override: a new severity, or off.
type Level = Option<Severity>;

/// Which findings to keep, and at what severity.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// `None` keeps every rule.
    select: Option<Vec<String>>,
    ignore: Vec<String>,
    severity: Vec<(String, Level)>,
}

impl Filter {
    /// Lays `other` over `self`: a later `select` replaces, `ignore` adds,
    /// severities override.
    fn extend(&mut self, other: Filter) {
        if other.select.is_some() {
            self.select = other.select;
        }
        self.ignore.extend(other.ignore);
        self.severity.extend(other.severity);
    }

    /// The severity `d` is reported at, or `None` when it is filtered out.
    pub fn apply(&self, d: &Diagnostic) -> Option<Severity> {
        let names = |sel: &String| sel == "all" || *sel == d.rule || sel == d.category.as_str();
        if self.select.as_ref().is_some_and(|s| !s.iter().any(names)) || self.ignore.iter().any(names) {
            return None;
        }
        // The most specific override wins: a rule id over its category.
        let by_rule = self.severity.iter().rev().find(|(k, _)| *k == d.rule);
        let by_category = self.severity.iter().rev().find(|(k, _)| names(k));
        match by_rule.or(by_category) {
            Some((_, level)) => *level,
            None => Some(d.severity),
        }
    }
}

/// An override's files, matched against paths relative to its config's folder.
#[derive(Debug, Clone)]
struct Override {
    base: PathBuf,
    files: GlobSet,
    filter: Filter,
}

/// A config suppression of findings in a reply of an export.
#[derive(Debug, Clone)]
pub struct ReplySuppression {
    /// Where it is written, for the unused-suppression note.
    pub origin: String,
    reply: String,
    rules: Vec<String>,
    files: Option<(PathBuf, GlobSet)>,
}

/// A resolved configuration: the linter to use and what to keep of its findings.
#[derive(Debug, Clone)]
pub struct Config {
    /// The config file, `None` for the defaults.
    pub path: Option<PathBuf>,
    pub linter: Arc<Linter>,
    filter: Filter,
    overrides: Vec<Override>,
    pub suppressions: Vec<ReplySuppression>,
}

impl Config {
    /// The defaults: the built-in pack, every rule.
    pub fn defaults(linter: Arc<Linter>) -> Self {
        Self {
            path: None,
            linter,
            filter: Filter::default(),
            overrides: Vec::new(),
            suppressions: Vec::new(),
        }
    }

    /// What to keep of the findings in `file`, overrides applied: worked out
    /// once per file, not per finding.
    pub fn filter_for(&self, file: &Path) -> Filter {
        let mut filter = self.filter.clone();
        for o in &self.overrides {
            if o.files.is_match(relative(file, &o.base)) {
                filter.extend(o.filter.clone());
            }
        }
        filter
    }

    /// The config suppressions that cover `d` in the reply named `reply`
    /// (its id or its title) of `file`, by index.
    pub fn suppressed_by(&self, file: &Path, replies: &[&str], d: &Diagnostic) -> Option<usize> {
        self.suppressions.iter().position(|s| {
            replies.contains(&s.reply.as_str())
                && (s.rules.is_empty() || s.rules.iter().any(|r| *r == d.rule || r == d.category.as_str()))
                && s.files
                    .as_ref()
                    .is_none_or(|(base, globs)| globs.is_match(relative(file, base)))
        })
    }
}

/// `file` relative to `base`, or as it is when it is not under it. Both are
/// made absolute first, as checked paths may be relative to the current folder.
fn relative(file: &Path, base: &Path) -> PathBuf {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let file = absolute(file);
    match file.strip_prefix(absolute(base)) {
        Ok(rest) => rest.to_path_buf(),
        Err(_) => file,
    }
}

/// Where the rules every config starts from come from.
pub enum BaseRules {
    /// The pack built into the binary.
    BuiltIn,
    /// The rule files of a folder (`--rules DIR`), as (name, text).
    Files(Vec<(String, String)>),
}

impl BaseRules {
    /// The built-in pack, or the `*.toml` files of `dir` in name order.
    pub fn from_dir(dir: Option<&Path>) -> anyhow::Result<Self> {
        let Some(dir) = dir else {
            return Ok(Self::BuiltIn);
        };
        let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| anyhow::anyhow!("{}: cannot read the rules folder: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        names.sort();
        let files = names
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p)
                    .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", p.display()))?;
                Ok((p.display().to_string(), text))
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(Self::Files(files))
    }

    /// A linter of these rules and the `extra` rule files.
    pub fn linter(&self, extra: &[(String, String)]) -> anyhow::Result<Linter> {
        let base: Vec<(&str, &str)> = match self {
            Self::BuiltIn if extra.is_empty() => return Ok(Linter::default_pack()),
            Self::BuiltIn => tactful::pack::DEFAULT_FILES.to_vec(),
            Self::Files(files) => files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect(),
        };
        let files = base
            .into_iter()
            .chain(extra.iter().map(|(n, t)| (n.as_str(), t.as_str())));
        Ok(Linter::new(tactful::pack::load(files)?))
    }
}

/// Loads the config at `path`, with everything it extends; `plain` is the
/// linter of `base` alone, shared by every config that adds no rules.
pub fn load(path: &Path, base: &BaseRules, plain: &Arc<Linter>) -> anyhow::Result<Config> {
    let mut layers = Vec::new();
    collect_layers(path, &mut layers, &mut Vec::new())?;
    let extra_rules: Vec<(String, String)> = layers.iter().flat_map(|l| l.rule_files.clone()).collect();
    let linter = if extra_rules.is_empty() {
        Arc::clone(plain)
    } else {
        Arc::new(base.linter(&extra_rules)?)
    };
    let mut config = Config::defaults(linter);
    config.path = Some(path.to_path_buf());
    for layer in layers {
        layer.check_names(&config.linter)?;
        config.filter.extend(layer.filter);
        config.overrides.extend(layer.overrides);
        config.suppressions.extend(layer.suppressions);
    }
    Ok(config)
}

/// One config file, parsed, its paths resolved, its names not yet checked.
struct Layer {
    path: String,
    text: String,
    filter: Filter,
    overrides: Vec<Override>,
    suppressions: Vec<ReplySuppression>,
    /// Extra rule files and the rules of `[[phrases]]`, as (name, TOML text).
    rule_files: Vec<(String, String)>,
    /// Every rule selector, with where it is written.
    names: Vec<Spanned<String>>,
}

/// Parses `path` after the files it extends, base first.
fn collect_layers(path: &Path, layers: &mut Vec<Layer>, chain: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let canonical = path
        .canonicalize()
        .map_err(|e| anyhow::anyhow!("{}: cannot read the config: {e}", path.display()))?;
    if chain.contains(&canonical) {
        anyhow::bail!("{}: `extends` loops back to this file", path.display());
    }
    chain.push(canonical);
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("{}: cannot read the config: {e}", path.display()))?;
    let shown = path.display().to_string();
    let def: FileDef = toml::from_str(&text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        error_at(&shown, &text, at, e.message())
    })?;
    let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let (at, extends) = match &def.extends {
        None => (0, Vec::new()),
        Some(e) => match e.get_ref() {
            OneOrMany::One(p) => (e.span().start, vec![p.clone()]),
            OneOrMany::Many(ps) => (e.span().start, ps.clone()),
        },
    };
    for parent in extends {
        let target = base.join(&parent);
        if !target.is_file() {
            return Err(error_at(&shown, &text, at, format!("`{parent}`: no config file there")).into());
        }
        collect_layers(&target, layers, chain)?;
    }
    layers.push(Layer::new(shown, text, base, def)?);
    chain.pop();
    Ok(())
}

impl Layer {
    fn new(path: String, text: String, base: PathBuf, def: FileDef) -> anyhow::Result<Self> {
        let mut layer = Layer {
            path,
            text,
            filter: Filter::default(),
            overrides: Vec::new(),
            suppressions: Vec::new(),
            rule_files: Vec::new(),
            names: Vec::new(),
        };
        layer.filter = layer.filter(def.select, def.ignore, def.severity)?;
        for o in def.overrides {
            let files = layer.globs(&o.files)?;
            let filter = layer.filter(o.select, o.ignore, o.severity)?;
            layer.overrides.push(Override {
                base: base.clone(),
                files,
                filter,
            });
        }
        for s in def.suppress {
            let files = s.files.as_ref().map(|f| layer.globs(f)).transpose()?;
            layer.names.extend(s.rules.iter().cloned());
            let line = layer.line_of(s.reply.span().start);
            layer.suppressions.push(ReplySuppression {
                origin: format!("{}:{line}", layer.path),
                reply: s.reply.into_inner(),
                rules: s.rules.into_iter().map(Spanned::into_inner).collect(),
                files: files.map(|f| (base.clone(), f)),
            });
        }
        for pattern in &def.rules {
            layer.rule_files.extend(layer.rule_files_at(&base, pattern)?);
        }
        if !def.phrases.is_empty() {
            let generated = layer.phrase_rules(&def.phrases)?;
            layer.rule_files.push((layer.path.clone(), generated));
        }
        Ok(layer)
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
                    self.error(
                        level.span().start,
                        "a severity is `error`, `warning`, `info` or `off`",
                    )
                })?),
            };
            self.names.push(Spanned::new(level.span(), name.clone()));
            levels.push((name, parsed));
        }
        self.names.extend(select.iter().flatten().cloned());
        self.names.extend(ignore.iter().cloned());
        Ok(Filter {
            select: select.map(|s| s.into_iter().map(Spanned::into_inner).collect()),
            ignore: ignore.into_iter().map(Spanned::into_inner).collect(),
            severity: levels,
        })
    }

    fn globs(&self, patterns: &[Spanned<String>]) -> Result<GlobSet, ConfigError> {
        let mut set = GlobSetBuilder::new();
        for p in patterns {
            let glob =
                Glob::new(p.get_ref()).map_err(|e| self.error(p.span().start, e.kind().to_string()))?;
            set.add(glob);
        }
        set.build().map_err(|e| self.error(0, e.to_string()))
    }

    /// The rule files `pattern` names (a path or a glob, relative to `base`).
    fn rule_files_at(&self, base: &Path, pattern: &Spanned<String>) -> anyhow::Result<Vec<(String, String)>> {
        let at = pattern.span().start;
        let full = base.join(pattern.get_ref());
        let paths: Vec<PathBuf> = if full.is_file() {
            vec![full]
        } else {
            let glob = Glob::new(pattern.get_ref())
                .map_err(|e| self.error(at, e.kind().to_string()))?
                .compile_matcher();
            let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(base)
                .build()
                .filter_map(Result::ok)
                .map(ignore::DirEntry::into_path)
                .filter(|p| p.is_file() && glob.is_match(relative(p, base)))
                .collect();
            found.sort();
            found
        };
        if paths.is_empty() {
            return Err(self.error(at, "no rule files match this").into());
        }
        paths
            .into_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p)
                    .map_err(|e| self.error(at, format!("cannot read {}: {e}", p.display())))?;
                Ok((p.display().to_string(), text))
            })
            .collect()
    }

    /// The `[[phrases]]` entries as a rule file for the pack loader.
    fn phrase_rules(&self, phrases: &[Spanned<PhraseDef>]) -> Result<String, ConfigError> {
        let mut rules = Vec::new();
        for entry in phrases {
            let at = entry.span().start;
            rules.push(self.phrase_rule(entry.get_ref()).map_err(|m| self.error(at, m))?);
        }
        toml::to_string(&GeneratedFile { rule: rules }).map_err(|e| self.error(0, e.to_string()))
    }

    fn phrase_rule(&self, p: &PhraseDef) -> Result<GeneratedRule, String> {
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
        let name = p.name.clone().unwrap_or_else(|| slug(first));
        Ok(GeneratedRule {
            id: format!("{category}/custom-{name}"),
            severity: p.severity.clone().unwrap_or_else(|| "warning".into()),
            message: p.message.clone(),
            rationale: format!("A phrase the team's configuration ({}) asks to avoid.", self.path),
            suggestions: p.suggestion.iter().chain(&p.suggestions).cloned().collect(),
            trigger: vec![GeneratedTrigger { phrases }],
        })
    }

    /// Every selector must name a category, a rule of `linter`, or `all`.
    fn check_names(&self, linter: &Linter) -> Result<(), ConfigError> {
        for name in &self.names {
            let n = name.get_ref();
            if n != "all" && n.parse::<Category>().is_err() && linter.rule(n).is_none() {
                return Err(self.error(
                    name.span().start,
                    format!("`{n}` is neither a category nor a rule id (see `tactful rules`)"),
                ));
            }
        }
        Ok(())
    }

    fn line_of(&self, at: usize) -> usize {
        LineIndex::new(&self.text).line_column(at).line
    }

    fn error(&self, at: usize, message: impl Into<String>) -> ConfigError {
        error_at(&self.path, &self.text, at, message)
    }
}

fn error_at(path: &str, text: &str, at: usize, message: impl Into<String>) -> ConfigError {
    let lc = LineIndex::new(text).line_column(at);
    ConfigError {
        path: path.to_string(),
        line: lc.line,
        column: lc.column,
        message: message.into().trim_end().to_string(),
    }
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

/// Finds and loads the config that applies to each checked file, once per folder.
pub struct Resolver {
    base: BaseRules,
    default_pack: Arc<Linter>,
    mode: Mode,
    /// Folder → the config found from it.
    by_dir: BTreeMap<PathBuf, Arc<Config>>,
    /// Config file → loaded config, so two folders sharing one load it once.
    by_file: BTreeMap<PathBuf, Arc<Config>>,
}

enum Mode {
    Discover,
    Fixed(Arc<Config>),
}

impl Resolver {
    /// `explicit` is `--config FILE`; `isolated` is `--isolated` (no config at all).
    pub fn new(base: BaseRules, explicit: Option<&Path>, isolated: bool) -> anyhow::Result<Self> {
        let default_pack = Arc::new(base.linter(&[])?);
        let mode = match explicit {
            Some(path) => Mode::Fixed(Arc::new(load(path, &base, &default_pack)?)),
            None if isolated => Mode::Fixed(Arc::new(Config::defaults(Arc::clone(&default_pack)))),
            None => Mode::Discover,
        };
        Ok(Self {
            base,
            default_pack,
            mode,
            by_dir: BTreeMap::new(),
            by_file: BTreeMap::new(),
        })
    }

    /// The defaults, for text that is in no folder (an editor's unsaved document).
    pub fn defaults(&self) -> Arc<Config> {
        Arc::new(Config::defaults(Arc::clone(&self.default_pack)))
    }

    /// The config for a file in `dir` (for standard input: the current folder).
    pub fn for_dir(&mut self, dir: &Path) -> anyhow::Result<Arc<Config>> {
        if let Mode::Fixed(config) = &self.mode {
            return Ok(Arc::clone(config));
        }
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        if let Some(found) = self.by_dir.get(&dir) {
            return Ok(Arc::clone(found));
        }
        let config = match dir.ancestors().find_map(config_in) {
            Some(file) => match self.by_file.get(&file) {
                Some(c) => Arc::clone(c),
                None => {
                    let c = Arc::new(load(&file, &self.base, &self.default_pack)?);
                    self.by_file.insert(file, Arc::clone(&c));
                    c
                }
            },
            None => Arc::new(Config::defaults(Arc::clone(&self.default_pack))),
        };
        self.by_dir.insert(dir, Arc::clone(&config));
        Ok(config)
    }
}

fn config_in(dir: &Path) -> Option<PathBuf> {
    FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn pack() -> Arc<Linter> {
        Arc::new(Linter::default_pack())
    }

    fn found(config: &Config, file: &str, text: &str) -> Vec<(String, Severity)> {
        config
            .linter
            .check(text, tactful::Format::Plain)
            .iter()
            .filter_map(|d| {
                config
                    .filter_for(Path::new(file))
                    .apply(d)
                    .map(|s| (d.rule.clone(), s))
            })
            .collect()
    }

    #[test]
    fn unknown_key_names_its_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "tactful.toml",
            "select = [\"dismissive\"]\nignroe = [\"jargon\"]\n",
        );
        let e = load(&path, &BaseRules::BuiltIn, &pack()).unwrap_err().to_string();
        assert!(e.contains("tactful.toml:2:1:"), "{e}");
        assert!(e.contains("ignroe"), "{e}");
    }

    #[test]
    fn unknown_rule_and_bad_severity_point_at_the_value() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "tactful.toml",
            "ignore = [\"jargon\", \"dismisive\"]\n",
        );
        let e = load(&path, &BaseRules::BuiltIn, &pack()).unwrap_err().to_string();
        assert!(e.contains(":1:21:") && e.contains("dismisive"), "{e}");
        let path = write(dir.path(), "tactful.toml", "[severity]\njargon = \"loud\"\n");
        let e = load(&path, &BaseRules::BuiltIn, &pack()).unwrap_err().to_string();
        assert!(e.contains(":2:10:") && e.contains("off"), "{e}");
    }

    #[test]
    fn select_ignore_severity_and_overrides() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "tactful.toml",
            r#"
ignore = ["dismissive/calm-down"]
[severity]
policy-hiding = "info"
[[overrides]]
files = ["legacy/**"]
ignore = ["policy-hiding"]
"#,
        );
        let config = load(&path, &BaseRules::BuiltIn, &pack()).unwrap();
        let text = "Please calm down. That's our policy.";
        let top = found(&config, &dir.path().join("a.md").display().to_string(), text);
        assert!(
            top.iter().all(|(r, _)| !r.starts_with("dismissive/calm-down")),
            "{top:?}"
        );
        assert!(
            top.iter()
                .any(|(r, s)| r.starts_with("policy-hiding/") && *s == Severity::Info),
            "{top:?}"
        );
        let legacy = found(
            &config,
            &dir.path().join("legacy/b.md").display().to_string(),
            text,
        );
        assert!(
            legacy.iter().all(|(r, _)| !r.starts_with("policy-hiding/")),
            "{legacy:?}"
        );
    }

    #[test]
    fn extends_layers_and_custom_phrases() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "team/base.toml",
            r#"
ignore = ["jargon"]
[[phrases]]
phrase = "tossed over"
message = "Sounds like a reprimand."
suggestion = "passed to"
"#,
        );
        let path = write(
            dir.path(),
            "repo/tactful.toml",
            "extends = \"../team/base.toml\"\n",
        );
        let config = load(&path, &BaseRules::BuiltIn, &pack()).unwrap();
        let got = found(&config, "x.md", "Thanks, the ticket was tossed over to billing.");
        assert_eq!(
            got,
            vec![(
                "negative-language/custom-tossed-over".to_string(),
                Severity::Warning
            )]
        );
        let looped = write(dir.path(), "loop.toml", "extends = \"loop.toml\"\n");
        assert!(
            load(&looped, &BaseRules::BuiltIn, &pack())
                .unwrap_err()
                .to_string()
                .contains("loops")
        );
    }

    #[test]
    fn discovery_walks_up_and_isolated_ignores_configs() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), ".tactful.toml", "select = [\"dismissive\"]\n");
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        let mut resolver = Resolver::new(BaseRules::BuiltIn, None, false).unwrap();
        let config = resolver.for_dir(&dir.path().join("a/b")).unwrap();
        assert!(config.path.as_ref().unwrap().ends_with(".tactful.toml"));
        let mut isolated = Resolver::new(BaseRules::BuiltIn, None, true).unwrap();
        assert!(isolated.for_dir(&dir.path().join("a/b")).unwrap().path.is_none());
    }
}

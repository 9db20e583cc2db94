//! Configuration: `tactful.toml` or `.tactful.toml`, found by walking up from
//! each checked file, resolved here at the edge into a linter and a filter.
//! The library parses and checks each file's text ([`tactful::Config`]); this
//! module reads the files it names, compiles its globs and lays the files of an
//! `extends` chain over each other.
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
use tactful::{Diagnostic, Filter, Linter, Located};

/// The names a config file may have, in the order they are looked for.
pub const FILE_NAMES: &[&str] = &["tactful.toml", ".tactful.toml"];

/// A config error: `path:line:column: message`.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{error}")]
pub struct ConfigError {
    path: String,
    error: tactful::ConfigError,
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
    entry: tactful::Suppression,
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
                filter.extend(&o.filter);
            }
        }
        filter
    }

    /// The config suppressions that cover `d` in the reply named `reply`
    /// (its id or its title) of `file`, by index.
    pub fn suppressed_by(&self, file: &Path, replies: &[&str], d: &Diagnostic) -> Option<usize> {
        self.suppressions.iter().position(|s| {
            s.entry.covers(replies, d)
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
        if names.is_empty() {
            anyhow::bail!("{}: no rule files (*.toml) in this folder", dir.display());
        }
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
        layer
            .config
            .check_names(&config.linter)
            .map_err(|e| layer.error(e))?;
        config.filter.extend(&layer.config.filter);
        config.overrides.extend(layer.overrides);
        config.suppressions.extend(layer.suppressions);
    }
    Ok(config)
}

/// One config file, parsed, its paths resolved, its names not yet checked.
struct Layer {
    path: String,
    config: tactful::Config,
    overrides: Vec<Override>,
    suppressions: Vec<ReplySuppression>,
    /// Extra rule files and the rules of `[[phrases]]`, as (name, TOML text).
    rule_files: Vec<(String, String)>,
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
    let config = tactful::Config::from_toml(&text).map_err(|error| ConfigError {
        path: shown.clone(),
        error,
    })?;
    let base = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut layer = Layer {
        path: shown,
        config,
        overrides: Vec::new(),
        suppressions: Vec::new(),
        rule_files: Vec::new(),
    };
    for parent in &layer.config.extends {
        let target = base.join(&parent.value);
        if !target.is_file() {
            return Err(layer
                .error_at(parent, format!("`{}`: no config file there", parent.value))
                .into());
        }
        collect_layers(&target, layers, chain)?;
    }
    layer.resolve(&base)?;
    layers.push(layer);
    chain.pop();
    Ok(())
}

impl Layer {
    /// Compiles the globs and reads the rule files, relative to `base`.
    fn resolve(&mut self, base: &Path) -> anyhow::Result<()> {
        for o in &self.config.overrides {
            let files = self.globs(&o.files)?;
            let filter = o.filter.clone();
            self.overrides.push(Override {
                base: base.to_path_buf(),
                files,
                filter,
            });
        }
        for entry in &self.config.suppress {
            let files = entry.files.as_ref().map(|f| self.globs(f)).transpose()?;
            self.suppressions.push(ReplySuppression {
                origin: format!("{}:{}", self.path, self.config.line_of(entry.reply.at)),
                entry: entry.clone(),
                files: files.map(|f| (base.to_path_buf(), f)),
            });
        }
        for pattern in &self.config.rules {
            let files = self.rule_files_at(base, pattern)?;
            self.rule_files.extend(files);
        }
        if let Some(generated) = self.config.phrase_rules() {
            self.rule_files.push((self.path.clone(), generated.to_string()));
        }
        Ok(())
    }

    fn globs(&self, patterns: &[Located]) -> Result<GlobSet, ConfigError> {
        let mut set = GlobSetBuilder::new();
        for p in patterns {
            let glob = Glob::new(&p.value).map_err(|e| self.error_at(p, e.kind().to_string()))?;
            set.add(glob);
        }
        set.build()
            .map_err(|e| self.error(self.config.error_at(0, e.to_string())))
    }

    /// The rule files `pattern` names (a path or a glob, relative to `base`).
    fn rule_files_at(&self, base: &Path, pattern: &Located) -> anyhow::Result<Vec<(String, String)>> {
        let full = base.join(&pattern.value);
        let paths: Vec<PathBuf> = if full.is_file() {
            vec![full]
        } else {
            let glob = Glob::new(&pattern.value)
                .map_err(|e| self.error_at(pattern, e.kind().to_string()))?
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
            return Err(self.error_at(pattern, "no rule files match this").into());
        }
        paths
            .into_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p)
                    .map_err(|e| self.error_at(pattern, format!("cannot read {}: {e}", p.display())))?;
                Ok((p.display().to_string(), text))
            })
            .collect()
    }

    fn error_at(&self, value: &Located, message: impl Into<String>) -> ConfigError {
        self.error(self.config.error_at(value.at, message))
    }

    fn error(&self, error: tactful::ConfigError) -> ConfigError {
        ConfigError {
            path: self.path.clone(),
            error,
        }
    }
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
    /// The folder asked for last, as it was written, and its config: a
    /// walk asks for the same folder file after file, and making a path
    /// absolute and finding it among the others costs more than comparing
    /// its bytes.
    last: Option<(PathBuf, Arc<Config>)>,
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
            last: None,
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
        if let Some((last, config)) = &self.last
            && last.as_os_str() == dir.as_os_str()
        {
            return Ok(Arc::clone(config));
        }
        let config = self.discover(dir)?;
        self.last = Some((dir.to_path_buf(), Arc::clone(&config)));
        Ok(config)
    }

    /// The config that applies in `dir`: the nearest config file up from it,
    /// each folder's and each file's found and loaded once.
    fn discover(&mut self, dir: &Path) -> anyhow::Result<Arc<Config>> {
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
    use tactful::Severity;

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
                    .map(|s| (d.rule.to_string(), s))
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

    #[test]
    fn folders_asked_in_turns_each_get_their_own_config() {
        let dir = tempfile::tempdir().unwrap();
        let config_of = |folder: &str| {
            write(
                &dir.path().join(folder),
                ".tactful.toml",
                "select = [\"dismissive\"]\n",
            )
        };
        let (top, a, b) = (config_of(""), config_of("a"), config_of("b"));
        std::fs::create_dir_all(dir.path().join("c")).unwrap();
        let mut resolver = Resolver::new(BaseRules::BuiltIn, None, false).unwrap();
        for (folder, expected) in [("a", &a), ("a", &a), ("b", &b), ("c", &top), ("a", &a), ("b", &b)] {
            let config = resolver.for_dir(&dir.path().join(folder)).unwrap();
            assert_eq!(config.path.as_ref(), Some(expected), "{folder}");
        }
    }
}

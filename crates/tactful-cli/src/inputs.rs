//! Inputs: turn paths and standard input into checked files.

use std::io::{IsTerminal, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::bail;
use rayon::prelude::*;
use tactful::Diagnostic;
use tactful_formats::{Kind, Options};

use crate::config::{Config, Resolver};
use crate::progress::Progress;
use crate::{fingerprint, suppress};

/// Extensions read when walking a folder.
const EXTENSIONS: &[&str] = &[
    "md", "markdown", "mdx", "mkd", "txt", "text", "html", "htm", "json", "jsonl", "ndjson", "yaml", "yml",
    "csv",
];

/// One checked input.
pub struct CheckedFile {
    /// As given on the command line or found by the walk; `-` for standard input.
    pub path: String,
    pub text: String,
    /// In order of position in the file.
    pub findings: Vec<Finding>,
    /// How many replies the file holds (one for a plain, Markdown or HTML file).
    pub replies: usize,
    /// Suppression comments in the file that covered no finding.
    pub unused_suppressions: Vec<Unused>,
    /// The config that applied, and which of its reply suppressions were used.
    pub config: Arc<Config>,
    used_config_suppressions: Vec<usize>,
}

/// A diagnostic placed in its file.
pub struct Finding {
    /// Its span is in bytes of the file as read.
    pub diagnostic: Diagnostic,
    /// The reply it is in, for files that hold many (a macro's title or id).
    pub reply: Option<String>,
    /// Stable across edits that move lines; see [`crate::fingerprint`].
    pub fingerprint: String,
    /// The diagnostic's safe fix as it must be written into the file over its
    /// span. For a reply inside a container (a JSON string, a YAML scalar, a
    /// CSV field) the reader of that format encodes it here, so `--fix` writes
    /// bytes without knowing the format.
    pub fix: Option<String>,
}

/// A suppression that suppressed nothing.
pub struct Unused {
    /// Bytes of the file as read.
    pub span: Range<usize>,
    /// The rules it names; empty for all.
    pub rules: Vec<String>,
}

/// Every checked input, in a deterministic order, and the inputs that failed.
pub struct Checked {
    pub files: Vec<CheckedFile>,
    /// One line each, naming the input.
    pub failures: Vec<String>,
    /// Things worth telling that are not errors, such as a folder with no replies.
    pub notes: Vec<String>,
}

enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The folder whose config applies: the file's, or the current one.
    fn dir(&self) -> &Path {
        match self {
            Input::File(p) => p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new(".")),
            Input::Stdin => Path::new("."),
        }
    }
}

/// Checks every input named by `paths` (standard input when there are none),
/// in parallel; the result keeps the order of the inputs.
pub fn check_all(configs: &mut Resolver, paths: &[PathBuf], reading: &Reading) -> anyhow::Result<Checked> {
    let mut failures = Vec::new();
    let mut notes = Vec::new();
    let inputs = collect(paths, &mut failures, &mut notes)?;
    // Configs are found and loaded first, one at a time, so that a broken one
    // stops the run before any output.
    let jobs = inputs
        .into_iter()
        .map(|input| Ok((configs.for_dir(input.dir())?, input)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let progress = Progress::new(jobs.len());
    let results: Vec<Result<CheckedFile, String>> = jobs
        .into_par_iter()
        .map(|(config, input)| {
            let result = read(&input).and_then(|(path, text)| check_text(config, path, text, reading));
            progress.tick();
            result
        })
        .collect();
    drop(progress);
    let mut files = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(file) if file.replies == 0 => {
                notes.push(format!(
                    "{}: no replies found (no reply fields this reader knows)",
                    file.path
                ));
                files.push(file);
            }
            Ok(file) => files.push(file),
            Err(e) => failures.push(e),
        }
    }
    notes.extend(unused_config_suppressions(&files));
    Ok(Checked {
        files,
        failures,
        notes,
    })
}

/// How to read inputs: a forced reader or one per file, and its options.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    pub kind: Option<Kind>,
    pub options: Options,
}

/// A finding before fingerprinting: the diagnostic in file offsets, its reply's
/// name, and its fix encoded for the file.
type Placed = (Diagnostic, Option<String>, Option<String>);

/// Checks the text of one input with its config: every reply the file holds,
/// each finding mapped back to the file. Fails, naming the place, when the
/// file cannot be read in its format.
pub fn check_text(
    config: Arc<Config>,
    path: String,
    text: String,
    reading: &Reading,
) -> Result<CheckedFile, String> {
    let kind = reading
        .kind
        .unwrap_or_else(|| tactful_formats::detect(&path, &text));
    let replies = tactful_formats::read(&text, kind, &reading.options)
        .map_err(|e| format!("{path}:{e} (reading it as {kind}); file skipped"))?;
    let mut placed: Vec<Placed> = Vec::new();
    let mut unused_suppressions = Vec::new();
    let mut used_config_suppressions = Vec::new();
    for reply in &replies {
        let mut diagnostics = config.linter.check(&reply.text, reply.format);
        let directives = suppress::directives(&reply.text, reply.format);
        for d in suppress::apply(&directives, &mut diagnostics) {
            unused_suppressions.push(Unused {
                span: reply.file_span(d.span.clone()),
                rules: d.rules.clone(),
            });
        }
        let names: Vec<&str> = reply.id.iter().chain(&reply.name).map(String::as_str).collect();
        for mut d in diagnostics {
            if let Some(i) = config.suppressed_by(Path::new(&path), &names, &d) {
                used_config_suppressions.push(i);
                continue;
            }
            let Some(severity) = config.judge(Path::new(&path), &d) else {
                continue;
            };
            d.severity = severity;
            d.span = reply.file_span(d.span.clone());
            // A fix that cannot be written in place (say, a line break into a
            // YAML plain scalar) is not offered.
            let fix = d.fix.as_deref().and_then(|f| reply.encode(f)).map(Into::into);
            placed.push((d, reply.name.clone(), fix));
        }
    }
    let reply_count = replies.len();
    drop(replies);
    // Replies of one record (a body, then its subject) need not be in file order.
    placed.sort_by_key(|(d, _, _)| (d.span.start, d.span.end));
    let prints = fingerprint::fingerprints(&text, placed.iter().map(|(d, reply, _)| (d, reply.as_deref())));
    let findings = placed
        .into_iter()
        .zip(prints)
        .map(|((diagnostic, reply, fix), fingerprint)| Finding {
            diagnostic,
            reply,
            fingerprint,
            fix,
        })
        .collect();
    Ok(CheckedFile {
        path,
        text,
        findings,
        replies: reply_count,
        unused_suppressions,
        config,
        used_config_suppressions,
    })
}

/// Notes for the `[[suppress]]` entries of each config that matched nothing.
fn unused_config_suppressions(files: &[CheckedFile]) -> Vec<String> {
    let mut configs: Vec<(&Arc<Config>, Vec<bool>)> = Vec::new();
    for f in files {
        let i = match configs.iter().position(|(c, _)| Arc::ptr_eq(c, &f.config)) {
            Some(i) => i,
            None => {
                configs.push((&f.config, vec![false; f.config.suppressions.len()]));
                configs.len() - 1
            }
        };
        for &used in &f.used_config_suppressions {
            configs[i].1[used] = true;
        }
    }
    configs
        .into_iter()
        .flat_map(|(c, used)| {
            c.suppressions
                .iter()
                .zip(used)
                .filter(|(_, used)| !used)
                .map(|(s, _)| format!("{}: unused suppression: no finding in that reply", s.origin))
        })
        .collect()
}

fn collect(
    paths: &[PathBuf],
    failures: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> anyhow::Result<Vec<Input>> {
    if paths.is_empty() {
        if std::io::stdin().is_terminal() {
            bail!("nothing to check: give files or folders, or pipe a reply in (see `tactful check --help`)");
        }
        return Ok(vec![Input::Stdin]);
    }
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            let before = inputs.len();
            walk(path, &mut inputs, failures);
            if inputs.len() == before {
                notes.push(format!(
                    "{}: no reply files here (looked for .{})",
                    path.display(),
                    EXTENSIONS.join(", .")
                ));
            }
        } else {
            inputs.push(Input::File(path.clone()));
        }
    }
    Ok(inputs)
}

/// Adds the reply files under `dir`, honouring `.gitignore`, in path order.
fn walk(dir: &Path, inputs: &mut Vec<Input>, failures: &mut Vec<String>) {
    let mut found = Vec::new();
    for entry in ignore::WalkBuilder::new(dir).require_git(false).build() {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) && is_reply_file(e.path()) => {
                found.push(e.into_path());
            }
            Ok(_) => {}
            Err(e) => failures.push(format!("{}: {e}", dir.display())),
        }
    }
    found.sort();
    inputs.extend(found.into_iter().map(Input::File));
}

fn is_reply_file(path: &Path) -> bool {
    EXTENSIONS.contains(&extension(path).as_str())
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Reads an input as UTF-8; the error names the input and the place.
fn read(input: &Input) -> Result<(String, String), String> {
    let (path, bytes) = match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("-: cannot read standard input: {e}"))?;
            ("-".to_string(), bytes)
        }
        Input::File(p) => {
            let shown = p.display().to_string();
            let bytes = std::fs::read(p).map_err(|e| format!("{shown}: cannot read: {e}"))?;
            (shown, bytes)
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok((path, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(format!(
                "{path}:{line}: not valid UTF-8 (byte {at}); file skipped"
            ))
        }
    }
}

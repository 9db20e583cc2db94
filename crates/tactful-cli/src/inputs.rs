//! Inputs: turn paths and standard input into checked files.

use std::io::{IsTerminal, Read};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use anyhow::bail;
use rayon::prelude::*;
use tactful::{Diagnostic, Filter, Format, LineColumn, LineIndex, Linter, Part};
use tactful_formats::{Kind, Options, Reply};

use crate::baseline::Known;
use crate::config::{Config, Resolver};
use crate::fingerprint::Fingerprinter;
use crate::json::Summary;
use crate::progress::Progress;
use crate::suppress::{self, Suppressor};

/// Extensions read when walking a folder.
const EXTENSIONS: &[&str] = &[
    "md", "markdown", "mdx", "mkd", "txt", "text", "html", "htm", "json", "jsonl", "ndjson", "yaml", "yml",
    "csv",
];

/// How far into a file to look for a NUL byte, the sign of a binary file (as
/// git and ripgrep do).
const BINARY_SNIFF: usize = 8 * 1024;

/// One checked input.
pub struct CheckedFile {
    /// As given on the command line or found by the walk; `-` for standard input.
    pub path: String,
    /// The file decoded; for a UTF-16 file spans count bytes of this text,
    /// not of the file.
    pub text: String,
    /// Read from UTF-16: fixes are not offered, as `--fix` writes UTF-8 only.
    pub utf16: bool,
    /// In order of position in the file; none held for a pending file.
    pub findings: Vec<Finding>,
    /// For a file left to be checked as its findings are written (see
    /// [`CheckedFile::each_finding`]), how it reads.
    pending: Option<Kind>,
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
    /// What a folder walk passed over (binary files, symbolic links), one line
    /// each naming it; shown with `--verbose`.
    pub skipped: Vec<String>,
}

enum Input {
    Stdin,
    /// `walked` when a folder walk found it rather than the command line.
    File {
        path: PathBuf,
        walked: bool,
    },
}

/// Why an input was not checked.
enum Unread {
    /// A binary file met in a walk: not an error.
    Skipped(String),
    /// An error naming the input and the place.
    Failed(String),
}

impl Input {
    /// The folder whose config applies: the file's, or the current one.
    fn dir(&self) -> &Path {
        match self {
            Input::File { path, .. } => path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new(".")),
            Input::Stdin => Path::new("."),
        }
    }
}

/// Checks every input named by `paths` (standard input when there are none),
/// in parallel; the result keeps the order of the inputs. With `stream`, a run
/// of one input that holds one reply leaves it pending: its findings are found
/// as they are written, never all held.
pub fn check_all(
    configs: &mut Resolver,
    paths: &[PathBuf],
    reading: &Reading,
    stream: bool,
) -> anyhow::Result<Checked> {
    let mut failures = Vec::new();
    let mut notes = Vec::new();
    let mut skipped = Vec::new();
    let inputs = collect(paths, &mut failures, &mut notes, &mut skipped)?;
    // Configs are found and loaded first, one at a time, so that a broken one
    // stops the run before any output.
    let jobs = inputs
        .into_iter()
        .map(|input| Ok((configs.for_dir(input.dir())?, input)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let walked: Vec<bool> = jobs
        .iter()
        .map(|(_, input)| matches!(input, Input::File { walked: true, .. }))
        .collect();
    let defer = stream && jobs.len() == 1;
    let progress = Progress::new(jobs.len());
    let check = |(config, input): (_, Input)| {
        let result = read(&input).and_then(|read| {
            let mut file =
                check_text(config, read.path, read.text, reading, defer).map_err(Unread::Failed)?;
            file.utf16 = read.utf16;
            Ok(file)
        });
        progress.tick();
        result
    };
    // One input is checked on this thread: starting the thread pool costs
    // more than checking a short reply does.
    let results: Vec<Result<CheckedFile, Unread>> = match jobs.len() {
        1 => jobs.into_iter().map(check).collect(),
        _ => jobs.into_par_iter().map(check).collect(),
    };
    drop(progress);
    let mut files = Vec::with_capacity(results.len());
    for (result, walked) in results.into_iter().zip(walked) {
        match result {
            // A walk meets JSON and YAML that are not replies (package.json, CI
            // workflows): listed with --verbose only. Named files are noted.
            Ok(file) if file.replies == 0 && walked => {
                skipped.push(format!(
                    "{}: no replies found (no reply fields this reader knows)",
                    file.path
                ));
            }
            Ok(file) if file.replies == 0 => {
                notes.push(format!(
                    "{}: no replies found (no reply fields this reader knows)",
                    file.path
                ));
                files.push(file);
            }
            Ok(mut file) => {
                if file.utf16 && file.findings.iter().any(|f| f.fix.is_some()) {
                    file.findings.iter_mut().for_each(|f| f.fix = None);
                    notes.push(no_fixes_note(&file));
                }
                files.push(file);
            }
            Err(Unread::Skipped(line)) => skipped.push(line),
            Err(Unread::Failed(e)) => failures.push(e),
        }
    }
    Ok(Checked {
        files,
        failures,
        notes,
        skipped,
    })
}

/// How to read inputs: a forced reader or one per file, and its options.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    pub kind: Option<Kind>,
    pub options: Options,
}

/// The size from which a file's replies are checked on all the threads.
const SHARED_FROM: usize = 256 * 1024;

/// Checks the text of one input with its config: every reply the file holds,
/// each finding mapped back to the file. With `defer`, a file of one whole
/// reply is left pending instead. Fails, naming the place, when the file
/// cannot be read in its format.
pub fn check_text(
    config: Arc<Config>,
    path: String,
    text: String,
    reading: &Reading,
    defer: bool,
) -> Result<CheckedFile, String> {
    let kind = reading
        .kind
        .unwrap_or_else(|| tactful_formats::detect(&path, &text));
    let replies = tactful_formats::read(&text, kind, &reading.options)
        .map_err(|e| format!("{path}:{e} (reading it as {kind}); file skipped"))?;
    let whole = matches!(replies.as_slice(), [reply] if reply.field.is_none());
    let pending = (defer && whole).then_some(kind);
    let mut findings: Vec<Finding> = Vec::new();
    let mut unused_suppressions = Vec::new();
    let mut used_config_suppressions = Vec::new();
    if pending.is_none() {
        let filter = config.filter_for(Path::new(&path));
        let check_reply = |reply: &Reply<'_>| {
            let mut used = Vec::new();
            let mut sieve = ReplySieve::new(&config, Path::new(&path), &filter, reply);
            let found: Vec<Finding> = with_diagnostics(&config.linter, &reply.text, reply.format, |found| {
                found.filter_map(|d| sieve.finding(d, &mut used)).collect()
            });
            (found, sieve.unused().collect::<Vec<_>>(), used)
        };
        // The replies of a large export are shared among the threads; a
        // small file's are not worth starting them for.
        let checked: Vec<_> = match text.len() >= SHARED_FROM && replies.len() > 1 {
            true => replies.par_iter().map(check_reply).collect(),
            false => replies.iter().map(check_reply).collect(),
        };
        for (found, unused, used) in checked {
            findings.extend(found);
            unused_suppressions.extend(unused);
            used_config_suppressions.extend(used);
        }
        // Replies of one record (a body, then its subject) need not be in file order.
        findings.sort_by_key(position);
        let mut printer = Fingerprinter::new(&text);
        for f in &mut findings {
            f.fingerprint = printer.next(&f.diagnostic, f.reply.as_deref());
        }
    }
    let reply_count = replies.len();
    drop(replies);
    Ok(CheckedFile {
        path,
        text,
        utf16: false,
        findings,
        pending,
        replies: reply_count,
        unused_suppressions,
        config,
        used_config_suppressions,
    })
}

/// Hands `consume` the diagnostics of a text, as [`Linter::check_iter`] gives
/// them. The parts of a large text are checked on all the threads, a few at
/// a time, and from the main thread the next few while `consume` takes the
/// findings of the last: a batch of parts' findings is held, not a whole
/// file's. A text of one part, as all but a large plain or HTML text is, or
/// any text with one thread, is checked as `consume` asks, on this thread,
/// without starting the thread pool for one part.
fn with_diagnostics<R>(
    linter: &Linter,
    text: &str,
    format: Format,
    consume: impl FnOnce(&mut dyn Iterator<Item = Diagnostic>) -> R,
) -> R {
    let parts = linter.parts(text, format);
    let check = |part: &Part| linter.check_part(text, format, part);
    let threads = match parts.len() {
        1 => 1,
        _ => rayon::current_num_threads(),
    };
    if threads == 1 {
        return consume(&mut parts.iter().flat_map(check));
    }
    let batches = parts.chunks(2 * threads);
    let check_batch = |batch: &[Part]| -> Vec<Vec<Diagnostic>> { batch.par_iter().map(check).collect() };
    // A thread of the pool (checking one of several files) must not wait on
    // the channel below: with every thread of the pool waiting, none would be
    // left to check. It checks each batch as `consume` asks.
    if rayon::current_thread_index().is_some() {
        return consume(&mut batches.flat_map(check_batch).flatten());
    }
    std::thread::scope(|scope| {
        // One batch waits, checked, while the one before is consumed.
        let (checked, received) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || {
            for batch in batches {
                // `consume` stopped early (its output failed): check no more.
                if checked.send(check_batch(batch)).is_err() {
                    break;
                }
            }
        });
        let mut found = received.into_iter().flatten().flatten();
        let result = consume(&mut found);
        // Lets a batch waiting to be sent go, so the checking thread ends.
        drop(found);
        result
    })
}

/// The order of findings in a file: by start, then end.
fn position(f: &Finding) -> (usize, usize) {
    (f.diagnostic.span.start, f.diagnostic.span.end)
}

/// What a file's config and a reply's suppression comments let through of the
/// reply's diagnostics, as findings of the file.
struct ReplySieve<'a> {
    config: &'a Config,
    path: &'a Path,
    filter: &'a Filter,
    reply: &'a Reply<'a>,
    /// The reply's id and name, as config suppressions name replies.
    names: Vec<&'a str>,
    suppressor: Suppressor,
}

impl<'a> ReplySieve<'a> {
    fn new(config: &'a Config, path: &'a Path, filter: &'a Filter, reply: &'a Reply<'a>) -> Self {
        Self {
            config,
            path,
            filter,
            reply,
            names: reply.id.iter().chain(&reply.name).map(String::as_str).collect(),
            suppressor: Suppressor::new(suppress::directives(&reply.text, reply.format)),
        }
    }

    /// `d` as a finding of the file, unless it is suppressed or filtered out;
    /// a config suppression that covers it is added to `used`.
    fn finding(&mut self, mut d: Diagnostic, used: &mut Vec<usize>) -> Option<Finding> {
        if self.suppressor.covers(&d) {
            return None;
        }
        if let Some(i) = self.config.suppressed_by(self.path, &self.names, &d) {
            used.push(i);
            return None;
        }
        d.severity = self.filter.apply(&d)?;
        d.span = self.reply.file_span(d.span.clone());
        // A fix that cannot be written in place (say, a line break into a
        // YAML plain scalar) is not offered.
        let fix = d
            .fix
            .as_deref()
            .and_then(|f| self.reply.encode(f))
            .map(Into::into);
        Some(Finding {
            diagnostic: d,
            reply: self.reply.name.clone(),
            fingerprint: String::new(),
            fix,
        })
    }

    /// The reply's suppression comments that covered nothing so far.
    fn unused(&self) -> impl Iterator<Item = Unused> + '_ {
        self.suppressor.unused().map(|d| Unused {
            span: self.reply.file_span(d.span.clone()),
            rules: d.rules.clone(),
        })
    }
}

/// What checking a pending file leaves once its findings are all handed out.
pub struct Tally {
    /// The findings handed out, by severity.
    pub counts: Summary,
    /// Findings the baseline records, which were not handed out.
    pub baseline_dropped: usize,
    pub unused_suppressions: Vec<Unused>,
    used_config_suppressions: Vec<usize>,
    /// Whether a fix was taken off, as a UTF-16 file is offered none.
    fixes_dropped: bool,
}

impl CheckedFile {
    /// Hands each finding of the file to `each`, in order of position, and
    /// returns the tally of a pending file. The findings are those held, or for
    /// a pending file those the linter finds as it goes, placed, suppressed,
    /// fingerprinted and filtered by the baseline as [`check_all`] and
    /// [`Known::filter`] would, one at a time.
    pub fn each_finding<E>(
        &self,
        known: Option<&Known>,
        mut each: impl FnMut(&Finding) -> Result<(), E>,
    ) -> Result<Option<Tally>, E> {
        let Some(kind) = self.pending else {
            self.findings.iter().try_for_each(each)?;
            return Ok(None);
        };
        // A file of one whole reply reads again as it read, without copying.
        let replies = tactful_formats::read(&self.text, kind, &Options::default()).expect("read before");
        let path = Path::new(&self.path);
        let filter = self.config.filter_for(path);
        let mut sieve = ReplySieve::new(&self.config, path, &filter, &replies[0]);
        let mut printer = Fingerprinter::new(&self.text);
        let mut tally = Tally {
            counts: Summary::default(),
            baseline_dropped: 0,
            unused_suppressions: Vec::new(),
            used_config_suppressions: Vec::new(),
            fixes_dropped: false,
        };
        let reply = &replies[0];
        with_diagnostics(&self.config.linter, &reply.text, reply.format, |found| {
            let found = found.filter_map(|d| sieve.finding(d, &mut tally.used_config_suppressions));
            for mut f in in_file_order(found) {
                f.fingerprint = printer.next(&f.diagnostic, f.reply.as_deref());
                if known.is_some_and(|known| known.contains(&self.path, &f)) {
                    tally.baseline_dropped += 1;
                    continue;
                }
                if self.utf16 && f.fix.take().is_some() {
                    tally.fixes_dropped = true;
                }
                tally.counts.count(f.diagnostic.severity);
                each(&f)?;
            }
            Ok(())
        })?;
        tally.unused_suppressions = sieve.unused().collect();
        Ok(Some(tally))
    }
}

/// Findings that come in order of start put in the order of [`position`]: the
/// linter gives the longer of two findings that start together first.
fn in_file_order(found: impl Iterator<Item = Finding>) -> impl Iterator<Item = Finding> {
    let mut found = found.peekable();
    let mut together = Vec::new().into_iter();
    std::iter::from_fn(move || {
        if let Some(f) = together.next() {
            return Some(f);
        }
        let first = found.next()?;
        let start = first.diagnostic.span.start;
        if found.peek().is_none_or(|f| f.diagnostic.span.start != start) {
            return Some(first);
        }
        let mut same = vec![first];
        same.extend(std::iter::from_fn(|| {
            found.next_if(|f| f.diagnostic.span.start == start)
        }));
        same.sort_by_key(position);
        together = same.into_iter();
        together.next()
    })
}

impl Checked {
    /// Takes in what the pending file's checking left: its unused
    /// suppressions, and a note when fixes were taken off.
    pub fn settle(&mut self, tally: Tally) {
        let Some(file) = self.files.iter_mut().find(|f| f.pending.is_some()) else {
            return;
        };
        file.unused_suppressions = tally.unused_suppressions;
        file.used_config_suppressions = tally.used_config_suppressions;
        if tally.fixes_dropped {
            self.notes.push(no_fixes_note(file));
        }
    }

    /// Notes for the `[[suppress]]` entries that matched nothing: called once
    /// every file is checked, pending ones included.
    pub fn note_unused_config_suppressions(&mut self) {
        let notes = unused_config_suppressions(&self.files);
        self.notes.extend(notes);
    }
}

fn no_fixes_note(file: &CheckedFile) -> String {
    format!("{}: a UTF-16 file: fixes are not offered for it", file.path)
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
    skipped: &mut Vec<String>,
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
            walk(path, &mut inputs, failures, skipped);
            if inputs.len() == before {
                notes.push(format!(
                    "{}: no reply files here (looked for .{})",
                    path.display(),
                    EXTENSIONS.join(", .")
                ));
            }
        } else {
            inputs.push(Input::File {
                path: path.clone(),
                walked: false,
            });
        }
    }
    Ok(inputs)
}

/// Adds the reply files under `dir`, honouring `.gitignore`, in path order.
/// Symbolic links are not followed (as git and ripgrep do), so a loop cannot
/// hang the walk and a broken link is no error; both are listed as skipped.
fn walk(dir: &Path, inputs: &mut Vec<Input>, failures: &mut Vec<String>, skipped: &mut Vec<String>) {
    let mut found = Vec::new();
    for entry in ignore::WalkBuilder::new(dir).require_git(false).build() {
        match entry {
            Ok(e) if e.path_is_symlink() && e.depth() > 0 => {
                skipped.push(format!("{}: a symbolic link, not followed", e.path().display()));
            }
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) && is_reply_file(e.path()) => {
                found.push(e.into_path());
            }
            Ok(_) => {}
            Err(e) => failures.push(format!("{}: {e}", dir.display())),
        }
    }
    inputs.extend(in_path_order(found, dir).map(|path| Input::File { path, walked: true }));
}

/// `paths`, all under `dir`, in the order `Path::cmp` gives, each path split
/// into its components below `dir` once: comparing two paths splits both
/// again, from the start, and sorting 10,000 that way kept the threads
/// waiting for 8 ms.
fn in_path_order(mut paths: Vec<PathBuf>, dir: &Path) -> impl Iterator<Item = PathBuf> {
    let order = {
        let keys: Vec<Vec<Component<'_>>> = paths
            .iter()
            .map(|p| p.strip_prefix(dir).unwrap_or(p).components().collect())
            .collect();
        let mut order: Vec<usize> = (0..paths.len()).collect();
        order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        order
    };
    order.into_iter().map(move |i| std::mem::take(&mut paths[i]))
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

/// An input's text, decoded.
struct Decoded {
    /// Shown lossily when the file name is not UTF-8.
    path: String,
    text: String,
    utf16: bool,
}

/// Reads an input: UTF-8, or UTF-16 after its byte-order mark. A binary file
/// met in a walk is skipped; any other input that cannot be read is an error
/// naming it and the place.
fn read(input: &Input) -> Result<Decoded, Unread> {
    let (path, bytes, walked) = load(input).map_err(Unread::Failed)?;
    let utf16 = utf16_unit(&bytes);
    if utf16.is_none()
        && let Some(at) = memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF)])
    {
        return Err(match walked {
            true => Unread::Skipped(format!("{path}: a binary file")),
            false => Unread::Failed(format!("{path}: a binary file (NUL at byte {at}); file skipped")),
        });
    }
    let text = match utf16 {
        Some(unit) => decode_utf16(&bytes[2..], unit),
        None => decode_utf8(bytes),
    }
    .map_err(|(place, what)| {
        Unread::Failed(format!(
            "{path}:{}:{}: {what}; file skipped",
            place.line, place.column
        ))
    })?;
    Ok(Decoded {
        path,
        text,
        utf16: utf16.is_some(),
    })
}

/// The input's name as shown, its bytes, and whether a walk found it.
fn load(input: &Input) -> Result<(String, Vec<u8>, bool), String> {
    match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("-: cannot read standard input: {e}"))?;
            Ok(("-".to_string(), bytes, false))
        }
        Input::File { path, walked } => {
            let shown = path.display().to_string();
            let bytes = read_file(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
            Ok((shown, bytes, *walked))
        }
    }
}

/// A named file's bytes. A device is refused (reading `/dev/zero` would never
/// end); a pipe is read, as `<(command)` names one. A broken link says where
/// it points.
fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    if let Some(kind) = device_kind(path) {
        return Err(format!("not a regular file but {kind}"));
    }
    std::fs::read(path).map_err(|e| match std::fs::read_link(path) {
        Ok(target) if e.kind() == std::io::ErrorKind::NotFound => {
            format!("a symbolic link to {}, which does not exist", target.display())
        }
        _ => e.to_string(),
    })
}

#[cfg(unix)]
fn device_kind(path: &Path) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let kind = std::fs::metadata(path).ok()?.file_type();
    if kind.is_char_device() {
        Some("a character device")
    } else if kind.is_block_device() {
        Some("a block device")
    } else if kind.is_socket() {
        Some("a socket")
    } else {
        None
    }
}

#[cfg(not(unix))]
fn device_kind(_: &Path) -> Option<&'static str> {
    None
}

/// Puts the two bytes of a UTF-16 code unit in order.
type Unit = fn([u8; 2]) -> u16;

/// How to read the code units of a file that starts with a UTF-16
/// byte-order mark; `None` for any other file.
fn utf16_unit(bytes: &[u8]) -> Option<Unit> {
    match bytes.get(..2)? {
        [0xFF, 0xFE] => Some(u16::from_le_bytes),
        [0xFE, 0xFF] => Some(u16::from_be_bytes),
        _ => None,
    }
}

/// A decoding error: where it is in the text decoded before it, and what.
type DecodeError = (LineColumn, String);

fn decode_utf8(bytes: Vec<u8>) -> Result<String, DecodeError> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let before = std::str::from_utf8(&e.as_bytes()[..at]).expect("valid up to here");
        (end_of(before), format!("not valid UTF-8 (byte {at})"))
    })
}

/// Decodes UTF-16 code units of two bytes each (`unit` puts them in order);
/// the byte offsets in errors count the byte-order mark.
fn decode_utf16(bytes: &[u8], unit: Unit) -> Result<String, DecodeError> {
    let pairs = bytes.chunks_exact(2);
    let odd = !pairs.remainder().is_empty();
    let mut text = String::with_capacity(bytes.len());
    // Code units read so far: a character outside the BMP takes two.
    let mut units = 0;
    for c in char::decode_utf16(pairs.map(|p| unit([p[0], p[1]]))) {
        let Ok(c) = c else {
            let at = 2 + 2 * units;
            return Err((end_of(&text), format!("not valid UTF-16 (byte {at})")));
        };
        text.push(c);
        units += c.len_utf16();
    }
    match odd {
        true => Err((
            end_of(&text),
            "not valid UTF-16 (odd number of bytes)".to_string(),
        )),
        false => Ok(text),
    }
}

/// The line and column just after `text`: where decoding stopped.
fn end_of(text: &str) -> LineColumn {
    LineIndex::new(text).line_column(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn walked_paths_come_in_the_order_of_a_path_sort(
            names in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(vec!["a", "a-b", "a.txt", "B", "b", "é", "z"]), 1..4),
                0..40,
            ),
            dir in proptest::sample::select(vec!["folder", "./folder", "folder/", "/abs/folder"]),
        ) {
            let dir = Path::new(dir);
            let paths: Vec<PathBuf> = names.iter().map(|parts| dir.join(parts.join("/"))).collect();
            let mut sorted = paths.clone();
            sorted.sort();
            proptest::prop_assert_eq!(in_path_order(paths, dir).collect::<Vec<_>>(), sorted);
        }
    }

    #[test]
    fn findings_that_start_together_are_put_in_the_order_a_sort_gives() {
        let found = tactful::Linter::default_pack().check("Please calm down.", tactful::Format::Plain);
        let finding = |(start, end, name): (usize, usize, &str)| {
            let mut diagnostic = found[0].clone();
            diagnostic.span = start..end;
            Finding {
                diagnostic,
                reply: Some(name.to_string()),
                fingerprint: String::new(),
                fix: None,
            }
        };
        // As the linter gives them: by start, the longer first.
        let given = [
            (0, 9, "b"),
            (0, 5, "a"),
            (0, 5, "c"),
            (3, 4, "d"),
            (6, 8, "e"),
            (6, 7, "f"),
        ];
        let names =
            |found: Vec<Finding>| -> Vec<String> { found.into_iter().filter_map(|f| f.reply).collect() };
        let mut sorted: Vec<Finding> = given.into_iter().map(finding).collect();
        sorted.sort_by_key(position);
        let ordered = in_file_order(given.into_iter().map(finding)).collect();
        assert_eq!(names(ordered), names(sorted));
    }
}

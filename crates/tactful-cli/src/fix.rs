//! `--fix` and `--diff`: write the safe fixes into the files, or show them.
//!
//! Only the flagged spans change, so line endings and a byte-order mark
//! survive. A file is written atomically (a temporary file in the same folder,
//! renamed over it) with its permissions, and only if its bytes on disk are
//! still the ones that were checked: an editor saving in between is never
//! overwritten.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, bail};
use similar::udiff::UnifiedDiffHunk;
use similar::{DiffOp, TextDiff, group_diff_ops};
use tactful::{Fixed, apply_fixes};

use crate::human::plural;
use crate::inputs::{self, Checked, CheckedFile, Reading};

/// Passes over one text at most: one fix can leave a phrase another rule fixes,
/// and a bound keeps two rules whose fixes feed each other from looping.
const MAX_PASSES: usize = 10;

/// The file's text with the safe fixes of its findings written in.
fn fixed(file: &CheckedFile) -> Fixed {
    let replacements = file
        .findings
        .iter()
        .filter_map(|f| Some((f.diagnostic.span.clone(), f.fix.as_deref()?)));
    apply_fixes(&file.text, replacements)
}

/// The file fixed and checked again until no fix is left, with the number of
/// fixes applied; `None` when there was nothing to fix. Fixing to the end
/// makes a second `--fix` a no-op.
pub fn fix_fully(file: &CheckedFile, reading: &Reading) -> Option<(CheckedFile, usize)> {
    let mut done: Option<(CheckedFile, usize)> = None;
    for _ in 0..MAX_PASSES {
        let (latest, applied) = done.as_ref().map_or((file, 0), |(f, n)| (f, *n));
        let result = fixed(latest);
        if result.applied == 0 {
            break;
        }
        // Fixes are encoded for their container, so the fixed file reads; if it
        // ever did not, leaving the file alone is the safe answer.
        let rechecked = inputs::check_text(
            file.config.clone(),
            file.path.clone(),
            result.text,
            reading,
            false,
        )
        .ok()?;
        done = Some((rechecked, applied + result.applied));
    }
    done
}

/// Applies the fixes: files are rewritten, and the fixed text of standard input
/// (when it was read) is returned for standard output. The checked files then
/// hold what is left; a file that cannot be written is a failure and keeps its
/// findings.
pub fn apply(checked: &mut Checked, reading: &Reading) -> Option<String> {
    let (mut fixes, mut files, mut stdin) = (0, 0, None);
    for file in &mut checked.files {
        let is_stdin = file.path == "-";
        let result = fix_fully(file, reading);
        if is_stdin {
            stdin = Some(result.as_ref().map_or(&file.text, |(new, _)| &new.text).clone());
        }
        let Some((new, applied)) = result else {
            continue;
        };
        if !is_stdin
            && let Err(e) = write_if_unchanged(Path::new(&file.path), file.text.as_bytes(), &new.text)
        {
            checked.failures.push(format!("{}: {e:#}; not fixed", file.path));
            continue;
        }
        fixes += applied;
        files += 1;
        *file = new;
    }
    checked.notes.push(format!(
        "applied {} in {}",
        plural(fixes, "fix"),
        plural(files, "file")
    ));
    stdin
}

/// Prints a unified diff of what `--fix` would change, and notes how much.
pub fn diff(out: &mut impl Write, checked: &mut Checked, reading: &Reading) -> std::io::Result<()> {
    let (mut fixes, mut files) = (0, 0);
    for file in &checked.files {
        let Some((new, applied)) = fix_fully(file, reading) else {
            continue;
        };
        fixes += applied;
        files += 1;
        write_diff(out, &file.path, &file.text, &new.text)?;
    }
    checked.notes.push(format!(
        "{} would be applied in {} (--fix applies them)",
        plural(fixes, "fix"),
        plural(files, "file")
    ));
    Ok(())
}

/// Writes the unified diff of `old` and `new`, both named `path`.
///
/// The engine's fixes are plain words written over a span of one line, so the
/// fixed text has the lines of the original, each in its place, and the lines
/// are compared in one pass. Diffing the whole texts instead costs the lines
/// times the changes (Myers' algorithm): 73 s for a file of 120,000 lines
/// with 240,000 fixes. Should the lines not correspond, the whole texts are
/// diffed.
fn write_diff(out: &mut impl Write, path: &str, old: &str, new: &str) -> std::io::Result<()> {
    // An immediate deadline splits the texts into lines and stops there; its
    // ops are used only when the lines do not correspond.
    let lines = TextDiff::configure()
        .deadline(Instant::now())
        .diff_lines(old, new);
    let (old_lines, new_lines) = (lines.old_slices(), lines.new_slices());
    if old_lines.len() != new_lines.len() {
        let whole = TextDiff::from_lines(old, new);
        return write!(out, "{}", whole.unified_diff().header(path, path));
    }
    let mut header = Some(path);
    for ops in group_diff_ops(line_ops(old_lines, new_lines), CONTEXT_LINES) {
        if let Some(path) = header.take() {
            writeln!(out, "--- {path}\n+++ {path}")?;
        }
        write!(out, "{}", UnifiedDiffHunk::new(ops, &lines, true))?;
    }
    Ok(())
}

/// Lines of context around each change, as `diff -u` shows them.
const CONTEXT_LINES: usize = 3;

/// The ops of two lists of lines of the same length, line `i` of one against
/// line `i` of the other: runs of equal lines, and runs of lines that differ,
/// each replaced by the lines in its place (as Myers' algorithm gives them
/// when no line of the run moved, which a fix never does).
fn line_ops(old: &[&str], new: &[&str]) -> Vec<DiffOp> {
    let mut ops = Vec::new();
    let mut i = 0;
    while i < old.len() {
        let same = (i..old.len()).take_while(|&k| old[k] == new[k]).count();
        if same > 0 {
            ops.push(DiffOp::Equal {
                old_index: i,
                new_index: i,
                len: same,
            });
        }
        let start = i + same;
        let end = (start..old.len())
            .find(|&k| old[k] == new[k])
            .unwrap_or(old.len());
        if end > start {
            ops.push(DiffOp::Replace {
                old_index: start,
                old_len: end - start,
                new_index: start,
                new_len: end - start,
            });
        }
        i = end;
    }
    ops
}

/// Replaces the file at `path` with `fixed`, atomically and keeping its
/// permissions, unless its bytes are no longer `original`. A symbolic link is
/// followed, so the file it points to is replaced and the link stays.
fn write_if_unchanged(path: &Path, original: &[u8], fixed: &str) -> anyhow::Result<()> {
    let target = fs::canonicalize(path).context("cannot resolve the path")?;
    let on_disk = fs::read(&target).context("cannot read it again")?;
    if on_disk != original {
        bail!("changed on disk since it was checked");
    }
    let permissions = fs::metadata(&target)
        .context("cannot read its permissions")?
        .permissions();
    let folder = target.parent().context("has no folder")?;
    let mut temp = tempfile::NamedTempFile::new_in(folder).context("cannot create a temporary file")?;
    temp.write_all(fixed.as_bytes()).context("cannot write")?;
    temp.as_file()
        .set_permissions(permissions)
        .context("cannot keep its permissions")?;
    temp.as_file().sync_all().context("cannot write")?;
    temp.persist(&target).context("cannot replace it")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diffed(old: &str, new: &str) -> String {
        let mut out = Vec::new();
        write_diff(&mut out, "r.txt", old, new).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn whole_diff(old: &str, new: &str) -> String {
        let diff = TextDiff::from_lines(old, new);
        diff.unified_diff().header("r.txt", "r.txt").to_string()
    }

    #[test]
    fn lines_fixed_in_place_give_the_diff_of_the_whole_texts() {
        let old: Vec<String> = (0..40).map(|i| format!("line {i}, simply put\n")).collect();
        let mut new = old.clone();
        // Apart, together, within the context of one another, at both ends.
        for i in [0, 9, 10, 11, 20, 24, 39] {
            new[i] = format!("line {i}, put\n");
        }
        let (old, new) = (old.concat(), new.concat());
        assert_eq!(diffed(&old, &new), whole_diff(&old, &new));
        // No line break at the end, on either side.
        let (old, new) = (old.trim_end(), format!("{}x", new.trim_end()));
        assert_eq!(diffed(old, &new), whole_diff(old, &new));
        assert_eq!(diffed(old, old), "");
    }

    #[test]
    fn lines_joined_or_split_give_the_diff_of_the_whole_texts() {
        let (old, new) = ("a\nb\nc\nd\n", "a\nb c\nd\n");
        assert_eq!(diffed(old, new), whole_diff(old, new));
        assert!(
            diffed(old, new).contains("-b\n-c\n+b c\n"),
            "{}",
            diffed(old, new)
        );
    }

    proptest::proptest! {
        #[test]
        fn line_ops_rebuild_the_new_lines_from_the_old(
            pairs in proptest::collection::vec((0u8..3, 0u8..3), 0..30),
        ) {
            let old: Vec<String> = pairs.iter().map(|(a, _)| a.to_string()).collect();
            let new: Vec<String> = pairs.iter().map(|(_, b)| b.to_string()).collect();
            let (old, new): (Vec<&str>, Vec<&str>) = (
                old.iter().map(String::as_str).collect(),
                new.iter().map(String::as_str).collect(),
            );
            let (mut read, mut rebuilt) = (Vec::new(), Vec::new());
            for op in line_ops(&old, &new) {
                let (tag, old_range, new_range) = op.as_tag_tuple();
                if tag == similar::DiffTag::Equal {
                    proptest::prop_assert_eq!(&old[old_range.clone()], &new[new_range.clone()]);
                }
                read.extend_from_slice(&old[old_range]);
                rebuilt.extend_from_slice(&new[new_range]);
            }
            proptest::prop_assert_eq!(read, old);
            proptest::prop_assert_eq!(rebuilt, new);
        }
    }

    #[test]
    fn a_file_changed_since_it_was_checked_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reply.txt");
        fs::write(&path, "Edited by someone else.").unwrap();
        let err = write_if_unchanged(&path, b"As it was checked.", "Fixed.").unwrap_err();
        assert!(err.to_string().contains("changed on disk"), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "Edited by someone else.");
    }

    #[test]
    fn an_unchanged_file_is_replaced_and_nothing_else_is_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reply.txt");
        fs::write(&path, "As it was checked.").unwrap();
        write_if_unchanged(&path, b"As it was checked.", "Fixed.").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "Fixed.");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_keeps_pointing_at_the_fixed_file() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_if_unchanged(&link, b"old", "new").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }
}

//! Properties of `tactful check` on any replies, through the binary: the JSON
//! output parses, round-trips through `serde_json::Value` unchanged and agrees
//! with the files, and a second `--fix` changes nothing. Each case writes a
//! folder of replies and runs the binary on it, so there are few cases.

#[path = "../crates/tactful/tests/invariants/mod.rs"]
mod invariants;
#[path = "../crates/tactful/tests/strategies/mod.rs"]
mod strategies;
#[allow(dead_code)] // only the runner is used here
mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use proptest::prelude::*;
use serde_json::Value;
use support::run_in;

/// Replies as files named `0.txt`, `1.md`, `2.html`…, by name. NULs are left
/// out: a text with one is a binary file, and skipped.
fn replies() -> impl Strategy<Value = BTreeMap<String, String>> {
    let extension = prop::sample::select(vec!["txt", "md", "html"]);
    prop::collection::vec((strategies::reply_like(), extension), 1..16).prop_map(|files| {
        files
            .into_iter()
            .enumerate()
            .map(|(i, (text, extension))| (format!("{i}.{extension}"), text.replace('\0', "")))
            .collect()
    })
}

/// A folder holding `files`.
fn folder(files: &BTreeMap<String, String>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// `tactful ARGS .` in `dir`: the exit code, which must say the run worked, and
/// standard output.
fn tactful(dir: &Path, args: &[&str]) -> String {
    let args: Vec<_> = args.iter().copied().chain(["."]).collect();
    let out = run_in(dir, &args, None);
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "exit {code:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the output is UTF-8")
}

/// A number of the report as an offset or a count.
fn number(value: &Value) -> usize {
    value.as_u64().expect("a number") as usize
}

/// The diagnostic `d` of `text` points at its `matched` text, with lines and
/// columns counted afresh.
fn assert_agrees(text: &str, d: &Value) {
    let (start, end) = (number(&d["span"]["start"]), number(&d["span"]["end"]));
    assert_eq!(d["matched"].as_str(), text.get(start..end), "{d}");
    let (first, last) = (invariants::counted(text, start), invariants::counted(text, end));
    assert_eq!(
        (number(&d["line"]), number(&d["column"])),
        (first.line, first.column),
        "{d}"
    );
    assert_eq!(
        (number(&d["end_line"]), number(&d["end_column"])),
        (last.line, last.column),
        "{d}"
    );
}

fn contents(dir: &Path, names: impl Iterator<Item = String>) -> Vec<String> {
    names
        .map(|name| fs::read_to_string(dir.join(name)).unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn json_output_parses_round_trips_and_agrees_with_the_input(files in replies()) {
        let dir = folder(&files);
        let out = tactful(dir.path(), &["check", "--format", "json"]);
        let report: Value = serde_json::from_str(&out).expect("the output is JSON");
        let again: Value = serde_json::from_str(&serde_json::to_string(&report).unwrap()).unwrap();
        prop_assert_eq!(&again, &report);
        for file in report["files"].as_array().expect("files") {
            let path = file["path"].as_str().expect("a path");
            let text = &files[path.trim_start_matches("./")];
            for d in file["diagnostics"].as_array().expect("diagnostics") {
                assert_agrees(text, d);
            }
        }
    }

    #[test]
    fn a_second_fix_changes_nothing(files in replies()) {
        let dir = folder(&files);
        tactful(dir.path(), &["check", "--fix"]);
        let once = contents(dir.path(), files.keys().cloned());
        tactful(dir.path(), &["check", "--fix"]);
        prop_assert_eq!(contents(dir.path(), files.keys().cloned()), once);
    }
}

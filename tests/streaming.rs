//! A run of one large file writes its findings as the linter finds them, never
//! holding them all; the report is the one the file gets among other files,
//! whose findings are held: the same findings, fingerprints, suppressions,
//! notes and exit code.

#[allow(dead_code)] // the benchmarks use the rest of the generator
#[path = "../benches/corpus.rs"]
mod corpus;
#[allow(dead_code)] // only the runner is used here
mod support;

use std::path::Path;
use std::process::Output;

use serde_json::Value;

/// A folder with a large HTML reply (checked in pieces) holding suppression
/// comments, one of which covers nothing, and a config that changes severities
/// and suppresses a reply this file does not have.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus::Replies::new(21).text(2_500_000);
    let (head, tail) = corpus.split_at(corpus.find("\n\n").unwrap() + 2);
    let text = format!(
        "<!-- tactful-disable-next-line dismissive -- quoting the customer -->\nPlease calm down.\n\n\
         {head}<!-- tactful-disable-next-line shouting -->\nThanks for waiting.\n\n{tail}"
    );
    std::fs::write(dir.path().join("big.html"), text).unwrap();
    std::fs::write(
        dir.path().join("tactful.toml"),
        "ignore = [\"jargon\"]\n\n[severity]\n\"dismissive\" = \"error\"\n\n\
         [[suppress]]\nreply = \"M9\"\nreason = \"gone\"\n",
    )
    .unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    support::run_in(dir, args, None)
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)))
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn a_large_file_alone_is_reported_as_among_other_files() {
    let dir = folder();
    let args = ["check", "--format", "json", "--fail-on", "warning"];
    let alone = run(dir.path(), &[&args[..], &["big.html"]].concat());
    let twice = run(dir.path(), &[&args[..], &["big.html", "big.html"]].concat());
    let (one, two) = (json(&alone), json(&twice));
    let file = &one["files"][0];
    let found = file["diagnostics"].as_array().unwrap();
    assert!(
        found.len() > 1_000,
        "the corpus has anti-patterns: {}",
        found.len()
    );
    assert!(
        found
            .iter()
            .all(|d| d["rule"] != "jargon" && !d["rule"].as_str().unwrap().starts_with("jargon/"))
    );
    let places: Vec<(u64, u64)> = found
        .iter()
        .map(|d| {
            (
                d["span"]["start"].as_u64().unwrap(),
                d["span"]["end"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(places.windows(2).all(|w| w[0] <= w[1]), "in order of position");
    assert_eq!(
        file["unused_suppressions"].as_array().map(Vec::len),
        Some(1),
        "{:#}",
        file["unused_suppressions"]
    );
    assert_eq!(two["files"][0], *file);
    assert_eq!(two["files"][1], *file);
    for count in ["errors", "warnings", "infos"] {
        let n = one["summary"][count].as_u64().unwrap();
        assert_eq!(two["summary"][count].as_u64().unwrap(), 2 * n, "{count}");
    }
    assert!(one["summary"]["errors"].as_u64().unwrap() > 0);
    assert_eq!(alone.status.code(), twice.status.code());
    assert_eq!(alone.status.code(), Some(1));
    // The unused comment is told once a file, the unused config entry once.
    let (err_one, err_two) = (stderr(&alone), stderr(&twice));
    assert_eq!(err_one.matches("big.html:").count(), 1, "{err_one}");
    assert_eq!(err_one.matches("tactful.toml:").count(), 1, "{err_one}");
    for line in err_one.lines() {
        let times = if line.contains("big.html:") { 2 } else { 1 };
        assert_eq!(err_two.matches(line).count(), times, "{line}\n{err_two}");
    }
}

#[test]
fn human_output_of_a_large_file_alone_is_its_part_among_other_files() {
    let dir = folder();
    let alone = String::from_utf8(run(dir.path(), &["check", "big.html"]).stdout).unwrap();
    let twice = String::from_utf8(run(dir.path(), &["check", "big.html", "big.html"]).stdout).unwrap();
    let body = |out: &str| out.trim_end().rsplit_once('\n').unwrap().0.to_string();
    assert!(body(&alone).len() > 100_000);
    assert_eq!(body(&twice), format!("{}\n{}", body(&alone), body(&alone)));
    assert!(
        alone.trim_end().ends_with("in 1 file."),
        "{}",
        &alone[alone.len() - 200..]
    );
}

#[test]
fn a_baseline_hides_every_finding_of_a_large_file_alone() {
    let dir = folder();
    let wrote = run(
        dir.path(),
        &["check", "--write-baseline", "base.json", "big.html"],
    );
    let recorded = stderr(&wrote);
    let n: usize = recorded
        .split_whitespace()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{recorded}"));
    assert!(n > 1_000, "{recorded}");
    let out = run(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "info",
            "--baseline",
            "base.json",
            "big.html",
        ],
    );
    let v = json(&out);
    assert_eq!(v["files"][0]["diagnostics"], Value::Array(Vec::new()));
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{n} findings already in the baseline")),
        "{err}"
    );
}

#[test]
fn a_utf16_file_alone_is_offered_no_fixes_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(
        "Hi Sam,\n\nNo problem! Simply click the link.\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    std::fs::write(dir.path().join("reply.txt"), &bytes).unwrap();
    std::fs::write(dir.path().join("copy.txt"), &bytes).unwrap();
    let alone = run(dir.path(), &["check", "--format", "json", "reply.txt"]);
    let among = run(
        dir.path(),
        &["check", "--format", "json", "reply.txt", "copy.txt"],
    );
    let found = json(&alone)["files"][0]["diagnostics"].clone();
    assert!(!found.as_array().unwrap().is_empty());
    assert!(
        found.as_array().unwrap().iter().all(|d| d.get("fix").is_none()),
        "{found:#}"
    );
    assert_eq!(json(&among)["files"][0]["diagnostics"], found);
    let note = "reply.txt: a UTF-16 file: fixes are not offered for it";
    assert!(stderr(&alone).contains(note), "{}", stderr(&alone));
    assert!(stderr(&among).contains(note), "{}", stderr(&among));
}

/// An export large enough that its replies are shared among the threads is
/// reported as one thread reports it: the same findings in the same order,
/// fingerprints, suppressions used and unused, notes and exit code.
#[test]
fn a_large_export_checked_on_two_threads_is_reported_as_on_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut replies = corpus::Replies::new(22);
    let mut records: Vec<Value> = (0..600)
        .map(|i| serde_json::json!({ "id": format!("R{i}"), "body": replies.reply() }))
        .collect();
    records[7]["body"] = "Please calm down. That's our policy.".into();
    let export = serde_json::to_string(&records).unwrap();
    assert!(export.len() > 256 * 1024, "{}", export.len());
    std::fs::write(dir.path().join("export.json"), export).unwrap();
    std::fs::write(
        dir.path().join("tactful.toml"),
        "[[suppress]]\nreply = \"R7\"\nreason = \"a quoted customer\"\n\n\
         [[suppress]]\nreply = \"R-gone\"\nreason = \"deleted\"\n",
    )
    .unwrap();
    let args = ["check", "--format", "json", "export.json", "--threads"];
    let one = run(dir.path(), &[&args[..], &["1"]].concat());
    let two = run(dir.path(), &[&args[..], &["2"]].concat());
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(stderr(&one), stderr(&two));
    assert_eq!(one.status.code(), two.status.code());
    let found = json(&one)["files"][0]["diagnostics"].as_array().unwrap().clone();
    let replies_found: std::collections::BTreeSet<&str> =
        found.iter().filter_map(|d| d["reply"].as_str()).collect();
    assert!(replies_found.len() > 100, "{}", replies_found.len());
    assert!(!replies_found.contains("R7"));
    // The suppression of R7 was used; that of a reply the export lacks was not.
    let notes = stderr(&one);
    assert!(notes.contains("tactful.toml:6: unused suppression"), "{notes}");
    assert!(!notes.contains("tactful.toml:2:"), "{notes}");
}

/// A large file's parts checked on two threads are reported as on one: the
/// same findings in the same order, suppressions used and unused, notes and
/// exit code, whether its findings are written as they are found (JSON) or
/// held (SARIF).
#[test]
fn a_large_file_checked_on_two_threads_is_reported_as_on_one() {
    let dir = folder();
    for format in ["json", "sarif"] {
        let args = [
            "check",
            "--format",
            format,
            "--fail-on",
            "warning",
            "big.html",
            "--threads",
        ];
        let one = run(dir.path(), &[&args[..], &["1"]].concat());
        let two = run(dir.path(), &[&args[..], &["2"]].concat());
        assert_eq!(one.stdout, two.stdout, "{format}");
        assert_eq!(stderr(&one), stderr(&two), "{format}");
        assert_eq!(one.status.code(), two.status.code(), "{format}");
        assert!(stderr(&two).contains("unused suppression"), "{}", stderr(&two));
    }
    let two = run(
        dir.path(),
        &["check", "--format", "json", "big.html", "--threads", "2"],
    );
    let found = json(&two)["files"][0]["diagnostics"].as_array().unwrap().clone();
    let starts: Vec<u64> = found
        .iter()
        .map(|d| d["span"]["start"].as_u64().unwrap())
        .collect();
    // Findings from pieces all through the file (it is checked in pieces of
    // about 256 KiB), in order.
    assert!(starts.len() > 1000, "{}", starts.len());
    assert!(*starts.last().unwrap() > 2_000_000, "{starts:?}");
    assert!(starts.is_sorted());
    assert!(found.windows(2).all(|pair| pair[0] != pair[1]), "a finding twice");
    // Two large files at once, each on a thread of the pool, share the
    // threads for their pieces too: the same findings for each.
    let both = run(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "big.html",
            "big.html",
            "--threads",
            "2",
        ],
    );
    for file in json(&both)["files"].as_array().unwrap() {
        assert_eq!(file["diagnostics"].as_array().unwrap(), &found);
    }
}

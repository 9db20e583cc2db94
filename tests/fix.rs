//! `tactful check --fix` and `--diff`, end to end on copies in a temporary folder.

use std::fs;
use std::path::Path;

use serde_json::Value;

mod support;

use support::{run_in as tactful, workspace};

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// Copies the bundled `examples/` folder into `to`.
fn copy_examples(to: &Path) {
    let from = workspace().join("examples/replies");
    fs::create_dir_all(to.join("replies")).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, to.join("replies").join(path.file_name().unwrap())).unwrap();
    }
}

/// A fix in a JSON report: `(start, end, replacement)`.
type Fix = (usize, usize, String);

/// `(path, fixes)` of every file in a JSON report.
fn fixes(report: &Value) -> Vec<(String, Vec<Fix>)> {
    let files = report["files"].as_array().unwrap();
    files
        .iter()
        .map(|f| {
            let spans = f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|d| {
                    let fix = d["fix"].as_str()?.to_string();
                    let span = &d["span"];
                    Some((
                        span["start"].as_u64()? as usize,
                        span["end"].as_u64()? as usize,
                        fix,
                    ))
                })
                .collect();
            (f["path"].as_str().unwrap().to_string(), spans)
        })
        .collect()
}

fn json_report(dir: &Path, path: &str) -> Value {
    let out = tactful(dir, &["check", "--format", "json", path], None);
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn fix_changes_only_the_flagged_spans_and_a_second_run_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    copy_examples(dir.path());
    let before = fixes(&json_report(dir.path(), "replies"));
    let total: usize = before.iter().map(|(_, spans)| spans.len()).sum();
    assert!(total >= 3, "the examples show some fixes: {before:?}");

    let out = tactful(dir.path(), &["check", "--fix", "replies"], None);
    let changed = before.iter().filter(|(_, spans)| !spans.is_empty()).count();
    let note = format!("applied {total} fixes in {changed} file");
    assert!(text(&out.stderr).contains(&note), "{}", text(&out.stderr));

    for (path, spans) in &before {
        let original = fs::read_to_string(workspace().join("examples").join(path)).unwrap();
        // Rebuild the expected file: the original with each flagged span replaced.
        let mut expected = String::new();
        let mut at = 0;
        for (start, end, fix) in spans {
            expected.push_str(&original[at..*start]);
            expected.push_str(fix);
            at = *end;
        }
        expected.push_str(&original[at..]);
        assert_eq!(
            fs::read_to_string(dir.path().join(path)).unwrap(),
            expected,
            "{path}"
        );
    }

    let after = fixes(&json_report(dir.path(), "replies"));
    assert!(after.iter().all(|(_, spans)| spans.is_empty()), "{after:?}");
    let again = tactful(dir.path(), &["check", "--fix", "replies"], None);
    assert!(
        text(&again.stderr).contains("applied 0 fixes in 0 files"),
        "{}",
        text(&again.stderr)
    );
}

#[test]
fn line_endings_a_byte_order_mark_and_permissions_survive() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reply.txt");
    fs::write(
        &path,
        "\u{feff}Hi Sam,\r\n\r\nNo problem! Simply click the link.\r\n",
    )
    .unwrap();
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777
    };
    let out = tactful(dir.path(), &["check", "--fix", "reply.txt"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "\u{feff}Hi Sam,\r\n\r\nHappy to help! Click the link.\r\n"
    );
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o640);
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file is left"
    );
}

#[test]
fn diff_prints_the_changes_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reply.md");
    let original = "Thanks for waiting.\n\nNo problem at all, I'll send it by EOD.\n";
    fs::write(&path, original).unwrap();
    let out = tactful(dir.path(), &["check", "--diff", "reply.md"], None);
    assert_eq!(fs::read_to_string(&path).unwrap(), original);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    let diff = text(&out.stdout);
    for line in [
        "--- reply.md",
        "+++ reply.md",
        "-No problem at all, I'll send it by EOD.",
        "+Happy to help, I'll send it by end of day.",
    ] {
        assert!(diff.lines().any(|l| l == line), "{line:?} missing from:\n{diff}");
    }
    assert!(text(&out.stderr).contains("2 fixes would be applied in 1 file"));
}

#[test]
fn placeholders_code_and_quotes_are_never_touched() {
    let dir = tempfile::tempdir().unwrap();
    let reply = "Simply {{action}} click the button. `Simply click` is the label.\n\
                 You wrote \"simply click it\" and that works. Simply click Save.\n";
    let out = tactful(
        dir.path(),
        &["check", "--fix", "--input-format", "markdown", "-"],
        Some(reply),
    );
    assert_eq!(
        text(&out.stdout),
        "Simply {{action}} click the button. `Simply click` is the label.\n\
         You wrote \"simply click it\" and that works. Click Save.\n"
    );
    // The span across the placeholder is still reported, on standard error.
    assert!(
        text(&out.stderr).contains("minimizing/simply"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn fixed_standard_input_goes_to_standard_output_and_the_report_to_standard_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = tactful(
        dir.path(),
        &["check", "--fix"],
        Some("No problem! That's our policy.\n"),
    );
    assert_eq!(text(&out.stdout), "Happy to help! That's our policy.\n");
    let report = text(&out.stderr);
    assert!(report.contains("policy-hiding/thats-our-policy"), "{report}");
    assert!(!report.contains("robotic-cliche/no-problem"), "{report}");
    assert_eq!(out.status.code(), Some(1));
}

/// A rule file: `(name, phrase, fix)` for each rule.
fn rules_file(rules: &[(&str, &str, &str)]) -> String {
    rules
        .iter()
        .map(|(name, phrase, fix)| {
            format!(
                "[[rule]]\nid = \"jargon/{name}\"\nseverity = \"warning\"\nmessage = \"m\"\n\
                 rationale = \"r\"\nsuggestions = [\"s\"]\n[[rule.trigger]]\nphrases = [\"{phrase}\"]\n\
                 [rule.fix]\n\"{phrase}\" = \"{fix}\"\n\n"
            )
        })
        .collect()
}

#[test]
fn a_fix_that_uncovers_another_is_followed_through_and_loops_end() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("rules")).unwrap();
    let write_rules = |rules: &[(&str, &str, &str)]| {
        fs::write(dir.path().join("rules/test.toml"), rules_file(rules)).unwrap();
    };
    let fix = |reply: &str| tactful(dir.path(), &["check", "--fix", "--rules", "rules"], Some(reply));

    // The first fix writes the second rule's phrase, which is fixed in turn.
    write_rules(&[
        ("one", "reach out", "get in touch"),
        ("two", "get in touch", "write"),
    ]);
    let out = fix("Please reach out today.\n");
    assert_eq!(text(&out.stdout), "Please write today.\n");
    assert!(
        text(&out.stderr).contains("applied 2 fixes in 1 file"),
        "{}",
        text(&out.stderr)
    );

    // Two fixes that undo each other stop after a bounded number of passes.
    write_rules(&[
        ("one", "reach out", "get in touch"),
        ("two", "get in touch", "reach out"),
    ]);
    let out = fix("Please reach out today.\n");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("Please "), "{}", text(&out.stdout));
}

#[test]
fn fixes_inside_exports_are_escaped_for_their_container() {
    let dir = tempfile::tempdir().unwrap();
    let body = "Hi {{ticket.requester.first_name}},\n\nNo problem at all, the \"refund\" is on its way.";
    let export = serde_json::json!({"macros": [{"id": 7, "title": "Refund", "actions": [
        {"field": "comment_value", "value": body}]}]});
    let path = dir.path().join("macros.json");
    fs::write(&path, serde_json::to_string_pretty(&export).unwrap()).unwrap();
    let csv = dir.path().join("replies.csv");
    fs::write(
        &csv,
        "title,body\nRefund,\"No problem at all, it is \"\"on its way\"\".\"\n",
    )
    .unwrap();
    let out = tactful(
        dir.path(),
        &["check", "--fix", "macros.json", "replies.csv"],
        None,
    );
    assert!(
        text(&out.stderr).contains("applied 2 fixes in 2 files"),
        "{}",
        text(&out.stderr)
    );
    // Still valid JSON, and only the reply's words changed.
    let fixed: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        fixed["macros"][0]["actions"][0]["value"],
        body.replace("No problem at all", "Happy to help")
    );
    assert_eq!(
        fs::read_to_string(&csv).unwrap(),
        "title,body\nRefund,\"Happy to help, it is \"\"on its way\"\".\"\n"
    );
}

//! The `tactful` command, end to end: output formats, exit codes, inputs.

use std::process::Output;

use serde_json::Value;

mod support;

use support::workspace;

const BAD: &str = "I’m sorry, but that’s our policy. Please calm down.\n";
const KIND: &str = "It’s not your fault — once things calm down on our side I’ll call you back today.\n";

fn tactful(args: &[&str], stdin: Option<&str>) -> Output {
    support::run_in(workspace(), args, stdin)
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn diagnostics(v: &Value) -> Vec<Value> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap().clone())
        .collect()
}

#[test]
fn json_reports_each_category_with_exact_spans() {
    let out = tactful(&["check", "--format", "json"], Some(BAD));
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["version"], 1);
    assert_eq!(v["files"][0]["path"], "-");
    let found = diagnostics(&v);
    for category in ["non-apology", "policy-hiding", "dismissive"] {
        let d = found
            .iter()
            .find(|d| d["category"] == category)
            .unwrap_or_else(|| panic!("no {category}: {v:#}"));
        let rule = d["rule"].as_str().unwrap();
        assert!(rule.starts_with(&format!("{category}/")), "{rule}");
        let (start, end) = (
            d["span"]["start"].as_u64().unwrap() as usize,
            d["span"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&BAD[start..end], d["matched"].as_str().unwrap());
        assert!(!d["suggestions"].as_array().unwrap().is_empty());
        assert!(!d["message"].as_str().unwrap().is_empty());
    }
    let policy = found.iter().find(|d| d["category"] == "policy-hiding").unwrap();
    assert!(
        policy["matched"].as_str().unwrap().contains("our policy"),
        "{policy}"
    );
    let calm = found.iter().find(|d| d["category"] == "dismissive").unwrap();
    assert!(
        calm["matched"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("calm down"),
        "{calm}"
    );
    let s = &v["summary"];
    assert_eq!(s["files"], 1);
    let total =
        s["errors"].as_u64().unwrap() + s["warnings"].as_u64().unwrap() + s["infos"].as_u64().unwrap();
    assert_eq!(total as usize, found.len());
}

#[test]
fn a_kind_reply_passes() {
    let out = tactful(&["check"], Some(KIND));
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let out = tactful(&["check", "--format", "json"], Some(KIND));
    let v = json(&out);
    assert!(diagnostics(&v).iter().all(|d| d["severity"] == "info"), "{v:#}");
}

#[test]
fn fail_on_sets_the_exit_code() {
    assert_eq!(code(&tactful(&["check", "--fail-on", "never"], Some(BAD))), 0);
    assert_eq!(code(&tactful(&["check", "--fail-on", "error"], Some(BAD))), 1);
    let info_only =
        "Unfortunately the flight was cancelled because of the storm. I’ve rebooked you on tomorrow’s 07:15.";
    let out = tactful(
        &["check", "--format", "json", "--fail-on", "info"],
        Some(info_only),
    );
    let infos = json(&out)["summary"]["infos"].as_u64().unwrap();
    assert_eq!(code(&out), if infos > 0 { 1 } else { 0 });
    assert_eq!(
        code(&tactful(&["check", "--fail-on", "warning"], Some(info_only))),
        0
    );
}

#[test]
fn usage_and_input_errors_exit_2_and_name_the_input() {
    let out = tactful(&["check", "--format", "yaml"], Some(BAD));
    assert_eq!(code(&out), 2);
    let out = tactful(&["check", "no/such/reply.md", "-"], Some(BAD));
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no/such/reply.md"), "{}", stderr(&out));
    // The other input is still checked and reported.
    assert!(stdout(&out).contains("policy-hiding/"), "{}", stdout(&out));
    let out = tactful(&["explain", "dismissive/nope"], None);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("unknown rule `dismissive/nope`"));
}

#[test]
fn invalid_utf8_is_reported_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.txt");
    std::fs::write(&path, b"Hello,\nthat is our policy \xff\xfe.\n").unwrap();
    let out = tactful(&["check", path.to_str().unwrap()], None);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("broken.txt:2:20: not valid UTF-8 (byte 26)"),
        "{err}"
    );
}

#[test]
fn standard_input_with_dash_or_without_paths() {
    let with_dash = tactful(&["check", "--format", "json", "-"], Some(BAD));
    let without = tactful(&["check", "--format", "json"], Some(BAD));
    assert_eq!(json(&with_dash), json(&without));
    let out = tactful(&["check"], None);
    assert_eq!(code(&out), 0, "empty stdin is an empty reply: {}", stderr(&out));
}

#[test]
fn directories_are_walked_in_order_honouring_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("macros/billing")).unwrap();
    std::fs::write(root.join(".gitignore"), "drafts/\n").unwrap();
    std::fs::create_dir_all(root.join("drafts")).unwrap();
    std::fs::write(root.join("drafts/ignored.md"), BAD).unwrap();
    std::fs::write(root.join("macros/b.md"), KIND).unwrap();
    std::fs::write(root.join("macros/billing/a.txt"), BAD).unwrap();
    std::fs::write(root.join("macros/logo.png"), [0u8, 159, 146, 150]).unwrap();
    let out = tactful(&["check", "--format", "json", root.to_str().unwrap()], None);
    assert_eq!(code(&out), 1);
    let v = json(&out);
    let paths: Vec<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            f["path"]
                .as_str()
                .unwrap()
                .strip_prefix(root.to_str().unwrap())
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(paths, ["/macros/b.md", "/macros/billing/a.txt"]);
    assert_eq!(v["summary"]["files"], 2);
}

#[test]
fn a_folder_without_replies_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("logo.png"), [0u8, 1, 2]).unwrap();
    let out = tactful(&["check", dir.path().to_str().unwrap()], None);
    assert_eq!(code(&out), 0);
    assert!(
        stderr(&out).contains("no reply files here (looked for .md, .markdown"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "No problems found in 0 files.\n");
}

#[test]
fn unicode_and_crlf_spans_and_columns_are_exact() {
    let text = "Héllo 😀 Zoë,\r\nthanks for waiting.\r\nI’m sorry, but that’s our policy.\r\n";
    let out = tactful(&["check", "--format", "json"], Some(text));
    let found = diagnostics(&json(&out));
    let policy = found
        .iter()
        .find(|d| d["category"] == "policy-hiding")
        .expect("policy finding");
    let start = policy["span"]["start"].as_u64().unwrap() as usize;
    let end = policy["span"]["end"].as_u64().unwrap() as usize;
    assert_eq!(&text[start..end], policy["matched"].as_str().unwrap());
    let expected = text.find("that’s our policy").unwrap();
    assert_eq!(start, expected);
    assert_eq!(policy["line"], 3);
    assert_eq!(policy["column"], 16, "columns count characters, not bytes");
    let matched_chars = policy["matched"].as_str().unwrap().chars().count() as u64;
    assert_eq!(policy["end_line"], 3);
    assert_eq!(policy["end_column"].as_u64().unwrap(), 16 + matched_chars);

    let first_line = "Zoë 😀: you’re not listening, calm down!";
    let out = tactful(&["check", "--format", "json"], Some(first_line));
    for d in diagnostics(&json(&out)) {
        let (s, e) = (
            d["span"]["start"].as_u64().unwrap() as usize,
            d["span"]["end"].as_u64().unwrap() as usize,
        );
        assert!(first_line.is_char_boundary(s) && first_line.is_char_boundary(e));
        assert_eq!(&first_line[s..e], d["matched"].as_str().unwrap());
        assert_eq!(
            d["column"].as_u64().unwrap() as usize,
            first_line[..s].chars().count() + 1
        );
    }
}

#[test]
fn markdown_code_quotes_and_placeholders_are_not_prose() {
    let md = "Hi {{first_name}},\n\n> Don't tell me to calm down!\n\n```\ncalm down\n```\n\nSee `calm down` or [docs](https://x.test/calm-down).\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reply.md");
    std::fs::write(&path, md).unwrap();
    let out = tactful(&["check", "--format", "json", path.to_str().unwrap()], None);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(diagnostics(&json(&out)).is_empty());
}

#[test]
fn human_output_snapshot() {
    let out = tactful(&["check", "examples/replies/refund-refusal.md"], None);
    assert_eq!(code(&out), 1);
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn human_output_for_a_clean_reply() {
    let out = tactful(&["check", "examples/replies/refund-good.md"], None);
    assert_eq!(stdout(&out), "No problems found in 1 file.\n");
    assert_eq!(code(&out), 0);
}

#[test]
fn rules_and_explain() {
    let out = tactful(&["rules"], None);
    assert_eq!(code(&out), 0);
    let listing = stdout(&out);
    let first = listing.lines().next().unwrap();
    let id = first.split_whitespace().next().unwrap();
    assert!(id.contains('/'));
    let out = tactful(&["explain", id], None);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    for section in ["Try instead:", "Flags:", "Leaves alone:"] {
        assert!(text.contains(section), "{text}");
    }
}

#[test]
fn bundled_examples_run() {
    let out = tactful(&["check", "examples/"], None);
    assert_eq!(code(&out), 1, "the bundled examples include bad replies");
    let text = stdout(&out);
    assert!(text.contains("examples/replies/refund-refusal.md"));
    assert!(
        !text.contains("refund-good.md"),
        "the good reply stays quiet:\n{text}"
    );
    assert!(
        !text.contains("outage-update.txt:7:"),
        "the quoted customer line is masked:\n{text}"
    );
}

#[test]
fn html_is_read_from_extension_or_content_with_exact_spans() {
    let html = "<p>Hi Sam,</p><p>We can&rsquo;t refund it &amp; that&#39;s our policy.</p>\n\
                <blockquote>Please calm down.</blockquote>\n";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("reply.html");
    std::fs::write(&file, html).unwrap();
    for out in [
        tactful(&["check", "--format", "json", file.to_str().unwrap()], None),
        tactful(&["check", "--format", "json"], Some(html)),
    ] {
        let found = diagnostics(&json(&out));
        let rules: Vec<&str> = found.iter().map(|d| d["rule"].as_str().unwrap()).collect();
        assert!(rules.iter().any(|r| r.starts_with("policy-hiding/")), "{rules:?}");
        assert!(
            !rules.iter().any(|r| r.starts_with("dismissive/")),
            "quoted text is not prose: {rules:?}"
        );
        for d in &found {
            let span =
                d["span"]["start"].as_u64().unwrap() as usize..d["span"]["end"].as_u64().unwrap() as usize;
            assert_eq!(&html[span], d["matched"].as_str().unwrap());
        }
    }
}

#[test]
fn shouting_is_found_in_capitals_and_stacked_punctuation() {
    let out = tactful(
        &["check", "--format", "json"],
        Some("Your order ORD-88213 ships via USPS. PLEASE READ THE E-MAIL WE SENT YOU!!\n"),
    );
    let found = diagnostics(&json(&out));
    let shouting: Vec<(&str, &str)> = found
        .iter()
        .filter(|d| d["category"] == "shouting")
        .map(|d| (d["severity"].as_str().unwrap(), d["matched"].as_str().unwrap()))
        .collect();
    assert!(
        shouting.contains(&("error", "PLEASE READ THE E-MAIL WE SENT YOU")),
        "{shouting:?}"
    );
    assert!(shouting.iter().any(|(_, m)| *m == "!!"), "{shouting:?}");
    assert!(
        !shouting
            .iter()
            .any(|(_, m)| m.contains("USPS") || m.contains("ORD")),
        "{shouting:?}"
    );
}

/// Writes labelled replies to a file and evaluates them.
fn eval(lines: &[&str], extra: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("labelled.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    let mut args = vec!["eval", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    tactful(&args, None)
}

#[test]
fn eval_counts_recall_and_false_positives() {
    let lines = [
        r#"{"id": "caught", "text": "Please calm down.", "categories": ["dismissive"]}"#,
        r#"{"id": "wrong-category", "text": "Please calm down.", "categories": ["threat"]}"#,
        r#"{"id": "missed", "text": "Your parcel arrives Monday.", "categories": ["insult"]}"#,
        r#"{"id": "clean", "text": "Your refund went out today.", "categories": []}"#,
        r#"{"id": "flagged", "text": "<p>That&rsquo;s our policy, we can't refund.</p>", "categories": [], "format": "html"}"#,
        "",
    ];
    let out = eval(&lines, &[]);
    let report = stdout(&out);
    assert_eq!(code(&out), 0, "{report}");
    assert!(
        report.contains("recall 0.667 (2), category-correct recall 0.333 (1)"),
        "{report}"
    );
    assert!(report.contains("false-positive rate 0.500 (1)"), "{report}");
    assert!(
        report.contains("missed (2 of 2)") && report.contains("  missed [insult] found []"),
        "{report}"
    );
    assert!(
        report.contains("  flagged ") && report.contains("policy-hiding/"),
        "{report}"
    );
    let dismissive = report.lines().find(|l| l.starts_with("dismissive ")).unwrap();
    assert_eq!(
        dismissive.split_whitespace().collect::<Vec<_>>(),
        ["dismissive", "1", "1", "1.000", "2", "0.500"]
    );

    let strict = eval(
        &lines,
        &["--min-category-recall", "0.5", "--max-false-positive-rate", "0.6"],
    );
    assert_eq!(code(&strict), 1);
    assert!(stdout(&strict).contains("FAILED: category-correct recall 0.333 is below 0.5"));
    assert!(!stdout(&strict).contains("false-positive rate 0.500 is above"));
}

#[test]
fn eval_names_the_line_of_a_bad_record() {
    let out = eval(
        &[
            r#"{"text": "hi", "categories": []}"#,
            r#"{"text": "hi", "categories": ["rude"]}"#,
        ],
        &[],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("labelled.jsonl:2: unknown category \"rude\""),
        "{}",
        stderr(&out)
    );
    let out = eval(&[r#"{"text": "hi""#], &[]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("labelled.jsonl:1: not a labelled reply"),
        "{}",
        stderr(&out)
    );
}

/// The accuracy the project defends: the thresholds of the issue that asked for
/// `tactful eval`, on every labelled reply in `tests/corpus`.
#[test]
fn the_labelled_corpus_meets_the_accuracy_thresholds() {
    let mut args = vec!["eval".to_string()];
    let mut files: Vec<String> = std::fs::read_dir(workspace().join("tests/corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert!(files.len() >= 8, "{files:?}");
    args.extend(files);
    args.extend(
        [
            "--min-recall",
            "0.95",
            "--min-category-recall",
            "0.92",
            "--max-false-positive-rate",
            "0.02",
        ]
        .map(String::from),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = tactful(&args, None);
    let report = stdout(&out);
    assert_eq!(code(&out), 0, "{report}");
    // "bad replies   1613  recall …": the count is the third word.
    let count = |label: &str| -> usize {
        let line = report.lines().find(|l| l.starts_with(label)).unwrap();
        line.split_whitespace().nth(2).unwrap().parse().unwrap()
    };
    let (bad, good) = (count("bad replies"), count("good replies"));
    assert!(bad >= 400 && good >= 400, "{report}");
}

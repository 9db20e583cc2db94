//! The CI output formats, end to end: `short`, `sarif`, `github`, `checkstyle`,
//! `junit`, `gitlab` and `rdjsonl` on a small repository of replies.
//!
//! The fixture has a path and a message with `%`, `:` and `,` (which GitHub's
//! workflow commands and URIs must escape), non-ASCII text before a finding (so
//! byte, code point and UTF-16 columns all differ), a finding across a line
//! break, a file with only an info finding and a clean file. A small rule pack
//! of its own keeps the findings and their messages fixed.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

mod support;

use support::{run_in as tactful, workspace};

const RULES: &str = r#"
[[rule]]
id = "dismissive/calm-down"
severity = "error"
message = "Telling the customer to calm down makes them angrier."
rationale = "It implies they are out of control."
suggestions = ["I can hear how frustrating this has been."]

[[rule.trigger]]
phrases = ["[please ]calm down"]

[[rule]]
id = "credibility-hedge/guaranteed"
severity = "warning"
message = "Promising 100%: a guarantee, not a plan, sets the customer up for disappointment."
rationale = "Absolute promises invite disappointment."
suggestions = ["I'll check it myself today, and write back by 5pm."]

[[rule.trigger]]
phrases = ["guaranteed"]

[[rule]]
id = "robotic-cliche/valued-customer"
severity = "info"
message = "\"Valued customer\" reads like a form letter."
rationale = "Nobody calls a friend a valued customer."
suggestions = ["Thanks, Sam."]

[[rule.trigger]]
phrases = ["valued customer"]
"#;

/// The file whose path needs escaping, as tactful reports it.
const OFFER: &str = "replies/offers/refund: 50%, maybe.md";
/// Before "guaranteed": 23 code points, 29 bytes, 24 UTF-16 code units.
const OFFER_TEXT: &str = "Hi Zoë,\n\nZoë 😀 – your refund is guaranteed. Please calm down.\n";
const PLAIN_TEXT: &str = "Thanks for writing in.\nPlease calm\ndown.\n";

/// A repository of replies and the rule pack, in a temporary folder.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            ("rules/test.toml", RULES),
            (OFFER, OFFER_TEXT),
            ("replies/plain.txt", PLAIN_TEXT),
            ("replies/thanks.txt", "Thank you, valued customer.\n"),
            (
                "replies/good.md",
                "I’ve sent the refund – it should reach you by Friday.\n",
            ),
        ];
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Self { dir }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Runs `tactful check --rules rules --format FORMAT replies/ EXTRA…`.
    fn check(&self, format: &str, extra: &[&str]) -> Output {
        let mut args = vec!["check", "--rules", "rules", "--format", format, "replies/"];
        args.extend(extra);
        tactful(self.dir.path(), &args, None)
    }
}

/// Standard output, after checking the run found problems (exit 1) and said
/// nothing on standard error.
fn stdout(o: &Output) -> String {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.is_empty(), "{err}");
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn json(o: &Output) -> Value {
    let out = stdout(o);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// The JSON output's diagnostics, each with its file's path, in output order.
fn json_findings(f: &Fixture) -> Vec<(String, Value)> {
    let v = json(&f.check("json", &[]));
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|file| {
            let path = file["path"].as_str().unwrap().to_string();
            file["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |d| (path.clone(), d.clone()))
        })
        .collect()
}

#[test]
fn short_prints_one_line_per_finding() {
    let f = Fixture::new();
    assert_eq!(
        stdout(&f.check("short", &[])),
        format!(
            "{OFFER}:3:24: warning[credibility-hedge/guaranteed] Promising 100%: a guarantee, not a plan, sets the customer up for disappointment.\n\
             {OFFER}:3:36: error[dismissive/calm-down] Telling the customer to calm down makes them angrier.\n\
             replies/plain.txt:2:1: error[dismissive/calm-down] Telling the customer to calm down makes them angrier.\n\
             replies/thanks.txt:1:12: info[robotic-cliche/valued-customer] \"Valued customer\" reads like a form letter.\n"
        )
    );
}

#[test]
fn github_commands_escape_data_and_properties() {
    let f = Fixture::new();
    let out = stdout(&f.check("github", &[]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "::warning file=replies/offers/refund%3A 50%25%2C maybe.md,line=3,col=24,endLine=3,endColumn=34,\
             title=credibility-hedge/guaranteed::Promising 100%25: a guarantee, not a plan, sets the customer up \
             for disappointment.%0Atry: I'll check it myself today, and write back by 5pm.",
            "::error file=replies/offers/refund%3A 50%25%2C maybe.md,line=3,col=36,endLine=3,endColumn=52,\
             title=dismissive/calm-down::Telling the customer to calm down makes them angrier.%0Atry: I can hear \
             how frustrating this has been.",
            // Across a line break: no columns, which GitHub takes only on one line.
            "::error file=replies/plain.txt,line=2,endLine=3,title=dismissive/calm-down::Telling the customer to \
             calm down makes them angrier.%0Atry: I can hear how frustrating this has been.",
            "::notice file=replies/thanks.txt,line=1,col=12,endLine=1,endColumn=27,title=robotic-cliche/valued-customer\
             ::\"Valued customer\" reads like a form letter.%0Atry: Thanks, Sam.",
        ]
    );
}

#[test]
fn checkstyle_lists_every_file_and_escapes_xml() {
    let f = Fixture::new();
    let out = stdout(&f.check("checkstyle", &[]));
    let doc = roxmltree::Document::parse(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let root = doc.root_element();
    assert!(root.has_tag_name("checkstyle"));
    assert!(root.attribute("version").is_some());
    let files: Vec<_> = root.children().filter(|n| n.has_tag_name("file")).collect();
    let names: Vec<&str> = files.iter().map(|n| n.attribute("name").unwrap()).collect();
    assert_eq!(
        names,
        [
            "replies/good.md",
            OFFER,
            "replies/plain.txt",
            "replies/thanks.txt"
        ]
    );
    let errors = |i: usize| -> Vec<roxmltree::Node<'_, '_>> {
        files[i].children().filter(|n| n.has_tag_name("error")).collect()
    };
    assert!(errors(0).is_empty());
    let offer = errors(1);
    let attrs = |n: &roxmltree::Node<'_, '_>| {
        ["line", "column", "severity", "source"].map(|a| n.attribute(a).unwrap().to_string())
    };
    assert_eq!(
        attrs(&offer[0]),
        ["3", "24", "warning", "credibility-hedge/guaranteed"]
    );
    assert_eq!(
        offer[0].attribute("message").unwrap(),
        "Promising 100%: a guarantee, not a plan, sets the customer up for disappointment."
    );
    assert_eq!(attrs(&offer[1]), ["3", "36", "error", "dismissive/calm-down"]);
    let thanks = errors(3);
    assert_eq!(
        thanks[0].attribute("message").unwrap(),
        "\"Valued customer\" reads like a form letter."
    );
    assert_eq!(thanks[0].attribute("severity").unwrap(), "info");
}

#[test]
fn junit_fails_the_files_that_fail_the_run() {
    let f = Fixture::new();
    let report = |extra: &[&str]| {
        let o = f.check("junit", extra);
        String::from_utf8(o.stdout).unwrap()
    };
    let out = report(&[]);
    let doc = roxmltree::Document::parse(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let suites: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 1);
    assert_eq!(suites[0].attribute("tests"), Some("4"));
    assert_eq!(suites[0].attribute("failures"), Some("2"));
    let cases: Vec<_> = suites[0]
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let names: Vec<&str> = cases.iter().map(|n| n.attribute("name").unwrap()).collect();
    assert_eq!(
        names,
        [
            "replies/good.md",
            OFFER,
            "replies/plain.txt",
            "replies/thanks.txt"
        ]
    );
    assert!(cases.iter().all(|c| c.attribute("classname").is_some()));
    let child = |i: usize, tag: &str| cases[i].children().find(|n| n.has_tag_name(tag));
    assert!(
        cases[0].children().all(|n| !n.is_element()),
        "a clean file passes"
    );
    let failure = child(1, "failure").expect("the offer fails");
    assert_eq!(failure.attribute("message"), Some("2 problems"));
    let listed = failure.text().unwrap();
    assert!(
        listed.contains(&format!(
            "{OFFER}:3:24: warning[credibility-hedge/guaranteed] Promising 100%:"
        )),
        "{listed}"
    );
    assert!(
        listed.contains(&format!("{OFFER}:3:36: error[dismissive/calm-down]")),
        "{listed}"
    );
    assert!(child(2, "failure").is_some());
    // Below the --fail-on level: listed, but the test passes.
    assert!(child(3, "failure").is_none());
    assert!(
        child(3, "system-out")
            .unwrap()
            .text()
            .unwrap()
            .contains("info[robotic-cliche/valued-customer]")
    );

    let failures = |extra: &[&str]| {
        let out = report(extra);
        let doc = roxmltree::Document::parse(&out).unwrap();
        doc.root_element().attribute("failures").unwrap().to_string()
    };
    assert_eq!(failures(&["--fail-on", "info"]), "3");
    assert_eq!(failures(&["--fail-on", "error"]), "2");
    assert_eq!(failures(&["--fail-on", "never"]), "0");
}

#[test]
fn gitlab_issues_have_unique_fingerprints_that_survive_lines_moving() {
    let f = Fixture::new();
    let issues = |f: &Fixture| json(&f.check("gitlab", &[])).as_array().unwrap().clone();
    let before = issues(&f);
    assert_eq!(before.len(), 4);
    let first = &before[0];
    assert_eq!(first["check_name"], "credibility-hedge/guaranteed");
    assert_eq!(
        first["description"],
        "Promising 100%: a guarantee, not a plan, sets the customer up for disappointment."
    );
    assert_eq!(first["location"]["path"], OFFER);
    assert_eq!(first["location"]["lines"]["begin"], 3);
    let severities: Vec<&str> = before.iter().map(|i| i["severity"].as_str().unwrap()).collect();
    assert_eq!(severities, ["minor", "major", "major", "info"]);
    let prints: Vec<&str> = before
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    let mut unique = prints.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), prints.len(), "{prints:?}");

    std::fs::write(f.path("replies/plain.txt"), format!("\n\n{PLAIN_TEXT}")).unwrap();
    let after = issues(&f);
    assert_eq!(after[2]["location"]["lines"]["begin"], 4);
    assert_eq!(after[2]["fingerprint"], before[2]["fingerprint"]);
}

#[test]
fn rdjsonl_columns_are_utf8_bytes_of_the_input() {
    let f = Fixture::new();
    let out = stdout(&f.check("rdjsonl", &[]));
    let found = json_findings(&f);
    let lines: Vec<Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), found.len());
    for (d, (path, expected)) in lines.iter().zip(&found) {
        assert_eq!(d["location"]["path"], path.as_str());
        assert_eq!(d["code"]["value"], expected["rule"]);
        assert_eq!(d["source"]["name"], "tactful");
        let severity = expected["severity"].as_str().unwrap().to_uppercase();
        assert_eq!(d["severity"], severity);
        let text = std::fs::read_to_string(f.path(path)).unwrap();
        let offset = |at: &Value| {
            let line = at["line"].as_u64().unwrap() as usize;
            let column = at["column"].as_u64().unwrap() as usize;
            let line_start: usize = text.split_inclusive('\n').take(line - 1).map(str::len).sum();
            line_start + column - 1
        };
        let range = &d["location"]["range"];
        assert_eq!(
            &text[offset(&range["start"])..offset(&range["end"])],
            expected["matched"].as_str().unwrap(),
            "{d}"
        );
    }
    // The non-ASCII line: bytes, not code points.
    assert_eq!(lines[0]["location"]["range"]["start"]["column"], 30);
}

#[test]
fn sarif_has_rules_code_point_regions_uris_and_fingerprints() {
    let f = Fixture::new();
    let log = json(&f.check("sarif", &[]));
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["tool"]["driver"]["name"], "tactful");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "credibility-hedge/guaranteed",
            "dismissive/calm-down",
            "robotic-cliche/valued-customer"
        ]
    );
    let calm = &rules[1];
    assert_eq!(calm["defaultConfiguration"]["level"], "error");
    assert_eq!(
        calm["fullDescription"]["text"],
        "It implies they are out of control."
    );
    for help in [&calm["help"]["text"], &calm["help"]["markdown"]] {
        let help = help.as_str().unwrap();
        assert!(help.contains("It implies they are out of control."), "{help}");
        assert!(
            help.contains("I can hear how frustrating this has been."),
            "{help}"
        );
    }
    assert_eq!(rules[2]["defaultConfiguration"]["level"], "note");

    let results = run["results"].as_array().unwrap();
    let found = json_findings(&f);
    assert_eq!(results.len(), found.len());
    for (r, (_, d)) in results.iter().zip(&found) {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        assert_eq!(r["ruleId"], d["rule"]);
        assert_eq!(
            r["partialFingerprints"]["tactfulFingerprint/v1"],
            d["fingerprint"]
        );
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startColumn"], d["column"]);
        assert_eq!(region["endLine"], d["end_line"]);
    }
    let offer = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(
        offer["artifactLocation"]["uri"],
        "replies/offers/refund%3A%2050%25%2C%20maybe.md"
    );
    let region = &offer["region"];
    assert_eq!(
        [
            &region["startLine"],
            &region["startColumn"],
            &region["endLine"],
            &region["endColumn"]
        ],
        [3, 24, 3, 34]
    );
    assert_eq!(results[0]["level"], "warning");
    assert_eq!(results[3]["level"], "note");
}

/// The official schema, fetched by `scripts/sarif-schema.sh` when missing.
fn sarif_schema() -> Value {
    let path = workspace().join("target/sarif-schema/sarif-schema-2.1.0.json");
    if !path.exists() {
        let script = workspace().join("scripts/sarif-schema.sh");
        let run = Command::new("bash").arg(&script).output().expect("run bash");
        assert!(
            run.status.success() && path.exists(),
            "could not get the SARIF 2.1.0 schema: {}\n\
             Run `bash scripts/sarif-schema.sh` (it needs python3 with pip and access to PyPI), \
             or put the official sarif-schema-2.1.0.json at {}",
            String::from_utf8_lossy(&run.stderr),
            path.display()
        );
    }
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let schema = sarif_schema();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let problems = |log: &Value| -> Vec<String> {
        validator
            .iter_errors(log)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect()
    };

    let f = Fixture::new();
    let files = json(&f.check("sarif", &[]));
    assert_eq!(problems(&files), Vec::<String>::new(), "{files:#}");
    let stdin = json(&tactful(
        f.dir.path(),
        &["check", "--rules", "rules", "--format", "sarif", "-"],
        Some("Please calm down."),
    ));
    assert_eq!(problems(&stdin), Vec::<String>::new(), "{stdin:#}");
    let location = &stdin["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["description"]["text"],
        "standard input"
    );

    // An unreadable input makes a failed invocation, still valid SARIF.
    let failed = f.check("sarif", &["no/such.md"]);
    assert_eq!(failed.status.code(), Some(2));
    let failed: Value = serde_json::from_slice(&failed.stdout).unwrap();
    assert_eq!(problems(&failed), Vec::<String>::new(), "{failed:#}");
    let invocation = &failed["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = invocation["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(notification.contains("no/such.md"), "{notification}");

    // The validator does reject what the schema forbids.
    let mut broken = files.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] =
        Value::from(0);
    assert!(!problems(&broken).is_empty());
}

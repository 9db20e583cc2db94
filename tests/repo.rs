//! `tactful check` on a repository of canned responses: config files,
//! suppressions, baselines and parallel checking.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

mod support;

fn tactful(dir: &Path, args: &[&str]) -> Output {
    support::run_in(dir, args, None)
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)))
}

/// (path, rule, severity) of every diagnostic.
fn found(o: &Output) -> Vec<(String, String, String)> {
    let v = json(o);
    let mut all = Vec::new();
    for f in v["files"].as_array().unwrap() {
        for d in f["diagnostics"].as_array().unwrap() {
            all.push((
                f["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            ));
        }
    }
    all
}

fn categories(o: &Output) -> Vec<String> {
    found(o)
        .into_iter()
        .map(|(_, r, _)| r.split('/').next().unwrap().to_string())
        .collect()
}

const BAD: &str = "Please calm down. That's our policy.\n";

#[test]
fn config_is_found_from_each_file_and_overrides_apply() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "tactful.toml",
        "ignore = [\"dismissive\"]\n[[overrides]]\nfiles = [\"legacy/**\"]\nignore = [\"policy-hiding\"]\n",
    );
    write(d, "macros/a.md", BAD);
    write(d, "legacy/b.md", BAD);
    write(d, "team/.tactful.toml", "[severity]\ndismissive = \"info\"\n");
    write(d, "team/c.md", BAD);
    let out = tactful(d, &["check", "--format", "json", "."]);
    let all = found(&out);
    let of = |p: &str| {
        all.iter()
            .filter(|(f, _, _)| f.ends_with(p))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert!(
        of("a.md").iter().all(|(_, r, _)| !r.starts_with("dismissive/")),
        "{all:?}"
    );
    assert!(
        of("a.md").iter().any(|(_, r, _)| r.starts_with("policy-hiding/")),
        "{all:?}"
    );
    assert!(
        of("b.md")
            .iter()
            .all(|(_, r, _)| !r.starts_with("policy-hiding/") && !r.starts_with("dismissive/")),
        "{all:?}"
    );
    // The nearest config wins: team/ has its own, without the ignore.
    assert!(
        of("c.md")
            .iter()
            .any(|(_, r, s)| r.starts_with("dismissive/") && s == "info"),
        "{all:?}"
    );
    // --isolated ignores them all; --config uses one for every file.
    let isolated = tactful(d, &["check", "--format", "json", "--isolated", "."]);
    assert_eq!(
        categories(&isolated)
            .iter()
            .filter(|c| *c == "dismissive")
            .count(),
        3
    );
    let fixed = tactful(
        d,
        &["check", "--format", "json", "--config", "team/.tactful.toml", "."],
    );
    assert!(
        found(&fixed)
            .iter()
            .all(|(_, r, s)| !r.starts_with("dismissive/") || s == "info")
    );
}

#[test]
fn a_typo_in_the_config_exits_2_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "tactful.toml",
        "# team config\nselect = [\"dismissive\"]\nignroe = [\"jargon\"]\n",
    );
    write(d, "a.md", BAD);
    let out = tactful(d, &["check", "a.md"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("tactful.toml:3:1:"), "{}", stderr(&out));
    assert!(stderr(&out).contains("ignroe"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

#[test]
fn custom_phrases_from_config_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "tactful.toml",
        "[[phrases]]\nphrases = [\"tossed over\", \"thrown over\"]\nmessage = \"Say what happened to the ticket.\"\nsuggestion = \"passed to\"\nseverity = \"info\"\n",
    );
    write(d, "a.txt", "Your ticket was tossed over to billing.\n");
    let out = tactful(d, &["check", "--format", "json", "a.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    let diag = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "negative-language/custom-tossed-over")
        .unwrap_or_else(|| panic!("{v:#}"));
    assert_eq!(diag["rule"], "negative-language/custom-tossed-over");
    assert_eq!(diag["matched"], "tossed over");
    assert_eq!(diag["suggestions"][0], "passed to");
}

#[test]
fn suppressed_findings_disappear_and_unused_suppressions_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "a.md",
        "Hi,\n\n<!-- tactful-disable-next-line policy-hiding -- wording approved by legal -->\nThat's our policy.\n\n\
         <!-- tactful-disable-next-line shouting -->\nThanks for waiting.\n",
    );
    write(
        d,
        "b.txt",
        "# tactful-disable-next-line dismissive\nPlease calm down.\n",
    );
    let out = tactful(d, &["check", "--format", "json", "a.md", "b.txt"]);
    assert!(found(&out).is_empty(), "{:?}", found(&out));
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains("a.md:6:1: warning: unused suppression (shouting)"),
        "{err}"
    );
    assert_eq!(err.matches("unused suppression").count(), 1, "{err}");
    let v = json(&out);
    assert_eq!(v["files"][0]["unused_suppressions"][0]["line"], 6);
    // Without the comment the finding is there.
    write(d, "c.md", "Hi,\n\nThat's our policy.\n");
    assert!(!found(&tactful(d, &["check", "--format", "json", "c.md"])).is_empty());
}

#[test]
fn a_baseline_hides_known_findings_even_when_lines_move() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.md", "Hi,\n\nThat's our policy.\n");
    let out = tactful(d, &["check", "--write-baseline", "baseline.json", "a.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let recorded: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("baseline.json")).unwrap()).unwrap();
    assert!(!recorded["findings"].as_array().unwrap().is_empty());
    // Lines move and a new problem appears: only the new one is reported.
    write(
        d,
        "a.md",
        "Hi,\n\nThe form is attached.\n\nThat's our policy.\n\nPlease calm down.\n",
    );
    let out = tactful(
        d,
        &["check", "--format", "json", "--baseline", "baseline.json", "a.md"],
    );
    assert_eq!(categories(&out), vec!["dismissive"], "{:?}", found(&out));
    assert!(
        stderr(&out).contains("already in the baseline"),
        "{}",
        stderr(&out)
    );
    // A broken baseline is an error naming it.
    write(d, "broken.json", "{\"version\": 1,\n \"findings\": [}\n");
    let out = tactful(d, &["check", "--baseline", "broken.json", "a.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("broken.json:2:"), "{}", stderr(&out));
}

#[test]
fn threads_do_not_change_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // More files than the human output renders at once.
    let files = 300;
    for i in 0..files {
        let text = if i % 3 == 0 {
            BAD.to_string()
        } else {
            format!("Thanks for reply {i}, it's on its way.\n")
        };
        write(d, &format!("r/{i:03}.md"), &text);
    }
    let one = tactful(d, &["check", "--format", "json", "-j", "1", "r"]);
    let two = tactful(d, &["check", "--format", "json", "-j", "2", "r"]);
    assert_eq!(one.stdout, two.stdout);
    let paths: Vec<String> = json(&two)["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(paths.len(), files);
    // The human report too: its files are rendered on the thread pool and
    // written in order.
    let one = tactful(d, &["check", "-j", "1", "r"]);
    let two = tactful(d, &["check", "-j", "2", "r"]);
    assert_eq!(one.stdout, two.stdout);
    let human = String::from_utf8(two.stdout).unwrap();
    let places: Vec<&str> = human
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("--> "))
        .collect();
    let expected: Vec<String> = (0..files)
        .step_by(3)
        .flat_map(|i| [format!("r/{i:03}.md:1:1"), format!("r/{i:03}.md:1:19")])
        .collect();
    assert_eq!(places, expected);
}

#[test]
fn the_readme_config_example_loads() {
    let readme = std::fs::read_to_string(support::workspace().join("README.md")).unwrap();
    let section = &readme[readme.find("### Configuration").expect("a Configuration section")..];
    let block = section
        .split("```toml\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "support-team/tactful.toml", "ignore = [\"over-apology\"]\n");
    write(d, "repo/tactful.toml", block);
    write(
        d,
        "repo/rules/team.toml",
        "[[rule]]\nid = \"jargon/team-internal\"\nseverity = \"info\"\nmessage = \"Internal name.\"\n\
         rationale = \"Customers do not know it.\"\nsuggestions = [\"the billing team\"]\n\
         [[rule.trigger]]\nphrases = [\"tier two\"]\n",
    );
    write(
        d,
        "repo/macros/a.md",
        "Your ticket was thrown over to tier two. That's our policy.\n",
    );
    let out = tactful(&d.join("repo"), &["check", "--format", "json", "macros"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let rules: Vec<String> = found(&out).into_iter().map(|(_, r, _)| r).collect();
    // `select` keeps three categories: the team's phrases and rule files are
    // loaded (a broken one would exit 2) but not selected.
    assert!(
        !rules.is_empty() && rules.iter().all(|r| r.starts_with("policy-hiding/")),
        "{rules:?}"
    );
}

/// Line and column (in characters) of byte `at` in `text`, counted here
/// independently of the tool.
fn line_column(text: &str, at: usize) -> (u64, u64) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1;
    (line as u64, column as u64)
}

#[test]
fn helpdesk_exports_are_linted_in_place() {
    let fixtures = &support::workspace().join("tests/fixtures/formats");
    let out = tactful(
        fixtures,
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--verbose",
            ".",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    let mut json_findings = 0;
    let mut named = 0;
    for f in v["files"].as_array().unwrap() {
        let path = f["path"].as_str().unwrap();
        let text = std::fs::read_to_string(fixtures.join(path)).unwrap();
        for d in f["diagnostics"].as_array().unwrap() {
            let (start, end) = (
                d["span"]["start"].as_u64().unwrap() as usize,
                d["span"]["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                line_column(&text, start),
                (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()),
                "{path}: {d}"
            );
            assert_eq!(
                line_column(&text, end),
                (d["end_line"].as_u64().unwrap(), d["end_column"].as_u64().unwrap()),
                "{path}: {d}"
            );
            named += usize::from(d["reply"].is_string());
            if path.ends_with(".json") {
                // Inside a JSON string: the raw bytes, unescaped, are the words found.
                let raw: String = serde_json::from_str(&format!("\"{}\"", &text[start..end])).unwrap();
                assert_eq!(raw, d["matched"].as_str().unwrap(), "{path}: {d}");
                json_findings += 1;
            }
        }
    }
    assert!(json_findings > 20, "{json_findings}");
    assert!(named > 20, "{named}");
    assert!(
        stderr(&out).contains("skipped ./no-replies.json: no replies found"),
        "{}",
        stderr(&out)
    );
    // Walked, it is only listed with --verbose; named, it is always noted.
    let quiet = tactful(fixtures, &["check", "--fail-on", "never", "."]);
    assert!(!stderr(&quiet).contains("no-replies.json"), "{}", stderr(&quiet));
    let named = tactful(fixtures, &["check", "no-replies.json"]);
    assert!(
        stderr(&named).contains("no-replies.json: no replies found"),
        "{}",
        stderr(&named)
    );
}

#[test]
fn a_malformed_export_names_its_line_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.json", "{\"macros\": [\n  {\"title\": \"x\",, }\n]}\n");
    write(d, "b.md", BAD);
    let out = tactful(d, &["check", "--format", "json", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("a.json:2:"), "{}", stderr(&out));
    assert!(!found(&out).is_empty(), "b.md is still checked");
}

#[test]
fn config_suppresses_a_macro_by_id_and_reports_unused_entries() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let macro_ = |id: u32, text: &str| {
        format!(
            "{{\"id\": {id}, \"title\": \"M{id}\", \"actions\": [{{\"field\": \"comment_value\", \"value\": \"{text}\"}}]}}"
        )
    };
    write(
        d,
        "macros.json",
        &format!(
            "{{\"macros\": [{}, {}]}}\n",
            macro_(1, "That's our policy."),
            macro_(2, "That's our policy.")
        ),
    );
    write(
        d,
        "tactful.toml",
        "[[suppress]]\nreply = \"1\"\nrules = [\"policy-hiding\"]\nreason = \"legal\"\n\n\
         [[suppress]]\nreply = \"M9\"\nreason = \"gone\"\n",
    );
    let out = tactful(d, &["check", "--format", "json", "macros.json"]);
    let v = json(&out);
    let replies: Vec<&str> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["reply"].as_str().unwrap())
        .collect();
    assert!(!replies.is_empty() && replies.iter().all(|r| *r == "M2"), "{v:#}");
    let err = stderr(&out);
    assert!(err.contains("tactful.toml:7: unused suppression"), "{err}");
    assert_eq!(err.matches("unused suppression").count(), 1, "{err}");
}

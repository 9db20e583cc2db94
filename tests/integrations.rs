//! The pre-commit hook and the GitHub Action run the way their files say.

use std::process::Command;

mod support;

use support::{run_in, workspace};

/// The `run: |` script of the action step named `step`, unindented.
fn action_script(step: &str) -> String {
    let action = std::fs::read_to_string(workspace().join("action.yml")).unwrap();
    let from = action.find(&format!("- name: {step}")).expect("the step");
    let body = &action[from..];
    let run = body.find("run: |\n").expect("a run block") + "run: |\n".len();
    body[run..]
        .lines()
        .take_while(|l| l.starts_with("        ") || l.trim().is_empty())
        .map(|l| l.get(8..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_action_annotates_writes_sarif_and_fails_on_findings() {
    let runner = tempfile::tempdir().unwrap();
    let bin = runner.path().join("tactful/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_tactful"), bin.join("tactful")).unwrap();
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join("macros")).unwrap();
    std::fs::write(
        repo.path().join("macros/refund.md"),
        "Hi,\n\nThat's our policy, please calm down.\n",
    )
    .unwrap();
    let out = Command::new("bash")
        .args(["-euo", "pipefail", "-c", &action_script("Check replies")])
        .current_dir(repo.path())
        .env("RUNNER_TEMP", runner.path())
        .env("TACTFUL_PATHS", "macros/")
        .env("TACTFUL_FAIL_ON", "warning")
        .env("TACTFUL_SARIF", "out.sarif")
        .env("TACTFUL_ARGS", "")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("::error file=macros/refund.md,line=3,")),
        "{stdout}"
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path().join("out.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
}

#[test]
fn the_pre_commit_hook_entry_checks_the_files_it_is_given() {
    let hooks = std::fs::read_to_string(workspace().join(".pre-commit-hooks.yaml")).unwrap();
    let entry = hooks
        .lines()
        .find_map(|l| l.trim().strip_prefix("entry: "))
        .expect("an entry");
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("tactful"));
    let args: Vec<&str> = words.collect();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.md"), "Please calm down.\n").unwrap();
    std::fs::write(
        dir.path().join("good.md"),
        "Thanks, the refund is on its way today.\n",
    )
    .unwrap();
    let run = |file: &str| {
        run_in(dir.path(), &[args.as_slice(), &[file]].concat(), None)
            .status
            .code()
    };
    assert_eq!(run("bad.md"), Some(1));
    assert_eq!(run("good.md"), Some(0));
}

//! Same answers everywhere: the agreement corpus (`tests/agreement/`) checked
//! through the CLI's JSON and through the Rust API must give the same findings,
//! with and without the corpus's configuration. The WebAssembly and Python
//! bindings compare themselves with the CLI on the same files.

mod support;

use std::path::PathBuf;

use serde_json::Value;
use support::{run_in, workspace};
use tactful::{Config, Format, Linter};

/// A finding reduced to what every binding must agree on.
type Finding = (String, String, usize, usize);

fn corpus() -> Vec<PathBuf> {
    let dir = workspace().join("tests/agreement");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with('0'))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "the agreement corpus is missing: {files:?}");
    files
}

fn format_of(path: &std::path::Path) -> Format {
    match path.extension().and_then(|e| e.to_str()) {
        Some("md") => Format::Markdown,
        Some("html") => Format::Html,
        _ => Format::Plain,
    }
}

/// The CLI's findings for every file, in one run.
fn by_cli(files: &[PathBuf], config: Option<&str>) -> Vec<Vec<Finding>> {
    let mut args = vec!["check", "--format", "json"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    match config {
        Some(c) => args.extend(["--config", c]),
        None => args.push("--isolated"),
    }
    let out = run_in(workspace(), &args, None);
    assert!(
        out.status.code().unwrap() < 2,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let reported = json["files"].as_array().unwrap();
    assert_eq!(reported.len(), files.len());
    reported.iter().map(|f| findings(&f["diagnostics"])).collect()
}

fn findings(diagnostics: &Value) -> Vec<Finding> {
    diagnostics
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["span"]["start"].as_u64().unwrap() as usize,
                d["span"]["end"].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

fn by_api(linter: &Linter, file: &std::path::Path) -> Vec<Finding> {
    let text = std::fs::read_to_string(file).unwrap();
    linter
        .check(&text, format_of(file))
        .into_iter()
        .map(|d| {
            (
                d.rule.to_string(),
                d.severity.to_string(),
                d.span.start,
                d.span.end,
            )
        })
        .collect()
}

fn agree(linter: &Linter, config: Option<&str>) {
    let files = corpus();
    let mut total = 0;
    for (file, cli) in files.iter().zip(by_cli(&files, config)) {
        assert_eq!(by_api(linter, file), cli, "{} with {config:?}", file.display());
        total += cli.len();
    }
    assert!(
        total > 20,
        "the corpus should give findings to agree on, got {total}"
    );
}

#[test]
fn the_rust_api_agrees_with_the_cli() {
    agree(&Linter::default_pack(), None);
}

#[test]
fn the_rust_api_agrees_with_the_cli_under_a_configuration() {
    let path = workspace().join("tests/agreement/config.toml");
    let config = Config::from_toml(&std::fs::read_to_string(&path).unwrap()).unwrap();
    agree(
        &Linter::with_config(&config).unwrap(),
        Some(path.to_str().unwrap()),
    );
}

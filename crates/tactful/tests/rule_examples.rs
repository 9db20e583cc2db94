//! Every example of every rule: bad examples must be flagged by their rule, good
//! examples must get nothing at `warning` or above from any rule of the pack, and
//! a rule's fixes turn each `fixed` example's text into exactly its expected
//! result, which the rule then leaves alone. An example that reads as HTML is
//! checked as HTML; any other both as plain text and as Markdown (where
//! `**bold**` is emphasis): a bad one must be flagged in one of them, a good
//! one must be clean in both.
//!
//! Rules are read from `rules/` on disk, so editing a rule file needs no rebuild.
//! Set `TACTFUL_RULES=substring` to check only the rules whose id contains it.

use std::path::{Path, PathBuf};

use tactful::{Diagnostic, Format, Linter, Rule, Severity, apply_fixes, pack};

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules")
}

/// `(name, contents)` of the rule files on disk, in name order.
fn disk_files() -> Vec<(String, String)> {
    let mut names: Vec<String> = std::fs::read_dir(rules_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let text = std::fs::read_to_string(rules_dir().join(&n)).unwrap();
            (format!("rules/{n}"), text)
        })
        .collect()
}

fn disk_linter() -> Linter {
    let files = disk_files();
    let rules = pack::load(files.iter().map(|(n, t)| (n.as_str(), t.as_str())));
    Linter::new(rules.unwrap_or_else(|e| panic!("{e}")))
}

#[test]
fn every_rule_example_holds() {
    let linter = disk_linter();
    let filter = std::env::var("TACTFUL_RULES").unwrap_or_default();
    let mut failures = Vec::new();
    let mut checked = 0;
    for rule in linter.rules().iter().filter(|r| r.id.contains(&filter)) {
        if rule.examples().bad.is_empty() || rule.examples().good.is_empty() {
            failures.push(format!(
                "{}: needs at least one bad and one good example",
                rule.id
            ));
        }
        for bad in &rule.examples().bad {
            checked += 1;
            let found: Vec<_> = formats(bad).flat_map(|f| linter.check(bad, f)).collect();
            if !found.iter().any(|d| *d.rule == *rule.id) {
                let others: Vec<_> = found.iter().map(|d| &*d.rule).collect();
                failures.push(format!(
                    "{}: missed bad example {bad:?} (found {others:?})",
                    rule.id
                ));
            }
        }
        checked += rule.examples().fixed.len();
        failures.extend(fixed_example_failures(&linter, rule));
        for good in &rule.examples().good {
            checked += 1;
            for d in formats(good).flat_map(|f| linter.check(good, f)) {
                if d.severity >= Severity::Warning {
                    failures.push(format!(
                        "{}: good example {good:?} got {} {} on {:?}",
                        rule.id, d.severity, d.rule, d.matched
                    ));
                }
            }
        }
    }
    assert!(checked > 0 || !filter.is_empty(), "no examples found");
    assert!(
        failures.is_empty(),
        "{} of {checked} examples failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The formats an example is checked in.
fn formats(example: &str) -> impl Iterator<Item = Format> {
    match Format::sniff(example) {
        Format::Plain => vec![Format::Plain, Format::Markdown],
        other => vec![other],
    }
    .into_iter()
}

/// Applies the rule's own fixes to each `fixed` example: the result must be
/// exactly the expected text, and checking it again must not report the rule.
fn fixed_example_failures(linter: &Linter, rule: &Rule) -> Vec<String> {
    let mut failures = Vec::new();
    for (before, expected) in &rule.examples().fixed {
        let found = linter.check(before, Format::Plain);
        let own = found.iter().filter(|d| *d.rule == *rule.id);
        let fixed = apply_fixes(before, own.filter_map(Diagnostic::replacement));
        if fixed.applied == 0 {
            failures.push(format!("{}: no fix offered on {before:?}", rule.id));
        } else if &fixed.text != expected {
            failures.push(format!(
                "{}: fixing {before:?} gave {:?}, expected {expected:?}",
                rule.id, fixed.text
            ));
        } else if linter
            .check(expected, Format::Plain)
            .iter()
            .any(|d| *d.rule == *rule.id)
        {
            failures.push(format!(
                "{}: the fixed text {expected:?} is still flagged",
                rule.id
            ));
        }
    }
    // A rule's fixes are only trusted with examples that show them applied.
    let has_examples = !rule.examples().fixed.is_empty();
    if rule.has_fixes() != has_examples {
        failures.push(format!(
            "{}: a rule has `fixed` examples exactly when it has fixes",
            rule.id
        ));
    }
    failures
}

#[test]
fn the_embedded_pack_is_the_rules_folder() {
    let mut embedded: Vec<(String, String)> = pack::DEFAULT_FILES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let mut disk = disk_files();
    embedded.sort();
    disk.sort();
    let names = |v: &[(String, String)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&embedded),
        names(&disk),
        "pack::DEFAULT_FILES must list every rules/*.toml"
    );
    assert!(embedded == disk, "the embedded pack is stale: rebuild");
}

#[test]
fn every_rule_is_documented() {
    for rule in disk_linter().rules() {
        assert!(!rule.rationale().is_empty(), "{}: empty rationale", rule.id);
        assert!(!rule.suggestions.is_empty(), "{}: no rewrite", rule.id);
    }
}

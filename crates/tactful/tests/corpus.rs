//! Accuracy on the labelled corpus in `tests/corpus/`: replies written blind to
//! the rules, bad ones labelled with their categories, good ones (mostly
//! near-misses) labelled with none.
//!
//! A bad reply is caught when a finding in one of its categories appears, at any
//! severity; a good reply is a false positive when anything at `warning` or
//! above appears. The floors below are what the pack is held to.

use std::path::Path;

use serde_json::Value;
use tactful::{Format, Linter, Severity};

const MIN_CATEGORY_RECALL: f64 = 0.97;
const MAX_FALSE_POSITIVE_RATE: f64 = 0.01;

struct Reply {
    id: String,
    text: String,
    categories: Vec<String>,
}

fn corpus() -> Vec<Reply> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut replies = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let v: Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{}:{}: {e}", file.display(), n + 1));
            replies.push(Reply {
                id: v["id"].as_str().unwrap().to_string(),
                text: v["text"].as_str().unwrap().to_string(),
                categories: v["categories"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap().into())
                    .collect(),
            });
        }
    }
    replies
}

#[test]
fn corpus_accuracy_holds() {
    let linter = Linter::default_pack();
    let (mut bad, mut caught, mut good, mut false_positives) = (0, 0, 0, 0);
    let mut report = Vec::new();
    for reply in corpus() {
        let found = linter.check(&reply.text, Format::Plain);
        if reply.categories.is_empty() {
            good += 1;
            if let Some(d) = found.iter().find(|d| d.severity >= Severity::Warning) {
                false_positives += 1;
                report.push(format!(
                    "false positive {}: {} on {:?}",
                    reply.id, d.rule, d.matched
                ));
            }
        } else {
            bad += 1;
            if found
                .iter()
                .any(|d| reply.categories.iter().any(|c| c == d.category.as_str()))
            {
                caught += 1;
            } else {
                report.push(format!("missed {} {:?}", reply.id, reply.categories));
            }
        }
    }
    assert!(
        bad >= 100 && good >= 100,
        "the corpus is missing: {bad} bad, {good} good"
    );
    let recall = caught as f64 / bad as f64;
    let fp_rate = false_positives as f64 / good as f64;
    eprintln!(
        "category recall {recall:.3} ({caught}/{bad}), false positives {fp_rate:.3} ({false_positives}/{good})"
    );
    assert!(
        recall >= MIN_CATEGORY_RECALL && fp_rate <= MAX_FALSE_POSITIVE_RATE,
        "recall {recall:.3}, false-positive rate {fp_rate:.3}:\n{}",
        report.join("\n")
    );
}

//! Baselines: record today's findings, then report only new ones.
//!
//! A baseline is a JSON file listing each finding's path, rule and fingerprint
//! (see [`crate::fingerprint`]), so a finding stays known when lines move
//! around it. The matched text is kept too, for people reading the file.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::inputs::Checked;

/// The baseline format's version.
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Baseline {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    rule: String,
    fingerprint: String,
    matched: String,
}

/// Writes every finding of `checked` to `path`.
pub fn write(path: &Path, checked: &Checked) -> anyhow::Result<usize> {
    let mut findings: Vec<Entry> = checked
        .files
        .iter()
        .flat_map(|f| {
            f.findings.iter().map(|x| Entry {
                path: f.path.clone(),
                rule: x.diagnostic.rule.to_string(),
                fingerprint: x.fingerprint.clone(),
                matched: x.diagnostic.matched.clone(),
            })
        })
        .collect();
    findings.sort();
    let count = findings.len();
    let text = serde_json::to_string_pretty(&Baseline {
        version: VERSION,
        findings,
    })?;
    std::fs::write(path, text + "\n")
        .with_context(|| format!("{}: cannot write the baseline", path.display()))?;
    Ok(count)
}

/// Drops from `checked` every finding recorded in the baseline at `path`, and
/// returns how many were dropped.
pub fn filter(path: &Path, checked: &mut Checked) -> anyhow::Result<usize> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read the baseline", path.display()))?;
    let baseline: Baseline = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{}:{}:{}: {e}", path.display(), e.line(), e.column()))?;
    if baseline.version != VERSION {
        anyhow::bail!(
            "{}: baseline version {} is not supported (expected {VERSION})",
            path.display(),
            baseline.version
        );
    }
    let known: BTreeSet<(&str, &str, &str)> = baseline
        .findings
        .iter()
        .map(|e| (e.path.as_str(), e.rule.as_str(), e.fingerprint.as_str()))
        .collect();
    let mut dropped = 0;
    for file in &mut checked.files {
        let before = file.findings.len();
        let path = file.path.as_str();
        file.findings
            .retain(|f| !known.contains(&(path, &*f.diagnostic.rule, f.fingerprint.as_str())));
        dropped += before - file.findings.len();
    }
    Ok(dropped)
}

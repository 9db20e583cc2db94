//! Baselines: record today's findings, then report only new ones.
//!
//! A baseline is a JSON file listing each finding's path, rule and fingerprint
//! (see [`crate::fingerprint`]), so a finding stays known when lines move
//! around it. The matched text is kept too, for people reading the file.

use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::inputs::{Checked, Finding};

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

/// The findings a baseline records, by path, rule and fingerprint.
pub struct Known {
    /// Sorted, for lookups by binary search.
    entries: Vec<(String, String, String)>,
}

impl Known {
    /// Reads the baseline at `path`.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
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
        let mut entries: Vec<_> = baseline
            .findings
            .into_iter()
            .map(|e| (e.path, e.rule, e.fingerprint))
            .collect();
        entries.sort();
        Ok(Self { entries })
    }

    /// Whether the baseline records `finding` in the file at `path`.
    pub fn contains(&self, path: &str, finding: &Finding) -> bool {
        let wanted = (path, &*finding.diagnostic.rule, finding.fingerprint.as_str());
        self.entries
            .binary_search_by(|(p, r, f)| (p.as_str(), r.as_str(), f.as_str()).cmp(&wanted))
            .is_ok()
    }

    /// Drops from `checked` every finding the baseline records, and returns
    /// how many were dropped.
    pub fn filter(&self, checked: &mut Checked) -> usize {
        let mut dropped = 0;
        for file in &mut checked.files {
            let before = file.findings.len();
            file.findings.retain(|f| !self.contains(&file.path, f));
            dropped += before - file.findings.len();
        }
        dropped
    }
}

//! `tactful rules` and `tactful explain`: the rule pack, for people.

use std::io::Write;

use tactful::{Linter, Rule};

use crate::EXIT_CLEAN;

/// Lists every rule: id, category, severity and message, one per line.
pub fn list(linter: &Linter) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let width = linter.rules().iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in linter.rules() {
        writeln!(
            out,
            "{:<width$}  {:<20}  {:<7}  {}",
            r.id,
            r.category.as_str(),
            r.severity.as_str(),
            r.message
        )?;
    }
    Ok(())
}

/// Explains one rule; an unknown id is a usage error that suggests close ids.
pub fn explain(linter: &Linter, id: &str) -> anyhow::Result<u8> {
    let Some(rule) = linter.rule(id) else {
        let needle = id.rsplit('/').next().unwrap_or(id);
        let close: Vec<&str> = linter
            .rules()
            .iter()
            .map(|r| r.id.as_str())
            .filter(|r| r.contains(needle))
            .take(5)
            .collect();
        let hint = if close.is_empty() {
            "run `tactful rules` to list them".to_string()
        } else {
            format!("did you mean {}?", close.join(", "))
        };
        anyhow::bail!("unknown rule `{id}`: {hint}");
    };
    write_rule(&mut std::io::stdout().lock(), rule)?;
    Ok(EXIT_CLEAN)
}

fn write_rule(out: &mut impl Write, rule: &Rule) -> std::io::Result<()> {
    writeln!(
        out,
        "{} ({}, {}, from {})",
        rule.id, rule.category, rule.severity, rule.source
    )?;
    writeln!(out, "\n{}\n\n{}", rule.message, rule.rationale())?;
    section(out, "Try instead", &rule.suggestions)?;
    section(out, "Flags", &rule.examples().bad)?;
    section(out, "Leaves alone", &rule.examples().good)
}

fn section(out: &mut impl Write, title: &str, items: &[String]) -> std::io::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{title}:")?;
    for item in items {
        // Multi-line examples stay inside their bullet.
        let mut lines = item.trim_end().lines();
        writeln!(out, "  - {}", lines.next().unwrap_or_default())?;
        for line in lines {
            writeln!(
                out,
                "{}",
                if line.is_empty() {
                    String::new()
                } else {
                    format!("    {line}")
                }
            )?;
        }
    }
    Ok(())
}

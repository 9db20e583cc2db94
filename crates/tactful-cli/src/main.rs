//! `tactful`: lint customer-service replies and canned responses.

mod args;
mod eval;
mod explain;
mod fingerprint;
mod human;
mod inputs;
mod json;
mod output;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use tactful::Linter;

use args::{Cli, Command, FailOn, OutputFormat};
use inputs::Checked;

/// Exit codes, as DESIGN.md fixes them.
const EXIT_CLEAN: u8 = 0;
const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules => explain::list(&Linter::default_pack()).map(|()| EXIT_CLEAN),
        Command::Explain { rule } => explain::explain(&Linter::default_pack(), &rule),
        Command::Eval(args) => pack(args.rules.as_deref()).and_then(|linter| eval::run(&linter, &args)),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // A closed pipe (`tactful check | head`) is the reader's choice, not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::from(EXIT_CLEAN),
        Err(e) => {
            eprintln!("tactful: {e:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// The built-in rule pack, or the rule files of `dir`, in name order.
fn pack(dir: Option<&Path>) -> anyhow::Result<Linter> {
    let Some(dir) = dir else {
        return Ok(Linter::default_pack());
    };
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot read the rules folder", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    names.sort();
    let files = names
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).with_context(|| format!("{}: cannot read", p.display()))?;
            Ok((p.display().to_string(), text))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let rules = tactful::pack::load(files.iter().map(|(n, t)| (n.as_str(), t.as_str())))?;
    Ok(Linter::new(rules))
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

fn check(args: args::CheckArgs) -> anyhow::Result<u8> {
    let linter = pack(args.rules.as_deref())?;
    let checked = inputs::check_all(&linter, &args.paths, args.input_format)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        OutputFormat::Human => human::write(&mut out, &checked, args.color.enabled())?,
        OutputFormat::Json => json::write(&mut out, &checked)?,
        OutputFormat::Short => output::short::write(&mut out, &checked)?,
        OutputFormat::Sarif => output::sarif::write(&mut out, &checked, &linter)?,
        OutputFormat::Github => output::github::write(&mut out, &checked)?,
        OutputFormat::Checkstyle => output::checkstyle::write(&mut out, &checked)?,
        OutputFormat::Junit => output::junit::write(&mut out, &checked, args.fail_on.threshold())?,
        OutputFormat::Gitlab => output::gitlab::write(&mut out, &checked)?,
        OutputFormat::Rdjsonl => output::rdjsonl::write(&mut out, &checked)?,
    }
    out.flush()?;
    for line in checked.notes.iter().chain(&checked.failures) {
        eprintln!("tactful: {line}");
    }
    Ok(exit_code(&checked, args.fail_on))
}

fn exit_code(checked: &Checked, fail_on: FailOn) -> u8 {
    if !checked.failures.is_empty() {
        return EXIT_ERROR;
    }
    let Some(threshold) = fail_on.threshold() else {
        return EXIT_CLEAN;
    };
    let failing = checked
        .files
        .iter()
        .flat_map(|f| &f.findings)
        .any(|f| f.diagnostic.severity >= threshold);
    if failing { EXIT_FINDINGS } else { EXIT_CLEAN }
}

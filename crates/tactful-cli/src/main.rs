//! `tactful`: lint customer-service replies and canned responses.

mod args;
mod baseline;
mod config;
mod eval;
mod explain;
mod fingerprint;
mod fix;
mod human;
mod inputs;
mod json;
mod lsp;
mod output;
mod progress;
mod suppress;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

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
        Command::Eval(args) => config::BaseRules::from_dir(args.rules.as_deref())
            .and_then(|base| base.linter(&[]))
            .and_then(|linter| eval::run(&linter, &args)),
        Command::Lsp => lsp::run(),
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

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

fn check(args: args::CheckArgs) -> anyhow::Result<u8> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()?;
    }
    let base = config::BaseRules::from_dir(args.rules.as_deref())?;
    let mut configs = config::Resolver::new(base, args.config.as_deref(), args.isolated)?;
    let reading = inputs::Reading {
        kind: args.input_format.kind(),
        options: tactful_formats::Options {
            csv_column: args.csv_column.clone(),
        },
    };
    // JSON and human output can take a file's findings as they are found, so a
    // large file's are never all held.
    let stream = matches!(args.format, OutputFormat::Json | OutputFormat::Human)
        && !args.fix
        && !args.diff
        && args.write_baseline.is_none();
    let mut checked = inputs::check_all(&mut configs, &args.paths, &reading, stream)?;
    if let Some(path) = &args.write_baseline {
        let n = baseline::write(path, &checked)?;
        eprintln!("tactful: recorded {n} findings in {}", path.display());
        return Ok(if checked.failures.is_empty() {
            EXIT_CLEAN
        } else {
            EXIT_ERROR
        });
    }
    let known = args.baseline.as_deref().map(baseline::Known::load).transpose()?;
    let mut known_dropped = known.as_ref().map_or(0, |k| k.filter(&mut checked));
    let mut out = standard_output();
    let mut streamed = None;
    if args.diff {
        fix::diff(&mut out, &mut checked, &reading)?;
    } else {
        let fixed_stdin = match args.fix {
            true => fix::apply(&mut checked, &reading),
            false => None,
        };
        // Fixed standard input goes to standard output, so the report moves aside.
        let mut report: Box<dyn Write> = match fixed_stdin {
            Some(text) => {
                out.write_all(text.as_bytes())?;
                Box::new(std::io::stderr().lock())
            }
            None => Box::new(out.by_ref()),
        };
        let known = known.as_ref();
        match args.format {
            OutputFormat::Human => {
                streamed = human::write(&mut report, &checked, args.color.enabled(), known)?
            }
            OutputFormat::Json => streamed = json::write(&mut report, &checked, known)?,
            OutputFormat::Short => output::short::write(&mut report, &checked)?,
            OutputFormat::Sarif => output::sarif::write(&mut report, &checked)?,
            OutputFormat::Github => output::github::write(&mut report, &checked)?,
            OutputFormat::Checkstyle => output::checkstyle::write(&mut report, &checked)?,
            OutputFormat::Junit => output::junit::write(&mut report, &checked, args.fail_on.threshold())?,
            OutputFormat::Gitlab => output::gitlab::write(&mut report, &checked)?,
            OutputFormat::Rdjsonl => output::rdjsonl::write(&mut report, &checked)?,
        }
        report.flush()?;
    }
    out.flush()?;
    let summary = json::Summary::of(&checked, streamed.as_ref());
    if let Some(tally) = streamed {
        known_dropped += tally.baseline_dropped;
        checked.settle(tally);
    }
    checked.note_unused_config_suppressions();
    if let Some(path) = &args.baseline {
        checked.notes.push(format!(
            "{known_dropped} findings already in the baseline {} not shown",
            path.display()
        ));
    }
    for file in &checked.files {
        for line in unused_suppressions(file) {
            eprintln!("{line}");
        }
    }
    if args.verbose {
        for line in &checked.skipped {
            eprintln!("tactful: skipped {line}");
        }
    }
    for line in checked.notes.iter().chain(&checked.failures) {
        eprintln!("tactful: {line}");
    }
    let code = exit_code(&checked, &summary, args.fail_on);
    // The process ends here: freeing the expanded rule pack and every file
    // would only cost time (a tenth of a short run), so leave it to the OS.
    std::mem::forget(configs);
    std::mem::forget(checked);
    Ok(code)
}

/// Standard output, written a line at a time on a terminal, where a reader
/// watches findings come, and in blocks elsewhere: a pipe or a file gets the
/// same bytes with one write for many lines, not one for each line (a
/// pretty-printed JSON report has a dozen lines per finding).
fn standard_output() -> Box<dyn Write> {
    let stdout = std::io::stdout();
    match stdout.is_terminal() {
        true => Box::new(stdout.lock()),
        false => Box::new(std::io::BufWriter::with_capacity(64 * 1024, stdout.lock())),
    }
}

/// One line per suppression comment of `file` that covered nothing.
fn unused_suppressions(file: &inputs::CheckedFile) -> impl Iterator<Item = String> + '_ {
    let index = tactful::LineIndex::new(&file.text);
    file.unused_suppressions.iter().map(move |u| {
        let at = index.line_column(u.span.start);
        let rules = if u.rules.is_empty() {
            "all rules".to_string()
        } else {
            u.rules.join(", ")
        };
        format!(
            "{}:{}:{}: warning: unused suppression ({rules}): no finding here to suppress",
            file.path, at.line, at.column
        )
    })
}

fn exit_code(checked: &Checked, summary: &json::Summary, fail_on: FailOn) -> u8 {
    if !checked.failures.is_empty() {
        return EXIT_ERROR;
    }
    match fail_on.threshold() {
        Some(threshold) if summary.reaches(threshold) => EXIT_FINDINGS,
        _ => EXIT_CLEAN,
    }
}

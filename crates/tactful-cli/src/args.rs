//! Command-line arguments.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Lint what customer-facing people are about to send: find phrasing that loses
/// customers ("that's our policy", "calm down", "sorry if you feel…") and get an
/// empathetic rewrite.
#[derive(Debug, Parser)]
#[command(name = "tactful", version, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "\
Examples:
  tactful check examples/                     check every reply under a folder
  echo 'Please calm down.' | tactful check    check a draft from standard input
  tactful check --format json reply.md        machine-readable findings
  tactful rules                               list every rule
  tactful explain dismissive/calm-down        why a rule exists, with examples";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check replies in files, folders or standard input.
    Check(CheckArgs),
    /// List the rules: id, category, severity and message.
    Rules,
    /// Explain a rule: rationale, rewrites, and what it flags and leaves alone.
    Explain {
        /// A rule id, e.g. `dismissive/calm-down`.
        rule: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders to check (folders recursively, honouring .gitignore);
    /// `-` or nothing with piped input reads standard input.
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,

    /// Exit with 1 when a finding at or above this severity is reported.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,

    /// How to read the inputs; `auto` decides by file extension.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub input_format: InputFormat,

    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Annotated snippets for people.
    Human,
    /// The versioned JSON document described in the README.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Only errors fail.
    Error,
    /// Warnings and errors fail.
    Warning,
    /// Any finding fails.
    Info,
    /// Always exit 0 unless an input could not be read.
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Markdown for .md/.markdown/.mdx files, plain text otherwise.
    Auto,
    /// Plain text, as typed into a reply box.
    Plain,
    /// Markdown: code, link targets, HTML and quotes are not prose.
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    Always,
    Never,
}

impl Color {
    pub fn enabled(self) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}

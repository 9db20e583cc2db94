//! Command-line arguments.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use tactful::Severity;

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
  tactful check --write-baseline .tactful-baseline.json macros/
  tactful check --baseline .tactful-baseline.json macros/   only new findings
  tactful check --diff macros/                what the safe fixes would change
  tactful rules                               list every rule
  tactful explain dismissive/calm-down        why a rule exists, with examples
  tactful eval tests/corpus/*.jsonl           accuracy on labelled replies
  tactful lsp                                 a language server for editors";

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
    /// Measure accuracy on labelled replies (JSON lines with `text` and
    /// `categories`; an empty list marks a good reply).
    Eval(EvalArgs),
    /// Run a language server on standard input and output, for editors:
    /// findings as you type, and code actions that apply the safe fixes.
    Lsp,
}

#[derive(Debug, clap::Args)]
#[command(after_help = EVAL_HELP)]
pub struct EvalArgs {
    /// JSON-lines files of labelled replies.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// Fail (exit 1) when recall is below this.
    #[arg(long, value_name = "RATE")]
    pub min_recall: Option<f64>,

    /// Fail (exit 1) when category-correct recall is below this.
    #[arg(long, value_name = "RATE")]
    pub min_category_recall: Option<f64>,

    /// Fail (exit 1) when the false-positive rate is above this.
    #[arg(long, value_name = "RATE")]
    pub max_false_positive_rate: Option<f64>,

    /// Use the rule files of this folder (`*.toml`) instead of the built-in pack.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    /// How to read the replies without a `format` field.
    #[arg(long, value_enum, default_value_t = TextFormat::Auto)]
    pub input_format: TextFormat,

    /// List at most this many misses and false positives.
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub show: usize,
}

const EVAL_HELP: &str = "\
Each line is a JSON object: {\"id\": \"r1\", \"text\": \"…\", \"categories\": [\"policy-hiding\"]},
optionally with \"format\": \"plain\" | \"markdown\" | \"html\".

A bad reply (non-empty categories) counts for recall when any finding appears, and for
category-correct recall when a finding in one of its categories appears, at any severity.
A good reply (empty categories) is a false positive when a warning or an error appears.

Example:
  tactful eval tests/corpus/*.jsonl --min-recall 0.95 --min-category-recall 0.92 \\
      --max-false-positive-rate 0.02";

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

    /// Use the rule files of this folder (`*.toml`) instead of the built-in pack.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    /// How to read the inputs; `auto` decides by file extension and content.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub input_format: InputFormat,

    /// The CSV column holding the replies (default: the first of body, text,
    /// content, message, reply, response).
    #[arg(long, value_name = "NAME")]
    pub csv_column: Option<String>,

    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    /// Use this config file for every input instead of looking for
    /// `tactful.toml` / `.tactful.toml` from each file's folder upwards.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// Ignore every config file: the built-in rules, all of them.
    #[arg(long)]
    pub isolated: bool,

    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record today's findings in this baseline file, print nothing else, exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,

    /// Check files on this many threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Apply the safe fixes and write the files (standard input: print the
    /// fixed text, and the report on standard error); the report shows what
    /// is left.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,

    /// Print a unified diff of what `--fix` would change, instead of the
    /// report; write nothing.
    #[arg(long)]
    pub diff: bool,

    /// Also list on standard error what a folder walk skipped (binary files,
    /// symbolic links).
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Annotated snippets for people.
    Human,
    /// The versioned JSON document described in the README.
    Json,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Short,
    /// SARIF 2.1.0, for GitHub code scanning (columns in code points).
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// Checkstyle XML.
    Checkstyle,
    /// JUnit XML: a test case per file, failed at the `--fail-on` level.
    Junit,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// reviewdog's rdjsonl: a JSON object per line, columns in UTF-8 bytes.
    Rdjsonl,
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

impl FailOn {
    /// The lowest severity that fails, if any does.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// By extension (.md .markdown .mdx .mkd, .txt .text, .html .htm, .json,
    /// .jsonl .ndjson, .yaml .yml, .csv), else by a look at the content.
    Auto,
    /// Plain text, as typed into a reply box.
    Plain,
    /// Markdown: code, link targets and quotes are not prose.
    Markdown,
    /// HTML: tags, quoted history and code are not prose; entities are decoded.
    Html,
    /// A helpdesk export (Zendesk, Freshdesk, Help Scout, Intercom, Front,
    /// Gorgias, Zammad) or any JSON holding reply fields.
    Json,
    /// One JSON object a line, the reply in `text`.
    Jsonl,
    /// YAML templates: `body`, `text`, `content` or `message` keys.
    Yaml,
    /// CSV with a header; the reply column is chosen with `--csv-column`.
    Csv,
}

impl InputFormat {
    /// The reader to use, or `None` to decide per file.
    pub fn kind(self) -> Option<tactful_formats::Kind> {
        use tactful_formats::Kind;
        Some(match self {
            InputFormat::Auto => return None,
            InputFormat::Plain => Kind::Plain,
            InputFormat::Markdown => Kind::Markdown,
            InputFormat::Html => Kind::Html,
            InputFormat::Json => Kind::Json,
            InputFormat::Jsonl => Kind::JsonLines,
            InputFormat::Yaml => Kind::Yaml,
            InputFormat::Csv => Kind::Csv,
        })
    }
}

/// How to read a labelled reply's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    /// HTML when the text is built of tags, plain text if not.
    Auto,
    Plain,
    Markdown,
    Html,
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

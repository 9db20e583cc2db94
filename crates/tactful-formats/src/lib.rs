//! Reads the replies a file holds, wherever teams keep them: plain text, Markdown
//! and HTML files, helpdesk exports (Zendesk, Freshdesk, Help Scout, Intercom, Front,
//! Gorgias, Zammad, django-helpdesk), JSON Lines, YAML templates and CSV.
//!
//! Text in, replies out: no file I/O. Each [`Reply`] carries its decoded text and a
//! map back to exact byte offsets of the file, so a finding inside a JSON string
//! with escapes, a folded YAML block or a quoted CSV field points at the right line
//! and column, and [`Reply::encode`] writes a rewrite back in the file's own escaping.
//!
//! ```
//! use tactful_formats::{Kind, Options, detect, read};
//!
//! let file = r#"{"macros": [{"id": 7, "title": "Refund", "actions": [
//!     {"field": "comment_value", "value": "That\u2019s our \"policy\"."}]}]}"#;
//! let kind = detect("macros.json", file);
//! let replies = read(file, kind, &Options::default()).unwrap();
//! assert_eq!(replies[0].name.as_deref(), Some("Refund"));
//! assert_eq!(replies[0].text, "That’s our \"policy\".");
//! let word = replies[0].text.find("policy").unwrap();
//! let span = replies[0].file_span(word - 1..word + 7);
//! assert_eq!(&file[span], r#"\"policy\""#);
//! ```

mod json;
mod map;
mod records;
mod table;
mod tree;
mod yaml;

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;

use saphyr_parser::ScalarStyle;
pub use tactful::Format;

use crate::map::OffsetMap;
use crate::tree::Scalar;

/// What a file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Plain,
    Markdown,
    Html,
    /// A JSON document: a helpdesk export, a fixture, a single reply object.
    Json,
    /// One JSON object a line.
    JsonLines,
    Yaml,
    Csv,
}

impl Kind {
    /// Every kind, in the order of [`Kind::name`]s shown to users.
    pub const ALL: [Kind; 7] = [
        Kind::Plain,
        Kind::Markdown,
        Kind::Html,
        Kind::Json,
        Kind::JsonLines,
        Kind::Yaml,
        Kind::Csv,
    ];

    /// The name used on the command line (`--input-format`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Plain => "plain",
            Kind::Markdown => "markdown",
            Kind::Html => "html",
            Kind::Json => "json",
            Kind::JsonLines => "jsonl",
            Kind::Yaml => "yaml",
            Kind::Csv => "csv",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Kind {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|kind| kind.name() == name)
            .ok_or_else(|| {
                let names: Vec<_> = Kind::ALL.iter().map(|kind| kind.name()).collect();
                format!(
                    "unknown input format `{name}` (expected one of {})",
                    names.join(", ")
                )
            })
    }
}

/// The kind of a file: by its extension first, then, for any other name and for
/// standard input (`-`), by a look at the content: JSON and JSON Lines by their
/// opening brace or bracket, YAML by a `%YAML` directive, HTML as
/// [`Format::sniff`] sees it, Markdown by headings, fences, quotes or links, else
/// plain text. (YAML without an extension is not guessed: a `key: value` line is
/// just as likely the start of a plain e-mail.)
pub fn detect(path: &str, text: &str) -> Kind {
    let extension = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("md" | "markdown" | "mdx" | "mkd") => Kind::Markdown,
        // A reply saved from a rich-text editor is HTML whatever its name says.
        Some("txt" | "text") if Format::sniff(text) == Format::Html => Kind::Html,
        Some("txt" | "text") => Kind::Plain,
        Some("html" | "htm") => Kind::Html,
        Some("json") => Kind::Json,
        Some("jsonl" | "ndjson") => Kind::JsonLines,
        Some("yaml" | "yml") => Kind::Yaml,
        Some("csv") => Kind::Csv,
        _ => sniff(text),
    }
}

fn sniff(text: &str) -> Kind {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    // A reply may well start with a bracket ("[Name], thanks…"): only text that
    // parses is JSON.
    if body.starts_with(['[', '{']) && is_json_lines(body) {
        Kind::JsonLines
    } else if body.starts_with(['[', '{']) && serde_json::from_str::<serde::de::IgnoredAny>(body).is_ok() {
        Kind::Json
    } else if body.starts_with("%YAML") {
        Kind::Yaml
    } else {
        match text_format(body) {
            Format::Html => Kind::Html,
            Format::Markdown => Kind::Markdown,
            _ => Kind::Plain,
        }
    }
}

/// How a text with no stated format reads: HTML as [`Format::sniff`] sees it,
/// Markdown when a line starts with a heading, a code fence or a quote mark or holds
/// a link, else plain text.
fn text_format(text: &str) -> Format {
    let markdown_line = |line: &str| {
        ["# ", "## ", "### ", "```", "> "]
            .iter()
            .any(|mark| line.starts_with(mark))
            || line.contains("](")
    };
    match Format::sniff(text) {
        Format::Plain if text.lines().any(markdown_line) => Format::Markdown,
        format => format,
    }
}

/// Two or more lines, the first a complete JSON value on its own.
fn is_json_lines(body: &str) -> bool {
    let mut lines = body.lines().filter(|line| !line.trim().is_empty());
    let first_is_whole = lines
        .next()
        .is_some_and(|first| serde_json::from_str::<serde::de::IgnoredAny>(first).is_ok());
    first_is_whole && lines.next().is_some()
}

/// Choices for reading.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The CSV column that holds the replies; by default the first header among
    /// `body`, `text`, `content`, `message`, `reply`, `response`.
    pub csv_column: Option<String>,
}

/// One reply found in a file.
#[derive(Debug, Clone)]
pub struct Reply<'a> {
    /// What to show: the macro's title or name, else its id.
    pub name: Option<String>,
    /// The export's id, for suppression by id in configuration.
    pub id: Option<String>,
    /// The key or column the text was read from (`comment_value_html`, `subject`,
    /// `body`…); `None` for a whole file.
    pub field: Option<String>,
    /// How the engine should read `text`.
    pub format: Format,
    /// The decoded text; borrowed from the file where it is the file's own bytes.
    pub text: Cow<'a, str>,
    map: OffsetMap,
    encoding: Encoding,
}

/// How a reply's text is written in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// The file's bytes as they are.
    Verbatim,
    /// Inside a JSON string.
    Json,
    /// A YAML scalar of this style.
    Yaml(ScalarStyle),
    /// A CSV field, quoted or not.
    Csv { quoted: bool },
}

impl<'a> Reply<'a> {
    /// A whole plain, Markdown or HTML file: no copy, identity map.
    fn whole(text: &'a str, format: Format) -> Self {
        Self {
            name: None,
            id: None,
            field: None,
            format,
            text: Cow::Borrowed(text),
            map: OffsetMap::identity(0),
            encoding: Encoding::Verbatim,
        }
    }

    /// A reply read from a JSON or YAML string; with no format given, a look at the
    /// text decides (see [`text_format`]).
    pub(crate) fn decoded(
        file: &'a str,
        scalar: &Scalar<'a>,
        name: Option<String>,
        id: Option<String>,
        field: &str,
        format: Option<Format>,
    ) -> Result<Self, ReadError> {
        let decoded = scalar.decode(file)?;
        Ok(Self {
            name,
            id,
            field: Some(field.to_owned()),
            format: format.unwrap_or_else(|| text_format(&decoded.text)),
            text: decoded.text,
            map: decoded.map,
            encoding: decoded.encoding,
        })
    }

    /// A byte range of `text` as a byte range of the file; both on char boundaries.
    /// A range that starts or ends next to an escape sequence covers the whole sequence.
    pub fn file_span(&self, span: Range<usize>) -> Range<usize> {
        self.map.to_file(span.start)..self.map.to_file(span.end)
    }

    /// `replacement` written for insertion into the file in place of a span of this
    /// reply: JSON string escaping, CSV quote doubling, YAML double-quoted escapes or
    /// single-quote doubling; unchanged in plain, Markdown and HTML files. `None` when
    /// it cannot go in place without rewriting the whole value: a line break into a
    /// YAML plain, single-quoted or block scalar, `: ` or ` #` into a YAML plain
    /// scalar, a comma, quote or line break into an unquoted CSV field.
    pub fn encode<'r>(&self, replacement: &'r str) -> Option<Cow<'r, str>> {
        match self.encoding {
            Encoding::Verbatim => Some(Cow::Borrowed(replacement)),
            Encoding::Json => Some(json::encode(replacement)),
            Encoding::Yaml(style) => yaml::encode(style, replacement),
            Encoding::Csv { quoted } => table::encode(quoted, replacement),
        }
    }
}

/// Reads the replies in the text of one file. A JSON or YAML file with no reply
/// field in it gives no replies; so does a CSV file with no body column, unless
/// [`Options::csv_column`] names one it lacks.
pub fn read<'a>(text: &'a str, kind: Kind, options: &Options) -> Result<Vec<Reply<'a>>, ReadError> {
    match kind {
        Kind::Plain => Ok(vec![Reply::whole(text, Format::Plain)]),
        Kind::Markdown => Ok(vec![Reply::whole(text, Format::Markdown)]),
        Kind::Html => Ok(vec![Reply::whole(text, Format::Html)]),
        Kind::Json => records::replies(text, &json::parse(text)?),
        Kind::JsonLines => records::replies(text, &json::parse_lines(text)?),
        Kind::Yaml => records::replies(text, &yaml::parse(text)?),
        Kind::Csv => table::read(text, options),
    }
}

/// Malformed input; displays as `LINE:COLUMN: message`, both 1-based, the column
/// counted in characters (a byte-order mark is not one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct ReadError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong, without the position.
    pub message: String,
}

impl ReadError {
    /// An error at a byte offset of the file.
    pub(crate) fn at(file: &str, offset: usize, message: impl Into<String>) -> Self {
        let before = &file[..offset];
        let line_start = before.rfind('\n').map_or(0, |n| n + 1);
        Self {
            line: before.matches('\n').count() + 1,
            column: before[line_start..]
                .trim_start_matches('\u{feff}')
                .chars()
                .count()
                + 1,
            message: message.into(),
        }
    }
}

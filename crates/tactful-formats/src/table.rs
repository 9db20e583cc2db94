//! CSV: one reply per row, from a column chosen by name.
//!
//! The `csv` crate reads the rows and reports where each starts; the body field is
//! then found in the row's bytes to map it back: a quoted field's text is the bytes
//! between its quotes with each `""` read as one `"`.

use std::borrow::Cow;

use crate::map::{MapBuilder, OffsetMap};
use crate::{Encoding, Options, ReadError, Reply, text_format};

/// Headers taken as the body column when none is named, in order of preference.
const BODY_COLUMNS: &[&str] = &["body", "text", "content", "message", "reply", "response"];

pub(crate) fn read<'a>(file: &'a str, options: &Options) -> Result<Vec<Reply<'a>>, ReadError> {
    let mut reader = csv::Reader::from_reader(file.as_bytes());
    let headers = reader.headers().map_err(|e| error(&e))?.clone();
    let column = |names: &[&str]| {
        names
            .iter()
            .find_map(|name| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name)))
    };
    let body = match &options.csv_column {
        Some(name) => Some(headers.iter().position(|h| h.trim() == name).ok_or_else(|| {
            let known = headers
                .iter()
                .map(|h| format!("`{h}`"))
                .collect::<Vec<_>>()
                .join(", ");
            ReadError {
                line: 1,
                column: 1,
                message: format!("no column named `{name}` (the columns are {known})"),
            }
        })?),
        None => column(BODY_COLUMNS),
    };
    let Some(body) = body else { return Ok(Vec::new()) };
    let (name_column, id_column) = (column(&["title", "name"]), column(&["id"]));
    let mut replies = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| error(&e))?;
        // The csv crate puts a row after a CRLF at the CRLF's `\n`.
        let start = row.position().map_or(0, |p| p.byte() as usize);
        let start = start + file[start..].len() - file[start..].trim_start_matches(['\r', '\n']).len();
        let (text, map, quoted) = field(file, start, body)?;
        debug_assert_eq!(
            text, row[body],
            "the field found in the file is the one the csv crate read"
        );
        let id = id_column.map(|c| row[c].to_owned());
        replies.push(Reply {
            name: name_column.map(|c| row[c].to_owned()).or_else(|| id.clone()),
            id,
            field: Some(headers[body].to_owned()),
            format: text_format(&text),
            text,
            map,
            encoding: Encoding::Csv { quoted },
        });
    }
    Ok(replies)
}

/// Field `index` of the row starting at `start`: its text, map and whether it is
/// quoted. Text between a quoted field's closing quote and the comma (`"a"b`) is
/// an error: the csv crate would read it, but a rewrite could not be written
/// back in place.
fn field(file: &str, start: usize, index: usize) -> Result<(Cow<'_, str>, OffsetMap, bool), ReadError> {
    let mut at = start;
    for _ in 0..index {
        at = field_end(file, at) + 1;
    }
    let end = field_end(file, at);
    if !file[at..].starts_with('"') {
        return Ok((Cow::Borrowed(&file[at..end]), OffsetMap::identity(at), false));
    }
    let close = closing_quote(file, at);
    if close + 1 < end {
        return Err(ReadError::at(
            file,
            close + 1,
            "text after the closing quote of a field (a quote in a quoted field is written `\"\"`)",
        ));
    }
    let inner = &file[at + 1..close];
    if !inner.contains("\"\"") {
        return Ok((Cow::Borrowed(inner), OffsetMap::identity(at + 1), true));
    }
    let mut builder = MapBuilder::default();
    let mut pos = at + 1;
    for part in inner.split("\"\"") {
        if pos > at + 1 {
            builder.push("\"", pos - 2);
        }
        builder.push(part, pos);
        pos += part.len() + 2;
    }
    let (text, map) = builder.finish(close);
    Ok((Cow::Owned(text), map, true))
}

/// Where the field starting at `at` ends: at the comma or line break after it.
fn field_end(file: &str, at: usize) -> usize {
    let scan = if file[at..].starts_with('"') {
        (closing_quote(file, at) + 1).min(file.len())
    } else {
        at
    };
    file[scan..]
        .find([',', '\n', '\r'])
        .map_or(file.len(), |n| scan + n)
}

/// The quote closing the quoted field that opens at `at`, or the end of the
/// file: a doubled quote is text, a single one closes the field.
fn closing_quote(file: &str, at: usize) -> usize {
    let mut scan = at + 1;
    while let Some(quote) = file[scan..].find('"') {
        scan += quote;
        if !file[scan + 1..].starts_with('"') {
            return scan;
        }
        scan += 2;
    }
    file.len()
}

fn error(e: &csv::Error) -> ReadError {
    let line = e.position().map_or(1, |p| p.line() as usize);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("this row has {len} fields where the header has {expected_len}")
        }
        _ => e.to_string(),
    };
    ReadError {
        line,
        column: 1,
        message,
    }
}

/// `replacement` written into a CSV field: quotes doubled in a quoted field; `None`
/// for an unquoted field when it would need quoting.
pub(crate) fn encode(quoted: bool, replacement: &str) -> Option<Cow<'_, str>> {
    if quoted {
        Some(if replacement.contains('"') {
            Cow::Owned(replacement.replace('"', "\"\""))
        } else {
            Cow::Borrowed(replacement)
        })
    } else if replacement.contains([',', '"', '\n', '\r']) {
        None
    } else {
        Some(Cow::Borrowed(replacement))
    }
}

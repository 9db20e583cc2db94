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
        let (text, map, quoted) = field(file, start, body, row.len())?;
        // The rules above are the csv crate's for well-formed fields; a field
        // they do not cover must not be linted with offsets that miss it.
        if text != row[body] {
            return Err(ReadError::at(
                file,
                map.to_file(0),
                "cannot map this field back to the file",
            ));
        }
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

/// Field `index` of the row of `len` fields starting at `start`: its text, map and
/// whether it is quoted. Every field of the row is looked at, so that a quoted
/// field left open anywhere in it is an error rather than the rest of the file
/// read as one field.
fn field(
    file: &str,
    start: usize,
    index: usize,
    len: usize,
) -> Result<(Cow<'_, str>, OffsetMap, bool), ReadError> {
    let mut bounds = (start, start);
    let mut at = start;
    for i in 0..len {
        let end = field_end(file, at)?;
        if i == index {
            bounds = (at, end);
        }
        at = end + 1;
    }
    let (at, end) = bounds;
    if !file[at..].starts_with('"') {
        return Ok((Cow::Borrowed(&file[at..end]), OffsetMap::identity(at), false));
    }
    let inner_end = file[..end].rfind('"').filter(|&close| close > at).unwrap_or(end);
    let inner = &file[at + 1..inner_end];
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
    let (text, map) = builder.finish(inner_end);
    Ok((Cow::Owned(text), map, true))
}

/// Where the field starting at `at` ends: at the comma or line break after it.
/// A quoted field must be closed, and closed just before that end.
fn field_end(file: &str, at: usize) -> Result<usize, ReadError> {
    let mut scan = at;
    if file[at..].starts_with('"') {
        scan += 1;
        // A doubled quote is text; a single one closes the field.
        loop {
            let Some(quote) = file[scan..].find('"') else {
                return Err(ReadError::at(
                    file,
                    at,
                    "this quoted field is never closed: it would run to the end of the file",
                ));
            };
            scan += quote + 1;
            if !file[scan..].starts_with('"') {
                break;
            }
            scan += 1;
        }
        if !(scan == file.len() || file[scan..].starts_with([',', '\n', '\r'])) {
            return Err(ReadError::at(
                file,
                scan,
                "text after the closing quote of a quoted field (write a quote in it as `\"\"`)",
            ));
        }
    }
    Ok(file[scan..]
        .find([',', '\n', '\r'])
        .map_or(file.len(), |n| scan + n))
}

fn error(e: &csv::Error) -> ReadError {
    let line = e.position().map_or(1, |p| p.line() as usize);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            let fields = |n: u64| {
                if n == 1 {
                    "1 field".to_string()
                } else {
                    format!("{n} fields")
                }
            };
            format!(
                "this row has {} where the header has {}",
                fields(*len),
                fields(*expected_len)
            )
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

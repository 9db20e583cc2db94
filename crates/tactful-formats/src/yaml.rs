//! YAML: the document tree from saphyr's event parser, and the map from a scalar's
//! decoded value back to the file.
//!
//! The parser decodes scalars (indentation, folding, chomping, quotes, escapes) and
//! reports where each one starts. We do not decode again: we walk the value and the
//! source together. Every character of the value is either a copy of the next source
//! character, a space standing for a folded line break, a `'` written as `''`, or an
//! escape sequence in a double-quoted scalar; whatever the source holds in between is
//! indentation, trimmed white space or an escaped line break. So every character that
//! is not white space maps to exactly its own bytes.

use std::borrow::Cow;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Span, StrInput};

use crate::ReadError;
use crate::map::{MapBuilder, OffsetMap};
use crate::tree::{self, Node, Scalar};

/// Parses a YAML stream; several documents become a list of them.
pub(crate) fn parse(file: &str) -> Result<Node<'_>, ReadError> {
    // The parser would take a byte-order mark for part of the first key.
    let body = file.strip_prefix('\u{feff}').unwrap_or(file);
    let bom = file.len() - body.len();
    let mut lines = line_starts(file);
    lines[0] = bom;
    let mut reader = Reader {
        file,
        parser: Parser::new_from_str(body),
        lines,
        cursor: (0, bom),
    };
    let mut documents = Vec::new();
    loop {
        match reader.next()? {
            (Event::StreamEnd, _) => break,
            (Event::StreamStart | Event::DocumentStart(_) | Event::DocumentEnd, _) => {}
            (event, span) => documents.push(reader.node(event, span, 1)?),
        }
    }
    Ok(match documents.len() {
        1 => documents.remove(0),
        _ => Node::List(documents),
    })
}

struct Reader<'a> {
    file: &'a str,
    parser: Parser<'a, StrInput<'a>>,
    /// Byte offset of each line's start (the first after any byte-order mark): the
    /// parser's markers count characters.
    lines: Vec<usize>,
    /// The last marker index turned into a byte offset, and that offset: events
    /// come in file order, so walking on from here reads a file once, where
    /// counting from the line start would be quadratic on a long line.
    cursor: (usize, usize),
}

impl<'a> Reader<'a> {
    /// The next event. The parser sends `StreamEnd` before it runs dry, so running
    /// dry inside a collection would be its bug; it is reported, not looped on.
    fn next(&mut self) -> Result<(Event<'a>, Span), ReadError> {
        match self.parser.next_event() {
            Some(Ok(next)) => Ok(next),
            Some(Err(e)) => Err(scan_error(&e)),
            None => Err(ReadError::at(
                self.file,
                self.file.len(),
                "unexpected end of the YAML stream",
            )),
        }
    }

    /// The value that `event` starts, `depth` collections deep (the stream's
    /// values are at depth 1).
    fn node(&mut self, event: Event<'a>, span: Span, depth: usize) -> Result<Node<'a>, ReadError> {
        let opens = matches!(event, Event::SequenceStart(..) | Event::MappingStart(..));
        if opens && depth > tree::MAX_DEPTH {
            return Err(ReadError {
                line: span.start.line(),
                column: span.start.col() + 1,
                message: tree::too_deep(),
            });
        }
        Ok(match event {
            Event::Scalar(value, style, ..) => {
                let from = self.content_start(span.start, style, &value);
                Node::Text(Scalar::Yaml { value, style, from })
            }
            Event::SequenceStart(..) => {
                let mut items = Vec::new();
                loop {
                    match self.next()? {
                        (Event::SequenceEnd, _) => break Node::List(items),
                        (event, span) => items.push(self.node(event, span, depth + 1)?),
                    }
                }
            }
            Event::MappingStart(..) => {
                let mut entries = Vec::new();
                loop {
                    let key = match self.next()? {
                        (Event::MappingEnd, _) => break Node::Map(entries),
                        (event, span) => self.node(event, span, depth + 1)?,
                    };
                    let (event, span) = self.next()?;
                    let value = self.node(event, span, depth + 1)?;
                    entries.push((key.as_text().unwrap_or_default().into_owned(), value));
                }
            }
            // An alias's text lives at its anchor, where it is read.
            _ => Node::List(Vec::new()),
        })
    }

    /// Where the characters of a scalar's value begin in the file: after the opening
    /// quote, or for a block scalar at the first line after its header (the parser
    /// marks the first line with content, after any leading empty lines the value keeps).
    fn content_start(&mut self, start: Marker, style: ScalarStyle, value: &str) -> usize {
        match style {
            ScalarStyle::Plain => self.byte_of(start),
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => self.byte_of(start) + 1,
            ScalarStyle::Literal | ScalarStyle::Folded if value.is_empty() => self.byte_of(start),
            ScalarStyle::Literal | ScalarStyle::Folded => {
                let leading_empty = value.len() - value.trim_start_matches('\n').len();
                self.line_start(start.line().saturating_sub(leading_empty))
            }
        }
    }

    /// The file offset of a marker, walked on from the last one (or from its
    /// line's start, should a marker ever come before the last).
    fn byte_of(&mut self, marker: Marker) -> usize {
        let (mut index, mut at) = self.cursor;
        if marker.index() < index {
            // The line's first character's index is the marker's less its column.
            (index, at) = (marker.index() - marker.col(), self.line_start(marker.line()));
        }
        let skipped: usize = self.file[at..]
            .chars()
            .take(marker.index() - index)
            .map(char::len_utf8)
            .sum();
        self.cursor = (marker.index(), at + skipped);
        self.cursor.1
    }

    /// Where the 1-based `line` starts. The parser puts an empty scalar at the end
    /// of a file without a final line break (`body: !`) on the line after the last:
    /// that is the end of the file.
    fn line_start(&self, line: usize) -> usize {
        line.checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .copied()
            .unwrap_or(self.file.len())
    }
}

/// Where each line starts. A line ends at `\n`, `\r\n` or a lone `\r`, as the
/// parser counts lines.
fn line_starts(file: &str) -> Vec<usize> {
    let crlf = |at: usize| file.as_bytes().get(at..at + 2) == Some(b"\r\n");
    std::iter::once(0)
        .chain(
            file.match_indices(['\n', '\r'])
                .filter(|&(at, _)| !crlf(at))
                .map(|(at, _)| at + 1),
        )
        .collect()
}

fn scan_error(e: &ScanError) -> ReadError {
    ReadError {
        line: e.marker().line(),
        column: e.marker().col() + 1,
        message: match e.info() {
            // The scanner's own limit on flow collections, met before ours.
            "recursion limit exceeded" => tree::too_deep(),
            info => info.to_owned(),
        },
    }
}

/// Maps a scalar's value onto the source from `from` on (see the module docs). A
/// character with no source (a line break that block chomping keeps at the end of
/// the file) maps to an empty span where the walk stands.
pub(crate) fn align(file: &str, from: usize, style: ScalarStyle, value: &str) -> OffsetMap {
    let mut builder = MapBuilder::default();
    let mut pos = from;
    for c in value.chars() {
        let piece = c.encode_utf8(&mut [0; 4]).to_owned();
        match source_of(file, pos, style, c) {
            Some((at, len)) => {
                builder.push(&piece, at);
                pos = at + len;
            }
            None => builder.push(&piece, pos),
        }
    }
    builder.finish(pos).1
}

/// Where the source of the value character `c` is, at or after `pos`, and its length.
fn source_of(file: &str, mut pos: usize, style: ScalarStyle, c: char) -> Option<(usize, usize)> {
    let flow = matches!(
        style,
        ScalarStyle::Plain | ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
    );
    // In a flow scalar, white space that starts a line is never content (a value's
    // space there comes from a fold or an escape), so it must not be matched.
    let mut line_start = file[..pos].ends_with('\n');
    loop {
        let source = file[pos..].chars().next()?;
        if flow && line_start && matches!(source, ' ' | '\t') {
            pos += 1;
            continue;
        }
        if style == ScalarStyle::DoubleQuoted && source == '\\' {
            let (decoded, len) = escape(&file[pos..])?;
            match decoded {
                None => {
                    pos += len;
                    line_start = true;
                }
                Some(decoded) => return (decoded == c).then_some((pos, len)),
            }
            continue;
        }
        if source == c {
            let doubled = style == ScalarStyle::SingleQuoted && c == '\'';
            return Some((pos, if doubled { 2 } else { c.len_utf8() }));
        }
        if c == ' ' && source == '\n' {
            return Some((pos, 1));
        }
        if !matches!(source, ' ' | '\t' | '\r' | '\n') {
            return None;
        }
        line_start = source == '\n';
        pos += 1;
    }
}

/// A double-quoted scalar's escape sequence at the start of `s`: the character it
/// stands for (none for an escaped line break) and its length.
fn escape(s: &str) -> Option<(Option<char>, usize)> {
    let after = s[1..].chars().next()?;
    let hex = |digits: usize| {
        let code = u32::from_str_radix(s.get(2..2 + digits)?, 16).ok()?;
        Some((Some(char::from_u32(code)?), 2 + digits))
    };
    let simple = match after {
        'x' => return hex(2),
        'u' => return hex(4),
        'U' => return hex(8),
        '\n' => return Some((None, 2)),
        '\r' => return Some((None, if s[2..].starts_with('\n') { 3 } else { 2 })),
        '0' => '\0',
        'a' => '\u{7}',
        'b' => '\u{8}',
        't' | '\t' => '\t',
        'n' => '\n',
        'v' => '\u{b}',
        'f' => '\u{c}',
        'r' => '\r',
        'e' => '\u{1b}',
        'N' => '\u{85}',
        '_' => '\u{a0}',
        'L' => '\u{2028}',
        'P' => '\u{2029}',
        ' ' | '"' | '/' | '\\' => after,
        _ => return None,
    };
    Some((Some(simple), 1 + after.len_utf8()))
}

/// `replacement` written for a scalar of this style, or `None` where it cannot be
/// put in place without rewriting the scalar (a line break in a plain, single-quoted
/// or block scalar, whose meaning depends on indentation and folding; `: ` or ` #`
/// in a plain scalar).
pub(crate) fn encode(style: ScalarStyle, replacement: &str) -> Option<Cow<'_, str>> {
    if style == ScalarStyle::DoubleQuoted {
        // YAML's double-quoted escapes include all of JSON's.
        return Some(crate::json::encode(replacement));
    }
    if replacement.contains(['\n', '\r']) {
        return None;
    }
    match style {
        ScalarStyle::SingleQuoted if replacement.contains('\'') => {
            Some(Cow::Owned(replacement.replace('\'', "''")))
        }
        ScalarStyle::Plain if replacement.contains(": ") || replacement.contains(" #") => None,
        _ => Some(Cow::Borrowed(replacement)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalars(file: &str) -> Vec<(String, String)> {
        fn walk(node: &Node, file: &str, out: &mut Vec<(String, String)>) {
            match node {
                Node::Map(entries) => entries.iter().for_each(|(_, v)| walk(v, file, out)),
                Node::List(items) => items.iter().for_each(|v| walk(v, file, out)),
                Node::Text(scalar) => {
                    let decoded = scalar.decode(file).unwrap();
                    let span = decoded.map.to_file(0)..decoded.map.to_file(decoded.text.len());
                    out.push((decoded.text.into_owned(), file[span].to_owned()));
                }
                Node::Other(_) | Node::Json(_) => {}
            }
        }
        let mut out = Vec::new();
        walk(&parse(file).unwrap(), file, &mut out);
        out
    }

    #[test]
    fn each_style_maps_to_its_source() {
        let file =
            "a: |\n\n  hé\n  x\nb: >-\n  f1\n  f2\nc: 'it''s'\nd: \"q\\u00e9\\\n  z\"\ne: plain\n  more\n";
        assert_eq!(
            scalars(file),
            [
                ("\nhé\nx\n", "\n  hé\n  x\n"),
                ("f1 f2", "f1\n  f2"),
                ("it's", "it''s"),
                ("qéz", "q\\u00e9\\\n  z"),
                ("plain more", "plain\n  more"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
    }

    #[test]
    fn a_kept_final_line_break_past_the_end_maps_to_the_end() {
        let file = "- |\n  z";
        let Node::List(items) = parse(file).unwrap() else {
            panic!()
        };
        let Node::Text(scalar) = &items[0] else { panic!() };
        let decoded = scalar.decode(file).unwrap();
        assert_eq!(decoded.text, "z\n");
        assert_eq!(decoded.map.to_file(2), file.len());
    }

    #[test]
    fn errors_carry_line_and_column() {
        let e = parse("a: [1, 2\nb: 3").unwrap_err();
        assert_eq!((e.line, e.column), (2, 2), "{e}");
    }

    #[test]
    fn replacements_are_refused_where_they_would_change_the_structure() {
        assert_eq!(
            encode(ScalarStyle::SingleQuoted, "it's").as_deref(),
            Some("it''s")
        );
        assert_eq!(
            encode(ScalarStyle::DoubleQuoted, "a\"\n").as_deref(),
            Some("a\\\"\\n")
        );
        assert_eq!(encode(ScalarStyle::Plain, "why: this"), None);
        assert_eq!(encode(ScalarStyle::Literal, "two\nlines"), None);
        assert_eq!(
            encode(ScalarStyle::Folded, "one line").as_deref(),
            Some("one line")
        );
    }
}

//! JSON and JSON Lines: the document tree with the file offset of every string, and
//! JSON string decoding that keeps the map back to the escaped bytes.
//!
//! serde_json checks the syntax and reports errors with a line and column; its
//! borrowed `RawValue` is a slice of the file, which gives each value's offset. The
//! tree is opened one level at a time as the replies are looked for, so a large
//! export is never held as a whole tree.

use std::borrow::Cow;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use crate::ReadError;
use crate::map::{MapBuilder, OffsetMap};
use crate::tree::{Node, Scalar, too_deep};

/// Parses a whole JSON document.
pub(crate) fn parse(file: &str) -> Result<Node<'_>, ReadError> {
    let (body, start) = without_bom(file);
    Ok(Node::Json(raw(file, body, start)?))
}

/// The JSON value `text`, found at `start` in `file`, checked but left raw.
///
/// serde_json skips over a raw value without a depth limit, and the tree is
/// opened one level at a time, each re-reading what is under it: deep nesting
/// would be quadratic, then overflow the stack. A first pass through every
/// level stops at serde_json's recursion limit, with its place.
/// (That pass decodes strings too, more strictly than the raw read: its other
/// errors are left to the raw read and to [`decode`], which report them better.)
fn raw<'a>(file: &str, text: &'a str, start: usize) -> Result<&'a RawValue, ReadError> {
    if let Err(e) = serde_json::from_str::<Nesting>(text)
        && e.to_string().starts_with(RECURSION_LIMIT)
    {
        return Err(error(file, start, &e));
    }
    serde_json::from_str(text).map_err(|e| error(file, start, &e))
}

/// How serde_json words the error of a value nested too deep.
const RECURSION_LIMIT: &str = "recursion limit exceeded";

/// Any JSON value, read through every level and kept as nothing (serde's
/// `IgnoredAny` skips nested values in one go, unchecked).
struct Nesting;

impl<'de> Deserialize<'de> for Nesting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Nesting)
    }
}

impl<'de> Visitor<'de> for Nesting {
    type Value = Nesting;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Nesting, E> {
        Ok(Nesting)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Nesting, E> {
        Ok(Nesting)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Nesting, E> {
        Ok(Nesting)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Nesting, E> {
        Ok(Nesting)
    }
    fn visit_str<E>(self, _: &str) -> Result<Nesting, E> {
        Ok(Nesting)
    }
    fn visit_unit<E>(self) -> Result<Nesting, E> {
        Ok(Nesting)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Nesting, A::Error> {
        while seq.next_element::<Nesting>()?.is_some() {}
        Ok(Nesting)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Nesting, A::Error> {
        while map.next_entry::<IgnoredAny, Nesting>()?.is_some() {}
        Ok(Nesting)
    }
}

/// Parses JSON Lines: one value a line, blank lines allowed.
pub(crate) fn parse_lines(file: &str) -> Result<Node<'_>, ReadError> {
    let mut values = Vec::new();
    let (body, mut start) = without_bom(file);
    for line in body.split_inclusive('\n') {
        if !line.trim().is_empty() {
            values.push(Node::Json(raw(file, line, start)?));
        }
        start += line.len();
    }
    Ok(Node::List(values))
}

/// The text after a byte-order mark, which serde_json does not accept, and its offset.
fn without_bom(file: &str) -> (&str, usize) {
    let body = file.strip_prefix('\u{feff}').unwrap_or(file);
    (body, file.len() - body.len())
}

/// One value with its own members parsed, theirs left raw (see [`Node::Json`]). The
/// document was checked as a whole already, so this cannot fail on syntax.
pub(crate) fn open<'a>(file: &'a str, raw: &'a RawValue) -> Result<Node<'a>, ReadError> {
    let token = raw.get();
    let at = offset_in(file, token);
    let reparse = |e: serde_json::Error| error(file, at, &e);
    Ok(match token.as_bytes()[0] {
        b'{' => {
            let Entries(entries) = serde_json::from_str(token).map_err(reparse)?;
            Node::Map(
                entries
                    .into_iter()
                    .map(|(key, value)| (key, Node::Json(value)))
                    .collect(),
            )
        }
        b'[' => {
            let items: Vec<&RawValue> = serde_json::from_str(token).map_err(reparse)?;
            Node::List(items.into_iter().map(Node::Json).collect())
        }
        b'"' => Node::Text(Scalar::Json {
            inner: &token[1..token.len() - 1],
            at: at + 1,
        }),
        _ => Node::Other(token.to_owned()),
    })
}

/// The byte offset of a slice of `file` within it.
fn offset_in(file: &str, part: &str) -> usize {
    part.as_ptr() as usize - file.as_ptr() as usize
}

/// An object's members in file order, values left unparsed.
struct Entries<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Entries<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor)
    }
}

/// Turns a serde_json error in the text starting at `base` into one with the file's
/// line and column (serde_json counts the column in bytes; ours counts characters).
fn error(file: &str, base: usize, e: &serde_json::Error) -> ReadError {
    let part = &file[base..];
    let line_start: usize = part
        .split_inclusive('\n')
        .take(e.line().saturating_sub(1))
        .map(str::len)
        .sum();
    let line_end = part[line_start..]
        .find('\n')
        .map_or(part.len(), |n| line_start + n);
    let mut at = (line_start + e.column().saturating_sub(1)).min(line_end);
    while !part.is_char_boundary(at) {
        at -= 1;
    }
    let message = e.to_string();
    let message = match message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(head, _)| head)
    {
        RECURSION_LIMIT => too_deep(),
        other => other.to_owned(),
    };
    ReadError::at(file, base + at, message)
}

/// Decodes the inside of a JSON string found at file offset `at`, keeping the map.
/// Text without escapes is borrowed as it is.
pub(crate) fn decode(inner: &str, at: usize) -> Result<(Cow<'_, str>, OffsetMap), usize> {
    if !inner.contains('\\') {
        return Ok((Cow::Borrowed(inner), OffsetMap::identity(at)));
    }
    let mut builder = MapBuilder::default();
    let mut rest = inner;
    let mut pos = at;
    while let Some(backslash) = rest.find('\\') {
        builder.push(&rest[..backslash], pos);
        pos += backslash;
        let (decoded, len) = escape(&rest[backslash..]).ok_or(pos)?;
        builder.push(decoded.encode_utf8(&mut [0; 4]), pos);
        pos += len;
        rest = &rest[backslash + len..];
    }
    builder.push(rest, pos);
    let (text, map) = builder.finish(pos + rest.len());
    Ok((Cow::Owned(text), map))
}

/// The character an escape sequence at the start of `s` stands for, and its length.
/// `\uD83D\uDE00` (a surrogate pair) is one character of twelve bytes; a lone
/// surrogate is an error, as serde_json treats it when it decodes strings.
pub(crate) fn escape(s: &str) -> Option<(char, usize)> {
    let simple = match s.as_bytes().get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => return unicode_escape(s),
        _ => return None,
    };
    Some((simple, 2))
}

fn unicode_escape(s: &str) -> Option<(char, usize)> {
    let unit = |at: usize| u32::from_str_radix(s.get(at..at + 4)?, 16).ok();
    let first = unit(2)?;
    if (0xD800..0xDC00).contains(&first) {
        let second = s.get(6..8).filter(|&u| u == "\\u").and_then(|_| unit(8))?;
        let code =
            0x10000 + ((first - 0xD800) << 10) + second.checked_sub(0xDC00).filter(|&low| low < 0x400)?;
        return Some((char::from_u32(code)?, 12));
    }
    Some((char::from_u32(first)?, 6))
}

/// `text` escaped for the inside of a JSON string (borrowed when nothing needs it).
pub(crate) fn encode(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c == '"' || c == '\\' || c < ' ') {
        return Cow::Borrowed(text);
    }
    let quoted = serde_json::to_string(text).expect("a string always serialises");
    Cow::Owned(quoted[1..quoted.len() - 1].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_decode_and_map_to_their_sequences() {
        let file = r#""a\n\"é\u00e9\ud83d\ude00\\z""#;
        let (text, map) = decode(&file[1..file.len() - 1], 1).unwrap();
        assert_eq!(text, "a\n\"éé😀\\z");
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(
            &file[map.to_file(at("😀"))..map.to_file(at("😀") + 4)],
            r"\ud83d\ude00"
        );
        assert_eq!(&file[map.to_file(at("\""))..map.to_file(at("\"") + 1)], r#"\""#);
        assert_eq!(map.to_file(text.len()), file.len() - 1);
    }

    #[test]
    fn a_lone_surrogate_is_refused_at_its_offset() {
        assert_eq!(decode(r"ab\ud83dx", 5).unwrap_err(), 7);
    }

    #[test]
    fn errors_point_at_the_line_and_character_column() {
        let file = "{\n  \"é\": 1,\n  \"b\" 2\n}";
        let e = parse(file).unwrap_err();
        assert_eq!((e.line, e.column), (3, 7), "{e}");
        assert_eq!(e.to_string(), "3:7: expected `:`");
    }
}

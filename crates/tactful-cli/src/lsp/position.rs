//! Positions as the protocol counts them: a 0-based line and a character
//! offset in the code units of the negotiated encoding (UTF-16 unless the
//! client offers another), against the byte offsets tactful works in.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as the protocol says; a position
//! past the end of its line means the end of that line.

use std::cell::Cell;
use std::ops::Range;

use lsp_types::{Position, PositionEncodingKind};

/// The unit a position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// The first encoding of the client's list that tactful speaks; UTF-16,
    /// the protocol's default, when the client names none of them.
    pub fn negotiate(offered: &[PositionEncodingKind]) -> Self {
        offered
            .iter()
            .find_map(|kind| match kind.as_str() {
                "utf-8" => Some(Encoding::Utf8),
                "utf-16" => Some(Encoding::Utf16),
                "utf-32" => Some(Encoding::Utf32),
                _ => None,
            })
            .unwrap_or(Encoding::Utf16)
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// A text's line starts, to turn byte offsets into positions and back.
pub struct Lines<'a> {
    text: &'a str,
    /// Byte offset where each line starts; the first is 0.
    starts: Vec<usize>,
    encoding: Encoding,
    /// The last position answered: its byte offset, line and character. The
    /// next one on the same line is counted from it, so that the findings of
    /// one enormous line (a minified export), asked for in order, cost the
    /// distance between them rather than each its whole column.
    last: Cell<(usize, usize, usize)>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str, encoding: Encoding) -> Self {
        let bytes = text.as_bytes();
        let breaks = bytes.iter().enumerate().filter(|&(i, &b)| {
            // `\r\n` is one line ending: it ends at the `\n`.
            b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        });
        let starts = std::iter::once(0).chain(breaks.map(|(i, _)| i + 1)).collect();
        Self {
            text,
            starts,
            encoding,
            last: Cell::new((0, 0, 0)),
        }
    }

    /// The position of byte `offset` (clamped to the text; on a char boundary).
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let (last, last_line, last_character) = self.last.get();
        let units =
            |bytes: Range<usize>| -> usize { self.text[bytes].chars().map(|c| self.encoding.units(c)).sum() };
        let character = match line == last_line {
            true if offset >= last => last_character + units(last..offset),
            true if last - offset < offset - start => last_character - units(offset..last),
            _ => units(start..offset),
        };
        self.last.set((offset, line, character));
        Position::new(to_u32(line), to_u32(character))
    }

    pub fn range(&self, span: Range<usize>) -> lsp_types::Range {
        lsp_types::Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of `position`: a line past the last means the end of
    /// the text, a character past the line's end (or inside a character) the
    /// end of the line (or of that character).
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(self.text.len(), |&next| next);
        let line = self.text[start..end].trim_end_matches(['\n', '\r']);
        let mut counted = 0;
        for (i, c) in line.char_indices() {
            if counted >= position.character as usize {
                return start + i;
            }
            counted += self.encoding.units(c);
        }
        start + line.len()
    }

    /// The bytes of `range`; a range given end first is read the right way round.
    pub fn span(&self, range: lsp_types::Range) -> Range<usize> {
        let (start, end) = (self.offset(range.start), self.offset(range.end));
        start.min(end)..start.max(end)
    }
}

/// Positions are `u32` in the protocol; no text an editor holds comes near.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "a😀é b\r\nxyz\rlast";

    #[test]
    fn columns_count_the_units_of_each_encoding() {
        let b = TEXT.find(" b").unwrap() + 1;
        for (encoding, character) in [(Encoding::Utf8, 8), (Encoding::Utf16, 5), (Encoding::Utf32, 4)] {
            let lines = Lines::new(TEXT, encoding);
            assert_eq!(lines.position(b), Position::new(0, character), "{encoding:?}");
            assert_eq!(lines.offset(Position::new(0, character)), b, "{encoding:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn positions_asked_in_any_order_are_those_of_a_fresh_count(
            text in "[ab😀é \r\n]{0,40}",
            picks in proptest::collection::vec(0usize..64, 0..20),
        ) {
            let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                let lines = Lines::new(&text, encoding);
                for &pick in &picks {
                    let offset = boundaries[pick % boundaries.len()];
                    let fresh = Lines::new(&text, encoding).position(offset);
                    proptest::prop_assert_eq!(lines.position(offset), fresh, "{:?} {}", encoding, offset);
                }
            }
        }
    }

    #[test]
    fn crlf_and_a_lone_cr_each_end_one_line() {
        let lines = Lines::new(TEXT, Encoding::Utf16);
        assert_eq!(lines.position(TEXT.find('x').unwrap()), Position::new(1, 0));
        assert_eq!(lines.position(TEXT.find("last").unwrap()), Position::new(2, 0));
        assert_eq!(lines.position(TEXT.len()), Position::new(2, 4));
    }

    #[test]
    fn positions_outside_the_text_are_clamped() {
        let lines = Lines::new(TEXT, Encoding::Utf16);
        // Past the end of the first line: before its `\r\n`.
        assert_eq!(lines.offset(Position::new(0, 99)), TEXT.find('\r').unwrap());
        // Inside the surrogate pair of the emoji: after it.
        assert_eq!(lines.offset(Position::new(0, 2)), 1 + '😀'.len_utf8());
        assert_eq!(lines.offset(Position::new(9, 0)), TEXT.len());
    }

    #[test]
    fn every_boundary_survives_the_round_trip() {
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let lines = Lines::new(TEXT, encoding);
            for offset in (0..=TEXT.len()).filter(|&i| TEXT.is_char_boundary(i)) {
                // A line ending's bytes all sit at the end of their line.
                let expected = match TEXT[..offset].ends_with('\r') && TEXT[offset..].starts_with('\n') {
                    true => offset - 1,
                    false => offset,
                };
                assert_eq!(
                    lines.offset(lines.position(offset)),
                    expected,
                    "{encoding:?} {offset}"
                );
            }
        }
    }

    #[test]
    fn the_first_encoding_offered_that_tactful_speaks_wins() {
        let kinds = |names: &[&str]| -> Vec<PositionEncodingKind> {
            names
                .iter()
                .map(|n| PositionEncodingKind::from(n.to_string()))
                .collect()
        };
        assert_eq!(Encoding::negotiate(&[]), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(&kinds(&["utf-8", "utf-16"])), Encoding::Utf8);
        assert_eq!(
            Encoding::negotiate(&kinds(&["latin-1", "utf-32"])),
            Encoding::Utf32
        );
        assert_eq!(Encoding::negotiate(&kinds(&["latin-1"])), Encoding::Utf16);
    }
}

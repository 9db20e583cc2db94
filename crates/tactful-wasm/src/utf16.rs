//! Byte offsets of a Rust string to UTF-16 code units of the same JavaScript
//! string, and back.
//!
//! JavaScript indexes strings in UTF-16 code units: a character outside the
//! Basic Multilingual Plane (most emoji) is two units, and a combining mark is
//! a character of its own. The engine reports byte offsets of UTF-8, so every
//! span crosses this conversion on its way in or out of JavaScript.

use std::ops::Range;

/// One place in the text, counted both ways.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Place {
    byte: usize,
    unit: usize,
}

/// Converts spans of one text between bytes and UTF-16 code units.
///
/// It remembers where the last span started, so spans asked in order of
/// position (as the engine reports them) cost the distance between them, not
/// a walk from the start of the text each.
#[derive(Debug)]
pub struct Utf16Cursor<'a> {
    text: &'a str,
    at: Place,
}

impl<'a> Utf16Cursor<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            at: Place::default(),
        }
    }

    /// The UTF-16 range of the byte range `bytes`, or `None` when it is not
    /// on character boundaries of the text.
    pub fn units(&mut self, bytes: Range<usize>) -> Option<Range<usize>> {
        let start = self.seek(bytes.start, |p| p.byte)?;
        let end = self.walk(start, bytes.end, |p| p.byte)?;
        Some(start.unit..end.unit)
    }

    /// The byte range of the UTF-16 range `units`, or `None` when it is past
    /// the end or splits a surrogate pair.
    pub fn bytes(&mut self, units: Range<usize>) -> Option<Range<usize>> {
        let start = self.seek(units.start, |p| p.unit)?;
        let end = self.walk(start, units.end, |p| p.unit)?;
        Some(start.byte..end.byte)
    }

    /// Moves the cursor to where `count` of a place reaches `target`, from
    /// the last place when that is not past it, else from the start.
    fn seek(&mut self, target: usize, count: fn(Place) -> usize) -> Option<Place> {
        let from = if count(self.at) <= target {
            self.at
        } else {
            Place::default()
        };
        let place = self.walk(from, target, count)?;
        self.at = place;
        Some(place)
    }

    /// Walks characters from `from` until `count` reaches `target`; `None`
    /// when it steps over it (inside a character) or the text ends first.
    fn walk(&self, from: Place, target: usize, count: fn(Place) -> usize) -> Option<Place> {
        let mut place = from;
        let mut chars = self.text.get(from.byte..)?.chars();
        while count(place) < target {
            let c = chars.next()?;
            place.byte += c.len_utf8();
            place.unit += c.len_utf16();
        }
        (count(place) == target).then_some(place)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every span on character boundaries, converted to units, must select the
    /// same characters in the UTF-16 encoding, and convert back to itself.
    fn round_trips(text: &str) {
        let utf16: Vec<u16> = text.encode_utf16().collect();
        let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        let mut forward = Utf16Cursor::new(text);
        let mut back = Utf16Cursor::new(text);
        for &start in &bounds {
            for &end in bounds.iter().filter(|&&e| e >= start) {
                let units = forward.units(start..end).unwrap();
                assert_eq!(
                    String::from_utf16(&utf16[units.clone()]).unwrap(),
                    &text[start..end]
                );
                assert_eq!(back.bytes(units), Some(start..end), "{start}..{end} of {text:?}");
            }
        }
    }

    #[test]
    fn astral_characters_are_two_units() {
        let text = "a😀b";
        let mut cursor = Utf16Cursor::new(text);
        assert_eq!(cursor.units(5..6), Some(3..4));
        assert_eq!(cursor.bytes(3..4), Some(5..6));
        round_trips(text);
    }

    #[test]
    fn emoji_sequences_combining_marks_and_other_scripts_round_trip() {
        round_trips("Hi 👋🏽 Zoë, e\u{301}t 日本 🇵🇱 𝒯!");
        round_trips("");
    }

    #[test]
    fn spans_asked_out_of_order_give_the_same_answers() {
        let text = "😀 one 😀 two 😀 three";
        let mut cursor = Utf16Cursor::new(text);
        assert_eq!(cursor.units(23..28), Some(17..22), "three");
        assert_eq!(cursor.units(5..8), Some(3..6), "one");
        assert_eq!(cursor.bytes(17..22), Some(23..28), "three");
        assert_eq!(cursor.bytes(3..6), Some(5..8), "one");
    }

    #[test]
    fn a_split_character_or_a_span_past_the_end_is_refused() {
        let text = "a😀b";
        let mut cursor = Utf16Cursor::new(text);
        assert_eq!(cursor.bytes(2..4), None, "splits the surrogate pair");
        assert_eq!(cursor.bytes(0..5), None, "past the end");
        assert_eq!(cursor.units(2..5), None, "inside the emoji's bytes");
        assert_eq!(cursor.units(0..7), None, "past the end");
        assert_eq!(
            cursor.bytes(0..4),
            Some(0..6),
            "a refusal leaves the cursor usable"
        );
    }
}

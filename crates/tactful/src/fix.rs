//! Fixes: the safe replacements a diagnostic may carry, and applying them.
//!
//! A rule marks some of its phrases as safely replaceable (`fix` in the rule
//! file). The engine offers the replacement only where writing it cannot break
//! anything around it: the matched span lies inside one piece of prose (no
//! placeholder, code, URL, quote or markup in it) and on one line, so line
//! endings survive. The replacement takes a capital when the matched text has
//! one (an acronym, only at the start of a sentence).

use std::ops::Range;

use crate::source::Piece;

/// The replacement for `span` of `text`, if one may be written there.
pub(crate) fn offer(text: &str, span: Range<usize>, pieces: &[Piece], replacement: &str) -> Option<String> {
    let matched = &text[span.clone()];
    if matched.contains(['\n', '\r']) || !inside_one_piece(pieces, &span) {
        return None;
    }
    Some(match_case(
        replacement,
        matched,
        starts_sentence(&text[..span.start]),
    ))
}

/// Whether `span` lies inside one piece of prose: the masking stage turns
/// placeholders, URLs, code and quotes into gaps or breaks between pieces, so
/// a span inside one piece touches none of them.
fn inside_one_piece(pieces: &[Piece], span: &Range<usize>) -> bool {
    pieces.iter().any(|piece| match piece {
        Piece::Prose(r) | Piece::Markup(r) => r.start <= span.start && span.end <= r.end,
        Piece::Gap(_) | Piece::Break(_) | Piece::Strong(_) => false,
    })
}

/// Whether the text before a span ends a sentence (or is empty).
fn starts_sentence(before: &str) -> bool {
    let before = before.trim_end_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    before.is_empty() || before.ends_with(['.', '!', '?'])
}

/// `replacement` as written (rule files write it as it reads mid-sentence),
/// with a capital first letter when the matched text starts with one. An
/// acronym (`FYI`, `EOD`) is in capitals wherever it stands, so after one the
/// replacement takes a capital only when it starts a sentence.
fn match_case(replacement: &str, matched: &str, sentence_start: bool) -> String {
    let first_word: Vec<char> = matched.chars().take_while(|c| c.is_alphabetic()).collect();
    let acronym = first_word.len() > 1 && first_word.iter().all(|c| c.is_uppercase());
    let capital = if acronym {
        sentence_start
    } else {
        first_word.first().is_some_and(|c| c.is_uppercase())
    };
    if !capital {
        return replacement.to_string();
    }
    let mut chars = replacement.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The result of [`apply_fixes`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fixed {
    /// The text with the replacements written in.
    pub text: String,
    /// How many replacements were written.
    pub applied: usize,
}

/// Writes replacements into `text`: each `(span, replacement)` replaces the
/// bytes of `span`. They are applied in order of position; a replacement that
/// overlaps one already kept is skipped (the first wins, in position order and
/// then in the order given), as is one whose span is not on character
/// boundaries of `text`. Everything outside the kept spans is copied as it is.
///
/// With diagnostics, pass the ones to fix through [`Diagnostic::replacement`]:
///
/// ```
/// use tactful::{Diagnostic, Format, Linter, apply_fixes};
///
/// let text = "No problem, I'll send it by EOD.";
/// let found = Linter::default_pack().check(text, Format::Plain);
/// let fixed = apply_fixes(text, found.iter().filter_map(Diagnostic::replacement));
/// assert_eq!(fixed.text, "Happy to help, I'll send it by end of day.");
/// assert_eq!(fixed.applied, 2);
/// ```
///
/// [`Diagnostic::replacement`]: crate::Diagnostic::replacement
pub fn apply_fixes<'a>(text: &str, replacements: impl IntoIterator<Item = (Range<usize>, &'a str)>) -> Fixed {
    let mut replacements: Vec<_> = replacements
        .into_iter()
        .filter(|(span, _)| text.get(span.clone()).is_some())
        .collect();
    replacements.sort_by_key(|(span, _)| span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut applied = 0;
    for (span, replacement) in replacements {
        if span.start < at {
            continue;
        }
        out.push_str(&text[at..span.start]);
        out.push_str(replacement);
        at = span.end;
        applied += 1;
    }
    out.push_str(&text[at..]);
    Fixed { text: out, applied }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacements_apply_in_position_order_and_the_first_overlap_wins() {
        let text = "one two three";
        let fixed = apply_fixes(text, [(8..13, "3"), (0..3, "1"), (2..7, "x"), (4..7, "2")]);
        assert_eq!(fixed.text, "1 2 3");
        assert_eq!(fixed.applied, 3);
    }

    #[test]
    fn spans_off_char_boundaries_or_out_of_range_are_skipped() {
        let text = "é and more";
        let fixed = apply_fixes(text, [(1..2, "x"), (3..99, "y"), (3..6, "&")]);
        assert_eq!(fixed.text, "é & more");
        assert_eq!(fixed.applied, 1);
    }

    #[test]
    fn case_follows_the_matched_text() {
        assert_eq!(match_case("happy to help", "No problem", false), "Happy to help");
        assert_eq!(match_case("happy to help", "no problem", false), "happy to help");
        assert_eq!(
            match_case("the end of the day", "EOD", false),
            "the end of the day"
        );
        assert_eq!(
            match_case("for your information", "FYI", true),
            "For your information"
        );
        assert_eq!(
            match_case("for your information", "FYI", false),
            "for your information"
        );
        assert_eq!(match_case("I'm sorry", "i apologise", false), "I'm sorry");
    }

    #[test]
    fn sentence_starts() {
        assert!(starts_sentence(""));
        assert!(starts_sentence("\u{feff}"));
        assert!(starts_sentence("Done. "));
        assert!(!starts_sentence("Sent it "));
    }

    #[test]
    fn offers_only_inside_one_piece_of_prose_on_one_line() {
        let text = "ab cd\nef";
        let pieces = [Piece::Prose(0..2), Piece::Gap(2..3), Piece::Prose(3..8)];
        assert_eq!(offer(text, 3..5, &pieces, "x").as_deref(), Some("x"));
        assert_eq!(offer(text, 0..5, &pieces, "x"), None);
        assert_eq!(offer(text, 3..8, &pieces, "x"), None);
    }
}

#[cfg(test)]
mod engine_tests {
    use crate::{Format, Linter};

    /// `(matched, fix)` of the diagnostics of `rule` in `text`.
    fn fixes(text: &str, format: Format, rule: &str) -> Vec<(String, Option<String>)> {
        Linter::default_pack()
            .check(text, format)
            .into_iter()
            .filter(|d| *d.rule == *rule)
            .map(|d| (d.matched, d.fix))
            .collect()
    }

    #[test]
    fn masked_text_and_markup_inside_a_match_refuse_the_fix() {
        let rule = "minimizing/simply";
        assert_eq!(
            fixes("Simply click the link.", Format::Plain, rule),
            [("Simply click".to_string(), Some("Click".to_string()))]
        );
        for (text, format) in [
            ("Simply {{verb}} click the link.", Format::Plain),
            ("Simply *click* the link.", Format::Markdown),
            ("Simply <b>click</b> the link.", Format::Html),
            ("Simply\nclick the link.", Format::Plain),
        ] {
            // The phrase still matches across the gap, tag or line break…
            let found = fixes(text, format, rule);
            assert!(!found.is_empty(), "{text:?} is no longer flagged");
            // …but writing over it would destroy what is inside.
            assert!(found.iter().all(|(_, fix)| fix.is_none()), "{text:?}: {found:?}");
        }
    }
}

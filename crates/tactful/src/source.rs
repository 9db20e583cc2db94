//! Source: turn a document into pieces of prose with exact byte ranges.
//!
//! Plain text is one piece. Markdown is parsed with pulldown-cmark; only text is
//! prose, while fenced and inline code, link targets, HTML and `>` blockquotes
//! are left out. Block ends become boundaries so that a heading never runs into
//! the paragraph after it.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::mask;

/// The markup a text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Format {
    /// Plain text, as typed into a reply box or an e-mail.
    #[default]
    Plain,
    /// Markdown (CommonMark).
    Markdown,
}

/// One piece of a document, in original byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Prose the agent wrote: matched.
    Prose(Range<usize>),
    /// Not prose, inside a sentence (a placeholder, inline code, a URL): read
    /// as a word break, never matched.
    Gap(Range<usize>),
    /// A boundary between blocks (paragraphs, list items, a removed quote).
    Break(usize),
}

/// Splits `text` into pieces according to its format.
pub(crate) fn pieces(text: &str, format: Format) -> Vec<Piece> {
    match format {
        Format::Plain => vec![Piece::Prose(0..text.len())],
        Format::Markdown => markdown(text),
    }
}

fn markdown(text: &str) -> Vec<Piece> {
    // Placeholders such as `{{ticket.requester.first_name}}` contain characters
    // Markdown would read as emphasis; the parser sees a neutral word instead.
    let shielded = mask::shield_placeholders(text);
    let mut out = Vec::new();
    let mut hidden_depth = 0usize;
    for (event, range) in Parser::new_ext(&shielded, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::BlockQuote(_) | Tag::CodeBlock(_) | Tag::HtmlBlock) => {
                hidden_depth += 1;
                out.push(Piece::Break(range.start));
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::CodeBlock | TagEnd::HtmlBlock) => {
                hidden_depth = hidden_depth.saturating_sub(1);
                out.push(Piece::Break(range.end));
            }
            _ if hidden_depth > 0 => {}
            Event::Text(_) | Event::SoftBreak => out.push(Piece::Prose(range)),
            Event::Code(_) | Event::InlineMath(_) => out.push(Piece::Gap(range)),
            Event::HardBreak => out.push(Piece::Break(range.start)),
            Event::InlineHtml(html) if is_break_tag(&html) => out.push(Piece::Break(range.start)),
            Event::Start(tag) if is_block(&tag) => out.push(Piece::Break(range.start)),
            Event::End(tag) if is_block_end(tag) => out.push(Piece::Break(range.end)),
            _ => {}
        }
    }
    out
}

fn is_break_tag(html: &str) -> bool {
    let tag = html
        .trim_start_matches('<')
        .trim_start_matches('/')
        .to_ascii_lowercase();
    ["br", "p", "div", "li"].iter().any(|t| {
        tag.strip_prefix(t)
            .is_some_and(|rest| rest.starts_with(['>', ' ', '/']))
    })
}

fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Item
            | Tag::List(_)
            | Tag::Table(_)
            | Tag::TableRow
            | Tag::TableCell
            | Tag::FootnoteDefinition(_)
    )
}

fn is_block_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::List(_)
            | TagEnd::Table
            | TagEnd::TableRow
            | TagEnd::TableCell
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(text: &str) -> Vec<&str> {
        pieces(text, Format::Markdown)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Prose(r) => Some(&text[r]),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn markdown_keeps_prose_and_drops_code_quotes_and_link_targets() {
        let md = "# Hi\n\nSee [our guide](https://x.test/calm-down) or `calm down`.\n\n\
                  > Don't tell me to calm down!\n\n```\ncalm down\n```\n\nThanks *so* much.\n";
        let got = prose(md).concat();
        assert!(got.contains("our guide"));
        assert!(got.contains("Thanks so much."));
        assert!(!got.contains("calm down"), "{got}");
        assert!(!got.contains("https"));
    }

    #[test]
    fn placeholders_do_not_confuse_the_parser() {
        let md = "Hi {{ticket.requester.first_name}}, thanks for writing in.";
        assert_eq!(prose(md).concat(), md);
    }
}

//! Source: turn a document into pieces of prose with exact byte ranges.
//!
//! Plain text is one piece. Markdown is parsed with pulldown-cmark; only text is
//! prose, while fenced and inline code, link targets and `>` blockquotes are left
//! out, and HTML blocks are read as HTML. Block ends become boundaries so that a
//! heading never runs into the paragraph after it.
//!
//! HTML is read with a small tag scanner, not a DOM: tags are skipped (block tags
//! such as `<p>`, `<br>`, `<li>`, `<div>` become boundaries), `<blockquote>`,
//! quoted mail history, code, scripts and styles are left out, and the text in
//! between is prose whose character references the normaliser decodes.
//!
//! Bold and underline (`**…**`, `__…__`, `<b>`, `<strong>`, `<u>`) are kept as
//! markers around the prose they wrap, for rules about emphasised demands.

use std::ops::Range;

use memchr::memchr;
use pulldown_cmark::{Event, Options, Parser, Tag as MdTag, TagEnd};

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
    /// HTML, as in helpdesk macros and e-mail bodies.
    Html,
}

impl Format {
    /// Guesses the format of a text with no file name: HTML when it starts with a
    /// tag or is built of paragraph and line-break tags, otherwise plain text.
    pub fn sniff(text: &str) -> Self {
        let head = &text[..crate::sentence::floor_char(text, text.len().min(2048))];
        let starts_with_tag = head.trim_start().starts_with('<') && Tag::parse(head.trim_start()).is_some();
        let lower = head.to_ascii_lowercase();
        let has_blocks = ["<p>", "<p ", "<br>", "<br/>", "<br />", "<div", "<li>"]
            .iter()
            .any(|t| lower.contains(t));
        if starts_with_tag || has_blocks {
            Self::Html
        } else {
            Self::Plain
        }
    }
}

/// Formats by name, as bindings and configuration files write them:
/// `plain`, `markdown` or `html`.
///
/// ```
/// assert_eq!("markdown".parse(), Ok(tactful::Format::Markdown));
/// assert!("md".parse::<tactful::Format>().unwrap_err().contains("\"md\""));
/// ```
impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        match name {
            "plain" => Ok(Self::Plain),
            "markdown" => Ok(Self::Markdown),
            "html" => Ok(Self::Html),
            other => Err(format!(
                "unknown format {other:?}: expected \"plain\", \"markdown\" or \"html\""
            )),
        }
    }
}

/// One piece of a document, in original byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Prose the agent wrote: matched.
    Prose(Range<usize>),
    /// Prose in HTML, where `&rsquo;` and friends stand for characters.
    Markup(Range<usize>),
    /// Not prose, inside a sentence (a placeholder, inline code, a URL): read
    /// as a word break, never matched.
    Gap(Range<usize>),
    /// A boundary between blocks (paragraphs, list items, a removed quote).
    Break(usize),
    /// Bold or underline opens (`true`) or closes (`false`) here; the pieces
    /// between are emphasised.
    Strong(bool),
}

/// Splits `text` into pieces according to its format.
pub(crate) fn pieces(text: &str, format: Format) -> Vec<Piece> {
    match format {
        Format::Plain => vec![Piece::Prose(0..text.len())],
        Format::Markdown => markdown(text),
        Format::Html => {
            let mut out = Vec::new();
            html(text, 0, &mut out);
            out
        }
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
            Event::Start(MdTag::HtmlBlock) if hidden_depth == 0 => {
                hidden_depth += 1;
                out.push(Piece::Break(range.start));
                html(&text[range.clone()], range.start, &mut out);
            }
            Event::Start(MdTag::BlockQuote(_) | MdTag::CodeBlock(_) | MdTag::HtmlBlock) => {
                hidden_depth += 1;
                out.push(Piece::Break(range.start));
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::CodeBlock | TagEnd::HtmlBlock) => {
                hidden_depth = hidden_depth.saturating_sub(1);
                out.push(Piece::Break(range.end));
            }
            _ if hidden_depth > 0 => {}
            Event::Text(_) | Event::SoftBreak => out.push(Piece::Prose(range)),
            Event::Start(MdTag::Strong) => out.push(Piece::Strong(true)),
            Event::End(TagEnd::Strong) => out.push(Piece::Strong(false)),
            Event::Code(_) | Event::InlineMath(_) => out.push(Piece::Gap(range)),
            Event::HardBreak => out.push(Piece::Break(range.start)),
            Event::InlineHtml(html) if is_break_tag(&html) => out.push(Piece::Break(range.start)),
            Event::InlineHtml(html) => {
                if let Some(tag) = Tag::parse(&html).filter(|t| is_strong(t.name)) {
                    out.push(Piece::Strong(!tag.closing));
                }
            }
            Event::Start(tag) if is_block(&tag) => out.push(Piece::Break(range.start)),
            Event::End(tag) if is_block_end(tag) => out.push(Piece::Break(range.end)),
            _ => {}
        }
    }
    out
}

/// Elements whose content is not the agent's prose.
const HIDDEN: &[&str] = &[
    "blockquote",
    "script",
    "style",
    "code",
    "pre",
    "head",
    "title",
    "template",
];
/// Elements that start or end a block: sentences never run across them.
const BLOCKS: &[&str] = &[
    "p", "br", "div", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table", "thead", "tbody", "h1",
    "h2", "h3", "h4", "h5", "h6", "hr", "section", "article", "header", "footer", "body", "html",
];

/// One tag (or comment, or declaration) at the start of a string.
struct Tag<'a> {
    name: &'a str,
    closing: bool,
    /// Bytes from `<` to just after `>`.
    len: usize,
    /// Quoted mail history: `<div class="gmail_quote">` and the like.
    quote: bool,
}

impl<'a> Tag<'a> {
    /// Parses a tag at the start of `s` (which starts with `<`); `None` when the
    /// `<` is text (`a < b`, `<3`).
    fn parse(s: &'a str) -> Option<Self> {
        let rest = s.strip_prefix('<')?;
        if let Some(comment) = rest.strip_prefix("!--") {
            let len = comment.find("-->").map_or(s.len(), |e| 4 + e + 3);
            return Some(Self {
                name: "!--",
                closing: false,
                len,
                quote: false,
            });
        }
        let (closing, body) = match rest.strip_prefix('/') {
            Some(b) => (true, b),
            None => (false, rest),
        };
        let declaration = body.starts_with(['!', '?']);
        let name_len = body
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || (declaration && matches!(b, b'!' | b'?')))
            .count();
        if name_len == 0 || !(declaration || body.as_bytes()[0].is_ascii_alphabetic()) {
            return None;
        }
        let end = tag_end(s)?;
        let attributes = s[..end].to_ascii_lowercase();
        let quote = attributes.contains("gmail_quote")
            || attributes.contains("yahoo_quoted")
            || attributes.contains("moz-cite-prefix")
            || attributes.contains("type=\"cite\"");
        let name = &body[..name_len];
        Some(Self {
            name,
            closing,
            len: end,
            quote,
        })
    }
}

/// The offset just after the `>` closing the tag at the start of `s`, skipping
/// `>` inside quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, b) in s.bytes().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return Some(i + 1),
            (None, b'<') if i > 0 => return None,
            _ => {}
        }
    }
    None
}

/// Splits the HTML `text`, found at `base` in the document, into pieces.
fn html(text: &str, base: usize, out: &mut Vec<Piece>) {
    let mut scanner = HtmlScanner::default();
    let mut text_start = 0;
    while let Some((lt, end, role)) = scanner.next_tag(text) {
        match role {
            TagRole::Hidden => {}
            TagRole::Shown => out.push(Piece::Break(base + end)),
            TagRole::Hides | TagRole::Block | TagRole::Inline(_) => {
                if lt > text_start {
                    out.push(Piece::Markup(base + text_start..base + lt));
                }
                match role {
                    TagRole::Inline(strong) => {
                        out.push(Piece::Gap(base + lt..base + end));
                        out.extend(strong.map(Piece::Strong));
                    }
                    _ => out.push(Piece::Break(base + lt)),
                }
            }
        }
        text_start = end;
    }
    if scanner.hidden.is_none() && text_start < text.len() {
        out.push(Piece::Markup(base + text_start..base + text.len()));
    }
}

/// What a tag does to the reading of an HTML text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagRole {
    /// Inside a skipped element: nothing.
    Hidden,
    /// Closes the skipped element: the text after it is read again.
    Shown,
    /// Opens an element whose content is skipped.
    Hides,
    /// Starts or ends a block.
    Block,
    /// An inline tag, a word break; bold or underline opens (`true`) or
    /// closes (`false`) at it.
    Inline(Option<bool>),
}

/// The HTML tag scanner, walking the tags of a text in order. Besides reading
/// a whole text, it tells the chunker where a text can be read from on its
/// own: outside every tag, skipped element and emphasis.
#[derive(Debug, Clone, Default)]
pub(crate) struct HtmlScanner {
    /// Where the search for the next tag resumes: just past the last tag read
    /// (or just past a `<` that is text).
    at: usize,
    /// The element being skipped, and how deeply it nests in itself.
    hidden: Option<(String, usize)>,
    /// How deeply bold and underline nest, counted as the normaliser counts them.
    strong: usize,
}

impl HtmlScanner {
    /// The next tag of `text` as `(start, end, role)`, or `None` when no tag is
    /// left.
    fn next_tag(&mut self, text: &str) -> Option<(usize, usize, TagRole)> {
        loop {
            let lt = self.at + memchr(b'<', &text.as_bytes()[self.at..])?;
            if let Some((end, role)) = self.read(text, lt) {
                return Some((lt, end, role));
            }
        }
    }

    /// Whether `text` read from `at` alone reads as it does in the whole: every
    /// tag before `at` has been scanned, `at` is inside none of them, and no
    /// skipped element or emphasis is open there. Asked in increasing order of
    /// `at`.
    pub(crate) fn reads_alone_from(&mut self, text: &str, at: usize) -> bool {
        while let Some(lt) = memchr(b'<', &text.as_bytes()[self.at.min(at)..at]).map(|i| self.at + i) {
            self.read(text, lt);
        }
        self.at <= at && self.hidden.is_none() && self.strong == 0
    }

    /// Reads the `<` at `lt`: the end and role of the tag it starts, or `None`
    /// when it is text (`a < b`, `<3`).
    fn read(&mut self, text: &str, lt: usize) -> Option<(usize, TagRole)> {
        let Some(tag) = Tag::parse(&text[lt..]) else {
            self.at = lt + 1;
            return None;
        };
        let end = lt + tag.len;
        self.at = end;
        let name = tag.name.to_ascii_lowercase();
        if let Some((skipped, depth)) = self.hidden.as_mut() {
            if *skipped == name && !tag.closing {
                *depth += 1;
            } else if *skipped == name {
                *depth -= 1;
                if *depth == 0 {
                    self.hidden = None;
                    return Some((end, TagRole::Shown));
                }
            }
            return Some((end, TagRole::Hidden));
        }
        let self_closing = text[lt..end].ends_with("/>");
        let role = if !tag.closing && !self_closing && (HIDDEN.contains(&name.as_str()) || tag.quote) {
            self.hidden = Some((name, 1));
            TagRole::Hides
        } else if BLOCKS.contains(&name.as_str()) {
            TagRole::Block
        } else {
            let strong = (is_strong(&name) && !self_closing).then_some(!tag.closing);
            match strong {
                Some(true) => self.strong += 1,
                Some(false) => self.strong = self.strong.saturating_sub(1),
                None => {}
            }
            TagRole::Inline(strong)
        };
        Some((end, role))
    }
}

/// Elements that make their text bold or underlined.
fn is_strong(name: &str) -> bool {
    ["b", "strong", "u"].iter().any(|t| name.eq_ignore_ascii_case(t))
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

fn is_block(tag: &MdTag<'_>) -> bool {
    matches!(
        tag,
        MdTag::Paragraph
            | MdTag::Heading { .. }
            | MdTag::Item
            | MdTag::List(_)
            | MdTag::Table(_)
            | MdTag::TableRow
            | MdTag::TableCell
            | MdTag::FootnoteDefinition(_)
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

    fn html_prose(text: &str) -> Vec<&str> {
        pieces(text, Format::Html)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Markup(r) => Some(&text[r]),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn html_keeps_text_and_drops_tags_quotes_and_code() {
        let html = "<p>Hi <b>Sam</b>,</p><p>I&rsquo;m on it &amp; will call.<br>Today.</p>\
                    <blockquote>calm <blockquote>down</blockquote> now</blockquote>\
                    <div class=\"gmail_quote\"><div>On Monday you wrote</div> calm down</div>\
                    <code>x</code><!-- calm down -->a < b <3";
        assert_eq!(
            html_prose(html),
            [
                "Hi ",
                "Sam",
                ",",
                "I&rsquo;m on it &amp; will call.",
                "Today.",
                "a < b <3"
            ]
        );
        assert!(pieces(html, Format::Html).contains(&Piece::Break(html.find("<br>").unwrap())));
    }

    #[test]
    fn markdown_reads_html_blocks_as_html() {
        let md = "Hello,\n\n<p>Please <em>calm</em> down.</p>\n\nThanks";
        let got: Vec<_> = pieces(md, Format::Markdown)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Markup(r) | Piece::Prose(r) => Some(&md[r]),
                _ => None,
            })
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert_eq!(got, ["Hello,", "Please ", "calm", " down.", "Thanks"]);
    }

    #[test]
    fn bold_and_underline_are_marked_around_their_text() {
        let marks = |text: &str, format| {
            pieces(text, format)
                .into_iter()
                .filter(|p| matches!(p, Piece::Strong(_)))
                .collect::<Vec<_>>()
        };
        let both = [Piece::Strong(true), Piece::Strong(false)];
        assert_eq!(marks("You **must** go, *maybe*.", Format::Markdown), both);
        assert_eq!(
            marks("You <u>must</u> go, <em>maybe</em>.", Format::Markdown),
            both
        );
        assert_eq!(
            marks("<p>You <STRONG>must</STRONG> go.<br/></p>", Format::Html),
            both
        );
        assert!(marks("You **must** go.", Format::Plain).is_empty());
    }

    #[test]
    fn sniffing_finds_html() {
        assert_eq!(Format::sniff("<p>Hi</p>"), Format::Html);
        assert_eq!(Format::sniff("Hi,<br>thanks"), Format::Html);
        assert_eq!(Format::sniff("I <3 this, a < b"), Format::Plain);
    }

    #[test]
    fn placeholders_do_not_confuse_the_parser() {
        let md = "Hi {{ticket.requester.first_name}}, thanks for writing in.";
        assert_eq!(prose(md).concat(), md);
    }
}

//! Mask: hide what the agent did not write, or what is not prose.
//!
//! Template placeholders of every common syntax, URLs, e-mail addresses and
//! customer words quoted back after "you wrote" become gaps (a word break that is
//! never matched); quoted lines (`> …`), mail history (`On … wrote:`, `-----Original
//! Message-----`) and signatures are hidden entirely. Nothing is deleted: the
//! pieces keep their original byte ranges, so every offset survives.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, Input, MatchKind};
use memchr::{memchr, memchr_iter, memchr3, memmem, memrchr};
use regex::bytes::{Match, Regex};

use crate::source::{Format, Piece};

// Word boundaries are ASCII (`(?-u:\b)`): a Unicode `\b` forces the regex crate
// off its fast engines on text with curly quotes or accents.
//
// The regexes search bytes. Placeholders are matched a byte at a time
// (`(?-u)`): each starts and ends with ASCII punctuation, so a match still
// falls on char boundaries, and a class of every character but a few costs
// more to compile (a UTF-8 automaton, hundreds of kilobytes to build) than
// checking a short reply does. The others keep Unicode classes where they
// count characters (`{0,30}`).
static PLACEHOLDER: Gated = Gated::new(
    |t| memchr3(b'{', b'%', b'<', t).is_some() || contains(t, "*|") || contains(t, "[["),
    || {
        Regex::new(concat!(
            r"(?-u)",
            r"\{\{\{[^\n]*?\}\}\}",          // Salesforce {{{X}}}
            r"|\{\{[^\n]*?\}\}",             // Liquid / Handlebars {{ x }}
            r"|\{%[^\n]*?%\}",               // Liquid tags, Help Scout {%x,fallback=y%}
            r"|[%#]\{[^{}\n]*\}",            // osTicket %{x}, Zammad #{x}
            r"|\{[!$][^{}\n]*\}",            // Salesforce {!X}, Request Tracker {$X}
            r"|%%[A-Za-z0-9_.]+%%",          // %%X%%
            r"|%[A-Z][A-Z0-9_]*%",           // %FIRSTNAME%
            r"|<OTRS_[A-Za-z0-9_]+>",        // OTRS / Znuny
            r"|<attribute(?-u:\b)[^<>]*>",   // Intercom HTML bodies
            r"|\*\|[A-Za-z0-9_:]+\|\*",      // Mailchimp *|FNAME|*
            r"|\[\[[^\[\]\n]*\]\]",          // [[x]]
            r"|<<[^<>\n]*>>",                // <<x>>
            r"|\{[A-Za-z][A-Za-z0-9_. ]*\}", // {NAME}
            r"|<[A-Z][A-Z0-9_]*>",           // <ISSUE_NUMBER>
        ))
        .expect("placeholder regex")
    },
);

/// `[Name]` fill-ins, filtered by [`is_fill_in`]. Searched apart from the other
/// placeholders: a bracket that is no fill-in (`[see {{link}}]`, a link's text)
/// must not hide a placeholder inside it.
///
/// At most [`MAX_FILL_IN`] characters stand between the brackets, which
/// [`is_fill_in`] sees to: bounded in the regex (`{1,40}`), it took 0.15 ms
/// to compile, against 0.02 ms.
static FILL_IN: Gated = Gated::new(
    |t| memchr(b'[', t).is_some(),
    || Regex::new(r"\[[^\[\]\n]+\]").expect("fill-in regex"),
);
const MAX_FILL_IN: usize = 40;

// URLs are two regexes, not one alternation: each has a literal to look for
// (`://` inside it, `www.` at its start), which the alternation has not, so
// it ran its automaton over every byte (2.5 ms of 1 MB, against 0.5 ms for
// the two). Both end at the first character that no URL holds, so a match
// of one that starts inside a match of the other ends where it does, and
// merging the ranges gives what the alternation found.
static URL_SCHEME: Gated = Gated::new(
    |t| contains(t, "://"),
    || Regex::new(r"(?i)(?-u:\b)[a-z][a-z0-9+.-]*://[^\s<>\x22()\[\]]+").expect("url regex"),
);
static URL_WWW: Gated = Gated::new(has_www, || {
    Regex::new(r"(?i)(?-u:\b)www\.[^\s<>\x22()\[\]]+").expect("url regex")
});

static EMAIL: Gated = Gated::new(
    |t| memchr(b'@', t).is_some(),
    || Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+").expect("email regex"),
);

/// Customer words quoted back after an attribution: `you wrote "…"`, the
/// quotation of at most [`MAX_QUOTED`] characters. Looked for only around
/// opening quotes (see [`attributed_quotes`]).
static ATTRIBUTED_QUOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&attributed_quote("+")).expect("quote regex"));

/// The attributed quote regex, with `repeat` the quotation's characters'
/// repetition. Bounded in the regex (`{1,300}`), three hundred copies of a
/// Unicode class took 4.8 ms to compile, a short reply's run twice over; so
/// the regex takes any length and [`attributed_quotes`] the bound.
fn attributed_quote(repeat: &str) -> String {
    let quotation = format!(r#"(["“][^"“”\n]{repeat}["”])"#);
    format!(
        r#"(?i)(?-u:\b)(?:you|customer|they)\s+(?:wrote|said|say|mentioned|described|asked|called it|told us|put it)[^"“”\n]{{0,30}}{quotation}|(?-u:\b)your\s+(?:message|e-?mail|note|words|reply|review)\s*:?\s*{quotation}"#
    )
}

/// The most characters a quotation of [`ATTRIBUTED_QUOTE`] holds between its
/// quote marks.
const MAX_QUOTED: usize = 300;

/// The most characters other than whitespace that a match of
/// [`ATTRIBUTED_QUOTE`] holds before its opening quote: `customer`,
/// `described` and the 30 characters after it (`your e-mail:` holds 11).
/// Case folding maps a character to one character, so the count holds
/// for `CUſTOMER` too.
const MAX_ATTRIBUTION: usize = 8 + 9 + 30;

static QUOTED_LINE: Gated = Gated::new(starts_a_line_with_gt, || {
    Regex::new(r"(?m-u)^[ \t]*>[^\n]*").expect("quoted line regex")
});

/// Where quoted mail history or a signature starts; everything after is hidden.
/// Anchored at the start of the text: it is tried at the start of the lines
/// that hold one of [`HISTORY_LITERALS`] (see [`history_start`]).
static HISTORY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?m)\A(?:{})", history("*"))).expect("history regex"));

/// The mail history regex, with `repeat` the repetition of what stands
/// between `On` and `wrote:`. Bounded in the regex (`{0,300}`), it took
/// 1.2 ms to compile; so the regex takes any length and [`history_start`]
/// the bound ([`MAX_ATTRIBUTION_LINE`]).
fn history(repeat: &str) -> String {
    format!(
        r"^[ \t]*On(?-u:\b)([^\n]{repeat})(?-u:\b)wrote:[ \t]*\r?$|^[ \t]*-{{2,}}[ \t]*(?:Original Message|Forwarded message)[ \t]*-{{2,}}|^From:[^\n]*\r?\n(?:[^\n]*\r?\n)?(?:Sent|Date):"
    )
}

/// The most characters between `On` and `wrote:` in a line of [`HISTORY`].
const MAX_ATTRIBUTION_LINE: usize = 300;

/// One of these is on the line where each match of [`HISTORY`] starts.
/// (`--` is on the line of a separator too, but so is a dash typed as
/// `--`: the separator's words are far rarer.)
static HISTORY_LITERALS: LazyLock<AhoCorasick> = LazyLock::new(|| literals(&HISTORY_LITERAL_LIST));
const HISTORY_LITERAL_LIST: [&str; 4] = ["wrote:", "Original Message", "Forwarded message", "From:"];

/// The quote marks of [`ATTRIBUTED_QUOTE`]: the two that open a quotation
/// first, then the one that only closes it.
static QUOTE_MARKS: LazyLock<AhoCorasick> = LazyLock::new(|| literals(&QUOTE_MARK_LIST));
const QUOTE_MARK_LIST: [&str; 3] = ["\"", "“", "”"];

/// A search for the first of `literals` to start. Leftmost-first searches
/// look for the literals' bytes first (a megabyte in 0.05 ms for the
/// history's, where the standard search ran its automaton over every byte,
/// 0.14 ms). Building both took 290,000 instructions, 5% of
/// a 1 KB reply's run, so each is built for the first text that holds one of
/// its literals.
fn literals(literals: &[&str]) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(literals)
        .expect("literals build an automaton")
}

static SIGNATURE_PLAIN: Gated = Gated::new(
    |t| contains(t, "--"),
    || Regex::new(r"(?m)^-- ?\r?$").expect("signature regex"),
);
static SIGNATURE_MARKDOWN: Gated = Gated::new(
    |t| contains(t, "--"),
    || Regex::new(r"(?m)^-- \r?$").expect("signature regex"),
);

/// A regex that can only match a text holding certain bytes. Compiling the
/// masking regexes costs more than checking a short reply, so each is compiled
/// the first time a text passes its `may_match` test, and run only on those.
struct Gated {
    may_match: fn(&[u8]) -> bool,
    regex: LazyLock<Regex>,
}

impl Gated {
    const fn new(may_match: fn(&[u8]) -> bool, build: fn() -> Regex) -> Self {
        Self {
            may_match,
            regex: LazyLock::new(build),
        }
    }

    /// The regex, if `text` may hold a match.
    fn for_text(&self, text: &str) -> Option<&Regex> {
        (self.may_match)(text.as_bytes()).then(|| &*self.regex)
    }

    fn find_iter<'t>(&self, text: &'t str) -> impl Iterator<Item = Match<'t>> {
        self.for_text(text)
            .into_iter()
            .flat_map(move |r| r.find_iter(text.as_bytes()))
    }

    fn find<'t>(&self, text: &'t str) -> Option<Match<'t>> {
        self.for_text(text)?.find(text.as_bytes())
    }
}

fn contains(text: &[u8], needle: &str) -> bool {
    memmem::find(text, needle.as_bytes()).is_some()
}

/// Whether `www.` occurs in any case. Looked for from `w.`: every sentence
/// ends with a full stop, few with a `w` (asking each full stop took longer
/// than the regex itself, 0.17 ms a megabyte).
fn has_www(text: &[u8]) -> bool {
    [b"w.", b"W."]
        .into_iter()
        .any(|w| memmem::find_iter(text, w).any(|at| at >= 2 && text[at - 2..at].eq_ignore_ascii_case(b"ww")))
}

/// Whether a `>` comes first on some line, after spaces and tabs only: an
/// HTML reply has a `>` in every tag, yet seldom a quoted line.
fn starts_a_line_with_gt(text: &[u8]) -> bool {
    memchr_iter(b'>', text).any(|gt| {
        let before = text[..gt].iter().rev().find(|&&b| b != b' ' && b != b'\t');
        before.is_none_or(|&b| b == b'\n')
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Inside a sentence: a word break.
    Gap,
    /// A block of its own: hidden with a boundary either side.
    Hide,
}

/// Placeholder ranges of `text`; a fill-in may overlap another placeholder.
pub(crate) fn placeholders(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let fill_ins = FILL_IN
        .find_iter(text)
        .map(|m| m.range())
        .filter(|range| is_fill_in(text, range.clone()));
    PLACEHOLDER.find_iter(text).map(|m| m.range()).chain(fill_ins)
}

/// `[Name]`, `[ORDER NUMBER]`, `[application / renewal]` are fill-ins; `[x]`
/// checkboxes, Markdown links (`[text](url)`, `[text][ref]`) and brackets
/// holding more than [`MAX_FILL_IN`] characters are not.
fn is_fill_in(text: &str, range: Range<usize>) -> bool {
    let inner = &text[range.start + 1..range.end - 1];
    let starts_upper = inner.chars().next().is_some_and(char::is_uppercase);
    let link = text[range.end..].starts_with(['(', '[', ':']);
    let short = inner.chars().nth(MAX_FILL_IN).is_none();
    !link && short && inner.len() > 1 && (starts_upper || inner.contains(['/', '_']))
}

/// A copy of `text` with each placeholder replaced by `x`s of the same length.
pub(crate) fn shield_placeholders(text: &str) -> Cow<'_, str> {
    let mut ranges = placeholders(text).peekable();
    if ranges.peek().is_none() {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for r in ranges {
        bytes[r].fill(b'x');
    }
    // Whole characters were replaced by ASCII, so this cannot fail.
    Cow::Owned(String::from_utf8(bytes).expect("placeholders end on char boundaries"))
}

/// Refines source pieces: masked ranges become gaps or are hidden.
pub(crate) fn mask(text: &str, format: Format, pieces: Vec<Piece>) -> Vec<Piece> {
    let masked = masked_ranges(text, format);
    if masked.is_empty() {
        return pieces;
    }
    let mut out = Vec::with_capacity(pieces.len() + masked.len() * 2);
    for piece in pieces {
        match piece {
            Piece::Prose(range) => split_prose(range, &masked, &mut out, Piece::Prose),
            Piece::Markup(range) => split_prose(range, &masked, &mut out, Piece::Markup),
            other => out.push(other),
        }
    }
    out
}

/// Splits a prose piece around the masked ranges; `prose` rebuilds the kind of
/// prose it was.
fn split_prose(
    range: Range<usize>,
    masked: &[(Range<usize>, Kind)],
    out: &mut Vec<Piece>,
    prose: fn(Range<usize>) -> Piece,
) {
    let mut at = range.start;
    let first = masked.partition_point(|(m, _)| m.end <= range.start);
    for (m, kind) in &masked[first..] {
        if m.start >= range.end {
            break;
        }
        let (start, end) = (m.start.max(at), m.end.min(range.end));
        if start > at {
            out.push(prose(at..start));
        }
        match kind {
            Kind::Gap => out.push(Piece::Gap(start..end)),
            Kind::Hide => {
                out.push(Piece::Break(start));
                out.push(Piece::Break(end));
            }
        }
        at = at.max(end);
    }
    if at < range.end {
        out.push(prose(at..range.end));
    }
}

/// Every masked range of the text, sorted and without overlaps.
fn masked_ranges(text: &str, format: Format) -> Vec<(Range<usize>, Kind)> {
    let mut ranges: Vec<(Range<usize>, Kind)> = Vec::new();
    ranges.extend(placeholders(text).map(|r| (r, Kind::Gap)));
    ranges.extend(
        URL_SCHEME
            .find_iter(text)
            .chain(URL_WWW.find_iter(text))
            .map(|m| (trim_url(text, m.range()), Kind::Gap)),
    );
    ranges.extend(EMAIL.find_iter(text).map(|m| (m.range(), Kind::Gap)));
    ranges.extend(attributed_quotes(text).map(|r| (r, Kind::Gap)));
    ranges.extend(QUOTED_LINE.find_iter(text).map(|m| (m.range(), Kind::Hide)));
    if let Some(start) = tail_start(text, format) {
        ranges.push((start..text.len(), Kind::Hide));
    }
    merge(ranges)
}

/// Where quoted mail history or a signature starts, if anywhere: nothing after
/// it is the agent's new prose.
pub(crate) fn tail_start(text: &str, format: Format) -> Option<usize> {
    let signature = match format {
        Format::Plain | Format::Html => &SIGNATURE_PLAIN,
        Format::Markdown => &SIGNATURE_MARKDOWN,
    };
    [history_start(text), signature.find(text).map(|m| m.start())]
        .into_iter()
        .flatten()
        .min()
}

/// Where the first match of [`HISTORY`] starts. Each starts a line that
/// holds one of [`HISTORY_LITERALS`], so only those lines are tried, the regex
/// anchored at their start: run over the whole text, it tried every line
/// start, 1.6 ms a megabyte of text holding a `--` anywhere (a typed dash).
fn history_start(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    // Most texts hold none: asked first, without building the search.
    if !HISTORY_LITERAL_LIST.iter().any(|l| contains(bytes, l)) {
        return None;
    }
    // The start of a line not yet tried: each line is read at most twice,
    // by the literals' search and for its end.
    let mut line = 0;
    while let Some(m) = HISTORY_LITERALS.find(Input::new(bytes).range(line..)) {
        let start = memrchr(b'\n', &bytes[line..m.start()]).map_or(line, |i| line + i + 1);
        // Only `On … wrote:` has a group; the line's end decides its extent.
        let within = |on: Match<'_>| {
            let between = &text[start + on.start()..start + on.end()];
            between.chars().nth(MAX_ATTRIBUTION_LINE).is_none()
        };
        if HISTORY
            .captures(&bytes[start..])
            .is_some_and(|c| c.get(1).is_none_or(within))
        {
            return Some(start);
        }
        line = m.end() + memchr(b'\n', &bytes[m.end()..])? + 1;
    }
    None
}

/// The quoted spans of [`ATTRIBUTED_QUOTE`]. A match holds no quote mark
/// before its opening quote, and its closing quote is the next quote mark,
/// on the same line; before the opening quote it holds at most
/// [`MAX_ATTRIBUTION`] characters other than whitespace. So the regex runs
/// only over windows from that far before an opening quote to the quote
/// mark that closes it, merged where they meet, and finds there what it
/// would find in the whole text (a match never crosses from one window into
/// the next). Run over the whole text, it stopped at every `you` and
/// `they`: 1.3 ms a megabyte of text holding a quote anywhere.
fn attributed_quotes(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    quote_windows(text).flat_map(move |window| {
        let haystack = &bytes[..window.end];
        let mut at = window.start;
        std::iter::from_fn(move || {
            loop {
                let m = ATTRIBUTED_QUOTE.find_at(haystack, at)?;
                // The quoted span ends the match and starts at its first quote
                // mark: found so, a match needs no capture groups, whose search
                // took as long again.
                let open = QUOTE_MARKS.find(m.as_bytes()).expect("a match holds a quote");
                let closing = if m.as_bytes().ends_with(b"\"") {
                    1
                } else {
                    "”".len()
                };
                let quoted = &text[m.start() + open.end()..m.end() - closing];
                if quoted.chars().nth(MAX_QUOTED).is_none() {
                    at = m.end();
                    return Some(m.start() + open.start()..m.end());
                }
                // Too long to be one: the match a bounded regex would find
                // starts later, if anywhere (a match's start decides its end).
                at = m.start() + 1;
            }
        })
    })
}

/// The windows [`attributed_quotes`] searches, in order and apart, each
/// given once the next is known not to meet it.
fn quote_windows(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    // Most texts hold none: asked first, without building the search.
    let any = QUOTE_MARK_LIST[..2].iter().any(|q| contains(bytes, q));
    let mut marks = any
        .then(|| QUOTE_MARKS.find_iter(bytes))
        .into_iter()
        .flatten()
        .map(|m| (m.start(), m.end(), m.pattern().as_usize()));
    let (mut after_mark, mut last, mut window) = (0, None, None::<Range<usize>>);
    std::iter::from_fn(move || {
        for (close, close_end, closing) in marks.by_ref() {
            let Some((open, open_end, opening)) = last.replace((close, close_end, closing)) else {
                continue;
            };
            // `"` and `“` open a quotation, `"` and `”` close one.
            let quotes = opening < 2 && closing != 1 && memchr(b'\n', &bytes[open..close]).is_none();
            // A closing `"` may open the next quotation, inside the window
            // that it closed.
            let floor = window.as_ref().map_or(0, |w| w.end).max(after_mark).min(open);
            after_mark = open_end;
            if !quotes {
                continue;
            }
            let start = attribution_start(text, open, floor);
            match &mut window {
                Some(w) if start <= w.end => w.end = close_end,
                _ => {
                    if let Some(done) = window.replace(start..close_end) {
                        return Some(done);
                    }
                }
            }
        }
        window.take()
    })
}

/// How far before the opening quote at `quote` a match of
/// [`ATTRIBUTED_QUOTE`] may start, read back no further than `floor`: the
/// end of the window before, or of the quote mark before, which no match
/// holds before its opening quote.
fn attribution_start(text: &str, quote: usize, floor: usize) -> usize {
    let mut left = MAX_ATTRIBUTION;
    let mut start = quote;
    for c in text[floor..quote].chars().rev() {
        if !c.is_whitespace() {
            if left == 0 {
                break;
            }
            left -= 1;
        }
        start -= c.len_utf8();
    }
    start
}

/// A URL does not end with the sentence's punctuation.
fn trim_url(text: &str, range: Range<usize>) -> Range<usize> {
    let trimmed = text[range.clone()].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
    range.start..range.start + trimmed.len()
}

fn merge(mut ranges: Vec<(Range<usize>, Kind)>) -> Vec<(Range<usize>, Kind)> {
    ranges.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut out: Vec<(Range<usize>, Kind)> = Vec::with_capacity(ranges.len());
    for (r, kind) in ranges {
        if let Some((last, last_kind)) = out.last_mut() {
            if r.start < last.end {
                last.end = last.end.max(r.end);
                if kind == Kind::Hide {
                    *last_kind = Kind::Hide;
                }
                continue;
            }
        }
        out.push((r, kind));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> Vec<&str> {
        masked_ranges(text, Format::Plain)
            .into_iter()
            .map(|(r, _)| &text[r])
            .collect()
    }

    #[test]
    fn placeholders_holding_non_ascii_text_are_masked_whole() {
        // Matched a byte at a time, yet whole characters: `&text[r]` would
        // panic on a range inside one.
        let text = "Hola {{ cliente.señor }}, %{café} y <<José>> — [[Zoë]] {% ¿sí? %}\n> ¿Qué tal?";
        assert_eq!(
            masked(text),
            [
                "{{ cliente.señor }}",
                "%{café}",
                "<<José>>",
                "[[Zoë]]",
                "{% ¿sí? %}",
                "> ¿Qué tal?"
            ]
        );
    }

    #[test]
    fn placeholders_of_every_syntax() {
        let text = "Hi {{ticket.requester.first_name}}, {% if x %}a{% endif %} %{ticket.name.first} \
                    #{ticket.number} {!Contact.Name} %%NAME%% %FIRSTNAME% <OTRS_CUSTOMER_REALNAME> \
                    *|FNAME|* [[name]] <<name>> {NAME} [ORDER NUMBER] [application / renewal] \
                    {$Ticket->Subject} <ISSUE_NUMBER>";
        let got = masked(text);
        for p in [
            "{{ticket.requester.first_name}}",
            "{% if x %}",
            "%{ticket.name.first}",
            "#{ticket.number}",
            "{!Contact.Name}",
            "%%NAME%%",
            "%FIRSTNAME%",
            "<OTRS_CUSTOMER_REALNAME>",
            "*|FNAME|*",
            "[[name]]",
            "<<name>>",
            "{NAME}",
            "[ORDER NUMBER]",
            "[application / renewal]",
            "{$Ticket->Subject}",
            "<ISSUE_NUMBER>",
        ] {
            assert!(got.contains(&p), "{p} not masked in {got:?}");
        }
    }

    #[test]
    fn a_fill_in_holds_forty_characters_at_most() {
        assert_eq!(masked(&format!("Dear [{}].", "É".repeat(40))).len(), 1);
        assert!(masked(&format!("Dear [{}].", "É".repeat(41))).is_empty());
    }

    #[test]
    fn links_and_checkboxes_are_not_fill_ins() {
        assert!(masked("See [our guide](x) and [x] done and [the docs][1].").is_empty());
    }

    #[test]
    fn urls_emails_and_attributed_quotes() {
        let text = "Write to help@example.com or see https://example.com/calm-down. \
                    You wrote \"calm down, it's not my fault\" and that helps.";
        assert_eq!(
            masked(text),
            [
                "help@example.com",
                "https://example.com/calm-down",
                "\"calm down, it's not my fault\""
            ]
        );
    }

    #[test]
    fn urls_with_a_scheme_and_www_are_masked_once() {
        let text = "See HTTP://www.Example.com/a. Or www.test.org/b, x-y://z, \
                    www.x and ftp://a.b?c=www.d.";
        assert_eq!(
            masked(text),
            [
                "HTTP://www.Example.com/a",
                "www.test.org/b",
                "x-y://z",
                "www.x",
                "ftp://a.b?c=www.d"
            ]
        );
        // No word boundary, no URL.
        assert!(masked("awww.nope and mailto:x").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn the_two_url_regexes_mask_what_their_alternation_did(
            text in "(http|www|WWW|s3|://|\\.|/|[a-z]|-|\\+| |,|\\?|\\)){0,40}"
        ) {
            let alternation =
                Regex::new(r"(?i)(?:(?-u:\b)[a-z][a-z0-9+.-]*://|(?-u:\b)www\.)[^\s<>\x22()\[\]]+").unwrap();
            let url = |m: Match<'_>| (trim_url(&text, m.range()), Kind::Gap);
            let before = merge(alternation.find_iter(text.as_bytes()).map(url).collect());
            let split = URL_SCHEME.find_iter(&text).chain(URL_WWW.find_iter(&text)).map(url);
            proptest::prop_assert_eq!(merge(split.collect()), before);
        }

        #[test]
        fn www_is_found_in_any_case(text in "[wW. x]{0,12}") {
            let expected = text.as_bytes().windows(4).any(|w| w.eq_ignore_ascii_case(b"www."));
            proptest::prop_assert_eq!(has_www(text.as_bytes()), expected);
        }
    }

    #[test]
    fn a_quoted_line_starts_with_gt_after_blanks_only() {
        assert!(starts_a_line_with_gt(b"> hi"));
        assert!(starts_a_line_with_gt(b"Hi<br>\n \t> you said"));
        assert!(!starts_a_line_with_gt(b"Hi<br>there\n<p>no</p>"));
        assert!(!starts_a_line_with_gt(b"a -> b"));
    }

    proptest::proptest! {
        #[test]
        fn fill_ins_are_those_a_bounded_regex_finds(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "[", "]", "A", "x", " ", "\n", "é", "(", "/", "ABCDEFGHIJKLMNOPQRST",
            ]), 0..30)
        ) {
            let text = parts.concat();
            let bounded = Regex::new(r"\[[^\[\]\n]{1,40}\]").unwrap();
            let fill_ins = |r: &Regex| -> Vec<Range<usize>> {
                r.find_iter(text.as_bytes())
                    .map(|m| m.range())
                    .filter(|range| is_fill_in(&text, range.clone()))
                    .collect()
            };
            proptest::prop_assert_eq!(fill_ins(&FILL_IN.regex), fill_ins(&bounded));
        }

        #[test]
        fn history_is_found_where_the_whole_text_scan_finds_it(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "On", " ", "\t", "x", "wrote:", "\n", "\r\n", "--", "-", "Original Message", "Forwarded message",
                "From:", "Sent:", "Date:", "Bo <b@x.io>",
            ]), 0..30)
        ) {
            let text = parts.concat();
            let whole = Regex::new(&format!("(?m){}", history("{0,300}"))).unwrap();
            let expected = whole.find(text.as_bytes()).map(|m| m.start());
            proptest::prop_assert_eq!(history_start(&text), expected);
        }

        #[test]
        fn attributed_quotes_are_found_where_the_whole_text_scan_finds_them(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "you", "You", "they", "cuſtomer", "your", "wrote", "told us", "e-mail", "message",
                ":", " ", "\u{a0}", "\n", "\"", "“", "”", "’", "x", "said it", "é",
                "                                        ",
                "a b c d e f g h i j k l m n o p q r s t u v w x y z",
                "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p q r s t u v w x y z",
            ]), 0..40)
        ) {
            let text = parts.concat();
            let whole = Regex::new(&attributed_quote("{1,300}")).unwrap();
            let expected: Vec<Range<usize>> = whole
                .captures_iter(text.as_bytes())
                .filter_map(|caps| caps.get(1).or_else(|| caps.get(2)))
                .map(|q| q.range())
                .collect();
            proptest::prop_assert_eq!(attributed_quotes(&text).collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn a_quote_is_found_however_far_its_attribution_is_spread() {
        let spaces = " ".repeat(5_000);
        let text =
            format!("x\n\nYou{spaces}\n{spaces}wrote: \"calm down\" and \"x\"\nyour\n\nmessage:\n\n\"no\"");
        let quoted: Vec<&str> = attributed_quotes(&text).map(|r| &text[r]).collect();
        assert_eq!(quoted, ["\"calm down\"", "\"no\""]);
        // Two quotations near enough that their windows meet.
        let text = "you said \"a\" and they said “b” and “c”";
        let quoted: Vec<&str> = attributed_quotes(text).map(|r| &text[r]).collect();
        assert_eq!(quoted, ["\"a\"", "“b”"]);
        // Thirty characters between the verb and the quote, not thirty-one.
        let near = format!("you said {} \"a\"", "é".repeat(28));
        let far = format!("you said {} \"a\"", "é".repeat(29));
        assert_eq!(attributed_quotes(&near).count(), 1);
        assert_eq!(attributed_quotes(&far).count(), 0);
        // Three hundred characters quoted, not three hundred and one.
        for (quoted, found) in [(300, 1), (301, 0)] {
            let text = format!("you said “{}”", "é".repeat(quoted));
            assert_eq!(attributed_quotes(&text).count(), found, "{quoted}");
        }
        // The longest attribution, its every character read back.
        let longest = format!("x CUſTOMER DESCRIBED{}\"a\"", "é".repeat(30));
        assert_eq!(attributed_quotes(&longest).count(), 1);
    }

    #[test]
    fn history_is_found_on_the_first_line_that_starts_it() {
        let text = "a -- b\n-- c --\nOn Monday, Bo wrote: x\nOn Monday, Bo wrote:\nFrom: a\nSent: b";
        assert_eq!(history_start(text), text.find("On Monday, Bo wrote:\n"));
        let text = "From: Bo\nTo: us\nDate: today\n\nhi";
        assert_eq!(history_start(text), Some(0));
        assert_eq!(history_start("From: Bo\nTo: us\nCc: them\nDate: today"), None);
        assert_eq!(history_start("--\n--"), None);
        // Three hundred characters between `On` and `wrote:`, not three
        // hundred and one.
        for (between, found) in [(300, true), (301, false)] {
            let text = format!("x\nOn {} wrote:\nhi", "é".repeat(between - 2));
            assert_eq!(history_start(&text).is_some(), found, "{between}");
        }
    }

    #[test]
    fn quoted_lines_history_and_signature_are_hidden() {
        let text = "Thanks!\n> calm down\nBest\n-- \nAna\n";
        assert_eq!(masked(text), ["> calm down", "-- \nAna\n"]);
        let text = "Done.\n\nOn Mon, 3 Jun 2024, Bo <b@x.io> wrote:\nnot my problem";
        assert_eq!(
            masked(text).last().unwrap(),
            &"On Mon, 3 Jun 2024, Bo <b@x.io> wrote:\nnot my problem"
        );
    }
}

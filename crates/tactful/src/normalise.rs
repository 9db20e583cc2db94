//! Normalise: one lower-case, ASCII-punctuated view of the prose for matching.
//!
//! Curly apostrophes and quotes become straight, dashes become ` - `, runs of
//! whitespace collapse to one space (a blank line becomes a `\n` boundary), no
//! space is kept before `, . ; : ! ?`, and contractions and chat forms are
//! expanded (`can't` → `can not`, `u` → `you`). Rules are written against this view
//! only, so every spelling of a phrase is matched by one literal.
//!
//! The view keeps a sparse [`OffsetMap`] back to the original bytes: a checkpoint
//! only where lengths change, so memory stays close to the size of the input.

use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use regex::Regex;
use rustc_hash::FxHashMap;

use crate::phrase::{char_at, lower_alnum_run};
use crate::seek::Cursor;
use crate::sentence::{self, Sentences};
use crate::source::Piece;

/// The normalised text and its map back to the original.
#[derive(Debug, Default)]
pub(crate) struct Normalized {
    pub text: String,
    pub map: OffsetMap,
    /// Normalised ranges of the words written in capitals (two letters or more,
    /// no digit): lower-casing loses them, the shouting rules need them.
    pub capitals: Vec<Range<usize>>,
    /// Normalised ranges of stacked `!` and `?` (`!!`, `?!`).
    pub stacked: Vec<Range<usize>>,
    /// Normalised offsets of every `!`.
    pub exclamations: Vec<usize>,
    /// How many words the text has.
    pub words: usize,
    /// Normalised ranges of bold or underlined text (Markdown and HTML).
    pub emphasis: Vec<Range<usize>>,
    /// Where the text's sentences end, found the first time the detectors
    /// or the judge ask, for both.
    sentence_ends: OnceLock<Vec<usize>>,
}

impl Normalized {
    /// A text taken as normal already, with no notes.
    #[cfg(test)]
    pub fn plain(text: String) -> Self {
        Self {
            text,
            ..Self::default()
        }
    }

    /// This view's text and map, emptied, for another text to be written
    /// into; its other lists are small and let go.
    pub fn emptied(self) -> Self {
        let Self {
            mut text, mut map, ..
        } = self;
        text.clear();
        map.checkpoints.clear();
        Self {
            text,
            map,
            ..Self::default()
        }
    }

    /// The sentences of the text.
    pub fn sentences(&self) -> Sentences<'_> {
        let ends = self.sentence_ends.get_or_init(|| sentence::ends(&self.text));
        Sentences::with_ends(&self.text, ends)
    }
}

/// Maps byte offsets of the normalised text back to the original text.
///
/// Between two checkpoints the mapping is either linear (bytes were copied one
/// for one) or a replacement (e.g. `can't` → `can not`), in which case any
/// position inside maps to the whole replaced original.
#[derive(Debug, Default)]
pub(crate) struct OffsetMap {
    checkpoints: Vec<Checkpoint>,
}

#[derive(Debug, Clone, Copy)]
struct Checkpoint {
    norm: usize,
    orig: usize,
    linear: bool,
}

impl OffsetMap {
    /// Lookups that each start from where the last one ended, for offsets
    /// taken in order of position (a text's findings): a binary search over
    /// a large text's checkpoints misses the cache at nearly every halving.
    pub fn in_order(&self) -> MapCursor<'_> {
        MapCursor {
            map: self,
            cursor: Cursor::default(),
        }
    }

    /// The original offset where the normalised text at `norm` starts.
    pub fn start(&self, norm: usize) -> usize {
        self.in_order().start(norm)
    }

    /// The original offset where normalised text ending at `norm` ends.
    pub fn end(&self, norm: usize) -> usize {
        self.in_order().end(norm)
    }

    fn push(&mut self, norm: usize, orig: usize, linear: bool) {
        if let Some(last) = self.checkpoints.last_mut() {
            if last.norm == norm {
                *last = Checkpoint { norm, orig, linear };
                return;
            }
            if last.linear && linear && last.orig + (norm - last.norm) == orig {
                return;
            }
        }
        self.checkpoints.push(Checkpoint { norm, orig, linear });
    }
}

/// An [`OffsetMap`] read from where the last lookup ended (see
/// [`OffsetMap::in_order`]).
pub(crate) struct MapCursor<'a> {
    map: &'a OffsetMap,
    cursor: Cursor,
}

impl MapCursor<'_> {
    fn locate(&self, norm: usize) -> Option<usize> {
        let checkpoints = &self.map.checkpoints;
        self.cursor
            .partition_point(checkpoints.len(), |i| checkpoints[i].norm <= norm)
            .checked_sub(1)
    }

    /// The original offset where the normalised text at `norm` starts.
    pub fn start(&self, norm: usize) -> usize {
        let Some(i) = self.locate(norm) else { return norm };
        let c = self.map.checkpoints[i];
        if c.linear {
            c.orig + (norm - c.norm)
        } else {
            c.orig
        }
    }

    /// The original offset where normalised text ending at `norm` ends.
    pub fn end(&self, norm: usize) -> usize {
        let Some(i) = self.locate(norm) else { return norm };
        let checkpoints = &self.map.checkpoints;
        let c = checkpoints[i];
        if c.norm == norm {
            return c.orig;
        }
        if c.linear {
            return c.orig + (norm - c.norm);
        }
        checkpoints.get(i + 1).map_or(c.orig, |next| next.orig)
    }
}

/// Builds the normalised view of `pieces` of `text`.
pub(crate) fn normalise(text: &str, pieces: &[Piece]) -> Normalized {
    normalise_into(text, pieces, Normalized::default())
}

/// [`normalise`], written into the lists of `view`, an empty view
/// ([`Normalized::emptied`]).
pub(crate) fn normalise_into(text: &str, pieces: &[Piece], view: Normalized) -> Normalized {
    let mut b = Builder {
        out: view,
        copy_runs: true,
        ..Builder::default()
    };
    for piece in pieces {
        match piece {
            Piece::Prose(range) => b.prose(&text[range.clone()], Origin::At(range.start)),
            Piece::Markup(range) => b.markup(text, range.clone()),
            Piece::Gap(range) => b.space(range.clone()),
            Piece::Break(at) => b.boundary(*at),
            Piece::Strong(open) => b.strong(*open),
        }
    }
    b.finish()
}

/// Normalises a rule phrase the same way as text, without a map. Most phrases
/// are normal already: an owned one is then returned as it is.
pub(crate) fn normalise_phrase<S: AsRef<str> + Into<String>>(phrase: S) -> String {
    if is_normal(phrase.as_ref()) {
        return phrase.into();
    }
    let phrase = phrase.as_ref();
    let pieces = [Piece::Prose(0..phrase.len())];
    normalise(phrase, &pieces).text
}

/// A quick check that spares most rule phrases the full normaliser: lower-case
/// ASCII words and single spaces, no quotes or dashes, no contraction.
fn is_normal(phrase: &str) -> bool {
    let bytes = phrase.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    // Each word is asked whether it expands as the space or comma after it
    // is met, in the one pass over the bytes.
    let mut word = 0;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'a'..=b'z' | b'0'..=b'9' => continue,
            // Not two spaces, nor a space before a comma.
            b' ' | b',' if i == 0 || bytes[i - 1] != b' ' => {}
            _ => return false,
        }
        if expand_word(&phrase[word..i]).is_some() {
            return false;
        }
        word = i + 1;
    }
    expand_word(&phrase[word..]).is_none()
}

#[derive(Default)]
struct Builder {
    out: Normalized,
    /// A space seen but not yet written: dropped before punctuation and breaks.
    pending_space: Option<Range<usize>>,
    /// Consecutive line breaks seen in the current whitespace run.
    newlines: usize,
    /// Reused for each word, so that normalising allocates nothing per word.
    scratch: String,
    /// Where the open emphasis started, and how deeply it nests.
    strong: Option<(usize, usize)>,
    /// Whether runs of plain words are copied whole (see [`plain_run`]);
    /// the tests turn it off to check that word by word gives the same.
    copy_runs: bool,
}

impl Builder {
    /// Appends `s` for the original `orig`. `s` is a one-for-one copy when it has
    /// the same length (each char replaced by one of equal length); otherwise it is
    /// a replacement and maps as a whole.
    fn emit(&mut self, s: &str, orig: Range<usize>) {
        self.emit_mapped(s, orig, false);
    }

    fn emit_replacement(&mut self, s: &str, orig: Range<usize>) {
        self.emit_mapped(s, orig, true);
    }

    fn emit_mapped(&mut self, s: &str, orig: Range<usize>, replacement: bool) {
        let norm = self.out.text.len();
        let linear = !replacement && s.len() == orig.len();
        self.out.map.push(norm, orig.start, linear);
        match s.as_bytes() {
            // A space or a punctuation mark, most of what is written between
            // words: pushed as a byte, where copying a string calls `memcpy`.
            &[b] => self.out.text.push(char::from(b)),
            _ => self.out.text.push_str(s),
        }
        if !linear {
            self.out.map.push(self.out.text.len(), orig.end, true);
        }
    }

    /// The last byte written: ASCII punctuation and spaces are told by it
    /// without decoding the last character.
    fn last_byte(&self) -> Option<u8> {
        self.out.text.as_bytes().last().copied()
    }

    fn space(&mut self, orig: Range<usize>) {
        if self.pending_space.is_none() {
            self.pending_space = Some(orig);
        }
    }

    fn boundary(&mut self, at: usize) {
        self.pending_space = None;
        self.newlines = 0;
        if !self.out.text.is_empty() && !self.out.text.ends_with('\n') {
            self.emit("\n", at..at);
        }
    }

    fn flush_space(&mut self, before: char) {
        let newlines = std::mem::take(&mut self.newlines);
        let Some(space) = self.pending_space.take() else {
            return;
        };
        if newlines >= 2 {
            self.boundary(space.start);
        } else if !matches!(before, ',' | '.' | ';' | ':' | '!' | '?')
            && !matches!(self.last_byte(), None | Some(b'\n' | b' '))
        {
            self.emit(" ", space);
        }
    }

    /// HTML text: character references (`&rsquo;`, `&amp;`, `&#39;`) are read as
    /// the characters they stand for, each mapping back to the whole reference.
    fn markup(&mut self, text: &str, range: Range<usize>) {
        let s = &text[range.clone()];
        if !s.contains('&') {
            return self.prose(s, Origin::At(range.start));
        }
        let mut decoded = String::with_capacity(s.len());
        let mut origins = Vec::with_capacity(s.len() + 1);
        let mut rest = 0;
        for r in CHARACTER_REFERENCE.find_iter(s) {
            let reference = html_escape::decode_html_entities(r.as_str());
            if reference == r.as_str() {
                continue;
            }
            decoded.push_str(&s[rest..r.start()]);
            origins.extend((rest..r.start()).map(|i| range.start + i));
            decoded.push_str(&reference);
            origins.extend(std::iter::repeat_n(range.start + r.start(), reference.len()));
            rest = r.end();
        }
        decoded.push_str(&s[rest..]);
        origins.extend((rest..=s.len()).map(|i| range.start + i));
        self.prose(&decoded, Origin::Decoded(&origins));
    }

    fn prose(&mut self, s: &str, origin: Origin<'_>) {
        let mut i = 0;
        while let Some(c) = char_at(s, i) {
            if c.is_alphanumeric() {
                self.flush_space('a');
                if let (Origin::At(base), true) = (&origin, self.copy_runs) {
                    let (end, words) = plain_run(s, i);
                    if words > 0 {
                        self.out.words += words;
                        self.emit(&s[i..end], base + i..base + end);
                        i = end;
                        continue;
                    }
                }
                let end = word_end(s, i);
                self.word(&s[i..end], i, &origin);
                i = end;
                continue;
            }
            let at = origin.of(i);
            let len = c.len_utf8();
            match c {
                '\n' => {
                    self.newlines += 1;
                    self.space(at..origin.of(i + len));
                }
                '\r' => self.space(at..origin.of(i + len)),
                c if c.is_whitespace() => self.space(at..origin.of(i + len)),
                '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => {
                    self.flush_space(' ');
                    self.emit_dash(at..origin.of(i + len));
                }
                '-' if self.pending_space.is_some()
                    && char_at(s, i + len).is_none_or(char::is_whitespace) =>
                {
                    self.flush_space(' ');
                    self.emit_dash(at..origin.of(i + len));
                }
                '\u{2026}' => {
                    self.flush_space('.');
                    self.emit("...", at..origin.of(i + len));
                }
                _ => {
                    let mapped = punctuation(c);
                    self.flush_space(mapped);
                    if matches!(mapped, '!' | '?') && matches!(self.last_byte(), Some(b'!' | b'?')) {
                        self.mark_stacked();
                    }
                    if mapped == '!' {
                        self.out.exclamations.push(self.out.text.len());
                    }
                    let mut buf = [0u8; 4];
                    self.emit(mapped.encode_utf8(&mut buf), at..origin.of(i + len));
                }
            }
            i += len;
        }
    }

    /// A dash is a clause boundary written ` - `, whatever the original spacing.
    fn emit_dash(&mut self, orig: Range<usize>) {
        let dash = if matches!(self.last_byte(), None | Some(b' ' | b'\n')) {
            "- "
        } else {
            " - "
        };
        self.emit(dash, orig.clone());
        self.pending_space = None;
        self.newlines = 0;
    }

    /// Emits the word `word`, found at `start` of a prose string from `origin`.
    fn word(&mut self, word: &str, start: usize, origin: &Origin<'_>) {
        self.out.words += 1;
        let norm_start = self.out.text.len();
        let orig = origin.of(start)..origin.of(start + word.len());
        if is_plain_lower(word) {
            // Most words: already lower-case ASCII, nothing to straighten.
            match expand_word(word) {
                Some(expanded) => self.emit_replacement(expanded, orig),
                None => self.emit(word, orig),
            }
            return;
        }
        let mut lower = std::mem::take(&mut self.scratch);
        lower_into(&mut lower, word);
        if let Some(expanded) = expand_word(&lower) {
            self.emit_replacement(expanded, orig);
        } else if word.is_ascii() {
            self.emit(&lower, orig);
        } else {
            // Straightening or lower-casing may change a char's length: map each.
            for (i, c) in word.char_indices() {
                lower.clear();
                lower.extend(c.to_lowercase().map(punctuation));
                let end = origin.of(start + i + c.len_utf8());
                self.emit(&lower, origin.of(start + i)..end);
            }
        }
        self.scratch = lower;
        if is_capitals(word) {
            self.out.capitals.push(norm_start..self.out.text.len());
        }
    }

    /// The `!` or `?` about to be written follows another: extend or start a mark.
    fn mark_stacked(&mut self) {
        let end = self.out.text.len() + 1;
        match self.out.stacked.last_mut() {
            Some(last) if last.end + 1 == end => last.end = end,
            _ => self.out.stacked.push(end - 2..end),
        }
    }

    /// Bold or underline opens or closes; nested emphasis makes one range.
    fn strong(&mut self, open: bool) {
        if open {
            // The space before the emphasis is written now, outside it.
            self.flush_space(' ');
        }
        let at = self.out.text.len();
        self.strong = match (self.strong, open) {
            (None, true) => Some((at, 1)),
            (Some((start, depth)), true) => Some((start, depth + 1)),
            (Some((start, 1)), false) => {
                self.out.emphasis.push(start..at);
                None
            }
            (Some((start, depth)), false) => Some((start, depth - 1)),
            // A stray closing tag in HTML.
            (None, false) => None,
        };
    }

    fn finish(mut self) -> Normalized {
        // An HTML `<b>` never closed runs to the end, as it would in a browser.
        if let Some((start, _)) = self.strong.take() {
            self.out.emphasis.push(start..self.out.text.len());
        }
        while self.out.text.ends_with('\n') {
            self.out.text.pop();
        }
        self.out
    }
}

/// Where the bytes of a prose string come from in the original text.
enum Origin<'a> {
    /// Copied one for one from this offset on.
    At(usize),
    /// Decoded: the original offset of each byte, and one past the end.
    Decoded(&'a [usize]),
}

impl Origin<'_> {
    fn of(&self, i: usize) -> usize {
        match self {
            Origin::At(base) => base + i,
            Origin::Decoded(origins) => origins[i],
        }
    }
}

/// `&name;`, `&#39;` or `&#x2019;`: what may be an HTML character reference.
static CHARACTER_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});").unwrap()
});

/// A word written in capitals: letters, none lower-case, no digit (`ORD-88213`
/// and `A320` are codes, not shouting). One letter counts, so that `E-MAIL` and
/// `I NEED` join a run; the detectors decide what a run must hold.
fn is_capitals(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars() {
        if c.is_lowercase() || c.is_numeric() {
            return false;
        }
        // Scripts without case (Chinese, Japanese, Arabic…) have no capitals
        // to shout in: only upper-case letters count.
        letters += usize::from(c.is_uppercase());
    }
    letters >= 1
}

pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '\u{00B4}' | '`'
    )
}

/// Whether `word` is ASCII with no capital and no backtick: what
/// [`lower_into`] would copy as it is, and no run of capitals.
fn is_plain_lower(word: &str) -> bool {
    word.bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase() && b != b'`')
}

/// Puts `word` in `out`, lower-cased and with straight apostrophes.
fn lower_into(out: &mut String, word: &str) {
    out.clear();
    if word.is_ascii() {
        // Most words: no char to decode, and one ASCII apostrophe to straighten.
        out.push_str(word);
        out.make_ascii_lowercase();
        if out.contains('`') {
            *out = out.replace('`', "'");
        }
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase).map(punctuation));
    }
}

/// Maps typographic punctuation to its ASCII twin.
fn punctuation(c: char) -> char {
    match c {
        c if is_apostrophe(c) => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' | '\u{2033}' => '"',
        c => c,
    }
}

/// The end of the word starting at `start`: letters and digits, with apostrophes
/// inside (`can't`, `customer's`) but not around (`'missing'`).
fn word_end(s: &str, start: usize) -> usize {
    let bytes = s.as_bytes();
    let mut end = start;
    loop {
        // The bulk of a word, ASCII letters and digits, a byte at a time.
        while bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
            end += 1;
        }
        let Some(c) = char_at(s, end) else { return end };
        let after = end + c.len_utf8();
        let inner_apostrophe = is_apostrophe(c) && char_at(s, after).is_some_and(char::is_alphanumeric);
        // The apostrophe first: asking a curly one whether it is a letter
        // looks it up in Unicode's tables.
        if !(inner_apostrophe || c.is_alphanumeric()) {
            return end;
        }
        end = after;
    }
}

/// The end of the run of plain words that starts at `start` of `s`, and how
/// many words it holds: most of a reply, which normalising copies byte for
/// byte. Its words are lower-case ASCII letters and digits, none a
/// contraction or chat form, each ending where [`word_end`] ends it; between
/// two, one space, or a comma or full stop and one space. The run ends after
/// a word; `(start, 0)` when the first word is not plain.
fn plain_run(s: &str, start: usize) -> (usize, usize) {
    let bytes = s.as_bytes();
    let (mut end, mut words) = (start, 0);
    let mut i = start;
    loop {
        let word = i;
        i += lower_alnum_run(bytes, i);
        // A word goes on past an apostrophe, a capital or a non-ASCII letter:
        // the next byte must rule all of that out.
        let ended = matches!(bytes.get(i), None | Some(b' ' | b'.' | b','));
        if i == word || !ended || expand_word(&s[word..i]).is_some() {
            return (end, words);
        }
        (end, words) = (i, words + 1);
        if matches!(bytes.get(i), Some(b'.' | b',')) {
            i += 1;
        }
        if bytes.get(i) != Some(&b' ') {
            return (end, words);
        }
        i += 1;
    }
}

/// Contractions and chat forms (lower-cased, straight apostrophes) and what
/// they expand to.
const EXPANSIONS: &[(&[&str], &str)] = &[
    (&["can't", "cannot", "cant"], "can not"),
    (&["won't", "wont"], "will not"),
    (&["shan't"], "shall not"),
    (&["ain't"], "is not"),
    (&["don't", "dont"], "do not"),
    (&["doesn't", "doesnt"], "does not"),
    (&["didn't", "didnt"], "did not"),
    (&["isn't", "isnt"], "is not"),
    (&["aren't", "arent"], "are not"),
    (&["wasn't", "wasnt"], "was not"),
    (&["weren't", "werent"], "were not"),
    (&["haven't", "havent"], "have not"),
    (&["hasn't", "hasnt"], "has not"),
    (&["hadn't", "hadnt"], "had not"),
    (&["wouldn't", "wouldnt"], "would not"),
    (&["shouldn't", "shouldnt"], "should not"),
    (&["couldn't", "couldnt"], "could not"),
    (&["mustn't"], "must not"),
    (&["needn't"], "need not"),
    (&["mightn't"], "might not"),
    (&["it's"], "it is"),
    (&["that's", "thats"], "that is"),
    (&["there's", "theres"], "there is"),
    (&["what's", "whats"], "what is"),
    (&["here's", "heres"], "here is"),
    (&["who's"], "who is"),
    (&["where's"], "where is"),
    (&["how's"], "how is"),
    (&["he's"], "he is"),
    (&["she's"], "she is"),
    (&["let's"], "let us"),
    (&["nobody's"], "nobody is"),
    (&["everyone's"], "everyone is"),
    (&["everybody's"], "everybody is"),
    (&["someone's"], "someone is"),
    (&["i'm", "im"], "i am"),
    (&["you're", "youre"], "you are"),
    (&["we're"], "we are"),
    (&["they're", "theyre"], "they are"),
    (&["i'll"], "i will"),
    (&["you'll", "youll"], "you will"),
    (&["we'll"], "we will"),
    (&["they'll"], "they will"),
    (&["it'll"], "it will"),
    (&["that'll"], "that will"),
    (&["i've", "ive"], "i have"),
    (&["you've", "youve"], "you have"),
    (&["we've", "weve"], "we have"),
    (&["they've"], "they have"),
    (&["should've"], "should have"),
    (&["would've"], "would have"),
    (&["could've"], "could have"),
    (&["must've"], "must have"),
    (&["might've"], "might have"),
    (&["i'd"], "i would"),
    (&["you'd"], "you would"),
    (&["we'd"], "we would"),
    (&["they'd"], "they would"),
    (&["it'd"], "it would"),
    (&["that'd"], "that would"),
    (&["he'd"], "he would"),
    (&["she'd"], "she would"),
    (&["u"], "you"),
    (&["ur"], "your"),
    (&["pls", "plz"], "please"),
    (&["gonna"], "going to"),
    (&["gotta"], "got to"),
    (&["wanna"], "want to"),
    (&["cuz", "coz"], "because"),
];

/// For each length of word and each letter from `a` to `z`, a bit for each
/// second byte (a letter, or the apostrophe as the 27th) that a contraction
/// or chat form of that length and first letter goes on with; a word of one
/// letter stands for both.
const EXPANDED_STARTS: [[u32; 26]; 16] = {
    let mut seconds = [[0; 26]; 16];
    let mut i = 0;
    while i < EXPANSIONS.len() {
        let mut j = 0;
        while j < EXPANSIONS[i].0.len() {
            let word = EXPANSIONS[i].0[j].as_bytes();
            let second = match word.len() {
                1 => u32::MAX,
                _ => 1 << second_letter(word[1]),
            };
            seconds[word.len()][(word[0] - b'a') as usize] |= second;
            j += 1;
        }
        i += 1;
    }
    seconds
};

/// The place of a word's second byte among `a` to `z` and the apostrophe;
/// 31 for any other (which no contraction has).
const fn second_letter(b: u8) -> u32 {
    match b {
        b'a'..=b'z' => (b - b'a') as u32,
        b'\'' => 26,
        _ => 31,
    }
}

/// Expands a lower-cased word with straight apostrophes, if it is a contraction
/// or a chat form.
///
/// Inlined where it is called for every word: most words are ruled out by
/// their length and first two letters, unhashed and without a call.
#[inline(always)]
fn expand_word(w: &str) -> Option<&'static str> {
    let bytes = w.as_bytes();
    let may_expand = match (bytes.first(), EXPANDED_STARTS.get(bytes.len())) {
        (Some(&first @ b'a'..=b'z'), Some(firsts)) => {
            let seconds = firsts[usize::from(first - b'a')];
            let second = bytes.get(1).map_or(0, |&b| second_letter(b));
            seconds >> second & 1 == 1
        }
        _ => false,
    };
    match may_expand {
        true => expansion(w),
        false => None,
    }
}

/// The expansion of a word that may be a contraction or a chat form.
fn expansion(w: &str) -> Option<&'static str> {
    // Looked up for every word of every text and every rule phrase: a hash
    // beats a hundred string comparisons.
    static BY_WORD: LazyLock<FxHashMap<&str, &str>> = LazyLock::new(|| {
        EXPANSIONS
            .iter()
            .flat_map(|&(words, whole)| words.iter().map(move |&w| (w, whole)))
            .collect()
    });
    BY_WORD.get(w).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_contraction_passes_the_filter_and_its_neighbours_do_not() {
        for &(words, whole) in EXPANSIONS {
            for word in words {
                assert_eq!(expand_word(word), Some(whole), "{word}");
                // The same length and first letter, another second byte.
                let mut near = word.as_bytes().to_vec();
                if let Some(second) = near.get_mut(1) {
                    *second = b'x';
                    let near = String::from_utf8(near).unwrap();
                    assert_eq!(expand_word(&near), None, "{near}");
                }
            }
        }
        for word in ["will", "with", "what", "does", "call", "iu", "u2", "you", ""] {
            assert_eq!(expand_word(word), None, "{word}");
        }
    }

    fn view(text: &str) -> Normalized {
        normalise(text, &[Piece::Prose(0..text.len())])
    }

    /// The original text that a normalised substring maps back to.
    fn back<'a>(text: &'a str, n: &Normalized, needle: &str) -> &'a str {
        let start = n.text.find(needle).unwrap();
        let end = start + needle.len();
        &text[n.map.start(start)..n.map.end(end)]
    }

    #[test]
    fn notes_exclamations_words_and_emphasis() {
        let n = view("Done! Really!! Thanks.");
        assert_eq!(n.words, 3);
        assert_eq!(n.exclamations.len(), 3);
        assert!(n.exclamations.iter().all(|&i| &n.text[i..i + 1] == "!"));
        assert!(n.emphasis.is_empty());

        let md = "Please **do not** call, you __must__ wait.";
        let n = normalise(md, &crate::source::pieces(md, crate::source::Format::Markdown));
        let bold: Vec<&str> = n.emphasis.iter().map(|r| &n.text[r.clone()]).collect();
        assert_eq!(bold, ["do not", "must"]);

        let html = "<p>We <b>will <u>not</u></b> refund. <strong>Denied";
        let n = normalise(html, &crate::source::pieces(html, crate::source::Format::Html));
        let bold: Vec<&str> = n.emphasis.iter().map(|r| &n.text[r.clone()]).collect();
        assert_eq!(bold, ["will not", "denied"]);
    }

    #[test]
    fn case_apostrophes_quotes_and_contractions() {
        assert_eq!(
            view("I’m sorry, but THAT’S our policy.").text,
            "i am sorry, but that is our policy."
        );
        assert_eq!(
            view("We can't. We cannot. We can not.").text,
            "we can not. we can not. we can not."
        );
        assert_eq!(view("“Broken” ‘parcel’").text, "\"broken\" 'parcel'");
        assert_eq!(view("pls tell u r sure").text, "please tell you r sure");
    }

    #[test]
    fn only_cased_letters_make_capitals() {
        let n = view("您的工单 已经 分配编号 PLEASE WAIT Ünal ÉTÉ");
        let words: Vec<&str> = n.capitals.iter().map(|r| &n.text[r.clone()]).collect();
        assert_eq!(words, ["please", "wait", "été"]);
    }

    #[test]
    fn whitespace_dashes_and_breaks() {
        assert_eq!(view("calm\n  down\u{a0}now , ok").text, "calm down now, ok");
        assert_eq!(view("fault—once").text, "fault - once");
        assert_eq!(view("fault \u{2014} once").text, "fault - once");
        assert_eq!(view("a - b and e-mail").text, "a - b and e-mail");
        assert_eq!(view("one.\n\n\ntwo").text, "one.\ntwo");
        assert_eq!(view("one\r\ntwo").text, "one two");
        // Nothing is written before the first word, nor a dash's space.
        assert_eq!(view(" \t calm down").text, "calm down");
        assert_eq!(view(" — calm down").text, "- calm down");
    }

    #[test]
    fn offsets_map_back_to_original_text() {
        let text = "Héllo 😀 — It’s NOT your fault, we can’t.";
        let n = view(text);
        assert_eq!(back(text, &n, "it is not"), "It’s NOT");
        assert_eq!(back(text, &n, "not your fault"), "NOT your fault");
        assert_eq!(back(text, &n, "can not"), "can’t");
        assert_eq!(back(text, &n, "can"), "can’t");
        assert_eq!(back(text, &n, "is not"), "It’s NOT");
        assert_eq!(back(text, &n, "héllo"), "Héllo");
    }

    proptest::proptest! {
        /// Runs of plain words copied whole give the view, the map and the
        /// notes that the same text gives word by word.
        #[test]
        fn copied_runs_are_what_words_one_by_one_give(
            text in r"([a-z0-9]{1,4}|[ ,.]|cant|u|I|X|it’s|é|\n|4\.2|1,0|!|-){0,40}",
        ) {
            let pieces = [Piece::Prose(0..text.len())];
            let by_word = |copy_runs| {
                let mut b = Builder { copy_runs, ..Builder::default() };
                b.prose(&text, Origin::At(0));
                b.finish()
            };
            let (copied, one_by_one) = (by_word(true), by_word(false));
            proptest::prop_assert_eq!(&copied.text, &normalise(&text, &pieces).text);
            proptest::prop_assert_eq!(&copied.text, &one_by_one.text);
            proptest::prop_assert_eq!(copied.words, one_by_one.words);
            proptest::prop_assert_eq!(&copied.capitals, &one_by_one.capitals);
            // Lookups in order through one cursor find what lookups alone find.
            let in_order = copied.map.in_order();
            for i in 0..=copied.text.len() {
                proptest::prop_assert_eq!(in_order.start(i), one_by_one.map.start(i));
                proptest::prop_assert_eq!(in_order.end(i), one_by_one.map.end(i));
            }
        }
    }

    proptest::proptest! {
        /// A phrase the quick check passes is one the normaliser leaves as
        /// it is, and the check passes most phrases the normaliser keeps.
        #[test]
        fn phrases_taken_as_normal_are_normal(
            phrase in r"([a-z0-9]{1,3}|[ ,.']|cant|u|pls|don|t|im|A|\n|é){0,12}",
        ) {
            let pieces = [Piece::Prose(0..phrase.len())];
            let normalised = normalise(&phrase, &pieces).text;
            if is_normal(&phrase) {
                proptest::prop_assert_eq!(&normalised, &phrase);
            }
            let simple = phrase.bytes().all(|b| b.is_ascii_lowercase() || b == b' ');
            if simple && normalised == phrase {
                proptest::prop_assert!(is_normal(&phrase), "{phrase:?}");
            }
        }
    }

    #[test]
    fn length_changing_lowercase_maps_per_char() {
        // 'İ' lower-cases to two chars; offsets after it must still line up.
        let text = "İ said calm down";
        let n = view(text);
        assert_eq!(back(text, &n, "calm down"), "calm down");
    }
}

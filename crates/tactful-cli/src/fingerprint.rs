//! Fingerprints: a stable name for a finding that survives lines moving.
//!
//! Baselines and SARIF `partialFingerprints` need to recognise a finding after
//! someone edits the file around it. Positions change on every edit, so the
//! fingerprint is built from what the finding is about instead: the rule, the
//! reply it is in, the matched words and the line they sit on (case and
//! spacing ignored), and how many identical findings came before it in the file.

use rustc_hash::FxHashMap;
use tactful::{Diagnostic, LineIndex};

/// Lines longer than this enter a fingerprint by their hash. Every finding on
/// a line hashes the line, so a file on one enormous line (a minified export)
/// would cost each finding the whole file; ordinary lines enter as they are,
/// which keeps their fingerprints as they always were.
const LONG_LINE: usize = 4096;

/// Fingerprints the findings of a text, handed to it in file order.
pub struct Fingerprinter<'a> {
    index: LineIndex<'a>,
    /// How many findings came before with each key, by its hash.
    seen: FxHashMap<u64, u32>,
    /// The last line a finding was on, and its key: each line is squashed once.
    line_key: Option<(usize, String)>,
}

impl<'a> Fingerprinter<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            index: LineIndex::new(text),
            seen: FxHashMap::default(),
            line_key: None,
        }
    }

    /// The fingerprint of `d`, found in the reply named `reply`: the next
    /// finding in file order.
    pub fn next(&mut self, d: &Diagnostic, reply: Option<&str>) -> String {
        let line = self.index.line_column(d.span.start).line;
        if self.line_key.as_ref().is_none_or(|(at, _)| *at != line) {
            self.line_key = Some((line, line_key_of(self.index.line_text(line))));
        }
        let line_key = self.line_key.as_ref().map_or("", |(_, key)| key.as_str());
        let key = [&*d.rule, reply.unwrap_or(""), &squash(&d.matched), line_key].join("\0");
        let hash = xxhash_rust::xxh3::xxh3_64(key.as_bytes());
        let occurrence = self.seen.entry(hash).or_default();
        *occurrence += 1;
        format!("{hash:016x}:{occurrence}")
    }
}

/// A line as it enters fingerprints: squashed, or the hash of the squashed
/// line when that is longer than [`LONG_LINE`]. The squashed line is hashed as
/// it is made, so an enormous line is never copied whole.
fn line_key_of(line: &str) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut head = String::new();
    let mut len = 0;
    let mut word = String::new();
    for (i, w) in line.split_whitespace().enumerate() {
        word.clear();
        if i > 0 {
            word.push(' ');
        }
        word.push_str(&w.to_lowercase());
        hasher.update(word.as_bytes());
        len += word.len();
        if len <= LONG_LINE {
            head.push_str(&word);
        }
    }
    match len > LONG_LINE {
        true => format!("{:016x}", hasher.digest()),
        false => head,
    }
}

/// Lower case with runs of whitespace as one space, so re-wrapping or
/// re-indenting a line keeps its findings' fingerprints.
fn squash(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use tactful::{Format, Linter};

    fn prints(text: &str) -> Vec<String> {
        let mut printer = Fingerprinter::new(text);
        let found = Linter::default_pack().check(text, Format::Plain);
        found.iter().map(|d| printer.next(d, None)).collect()
    }

    #[test]
    fn moving_lines_keeps_fingerprints_and_twins_differ() {
        let bad = "That's our policy.";
        let before = format!("Hi Sam,\n{bad}\n");
        let after = format!("Hi Sam,\n\nThanks for waiting.\n\n  {bad}\n");
        assert_eq!(prints(&before), prints(&after));
        assert!(!prints(&before).is_empty());
        let twice = prints(&format!("{bad}\n{bad}\n"));
        assert_eq!(twice.len(), 2);
        assert_ne!(twice[0], twice[1]);
    }

    #[test]
    fn a_long_line_enters_by_the_hash_of_its_squashed_text() {
        let short = "  Hello   ΣAM,\tthat's OUR policy ";
        assert_eq!(line_key_of(short), squash(short));
        let long = short.repeat(400);
        let squashed = squash(&long);
        assert!(squashed.len() > LONG_LINE);
        let hash = xxhash_rust::xxh3::xxh3_64(squashed.as_bytes());
        assert_eq!(line_key_of(&long), format!("{hash:016x}"));
    }
}

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

/// Fingerprints for `diagnostics` of `text`, in the same order.
pub fn fingerprints<'a>(
    text: &str,
    diagnostics: impl IntoIterator<Item = (&'a Diagnostic, Option<&'a str>)>,
) -> Vec<String> {
    let index = LineIndex::new(text);
    let mut seen: FxHashMap<u64, u32> = FxHashMap::default();
    // Findings come in file order: each line is squashed once.
    let mut line_key: Option<(usize, String)> = None;
    diagnostics
        .into_iter()
        .map(|(d, reply)| {
            let line = index.line_column(d.span.start).line;
            if line_key.as_ref().is_none_or(|(at, _)| *at != line) {
                line_key = Some((line, line_key_of(index.line_text(line))));
            }
            let line_key = line_key.as_ref().map_or("", |(_, key)| key.as_str());
            let key = [&*d.rule, reply.unwrap_or(""), &squash(&d.matched), line_key].join("\0");
            let hash = xxhash_rust::xxh3::xxh3_64(key.as_bytes());
            let occurrence = seen.entry(hash).or_default();
            *occurrence += 1;
            format!("{hash:016x}:{occurrence}")
        })
        .collect()
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
        let found = Linter::default_pack().check(text, Format::Plain);
        fingerprints(text, found.iter().map(|d| (d, None)))
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

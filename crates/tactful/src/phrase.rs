//! Tokens of the normalised text, and sets of short phrases matched on them.
//!
//! Context conditions ("not preceded by `things`", "an alternative follows") look
//! at a few words around a candidate; they compare tokens, so word boundaries
//! hold by construction.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Splits normalised text into tokens: words (letters, digits, inner
/// apostrophes) and single punctuation characters. Whitespace is dropped.
pub(crate) fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if !is_word_char(c) {
            out.push(&text[i..i + c.len_utf8()]);
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, n)) = chars.peek() {
            let next_alnum = text[j + n.len_utf8()..].starts_with(|x: char| x.is_alphanumeric());
            let inner_apostrophe = n == '\'' && next_alnum;
            // 4.2, 15:30 and 1,000 are one number.
            let next_digit = text[j + n.len_utf8()..].starts_with(|x: char| x.is_ascii_digit());
            let in_number = matches!(n, '.' | ':' | ',')
                && text[..j].ends_with(|x: char| x.is_ascii_digit())
                && next_digit;
            if is_word_char(n) || inner_apostrophe || in_number {
                end = j + n.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        out.push(&text[i..end]);
    }
    out
}

/// The runs of word characters of `text`, with their byte offsets.
pub(crate) fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `token` is a word (not punctuation).
pub(crate) fn is_word(token: &str) -> bool {
    token.chars().next().is_some_and(is_word_char)
}

/// A set of short phrases as a trie over tokens; `#` matches any word with a
/// digit. Finding every occurrence costs a walk per position, however many
/// phrases share a first word.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct PhraseSet {
    root: Node,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Node {
    // Looked up for every token near every candidate: a fast hash pays.
    children: FxHashMap<Box<str>, Node>,
    digit: Option<Box<Node>>,
    /// A phrase ends here.
    terminal: bool,
}

impl PhraseSet {
    /// Builds a set from normalised literal phrases.
    pub fn new(literals: &[String]) -> Self {
        let mut root = Node::default();
        for literal in literals {
            let toks = tokens(literal);
            if toks.is_empty() {
                continue;
            }
            let mut node = &mut root;
            for t in toks {
                node = if t == "#" {
                    node.digit.get_or_insert_with(Default::default)
                } else {
                    node.children.entry(t.into()).or_default()
                };
            }
            node.terminal = true;
        }
        Self { root }
    }

    /// Every occurrence in `tokens`, as `(start, end)` token indices.
    pub fn find<'a>(&'a self, tokens: &'a [&'a str]) -> impl Iterator<Item = (usize, usize)> + 'a {
        (0..tokens.len()).flat_map(move |i| {
            let mut ends = Vec::new();
            walk(&self.root, tokens, i, &mut ends);
            ends.into_iter().map(move |e| (i, e))
        })
    }

    /// Whether any phrase occurs in `tokens`.
    pub fn occurs_in(&self, tokens: &[&str]) -> bool {
        self.find(tokens).next().is_some()
    }
}

/// Collects the end index of every phrase of `node` that starts at `tokens[at]`.
fn walk(node: &Node, tokens: &[&str], at: usize, ends: &mut Vec<usize>) {
    let Some(&token) = tokens.get(at) else { return };
    if let Some(next) = node.children.get(token) {
        if next.terminal {
            ends.push(at + 1);
        }
        walk(next, tokens, at + 1, ends);
    }
    if let Some(next) = &node.digit {
        if token.bytes().any(|b| b.is_ascii_digit()) {
            if next.terminal {
                ends.push(at + 1);
            }
            walk(next, tokens, at + 1, ends);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(phrases: &[&str]) -> PhraseSet {
        PhraseSet::new(&phrases.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn tokenises_words_and_punctuation() {
        assert_eq!(
            tokens("at 15:30, 4.2 or 1,000."),
            ["at", "15:30", ",", "4.2", "or", "1,000", "."]
        );
        assert_eq!(
            tokens("i will call, by 3pm. customer's 'x'"),
            [
                "i",
                "will",
                "call",
                ",",
                "by",
                "3pm",
                ".",
                "customer's",
                "'",
                "x",
                "'"
            ]
        );
    }

    #[test]
    fn words_have_offsets() {
        assert_eq!(
            words("i'm - ok!").collect::<Vec<_>>(),
            [(0, "i"), (2, "m"), (6, "ok")]
        );
    }

    #[test]
    fn finds_phrases_on_word_boundaries() {
        let s = set(&["just", "by #", "i will"]);
        let toks = tokens("we adjust it, i will call by 3pm");
        let found: Vec<_> = s.find(&toks).map(|(a, b)| toks[a..b].join(" ")).collect();
        assert_eq!(found, ["i will", "by 3pm"]);
        assert!(!set(&["by #"]).occurs_in(&tokens("by friday")));
    }
}

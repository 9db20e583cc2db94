//! Tokens of the normalised text, and sets of short phrases matched on them.
//!
//! Context conditions ("not preceded by `things`", "an alternative follows") look
//! at a few words around a candidate; they compare tokens, so word boundaries
//! hold by construction.

use std::collections::HashMap;

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
            let inner_apostrophe = n == '\'' && text[j + 1..].starts_with(|x: char| x.is_alphanumeric());
            if is_word_char(n) || inner_apostrophe {
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

pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `token` is a word (not punctuation).
pub(crate) fn is_word(token: &str) -> bool {
    token.chars().next().is_some_and(is_word_char)
}

/// A pattern token: a literal word or punctuation, or `#` for any word with a digit.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Literal(String),
    Digit,
}

impl Tok {
    fn matches(&self, token: &str) -> bool {
        match self {
            Tok::Literal(l) => l == token,
            Tok::Digit => token.bytes().any(|b| b.is_ascii_digit()),
        }
    }
}

/// A set of short phrases, indexed by first token.
#[derive(Debug, Clone, Default)]
pub(crate) struct PhraseSet {
    by_first: HashMap<String, Vec<Vec<Tok>>>,
    digit_first: Vec<Vec<Tok>>,
}

impl PhraseSet {
    /// Builds a set from normalised literal phrases.
    pub fn new(literals: &[String]) -> Self {
        let mut set = Self::default();
        for literal in literals {
            let toks: Vec<Tok> = tokens(literal)
                .into_iter()
                .map(|t| {
                    if t == "#" {
                        Tok::Digit
                    } else {
                        Tok::Literal(t.to_string())
                    }
                })
                .collect();
            match toks.first() {
                Some(Tok::Literal(first)) => set.by_first.entry(first.clone()).or_default().push(toks),
                Some(Tok::Digit) => set.digit_first.push(toks),
                None => {}
            }
        }
        set
    }

    /// Every occurrence in `tokens`, as `(start, end)` token indices.
    pub fn find<'a>(&'a self, tokens: &'a [&'a str]) -> impl Iterator<Item = (usize, usize)> + 'a {
        (0..tokens.len()).flat_map(move |i| {
            let keyed = self
                .by_first
                .get(tokens[i])
                .map(Vec::as_slice)
                .unwrap_or_default();
            keyed
                .iter()
                .chain(&self.digit_first)
                .filter(move |p| {
                    p.len() <= tokens.len() - i && p.iter().zip(&tokens[i..]).all(|(t, x)| t.matches(x))
                })
                .map(move |p| (i, i + p.len()))
        })
    }

    /// Whether any phrase occurs in `tokens`.
    pub fn occurs_in(&self, tokens: &[&str]) -> bool {
        self.find(tokens).next().is_some()
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
    fn finds_phrases_on_word_boundaries() {
        let s = set(&["just", "by #", "i will"]);
        let toks = tokens("we adjust it, i will call by 3pm");
        let found: Vec<_> = s.find(&toks).map(|(a, b)| toks[a..b].join(" ")).collect();
        assert_eq!(found, ["i will", "by 3pm"]);
        assert!(!set(&["by #"]).occurs_in(&tokens("by friday")));
    }
}

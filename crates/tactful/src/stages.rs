//! The pipeline one stage at a time, for the benchmarks; not part of the API.
//!
//! Each stage takes the previous stage's output, so a benchmark can prepare
//! the input of one stage outside its timed loop.

use crate::{Format, Linter, judge, mask, normalise, phrase, source};

/// Pieces of a text, from [`source`] or [`mask`].
pub struct Pieces(Vec<source::Piece>);

/// The normalised view of a text.
pub struct View(normalise::Normalized);

/// The tokens of a view, which the matcher and the judge both read.
pub struct Tokens<'v>(Vec<&'v str>);

/// The candidates the matcher found in a view.
pub struct Candidates(Vec<crate::matcher::Candidate>);

/// Stage 1: the pieces of prose of a document.
pub fn source(text: &str, format: Format) -> Pieces {
    Pieces(source::pieces(text, format))
}

/// Stage 2: placeholders, quotes and the like masked out of the pieces.
pub fn mask(text: &str, format: Format, pieces: Pieces) -> Pieces {
    Pieces(mask::mask(text, format, pieces.0))
}

/// Stage 3: the normalised view.
pub fn normalise(text: &str, pieces: &Pieces) -> View {
    View(normalise::normalise(text, &pieces.0))
}

/// Stage 4: the view's tokens.
pub fn tokens(view: &View) -> Tokens<'_> {
    Tokens(phrase::tokens(&view.0.text))
}

/// Stage 5: the candidates of every rule.
pub fn candidates(linter: &Linter, text: &str, view: &View, tokens: &Tokens<'_>) -> Candidates {
    Candidates(
        linter
            .matcher
            .candidates(text, &view.0, &tokens.0, &linter.rules, Vec::new()),
    )
}

/// Stage 6: how many candidates the judge keeps.
pub fn judge(linter: &Linter, view: &View, tokens: &Tokens<'_>, candidates: &Candidates) -> usize {
    judge::judge(&view.0, &tokens.0, &linter.rules, &candidates.0).len()
}

/// The anchor words of the linter's automaton, in pattern order.
pub fn anchors(linter: &Linter) -> Vec<&str> {
    linter.matcher.anchors().collect()
}

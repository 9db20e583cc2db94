//! tactful finds the phrasing in customer-service replies that loses customers —
//! "that's our policy", "calm down", "sorry if you feel…" — says why in one line,
//! and suggests an empathetic rewrite.
//!
//! The engine is text in, diagnostics out: no I/O, no presentation. A text goes
//! through a fixed pipeline, one module per stage:
//!
//! 1. [`source`](Format) — plain text or Markdown becomes pieces of prose;
//! 2. `mask` — placeholders, code, URLs, e-mail addresses, quoted lines and mail
//!    history are masked, keeping every offset;
//! 3. `normalise` — one lower-case view with straight quotes and expanded
//!    contractions, mapped back to the original bytes;
//! 4. `matcher` — one pass finds the anchor words of every rule: each word
//!    looked up among them, an Aho-Corasick automaton for the few that are
//!    not plain words;
//! 5. `judge` — clause, negation, conditional and mitigator context decide each
//!    candidate;
//! 6. `report` — [`Diagnostic`]s with byte spans of the original text; some
//!    carry a safe replacement, which [`apply_fixes`] writes in.
//!
//! ```
//! use tactful::{Format, Linter, Severity};
//!
//! let linter = Linter::default_pack();
//! let reply = "I’m sorry, but that’s our policy. Please calm down.";
//! let found = linter.check(reply, Format::Plain);
//! let rules: Vec<&str> = found.iter().map(|d| &*d.rule).collect();
//! assert!(rules.iter().any(|r| r.starts_with("policy-hiding/")));
//! assert!(found.iter().all(|d| &reply[d.span.clone()] == d.matched));
//!
//! let kind = "It’s not your fault — once things calm down on our side I’ll call you back today.";
//! assert!(linter.check(kind, Format::Plain).iter().all(|d| d.severity < Severity::Warning));
//! ```

#![warn(missing_docs)]

mod chunk;
mod config;
mod detect;
mod fix;
mod judge;
mod mask;
mod matcher;
mod normalise;
pub mod pack;
mod pattern;
mod phrase;
mod pod;
mod precompiled;
mod report;
mod reuse;
mod rule;
mod seek;
mod sentence;
mod source;
#[doc(hidden)]
pub mod stages;
mod walk;

pub use chunk::Part;
pub use config::{Config, ConfigError, Filter, Located, Override, Suppression};
pub use fix::{Fixed, apply_fixes};
pub use report::{Diagnostic, LineColumn, LineIndex};
pub use rule::{Category, Examples, Rule, RuleError, Severity};
pub use source::Format;

use std::sync::OnceLock;

use matcher::Matcher;
use report::RuleWords;

/// A compiled rule pack, ready to check texts. Build it once and reuse it.
#[derive(Debug, Clone)]
pub struct Linter {
    rules: Vec<Rule>,
    /// Each rule's words, as its diagnostics share them; made for its first
    /// diagnostic, as one reply concerns a few of the rules.
    words: Vec<OnceLock<RuleWords>>,
    matcher: Matcher,
    /// What a configuration keeps of the findings; the default keeps all.
    filter: Filter,
}

impl Linter {
    /// A linter with the default rule pack embedded in the crate.
    pub fn default_pack() -> Self {
        if let Some((rules, matcher)) = precompiled::load() {
            return Self::from_parts(rules, matcher);
        }
        let rules = pack::load(pack::DEFAULT_FILES.iter().copied()).expect("the default rule pack is valid");
        Self::new(rules)
    }

    /// A linter from loaded rules (see [`pack::load`]).
    pub fn new(rules: Vec<Rule>) -> Self {
        let matcher = Matcher::new(&rules);
        Self::from_parts(rules, matcher)
    }

    fn from_parts(rules: Vec<Rule>, matcher: Matcher) -> Self {
        Self {
            words: rules.iter().map(|_| OnceLock::new()).collect(),
            rules,
            matcher,
            filter: Filter::default(),
        }
    }

    /// A linter with the default pack and a configuration's `select`,
    /// `ignore`, `[severity]` and `[[phrases]]`: its findings come filtered and
    /// at the configured severities. A configuration that names files
    /// (`extends`, `rules`) is refused, as a text alone cannot resolve them;
    /// `[[overrides]]` and `[[suppress]]` are left to the caller, as they apply
    /// to paths and to macros of exports.
    pub fn with_config(config: &Config) -> Result<Self, ConfigError> {
        if let Some(first) = config.extends.first().or(config.rules.first()) {
            return Err(config.error_at(
                first.at,
                "`extends` and `rules` name files, which a configuration given as text cannot read",
            ));
        }
        let mut linter = match config.phrase_rules() {
            None => Self::default_pack(),
            Some(extra) => {
                let files = pack::DEFAULT_FILES
                    .iter()
                    .copied()
                    .chain([("[[phrases]]", extra)]);
                Self::new(pack::load(files).map_err(|e| config.error_at(0, e.to_string()))?)
            }
        };
        config.check_names(&linter)?;
        linter.filter = config.filter.clone();
        Ok(linter)
    }

    /// The rules, in pack order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Checks one text; diagnostics come in order of position.
    pub fn check(&self, text: &str, format: Format) -> Vec<Diagnostic> {
        let mut found: Vec<Diagnostic> = self.check_iter(text, format).collect();
        // Growing by doubling may have left half the list unused; a large text
        // has a hundred thousand findings.
        found.shrink_to_fit();
        found
    }

    /// [`Linter::check`] as an iterator: a plain or HTML text over a mebibyte
    /// is checked a piece of about 256 KiB at a time as the iterator is
    /// advanced, so a caller that handles each diagnostic as it comes (writes
    /// it out, counts it) never holds them all. Diagnostics come in order of
    /// position, the same as [`Linter::check`] gives.
    pub fn check_iter<'a>(&'a self, text: &'a str, format: Format) -> impl Iterator<Item = Diagnostic> + 'a {
        self.parts(text, format)
            .into_iter()
            .flat_map(move |part| self.check_part(text, format, &part))
    }

    /// The parts [`Linter::check_iter`] checks a text in, in order: the whole
    /// text, or for a plain or HTML text over a mebibyte, pieces of about 256
    /// KiB, each checked with the text around it. Each is checked on its own
    /// by [`Linter::check_part`], so a caller may share them among threads;
    /// their diagnostics, in the parts' order, are those of
    /// [`Linter::check`].
    ///
    /// ```
    /// use tactful::{Format, Linter};
    ///
    /// let linter = Linter::default_pack();
    /// let text = "Calm down, that's our policy.\n\n".repeat(40_000);
    /// let parts = linter.parts(&text, Format::Plain);
    /// assert!(parts.len() > 1);
    /// let found: Vec<_> = parts.iter().flat_map(|p| linter.check_part(&text, Format::Plain, p)).collect();
    /// assert_eq!(found, linter.check(&text, Format::Plain));
    /// ```
    pub fn parts(&self, text: &str, format: Format) -> Vec<Part> {
        chunk::parts(text, format, chunk::Sizes::DEFAULT)
    }

    /// The diagnostics of one part of `text`, from [`Linter::parts`] of the
    /// same text and format, in order of position.
    ///
    /// # Panics
    ///
    /// When `part` reaches past the end of `text` or inside a character, as
    /// slicing it would: a part of another text.
    pub fn check_part(&self, text: &str, format: Format, part: &Part) -> Vec<Diagnostic> {
        let found = chunk::check_part(text, part, &|context| self.check_whole(context, format));
        let filtered = found.into_iter().filter_map(|mut d| {
            d.severity = self.filter.apply(&d)?;
            Some(d)
        });
        filtered.collect()
    }

    /// [`Linter::check`] with the size of the pieces a large plain text is
    /// checked in, and of the context read around each (see `chunk.rs`).
    #[doc(hidden)]
    pub fn check_in_pieces(
        &self,
        text: &str,
        format: Format,
        piece: usize,
        margin: usize,
    ) -> Vec<Diagnostic> {
        let sizes = chunk::Sizes {
            whole: piece,
            piece,
            margin,
        };
        self.pieces(text, format, sizes).collect()
    }

    fn pieces<'a>(
        &'a self,
        text: &'a str,
        format: Format,
        sizes: chunk::Sizes,
    ) -> impl Iterator<Item = Diagnostic> + 'a {
        chunk::check(text, format, move |part| self.check_whole(part, format), sizes)
    }

    fn check_whole(&self, text: &str, format: Format) -> Vec<Diagnostic> {
        let lists = reuse::take();
        let pieces = mask::mask(text, format, source::pieces(text, format));
        let view = normalise::normalise_into(text, &pieces, lists.view);
        // The matcher reads the words of the tokens the judge reads.
        let tokens = phrase::tokens_into(&view.text, lists.tokens);
        let candidates = self
            .matcher
            .candidates(text, &view, &tokens, &self.rules, lists.candidates);
        let findings = judge::judge(&view, &tokens, &self.rules, &candidates);
        let map = view.map.in_order();
        let diagnostics = findings
            .into_iter()
            .map(|f| {
                let rule = &self.rules[f.rule];
                let words = self.words[f.rule].get_or_init(|| RuleWords::of(rule));
                let span = map.start(f.start)..map.end(f.end);
                let fix = rule
                    .fix_for(&text[span.clone()])
                    .and_then(|replacement| fix::offer(text, span.clone(), &pieces, replacement));
                Diagnostic {
                    rule: words.id.clone(),
                    category: rule.category,
                    severity: f.severity,
                    message: words.message.clone(),
                    matched: text[span.clone()].to_string(),
                    span,
                    suggestions: words.suggestions.clone(),
                    fix,
                }
            })
            .collect();
        let tokens = reuse::unborrowed(tokens);
        reuse::keep(view, tokens, candidates);
        diagnostics
    }
}

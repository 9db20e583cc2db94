//! What every fuzz target checks: each target is one call here. The assertions
//! themselves are the ones the property tests make, shared with them.
//!
//! Inputs are bytes; they are read as UTF-8 with invalid sequences replaced, so
//! that every input reaches the code under test. For the engine and the fixes
//! the first byte picks the format (`m` Markdown, `h` HTML, anything else
//! plain text) and is not part of the text; the seed script writes it.

use std::borrow::Cow;
use std::sync::LazyLock;

use tactful::{Config, ConfigError, Format, Linter, pack};
use tactful_formats::{Kind, Options, read};

#[path = "../../crates/tactful/tests/invariants/mod.rs"]
pub mod engine;
#[path = "../../crates/tactful-formats/tests/invariants/mod.rs"]
pub mod formats;

static LINTER: LazyLock<Linter> = LazyLock::new(Linter::default_pack);

/// Pieces small enough that short inputs are split too (see [`check_engine`]).
const SMALL_PIECES: (usize, usize) = (64, 32);

/// A reply with findings of several rules and categories, for filters to keep or drop.
const SAMPLE: &str = "Unfortunately, that's our policy. Please calm down. No problem, I'll send it by EOD.";

/// What fixes write: words, spaces and apostrophes.
const REWRITE: &str = "We'll do what's needed";

/// The format and text of an engine input.
pub fn format_and_text(data: &[u8]) -> (Format, Cow<'_, str>) {
    let (format, rest) = match data.split_first() {
        Some((b'm', rest)) => (Format::Markdown, rest),
        Some((b'h', rest)) => (Format::Html, rest),
        Some((_, rest)) => (Format::Plain, rest),
        None => (Format::Plain, data),
    };
    (format, String::from_utf8_lossy(rest))
}

/// The engine keeps its promises on any text (see
/// [`engine::assert_diagnostics`]). Plain text is also checked in tiny pieces,
/// which otherwise only megabyte inputs reach.
pub fn check_engine(data: &[u8]) {
    let (format, text) = format_and_text(data);
    engine::assert_diagnostics(&text, &LINTER.check(&text, format));
    if format == Format::Plain {
        let (piece, margin) = SMALL_PIECES;
        engine::assert_diagnostics(&text, &LINTER.check_in_pieces(&text, format, piece, margin));
    }
}

/// Check, fix, check again until no fix is left, as `--fix` does (see
/// [`engine::fix_until_settled`]).
pub fn check_fixes(data: &[u8]) {
    let (format, text) = format_and_text(data);
    engine::fix_until_settled(&LINTER, &text, format);
}

/// A reader on any file: when it reads, every reply maps into the file and a
/// rewrite of one of its words reads back (see [`formats`]).
pub fn check_reader(data: &[u8], kind: Kind) {
    let file = String::from_utf8_lossy(data);
    let Ok(replies) = read(&file, kind, &Options::default()) else {
        return;
    };
    for (i, reply) in replies.iter().enumerate() {
        formats::assert_maps_into(&file, reply);
        formats::assert_rewrite_reads_back(&file, kind, &replies, i, REWRITE);
    }
}

/// Any rule file, loaded beside the default pack's shared sets: when it loads,
/// the linter it makes keeps the engine's promises on the rule's own examples.
pub fn check_rule_file(data: &[u8]) {
    check_rule_text(&String::from_utf8_lossy(data));
}

fn check_rule_text(text: &str) {
    let sets = pack::DEFAULT_FILES
        .iter()
        .copied()
        .filter(|(name, _)| *name == "sets.toml");
    let rules = match pack::load(sets.chain([("fuzzed.toml", text)])) {
        Ok(rules) => rules,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    let linter = Linter::new(rules);
    for rule in linter.rules() {
        let examples = &rule.examples();
        let fixed = examples.fixed.iter().flat_map(|(before, after)| [before, after]);
        for example in examples.bad.iter().chain(&examples.good).chain(fixed) {
            for format in engine::FORMATS {
                engine::assert_diagnostics(example, &linter.check(example, format));
            }
        }
    }
}

/// Any configuration text: an error points inside the text; a configuration
/// that parses checks its rule names, filters findings to a subset of them, and
/// its `[[phrases]]` make a rule file that loads or says why not.
/// ([`Linter::with_config`] does the same after loading the whole pack, which
/// would make each run a hundred times slower.)
pub fn check_config(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let config = match Config::from_toml(&text) {
        Ok(config) => config,
        Err(e) => {
            assert_points_inside(&text, &e);
            return;
        }
    };
    if let Err(e) = config.check_names(&LINTER) {
        assert_points_inside(&text, &e);
    }
    let found = LINTER.check(SAMPLE, Format::Plain);
    let filters = std::iter::once(&config.filter).chain(config.overrides.iter().map(|o| &o.filter));
    for filter in filters {
        let mut kept = found.clone();
        filter.retain(&mut kept);
        engine::assert_diagnostics(SAMPLE, &kept);
        assert!(
            kept.iter()
                .all(|d| found.iter().any(|f| f.span == d.span && f.rule == d.rule))
        );
    }
    if let Some(rules) = config.phrase_rules() {
        check_rule_text(rules);
    }
}

/// The error's line and column are inside `text`, and it displays as
/// `LINE:COLUMN: message`.
fn assert_points_inside(text: &str, e: &ConfigError) {
    let lines = text.split('\n').count();
    assert!(
        (1..=lines).contains(&e.line) && e.column >= 1,
        "{e:?} in {text:?}"
    );
    assert!(
        e.to_string().starts_with(&format!("{}:{}: ", e.line, e.column)),
        "{e}"
    );
}

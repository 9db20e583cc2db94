//! Engine benchmarks on the generated corpus (see `corpus.rs`), all in one run:
//!
//! - `engine`: checking 1 MB of replies with the full default pack;
//! - `floor`: a bare Aho-Corasick scan of the same text for the same anchor
//!   words (no context, no reporting) — what the hardware allows;
//! - `stage`: each stage of the pipeline on its own;
//! - `pack_growth`: the default pack, and the pack with ten times its anchors
//!   (generated words that never occur in a reply);
//! - `start_up`: building the default pack, and checking one 1 KB reply with
//!   a fresh one, as one run of the command line does.
//!
//! Run with `cargo bench -p tactful`; `scripts/bench.sh` reads the output.

// The example that writes the corpus to files uses the rest of the generator.
#[allow(dead_code)]
#[path = "corpus.rs"]
mod corpus;

use std::fmt::Write;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use divan::{Bencher, black_box, counter::BytesCount};
use tactful::{Format, Linter, stages};

fn main() {
    divan::main();
}

/// One megabyte of generated replies.
static TEXT: LazyLock<String> = LazyLock::new(|| corpus::Replies::new(2).text(1_000_000));

/// The default pack, with every phrase it needs for [`TEXT`] already expanded,
/// so that the loops measure checking and not the one-time expansion.
static LINTER: LazyLock<Linter> = LazyLock::new(|| warm(Linter::default_pack()));

fn warm(linter: Linter) -> Linter {
    linter.check(&TEXT, Format::Plain);
    linter
}

#[divan::bench(sample_count = 20)]
fn engine(bencher: Bencher) {
    let linter = &*LINTER;
    bencher
        .counter(BytesCount::of_str(&*TEXT))
        .bench(|| linter.check(black_box(&TEXT), Format::Plain));
}

/// The anchors' automaton, built as the matcher builds it.
fn automaton(anchors: &[&str]) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::DFA))
        .build(anchors)
        .expect("anchors build an automaton")
}

#[divan::bench(sample_count = 20)]
fn floor(bencher: Bencher) {
    let automaton = automaton(&stages::anchors(&LINTER));
    bencher
        .counter(BytesCount::of_str(&*TEXT))
        .bench(|| automaton.find_overlapping_iter(black_box(&*TEXT)).count());
}

#[divan::bench_group(sample_count = 20)]
mod stage {
    use super::*;

    #[divan::bench]
    fn source(bencher: Bencher) {
        bencher
            .counter(BytesCount::of_str(&*TEXT))
            .bench(|| stages::source(black_box(&TEXT), Format::Plain));
    }

    #[divan::bench]
    fn mask(bencher: Bencher) {
        bencher
            .counter(BytesCount::of_str(&*TEXT))
            .with_inputs(|| stages::source(&TEXT, Format::Plain))
            .bench_values(|pieces| stages::mask(black_box(&TEXT), Format::Plain, pieces));
    }

    #[divan::bench]
    fn normalise(bencher: Bencher) {
        let pieces = stages::mask(&TEXT, Format::Plain, stages::source(&TEXT, Format::Plain));
        bencher
            .counter(BytesCount::of_str(&*TEXT))
            .bench(|| stages::normalise(black_box(&TEXT), &pieces));
    }

    fn view() -> stages::View {
        let pieces = stages::mask(&TEXT, Format::Plain, stages::source(&TEXT, Format::Plain));
        stages::normalise(&TEXT, &pieces)
    }

    #[divan::bench]
    fn tokens(bencher: Bencher) {
        let view = view();
        bencher
            .counter(BytesCount::of_str(&*TEXT))
            .bench(|| stages::tokens(black_box(&view)));
    }

    #[divan::bench]
    fn matcher(bencher: Bencher) {
        let view = view();
        let tokens = stages::tokens(&view);
        bencher
            .counter(BytesCount::of_str(&*TEXT))
            .bench(|| stages::candidates(&LINTER, black_box(&TEXT), &view, &tokens));
    }

    #[divan::bench]
    fn judge(bencher: Bencher) {
        let view = view();
        let tokens = stages::tokens(&view);
        let candidates = stages::candidates(&LINTER, &TEXT, &view, &tokens);
        bencher
            .counter(BytesCount::of_str(&*TEXT))
            .bench(|| stages::judge(&LINTER, black_box(&view), &tokens, &candidates));
    }
}

/// A rule file of generated rules whose phrases bring `count` new anchor
/// words: variants of the pack's own anchors that never occur in a reply.
fn generated_rules(anchors: &[&str], count: usize) -> String {
    let mut toml = String::new();
    let variants = (1..).flat_map(|n| anchors.iter().map(move |a| format!("{a}zq{n}")));
    let words: Vec<String> = variants.take(count).collect();
    for (i, chunk) in words.chunks(100).enumerate() {
        let phrases: Vec<String> = chunk.iter().map(|w| format!("\"{w} now\"")).collect();
        let _ = write!(
            toml,
            "[[rule]]\nid = \"jargon/generated-{i}\"\nseverity = \"info\"\nmessage = \"m\"\n\
             rationale = \"r\"\nsuggestions = [\"s\"]\n[[rule.trigger]]\nphrases = [{}]\n\n",
            phrases.join(", ")
        );
    }
    toml
}

/// The default pack with `factor` times its anchors.
fn grown_pack(factor: usize) -> Linter {
    let anchors = stages::anchors(&LINTER);
    let extra = generated_rules(&anchors, anchors.len() * (factor - 1));
    let files = tactful::pack::DEFAULT_FILES
        .iter()
        .copied()
        .chain([("generated.toml", extra.as_str())]);
    Linter::new(tactful::pack::load(files).expect("the grown pack loads"))
}

#[divan::bench(args = [1, 10], sample_count = 20)]
fn pack_growth(bencher: Bencher, factor: usize) {
    let linter = if factor == 1 {
        warm(Linter::default_pack())
    } else {
        warm(grown_pack(factor))
    };
    bencher
        .counter(BytesCount::of_str(&*TEXT))
        .bench(|| linter.check(black_box(&TEXT), Format::Plain));
}

#[divan::bench_group(sample_count = 20)]
mod start_up {
    use super::*;

    /// Loading and compiling the embedded rule pack.
    #[divan::bench]
    fn build_default_pack() -> Linter {
        Linter::default_pack()
    }

    /// A fresh pack checking one 1 KB reply: the engine's part of one run of
    /// `tactful check` on a draft.
    #[divan::bench]
    fn one_reply(bencher: Bencher) {
        let reply = corpus::Replies::new(1).reply_of(900);
        bencher.bench(|| Linter::default_pack().check(black_box(&reply), Format::Plain));
    }
}

//! Engine benchmarks: building the default pack, and checking replies with it.
//!
//! Run with `cargo bench -p tactful`.

use divan::{Bencher, black_box, counter::BytesCount};
use tactful::{Format, Linter};

fn main() {
    divan::main();
}

const REPLIES: &[&str] = &[
    include_str!("../examples/replies/refund-refusal.md"),
    include_str!("../examples/replies/refund-good.md"),
    include_str!("../examples/replies/chat-late-parcel.txt"),
    include_str!("../examples/replies/outage-update.txt"),
];

/// Loading and compiling the embedded rule pack: the start-up cost of a run.
#[divan::bench(sample_count = 10)]
fn build_default_pack() -> Linter {
    Linter::default_pack()
}

/// Checking the bundled replies, repeated to about 1 MB of text.
#[divan::bench]
fn check_one_megabyte(bencher: Bencher) {
    let linter = Linter::default_pack();
    let mut text = String::new();
    while text.len() < 1 << 20 {
        for reply in REPLIES {
            text.push_str(reply);
            text.push_str("\n\n");
        }
    }
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| linter.check(black_box(&text), Format::Markdown));
}

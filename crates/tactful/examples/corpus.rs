//! Writes the benchmark corpus: deterministic support replies in the sizes the
//! benchmarks and `scripts/bench.sh` use.
//!
//! ```sh
//! cargo run --release -p tactful --example corpus -- target/corpus
//! ```
//!
//! writes `reply-1k.txt` (one reply of about 1 KB), `answer-1k.txt` (one of
//! about 1 KB that quotes the customer and keeps the mail it answers below),
//! `corpus-1m.txt` (1 MB),
//! `corpus-100m.txt` (100 MB) and `folder/` (10,000 small files: plain text,
//! Markdown and HTML). The same command always writes the same bytes.

#[path = "../../../benches/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};

use corpus::Replies;

fn main() -> std::io::Result<()> {
    let out = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("target/corpus"), PathBuf::from);
    std::fs::create_dir_all(out.join("folder"))?;
    write(&out, "reply-1k.txt", &Replies::new(1).reply_of(900))?;
    write(&out, "answer-1k.txt", &Replies::new(1).answer_of(700))?;
    write(&out, "corpus-1m.txt", &Replies::new(2).text(1_000_000))?;
    write(&out, "corpus-100m.txt", &Replies::new(3).text(100_000_000))?;
    let mut replies = Replies::new(4);
    for i in 0..10_000 {
        let (name, text) = replies.file(i);
        std::fs::write(out.join("folder").join(name), text)?;
    }
    Ok(())
}

fn write(dir: &Path, name: &str, text: &str) -> std::io::Result<()> {
    std::fs::write(dir.join(name), text)
}

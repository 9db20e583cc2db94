use tactful::{Format, Linter};
#[inline(never)]
fn warm(linter: &Linter, text: &str) -> usize {
    linter.check(text, Format::Plain).len()
}
#[inline(never)]
fn measured(linter: &Linter, text: &str, k: usize) -> usize {
    let mut n = 0;
    for _ in 0..k {
        n += linter.check(std::hint::black_box(text), Format::Plain).len();
    }
    n
}
fn main() {
    if std::env::var("DUMP").is_ok() {
        dump();
        return;
    }
    let k: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let text = std::fs::read_to_string("target/bench/corpus/corpus-1m.txt").unwrap();
    let linter = Linter::default_pack();
    warm(&linter, &text);
    let t = std::time::Instant::now();
    let n = measured(&linter, &text, k);
    eprintln!("{n} findings, {:?} per check", t.elapsed() / k as u32);
}
#[allow(dead_code)]
fn dump() {
    for a in tactful::stages::anchors(&Linter::default_pack()) {
        println!("{a}");
    }
}

use std::time::Instant;
fn main() {
    let t = Instant::now();
    let files: Vec<(String, String)> = std::fs::read_dir("rules")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| (p.display().to_string(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    let rules = tactful::pack::load(files.iter().map(|(a, b)| (a.as_str(), b.as_str()))).unwrap();
    let n: usize = rules.len();
    println!("load {:?} rules {n}", t.elapsed());
    let t = Instant::now();
    let l = tactful::Linter::new(rules);
    println!(
        "build {:?} {} {}",
        t.elapsed(),
        l.anchor_count(),
        l.phrase_count()
    );
    let t = Instant::now();
    let d = l.check(
        "I'm sorry, but that's our policy. Please calm down.",
        tactful::Format::Plain,
    );
    println!("check {:?} {}", t.elapsed(), d.len());
    let t = Instant::now();
    let d = l.check(
        "I'm sorry, but that's our policy. Please calm down.",
        tactful::Format::Plain,
    );
    println!("check {:?} {}", t.elapsed(), d.len());
}

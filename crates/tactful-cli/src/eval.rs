//! `tactful eval`: accuracy on labelled replies.
//!
//! A bad reply (labelled with categories) counts for recall when any finding
//! appears, and for category-correct recall when a finding in one of its
//! categories appears, at any severity. A good reply (no categories) is a false
//! positive when a warning or an error appears. Per category, recall is over the
//! replies labelled with it and precision over the replies where it was found.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use serde::Deserialize;
use tactful::{Category, Diagnostic, Format, Linter, Severity};

use crate::args::{EvalArgs, TextFormat};

/// One labelled reply, as a line of a JSON-lines file.
#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    id: Option<String>,
    text: String,
    categories: Vec<String>,
    #[serde(default)]
    format: Option<LabelledFormat>,
}

/// A labelled reply whose categories are known ids.
struct Labelled {
    id: Option<String>,
    text: String,
    categories: Vec<Category>,
    format: Option<LabelledFormat>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum LabelledFormat {
    Plain,
    Markdown,
    Html,
}

/// A reply with its findings.
struct Judged {
    id: String,
    reply: Labelled,
    found: Vec<Diagnostic>,
}

impl Judged {
    fn is_bad(&self) -> bool {
        !self.reply.categories.is_empty()
    }

    fn found_in(&self, category: Category) -> bool {
        self.found.iter().any(|d| d.category == category)
    }

    fn caught_in_category(&self) -> bool {
        self.reply.categories.iter().any(|&c| self.found_in(c))
    }

    fn false_positive(&self) -> Option<&Diagnostic> {
        self.found.iter().find(|d| d.severity >= Severity::Warning)
    }
}

/// Counts over a corpus.
#[derive(Default)]
struct Scores {
    bad: usize,
    caught: usize,
    caught_in_category: usize,
    good: usize,
    false_positives: usize,
    /// Per category: (labelled, labelled and found, found).
    categories: BTreeMap<Category, (usize, usize, usize)>,
}

impl Scores {
    fn of(judged: &[Judged]) -> Self {
        let mut s = Scores::default();
        for j in judged {
            if j.is_bad() {
                s.bad += 1;
                s.caught += usize::from(!j.found.is_empty());
                s.caught_in_category += usize::from(j.caught_in_category());
            } else {
                s.good += 1;
                s.false_positives += usize::from(j.false_positive().is_some());
            }
            for &c in Category::ALL {
                let (labelled, found) = (j.reply.categories.contains(&c), j.found_in(c));
                let e = s.categories.entry(c).or_default();
                e.0 += usize::from(labelled);
                e.1 += usize::from(labelled && found);
                e.2 += usize::from(found);
            }
        }
        s
    }

    fn recall(&self) -> f64 {
        ratio(self.caught, self.bad)
    }

    fn category_recall(&self) -> f64 {
        ratio(self.caught_in_category, self.bad)
    }

    fn false_positive_rate(&self) -> f64 {
        ratio(self.false_positives, self.good)
    }
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 { 0.0 } else { n as f64 / d as f64 }
}

/// Runs the evaluation and prints its report; the exit code says whether the
/// thresholds held.
pub fn run(linter: &Linter, args: &EvalArgs) -> anyhow::Result<u8> {
    let mut judged = Vec::new();
    for file in &args.files {
        for (n, reply) in read(file)? {
            let format = match reply.format {
                Some(LabelledFormat::Plain) => Format::Plain,
                Some(LabelledFormat::Markdown) => Format::Markdown,
                Some(LabelledFormat::Html) => Format::Html,
                None => text_format(&reply.text, args.input_format),
            };
            let found = linter.check(&reply.text, format);
            let id = reply
                .id
                .clone()
                .unwrap_or_else(|| format!("{}:{n}", file.display()));
            judged.push(Judged { id, reply, found });
        }
    }
    if judged.is_empty() {
        bail!("no labelled replies in {} file(s)", args.files.len());
    }
    let scores = Scores::of(&judged);
    let mut out = std::io::stdout().lock();
    out.write_all(report(&judged, &scores, args.show).as_bytes())?;
    let failed = [
        args.min_recall
            .filter(|&min| scores.recall() < min)
            .map(|min| format!("recall {:.3} is below {min}", scores.recall())),
        args.min_category_recall
            .filter(|&min| scores.category_recall() < min)
            .map(|min| {
                format!(
                    "category-correct recall {:.3} is below {min}",
                    scores.category_recall()
                )
            }),
        args.max_false_positive_rate
            .filter(|&max| scores.false_positive_rate() > max)
            .map(|max| {
                format!(
                    "false-positive rate {:.3} is above {max}",
                    scores.false_positive_rate()
                )
            }),
    ];
    let failed: Vec<String> = failed.into_iter().flatten().collect();
    for f in &failed {
        writeln!(out, "FAILED: {f}")?;
    }
    Ok(if failed.is_empty() { 0 } else { 1 })
}

/// The labelled replies of a JSON-lines file, with their line numbers; an error
/// names the file and the line.
fn read(path: &Path) -> anyhow::Result<Vec<(usize, Labelled)>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = || format!("{}:{}", path.display(), i + 1);
        let line: Line =
            serde_json::from_str(line).with_context(|| format!("{}: not a labelled reply", at()))?;
        let categories = line
            .categories
            .iter()
            .map(|c| c.parse::<Category>())
            .collect::<Result<_, _>>()
            .map_err(|e| anyhow::anyhow!("{}: {e}", at()))?;
        out.push((
            i + 1,
            Labelled {
                id: line.id,
                text: line.text,
                categories,
                format: line.format,
            },
        ));
    }
    Ok(out)
}

fn report(judged: &[Judged], s: &Scores, show: usize) -> String {
    let mut r = String::new();
    let _ = writeln!(
        r,
        "{:<22} {:>9} {:>7} {:>7} {:>6} {:>9}",
        "category", "labelled", "caught", "recall", "found", "precision"
    );
    for (c, &(labelled, hit, found)) in &s.categories {
        if labelled + found == 0 {
            continue;
        }
        let _ = writeln!(
            r,
            "{:<22} {labelled:>9} {hit:>7} {:>7} {found:>6} {:>9}",
            c.as_str(),
            rate(hit, labelled),
            rate(hit, found),
        );
    }
    let _ = writeln!(r);
    let _ = writeln!(
        r,
        "bad replies      {:>5}  recall {:.3} ({}), category-correct recall {:.3} ({})",
        s.bad,
        s.recall(),
        s.caught,
        s.category_recall(),
        s.caught_in_category
    );
    let _ = writeln!(
        r,
        "good replies     {:>5}  false-positive rate {:.3} ({})",
        s.good,
        s.false_positive_rate(),
        s.false_positives
    );
    let misses: Vec<&Judged> = judged
        .iter()
        .filter(|j| j.is_bad() && !j.caught_in_category())
        .collect();
    let false_positives: Vec<&Judged> = judged
        .iter()
        .filter(|j| !j.is_bad() && j.false_positive().is_some())
        .collect();
    if !misses.is_empty() {
        let _ = writeln!(r, "\nmissed ({} of {}):", misses.len().min(show), misses.len());
        for j in misses.iter().take(show) {
            let labels: Vec<&str> = j.reply.categories.iter().map(|c| c.as_str()).collect();
            let found: Vec<&str> = j.found.iter().map(|d| &*d.rule).collect();
            let _ = writeln!(
                r,
                "  {} [{}] found [{}]\n    {}",
                j.id,
                labels.join(", "),
                found.join(", "),
                excerpt(&j.reply.text)
            );
        }
    }
    if !false_positives.is_empty() {
        let _ = writeln!(
            r,
            "\nfalse positives ({} of {}):",
            false_positives.len().min(show),
            false_positives.len()
        );
        for j in false_positives.iter().take(show) {
            let d = j.false_positive().expect("filtered on false positives");
            let _ = writeln!(
                r,
                "  {} {} {} on {:?}\n    {}",
                j.id,
                d.severity,
                d.rule,
                d.matched,
                excerpt(&j.reply.text)
            );
        }
    }
    r
}

fn rate(n: usize, d: usize) -> String {
    if d == 0 {
        "-".into()
    } else {
        format!("{:.3}", ratio(n, d))
    }
}

/// The text on one line, cut at about 300 characters.
fn excerpt(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(300) {
        Some((i, _)) => format!("{}…", &flat[..i]),
        None => flat,
    }
}

/// The format of a labelled reply's text without a `format` field.
fn text_format(text: &str, format: TextFormat) -> Format {
    match format {
        TextFormat::Auto => Format::sniff(text),
        TextFormat::Plain => Format::Plain,
        TextFormat::Markdown => Format::Markdown,
        TextFormat::Html => Format::Html,
    }
}

//! Suppression comments written in a reply, and which findings they cover.
//!
//! Markdown and HTML use comments, which the reader never sees:
//!
//! ```text
//! <!-- tactful-disable-next-line policy-hiding -- legal asked for this wording -->
//! <!-- tactful-disable dismissive/calm-down -->  …  <!-- tactful-enable dismissive/calm-down -->
//! ```
//!
//! Plain text has no comments, so there a line of its own starting with `#` or
//! `//` does the same: `# tactful-disable-next-line shouting -- a product name`.
//! A directive names rule ids or categories (separated by spaces or commas), or
//! none for every rule; text after ` -- ` is the reason. `disable-next-line`
//! covers the next line that is not blank.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashMap;
use tactful::{Diagnostic, Format};

static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*tactful-(disable-next-line|disable|enable)\b((?s:.*?))-->").expect("comment regex")
});

static LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*(?:#|//)[ \t]*tactful-(disable-next-line|disable|enable)\b(.*)$")
        .expect("line directive regex")
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NextLine,
    Disable,
    Enable,
}

/// One directive: where it is written and what it covers.
#[derive(Debug)]
pub struct Directive {
    /// The directive's own text, in bytes of the checked text.
    pub span: Range<usize>,
    kind: Kind,
    /// Rule ids or categories; empty means every rule.
    pub rules: Vec<String>,
    /// The byte range it covers; `None` for `enable`.
    covers: Option<Range<usize>>,
}

impl Directive {
    /// Where its own text and what it covers end: a diagnostic that starts
    /// there or later is neither.
    fn reach(&self) -> usize {
        self.covers
            .as_ref()
            .map_or(self.span.end, |r| r.end.max(self.span.end))
    }

    fn names(&self, d: &Diagnostic) -> bool {
        self.rules.is_empty()
            || self
                .rules
                .iter()
                .any(|r| *r == *d.rule || r == d.category.as_str())
    }
}

/// The directives of `text`, each with the ranges it covers.
pub fn directives(text: &str, format: Format) -> Vec<Directive> {
    // Cheap exit: most replies hold no directive at all.
    if memchr::memmem::find(text.as_bytes(), b"tactful-").is_none() {
        return Vec::new();
    }
    let pattern = match format {
        Format::Plain => &*LINE,
        _ => &*COMMENT,
    };
    let mut found: Vec<Directive> = pattern
        .captures_iter(text)
        .map(|c| {
            let kind = match &c[1] {
                "disable-next-line" => Kind::NextLine,
                "disable" => Kind::Disable,
                _ => Kind::Enable,
            };
            let body = c[2].split(" -- ").next().unwrap_or("");
            let rules = body
                .split([' ', ',', '\t', '\n'])
                .filter(|r| !r.is_empty())
                .map(str::to_string)
                .collect();
            Directive {
                span: c.get(0).expect("whole match").range(),
                kind,
                rules,
                covers: None,
            }
        })
        .collect();
    let closings = closings(&found);
    for (x, closing) in found.iter_mut().zip(closings) {
        x.covers = match x.kind {
            Kind::NextLine => next_line(text, x.span.end),
            Kind::Disable => Some(x.span.end..closing.unwrap_or(text.len())),
            Kind::Enable => None,
        };
    }
    found
}

/// Where each `disable` directive is closed: at the first later `enable` that
/// names the same rules, or any `enable` without names. The directives are
/// read once, from the last, so that a file of thousands of `disable`s is not
/// read again for each.
fn closings(found: &[Directive]) -> Vec<Option<usize>> {
    let mut closings = vec![None; found.len()];
    // The nearest `enable` after the directive read, without names, and by
    // the rules it names.
    let mut any = None;
    let mut by_rules: FxHashMap<&[String], usize> = FxHashMap::default();
    for (i, x) in found.iter().enumerate().rev() {
        match x.kind {
            Kind::Enable if x.rules.is_empty() => any = Some(x.span.start),
            Kind::Enable => {
                by_rules.insert(&x.rules, x.span.start);
            }
            Kind::Disable => {
                closings[i] = any.into_iter().chain(by_rules.get(&x.rules[..]).copied()).min();
            }
            Kind::NextLine => {}
        }
    }
    closings
}

/// The byte range of the first non-blank line after the line holding `after`.
fn next_line(text: &str, after: usize) -> Option<Range<usize>> {
    let mut start = after + text[after..].find('\n')? + 1;
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
        if !text[start..end].trim().is_empty() {
            return Some(start..end);
        }
        start = end + 1;
    }
    None
}

/// Directives applied to diagnostics one at a time, as they come, remembering
/// which of them covered something.
///
/// Diagnostics come in order of position, as a text's do, so the directives
/// are met in order too, and each diagnostic is asked only of those that may
/// still cover it: asking every directive of the text made a file of many
/// directives and findings quadratic.
pub struct Suppressor {
    directives: Vec<Directive>,
    used: Vec<bool>,
    /// How many directives have been met.
    met: usize,
    /// The `disable-next-line` directives met whose line may still come.
    next_lines: Vec<usize>,
    /// The `disable` directives met, by the rules they name.
    ranges: Vec<Ranges>,
    /// Where the last diagnostic started.
    last: usize,
}

/// The `disable` directives met that name the same rules. One that covers a
/// diagnostic covers every later one it names until it is closed, so once
/// used it is only remembered by where it closes: a file of thousands of
/// such directives asks each diagnostic of each list of rules once.
struct Ranges {
    /// One of them, for the rules they name.
    first: usize,
    /// Those that have covered nothing yet.
    waiting: Vec<usize>,
    /// Where the last of those that have covered something closes.
    used_until: usize,
}

impl Suppressor {
    pub fn new(directives: Vec<Directive>) -> Self {
        let used = vec![false; directives.len()];
        Self {
            directives,
            used,
            met: 0,
            next_lines: Vec::new(),
            ranges: Vec::new(),
            last: 0,
        }
    }

    /// Whether `d` is suppressed: inside a directive's own text, or covered by
    /// directives that name it.
    pub fn covers(&mut self, d: &Diagnostic) -> bool {
        let at = d.span.start;
        if at < self.last {
            // Out of order: meet the directives again from the first.
            (self.met, self.next_lines, self.ranges) = (0, Vec::new(), Vec::new());
        }
        self.last = at;
        self.meet(at);
        // Directives do not overlap: only the last one met may hold `d`.
        let last = self.met.checked_sub(1).map(|i| &self.directives[i]);
        if last.is_some_and(|x| d.span.end <= x.span.end) {
            return true;
        }
        let Self {
            directives,
            used,
            next_lines,
            ranges,
            ..
        } = self;
        let mut covered = false;
        next_lines.retain(|&i| at < directives[i].reach());
        for &i in next_lines.iter() {
            let x = &directives[i];
            if x.names(d) && x.covers.as_ref().is_some_and(|r| r.start <= at) {
                used[i] = true;
                covered = true;
            }
        }
        for r in ranges.iter_mut().filter(|r| directives[r.first].names(d)) {
            // Those whose range has begun cover `d` unless closed before it,
            // and will never cover anything again if so.
            r.waiting.retain(|&i| {
                let x = &directives[i];
                if at < x.span.end {
                    return true;
                }
                if at < x.reach() {
                    used[i] = true;
                    r.used_until = r.used_until.max(x.reach());
                }
                false
            });
            covered |= at < r.used_until;
        }
        covered
    }

    /// Meets the directives that start at `at` or before.
    fn meet(&mut self, at: usize) {
        while let Some(x) = self.directives.get(self.met).filter(|x| x.span.start <= at) {
            match x.kind {
                Kind::NextLine => self.next_lines.push(self.met),
                Kind::Disable => match self
                    .ranges
                    .iter_mut()
                    .find(|r| self.directives[r.first].rules == x.rules)
                {
                    Some(r) => r.waiting.push(self.met),
                    None => self.ranges.push(Ranges {
                        first: self.met,
                        waiting: vec![self.met],
                        used_until: 0,
                    }),
                },
                Kind::Enable => {}
            }
            self.met += 1;
        }
    }

    /// The directives that covered nothing so far (`enable` aside).
    pub fn unused(&self) -> impl Iterator<Item = &Directive> {
        self.directives
            .iter()
            .zip(&self.used)
            .filter(|(x, used)| x.kind != Kind::Enable && !**used)
            .map(|(x, _)| x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tactful::Linter;

    fn run(text: &str, format: Format) -> (Vec<String>, Vec<Vec<String>>) {
        let mut suppressor = Suppressor::new(directives(text, format));
        let found = Linter::default_pack()
            .check(text, format)
            .into_iter()
            .filter(|d| !suppressor.covers(d))
            .map(|d| d.rule.to_string())
            .collect();
        (found, suppressor.unused().map(|d| d.rules.clone()).collect())
    }

    #[test]
    fn next_line_covers_the_next_non_blank_line_only() {
        let text = "<!-- tactful-disable-next-line policy-hiding -- legal wording -->\n\n\
                    That's our policy.\n\nThat's our policy.\n";
        let (found, unused) = run(text, Format::Markdown);
        assert_eq!(
            found.iter().filter(|r| r.starts_with("policy-hiding/")).count(),
            1,
            "{found:?}"
        );
        assert!(unused.is_empty());
    }

    #[test]
    fn ranges_close_at_enable_and_unused_ones_are_reported() {
        let text = "<!-- tactful-disable dismissive -->\nPlease calm down.\n<!-- tactful-enable dismissive -->\n\
                    Please calm down.\n<!-- tactful-disable-next-line shouting -->\nThanks for waiting.\n";
        let (found, unused) = run(text, Format::Markdown);
        assert_eq!(
            found.iter().filter(|r| r.starts_with("dismissive/")).count(),
            1,
            "{found:?}"
        );
        assert_eq!(unused, vec![vec!["shouting".to_string()]]);
    }

    proptest::proptest! {
        /// Whatever the order diagnostics come in, each is covered as asking
        /// every directive of the text would tell, and the same directives
        /// are used.
        #[test]
        fn directives_met_in_order_cover_what_every_directive_would(
            lines in proptest::collection::vec(0usize..8, 1..40),
            shuffled in proptest::bool::ANY,
        ) {
            let text: String = lines.iter().map(|&l| [
                "# tactful-disable-next-line dismissive",
                "# tactful-disable-next-line policy-hiding -- legal",
                "# tactful-disable dismissive",
                "# tactful-enable dismissive",
                "# tactful-disable",
                "Please calm down, that's our policy.",
                "",
                "# tactful-enable",
            ][l]).collect::<Vec<_>>().join("\n");
            let mut found = Linter::default_pack().check(&text, Format::Plain);
            if shuffled {
                found.reverse();
            }
            let all = directives(&text, Format::Plain);
            let mut used = vec![false; all.len()];
            let mut suppressor = Suppressor::new(directives(&text, Format::Plain));
            for d in &found {
                let inside = all.iter().any(|x| x.span.start <= d.span.start && d.span.end <= x.span.end);
                let covering: Vec<usize> = (0..all.len())
                    .filter(|&i| all[i].names(d) && all[i].covers.as_ref().is_some_and(|r| r.contains(&d.span.start)))
                    .collect();
                if !inside {
                    covering.iter().for_each(|&i| used[i] = true);
                }
                proptest::prop_assert_eq!(suppressor.covers(d), inside || !covering.is_empty(), "{:?}", d);
            }
            let unused: Vec<&Range<usize>> = all
                .iter()
                .zip(&used)
                .filter(|(x, used)| x.kind != Kind::Enable && !**used)
                .map(|(x, _)| &x.span)
                .collect();
            let theirs: Vec<&Range<usize>> = suppressor.unused().map(|x| &x.span).collect();
            proptest::prop_assert_eq!(theirs, unused);
        }
    }

    proptest::proptest! {
        /// A `disable` is closed by the first later `enable` that names the
        /// same rules or none.
        #[test]
        fn a_disable_closes_at_the_first_enable_that_matches_it(
            lines in proptest::collection::vec((0usize..3, 0usize..4), 0..30),
        ) {
            let names = ["", " dismissive", " shouting", " shouting, dismissive"];
            let kinds = ["disable", "enable", "disable-next-line"];
            let text: String = lines
                .iter()
                .map(|&(k, n)| format!("# tactful-{}{}\nSorry.\n", kinds[k], names[n]))
                .collect();
            let found = directives(&text, Format::Plain);
            for (i, x) in found.iter().enumerate().filter(|(_, x)| x.kind == Kind::Disable) {
                let closing = found[i + 1..]
                    .iter()
                    .find(|e| e.kind == Kind::Enable && (e.rules.is_empty() || e.rules == x.rules))
                    .map_or(text.len(), |e| e.span.start);
                proptest::prop_assert_eq!(x.covers.clone(), Some(x.span.end..closing));
            }
        }
    }

    #[test]
    fn plain_text_uses_hash_lines() {
        let text = "# tactful-disable-next-line -- quoting the customer\nPlease calm down.\n";
        let (found, unused) = run(text, Format::Plain);
        assert!(found.is_empty(), "{found:?}");
        assert!(unused.is_empty());
    }
}

//! Judge: decide, from the context around each candidate, whether it is a finding
//! and how severe.
//!
//! Context is read from the candidate's sentence only (and, for mitigators, the
//! next sentence or a bounded stretch of the reply), so the cost per candidate is
//! bounded however long the text is.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use crate::matcher::Candidate;
use crate::phrase::{PhraseSet, is_word, tokens};
use crate::rule::{Context, LazyPhraseSet, MitigationScope, Rule, Scope, Severity, Trigger};

/// A confirmed finding, in normalised offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub rule: usize,
    pub severity: Severity,
    pub start: usize,
    pub end: usize,
}

/// How far to look for a sentence end; keeps one enormous line linear.
const MAX_SENTENCE: usize = 600;
/// How much of a long document counts as "the reply" around a finding.
const MAX_REPLY: usize = 4_000;

static NEGATORS: &[&str] = &[
    "not", "never", "no", "nothing", "without", "nobody", "none", "neither", "nor",
];
static CLAUSE_WORDS: &[&str] = &["but", "however", "although", "though", "so", "because"];
static OPENERS: &[&str] = &[
    "well", "oh", "ok", "okay", "so", "and", "hi", "hey", "look", "listen",
];
static SECOND_PERSON: &[&str] = &["you", "your", "yours", "yourself", "yourselves"];
static CONDITIONALS: LazyLock<PhraseSet> = LazyLock::new(|| {
    let list = [
        "if",
        "in case",
        "whenever",
        "when",
        "unless",
        "should you",
        "once",
    ];
    PhraseSet::new(&list.map(String::from))
});

/// Judges every candidate of a normalised text.
pub(crate) fn judge(text: &str, rules: &[Rule], candidates: &[Candidate]) -> Vec<Finding> {
    let mut reply = Reply::new(text);
    let mut findings: Vec<Finding> = candidates
        .iter()
        .filter_map(|c| {
            let rule = &rules[c.at.rule];
            judge_one(&mut reply, rule, &rule.triggers[c.at.trigger], c)
        })
        .collect();
    dedupe(&mut findings, rules);
    findings
}

fn judge_one(reply: &mut Reply<'_>, rule: &Rule, trigger: &Trigger, c: &Candidate) -> Option<Finding> {
    let sentence = Sentence::around(reply.text, c.start, c.end);
    if !sentence.holds(trigger) {
        return None;
    }
    let mut severity = trigger.severity.unwrap_or(rule.severity);
    if let Some(m) = trigger.mitigation.as_ref().or(rule.mitigation.as_ref()) {
        if reply.mitigated(&sentence, c, m.phrases.get(), m.scope) {
            if m.suppress {
                return None;
            }
            severity = severity.lowered()?;
        }
    }
    Some(Finding {
        rule: c.at.rule,
        severity,
        start: c.start,
        end: c.end,
    })
}

/// The whole normalised reply, with the mitigators found in it so far: a
/// reply-wide mitigator list is searched once per reply, not once per candidate.
struct Reply<'a> {
    text: &'a str,
    tokens: Option<Vec<&'a str>>,
    /// Byte ranges of the offers of each mitigator set, keyed by the set's address.
    offers: HashMap<*const PhraseSet, Vec<Range<usize>>>,
}

impl<'a> Reply<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            tokens: None,
            offers: HashMap::new(),
        }
    }

    /// Whether a mitigator occurs in scope, outside the candidate itself.
    fn mitigated(
        &mut self,
        sentence: &Sentence<'_>,
        c: &Candidate,
        set: &PhraseSet,
        scope: MitigationScope,
    ) -> bool {
        let text = self.text;
        let region = match scope {
            MitigationScope::Sentence => sentence.range.clone(),
            MitigationScope::NextSentence => {
                let next = sentence_range(text, sentence.range.end, sentence.range.end);
                sentence.range.start..next.end.max(sentence.range.end)
            }
            MitigationScope::Reply => {
                let near = c.start.saturating_sub(MAX_REPLY)..c.end + MAX_REPLY;
                let outside = |r: &Range<usize>| r.end <= c.start || r.start >= c.end;
                return self
                    .offers_of(set)
                    .iter()
                    .any(|r| outside(r) && r.start >= near.start && r.end <= near.end);
            }
        };
        let before = tokens(&text[region.start..c.start.max(region.start)]);
        let after = tokens(&text[c.end.min(region.end)..region.end]);
        offers(set, &before).next().is_some() || offers(set, &after).next().is_some()
    }

    fn offers_of(&mut self, set: &PhraseSet) -> &[Range<usize>] {
        let text = self.text;
        let toks = self.tokens.get_or_insert_with(|| tokens(text));
        self.offers.entry(set as *const PhraseSet).or_insert_with(|| {
            let at = |t: &str| t.as_ptr() as usize - text.as_ptr() as usize;
            offers(set, toks)
                .map(|(s, e)| at(toks[s])..at(toks[e - 1]) + toks[e - 1].len())
                .collect()
        })
    }
}

/// One sentence around a candidate, tokenised, with the candidate's place in it.
struct Sentence<'a> {
    range: Range<usize>,
    tokens: Vec<&'a str>,
    /// Token indices of the candidate.
    matched: Range<usize>,
    /// Token indices of the candidate's clause.
    clause: Range<usize>,
}

impl<'a> Sentence<'a> {
    fn around(text: &'a str, start: usize, end: usize) -> Self {
        let range = sentence_range(text, start, end);
        let s = &text[range.clone()];
        let toks = tokens(s);
        let offset = |t: &str| t.as_ptr() as usize - s.as_ptr() as usize + range.start;
        let m_start = toks.partition_point(|t| offset(t) < start);
        let m_end = toks.partition_point(|t| offset(t) < end);
        // A dash is normalised to ` - `; a hyphen inside a word (`24-month`) is not.
        let is_dash = |t: &str| t == "-" && text[offset(t) + 1..].starts_with(' ');
        let is_boundary =
            |t: &str| matches!(t, "," | ";" | ":" | "(" | ")") || is_dash(t) || CLAUSE_WORDS.contains(&t);
        let c_start = toks[..m_start]
            .iter()
            .rposition(|t| is_boundary(t))
            .map_or(0, |i| i + 1);
        let c_end = toks[m_end..]
            .iter()
            .position(|t| is_boundary(t))
            .map_or(toks.len(), |i| m_end + i);
        Self {
            range,
            tokens: toks,
            matched: m_start..m_end,
            clause: c_start..c_end,
        }
    }

    fn window(&self, scope: Scope) -> Range<usize> {
        match scope {
            Scope::Clause => self.clause.clone(),
            Scope::Sentence => 0..self.tokens.len(),
        }
    }

    fn holds(&self, t: &Trigger) -> bool {
        let w = self.window(t.scope);
        let before = &self.tokens[w.start.min(self.matched.start)..self.matched.start];
        let after = &self.tokens[self.matched.end..w.end.max(self.matched.end)];
        let ends_near =
            |set: &LazyPhraseSet| set.get().find(before).any(|(_, e)| e + t.before >= before.len());
        let starts_near = |set: &LazyPhraseSet| set.get().find(after).any(|(s, _)| s < t.after);
        t.preceded_by.as_ref().is_none_or(ends_near)
            && t.followed_by.as_ref().is_none_or(starts_near)
            && !t.not_preceded_by.as_ref().is_some_and(ends_near)
            && !t.not_followed_by.as_ref().is_some_and(starts_near)
            && t.requires.iter().all(|&c| self.is(c))
            && !t.unless.iter().any(|&c| self.is(c))
    }

    fn is(&self, context: Context) -> bool {
        let m = self.matched.start;
        let clause_before = &self.tokens[self.clause.start.min(m)..m];
        match context {
            Context::Negated => {
                let near = &clause_before[clause_before.len().saturating_sub(3)..];
                near.iter().any(|t| NEGATORS.contains(t))
            }
            Context::Conditional => CONDITIONALS.occurs_in(clause_before),
            Context::Question => {
                self.tokens
                    .iter()
                    .rev()
                    .find(|t| !matches!(**t, "\"" | "'" | ")"))
                    == Some(&"?")
            }
            Context::SentenceStart => self.tokens[..m]
                .iter()
                .all(|t| !is_word(t) || OPENERS.contains(t)),
            Context::SecondPerson => self.tokens[self.clause.clone()]
                .iter()
                .any(|t| SECOND_PERSON.contains(t)),
            Context::ClauseEnd => !self.tokens[self.matched.end..self.clause.end.max(self.matched.end)]
                .iter()
                .any(|t| is_word(t)),
            Context::SentenceEnd => !self.tokens[self.matched.end..].iter().any(|t| is_word(t)),
        }
    }
}

/// The occurrences of a mitigator that are not themselves negated: "i can"
/// offers an alternative, "i can not" does not.
fn offers<'s>(set: &'s PhraseSet, toks: &'s [&'s str]) -> impl Iterator<Item = (usize, usize)> + 's {
    set.find(toks)
        .filter(|&(_, end)| !matches!(toks.get(end), Some(&("not" | "never"))))
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The sentence containing `start..end`: from after the previous sentence end to
/// the next one, at most [`MAX_SENTENCE`] bytes either side.
fn sentence_range(text: &str, start: usize, end: usize) -> Range<usize> {
    let lo = floor_char(text, start.saturating_sub(MAX_SENTENCE));
    let hi = floor_char(text, (end + MAX_SENTENCE).min(text.len()));
    let head = &text[lo..start];
    let s = head
        .char_indices()
        .rev()
        .find(|&(i, c)| ends_sentence(text, lo + i, c))
        .map_or(lo, |(i, c)| lo + i + c.len_utf8());
    let tail = &text[end..hi];
    let e = tail
        .char_indices()
        .find(|&(i, c)| ends_sentence(text, end + i, c))
        .map_or(hi, |(i, c)| end + i + c.len_utf8());
    s..e
}

/// Whether the character `c` at `i` ends a sentence.
fn ends_sentence(text: &str, i: usize, c: char) -> bool {
    match c {
        '\n' => true,
        '!' | '?' => !text[i + 1..].starts_with(['!', '?']),
        '.' => {
            let rest = &text[i + 1..];
            let at_end = rest.is_empty() || rest.starts_with([' ', '\n', '"', '\'', ')']);
            at_end && !is_abbreviation(&text[..i], rest)
        }
        _ => false,
    }
}

fn is_abbreviation(before: &str, after: &str) -> bool {
    let word = before.rsplit([' ', '\n', '(']).next().unwrap_or("");
    let numbered = word == "no" && after.trim_start().starts_with(|c: char| c.is_ascii_digit());
    numbered
        || matches!(
            word,
            "mr" | "mrs" | "ms" | "dr" | "st" | "e.g" | "i.e" | "etc" | "vs" | "approx" | "ref"
        )
}

/// Keeps one finding per category where findings overlap: the most severe, then
/// the longest.
fn dedupe(findings: &mut Vec<Finding>, rules: &[Rule]) {
    findings.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
    for f in findings.drain(..) {
        let category = rules[f.rule].category;
        let clash = kept
            .iter_mut()
            .rev()
            .take_while(|k| k.end > f.start || k.start == f.start)
            .find(|k| rules[k.rule].category == category && k.start < f.end && f.start < k.end);
        match clash {
            Some(k) if f.severity > k.severity => *k = f,
            Some(_) => {}
            None => kept.push(f),
        }
    }
    *findings = kept;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence_of<'a>(text: &'a str, needle: &str) -> &'a str {
        let start = text.find(needle).unwrap();
        &text[sentence_range(text, start, start + needle.len())]
    }

    #[test]
    fn sentences_split_on_terminators_not_abbreviations() {
        let t = "hi mr. lee. that is our policy, sorry! call no. 5 today?";
        assert_eq!(sentence_of(t, "policy"), " that is our policy, sorry!");
        assert_eq!(sentence_of(t, "lee"), "hi mr. lee.");
        assert_eq!(sentence_of(t, "today"), " call no. 5 today?");
    }

    #[test]
    fn clauses_split_on_punctuation_and_conjunctions() {
        let t = "i am sorry, but that is our policy and it stands.";
        let start = t.find("our policy").unwrap();
        let s = Sentence::around(t, start, start + 10);
        assert_eq!(
            s.tokens[s.clause.clone()].join(" "),
            "that is our policy and it stands ."
        );
    }

    #[test]
    fn contexts() {
        let at = |t: &str, needle: &str, c: Context| {
            let start = t.find(needle).unwrap();
            Sentence::around(t, start, start + needle.len()).is(c)
        };
        assert!(at("it is not your fault.", "your fault", Context::Negated));
        assert!(!at("it is your fault, not ours.", "your fault", Context::Negated));
        assert!(at(
            "if you need to change it, reply.",
            "you need to",
            Context::Conditional
        ));
        assert!(!at(
            "you need to reply, if you can.",
            "you need to",
            Context::Conditional
        ));
        assert!(at("well, are you sure?", "are you sure", Context::Question));
        assert!(at("well, actually it was.", "actually", Context::SentenceStart));
        assert!(!at("it was actually fine.", "actually", Context::SentenceStart));
        assert!(at("you are clueless, honestly.", "clueless", Context::ClauseEnd));
        assert!(!at(
            "you are clueless, honestly.",
            "clueless",
            Context::SentenceEnd
        ));
        assert!(at("i do not know!", "i do not know", Context::SentenceEnd));
        assert!(!at("i do not know yet.", "i do not know", Context::ClauseEnd));
    }
}

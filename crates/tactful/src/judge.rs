//! Judge: decide, from the context around each candidate, whether it is a finding
//! and how severe.
//!
//! Context is read from the candidate's sentence only (and, for mitigators, the
//! next sentence or a bounded stretch of the reply), so the cost per candidate is
//! bounded however long the text is.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use crate::matcher::Candidate;
use crate::normalise::Normalized;
use crate::phrase::{PhraseSet, is_word, tokens};
use crate::rule::{Context, LazyPhraseSet, MitigationScope, Rule, Scope, Severity, Trigger};
use crate::seek::Cursor;
use crate::sentence::{Sentences, ends_sentence};

/// A confirmed finding, in normalised offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub rule: usize,
    pub severity: Severity,
    pub start: usize,
    pub end: usize,
}

/// How much of a long document counts as "the reply" around a finding.
const MAX_REPLY: usize = 4_000;

/// How many of the reply's tokens a block of mitigator offers covers. The
/// blocks that a candidate reads cover a reply's length either side of it
/// and some of the blocks at both ends: small blocks read less beyond it
/// (64 tokens took a 1 MB check 1% faster than 256).
const OFFER_BLOCK: usize = 64;

static NEGATORS: &[&str] = &[
    "not", "never", "no", "nothing", "without", "nobody", "none", "neither", "nor",
];
static CLAUSE_WORDS: &[&str] = &["but", "however", "although", "though", "so", "because"];
static OPENERS: &[&str] = &[
    "well", "oh", "ok", "okay", "so", "and", "hi", "hey", "hello", "look", "listen",
];
/// How long a word before a match [`Reply::surely_fails`] reads back: far
/// shorter than a sentence reaches either side of its match.
const MAX_OPENER_RUN: usize = 64;
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

/// Judges every candidate of a normalised text, whose tokens are `tokens`.
pub(crate) fn judge(
    view: &Normalized,
    tokens: &[&str],
    rules: &[Rule],
    candidates: &[Candidate],
) -> Vec<Finding> {
    if candidates.is_empty() {
        return Vec::new();
    }
    let mut reply = Reply::new(view, tokens);
    // Candidates come in order of position, and several triggers often share
    // a match (`but` after an apology, after thanks...): their sentence is
    // read once.
    let mut last = None;
    let mut findings: Vec<Finding> = candidates
        .iter()
        .filter_map(|c| {
            let rule = &rules[c.at.rule()];
            judge_one(&mut reply, rule, &rule.triggers()[c.at.trigger()], c, &mut last)
        })
        .collect();
    findings.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    count(&reply.sentences, &mut findings, rules);
    dedupe(&mut findings, rules);
    escalate(&reply.sentences, &mut findings, rules);
    findings
}

/// Judges one candidate; `last` is the sentence of the candidate before, read
/// again only for a different match.
fn judge_one<'a>(
    reply: &mut Reply<'a>,
    rule: &'a Rule,
    trigger: &'a Trigger,
    c: &Candidate,
    last: &mut Option<Sentence<'a>>,
) -> Option<Finding> {
    if trigger
        .requires
        .iter()
        .any(|&context| reply.surely_fails(context, c))
    {
        return None;
    }
    if last.as_ref().is_none_or(|s| s.span != (c.start..c.end)) {
        *last = Some(reply.sentence(c.start, c.end));
    }
    let sentence = last.as_ref()?;
    if !sentence.holds(trigger, reply) {
        return None;
    }
    let mut severity = trigger.severity.unwrap_or(rule.severity);
    if let Some(m) = trigger.mitigation.as_deref().or(rule.mitigation.as_ref()) {
        if reply.mitigated(sentence, c, m.phrases.get(), m.scope) {
            if m.suppress {
                return None;
            }
            severity = severity.lowered()?;
        }
    }
    Some(Finding {
        rule: c.at.rule(),
        severity,
        start: c.start,
        end: c.end,
    })
}

/// The whole normalised reply, tokenised once, with the mitigators found in
/// it so far: each stretch of the reply is searched for a reply-wide
/// mitigator list once, not once per candidate near it.
struct Reply<'a> {
    text: &'a str,
    sentences: Sentences<'a>,
    /// Normalised ranges of the words written in capitals.
    capitals: &'a [Range<usize>],
    /// Normalised ranges of bold or underlined text.
    emphasis: &'a [Range<usize>],
    tokens: &'a [&'a str],
    /// Where the last searches of `tokens` ended: for a candidate's sentence,
    /// and for the two ends of the stretch of reply around it, each of which
    /// moves forward from candidate to candidate. One cursor for all three
    /// would gallop a reply's length back and forth for every candidate.
    cursor: Cursor,
    behind: Cursor,
    ahead: Cursor,
    /// Where the last searches of `capitals` and `emphasis` ended: every
    /// `I` is a word in capitals, and a search over all of a large text's
    /// from its middle missed the cache at nearly every halving.
    in_capitals: Cursor,
    in_emphasis: Cursor,
    /// The mitigator sets met so far, one of each: rules that share a list of
    /// mitigators (eight rules share one list of offers of help) share its
    /// offers.
    mitigators: Vec<&'a PhraseSet>,
    /// Every set met so far, each with its place in `mitigators`: a set is
    /// compared with the others by its phrases once, not at every candidate
    /// (comparing the lists at every candidate cost 0.7% of the instructions
    /// of a 1 MB check).
    seen: Vec<(&'a PhraseSet, usize)>,
    /// Byte ranges of the offers of a mitigator set that start in a block of
    /// the reply's tokens, keyed by the set's place in `mitigators` and the
    /// block.
    offers: HashMap<(usize, usize), Vec<Range<usize>>>,
    /// The last sentence tokenised, and its tokens: candidates come in order
    /// of position, a few to a sentence.
    last: Option<(Range<usize>, Cow<'a, [&'a str]>)>,
}

impl<'a> Reply<'a> {
    /// The reply `view`, whose tokens are `tokens`.
    fn new(view: &'a Normalized, tokens: &'a [&'a str]) -> Self {
        Self {
            text: &view.text,
            sentences: view.sentences(),
            capitals: &view.capitals,
            emphasis: &view.emphasis,
            tokens,
            cursor: Cursor::default(),
            behind: Cursor::default(),
            ahead: Cursor::default(),
            in_capitals: Cursor::default(),
            in_emphasis: Cursor::default(),
            mitigators: Vec::new(),
            seen: Vec::new(),
            offers: HashMap::new(),
            last: None,
        }
    }

    /// The sentence around `start..end`, tokenised.
    fn sentence(&mut self, start: usize, end: usize) -> Sentence<'a> {
        let range = self.sentences.around(start, end);
        let toks = match self.last.take() {
            Some((last, toks)) if last == range => toks,
            _ => match self.sentences.cut(&range) {
                // Cut at the bound, a sentence may end inside a token of the reply.
                true => Cow::Owned(tokens(&self.text[range.clone()])),
                false => Cow::Borrowed(self.within(&range)),
            },
        };
        self.last = Some((range.clone(), toks.clone()));
        Sentence::new(self.text, range, toks, start, end)
    }

    /// Whether the candidate surely fails a context it requires, known
    /// before its sentence is read.
    ///
    /// `capitals` and `emphasis`: the match's first word, a token of its own
    /// as a space or a line stands before it, starts outside every range of
    /// the context, which every word of the match must start in (see
    /// [`Sentence::words_within`]). Most candidates of the shouting rules
    /// (`not`, `must`) are plain lower-case.
    ///
    /// `sentence-start`: a word that is no opener stands right before the
    /// match, one space away, so in its sentence (only `\n . ! ?` end one).
    /// Its ASCII letters and digits are read back from the space; were the
    /// token longer (`customer's`, `4.2`), it would be no opener either.
    /// Most candidates of the triggers that must open a sentence (`send`,
    /// `call`) stand inside one.
    fn surely_fails(&self, context: Context, c: &Candidate) -> bool {
        let bytes = self.text.as_bytes();
        if context == Context::SentenceStart {
            let before = &bytes[..c.start];
            let Some(word) = before.strip_suffix(b" ") else {
                return false;
            };
            let start = word
                .iter()
                .rposition(|b| !b.is_ascii_alphanumeric())
                .map_or(0, |i| i + 1);
            let word = &word[start..];
            // A word far longer than a sentence reaches could be cut by it.
            return (1..=MAX_OPENER_RUN).contains(&word.len())
                && !OPENERS.iter().any(|opener| opener.as_bytes() == word);
        }
        let Some((ranges, cursor)) = self.ranges_of(context) else {
            return false;
        };
        let word_starts = bytes.get(c.start).is_some_and(u8::is_ascii_alphanumeric)
            && (c.start == 0 || matches!(bytes[c.start - 1], b' ' | b'\n'));
        word_starts && !inside(ranges, cursor, c.start)
    }

    /// The ranges a `capitals` or `emphasis` context holds in, with the
    /// cursor their searches start from; none for other contexts.
    fn ranges_of(&self, context: Context) -> Option<(&'a [Range<usize>], &Cursor)> {
        match context {
            Context::Capitals => Some((self.capitals, &self.in_capitals)),
            Context::Emphasis => Some((self.emphasis, &self.in_emphasis)),
            _ => None,
        }
    }

    /// The tokens of the reply that start in `range`.
    fn within(&self, range: &Range<usize>) -> &'a [&'a str] {
        self.between((&self.cursor, range.start), (&self.cursor, range.end))
    }

    /// The tokens of the reply from the first at or after `start` to the
    /// first at or after `end`, each found from its own cursor.
    fn between(&self, start: (&Cursor, usize), end: (&Cursor, usize)) -> &'a [&'a str] {
        &self.tokens[self.first_token_from(start.0, start.1)..self.first_token_from(end.0, end.1)]
    }

    /// The index of the first token of the reply that starts at or after `at`.
    fn first_token_from(&self, cursor: &Cursor, at: usize) -> usize {
        cursor.partition_point(self.tokens.len(), |i| self.offset(self.tokens[i]) < at)
    }

    /// Whether a mitigator occurs in scope, outside the candidate itself.
    fn mitigated(
        &mut self,
        sentence: &Sentence<'_>,
        c: &Candidate,
        set: &'a PhraseSet,
        scope: MitigationScope,
    ) -> bool {
        let text = self.text;
        let region = match scope {
            MitigationScope::Sentence => sentence.range.clone(),
            MitigationScope::NextSentence => {
                sentence.range.start..next_sentence_end(&self.sentences, &sentence.range)
            }
            MitigationScope::Reply => {
                let near = c.start.saturating_sub(MAX_REPLY)..c.end + MAX_REPLY;
                let outside = |r: &Range<usize>| r.end <= c.start || r.start >= c.end;
                return self.offers_near(set, &near, |r| {
                    outside(r) && r.start >= near.start && r.end <= near.end
                });
            }
        };
        let before = tokens(&text[region.start..c.start.max(region.start)]);
        let after = tokens(&text[c.end.min(region.end)..region.end]);
        offers(set, &before, 0..before.len()).next().is_some()
            || offers(set, &after, 0..after.len()).next().is_some()
    }

    /// The offset of a token of the text.
    fn offset(&self, token: &str) -> usize {
        token.as_ptr() as usize - self.text.as_ptr() as usize
    }

    /// The tokens of the reply before `start` and after `end`, up to
    /// [`MAX_REPLY`] bytes away.
    fn around(&self, start: usize, end: usize) -> (&'a [&'a str], &'a [&'a str]) {
        let before = self.between(
            (&self.behind, start.saturating_sub(MAX_REPLY)),
            (&self.cursor, start),
        );
        let after = self.between((&self.cursor, end), (&self.ahead, end + MAX_REPLY));
        (before, after)
    }

    /// Whether `wanted` holds for an offer of `set` that starts within `near`.
    /// Offers are found a block of tokens at a time, the first time a
    /// candidate needs the block: the candidates of a large text with a
    /// reply-wide mitigator need a few blocks each, not the whole text.
    fn offers_near(
        &mut self,
        set: &'a PhraseSet,
        near: &Range<usize>,
        wanted: impl Fn(&Range<usize>) -> bool,
    ) -> bool {
        let first = self.first_token_from(&self.behind, near.start) / OFFER_BLOCK;
        let last = self.first_token_from(&self.ahead, near.end).div_ceil(OFFER_BLOCK);
        let (text, toks) = (self.text, self.tokens);
        let at = |t: &str| t.as_ptr() as usize - text.as_ptr() as usize;
        let key = self.mitigator(set);
        (first..last).any(|block| {
            let found = self.offers.entry((key, block)).or_insert_with(|| {
                let starts = block * OFFER_BLOCK..toks.len().min((block + 1) * OFFER_BLOCK);
                offers(set, toks, starts)
                    .map(|(s, e)| at(toks[s])..at(toks[e - 1]) + toks[e - 1].len())
                    .collect()
            });
            found.iter().any(&wanted)
        })
    }

    /// The place of `set`, or of a set with the same phrases, in `mitigators`.
    fn mitigator(&mut self, set: &'a PhraseSet) -> usize {
        if let Some(&(_, key)) = self.seen.iter().find(|(known, _)| std::ptr::eq(*known, set)) {
            return key;
        }
        let key = self
            .mitigators
            .iter()
            .position(|known| **known == *set)
            .unwrap_or_else(|| {
                self.mitigators.push(set);
                self.mitigators.len() - 1
            });
        self.seen.push((set, key));
        key
    }
}

/// One sentence around a candidate, tokenised, with the candidate's place in it.
struct Sentence<'a> {
    range: Range<usize>,
    tokens: Cow<'a, [&'a str]>,
    /// Token indices of the candidate.
    matched: Range<usize>,
    /// Token indices of the candidate's clause.
    clause: Range<usize>,
    /// The candidate, in normalised offsets.
    span: Range<usize>,
}

impl<'a> Sentence<'a> {
    #[cfg(test)]
    fn around(text: &'a str, start: usize, end: usize) -> Self {
        let range = Sentences::new(text).around(start, end);
        let toks = Cow::Owned(tokens(&text[range.clone()]));
        Self::new(text, range, toks, start, end)
    }

    /// The sentence `range` of `text`, whose tokens are `toks`, around the
    /// candidate `start..end`.
    fn new(text: &'a str, range: Range<usize>, toks: Cow<'a, [&'a str]>, start: usize, end: usize) -> Self {
        let s = &text[range.clone()];
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
            span: start..end,
        }
    }

    /// The token window of a clause or sentence scope (a reply scope reads
    /// the reply's tokens instead).
    fn window(&self, scope: Scope) -> Range<usize> {
        match scope {
            Scope::Clause => self.clause.clone(),
            Scope::Sentence | Scope::Reply => 0..self.tokens.len(),
        }
    }

    fn holds(&self, t: &Trigger, reply: &Reply<'_>) -> bool {
        let (before, after) = match t.scope {
            Scope::Reply => reply.around(self.span.start, self.span.end),
            scope => {
                let w = self.window(scope);
                (
                    &self.tokens[w.start.min(self.matched.start)..self.matched.start],
                    &self.tokens[self.matched.end..w.end.max(self.matched.end)],
                )
            }
        };
        let ends_near = |set: &LazyPhraseSet| set.get().ends_near(before, t.before);
        let starts_near = |set: &LazyPhraseSet| set.get().starts_near(after, t.after);
        // Contexts first: a phrase set may have to be read back.
        t.requires.iter().all(|&c| self.is(c, reply))
            && !t.unless.iter().any(|&c| self.is(c, reply))
            && t.preceded_by.as_deref().is_none_or(ends_near)
            && t.followed_by.as_deref().is_none_or(starts_near)
            && !t.not_preceded_by.as_deref().is_some_and(ends_near)
            && !t.not_followed_by.as_deref().is_some_and(starts_near)
    }

    fn is(&self, context: Context, reply: &Reply<'_>) -> bool {
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
            Context::Capitals | Context::Emphasis => self.words_within(reply, context),
            Context::ReplyStart => opens_reply(&reply.text[..self.range.start]),
        }
    }
}

impl Sentence<'_> {
    /// Whether every word of the match starts inside one of the ranges of
    /// `context` (`capitals` or `emphasis`).
    fn words_within(&self, reply: &Reply<'_>, context: Context) -> bool {
        let Some((ranges, cursor)) = reply.ranges_of(context) else {
            return false;
        };
        self.tokens[self.matched.clone()]
            .iter()
            .filter(|t| is_word(t))
            .all(|t| inside(ranges, cursor, reply.offset(t)))
    }
}

/// Whether `at` lies in one of `ranges` (sorted, apart), searched from `cursor`.
fn inside(ranges: &[Range<usize>], cursor: &Cursor, at: usize) -> bool {
    let i = cursor.partition_point(ranges.len(), |i| ranges[i].end <= at);
    ranges.get(i).is_some_and(|r| r.start <= at)
}

/// How much text may come before a reply's opening sentence (a greeting, a
/// template opener).
const MAX_OPENING: usize = 400;

/// Whether a sentence after `head` still opens the reply: at most one sentence
/// of `head` is more than a greeting or a template opener.
fn opens_reply(head: &str) -> bool {
    if head.len() > MAX_OPENING {
        return false;
    }
    let mut sentences = 0;
    let mut start = 0;
    for (i, c) in head.char_indices() {
        if ends_sentence(head, i, c) {
            sentences += usize::from(!is_greeting(&head[start..i]));
            start = i + c.len_utf8();
        }
    }
    sentences += usize::from(!is_greeting(&head[start..]));
    sentences <= 1
}

static GREETINGS: LazyLock<PhraseSet> = LazyLock::new(|| {
    let mut list: Vec<String> = [
        "hi",
        "hello",
        "hey",
        "dear",
        "greetings",
        "good morning",
        "good afternoon",
        "good evening",
        "my name is",
        "this is",
    ]
    .map(String::from)
    .to_vec();
    // "Thank you for contacting us." and its kin open a template; they say nothing.
    for thanks in ["thank you for", "thanks for"] {
        for what in [
            "contacting",
            "reaching out",
            "getting in touch",
            "writing",
            "your email",
            "your e-mail",
            "your message",
            "your reply",
            "your patience",
        ] {
            list.push(format!("{thanks} {what}"));
        }
    }
    PhraseSet::new(&list)
});

/// A sentence that only greets, or is too short to say anything (`Sam,`).
fn is_greeting(sentence: &str) -> bool {
    let toks = tokens(sentence);
    let words = toks.iter().filter(|t| is_word(t)).count();
    words <= 3 || GREETINGS.find(&toks).any(|(start, _)| start == 0)
}

/// Drops the findings of counting rules (`min_count`) unless enough of them fall
/// within the rule's count scope of each other (one reply's length, or a
/// sentence and the next); each full count becomes one finding, at its last
/// match. `findings` are in order of position.
fn count(sentences: &Sentences<'_>, findings: &mut Vec<Finding>, rules: &[Rule]) {
    // Per rule, where the reach of each recent match ends.
    let mut recent: HashMap<usize, Vec<usize>> = HashMap::new();
    findings.retain(|f| {
        let rule = &rules[f.rule];
        let Some(n) = rule.min_count else {
            return true;
        };
        let reach = match rule.count_scope {
            MitigationScope::Reply => f.start + MAX_COUNTED,
            MitigationScope::Sentence => sentences.around(f.start, f.end).end,
            MitigationScope::NextSentence => next_sentence_end(sentences, &sentences.around(f.start, f.end)),
        };
        let reaches = recent.entry(f.rule).or_default();
        reaches.retain(|&end| end > f.start);
        reaches.push(reach);
        let full = reaches.len() >= n;
        if full {
            reaches.clear();
        }
        full
    });
}

/// Where the sentence after `sentence` ends (a paragraph break ends the
/// stretch: the sentence after it is not counted).
fn next_sentence_end(sentences: &Sentences<'_>, sentence: &Range<usize>) -> usize {
    let next = sentences.around(sentence.end, sentence.end);
    next.end.max(sentence.end)
}

/// How close together the matches of a counting rule must be: about a reply.
const MAX_COUNTED: usize = 2_000;

/// Raises every finding one level in a sentence where two categories meet and
/// one of them is at least a warning (catalogue 1.6): "I'm sorry, but that's
/// our policy" is worse than either half. Infos alone are never raised, so a
/// reply that was good stays good.
fn escalate(sentences: &Sentences<'_>, findings: &mut [Finding], rules: &[Rule]) {
    let mut i = 0;
    while i < findings.len() {
        let sentence = sentences.around(findings[i].start, findings[i].end);
        let same = findings[i..]
            .iter()
            .take_while(|f| f.start < sentence.end)
            .count();
        let group = &mut findings[i..i + same];
        let first = rules[group[0].rule].category;
        let mixed = group.iter().any(|f| rules[f.rule].category != first);
        if mixed && group.iter().any(|f| f.severity >= Severity::Warning) {
            for f in group.iter_mut() {
                f.severity = f.severity.raised();
            }
        }
        i += same;
    }
}

/// The occurrences of a mitigator that start at one of `starts` and are not
/// themselves negated: "i can" offers an alternative, "i can not" does not.
fn offers<'s>(
    set: &'s PhraseSet,
    toks: &'s [&'s str],
    starts: Range<usize>,
) -> impl Iterator<Item = (usize, usize)> + 's {
    set.find_from(toks, starts)
        .filter(|&(_, end)| !matches!(toks.get(end), Some(&("not" | "never"))))
}

/// Keeps one finding per category where findings overlap: the most severe, then
/// the longest. `findings` are in order of position.
fn dedupe(findings: &mut Vec<Finding>, rules: &[Rule]) {
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
    fn a_word_before_the_match_tells_it_opens_no_sentence() {
        let fails = |t: &str, needle: &str| {
            let start = t.rfind(needle).unwrap();
            let view = Normalized::plain(t.to_string());
            let toks = tokens(&view.text);
            let c = Candidate {
                at: crate::matcher::TriggerRef::new(0, 0),
                start,
                end: start + needle.len(),
            };
            Reply::new(&view, &toks).surely_fails(Context::SentenceStart, &c)
        };
        assert!(fails("please send it", "send it") && fails("our 2 send it", "send it"));
        // Openers, sentence ends, and tokens that are not read back from a
        // space, are left to the sentence.
        for text in [
            "send it",
            "well send it",
            "done. send it",
            "done.\nsend it",
            "so, send it",
            "café send it",
        ] {
            assert!(!fails(text, "send it"), "{text}");
        }
    }

    #[test]
    fn contexts() {
        let at = |t: &str, needle: &str, c: Context| {
            let start = t.find(needle).unwrap();
            let view = Normalized::plain(t.to_string());
            let toks = tokens(&view.text);
            let sentence = Sentence::around(&view.text, start, start + needle.len());
            sentence.is(c, &Reply::new(&view, &toks))
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
        assert!(at(
            "hi sam,\nthanks for your message. per our policy, no.",
            "per our",
            Context::ReplyStart
        ));
        assert!(at(
            "hello. we got it. per our policy, no.",
            "per our",
            Context::ReplyStart
        ));
        assert!(!at(
            "we got your note today. we read it all carefully. per our policy, no.",
            "per our",
            Context::ReplyStart
        ));
    }

    fn finding(rule: usize, severity: Severity, start: usize) -> Finding {
        Finding {
            rule,
            severity,
            start,
            end: start + 1,
        }
    }

    #[test]
    fn two_categories_in_a_sentence_escalate_only_with_a_warning() {
        let rules = crate::pack::load(crate::pack::DEFAULT_FILES.iter().copied()).unwrap();
        let of = |category: &str| {
            rules
                .iter()
                .position(|r| r.category.as_str() == category)
                .unwrap()
        };
        let (policy, apology) = (of("policy-hiding"), of("non-apology"));
        let text = "sorry, but that is our policy. thanks.";
        let mut found = vec![
            finding(apology, Severity::Warning, 0),
            finding(policy, Severity::Info, 12),
        ];
        escalate(&Sentences::new(text), &mut found, &rules);
        assert_eq!(
            found.iter().map(|f| f.severity).collect::<Vec<_>>(),
            [Severity::Error, Severity::Warning]
        );
        let mut infos = vec![
            finding(apology, Severity::Info, 0),
            finding(policy, Severity::Info, 12),
        ];
        escalate(&Sentences::new(text), &mut infos, &rules);
        assert!(infos.iter().all(|f| f.severity == Severity::Info));
        let mut apart = vec![
            finding(apology, Severity::Warning, 0),
            finding(policy, Severity::Info, 32),
        ];
        escalate(&Sentences::new(text), &mut apart, &rules);
        assert_eq!(apart[1].severity, Severity::Info);
    }

    proptest::proptest! {
        /// A sentence that reaches a sentence end or an end of the text on
        /// both sides is read as the reply's tokens that start in it: the
        /// same tokens as the sentence tokenised on its own.
        #[test]
        fn a_whole_sentence_holds_the_replys_tokens(text in "[a-z0-9é .,:!?'\n]{0,80}", at: usize) {
            let at = crate::sentence::floor_char(&text, at % (text.len() + 1));
            let view = Normalized::plain(text.clone());
            let toks = tokens(&view.text);
            let reply = Reply::new(&view, &toks);
            let range = reply.sentences.around(at, at);
            proptest::prop_assert!(!reply.sentences.cut(&range));
            let alone = tokens(&text[range.clone()]);
            proptest::prop_assert_eq!(reply.within(&range), alone.as_slice());
        }
    }

    proptest::proptest! {
        /// A candidate refused before its sentence is read, its first word
        /// outside the capitals (or the emphasis, of which plain text has
        /// none) or a word no opener right before it, is one its sentence
        /// would refuse.
        #[test]
        fn a_candidate_that_surely_fails_fails_as_the_sentence_does(
            original in "(([A-Za-z]{1,5}|NOT|MUST|well|So|ok|4\\.2|[0-9]{1,3}|[a-z]{60,70})[.,'!?:\n]{0,2} ?){0,20}",
            start: usize,
            at_a_token: bool,
            len: usize,
        ) {
            let view = crate::normalise::normalise(&original, &[crate::source::Piece::Prose(0..original.len())]);
            let toks = tokens(&view.text);
            let mut reply = Reply::new(&view, &toks);
            let text = view.text.as_str();
            // Candidates start at tokens; any place tries the edges.
            let start = match (at_a_token, toks.len()) {
                (true, n @ 1..) => reply.offset(toks[start % n]),
                _ => crate::sentence::floor_char(text, start % (text.len() + 1)),
            };
            let end = crate::sentence::floor_char(text, (start + 1 + len % 12).min(text.len()));
            proptest::prop_assume!(start < end);
            let c = Candidate { at: crate::matcher::TriggerRef::new(0, 0), start, end };
            for context in [Context::Capitals, Context::Emphasis, Context::SentenceStart] {
                if reply.surely_fails(context, &c) {
                    let sentence = reply.sentence(start, end);
                    proptest::prop_assert!(!sentence.is(context, &reply), "{text:?} {start}..{end}");
                }
            }
        }
    }

    /// Two rules with the same list of mitigators have two sets with the same
    /// phrases: they share one place, and so the offers found for either.
    #[test]
    fn mitigator_sets_with_the_same_phrases_share_their_offers() {
        let view = Normalized::plain("we can send a new one today.".to_string());
        let tokens = tokens(&view.text);
        let mut reply = Reply::new(&view, &tokens);
        let set = |list: &[&str]| PhraseSet::new(&list.iter().map(|p| p.to_string()).collect::<Vec<_>>());
        let (offer, same, other) = (
            set(&["we can send"]),
            set(&["we can send"]),
            set(&["we will send"]),
        );
        assert_eq!(reply.mitigator(&offer), 0);
        assert_eq!(reply.mitigator(&same), 0);
        assert_eq!(reply.mitigator(&other), 1);
        assert_eq!(reply.mitigator(&offer), 0);
    }

    /// Offers are looked for a block of tokens at a time: one counts up to a
    /// reply's length away, before or after, in whichever block it falls.
    #[test]
    fn a_reply_wide_mitigator_counts_within_a_reply_length() {
        let linter = crate::Linter::default_pack();
        let severity = |text: String| {
            let found = linter.check(&text, crate::Format::Plain);
            let found = found
                .iter()
                .find(|d| &*d.rule == "correcting-customer/that-is-not-true");
            found.map(|d| d.severity)
        };
        // Ten tokens a sentence: forty span more than one block.
        let between = |n| "The invoice lists the items you ordered in March. ".repeat(n);
        assert!(between(40).len() < MAX_REPLY && between(100).len() > MAX_REPLY);
        let near = between(40);
        let lowered = Some(Severity::Info);
        assert_eq!(severity(format!("Good catch. {near}That is not true.")), lowered);
        assert_eq!(severity(format!("That is not true. {near}Good catch.")), lowered);
        let far = between(100);
        let kept = Some(Severity::Warning);
        assert_eq!(severity(format!("Good catch. {far}That is not true.")), kept);
        assert_eq!(severity(format!("That is not true. {far}Good catch.")), kept);
        assert_eq!(severity(format!("{near}That is not true. {near}")), kept);
    }
}

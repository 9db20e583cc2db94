//! Rules: the data model of a rule pack, and loading it from TOML.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use std::sync::{Arc, LazyLock};

use crate::normalise::normalise_phrase;
use crate::pattern::{self, Part, Seq, Sets};
use crate::phrase::{PhraseSet, words};
use crate::precompiled::Deferred;

/// How harmful a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A style nudge where good writers disagree.
    Info,
    /// Usually harmful; context can redeem it.
    Warning,
    /// Almost always harmful.
    Error,
}

impl Severity {
    /// The stable name used in rule files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }

    /// One level higher, at most `error`.
    pub fn raised(self) -> Self {
        match self {
            Self::Info => Self::Warning,
            Self::Warning | Self::Error => Self::Error,
        }
    }

    /// One level lower, or `None` below `info`.
    pub fn lowered(self) -> Option<Self> {
        match self {
            Self::Error => Some(Self::Warning),
            Self::Warning => Some(Self::Info),
            Self::Info => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "info" => Ok(Self::Info),
            "warning" => Ok(Self::Warning),
            "error" => Ok(Self::Error),
            _ => Err(format!(
                "unknown severity \"{s}\" (expected error, warning or info)"
            )),
        }
    }
}

macro_rules! categories {
    ($($variant:ident => $id:literal,)*) => {
        /// The 23 categories of harmful phrasing; their ids are stable.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        #[non_exhaustive]
        pub enum Category { $(#[doc = concat!("`", $id, "`")] $variant,)* }

        impl Category {
            /// Every category, in catalogue order.
            pub const ALL: &'static [Category] = &[$(Category::$variant,)*];

            /// The stable id, e.g. `policy-hiding`.
            pub fn as_str(self) -> &'static str {
                match self { $(Category::$variant => $id,)* }
            }
        }

        impl FromStr for Category {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($id => Ok(Category::$variant),)*
                    _ => Err(format!("unknown category \"{s}\"")),
                }
            }
        }
    };
}

categories! {
    Dismissive => "dismissive",
    BlameShifting => "blame-shifting",
    ThrowingUnderBus => "throwing-under-bus",
    PolicyHiding => "policy-hiding",
    NonApology => "non-apology",
    OverApology => "over-apology",
    NoOwnership => "no-ownership",
    NegativeLanguage => "negative-language",
    Commanding => "commanding",
    Minimizing => "minimizing",
    Sarcasm => "sarcasm",
    Jargon => "jargon",
    CorrectingCustomer => "correcting-customer",
    DefensiveDetails => "defensive-details",
    MissingEmpathy => "missing-empathy",
    MissingNextStep => "missing-next-step",
    Shouting => "shouting",
    RoboticCliche => "robotic-cliche",
    CredibilityHedge => "credibility-hedge",
    Overfamiliar => "overfamiliar",
    Insult => "insult",
    Threat => "threat",
    ButEraser => "but-eraser",
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A built-in context a trigger can require or be cancelled by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Context {
    /// A negator (`not`, `never`, `no`, …) shortly before the match.
    Negated,
    /// `if`, `in case`, `when`, … earlier in the clause.
    Conditional,
    /// The sentence ends with `?`.
    Question,
    /// Only a discourse marker comes before the match in its sentence.
    SentenceStart,
    /// The clause mentions `you`/`your`.
    SecondPerson,
    /// No word follows the match in its clause.
    ClauseEnd,
    /// No word follows the match in its sentence.
    SentenceEnd,
    /// Every word of the match is written in capitals in the original.
    Capitals,
    /// The match opens the reply: at most one sentence besides greetings and
    /// template openers comes before it.
    ReplyStart,
    /// Every word of the match is inside bold or underline markup.
    Emphasis,
}

impl FromStr for Context {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "negated" => Ok(Self::Negated),
            "conditional" => Ok(Self::Conditional),
            "question" => Ok(Self::Question),
            "sentence-start" => Ok(Self::SentenceStart),
            "second-person" => Ok(Self::SecondPerson),
            "clause-end" => Ok(Self::ClauseEnd),
            "sentence-end" => Ok(Self::SentenceEnd),
            "capitals" => Ok(Self::Capitals),
            "reply-start" => Ok(Self::ReplyStart),
            "emphasis" => Ok(Self::Emphasis),
            _ => Err(format!(
                "unknown context \"{s}\" (expected negated, conditional, question, sentence-start, \
                 second-person, clause-end, sentence-end, capitals, reply-start or emphasis)"
            )),
        }
    }
}

/// A trigger that finds its candidates in the shape of the text rather than in
/// its words: what the normaliser noted about capitals and punctuation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Detector {
    /// Two or more words in capitals in a row (`PLEASE READ`).
    Capitals,
    /// A sentence of four words or more, most of them in capitals.
    CapitalSentence,
    /// Stacked `!` and `?` (`!!`, `?!`).
    StackedPunctuation,
    /// Three or more `!` in a short reply.
    Exclamations,
}

impl FromStr for Detector {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "capitals" => Ok(Self::Capitals),
            "capital-sentence" => Ok(Self::CapitalSentence),
            "stacked-punctuation" => Ok(Self::StackedPunctuation),
            "exclamations" => Ok(Self::Exclamations),
            _ => Err(format!(
                "unknown detector \"{s}\" (expected capitals, capital-sentence, stacked-punctuation \
                 or exclamations)"
            )),
        }
    }
}

/// How far the context windows of a trigger reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Scope {
    Clause,
    Sentence,
    /// The reply around the match (a bounded stretch of a long document).
    Reply,
}

/// Where a rule looks for its mitigators, and how close the matches of a
/// counting rule must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum MitigationScope {
    Sentence,
    NextSentence,
    Reply,
}

/// Parsed phrase patterns, expanded into literal phrases only when needed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Patterns {
    seqs: Deferred<Vec<Seq>>,
    /// The pack's sets, shared: a precompiled pack stores them once and
    /// links them back in ([`Rule::link_sets`]).
    #[serde(skip, default = "unlinked")]
    sets: SharedSets,
}

/// The sets of a pattern read back before [`Rule::link_sets`] links the
/// pack's: one shared value, so that reading back thousands of patterns
/// allocates none.
fn unlinked() -> SharedSets {
    static UNLINKED: LazyLock<SharedSets> = LazyLock::new(SharedSets::default);
    Arc::clone(&UNLINKED)
}

/// The sets of a pack, shared by its patterns; a precompiled pack reads them
/// back only if a pattern is expanded.
pub(crate) type SharedSets = Arc<Deferred<Sets>>;

impl Patterns {
    /// Parses and checks every pattern; nothing is expanded yet.
    fn parse(patterns: &[String], shared: &SharedSets) -> Result<Self, String> {
        let sets = shared.get();
        let mut seqs = Vec::with_capacity(patterns.len());
        for p in patterns {
            reject_regex_optional(p)?;
            let seq = pattern::parse(p, sets).map_err(|e| format!("phrase {}: {e}", shown(p)))?;
            if pattern::can_be_empty(&seq, sets) {
                return Err(format!("phrase {}: {}", shown(p), pattern::PatternError::Empty));
            }
            seqs.push(seq);
        }
        Ok(Self {
            seqs: Deferred::new(seqs),
            sets: Arc::clone(shared),
        })
    }

    fn sets(&self) -> &Sets {
        self.sets.get()
    }

    /// Every literal phrase, normalised, without duplicates.
    pub fn literals(&self) -> Vec<String> {
        literals_of(self.seqs.get().iter(), self.sets())
    }

    /// The patterns that can be walked in normal form, and the literal
    /// phrases of the others, which must be expanded.
    pub fn walkable(&self) -> (Vec<Vec<Part>>, Vec<String>) {
        let mut walkable = Vec::new();
        let mut expanded = Vec::new();
        for seq in self.seqs.get() {
            match pattern::normal_form(seq, self.sets()) {
                Some(parts) => walkable.push(parts),
                None => expanded.push(seq),
            }
        }
        (walkable, literals_of(expanded.into_iter(), self.sets()))
    }

    /// Words of which every phrase contains one, sorted: the trigger's anchors.
    fn anchor_words(&self) -> Vec<String> {
        let mut words = Vec::new();
        for seq in self.seqs.get() {
            match pattern::anchor_words(seq, self.sets()) {
                Some(cover) => words.extend(cover),
                // No guarantee from the pattern's shape: anchor each phrase.
                None => words.extend(pattern::expand_seq(seq, self.sets()).iter().map(|l| best_word(l))),
            }
        }
        words.sort();
        words.dedup();
        words
    }
}

/// The literal phrases of `seqs`, normalised, without duplicates, in the
/// order first met.
fn literals_of<'a>(seqs: impl Iterator<Item = &'a Seq>, sets: &Sets) -> Vec<String> {
    let mut out: Vec<String> = seqs
        .flat_map(|seq| pattern::expand_seq(seq, sets))
        .map(normalise_phrase)
        .filter(|literal| !literal.is_empty())
        .collect();
    // Hashed, not sorted: sorting hundreds of thousands of phrases that
    // share their beginnings compared long runs of bytes again and again.
    let mut seen = FxHashSet::default();
    let first: Vec<bool> = out.iter().map(|literal| seen.insert(literal.as_str())).collect();
    let mut first = first.into_iter();
    out.retain(|_| first.next().unwrap_or(false));
    out
}

/// `(x)?` reads as "optional x" to anyone who knows regexes, but here `?` is a
/// literal: refuse it rather than match nothing.
fn reject_regex_optional(phrase: &str) -> Result<(), String> {
    if phrase.contains(")?") {
        return Err(format!(
            "phrase {}: `(x)?` is not optional here; write `[x]`",
            shown(phrase)
        ));
    }
    Ok(())
}

/// A phrase quoted for an error message, cut short if it is long.
fn shown(phrase: &str) -> String {
    const SHOWN: usize = 80;
    match phrase.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("\"{}…\"", &phrase[..cut]),
        None => format!("\"{phrase}\""),
    }
}

/// The best anchor among the words of a phrase; a phrase without words (an
/// emoji, `?!`) anchors on itself.
fn best_word(phrase: &str) -> String {
    let normal = normalise_phrase(phrase);
    let best = words(&normal)
        .map(|(_, w)| w)
        .max_by_key(|w| pattern::anchor_rank(w));
    best.unwrap_or(&normal).to_string()
}

/// A condition's phrase set, built the first time a candidate needs it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct LazyPhraseSet {
    patterns: Patterns,
    set: Deferred<PhraseSet>,
}

impl LazyPhraseSet {
    fn parse(patterns: &[String], sets: &SharedSets) -> Result<Self, String> {
        Ok(Self {
            patterns: Patterns::parse(patterns, sets)?,
            set: Deferred::default(),
        })
    }

    pub fn get(&self) -> &PhraseSet {
        self.set.get_or_init(|| PhraseSet::new(&self.patterns.literals()))
    }
}

/// One way a rule is triggered: phrases and the context around them.
///
/// Conditions and mitigators are boxed: most triggers have none, and a
/// rule's triggers are read back together, so each costs a pointer, not the
/// size of a phrase set.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Trigger {
    pub phrases: Patterns,
    /// Finds candidates from the text's shape instead of phrases.
    pub detector: Option<Detector>,
    /// Words a detector does not count (acronyms such as `USPS`).
    pub except: Option<Box<LazyPhraseSet>>,
    /// Words of which every phrase contains one, sorted.
    /// Needed only to compile the trigger, so a precompiled pack defers it.
    pub anchors: Deferred<Vec<String>>,
    pub preceded_by: Option<Box<LazyPhraseSet>>,
    pub not_preceded_by: Option<Box<LazyPhraseSet>>,
    pub followed_by: Option<Box<LazyPhraseSet>>,
    pub not_followed_by: Option<Box<LazyPhraseSet>>,
    pub before: usize,
    pub after: usize,
    pub scope: Scope,
    pub requires: Vec<Context>,
    pub unless: Vec<Context>,
    pub severity: Option<Severity>,
    /// Overrides the rule's mitigation for this trigger.
    pub mitigation: Option<Box<Mitigation>>,
}

impl Trigger {
    fn link_sets(&mut self, sets: &SharedSets) {
        self.phrases.sets = Arc::clone(sets);
        for set in self.phrase_sets() {
            set.patterns.sets = Arc::clone(sets);
        }
    }

    /// The phrase sets of the trigger's conditions and mitigators.
    fn phrase_sets(&mut self) -> impl Iterator<Item = &mut LazyPhraseSet> {
        let conditions = [
            &mut self.except,
            &mut self.preceded_by,
            &mut self.not_preceded_by,
            &mut self.followed_by,
            &mut self.not_followed_by,
        ];
        let mitigators = self.mitigation.as_mut().map(|m| &mut m.phrases);
        conditions
            .into_iter()
            .flatten()
            .map(|set| &mut **set)
            .chain(mitigators)
    }
}

/// What lowers a rule's findings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Mitigation {
    pub phrases: LazyPhraseSet,
    pub scope: MitigationScope,
    pub suppress: bool,
}

/// Bad and good examples that a rule carries as its own tests.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Examples {
    /// Texts the rule must flag.
    #[serde(default)]
    pub bad: Vec<String>,
    /// Texts on which no rule of the pack may fire at `warning` or above.
    #[serde(default)]
    pub good: Vec<String>,
    /// `(before, after)`: applying the rule's fixes to `before` gives exactly
    /// `after`, on which the rule no longer fires.
    #[serde(default)]
    pub fixed: Vec<(String, String)>,
}

/// A rule of a pack.
///
/// Rules serialise so that the default pack can be compiled ahead of time
/// (see `precompiled.rs`); that form is internal and changes with any release.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Rule {
    /// `category/name`, stable once released.
    pub id: String,
    /// The category, the part of the id before `/`.
    pub category: Category,
    /// Severity before context lowers it.
    pub severity: Severity,
    /// One line: what is wrong.
    pub message: String,
    /// Empathetic rewrites.
    pub suggestions: Vec<String>,
    /// Read back from a precompiled pack only when asked for: a check never
    /// needs it, and it is most of the bytes of the rules.
    documentation: Deferred<Documentation>,
    /// The file the rule came from.
    pub source: String,
    /// Read back from a precompiled pack the first time a candidate or a
    /// detector of the rule needs them: a short reply needs few rules'.
    triggers: Deferred<Vec<Trigger>>,
    /// The pack's sets, linked into the triggers' patterns as they are read
    /// back ([`Rule::link_sets`]).
    #[serde(skip, default = "unlinked")]
    sets: SharedSets,
    pub(crate) mitigation: Option<Mitigation>,
    /// The rule fires only on this many matches close together (a reply's worth).
    pub(crate) min_count: Option<usize>,
    /// How close together the counted matches must be.
    pub(crate) count_scope: MitigationScope,
    /// Safe replacements: a normalised phrase the rule matches, and what may
    /// replace it without a human looking.
    pub(crate) fixes: BTreeMap<String, String>,
}

/// What a rule says about itself, beyond its message.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Documentation {
    rationale: String,
    examples: Examples,
}

impl Rule {
    /// Why it hurts, with sources.
    pub fn rationale(&self) -> &str {
        &self.documentation.get().rationale
    }

    /// The rule's own test cases.
    pub fn examples(&self) -> &Examples {
        &self.documentation.get().examples
    }

    /// The pack's sets, which every pattern of the rule shares.
    #[cfg(test)]
    pub(crate) fn sets(&self) -> &SharedSets {
        &self.sets
    }

    /// The rule's triggers, linked to the pack's sets.
    pub(crate) fn triggers(&self) -> &[Trigger] {
        self.triggers.get_prepared(|triggers| {
            for trigger in triggers {
                trigger.link_sets(&self.sets);
            }
        })
    }

    /// Links `sets` into every pattern of the rule, now or as its triggers
    /// are read back: a precompiled pack stores its sets once, not with each
    /// pattern.
    pub(crate) fn link_sets(&mut self, sets: &SharedSets) {
        self.sets = Arc::clone(sets);
        for trigger in self.triggers.get_mut().into_iter().flatten() {
            trigger.link_sets(sets);
        }
        if let Some(m) = &mut self.mitigation {
            m.phrases.patterns.sets = Arc::clone(sets);
        }
    }

    /// Builds every phrase set of the rule, for a precompiled pack to store.
    #[cfg(test)]
    pub(crate) fn build_phrase_sets(&mut self) {
        let triggers = self.triggers.get_mut().into_iter().flatten();
        let rule = self.mitigation.as_mut().map(|m| &mut m.phrases);
        for set in triggers.flat_map(Trigger::phrase_sets).chain(rule) {
            set.get();
        }
    }

    /// Whether some phrases of the rule have a safe replacement (`fix`).
    pub fn has_fixes(&self) -> bool {
        !self.fixes.is_empty()
    }

    /// The safe replacement for `matched` (text of the original), if the rule
    /// has one for that phrase.
    pub(crate) fn fix_for(&self, matched: &str) -> Option<&str> {
        if self.fixes.is_empty() {
            return None;
        }
        self.fixes.get(&normalise_phrase(matched)).map(String::as_str)
    }
}

/// A rule file could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("{file}{location}: {what}")]
pub struct RuleError {
    file: String,
    location: String,
    what: String,
}

impl RuleError {
    fn new(file: &str, location: String, what: impl Into<String>) -> Self {
        Self {
            file: file.to_string(),
            location,
            what: what.into(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDef {
    #[serde(default)]
    sets: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    rule: Vec<toml::Spanned<RuleDef>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleDef {
    id: String,
    severity: String,
    message: String,
    rationale: String,
    suggestions: Vec<String>,
    trigger: Vec<TriggerDef>,
    #[serde(default)]
    mitigated_by: Vec<String>,
    mitigation_scope: Option<String>,
    mitigation: Option<String>,
    min_count: Option<usize>,
    count_scope: Option<String>,
    /// Phrase pattern → safe replacement.
    #[serde(default)]
    fix: BTreeMap<String, String>,
    #[serde(default)]
    examples: Examples,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TriggerDef {
    #[serde(default)]
    phrases: Vec<String>,
    detector: Option<String>,
    #[serde(default)]
    except: Vec<String>,
    #[serde(default)]
    preceded_by: Vec<String>,
    #[serde(default)]
    not_preceded_by: Vec<String>,
    #[serde(default)]
    followed_by: Vec<String>,
    #[serde(default)]
    not_followed_by: Vec<String>,
    before: Option<usize>,
    after: Option<usize>,
    scope: Option<String>,
    #[serde(default)]
    requires: Vec<String>,
    #[serde(default)]
    unless: Vec<String>,
    severity: Option<String>,
    #[serde(default)]
    mitigated_by: Vec<String>,
    mitigation_scope: Option<String>,
    mitigation: Option<String>,
}

/// A parsed but not yet compiled rule file.
pub(crate) struct ParsedFile {
    name: String,
    sets: BTreeMap<String, Vec<String>>,
    /// Each rule with the line and column where its table starts.
    rules: Vec<(RuleDef, (usize, usize))>,
}

/// Parses one rule file; syntax and shape errors name the file, line and rule.
pub(crate) fn parse_file(name: &str, text: &str) -> Result<ParsedFile, RuleError> {
    match toml::from_str::<FileDef>(text) {
        Ok(def) => Ok(ParsedFile {
            name: name.to_string(),
            sets: def.sets,
            rules: def
                .rule
                .into_iter()
                .map(|rule| {
                    let at = line_col(text, rule.span().start);
                    (rule.into_inner(), at)
                })
                .collect(),
        }),
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            let (line, col) = line_col(text, offset);
            let rule = rule_id_before(text, offset)
                .map(|id| format!(": rule \"{id}\""))
                .unwrap_or_default();
            Err(RuleError::new(
                name,
                format!(":{line}:{col}{rule}"),
                e.message().trim_end(),
            ))
        }
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The id of the `[[rule]]` whose table contains `offset`, if it has one.
fn rule_id_before(text: &str, offset: usize) -> Option<String> {
    let head = text[..offset.min(text.len())].rfind("[[rule]]")?;
    let table = &text[head..];
    let line = table.lines().find(|l| l.trim_start().starts_with("id"))?;
    let value = line.split_once('=')?.1.trim();
    Some(value.trim_matches('"').to_string())
}

/// Compiles parsed files into rules: sets first (they are global), then rules.
pub(crate) fn compile(files: Vec<ParsedFile>) -> Result<Vec<Rule>, RuleError> {
    let mut raw: BTreeMap<&str, (&str, &[String])> = BTreeMap::new();
    for file in &files {
        for (name, phrases) in &file.sets {
            if let Some((first, _)) = raw.insert(name, (&file.name, phrases)) {
                let what = format!("set `{name}` is already defined in {first}");
                return Err(RuleError::new(&file.name, String::new(), what));
            }
        }
    }
    let mut sets = Sets::new();
    for name in raw.keys() {
        resolve_set(name, &raw, &mut sets, &mut Vec::new())?;
    }
    let sets = Arc::new(Deferred::new(sets));
    let mut rules = Vec::new();
    let mut ids = HashMap::new();
    for file in files {
        for (def, (line, col)) in file.rules {
            let at = format!(":{line}:{col}: rule \"{}\"", def.id);
            if let Some(first) = ids.insert(def.id.clone(), file.name.clone()) {
                return Err(RuleError::new(
                    &file.name,
                    at,
                    format!("duplicate id, first defined in {first}"),
                ));
            }
            let rule = compile_rule(def, &file.name, &sets).map_err(|(field, what)| {
                RuleError::new(&file.name, at, format!("field \"{field}\": {what}"))
            })?;
            rules.push(rule);
        }
    }
    Ok(rules)
}

/// Expands the set `name`, first expanding the sets it refers to.
fn resolve_set<'a>(
    name: &'a str,
    raw: &BTreeMap<&'a str, (&'a str, &'a [String])>,
    done: &mut Sets,
    stack: &mut Vec<&'a str>,
) -> Result<(), RuleError> {
    let Some(&(file, phrases)) = raw.get(name) else {
        return Ok(());
    };
    if done.contains_key(name) {
        return Ok(());
    }
    if stack.contains(&name) {
        return Err(RuleError::new(
            file,
            String::new(),
            format!("set `{name}` refers to itself"),
        ));
    }
    stack.push(name);
    for phrase in phrases {
        for referenced in phrase
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}'))
            .map(|(n, _)| n)
        {
            if let Some((key, _)) = raw.get_key_value(referenced) {
                resolve_set(key, raw, done, stack)?;
            }
        }
    }
    stack.pop();
    let mut literals = Vec::new();
    for p in phrases {
        reject_regex_optional(p)
            .map_err(|e| RuleError::new(file, String::new(), format!("set `{name}`: {e}")))?;
        let expanded = pattern::expand(p, done).map_err(|e| {
            RuleError::new(
                file,
                String::new(),
                format!("set `{name}`: phrase {}: {e}", shown(p)),
            )
        })?;
        literals.extend(expanded);
    }
    if literals.len() > pattern::MAX_EXPANSION {
        // No pattern could use it: each would expand to more than the limit.
        let what = format!(
            "set `{name}`: expands to more than {} phrases",
            pattern::MAX_EXPANSION
        );
        return Err(RuleError::new(file, String::new(), what));
    }
    done.insert(name.to_string(), literals);
    Ok(())
}

type FieldError = (&'static str, String);

fn compile_rule(def: RuleDef, file: &str, sets: &SharedSets) -> Result<Rule, FieldError> {
    let (category, name) = def
        .id
        .split_once('/')
        .ok_or(("id", "expected `category/name`".to_string()))?;
    let category: Category = category.parse().map_err(|e| ("id", e))?;
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(("id", format!("name \"{name}\" must be lower-case kebab-case")));
    }
    let severity = def.severity.parse().map_err(|e| ("severity", e))?;
    if def.message.trim().is_empty() || def.message.contains('\n') {
        return Err(("message", "must be one non-empty line".into()));
    }
    if def.suggestions.iter().all(|s| s.trim().is_empty()) {
        return Err(("suggestions", "at least one rewrite is required".into()));
    }
    if def.trigger.is_empty() {
        return Err(("trigger", "at least one trigger is required".into()));
    }
    let triggers: Vec<Trigger> = def
        .trigger
        .into_iter()
        .map(|t| compile_trigger(t, sets))
        .collect::<Result<_, _>>()?;
    if def.min_count.is_some() && !def.fix.is_empty() {
        return Err(("fix", "a counting rule has no single span to fix".into()));
    }
    let fixes = compile_fixes(&def.fix, &triggers, sets.get()).map_err(|e| ("fix", e))?;
    let mitigation = compile_mitigation(def.mitigated_by, def.mitigation_scope, def.mitigation, sets)?;
    if def.min_count.is_some_and(|n| n < 2) {
        return Err(("min_count", "must be 2 or more".into()));
    }
    if def.min_count.is_none() && def.count_scope.is_some() {
        return Err((
            "count_scope",
            "only a counting rule (min_count) has a count scope".into(),
        ));
    }
    let count_scope = match def.count_scope.as_deref() {
        None => MitigationScope::Reply,
        Some(s) => parse_scope(s).map_err(|e| ("count_scope", e))?,
    };
    Ok(Rule {
        id: def.id,
        category,
        severity,
        message: def.message,
        suggestions: def.suggestions,
        documentation: Deferred::new(Documentation {
            rationale: def.rationale.trim().to_string(),
            examples: def.examples,
        }),
        source: file.to_string(),
        triggers: Deferred::new(triggers),
        sets: Arc::clone(sets),
        mitigation,
        min_count: def.min_count,
        count_scope,
        fixes,
    })
}

/// Expands each fix pattern into the normalised phrases it stands for. Every
/// phrase must be one the rule's triggers match, so a typo cannot hide a fix,
/// and a replacement must be plain words that read the same as Markdown, HTML
/// and plain text.
fn compile_fixes(
    defs: &BTreeMap<String, String>,
    triggers: &[Trigger],
    sets: &Sets,
) -> Result<BTreeMap<String, String>, String> {
    if defs.is_empty() {
        return Ok(BTreeMap::new());
    }
    let matched: HashSet<String> = triggers.iter().flat_map(|t| t.phrases.literals()).collect();
    let mut fixes = BTreeMap::new();
    for (pattern, replacement) in defs {
        check_replacement(replacement)?;
        let literals =
            pattern::expand(pattern, sets).map_err(|e| format!("phrase {}: {e}", shown(pattern)))?;
        for literal in literals.iter().map(normalise_phrase) {
            if !matched.contains(&literal) {
                return Err(format!(
                    "\"{literal}\" (from \"{pattern}\") is not a phrase of the rule's triggers"
                ));
            }
            if fixes.insert(literal.clone(), replacement.clone()).is_some() {
                return Err(format!("\"{literal}\" has two fixes"));
            }
        }
    }
    Ok(fixes)
}

/// Words of letters and digits, with single spaces, apostrophes, hyphens,
/// commas and full stops between them: nothing that Markdown or HTML would read
/// as markup, even at the start of a line (`- x`, `1. x`).
fn check_replacement(replacement: &str) -> Result<(), String> {
    let plain = |c: char| c.is_alphanumeric() || matches!(c, ' ' | '\'' | '\u{2019}' | '-' | ',' | '.');
    let ends = [replacement.chars().next(), replacement.chars().last()];
    let words_only = replacement.chars().all(plain)
        && !replacement.contains("  ")
        && ends.iter().all(|c| c.is_some_and(char::is_alphabetic));
    if !words_only {
        return Err(format!(
            "replacement \"{replacement}\" must be plain words (letters, digits, single spaces, ' - , .) \
             starting and ending with a letter"
        ));
    }
    Ok(())
}

fn compile_trigger(def: TriggerDef, sets: &SharedSets) -> Result<Trigger, FieldError> {
    let detector: Option<Detector> = def
        .detector
        .map(|d| d.parse())
        .transpose()
        .map_err(|e| ("detector", e))?;
    match (detector, def.phrases.is_empty()) {
        (None, true) => {
            return Err((
                "phrases",
                "at least one phrase (or a detector) is required".into(),
            ));
        }
        (Some(_), false) => return Err(("phrases", "a trigger has phrases or a detector, not both".into())),
        _ => {}
    }
    if detector.is_none() && !def.except.is_empty() {
        return Err(("except", "only a detector trigger has exceptions".into()));
    }
    let phrases = Patterns::parse(&def.phrases, sets).map_err(|e| ("phrases", e))?;
    let optional = |field: &'static str, list: &[String]| -> Result<Option<Box<LazyPhraseSet>>, FieldError> {
        if list.is_empty() {
            return Ok(None);
        }
        let set = LazyPhraseSet::parse(list, sets).map_err(|e| (field, e))?;
        Ok(Some(Box::new(set)))
    };
    let contexts = |field: &'static str, list: &[String]| -> Result<Vec<Context>, FieldError> {
        list.iter().map(|c| c.parse().map_err(|e| (field, e))).collect()
    };
    let scope = match def.scope.as_deref() {
        None | Some("clause") => Scope::Clause,
        Some("sentence") => Scope::Sentence,
        Some("reply") => Scope::Reply,
        Some(other) => {
            return Err((
                "scope",
                format!("unknown scope \"{other}\" (expected clause, sentence or reply)"),
            ));
        }
    };
    Ok(Trigger {
        detector,
        except: optional("except", &def.except)?,
        preceded_by: optional("preceded_by", &def.preceded_by)?,
        not_preceded_by: optional("not_preceded_by", &def.not_preceded_by)?,
        followed_by: optional("followed_by", &def.followed_by)?,
        not_followed_by: optional("not_followed_by", &def.not_followed_by)?,
        before: def.before.unwrap_or(3),
        after: def.after.unwrap_or(4),
        scope,
        requires: contexts("requires", &def.requires)?,
        unless: contexts("unless", &def.unless)?,
        severity: def
            .severity
            .map(|s| s.parse())
            .transpose()
            .map_err(|e| ("severity", e))?,
        mitigation: compile_mitigation(def.mitigated_by, def.mitigation_scope, def.mitigation, sets)?
            .map(Box::new),
        anchors: Deferred::new(phrases.anchor_words()),
        phrases,
    })
}

fn compile_mitigation(
    phrases: Vec<String>,
    scope: Option<String>,
    mode: Option<String>,
    sets: &SharedSets,
) -> Result<Option<Mitigation>, FieldError> {
    if phrases.is_empty() {
        if scope.is_some() || mode.is_some() {
            return Err((
                "mitigated_by",
                "mitigation settings need mitigated_by phrases".into(),
            ));
        }
        return Ok(None);
    }
    let scope = match scope.as_deref() {
        None => MitigationScope::NextSentence,
        Some(s) => parse_scope(s).map_err(|e| ("mitigation_scope", e))?,
    };
    let suppress = match mode.as_deref() {
        None | Some("downgrade") => false,
        Some("suppress") => true,
        Some(other) => {
            return Err((
                "mitigation",
                format!("unknown mode \"{other}\" (expected downgrade or suppress)"),
            ));
        }
    };
    Ok(Some(Mitigation {
        phrases: LazyPhraseSet::parse(&phrases, sets).map_err(|e| ("mitigated_by", e))?,
        scope,
        suppress,
    }))
}

fn parse_scope(s: &str) -> Result<MitigationScope, String> {
    match s {
        "sentence" => Ok(MitigationScope::Sentence),
        "next-sentence" => Ok(MitigationScope::NextSentence),
        "reply" => Ok(MitigationScope::Reply),
        other => Err(format!(
            "unknown scope \"{other}\" (expected sentence, next-sentence or reply)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The phrases of a pattern in normal form: its pieces laid end to end,
    /// spaces collapsed as the walker collapses them.
    fn walked_phrases(parts: &[Part]) -> Vec<String> {
        let mut acc = vec![String::new()];
        for part in parts {
            let pieces: Vec<String> = match part {
                Part::Text(t) => vec![t.to_string()],
                Part::Set(literals) => literals.iter().map(|l| l.to_string()).collect(),
                Part::Alt(alts) => alts.iter().flat_map(|a| walked_phrases(a)).collect(),
            };
            acc = acc
                .iter()
                .flat_map(|l| pieces.iter().map(move |r| format!("{l}{r}")))
                .collect();
        }
        acc
    }

    /// `text` with runs of spaces as one, and none at the edges or before
    /// sentence punctuation.
    fn spaced_as_normalised(text: &str) -> String {
        let mut out = String::new();
        for token in text.split(' ').filter(|t| !t.is_empty()) {
            if !out.is_empty() && !token.starts_with(pattern::is_sentence_mark) {
                out.push(' ');
            }
            out.push_str(token);
        }
        out
    }

    #[test]
    fn literals_are_normalised_once_each_in_the_order_first_met() {
        let sets = Sets::new();
        let seqs: Vec<Seq> = ["(b|a) c", "a c", "[x ]can't", "b  c", "[ ]"]
            .iter()
            .map(|p| pattern::parse(p, &sets).unwrap())
            .collect();
        assert_eq!(
            literals_of(seqs.iter(), &sets),
            ["b c", "a c", "x can not", "can not"]
        );
    }

    /// Walking a pattern finds exactly the phrases that expanding and
    /// normalising it gives, for every pattern of the default pack that walks.
    #[test]
    fn walked_patterns_match_their_expansions() {
        let rules = crate::pack::load(crate::pack::DEFAULT_FILES.iter().copied()).unwrap();
        let (mut walked, mut expanded) = (0, 0);
        for trigger in rules.iter().flat_map(|r| r.triggers()) {
            let patterns = &trigger.phrases;
            for seq in patterns.seqs.get() {
                let Some(parts) = pattern::normal_form(seq, patterns.sets()) else {
                    expanded += 1;
                    continue;
                };
                walked += 1;
                let mut phrases: Vec<String> = walked_phrases(&parts)
                    .iter()
                    .map(|p| spaced_as_normalised(p))
                    .filter(|p| !p.is_empty())
                    .collect();
                phrases.sort();
                phrases.dedup();
                let mut literals = literals_of([seq].into_iter(), patterns.sets());
                literals.sort();
                assert_eq!(phrases, literals, "{seq:?}");
            }
        }
        // Expanding is the exception: most of the pack is walked.
        assert!(walked > 10 * expanded, "{walked} walked, {expanded} expanded");
    }

    fn load(text: &str) -> Result<Vec<Rule>, String> {
        let file = parse_file("rules/test.toml", text).map_err(|e| e.to_string())?;
        compile(vec![file]).map_err(|e| e.to_string())
    }

    const GOOD: &str = r#"
[[rule]]
id = "dismissive/calm-down"
severity = "error"
message = "m"
rationale = "r"
suggestions = ["s"]
[[rule.trigger]]
phrases = ["calm down"]
"#;

    #[test]
    fn loads_a_rule() {
        let rules = load(GOOD).unwrap();
        assert_eq!(rules[0].category, Category::Dismissive);
        assert_eq!(rules[0].triggers()[0].phrases.literals(), ["calm down"]);
        assert_eq!(rules[0].triggers()[0].anchors.get(), &["calm"]);
    }

    #[test]
    fn errors_name_file_rule_and_field() {
        let bad = GOOD.replace("\"error\"", "\"fatal\"");
        assert_eq!(
            load(&bad).unwrap_err(),
            "rules/test.toml:2:1: rule \"dismissive/calm-down\": field \"severity\": unknown severity \"fatal\" (expected error, warning or info)"
        );
        let bad = GOOD.replace("calm down\"]", "(calm down\"]");
        assert!(
            load(&bad)
                .unwrap_err()
                .contains("field \"phrases\": phrase \"(calm down\": unbalanced `(`")
        );
        let bad = GOOD.replace("[[rule.trigger]]", "count_scope = \"sentence\"\n[[rule.trigger]]");
        assert!(
            load(&bad)
                .unwrap_err()
                .contains("field \"count_scope\": only a counting rule (min_count) has a count scope")
        );
        let bad = GOOD.replace(
            "[[rule.trigger]]",
            "min_count = 2\ncount_scope = \"page\"\n[[rule.trigger]]",
        );
        assert!(
            load(&bad)
                .unwrap_err()
                .contains("field \"count_scope\": unknown scope \"page\"")
        );
        let bad = GOOD.replace("dismissive/", "rude/");
        assert!(
            load(&bad)
                .unwrap_err()
                .contains("field \"id\": unknown category \"rude\"")
        );
    }

    #[test]
    fn a_rule_error_points_at_its_rule_and_cuts_a_long_phrase_short() {
        let second = GOOD
            .replace("calm-down", "relax")
            .replace("calm down", &"(".repeat(17));
        let err = load(&format!("{GOOD}{second}")).unwrap_err();
        assert!(
            err.starts_with("rules/test.toml:11:1: rule \"dismissive/relax\": "),
            "{err}"
        );
        assert!(err.ends_with("nests groups more than 16 deep"), "{err}");
        let long = GOOD.replace("calm down", &format!("calm {}", "x".repeat(5000)));
        let err = load(&long).unwrap_err();
        assert!(
            err.contains(&format!("\"calm {}…\": is longer than 4000", "x".repeat(75))),
            "{err}"
        );
    }

    #[test]
    fn an_oversized_set_is_refused() {
        let thousand = "(a|b|c|d|e|f|g|h|i|j)".repeat(3);
        let set = format!("[sets]\nBIG = [\"{thousand}\", \"{thousand}\", \"k\"]\n{GOOD}");
        let err = load(&set).unwrap_err();
        assert!(
            err.contains("set `BIG`: expands to more than 2000 phrases"),
            "{err}"
        );
    }

    #[test]
    fn syntax_errors_have_line_column_and_rule() {
        let bad = GOOD.replace("message = \"m\"", "mesage = \"m\"");
        let err = load(&bad).unwrap_err();
        assert!(err.starts_with("rules/test.toml:"), "{err}");
        assert!(err.contains(": rule \"dismissive/calm-down\": "), "{err}");
        assert!(err.contains("mesage"), "{err}");
    }

    #[test]
    fn regex_optional_is_refused_in_phrases_and_sets() {
        let bad = GOOD.replace("calm down\"]", "calm (down)?\"]");
        assert!(load(&bad).unwrap_err().contains("write `[x]`"));
        let set = format!("[sets]\nCALM = [\"calm (down)?\"]\n{GOOD}");
        let err = load(&set).unwrap_err();
        assert!(err.contains("set `CALM`") && err.contains("write `[x]`"), "{err}");
    }

    #[test]
    fn fixes_are_phrases_of_the_rule_with_plain_replacements() {
        let with_fix = |fix: &str| format!("{GOOD}[rule.fix]\n{fix}\n");
        let rules = load(&with_fix(r#""calm down" = "take a moment""#)).unwrap();
        assert!(rules[0].has_fixes());
        assert_eq!(rules[0].fix_for("Calm  down"), Some("take a moment"));
        let typo = load(&with_fix(r#""clam down" = "x""#)).unwrap_err();
        assert!(typo.contains("field \"fix\": \"clam down\""), "{typo}");
        for markup in ["*take* a moment", "<b>x</b>", "{{name}}", "", " x", "- x", "1. x"] {
            let err = load(&with_fix(&format!("\"calm down\" = \"{markup}\""))).unwrap_err();
            assert!(err.contains("must be plain words"), "{err}");
        }
    }

    #[test]
    fn categories_round_trip() {
        assert_eq!(Category::ALL.len(), 23);
        for c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>(), Ok(*c));
        }
    }
}

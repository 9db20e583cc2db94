//! Detect: candidates found in the shape of the text rather than in its words —
//! capitals, stacked punctuation and exclamation marks, which the normaliser
//! noted while it lower-cased the text. This is the reply-level counterpart of the matcher: no
//! pass over the text of its own, only over the normaliser's notes.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::matcher::{Candidate, TriggerRef};
use crate::normalise::Normalized;
use crate::phrase::{is_word, is_word_char, tokens};
use crate::rule::{Detector, Rule};

/// The detector triggers of a pack.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Detectors {
    triggers: Vec<(TriggerRef, Detector)>,
}

impl Detectors {
    pub fn new(rules: &[Rule]) -> Self {
        let mut triggers = Vec::new();
        for (r, rule) in rules.iter().enumerate() {
            for (t, trigger) in rule.triggers().iter().enumerate() {
                if let Some(d) = trigger.detector {
                    triggers.push((TriggerRef::new(r, t), d));
                }
            }
        }
        Self { triggers }
    }

    /// Adds the candidates of every detector trigger of the normalised `view` of
    /// `text` to `out`.
    pub fn candidates(&self, text: &str, view: &Normalized, rules: &[Rule], out: &mut Vec<Candidate>) {
        for &(at, detector) in &self.triggers {
            let except = rules[at.rule()].triggers()[at.trigger()].except.as_deref();
            let counted = |w: &str| except.is_none_or(|set| !set.get().occurs_in(&[w]));
            match detector {
                Detector::StackedPunctuation => out.extend(view.stacked.iter().map(|r| Candidate {
                    at,
                    start: r.start,
                    end: r.end,
                })),
                Detector::Exclamations => out.extend(exclaimed(view).map(|i| Candidate {
                    at,
                    start: i,
                    end: i + 1,
                })),
                Detector::Capitals | Detector::CapitalSentence => {
                    for run in runs(&view.text, &view.capitals, &counted) {
                        // Read only for a run long enough to shout: most
                        // runs are a lone `I`.
                        let sentence = || view.sentences().around(run.range.start, run.range.end);
                        let shouted = match detector {
                            Detector::Capitals => {
                                run.words >= 2 && run.long >= 1 && !is_label(text, view, &sentence(), &run)
                            }
                            _ => is_shouted_sentence(&view.text, sentence, &run),
                        };
                        if shouted {
                            out.push(Candidate {
                                at,
                                start: run.range.start,
                                end: run.range.end,
                            });
                        }
                    }
                }
            }
        }
    }
}

/// How many `!` make a short reply exclaim (catalogue H5)…
const MIN_EXCLAMATIONS: usize = 3;
/// …and how many words a reply may have to count as short.
const MAX_SHORT_REPLY: usize = 80;

/// The last `!` of a short reply with several: one candidate for the whole
/// reply, placed last so that a reply-wide `preceded_by` sees the rest.
fn exclaimed(view: &Normalized) -> Option<usize> {
    let short = view.words <= MAX_SHORT_REPLY;
    let many = view.exclamations.len() >= MIN_EXCLAMATIONS;
    (short && many)
        .then(|| view.exclamations.last().copied())
        .flatten()
}

/// Words in capitals next to each other.
struct Run {
    range: Range<usize>,
    /// Counted words in the run, one-letter words included.
    words: usize,
    /// Counted words of three letters or more.
    long: usize,
}

/// The runs of counted capital words: only spaces and light punctuation
/// between them, all in one sentence.
fn runs(text: &str, capitals: &[Range<usize>], counted: &dyn Fn(&str) -> bool) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for word in capitals.iter().filter(|r| counted(&text[(*r).clone()])) {
        let long = usize::from(text[word.clone()].chars().filter(|c| c.is_alphabetic()).count() >= 3);
        let joined = out.last().is_some_and(|last| {
            last.range.end <= word.start
                && text[last.range.end..word.start]
                    .chars()
                    .all(|c| matches!(c, ' ' | ',' | '\'' | '"' | '&' | '-' | '*'))
        });
        match out.last_mut() {
            Some(last) if joined => {
                last.range.end = word.end;
                last.words += 1;
                last.long += long;
            }
            _ => out.push(Run {
                range: word.clone(),
                words: 1,
                long,
            }),
        }
    }
    out
}

/// A short run that is its whole sentence or its whole line of the original
/// `text` (`ORDER DETAILS`), or that heads its sentence before a colon or a dash
/// (`BEFORE SENDING - check the quote`), is a label, not shouting.
fn is_label(text: &str, view: &Normalized, sentence: &Range<usize>, run: &Run) -> bool {
    let alone = |s: &str| !tokens(s).iter().any(|t| is_word(t));
    let norm = &view.text;
    let starts = alone(&norm[sentence.start..run.range.start]);
    let rest = &norm[run.range.end..sentence.end];
    let in_sentence = starts && alone(rest);
    let heading = starts && (rest.starts_with(':') || rest.starts_with(" - "));
    let (start, end) = (view.map.start(run.range.start), view.map.end(run.range.end));
    // Read only up to the nearest word or line break: one enormous line stays linear.
    let on_line = !text[..start]
        .chars()
        .rev()
        .take_while(|&c| c != '\n')
        .any(is_word_char)
        && !text[end..].chars().take_while(|&c| c != '\n').any(is_word_char);
    run.words <= 3 && (in_sentence || on_line || heading)
}

/// A sentence of four words or more, more than half of them in this run;
/// the sentence is read only for a run of four words or more.
fn is_shouted_sentence(text: &str, sentence: impl FnOnce() -> Range<usize>, run: &Run) -> bool {
    if run.words < 4 {
        return false;
    }
    let words = tokens(&text[sentence()]).iter().filter(|t| is_word(t)).count();
    words >= 4 && run.words * 2 > words
}

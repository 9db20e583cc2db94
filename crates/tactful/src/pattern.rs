//! The phrase pattern language of rule files, expanded into literal phrases.
//!
//! `(a|b)` alternation, `[x]` optional, `{SET}` a named set; everything else is
//! literal text. Expansion happens once, when a pack is loaded, so that every
//! trigger becomes plain literals that fit in the one Aho-Corasick automaton.

use std::collections::HashMap;

/// More literals than this from one pattern is almost certainly a mistake, and
/// would bloat the automaton.
pub(crate) const MAX_EXPANSION: usize = 2_000;

/// Why a pattern could not be expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PatternError {
    Unbalanced(char),
    UnknownSet(String),
    TooLarge,
    Empty,
}

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unbalanced(c) => write!(f, "unbalanced `{c}`"),
            Self::UnknownSet(name) => write!(f, "unknown set `{{{name}}}`"),
            Self::TooLarge => write!(f, "expands to more than {MAX_EXPANSION} phrases"),
            Self::Empty => write!(f, "expands to an empty phrase"),
        }
    }
}

/// Named sets, already expanded to literals.
pub(crate) type Sets = HashMap<String, Vec<String>>;

/// Expands `pattern` into its literal phrases (not yet normalised).
pub(crate) fn expand(pattern: &str, sets: &Sets) -> Result<Vec<String>, PatternError> {
    let mut parser = Parser {
        chars: pattern.chars().collect(),
        pos: 0,
        sets,
    };
    let out = parser.alternatives()?;
    if let Some(&c) = parser.chars.get(parser.pos) {
        return Err(PatternError::Unbalanced(c));
    }
    Ok(out)
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    sets: &'a Sets,
}

impl Parser<'_> {
    /// `seq ('|' seq)*`, stopping before `)` or `]`.
    fn alternatives(&mut self) -> Result<Vec<String>, PatternError> {
        let mut out = self.sequence()?;
        while self.peek() == Some('|') {
            self.pos += 1;
            out.extend(self.sequence()?);
            check_size(out.len())?;
        }
        Ok(out)
    }

    fn sequence(&mut self) -> Result<Vec<String>, PatternError> {
        let mut acc = vec![String::new()];
        while let Some(c) = self.peek() {
            let part = match c {
                '|' | ')' | ']' => break,
                '(' => self.group(')')?,
                '[' => {
                    let mut opt = self.group(']')?;
                    opt.push(String::new());
                    opt
                }
                '{' => self.set()?,
                _ => {
                    self.pos += 1;
                    vec![c.to_string()]
                }
            };
            acc = product(&acc, &part)?;
        }
        Ok(acc)
    }

    fn group(&mut self, close: char) -> Result<Vec<String>, PatternError> {
        let open = self.chars[self.pos];
        self.pos += 1;
        let inner = self.alternatives()?;
        if self.peek() != Some(close) {
            return Err(PatternError::Unbalanced(open));
        }
        self.pos += 1;
        Ok(inner)
    }

    fn set(&mut self) -> Result<Vec<String>, PatternError> {
        let start = self.pos + 1;
        let end = self.chars[start..]
            .iter()
            .position(|&c| c == '}')
            .map(|i| start + i)
            .ok_or(PatternError::Unbalanced('{'))?;
        let name: String = self.chars[start..end].iter().collect();
        self.pos = end + 1;
        self.sets
            .get(&name)
            .cloned()
            .ok_or(PatternError::UnknownSet(name))
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }
}

fn product(left: &[String], right: &[String]) -> Result<Vec<String>, PatternError> {
    check_size(left.len() * right.len())?;
    let mut out = Vec::with_capacity(left.len() * right.len());
    for l in left {
        for r in right {
            out.push(format!("{l}{r}"));
        }
    }
    Ok(out)
}

fn check_size(n: usize) -> Result<(), PatternError> {
    if n > MAX_EXPANSION {
        Err(PatternError::TooLarge)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(pattern: &str, sets: &Sets) -> Vec<String> {
        let mut v = expand(pattern, sets).unwrap();
        v.sort();
        v
    }

    #[test]
    fn alternation_and_optional() {
        let sets = Sets::new();
        assert_eq!(
            sorted("(that is|it is) [our ]policy", &sets),
            [
                "it is our policy",
                "it is policy",
                "that is our policy",
                "that is policy"
            ]
        );
    }

    #[test]
    fn nested_groups_and_sets() {
        let mut sets = Sets::new();
        sets.insert("EMO".into(), vec!["upset".into(), "angry".into()]);
        assert_eq!(
            sorted("you (seem (very |)|are ){EMO}", &sets),
            [
                "you are angry",
                "you are upset",
                "you seem angry",
                "you seem upset",
                "you seem very angry",
                "you seem very upset"
            ]
        );
    }

    #[test]
    fn errors() {
        let sets = Sets::new();
        assert_eq!(expand("(a|b", &sets), Err(PatternError::Unbalanced('(')));
        assert_eq!(expand("a]", &sets), Err(PatternError::Unbalanced(']')));
        assert_eq!(
            expand("{NOPE}", &sets),
            Err(PatternError::UnknownSet("NOPE".into()))
        );
        let huge = "(a|b|c|d|e|f|g|h|i|j)".repeat(4);
        assert_eq!(expand(&huge, &sets), Err(PatternError::TooLarge));
    }
}

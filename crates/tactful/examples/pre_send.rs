//! A pre-send check: the draft an agent is about to send, read from the
//! arguments or from standard input. Prints each finding with its place and a
//! rewrite; with `--fix` writes the safe fixes in and prints the new draft.
//! Exits 1 while an error-level finding remains, so a send button, a git hook
//! or a bot can call it and hold the reply back.
//!
//! ```text
//! cargo run -p tactful --example pre_send -- "Sorry if you feel upset, but that's our policy."
//! echo "We apologize for any inconvenience caused." | cargo run -p tactful --example pre_send -- --fix
//! ```

use std::io::Read;
use std::process::ExitCode;

use tactful::{Diagnostic, Format, LineIndex, Linter, Severity, apply_fixes};

/// What the check decided about one draft.
struct Review {
    /// The draft, with the safe fixes written in when asked.
    draft: String,
    /// Findings on that draft.
    found: Vec<Diagnostic>,
}

impl Review {
    /// Whether the draft may go out: nothing at error level is left.
    fn may_send(&self) -> bool {
        self.found.iter().all(|d| d.severity < Severity::Error)
    }
}

/// Checks a draft, first writing in the fixes when `fix` is set. Fixes can
/// reveal nothing new, but the draft is checked again so that the findings'
/// spans are those of the text that will be sent.
fn review(linter: &Linter, draft: &str, fix: bool) -> Review {
    let format = Format::sniff(draft);
    let mut found = linter.check(draft, format);
    let mut draft = draft.to_string();
    if fix && found.iter().any(|d| d.fix.is_some()) {
        draft = apply_fixes(&draft, found.iter().filter_map(Diagnostic::replacement)).text;
        found = linter.check(&draft, format);
    }
    Review { draft, found }
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let fix = args.iter().any(|a| a == "--fix");
    args.retain(|a| a != "--fix");
    let draft = if args.is_empty() {
        let mut text = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut text) {
            eprintln!("error: cannot read the draft from standard input: {e}");
            return ExitCode::from(2);
        }
        text
    } else {
        args.join(" ")
    };

    let linter = Linter::default_pack();
    let result = review(&linter, &draft, fix);
    if fix {
        println!("{}", result.draft.trim_end());
        println!();
    }
    let lines = LineIndex::new(&result.draft);
    for d in &result.found {
        let at = lines.line_column(d.span.start);
        println!(
            "{}:{} {} {}: {}",
            at.line, at.column, d.severity, d.rule, d.message
        );
        println!("    “{}”", d.matched);
        if let Some(fix) = &d.fix {
            println!("    fix: “{fix}”");
        } else if let Some(rewrite) = d.suggestions.first() {
            println!("    try: {rewrite}");
        }
    }
    if result.may_send() {
        println!("OK to send.");
        ExitCode::SUCCESS
    } else {
        println!("Hold on: rewrite the errors above before sending.");
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rude_draft_is_held_back_and_a_kind_one_goes_out() {
        let linter = Linter::default_pack();
        let rude = review(&linter, "Calm down. That's our policy.", false);
        assert!(!rude.may_send());
        let kind = review(
            &linter,
            "Thanks for waiting, Sam. I've refunded the fee today; you'll see it within 3 days.",
            false,
        );
        assert!(kind.may_send() && kind.found.is_empty());
    }

    #[test]
    fn fixing_writes_the_safe_rewrites_and_rechecks() {
        let linter = Linter::default_pack();
        let before = "No problem, I'll send it by EOD.";
        let fixed = review(&linter, before, true);
        assert_eq!(fixed.draft, "Happy to help, I'll send it by end of day.");
        assert!(fixed.found.iter().all(|d| d.fix.is_none()));
    }
}

//! A helpdesk integration: the hook a helpdesk calls before an agent's comment
//! is posted. It takes the event as JSON on standard input — the ticket, the
//! draft's HTML body — and answers JSON: whether to let the comment through,
//! the findings to show beside the editor (with the excerpt and a rewrite),
//! and the body with the safe fixes written in for a one-click "apply".
//!
//! The team's configuration is a `tactful.toml` text, parsed once at start-up;
//! the linter is built once and reused for every event.
//!
//! ```text
//! echo '{"ticket_id": 4821, "body_html": "<p>Per our policy we cannot refund this. Calm down.</p>"}' \
//!   | cargo run -p tactful --example helpdesk
//! ```

use std::io::Read;

use serde_json::{Value, json};
use tactful::{Config, Diagnostic, Format, Linter, Severity, apply_fixes};

/// The team's rules: no jargon findings (their customers are engineers), and
/// their own phrase to avoid.
const TEAM_CONFIG: &str = r#"
ignore = ["jargon"]

[[phrases]]
phrase = "tossed over"
message = "Sounds as if the ticket was handled carelessly."
suggestion = "passed to"
"#;

/// Answers one hook event. Errors block the comment; warnings and infos are
/// shown but let it through.
fn answer(linter: &Linter, event: &Value) -> Value {
    let body = event["body_html"].as_str().unwrap_or_default();
    let found = linter.check(body, Format::Html);
    let fixed = apply_fixes(body, found.iter().filter_map(Diagnostic::replacement));
    json!({
        "ticket_id": event["ticket_id"],
        "allow": found.iter().all(|d| d.severity < Severity::Error),
        "findings": found.iter().map(finding).collect::<Vec<_>>(),
        "fixed_body_html": (fixed.applied > 0).then_some(fixed.text),
    })
}

fn finding(d: &Diagnostic) -> Value {
    json!({
        "rule": &*d.rule,
        "severity": d.severity.to_string(),
        "message": &*d.message,
        "excerpt": d.matched,
        "start": d.span.start,
        "end": d.span.end,
        "rewrite": d.fix.as_ref().or(d.suggestions.first()),
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_toml(TEAM_CONFIG)?;
    let linter = Linter::with_config(&config)?;
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let event: Value = serde_json::from_str(&input).map_err(|e| format!("the event is not JSON: {e}"))?;
    println!("{}", serde_json::to_string_pretty(&answer(&linter, &event))?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linter() -> Linter {
        Linter::with_config(&Config::from_toml(TEAM_CONFIG).unwrap()).unwrap()
    }

    #[test]
    fn a_refusal_is_blocked_with_findings_in_the_body() {
        let body = "<p>Per our policy we cannot refund this. Calm down.</p>";
        let reply = answer(&linter(), &json!({"ticket_id": 7, "body_html": body}));
        assert_eq!(reply["allow"], false);
        let findings = reply["findings"].as_array().unwrap();
        assert!(findings.iter().any(|f| f["rule"] == "dismissive/calm-down"));
        for f in findings {
            let (start, end) = (
                f["start"].as_u64().unwrap() as usize,
                f["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&body[start..end], f["excerpt"].as_str().unwrap());
        }
    }

    #[test]
    fn the_team_config_applies() {
        let body = "<p>Your ticket was tossed over to the SLA desk.</p>";
        let reply = answer(&linter(), &json!({"ticket_id": 8, "body_html": body}));
        let rules: Vec<&str> = reply["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        assert!(
            rules.contains(&"negative-language/custom-tossed-over"),
            "{rules:?}"
        );
        assert!(rules.iter().all(|r| !r.starts_with("jargon/")), "{rules:?}");
    }

    #[test]
    fn a_fixable_draft_comes_back_fixed() {
        let body = "<p>No problem, I'll send it by EOD.</p>";
        let reply = answer(&linter(), &json!({"ticket_id": 9, "body_html": body}));
        assert_eq!(reply["allow"], true);
        // `EOD` is jargon, which this team does not check.
        assert_eq!(
            reply["fixed_body_html"],
            "<p>Happy to help, I'll send it by EOD.</p>"
        );
    }
}

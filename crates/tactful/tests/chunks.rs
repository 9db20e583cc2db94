//! A large plain text checked in pieces gives the same findings as checked
//! whole.

#[allow(dead_code)] // the corpus example uses the rest of the generator
#[path = "../../../benches/corpus.rs"]
mod corpus;

use tactful::{Format, Linter};

#[test]
fn pieces_find_what_the_whole_text_finds() {
    let linter = Linter::default_pack();
    let text = corpus::Replies::new(7).text(300_000);
    let whole = linter.check_in_pieces(&text, Format::Plain, usize::MAX, 0);
    // Pieces of 20 KB with 8 KB of context: wider than any window of the judge.
    let pieces = linter.check_in_pieces(&text, Format::Plain, 20_000, 8_000);
    assert!(whole.len() > 100, "the corpus has anti-patterns: {}", whole.len());
    assert_eq!(pieces, whole);
}

#[test]
fn a_signature_hides_the_rest_of_a_large_text() {
    let linter = Linter::default_pack();
    let head = corpus::Replies::new(8).text(50_000);
    let tail = "Please calm down.\n\n".repeat(2_000);
    let text = format!("{head}\n\n-- \nAna\n\n{tail}");
    let pieces = linter.check_in_pieces(&text, Format::Plain, 20_000, 8_000);
    assert!(pieces.iter().all(|d| d.span.end <= head.len()));
    assert_eq!(
        pieces,
        linter.check_in_pieces(&text, Format::Plain, usize::MAX, 0)
    );
}

/// The corpus as HTML, in stretches of 40 replies of which some are bold or
/// skipped (a quote, code, a comment): each such element spans more than a
/// piece and its margins.
fn html_corpus(seed: u64, size: usize) -> String {
    let text = corpus::Replies::new(seed).text(size);
    let replies: Vec<String> = text
        .split("\n\n\n")
        .map(|reply| format!("<p>{}</p>", reply.replace("\n\n", "</p>\n\n<p>")))
        .collect();
    let mut html = String::new();
    for (i, stretch) in replies.chunks(40).enumerate() {
        let stretch = stretch.join("\n\n\n");
        let (open, close) = [
            ("", ""),
            ("<blockquote>", "</blockquote>"),
            ("<b>", "</b>"),
            ("<!--", "-->"),
            ("<pre>", "</pre>"),
        ][i % 5];
        html.push_str(&format!("{open}\n\n{stretch}\n\n{close}\n\n"));
    }
    html
}

#[test]
fn html_pieces_find_what_the_whole_html_finds() {
    let linter = Linter::default_pack();
    let text = html_corpus(9, 300_000);
    let whole = linter.check_in_pieces(&text, Format::Html, usize::MAX, 0);
    let pieces = linter.check_in_pieces(&text, Format::Html, 20_000, 8_000);
    assert!(whole.len() > 100, "the corpus has anti-patterns: {}", whole.len());
    assert_eq!(pieces, whole);
}

#[test]
fn one_long_line_in_pieces_finds_what_it_finds_whole() {
    let linter = Linter::default_pack();
    let text = corpus::Replies::new(10).text(300_000);
    for (format, text) in [
        (Format::Plain, text.replace('\n', " ")),
        (Format::Plain, text.replace("\n\n", "\n")),
        (Format::Html, html_corpus(11, 300_000).replace('\n', " ")),
    ] {
        let whole = linter.check_in_pieces(&text, format, usize::MAX, 0);
        let pieces = linter.check_in_pieces(&text, format, 20_000, 8_000);
        assert!(whole.len() > 100, "the corpus has anti-patterns: {}", whole.len());
        assert_eq!(pieces, whole, "{format:?}");
    }
}

#[test]
fn a_quoted_line_mark_inside_a_long_line_hides_nothing() {
    let linter = Linter::default_pack();
    // The only sentence end is before "> ": a context starting there must not
    // read as a quoted line, which would hide the rest of the line.
    let line = "We looked at your order and it is on its way. > Please calm down, that is our policy, "
        .repeat(1_500);
    let whole = linter.check_in_pieces(&line, Format::Plain, usize::MAX, 0);
    assert!(whole.len() > 1_000);
    assert_eq!(linter.check_in_pieces(&line, Format::Plain, 20_000, 8_000), whole);
}

#[test]
fn findings_handed_out_one_at_a_time_are_those_of_check() {
    let config = tactful::Config::from_toml(
        r#"
        ignore = ["negative-language"]
        [severity]
        "dismissive" = "error"
        "#,
    )
    .unwrap();
    let linter = Linter::with_config(&config).unwrap();
    // Two and a half megabytes: checked in pieces of the default size.
    let text = corpus::Replies::new(12).text(2_500_000);
    // Checked whole, then filtered as the configuration says.
    let mut found = linter.check_in_pieces(&text, Format::Plain, usize::MAX, 0);
    config.filter.retain(&mut found);
    assert!(
        found.len() > 1_000,
        "the corpus has anti-patterns: {}",
        found.len()
    );
    assert!(found.iter().all(|d| !d.rule.starts_with("negative-language/")));
    assert!(found.iter().any(|d| d.rule.starts_with("dismissive/")));
    assert!(
        found
            .iter()
            .filter(|d| d.rule.starts_with("dismissive/"))
            .all(|d| d.severity == tactful::Severity::Error)
    );
    assert_eq!(linter.check_iter(&text, Format::Plain).collect::<Vec<_>>(), found);
    assert_eq!(linter.check(&text, Format::Plain), found);
}

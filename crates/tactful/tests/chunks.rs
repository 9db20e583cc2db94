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

//! Properties that hold for any input: no panic, spans inside the text and on
//! char boundaries, `matched` equal to the spanned text, findings in order, and
//! nothing found inside a placeholder.

use std::sync::LazyLock;

use proptest::prelude::*;
use tactful::{Format, Linter};

static LINTER: LazyLock<Linter> = LazyLock::new(Linter::default_pack);

/// Text that looks like replies: trigger words, curly quotes, dashes, emoji,
/// placeholders and Markdown, glued in any order.
fn reply_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "I’m sorry",
        "sorry, but",
        "that's our policy",
        "calm down",
        "you need to",
        "not your fault",
        "there’s nothing I can do",
        "{{ticket.id}}",
        "[Name]",
        "`code`",
        "> quoted",
        "\n",
        "\r\n",
        "\n\n",
        " — ",
        "–",
        "\u{a0}",
        "😀",
        "é",
        "İ",
        "ß",
        "can't",
        "cannot",
        "won’t",
        ". ",
        "? ",
        "!!",
        "“",
        "”",
        "- ",
        "# ",
        "```\n",
        "https://x.test/a",
        "a@b.co",
        "if you",
        "please",
        "  ",
        "'",
        "\t",
    ]);
    prop::collection::vec(prop_oneof![pieces.prop_map(String::from), any::<String>()], 0..24)
        .prop_map(|parts| parts.concat())
}

fn assert_well_formed(text: &str, format: Format) {
    let found = LINTER.check(text, format);
    let mut last = 0;
    for d in &found {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{d:?}");
        assert!(
            text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
            "{d:?}"
        );
        assert_eq!(&text[d.span.clone()], d.matched);
        assert!(!d.matched.is_empty());
        assert!(d.span.start >= last, "out of order: {found:?}");
        last = d.span.start;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_unicode_is_handled(text in any::<String>()) {
        assert_well_formed(&text, Format::Plain);
        assert_well_formed(&text, Format::Markdown);
    }

    #[test]
    fn reply_like_text_is_handled(text in reply_like()) {
        assert_well_formed(&text, Format::Plain);
        assert_well_formed(&text, Format::Markdown);
    }

    #[test]
    fn nothing_is_found_inside_a_placeholder(prefix in reply_like(), suffix in reply_like()) {
        let placeholder = "{{calm down, that's our policy}}";
        let text = format!("{prefix} {placeholder} {suffix}");
        let start = prefix.len() + 1;
        let inside = start..start + placeholder.len();
        for d in LINTER.check(&text, Format::Plain) {
            prop_assert!(!inside.contains(&d.span.start), "{d:?}");
        }
    }
}

//! Inputs for the property tests: shared by the engine's and the command line's.

use proptest::prelude::*;

/// Text that looks like replies: trigger words, phrases with a safe fix, curly
/// quotes, dashes, emoji, placeholders, Markdown and HTML, glued in any order.
pub fn reply_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "I’m sorry",
        "sorry, but",
        "that's our policy",
        "calm down",
        "you need to",
        "not your fault",
        "there’s nothing I can do",
        "No problem",
        "by EOD",
        "FYI",
        "Simply click",
        "just restart",
        "sorry for any inconvenience",
        "the eng team",
        "{{ticket.id}}",
        "[Name]",
        "`code`",
        "> quoted",
        "<p>",
        "<b>",
        "</b>",
        "&rsquo;",
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
        "**",
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

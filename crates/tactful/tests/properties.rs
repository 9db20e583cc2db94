//! Properties that hold for any input, in every format: no panic, spans inside
//! the text and on char boundaries, `matched` equal to the spanned text,
//! findings in order, lines and columns that agree with the spans, nothing found
//! inside a placeholder, and fixes that touch only flagged spans and settle.

mod invariants;
mod strategies;

use std::sync::LazyLock;

use invariants::{FORMATS, assert_diagnostics, fix_until_settled};
use proptest::prelude::*;
use strategies::reply_like;
use tactful::{Format, Linter};

static LINTER: LazyLock<Linter> = LazyLock::new(Linter::default_pack);

fn format() -> impl Strategy<Value = Format> {
    prop::sample::select(FORMATS.to_vec())
}

/// `(before, placeholder, after)`: a placeholder of one of the syntaxes the
/// engine masks, with trigger phrases inside, and what stands around it.
fn placeholder() -> impl Strategy<Value = (&'static str, &'static str, &'static str)> {
    prop::sample::select(vec![
        ("", "{{calm down, that's our policy}}", ""),
        ("", "{{{Calm down, it's not my fault}}}", ""),
        ("", "{% calm down %}", ""),
        ("", "%{calm down}", ""),
        ("", "#{calm_down.not_my_problem}", ""),
        ("", "{!Calm_down.Policy}", ""),
        ("", "{$calm down}", ""),
        ("", "%%CALM_DOWN%%", ""),
        ("", "%CALM_DOWN%", ""),
        ("", "*|CALM_DOWN|*", ""),
        ("", "[[calm down, that's our policy]]", ""),
        ("", "<<calm down>>", ""),
        ("", "{calm down}", ""),
        ("", "[Calm down, that's our policy]", ""),
        ("", "[calm down / not my problem]", ""),
        ("[see ", "{{calm down, that's our policy}}", "]"),
        ("[", "{{calm down}}", "](https://x.test)"),
        ("[x ", "<<calm down>>", " y]"),
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_unicode_is_handled(text in any::<String>()) {
        for format in FORMATS {
            assert_diagnostics(&text, &LINTER.check(&text, format));
        }
    }

    #[test]
    fn any_bytes_are_handled(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        for format in FORMATS {
            assert_diagnostics(&text, &LINTER.check(&text, format));
        }
    }

    #[test]
    fn reply_like_text_is_handled(text in reply_like()) {
        for format in FORMATS {
            assert_diagnostics(&text, &LINTER.check(&text, format));
        }
    }

    #[test]
    fn nothing_is_found_inside_a_placeholder(
        prefix in reply_like(),
        (before, placeholder, after) in placeholder(),
        suffix in reply_like(),
        format in format(),
    ) {
        let text = format!("{prefix} {before}{placeholder}{after} {suffix}");
        let start = prefix.len() + 1 + before.len();
        let inside = start..start + placeholder.len();
        for d in LINTER.check(&text, format) {
            prop_assert!(!inside.contains(&d.span.start), "{d:?} in {text:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fixes_touch_only_flagged_spans_and_a_second_fix_changes_nothing(
        text in reply_like(),
        format in format(),
    ) {
        let fixed = fix_until_settled(&LINTER, &text, format);
        prop_assert_eq!(fix_until_settled(&LINTER, &fixed, format), fixed);
    }
}

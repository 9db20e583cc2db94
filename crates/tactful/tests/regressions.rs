//! Inputs on which the engine once broke a promise, found by the property tests
//! and the fuzz targets (`scripts/fuzz.sh`), each kept as it was found.

mod invariants;

use std::sync::LazyLock;

use invariants::FORMATS;
use tactful::{Format, Linter};

static LINTER: LazyLock<Linter> = LazyLock::new(Linter::default_pack);

/// No finding, in any format, starts inside `placeholder` (found in `text`).
fn assert_nothing_found_inside(text: &str, placeholder: &str) {
    let start = text.find(placeholder).expect("the placeholder is in the text");
    let inside = start..start + placeholder.len();
    for format in FORMATS {
        for d in LINTER.check(text, format) {
            assert!(!inside.contains(&d.span.start), "{format:?}: {d:?}");
        }
    }
}

/// A bracket that is no fill-in (`[see …]`, a link's text) was matched as a
/// whole and then let go, which left the placeholder inside it unmasked.
#[test]
fn a_placeholder_inside_brackets_is_masked() {
    assert_nothing_found_inside(
        " [see {{calm down, that's our policy}}] ",
        "{{calm down, that's our policy}}",
    );
    assert_nothing_found_inside("See [the {{calm down}} page](x) ok", "{{calm down}}");
    assert_nothing_found_inside("Hi [x <<calm down>> y], thanks", "<<calm down>>");
    // A real fill-in is still masked whole.
    assert_nothing_found_inside(
        "Hi [Calm down, that's our policy], thanks",
        "[Calm down, that's our policy]",
    );
    let found = LINTER.check("[see this] Please calm down.", Format::Plain);
    assert!(found.iter().any(|d| d.matched.contains("calm down")), "{found:?}");
}

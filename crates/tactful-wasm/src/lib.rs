//! tactful for JavaScript: the engine compiled to WebAssembly with
//! wasm-bindgen.
//!
//! ```js
//! import init, { Linter, applyFixes } from "tactful";
//! await init();
//! const linter = new Linter();
//! const text = "Please calm down.";
//! const found = linter.check(text, "plain");
//! text.slice(found[0].start, found[0].end); // "calm down"
//! const fixed = applyFixes(text, found.filter((d) => d.fix));
//! ```
//!
//! Findings are plain objects with the fields of the CLI's JSON diagnostics;
//! their offsets are UTF-16 code units, so they index JavaScript strings
//! directly ([`utf16`] converts). The conversions live in [`wire`] and are
//! tested natively; this file only crosses the boundary.

pub mod utf16;
pub mod wire;

use tactful::Format;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** The markup a text is written in. */
export type Format = "plain" | "markdown" | "html";

/** One problem found in a text, shaped like the CLI's JSON diagnostics. */
export interface Diagnostic {
  /** The rule id, `category/name`, e.g. "dismissive/calm-down". */
  rule: string;
  category: string;
  severity: "error" | "warning" | "info";
  /** One line: what is wrong. */
  message: string;
  /** UTF-16 code units: `text.slice(start, end) === matched`. */
  start: number;
  end: number;
  /** The same offsets under the key the CLI's JSON uses. */
  span: { start: number; end: number };
  /** 1-based, as the CLI reports them: columns count Unicode code points. */
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  matched: string;
  /** Empathetic rewrites, for a person to choose from. */
  suggestions: string[];
  /** A replacement safe to write over `matched` without a person looking. */
  fix?: string;
}
"#;

/// A compiled rule pack. Build it once: compiling the pack is the slow part,
/// checking a reply is quick.
#[wasm_bindgen]
pub struct Linter {
    inner: tactful::Linter,
}

#[wasm_bindgen]
impl Linter {
    /// A linter with the default rule pack.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)] // JavaScript calls `new Linter()`; Default means nothing there.
    pub fn new() -> Linter {
        Linter {
            inner: tactful::Linter::default_pack(),
        }
    }

    /// The findings in `text`, in order of position. `format` is "plain"
    /// (the default), "markdown" or "html".
    #[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
    pub fn check(
        &self,
        text: &str,
        #[wasm_bindgen(unchecked_param_type = "Format")] format: Option<String>,
    ) -> Result<JsValue, JsError> {
        let format = parse_format(format.as_deref()).map_err(|e| JsError::new(&e))?;
        let diagnostics = self.inner.check(text, format);
        Ok(serde_wasm_bindgen::to_value(&wire::findings(text, &diagnostics))?)
    }
}

/// `text` with the fixes of `diagnostics` written in; those without a `fix`
/// are skipped. Throws when a span does not fit `text` (it was checked
/// before an edit).
#[wasm_bindgen(js_name = applyFixes)]
pub fn apply_fixes(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "Diagnostic[]")] diagnostics: JsValue,
) -> Result<String, JsError> {
    let wanted: Vec<wire::Replacement> = serde_wasm_bindgen::from_value(diagnostics)?;
    wire::apply(text, &wanted).map_err(|e| JsError::new(&e.to_string()))
}

/// The format named by JavaScript; none means plain text.
pub fn parse_format(name: Option<&str>) -> Result<Format, String> {
    match name.unwrap_or("plain") {
        "plain" => Ok(Format::Plain),
        "markdown" => Ok(Format::Markdown),
        "html" => Ok(Format::Html),
        other => Err(format!(
            "unknown format {other:?}: expected \"plain\", \"markdown\" or \"html\""
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_named_as_in_the_types() {
        assert_eq!(parse_format(None), Ok(Format::Plain));
        assert_eq!(parse_format(Some("markdown")), Ok(Format::Markdown));
        assert_eq!(parse_format(Some("html")), Ok(Format::Html));
        let err = parse_format(Some("md")).unwrap_err();
        assert!(err.contains("\"md\""), "{err}");
    }
}

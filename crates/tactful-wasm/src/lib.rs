//! tactful for JavaScript: the engine compiled to WebAssembly with
//! wasm-bindgen.
//!
//! ```js
//! import init, { Linter, applyFixes } from "tactful";
//! await init();
//! const linter = new Linter(); // or new Linter(tactfulTomlText)
//! const text = "Please calm down.";
//! const found = linter.check(text, "plain");
//! text.slice(found[0].start, found[0].end) === found[0].matched; // true
//! const fixed = applyFixes(text, found.filter((d) => d.fix));
//! ```
//!
//! Findings are plain objects with the fields of the CLI's JSON diagnostics;
//! their offsets are UTF-16 code units, so they index JavaScript strings
//! directly ([`utf16`] converts). The conversions live in [`wire`] and are
//! tested natively; the exported functions here only cross the boundary.

pub mod utf16;
pub mod wire;

use tactful::{Config, ConfigError, Format};
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
    /// A linter with the default rule pack, configured by the text of a
    /// `tactful.toml` when one is given. Throws on a configuration error, with
    /// its line and column.
    #[wasm_bindgen(constructor)]
    pub fn new(config: Option<String>) -> Result<Linter, JsError> {
        let inner = configured(config.as_deref())
            .map_err(|e| JsError::new(&format!("invalid configuration at {e}")))?;
        Ok(Linter { inner })
    }

    /// The findings in `text`, in order of position. `format` is "plain",
    /// "markdown" or "html".
    #[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
    pub fn check(
        &self,
        text: &str,
        #[wasm_bindgen(unchecked_param_type = "Format")] format: &str,
    ) -> Result<JsValue, JsError> {
        let format: Format = format.parse().map_err(|e: String| JsError::new(&e))?;
        let diagnostics = self.inner.check(text, format);
        Ok(serde_wasm_bindgen::to_value(&wire::findings(text, &diagnostics))?)
    }
}

/// `text` with the fixes of `diagnostics` written in; those without a `fix`
/// are skipped, and only `start`, `end` and `fix` are read. Throws when a
/// span does not fit `text` (it was checked before an edit).
#[wasm_bindgen(js_name = applyFixes)]
pub fn apply_fixes(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "Pick<Diagnostic, \"start\" | \"end\" | \"fix\">[]")]
    diagnostics: JsValue,
) -> Result<String, JsError> {
    let wanted: Vec<wire::Replacement> = serde_wasm_bindgen::from_value(diagnostics)?;
    wire::apply(text, &wanted).map_err(|e| JsError::new(&e.to_string()))
}

/// The default pack with the configuration text applied, if there is one:
/// `select`, `ignore`, `[severity]` and `[[phrases]]`. A configuration naming
/// files (`extends`, `rules`) is refused, as there are no files to read.
pub fn configured(config: Option<&str>) -> Result<tactful::Linter, ConfigError> {
    match config {
        None => Ok(tactful::Linter::default_pack()),
        Some(text) => tactful::Linter::with_config(&Config::from_toml(text)?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_configuration_filters_and_adds_findings() {
        let reply = "Please calm down and read the FAQ.";
        let rules = |config| -> Vec<String> {
            let linter = configured(config).unwrap();
            linter
                .check(reply, Format::Plain)
                .into_iter()
                .map(|d| d.rule.to_string())
                .collect()
        };
        assert!(rules(None).iter().any(|r| r.starts_with("dismissive/")));
        let team = "ignore = [\"dismissive\"]\n[[phrases]]\nphrase = \"read the FAQ\"\nmessage = \"Link the article.\"\nsuggestion = \"Here is the article: {{link}}\"\n";
        let configured_rules = rules(Some(team));
        assert!(
            !configured_rules.iter().any(|r| r.starts_with("dismissive/")),
            "{configured_rules:?}"
        );
        assert!(
            configured_rules.iter().any(|r| r.contains("/custom-")),
            "{configured_rules:?}"
        );
    }

    #[test]
    fn a_bad_configuration_says_where() {
        let err = configured(Some("ignore = [\"dismissive\"]\nselekt = []\n")).unwrap_err();
        assert_eq!((err.line, err.column), (2, 1), "{err}");
    }
}

//! tactful from Python: the module `tactful` (built by maturin as
//! `tactful._tactful` and re-exported by the package's `__init__.py`).
//!
//! The engine works in UTF-8 byte offsets; everything handed to Python is in
//! string indices (code points), so `text[d.start:d.end] == d.matched`. The GIL
//! is released while a text is checked, so a threaded bot checks replies in
//! parallel.

mod diagnostic;
mod offsets;

use std::sync::{Arc, OnceLock};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use tactful::Format;

use diagnostic::Diagnostic;

/// The default rule pack, compiled on first use and shared by every check
/// that names no configuration.
fn default_linter() -> Arc<tactful::Linter> {
    static DEFAULT: OnceLock<Arc<tactful::Linter>> = OnceLock::new();
    DEFAULT
        .get_or_init(|| Arc::new(tactful::Linter::default_pack()))
        .clone()
}

/// The engine's format for the name Python passes.
fn parse_format(name: &str) -> PyResult<Format> {
    match name {
        "plain" => Ok(Format::Plain),
        "markdown" => Ok(Format::Markdown),
        "html" => Ok(Format::Html),
        _ => Err(PyValueError::new_err(format!(
            "unknown format '{name}': expected 'plain', 'markdown' or 'html'"
        ))),
    }
}

/// Checks `text` with `linter`, without holding the GIL.
fn run(py: Python<'_>, linter: &tactful::Linter, text: &str, format: &str) -> PyResult<Vec<Diagnostic>> {
    let format = parse_format(format)?;
    Ok(py.detach(|| diagnostic::from_engine(text, &linter.check(text, format))))
}

/// A compiled rule pack: build it once, then check many replies with it.
#[pyclass(frozen, module = "tactful")]
struct Linter {
    inner: Arc<tactful::Linter>,
}

#[pymethods]
impl Linter {
    #[new]
    fn new(py: Python<'_>) -> Self {
        Linter {
            inner: py.detach(default_linter),
        }
    }

    /// The problems in `text`, in order of position.
    #[pyo3(signature = (text, format = "plain"))]
    fn check(&self, py: Python<'_>, text: &str, format: &str) -> PyResult<Vec<Diagnostic>> {
        run(py, &self.inner, text, format)
    }

    fn __repr__(&self) -> String {
        format!("Linter({} rules)", self.inner.rules().len())
    }
}

/// The problems in `text`, in order of position.
#[pyfunction]
#[pyo3(signature = (text, format = "plain"))]
fn check(py: Python<'_>, text: &str, format: &str) -> PyResult<Vec<Diagnostic>> {
    run(py, &py.detach(default_linter), text, format)
}

/// `text` with the safe fixes of `diagnostics` written in (those without a
/// `fix` are left alone; of two overlapping fixes the first is kept).
#[pyfunction]
fn apply_fixes(text: &str, diagnostics: &Bound<'_, PyAny>) -> PyResult<String> {
    let mut spans = Vec::new();
    let mut fixes = Vec::new();
    for item in diagnostics.try_iter()? {
        let item = item?;
        let diagnostic = item.cast::<Diagnostic>()?.get();
        if let Some((start, end, fix)) = diagnostic.replacement() {
            spans.extend([start, end]);
            fixes.push(fix.to_string());
        }
    }
    let bytes = offsets::to_bytes(text, &spans);
    let mut replacements = Vec::with_capacity(fixes.len());
    for (span, fix) in bytes.chunks_exact(2).zip(&fixes) {
        let (Some(start), Some(end)) = (span[0], span[1]) else {
            return Err(PyValueError::new_err(
                "a diagnostic's span lies past the end of the text: pass the text it was found in",
            ));
        };
        replacements.push((start..end, fix.as_str()));
    }
    Ok(tactful::apply_fixes(text, replacements).text)
}

/// Lints customer-service replies: finds the phrasing that loses customers and
/// suggests an empathetic rewrite.
#[pymodule]
mod _tactful {
    #[pymodule_export]
    use super::{Diagnostic, Linter, apply_fixes, check};
}

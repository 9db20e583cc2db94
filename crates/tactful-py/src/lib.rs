//! tactful from Python: the module `tactful` (built by maturin as
//! `tactful._tactful` and re-exported by the package's `__init__.py`).
//!
//! The engine works in UTF-8 byte offsets; everything handed to Python is in
//! string indices (code points), so `text[d.start:d.end] == d.matched`. The GIL
//! is released while a text is checked, so a threaded bot checks replies in
//! parallel.

mod config;
mod diagnostic;
mod offsets;

use std::sync::Arc;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use tactful::Format;

use config::ConfigError;
use diagnostic::Diagnostic;

/// Checks `text` with `linter`, without holding the GIL.
fn run(py: Python<'_>, linter: &tactful::Linter, text: &str, format: &str) -> PyResult<Vec<Diagnostic>> {
    let format: Format = format.parse().map_err(PyValueError::new_err)?;
    Ok(py.detach(|| diagnostic::from_engine(text, linter.check(text, format))))
}

/// A compiled rule pack: build it once, then check many replies with it.
#[pyclass(frozen, module = "tactful")]
struct Linter {
    inner: Arc<tactful::Linter>,
}

#[pymethods]
impl Linter {
    #[new]
    #[pyo3(signature = (config = None))]
    fn new(py: Python<'_>, config: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        Ok(Linter {
            inner: config::linter(py, config)?,
        })
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

/// The problems in `text`, in order of position. A `config` is compiled for
/// this call only: a `Linter` keeps it.
#[pyfunction]
#[pyo3(signature = (text, config = None, format = "plain"))]
fn check(
    py: Python<'_>,
    text: &str,
    config: Option<&Bound<'_, PyAny>>,
    format: &str,
) -> PyResult<Vec<Diagnostic>> {
    let linter = config::linter(py, config)?;
    run(py, &linter, text, format)
}

/// `text` with the safe fixes of `diagnostics` written in (those without a
/// `fix` are left alone; of two overlapping fixes the first is kept).
#[pyfunction]
fn apply_fixes(text: &str, diagnostics: &Bound<'_, PyAny>) -> PyResult<String> {
    let mut fixes = Vec::new();
    for item in diagnostics.try_iter()? {
        let item = item?;
        if let Some((start, end, fix)) = item.cast::<Diagnostic>()?.get().replacement() {
            fixes.push((start, end, fix.to_string()));
        }
    }
    let chars: Vec<usize> = fixes.iter().flat_map(|&(start, end, _)| [start, end]).collect();
    let bytes = offsets::to_bytes(text, &chars);
    let mut replacements = Vec::with_capacity(fixes.len());
    for (span, (_, _, fix)) in bytes.chunks_exact(2).zip(&fixes) {
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
    use super::{ConfigError, Diagnostic, Linter, apply_fixes, check};
}

//! `tactful.Diagnostic`: one finding, with the fields of the CLI's JSON
//! diagnostics but its offsets in Python string indices.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use tactful::LineIndex;

use crate::offsets;

/// One problem found in a reply. `text[start:end] == matched`.
#[pyclass(frozen, eq, hash, get_all, module = "tactful")]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    rule: String,
    category: String,
    severity: String,
    message: String,
    /// Code-point index where the finding starts.
    start: usize,
    /// Code-point index just past the finding.
    end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    matched: String,
    suggestions: Vec<String>,
    fix: Option<String>,
}

#[pymethods]
impl Diagnostic {
    /// `(start, end)` in string indices.
    #[getter]
    fn span(&self) -> (usize, usize) {
        (self.start, self.end)
    }

    /// The diagnostic as the CLI's JSON writes it (`span` as `{"start", "end"}`,
    /// `fix` only when there is one), with string indices for offsets.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("rule", &self.rule)?;
        dict.set_item("category", &self.category)?;
        dict.set_item("severity", &self.severity)?;
        dict.set_item("message", &self.message)?;
        let span = PyDict::new(py);
        span.set_item("start", self.start)?;
        span.set_item("end", self.end)?;
        dict.set_item("span", span)?;
        dict.set_item("line", self.line)?;
        dict.set_item("column", self.column)?;
        dict.set_item("end_line", self.end_line)?;
        dict.set_item("end_column", self.end_column)?;
        dict.set_item("matched", &self.matched)?;
        dict.set_item("suggestions", &self.suggestions)?;
        if let Some(fix) = &self.fix {
            dict.set_item("fix", fix)?;
        }
        Ok(dict)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let repr = |s: &str| PyString::new(py, s).repr().map(|r| r.to_string());
        Ok(format!(
            "Diagnostic(rule={}, severity={}, span=({}, {}), matched={})",
            repr(&self.rule)?,
            repr(&self.severity)?,
            self.start,
            self.end,
            repr(&self.matched)?,
        ))
    }
}

impl Diagnostic {
    /// The replacement `apply_fixes` writes: `(start, end, fix)` in string
    /// indices, when the diagnostic has a safe fix.
    pub fn replacement(&self) -> Option<(usize, usize, &str)> {
        Some((self.start, self.end, self.fix.as_deref()?))
    }
}

/// The engine's findings in `text` as Python diagnostics.
pub fn from_engine(text: &str, found: Vec<tactful::Diagnostic>) -> Vec<Diagnostic> {
    let bytes: Vec<usize> = found.iter().flat_map(|d| [d.span.start, d.span.end]).collect();
    let chars = offsets::to_chars(text, &bytes);
    let index = LineIndex::new(text);
    found
        .into_iter()
        .zip(chars.chunks_exact(2))
        .map(|(d, span)| {
            let [start, end] =
                [span[0], span[1]].map(|c| c.expect("the engine's spans lie on character boundaries"));
            let at = index.line_column(d.span.start);
            let to = index.line_column(d.span.end);
            Diagnostic {
                rule: d.rule.to_string(),
                category: d.category.as_str().to_string(),
                severity: d.severity.as_str().to_string(),
                message: d.message.to_string(),
                start,
                end,
                line: at.line,
                column: at.column,
                end_line: to.line,
                end_column: to.column,
                matched: d.matched,
                suggestions: d.suggestions.to_vec(),
                fix: d.fix,
            }
        })
        .collect()
}

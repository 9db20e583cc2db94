//! The `config` argument: a tactful.toml given as its text (`str`) or as a path
//! (`os.PathLike`), compiled into a linter.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyString;

create_exception!(
    tactful,
    ConfigError,
    PyValueError,
    "A configuration tactful cannot use; `line` and `column` (1-based) say where."
);

/// The default rule pack, compiled on first use and shared by every check
/// that names no configuration.
fn default_linter() -> Arc<tactful::Linter> {
    static DEFAULT: OnceLock<Arc<tactful::Linter>> = OnceLock::new();
    DEFAULT
        .get_or_init(|| Arc::new(tactful::Linter::default_pack()))
        .clone()
}

/// The linter `config` asks for: the default pack for `None`, else the pack
/// with the configuration's selection, severities and phrases. Compiled
/// without holding the GIL.
pub fn linter(py: Python<'_>, config: Option<&Bound<'_, PyAny>>) -> PyResult<Arc<tactful::Linter>> {
    let Some(config) = config else {
        return Ok(py.detach(default_linter));
    };
    let (text, path) = read(config)?;
    let compiled =
        py.detach(|| tactful::Config::from_toml(&text).and_then(|c| tactful::Linter::with_config(&c)));
    compiled
        .map(Arc::new)
        .map_err(|e| config_error(py, &e, &text, path.as_deref()))
}

/// The configuration's text, and the file it was read from.
fn read(config: &Bound<'_, PyAny>) -> PyResult<(String, Option<PathBuf>)> {
    if let Ok(text) = config.cast::<PyString>() {
        return Ok((text.to_str()?.to_owned(), None));
    }
    let Ok(path) = config.extract::<PathBuf>() else {
        return Err(PyTypeError::new_err(format!(
            "config must be TOML text (str) or a path (os.PathLike), not {}",
            config.get_type().name()?
        )));
    };
    // An unreadable file raises the OSError Python would (FileNotFoundError…).
    let text = std::fs::read_to_string(&path)?;
    Ok((text, Some(path)))
}

/// `ConfigError` with `path:line:column: message` (no path for a text), and
/// `line` and `column` as attributes for an editor to jump to.
fn config_error(py: Python<'_>, e: &tactful::ConfigError, text: &str, path: Option<&Path>) -> PyErr {
    let mut message = match path {
        Some(path) => format!("{}:{e}", path.display()),
        None => e.to_string(),
    };
    if path.is_none() && looks_like_a_path(text) {
        message.push_str(" (to read a file, pass a pathlib.Path, not a str)");
    }
    let err = ConfigError::new_err(message);
    let value = err.value(py);
    let located = value
        .setattr("line", e.line)
        .and_then(|()| value.setattr("column", e.column));
    located.err().unwrap_or(err)
}

/// Whether a configuration text is more likely a file name: `config=
/// "tactful.toml"` is an easy slip, and TOML's own error would not say so.
fn looks_like_a_path(text: &str) -> bool {
    !text.contains(['\n', '=']) && text.trim_end().ends_with(".toml")
}

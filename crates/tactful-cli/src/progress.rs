//! Progress on long runs: a counter on standard error, only for people.
//!
//! It shows only when standard error is a terminal and the run is long enough
//! to wonder about, so scripts and CI logs never see it.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Fewer inputs than this finish before anyone would look.
const MIN_INPUTS: usize = 500;
/// Redraw every this many inputs.
const STEP: usize = 100;

pub struct Progress {
    total: usize,
    done: AtomicUsize,
    shown: bool,
}

impl Progress {
    pub fn new(total: usize) -> Self {
        Self {
            total,
            done: AtomicUsize::new(0),
            shown: total >= MIN_INPUTS && std::io::stderr().is_terminal(),
        }
    }

    /// Counts one finished input; safe from any thread.
    pub fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if self.shown && done % STEP == 0 {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\rtactful: checked {done} of {} files", self.total);
            let _ = err.flush();
        }
    }
}

impl Drop for Progress {
    /// Clears the counter's line so the report starts on a clean one.
    fn drop(&mut self) {
        if self.shown {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
}

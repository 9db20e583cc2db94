//! Human output: each finding as an annotated snippet, then a summary line.

use std::io::Write;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use rayon::prelude::*;
use tactful::{LineIndex, Severity};

use crate::baseline::Known;
use crate::inputs::{Checked, CheckedFile, Finding, Tally};
use crate::json::Summary;

/// Writes the report, checking a pending file as its findings are written;
/// returns its tally.
pub fn write(
    out: &mut impl Write,
    checked: &Checked,
    color: bool,
    known: Option<&Known>,
) -> std::io::Result<Option<Tally>> {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut streamed = None;
    match checked.files.as_slice() {
        // One file may be pending: its findings are found as they are
        // written, never all held.
        [file] => streamed = write_file(out, file, known, &renderer)?,
        // The findings of several files are held. Rendering them costs about
        // a tenth of a run over many small files, which this thread did
        // alone after the checks: files are rendered on the thread pool, a
        // batch at a time, and written in order.
        files => {
            for batch in files.chunks(RENDER_BATCH) {
                let rendered = batch
                    .par_iter()
                    .map(|file| {
                        let mut text = Vec::new();
                        let tally = write_file(&mut text, file, known, &renderer)?;
                        Ok((text, tally))
                    })
                    .collect::<std::io::Result<Vec<_>>>()?;
                for (text, tally) in rendered {
                    out.write_all(&text)?;
                    streamed = streamed.or(tally);
                }
            }
        }
    }
    let s = Summary::of(checked, streamed.as_ref());
    let found = s.errors + s.warnings + s.infos;
    let files = plural(s.files, "file");
    if found == 0 {
        writeln!(out, "No problems found in {files}.")?;
    } else {
        let counts = [(s.errors, "error"), (s.warnings, "warning"), (s.infos, "info")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| plural(n, what))
            .collect::<Vec<_>>()
            .join(", ");
        writeln!(out, "Found {} ({counts}) in {files}.", plural(found, "problem"))?;
    }
    Ok(streamed)
}

/// How many files are rendered at once: enough to share among threads, few
/// enough that their text held waiting to be written stays small.
const RENDER_BATCH: usize = 256;

/// Writes each finding of `file`; returns the tally of a pending file.
fn write_file(
    out: &mut impl Write,
    file: &CheckedFile,
    known: Option<&Known>,
    renderer: &Renderer,
) -> std::io::Result<Option<Tally>> {
    let index = LineIndex::new(&file.text);
    file.each_finding(known, |f| {
        let report = render(f, file, &index, renderer);
        writeln!(out, "{report}\n")
    })
}

/// Renders one diagnostic over just the lines it spans, so the cost does not
/// grow with the size of the file.
fn render(f: &Finding, file: &CheckedFile, index: &LineIndex<'_>, renderer: &Renderer) -> String {
    let d = &f.diagnostic;
    // The index answers offsets in order from where it last stood, which
    // keeps one long line linear; the end of the span is found from the text.
    let start = index.line_column(d.span.start);
    let first = start.line;
    let mut line_start = index.line_start(first);
    let mut line_end = line_end(
        &file.text,
        d.span.end,
        (line_start + LONG_LINE + 1).max(d.span.end + CONTEXT),
    );
    // On a very long line (a minified export) only the words around the finding
    // are shown: rendering the whole line for each finding would be quadratic.
    // The snippet then starts mid-line, so the place is given on its own.
    let clipped = line_end - line_start > LONG_LINE;
    if clipped {
        line_start = floor_char_boundary(&file.text, d.span.start.saturating_sub(CONTEXT).max(line_start));
        line_end = ceil_char_boundary(&file.text, (d.span.end + CONTEXT).min(line_end));
    }
    let source = &file.text[line_start..line_end];
    let span = d.span.start - line_start..d.span.end - line_start;
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let title = match &f.reply {
        Some(reply) => format!("{} (in \u{201c}{reply}\u{201d})", d.message),
        None => d.message.to_string(),
    };
    let snippet = Snippet::source(source)
        .line_start(first)
        .annotation(AnnotationKind::Primary.span(span));
    let title = level.primary_title(title).id(&*d.rule);
    let mut group = match clipped {
        false => title.element(snippet.path(file.path.as_str())),
        true => {
            let origin = Origin::path(file.path.as_str())
                .line(first)
                .char_column(start.column);
            title.element(origin).element(snippet)
        }
    };
    // One rewrite keeps the output scannable; `--format json` and `tactful
    // explain` list them all.
    if let Some(suggestion) = d.suggestions.first() {
        group = group.element(Level::HELP.message(format!("try: {suggestion}")));
    }
    if let Some(fix) = &f.fix {
        group = group
            .element(Level::NOTE.message(format!("safe fix: \u{201c}{fix}\u{201d} (`--fix` applies it)")));
    }
    let report: [Group<'_>; 1] = [group];
    renderer.render(&report)
}

/// Lines longer than this (in bytes) are shown clipped to [`CONTEXT`] bytes
/// either side of the finding.
const LONG_LINE: usize = 10_000;
const CONTEXT: usize = 80;

/// Where the line holding byte `from` ends (before its line break and any
/// `\r`), or `limit` when the line goes on that far: one enormous line would
/// otherwise be read to its end for each of its findings, which is quadratic.
/// What the caller shows of a line longer than [`LONG_LINE`] ends before
/// `limit`, so it need not know where such a line ends.
fn line_end(text: &str, from: usize, limit: usize) -> usize {
    let limit = limit.min(text.len());
    match memchr::memchr(b'\n', &text.as_bytes()[from..limit]) {
        Some(i) => from + text[from..from + i].trim_end_matches('\r').len(),
        None if limit == text.len() => from + text[from..].trim_end_matches('\r').len(),
        None => limit,
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// `1 file`, `2 files`, `3 fixes`.
pub fn plural(n: usize, what: &str) -> String {
    match n {
        1 => format!("1 {what}"),
        _ if what.ends_with(['s', 'x']) => format!("{n} {what}es"),
        _ => format!("{n} {what}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_end_is_looked_for_no_further_than_the_limit() {
        let text = "one line\r\r\ntwo\nthree";
        assert_eq!(line_end(text, 2, 100), 8, "before the line break and its `\\r`s");
        assert_eq!(
            line_end(text, 9, 100),
            9,
            "inside the `\\r`s, not before the start"
        );
        assert_eq!(line_end(text, 12, 100), 14);
        assert_eq!(line_end(text, 16, 100), text.len(), "the last line ends the text");
        assert_eq!(line_end(text, 2, 5), 5, "the line goes on past the limit");
        assert_eq!(line_end(text, 2, 8), 8, "the limit is where the line ends");
        let long = "word ".repeat(5_000) + "\nnext";
        assert_eq!(line_end(&long, 10, 1_000), 1_000);
        assert_eq!(line_end(&long, 10, 30_000), 25_000);
    }
}

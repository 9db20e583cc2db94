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
    // Start before end: the index answers offsets in order from where it last
    // stood, which keeps one long line linear.
    let start = index.line_column(d.span.start);
    let first = start.line;
    let last = index.line_column(d.span.end).line;
    let mut line_start = index.line_start(first);
    let mut line_end = (index.line_start(last) + index.line_text(last).len()).max(d.span.end);
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
